//! Bounds: deep input is an error, quickly, never a stack overflow.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::{Dialect, analyze};

fn catalog() -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([("t".to_string(), vec!["a".to_string(), "b".to_string()])])
}

fn assert_quick_error(sql: &str, needle: &str) {
    for dialect in [Dialect::Duckdb, Dialect::Snowflake] {
        let start = Instant::now();
        let err = analyze(sql, dialect, &catalog()).unwrap_err();
        assert!(
            err.message.contains(needle),
            "{dialect:?}: unexpected error {err}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{dialect:?}: took {:?}",
            start.elapsed()
        );
    }
}

const LEVELS: usize = 10_000;

#[test]
fn ten_thousand_nested_parentheses_are_an_error() {
    let sql = format!(
        "SELECT {}a{} FROM t",
        "(".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    assert_quick_error(&sql, "nests too deeply");
}

#[test]
fn ten_thousand_nested_subqueries_are_an_error() {
    let sql = format!(
        "{}SELECT a FROM t{}",
        "SELECT * FROM (".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    assert_quick_error(&sql, "nests too deeply");
}

#[test]
fn ten_thousand_nested_scalar_subqueries_are_an_error() {
    let sql = format!(
        "SELECT {}a{} FROM t",
        "(SELECT ".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    assert_quick_error(&sql, "nests too deeply");
}

#[test]
fn ten_thousand_nested_function_calls_are_an_error() {
    let sql = format!(
        "SELECT {}a{} FROM t",
        "abs(".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    assert_quick_error(&sql, "nests too deeply");
}

#[test]
fn a_flat_chain_of_ten_thousand_operators_is_an_error_not_an_overflow() {
    // The parser builds this left-deep without recursing, so only the walk's
    // own depth counter stands between it and the stack.
    let sql = format!("SELECT a{} FROM t", " + a".repeat(LEVELS));
    assert_quick_error(&sql, "nests too deeply");
}

#[test]
fn ten_thousand_unions_are_an_error_not_an_overflow() {
    let sql = vec!["SELECT a FROM t"; LEVELS].join(" UNION ALL ");
    assert_quick_error(&sql, "nests too deeply");
}

#[test]
fn ten_thousand_nested_ctes_are_an_error() {
    let sql = format!(
        "SELECT a FROM ({}SELECT a FROM t{})",
        "WITH c AS (".repeat(LEVELS),
        ") SELECT a FROM c".repeat(LEVELS)
    );
    assert_quick_error(&sql, "nests too deeply");
}

#[test]
fn moderate_nesting_still_works() {
    let sql = format!("SELECT {}a{} AS x FROM t", "(".repeat(20), ")".repeat(20));
    let a = analyze(&sql, Dialect::Duckdb, &catalog()).unwrap();
    assert_eq!(a.columns[0].name, "x");
    assert_eq!(a.columns[0].transform, super::Transform::Direct);
}

#[test]
fn serializes_to_the_documented_json_shape() {
    let a = analyze(
        "SELECT a AS x, sum(b) AS s FROM t WHERE a > 0 GROUP BY a",
        Dialect::Duckdb,
        &catalog(),
    )
    .unwrap();
    let json = serde_json::to_value(&a.columns).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"name": "x", "sources": [{"relation": "t", "column": "a"}],
             "transform": "direct", "influenced_by": []},
            {"name": "s", "sources": [{"relation": "t", "column": "b"}],
             "transform": "aggregate", "influenced_by": [{"relation": "t", "column": "a"}]},
        ])
    );
}

#[test]
fn long_but_legitimate_chains_still_work() {
    // Just under the chain limit: the walk and the drop stay on the stack.
    let ors = vec!["a = 1"; 35].join(" OR ");
    let sql = format!("SELECT b FROM t WHERE {ors}");
    let a = analyze(&sql, Dialect::Snowflake, &catalog()).unwrap();
    assert_eq!(a.columns[0].influenced_by.len(), 1);
}

#[test]
fn long_but_legitimate_operator_chains_still_work() {
    const N: usize = 70;
    let sql = format!("SELECT a{} AS s FROM t", " + b".repeat(N));
    let a = analyze(&sql, Dialect::Duckdb, &catalog()).unwrap();
    assert_eq!(a.columns[0].sources.len(), 2);
}

#[test]
fn long_but_legitimate_union_chains_still_work() {
    let sql = vec!["SELECT a FROM t"; 70].join(" UNION ALL ");
    let a = analyze(&sql, Dialect::Duckdb, &catalog()).unwrap();
    assert_eq!(a.columns.len(), 1);
}
