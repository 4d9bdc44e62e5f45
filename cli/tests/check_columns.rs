//! `strata check` reports the column rules, which need the design's lineage.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::process::Command;

fn check(fixture: &str, format: &str) -> std::process::Output {
    let path = format!(
        "{}/../core/tests/data/rules/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["check", &path, "--format", format])
        .output()
        .unwrap()
}

#[test]
fn check_reports_a_column_its_input_does_not_produce() {
    let output = check("C001_fires.json", "text");
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with("error[C001] unknown-column: ana_order_total "),
        "{text}"
    );
    assert!(text.contains("did you mean amount?"), "{text}");
    assert!(
        text.contains("--> ana_order_total, vlt_obj_order (parameter `sql`)"),
        "{text}"
    );
}

#[test]
fn check_json_has_column_findings_with_their_parameter() {
    let output = check("C003_fires.json", "json");
    // C003 is a warning: the design has no errors.
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["param"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("C003", "columns[2]"), ("C003", "inputs[1]")]);
}
