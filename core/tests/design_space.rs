//! The design space: what the data and the planned objects make possible.
//! The café example, taken back to its raw tables and planned customer,
//! gets back its standardize models and its customer in the vault, with
//! the parameters the hand-written example has; applying every proposal
//! leaves a design the rules accept.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::fmt::Write;

use serde_json::json;
use strata_core::design::Cardinality;
use strata_core::design::Design;
use strata_core::edit::{self, Proposal, apply_proposal, delete};
use strata_core::rules::{self, Severity};
use strata_core::{examples, render};

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

fn describe(proposals: &[Proposal]) -> String {
    let mut out = String::new();
    for p in proposals {
        let needs: Vec<&str> = p.needs().collect();
        let _ = writeln!(
            out,
            "{} {} {}: {}{}",
            p.layer.code(),
            p.template.name(),
            p.name,
            p.reason,
            if needs.is_empty() {
                String::new()
            } else {
                format!(" [needs {}]", needs.join(", "))
            }
        );
    }
    out
}

/// The café without models: its raw tables and its planned customer.
fn bare_cafe() -> Design {
    let mut bare = cafe();
    let models: Vec<String> = bare.models.iter().map(|m| m.name.clone()).collect();
    delete(&mut bare, &models).unwrap();
    assert!(bare.models.is_empty());
    bare
}

fn proposal<'a>(space: &'a [Proposal], name: &str) -> &'a Proposal {
    space
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} is not proposed: {}", describe(space)))
}

#[test]
fn the_cafe_taken_back_to_raw_tables_and_objects_shows_its_whole_space() {
    let full = cafe();
    let mut bare = bare_cafe();
    let space = design_space(&bare);
    insta::assert_snapshot!(describe(&space));
    // Layer by layer, so applying in order never needs anything twice.
    let layers: Vec<u8> = space.iter().map(|p| p.layer.order()).collect();
    assert!(layers.is_sorted(), "{layers:?}");

    // The analytic object at the top pulls in what it reads.
    let top = proposal(&space, "ana_customer");
    assert_eq!(
        apply_proposal(&mut bare, top, None).unwrap(),
        "ana_customer"
    );
    for needed in [
        "src_till__customers",
        "src_till__orders",
        "vlt_obj_customer",
        "vlt_evt_order",
    ] {
        assert!(bare.model(needed).is_some(), "{needed} added first");
    }
    assert!(
        bare.model("src_till__payments").is_none(),
        "only what it needs"
    );

    // The rest of the map, in order, skipping what is already there.
    for p in &space {
        if bare.model(&p.name).is_none() {
            assert_eq!(apply_proposal(&mut bare, p, None).unwrap(), p.name);
        }
    }

    // The proposals fill in what the hand-written example says.
    let same = |model: &str, params: &[&str]| {
        let (proposed, written) = (bare.model(model).unwrap(), full.model(model).unwrap());
        for param in params {
            assert_eq!(
                proposed.params.get(*param),
                written.params.get(*param),
                "{model}.{param}"
            );
        }
    };
    same(
        "vlt_obj_customer",
        &["object", "business_key", "input", "effective_from"],
    );
    for event in ["vlt_evt_order", "vlt_evt_payment"] {
        same(
            event,
            &["input", "event_key", "event_time", "objects", "measures"],
        );
        let sorted = |m: &str| {
            let mut a: Vec<String> = bare.model(m).unwrap().params["attributes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            a.sort();
            a
        };
        let mut written: Vec<String> = full.model(event).unwrap().params["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        written.sort();
        assert_eq!(sorted(event), written, "{event}.attributes");
    }
    same("ana_customer", &["events"]);
    same("ain_customer__payments_monthly", &["events", "object"]);
    for a in full.model("vlt_obj_customer").unwrap().params["attributes"]
        .as_array()
        .unwrap()
    {
        assert!(
            bare.model("vlt_obj_customer").unwrap().params["attributes"]
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

#[test]
fn a_planned_relationship_is_proposed_as_a_link_with_its_object() {
    let mut cafe = cafe();
    edit::add_object(&mut cafe, "order", "order_id").unwrap();
    edit::relate_objects(&mut cafe, "order", "customer", Cardinality::ManyToOne, "").unwrap();
    let space = design_space(&cafe);
    insta::assert_snapshot!(describe(&space));
    let link = proposal(&space, "vlt_rel_order__customer");
    assert_eq!(link.needs().collect::<Vec<_>>(), Vec::<&str>::new());
    apply_proposal(&mut cafe, link, None).unwrap();
    let model = cafe.model("vlt_rel_order__customer").unwrap();
    for (param, value) in [
        ("input", json!("src_till__orders")),
        ("from_object", json!("order")),
        ("from_key", json!(["order_id"])),
        ("to_object", json!("customer")),
        ("to_key", json!(["customer_id"])),
        ("effective_from", json!("ordered_at")),
    ] {
        assert_eq!(model.params.get(param), Some(&value), "{param}");
    }
    // An event tying both objects links them already: no second link.
    let mut tied = cafe.clone();
    delete(&mut tied, &["vlt_rel_order__customer".to_owned()]).unwrap();
    edit::set_param(
        &mut tied,
        "vlt_evt_order",
        "objects",
        Some(json!([
            {"object": "customer", "key": ["customer_id"]},
            {"object": "order", "key": ["order_id"]}
        ])),
    )
    .unwrap();
    assert!(
        design_space(&tied)
            .iter()
            .all(|p| p.template != strata_core::template::TemplateKind::Relationship)
    );
}
