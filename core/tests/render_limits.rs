//! Hostile Jinja in `custom_sql` gets a clear error, never a hang, a stack
//! overflow or a panic: work is bounded by fuel, macro recursion and nesting
//! by limits, and output by a size cap.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;
use std::time::Instant;

use strata_core::design::{Design, Model};
use strata_core::render::{RenderError, Renderer, Target, design_columns};
use strata_core::{Layer, TemplateKind};

fn design_with_sql(sql: &str) -> Design {
    let mut params = BTreeMap::new();
    params.insert("sql".to_owned(), serde_json::Value::from(sql));
    Design {
        name: "hostile".into(),
        models: vec![Model {
            name: "mrt_hostile__sql".into(),
            layer: Layer::Mrt,
            template: TemplateKind::CustomSql,
            description: "Hostile Jinja.".into(),
            materialization: None,
            params,
            tests: Vec::new(),
            columns: BTreeMap::new(),
        }],
        ..Design::default()
    }
}

fn render(sql: &str) -> Result<String, RenderError> {
    let design = design_with_sql(sql);
    let columns = design_columns(&design);
    let started = Instant::now();
    let result = Renderer::new()
        .render(&design, &columns, "mrt_hostile__sql", Target::Duckdb)
        .map(|r| r.compiled);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?} for {}",
        started.elapsed(),
        &sql[..sql.len().min(80)]
    );
    result
}

#[test]
fn endless_loops_run_out_of_fuel() {
    let error =
        render("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}")
            .unwrap_err();
    assert!(matches!(error, RenderError::Limit { .. }), "{error}");
    assert!(error.to_string().contains("too much work"), "{error}");
}

#[test]
fn runaway_recursion_is_stopped() {
    let error =
        render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}select {{ f(0) }}").unwrap_err();
    assert!(matches!(error, RenderError::Limit { .. }), "{error}");
}

#[test]
fn huge_output_is_refused() {
    let error = render("select '{{ 'x' * 3000000 }}'").unwrap_err();
    assert!(matches!(error, RenderError::Limit { .. }), "{error}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [("(", ")"), ("{% if true %}", "{% endif %}"), ("[", "]")] {
        let sql = format!(
            "select {{{{ {}1{} }}}}",
            open.repeat(10_000),
            close.repeat(10_000)
        );
        let sql = if open.starts_with("{%") {
            format!("select {}1{}", open.repeat(10_000), close.repeat(10_000))
        } else {
            sql
        };
        let error = render(&sql).unwrap_err();
        assert!(
            matches!(error, RenderError::Jinja { .. } | RenderError::Limit { .. }),
            "{error}"
        );
    }
}

#[test]
fn syntax_errors_name_the_line() {
    let error = render("select 1\nfrom {{ ref('x' }}").unwrap_err();
    match error {
        RenderError::Jinja { line, .. } => assert_eq!(line, Some(2)),
        other => panic!("expected a Jinja error, got {other}"),
    }
}

#[test]
fn unknown_refs_and_undefined_names_are_clear() {
    let error = render("select * from {{ ref('nowhere') }}").unwrap_err();
    assert!(
        error.to_string().contains("no model named `nowhere`"),
        "{error}"
    );
    let error = render("select {{ not_a_macro() }}").unwrap_err();
    assert!(matches!(error, RenderError::Jinja { .. }), "{error}");
    let error = render("select {{ var('region') }}").unwrap_err();
    assert!(
        error.to_string().contains("var('region') is not defined"),
        "{error}"
    );
}
