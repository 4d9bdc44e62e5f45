//! The phase tracker: the gates of the method computed from a design and
//! the evidence the workbench has gathered. Snapshots show each checklist;
//! the assertions pin what evidence opens and closes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::fmt::Write;

use strata_core::design::Design;
use strata_core::phases::{self, Evidence, Gate, Phase};
use strata_core::{examples, rules};

fn render(gates: &[Gate]) -> String {
    let mut out = String::new();
    for gate in gates {
        let _ = writeln!(
            out,
            "{} [{}]",
            gate.phase.name(),
            if gate.passed() { "passed" } else { "open" }
        );
        for c in &gate.checks {
            let _ = writeln!(
                out,
                "  [{}] {}: {}",
                if c.done { "x" } else { " " },
                c.label,
                c.detail
            );
        }
    }
    out
}

fn gates(design: &Design, evidence: &Evidence) -> Vec<Gate> {
    phases::assess(design, &rules::check(design), evidence)
}

fn everything_seen(design: &Design) -> Evidence {
    Evidence {
        profiled: design
            .raw_tables()
            .map(|(s, t)| format!("{}.{}", s.system, t.name))
            .collect(),
        built: Some((design.models.len(), design.models.len())),
        tests: Some((70, 70)),
        quality: Some((Some(0.999), Some(0.97), 0)),
    }
}

#[test]
fn a_new_design_has_every_gate_open() {
    let gates = gates(&Design::default(), &Evidence::default());
    assert_eq!(
        gates.iter().map(|g| g.phase).collect::<Vec<_>>(),
        Phase::ALL
    );
    assert!(gates.iter().all(|g| !g.passed()));
    insta::assert_snapshot!(render(&gates));
}

#[test]
fn the_cafe_example_before_anything_ran() {
    let design = examples::example("cafe").unwrap().design().unwrap();
    insta::assert_snapshot!(render(&gates(&design, &Evidence::default())));
}

#[test]
fn retail_with_everything_seen_passes_every_gate_but_what_the_design_lacks() {
    let design = examples::example("retail").unwrap().design().unwrap();
    let seen = gates(&design, &everything_seen(&design));
    insta::assert_snapshot!(render(&seen));
    let passed: Vec<Phase> = seen
        .iter()
        .filter(|g| g.passed())
        .map(|g| g.phase)
        .collect();
    assert!(
        passed.contains(&Phase::Discover) && passed.contains(&Phase::Build),
        "{passed:?}"
    );
}

#[test]
fn evidence_opens_and_closes_checks() {
    let design = examples::example("cafe").unwrap().design().unwrap();
    let mut evidence = everything_seen(&design);
    let done = |gates: &[Gate], label: &str| {
        gates
            .iter()
            .flat_map(|g| &g.checks)
            .find(|c| c.label == label)
            .unwrap()
            .done
    };
    assert!(done(&gates(&design, &evidence), "Raw tables profiled"));
    evidence.profiled.pop_first();
    assert!(!done(&gates(&design, &evidence), "Raw tables profiled"));
    evidence.tests = Some((69, 70));
    assert!(!done(&gates(&design, &evidence), "Data tests pass"));
    evidence.quality = Some((Some(0.98), None, 0));
    assert!(!done(&gates(&design, &evidence), "Quality targets met"));
    evidence.quality = Some((Some(0.995), None, 0));
    assert!(done(&gates(&design, &evidence), "Quality targets met"));
    evidence.built = Some((10, 11));
    assert!(!done(&gates(&design, &evidence), "Every model builds"));
}
