//! The design space: what the data and the planned objects make possible.
//! The café example, taken back to its raw tables and planned customer,
//! gets back its standardize models and its customer in the vault, with
//! the parameters the hand-written example has; applying every proposal
//! leaves a design the rules accept.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::fmt::Write;

use strata_core::design::Design;
use strata_core::edit::{Proposal, apply_proposal, delete};
use strata_core::rules::{self, Severity};
use strata_core::{Layer, examples, render};

fn design_space(design: &Design) -> Vec<Proposal> {
    strata_core::edit::design_space(design, &render::design_columns(design))
}

fn cafe() -> Design {
    examples::example("cafe").unwrap().design().unwrap()
}

#[test]
fn a_complete_design_has_nothing_left_to_propose() {
    assert!(design_space(&cafe()).is_empty());
    assert!(design_space(&examples::example("retail").unwrap().design().unwrap()).is_empty());
    assert!(design_space(&Design::default()).is_empty());
}

#[test]
fn the_cafe_taken_back_to_raw_tables_and_objects_is_proposed_again() {
    let full = cafe();
    let mut bare = full.clone();
    // Keep only the raw tables and the planned objects.
    let models: Vec<String> = bare.models.iter().map(|m| m.name.clone()).collect();
    delete(&mut bare, &models).unwrap();
    assert!(bare.models.is_empty());

    let first = design_space(&bare);
    let mut out = String::new();
    for p in &first {
        let _ = writeln!(
            out,
            "{} {} {}: {}",
            p.layer.code(),
            p.template.name(),
            p.name,
            p.reason
        );
    }
    insta::assert_snapshot!(out);
    assert!(
        first.iter().all(|p| p.layer == Layer::Src),
        "the vault needs SRC models first"
    );

    // Apply the SRC proposals; the customer can now be proposed.
    for p in &first {
        apply_proposal(&mut bare, p, None).unwrap();
    }
    let second = design_space(&bare);
    assert_eq!(second.len(), 1, "{second:?}");
    let name = apply_proposal(&mut bare, &second[0], None).unwrap();
    assert_eq!(name, "vlt_obj_customer");

    // The proposal fills in what the hand-written example says.
    let proposed = bare.model("vlt_obj_customer").unwrap();
    let written = full.model("vlt_obj_customer").unwrap();
    for param in ["object", "business_key", "input", "effective_from"] {
        assert_eq!(
            proposed.params.get(param),
            written.params.get(param),
            "{param}"
        );
    }
    for a in written.params["attributes"].as_array().unwrap() {
        assert!(
            proposed.params["attributes"]
                .as_array()
                .unwrap()
                .contains(a),
            "{a}"
        );
    }
    for src in [
        "src_till__customers",
        "src_till__orders",
        "src_till__payments",
    ] {
        assert_eq!(
            bare.model(src).unwrap().params.get("primary_key"),
            full.model(src).unwrap().params.get("primary_key"),
            "{src} keyed like the example"
        );
    }
    let report = rules::check(&bare);
    assert_eq!(report.count(Severity::Error), 0, "{:?}", report.diagnostics);
    assert!(design_space(&bare).is_empty());
}
