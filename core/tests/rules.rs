//! Rule fixtures: `data/rules/<CODE>_fires*.json` must make rule CODE fire,
//! `<CODE>_silent*.json` must keep it quiet. Every fixture's whole report is
//! snapshotted, so a rule that starts firing elsewhere shows up in review.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::fmt::Write;
use std::path::Path;

use strata_core::document;
use strata_core::rules::{self, Report};

#[test]
fn rule_fixtures() {
    insta::glob!("data/rules/*.json", |path| {
        let report = check_file(path);
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let (code, expectation) = stem.split_once('_').unwrap();
        assert!(
            rules::rule(code).is_some(),
            "{stem}: no rule has the code {code}"
        );
        let hits = report.diagnostics.iter().filter(|d| d.code == code).count();
        if expectation.starts_with("fires") {
            assert!(hits > 0, "{stem}: {code} should fire\n{}", render(&report));
        } else if expectation.starts_with("silent") {
            assert_eq!(
                hits,
                0,
                "{stem}: {code} should stay silent\n{}",
                render(&report)
            );
        } else {
            panic!("{stem}: name fixtures <CODE>_fires… or <CODE>_silent…");
        }
        insta::assert_snapshot!(render(&report));
    });
}

#[test]
fn every_rule_has_a_firing_and_a_silent_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rules");
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for rule in rules::ALL {
        for kind in ["fires", "silent"] {
            let prefix = format!("{}_{kind}", rule.code);
            assert!(
                names.iter().any(|n| n.starts_with(&prefix)),
                "rule {} has no {prefix}*.json fixture",
                rule.code
            );
        }
    }
}

fn check_file(path: &Path) -> Report {
    let text = std::fs::read_to_string(path).unwrap();
    let design =
        document::load(&text).unwrap_or_else(|e| panic!("{} does not load: {e}", path.display()));
    rules::check(&design)
}

/// A report as lines a reviewer can read.
fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = write!(out, "{} {} [{}] {}", d.severity, d.code, d.rule, d.message);
        if let Some(param) = &d.param {
            let _ = write!(out, " (at {param})");
        }
        let _ = writeln!(out, "\n    models: {}", d.models.join(", "));
    }
    for r in &report.relaxed {
        let _ = writeln!(
            out,
            "relaxed {} [{}]: {:?} instead of {}",
            r.code, r.rule, r.level, r.default
        );
    }
    if out.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    out
}
