//! Documentation export: the Markdown of every example is snapshotted; the
//! HTML is one self-contained file (no script, no external reference) in
//! which no text from the design becomes markup; test results become the
//! quality assessment with the method's figures.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use strata_core::export::docs;
use strata_core::{examples, render, run};

#[test]
fn markdown_of_the_hand_written_examples() {
    for name in ["cafe", "retail"] {
        let design = examples::example(name).unwrap().design().unwrap();
        insta::assert_snapshot!(name, docs::markdown(&design, None));
    }
}

#[test]
fn html_is_self_contained_and_never_turns_design_text_into_markup() {
    let mut design = examples::example("cafe").unwrap().design().unwrap();
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"quoted\"";
    design.description = hostile.to_owned();
    design.models[0].description = hostile.to_owned();
    design.sources[0].tables[0].columns[0].description = hostile.to_owned();
    let html = docs::html(&design, None);
    assert!(html.starts_with("<!doctype html>"));
    // Escaped, the payload is text; as markup it would start with `<`.
    for forbidden in ["<script", "<img", "src=\"http", "href=\"http", "<link"] {
        assert!(!html.contains(forbidden), "{forbidden} in the HTML");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<svg"), "the lineage diagram is inline");
    assert!(html.contains("<h2>Source inventory</h2>"));
    assert!(html.contains("<h2>Data dictionary</h2>"));
    assert!(html.contains("<h2>Business objects</h2>"));
    assert!(html.contains("<h2>Quality assessment</h2>"));
    assert!(html.contains("create table"), "DDL");

    let markdown = docs::markdown(&design, None);
    // Outside code blocks (where Markdown shows text as it is: the DDL's
    // column comments), every `<` from the design is escaped (`\\<`).
    let mut in_code = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            assert!(!line.replace("\\<", "").contains("<script"), "{line}");
        }
    }
    assert!(markdown.contains("\\<script\\>"));
}

#[test]
fn test_results_become_the_quality_assessment() {
    let design = examples::example("cafe").unwrap().design().unwrap();
    let columns = render::design_columns(&design);
    let mut results = Vec::new();
    for model in &design.models {
        for (i, query) in run::test_queries(&design, &columns, model, &model.name)
            .into_iter()
            .enumerate()
        {
            // 1,000 records each; the first test of the first model fails on 25.
            let failing = if results.is_empty() && i == 0 { 25 } else { 0 };
            let outcome = query.outcome(1_000, failing);
            results.push((query, outcome));
        }
    }
    assert!(results.len() > 3);
    let markdown = docs::markdown(&design, Some(&results));
    let passed = results.iter().filter(|(_, o)| o.passed).count();
    assert!(passed < results.len());
    assert!(
        markdown.contains(&format!(
            "| tests passing | {passed} of {} | all |",
            results.len()
        )),
        "{markdown}"
    );
    assert!(markdown.contains("| FAIL | 25 | 1000 |"));
    assert!(!markdown.contains("has not been run"));
}
