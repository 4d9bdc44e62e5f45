//! Bounds: deep input is an error, quickly, never a stack overflow, and
//! long but legitimate input works.
//!
//! WebAssembly gives the app a 1 MiB stack, and an overflow there kills the
//! whole app, so the deep cases run on a thread with a 1 MiB stack. Run
//! them in release too (`cargo test -p strata-core --release --lib
//! lineage::tests`): frames differ between builds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::{
    Analysis, AnalysisError, AnalysisErrorKind, ColumnRef, Dialect, MAX_CHAIN,
    PARSER_RECURSION_LIMIT, Transform, analyze,
};

const DIALECTS: [Dialect; 2] = [Dialect::Duckdb, Dialect::Snowflake];

fn catalog() -> BTreeMap<String, Vec<String>> {
    let cols = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
    BTreeMap::from([
        ("t".to_string(), cols(&["a", "b"])),
        (
            "pos.orders".to_string(),
            cols(&["order_id", "customer_id", "amount"]),
        ),
    ])
}

fn col(relation: &str, column: &str) -> ColumnRef {
    ColumnRef {
        relation: relation.to_string(),
        column: column.to_string(),
    }
}

/// Analyses `sql` in both dialects on a thread with WebAssembly's default
/// stack (1 MiB), quickly; an overflow aborts the test binary.
fn on_wasm_stack(sql: String) -> Vec<Result<Analysis, AnalysisError>> {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            DIALECTS
                .iter()
                .map(|&dialect| {
                    let start = Instant::now();
                    let result = analyze(&sql, dialect, &catalog());
                    assert!(
                        start.elapsed() < Duration::from_secs(2),
                        "{dialect:?}: took {:?}",
                        start.elapsed()
                    );
                    result
                })
                .collect()
        })
        .unwrap()
        .join()
        .unwrap()
}

/// Both dialects refuse `sql` as too deep, at `line:column`, saying so.
fn assert_too_deep(sql: String, line: u64, column: u64) {
    for (result, dialect) in on_wasm_stack(sql).into_iter().zip(DIALECTS) {
        let err = result.unwrap_err();
        assert_eq!(err.kind, AnalysisErrorKind::TooDeep, "{dialect:?}: {err}");
        assert!(
            err.message.contains("nests too deeply"),
            "{dialect:?}: {err}"
        );
        assert_eq!((err.line, err.column), (line, column), "{dialect:?}: {err}");
    }
}

/// Both dialects analyse `sql`.
fn assert_ok(sql: String) -> Analysis {
    let mut results = on_wasm_stack(sql).into_iter();
    let first = results.next().unwrap().unwrap();
    for (result, dialect) in results.zip(&DIALECTS[1..]) {
        assert_eq!(result.unwrap(), first, "{dialect:?}");
    }
    first
}

const LEVELS: usize = 10_000;

/// The column (1-based) of the `n`th (1-based) occurrence of `needle`.
fn column_of(sql: &str, needle: &str, n: usize) -> u64 {
    let (i, _) = sql.match_indices(needle).nth(n - 1).unwrap();
    sql[..i].chars().count() as u64 + 1
}

/// Where nesting is reported: the first parenthesis past half the parser's
/// recursion limit.
fn deep_paren(sql: &str) -> u64 {
    column_of(sql, "(", PARSER_RECURSION_LIMIT / 2 + 1)
}

// (a)
#[test]
fn ten_thousand_nested_parentheses_are_an_error_on_a_wasm_stack() {
    let sql = format!(
        "SELECT {}a{} FROM t",
        "(".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    let at = deep_paren(&sql);
    assert_too_deep(sql, 1, at);
}

// (b)
#[test]
fn ten_thousand_nested_subqueries_are_an_error_on_a_wasm_stack() {
    let sql = format!(
        "{}select * from pos.orders{}",
        "select * from (".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    let at = deep_paren(&sql);
    assert_too_deep(sql, 1, at);
}

#[test]
fn ten_thousand_nested_scalar_subqueries_are_an_error_on_a_wasm_stack() {
    let sql = format!(
        "SELECT {}a{} FROM t",
        "(SELECT ".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    let at = deep_paren(&sql);
    assert_too_deep(sql, 1, at);
}

#[test]
fn ten_thousand_nested_ctes_are_an_error_on_a_wasm_stack() {
    let sql = format!(
        "SELECT a FROM ({}SELECT a FROM t{})",
        "WITH c AS (".repeat(LEVELS),
        ") SELECT a FROM c".repeat(LEVELS)
    );
    let at = deep_paren(&sql);
    assert_too_deep(sql, 1, at);
}

#[test]
fn ten_thousand_nested_joins_are_an_error_on_a_wasm_stack() {
    let sql = format!(
        "SELECT * FROM {}t{}",
        "(t JOIN ".repeat(LEVELS),
        " ON true)".repeat(LEVELS)
    );
    let at = deep_paren(&sql);
    assert_too_deep(sql, 1, at);
}

// (c)
#[test]
fn a_ten_thousand_term_or_chain_is_an_error_on_a_wasm_stack() {
    // Each term adds two operators, `=` then `OR`: with an even limit, the
    // first one past it is an `=`.
    assert_eq!(MAX_CHAIN % 2, 0);
    let ors = vec!["a = 1"; LEVELS].join(" OR ");
    let sql = format!("SELECT b FROM t WHERE {ors}");
    let at = column_of(&sql, "=", MAX_CHAIN / 2 + 1);
    assert_too_deep(sql, 1, at);
}

#[test]
fn an_or_chain_just_under_the_limit_works_on_a_wasm_stack() {
    let terms = MAX_CHAIN / 2 - 10;
    let ors = vec!["a = 1"; terms].join(" OR ");
    let a = assert_ok(format!("SELECT b FROM t WHERE {ors}"));
    assert_eq!(a.columns[0].sources, [col("t", "b")]);
    assert_eq!(a.columns[0].influenced_by, [col("t", "a")]);
}

// (d)
#[test]
fn a_ten_thousand_term_sum_is_an_error_on_a_wasm_stack() {
    let sql = format!("SELECT a{} AS s FROM t", " + b".repeat(LEVELS));
    let at = column_of(&sql, "+", MAX_CHAIN + 1);
    assert_too_deep(sql, 1, at);
}

#[test]
fn a_sum_just_under_the_limit_works_on_a_wasm_stack() {
    let terms = MAX_CHAIN - 10;
    let a = assert_ok(format!("SELECT a{} AS s FROM t", " + b".repeat(terms)));
    assert_eq!(a.columns[0].name, "s");
    assert_eq!(a.columns[0].sources, [col("t", "a"), col("t", "b")]);
    assert_eq!(a.columns[0].transform, Transform::Expression);
}

#[test]
fn a_long_unaliased_sum_is_named_by_its_text() {
    // Too deep for sqlparser's recursive printing: printed in a loop.
    let terms = MAX_CHAIN - 10;
    let a = assert_ok(format!("SELECT (a{}) * 2 FROM t", " + b".repeat(terms)));
    let name = &a.columns[0].name;
    assert!(name.starts_with("(a + b + b"), "{}", &name[..20]);
    assert!(name.ends_with("b + b) * 2"), "{}", &name[name.len() - 20..]);
    assert_eq!(name.len(), "(a) * 2".len() + terms * " + b".len());
}

#[test]
fn a_long_unaliased_expression_that_cannot_be_printed_asks_for_an_alias() {
    // A chain of casts: sqlparser prints it recursively, and it is not a
    // binary operator the loop prints.
    let sql = format!("SELECT a{} FROM t", "::int".repeat(MAX_CHAIN - 10));
    for (result, dialect) in on_wasm_stack(sql).into_iter().zip(DIALECTS) {
        let err = result.unwrap_err();
        assert_eq!(err.kind, AnalysisErrorKind::TooDeep, "{dialect:?}");
        assert!(err.message.contains("give it an alias"), "{err}");
        assert_eq!((err.line, err.column), (1, 8), "{dialect:?}");
    }
    // With an alias it is fine.
    let a = assert_ok(format!(
        "SELECT a{} AS x FROM t",
        "::int".repeat(MAX_CHAIN - 10)
    ));
    assert_eq!(a.columns[0].sources, [col("t", "a")]);
}

// (e)
#[test]
fn two_thousand_union_branches_work_on_a_wasm_stack() {
    let sql = vec!["SELECT a FROM t"; 2_000].join(" UNION ALL ");
    let a = assert_ok(sql);
    assert_eq!(a.columns.len(), 1);
    assert_eq!(a.columns[0].name, "a");
    assert_eq!(a.columns[0].sources, [col("t", "a")]);
    assert_eq!(a.columns[0].transform, Transform::Direct);
}

#[test]
fn ten_thousand_union_branches_are_an_error_on_a_wasm_stack() {
    let sql = vec!["SELECT a FROM t"; LEVELS].join(" UNION ALL ");
    let at = column_of(&sql, "UNION", MAX_CHAIN + 1);
    assert_too_deep(sql, 1, at);
}

// (f)
#[test]
fn ten_thousand_nested_function_calls_are_an_error_on_a_wasm_stack() {
    let sql = format!(
        "SELECT {}a{} FROM t",
        "coalesce(".repeat(LEVELS),
        ")".repeat(LEVELS)
    );
    let at = deep_paren(&sql);
    assert_too_deep(sql, 1, at);
}

#[test]
fn ten_thousand_nested_cases_are_an_error_on_a_wasm_stack() {
    let sql = format!(
        "SELECT {}a{} FROM t",
        "CASE WHEN a = 1 THEN ".repeat(LEVELS),
        " END".repeat(LEVELS)
    );
    let at = column_of(&sql, "CASE", PARSER_RECURSION_LIMIT / 2 + 1);
    assert_too_deep(sql, 1, at);
}

/// Chains that hide from a naive count, and operators that chain without
/// the parser's recursion limit noticing: each is refused or analysed,
/// never an overflow.
#[test]
fn every_kind_of_long_chain_is_bounded_on_a_wasm_stack() {
    let chains = [
        // Keywords in the middle of one chain.
        format!(
            "SELECT a{} AS x FROM t",
            " IS DISTINCT FROM a".repeat(LEVELS)
        ),
        // `end` is a column here, not the end of a CASE; the commas are
        // inside the call.
        format!(
            "SELECT a{} AS x FROM t",
            " + coalesce(end, 1)".repeat(LEVELS)
        ),
        format!("SELECT a{} AS x FROM t", " NOTNULL".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", " IS NULL".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", "::int".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", " COLLATE \"C\"".repeat(LEVELS)),
        format!(
            "SELECT a{} AS x FROM t",
            " AT TIME ZONE 'UTC'".repeat(LEVELS)
        ),
        format!("SELECT a{} AS x FROM t", " -> 'k'".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", " IN (1)".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", " BETWEEN 1 AND 2".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", " LIKE 'x'".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", "[1]".repeat(LEVELS)),
        format!("SELECT {}a AS x FROM t", "NOT ".repeat(LEVELS)),
        format!("SELECT {}a AS x FROM t", "- ".repeat(LEVELS)),
        format!("SELECT a{} AS x FROM t", " || (b)".repeat(LEVELS)),
        format!(
            "SELECT a AS x FROM t{}",
            " INTERSECT SELECT a FROM t".repeat(LEVELS)
        ),
    ];
    for sql in chains {
        for (result, dialect) in on_wasm_stack(sql.clone()).into_iter().zip(DIALECTS) {
            if let Err(err) = result {
                assert!(
                    matches!(
                        err.kind,
                        AnalysisErrorKind::TooDeep | AnalysisErrorKind::Syntax
                    ),
                    "{dialect:?} {}…: {err}",
                    &sql[..40]
                );
            }
        }
    }
    // The disguised chain in particular is seen for what it is.
    let sql = format!(
        "SELECT a{} AS x FROM t",
        " + coalesce(end, 1)".repeat(LEVELS)
    );
    for (result, dialect) in on_wasm_stack(sql).into_iter().zip(DIALECTS) {
        assert_eq!(
            result.unwrap_err().kind,
            AnalysisErrorKind::TooDeep,
            "{dialect:?}"
        );
    }
}

/// A way of nesting `inner` once more.
type Nest = fn(&str) -> String;

/// Ways of nesting a query (`{q}` is a whole SELECT).
const QUERY_NESTS: &[(&str, Nest)] = &[
    ("derived table", |q| format!("SELECT * FROM ({q}) AS d")),
    ("lateral", |q| {
        format!("SELECT * FROM t, LATERAL ({q}) AS d")
    }),
    ("cte", |q| format!("WITH c AS ({q}) SELECT * FROM c")),
    ("scalar subquery", |q| format!("SELECT ({q}) AS s FROM t")),
    ("in subquery", |q| {
        format!("SELECT a FROM t WHERE a IN ({q})")
    }),
    ("exists", |q| format!("SELECT a FROM t WHERE EXISTS ({q})")),
    ("union in parentheses", |q| {
        format!("SELECT a FROM t UNION ALL ({q})")
    }),
    ("join", |q| {
        format!("SELECT * FROM t AS l JOIN ({q}) AS r ON true")
    }),
    ("function", |q| {
        format!("SELECT coalesce(({q}), 1) AS s FROM t")
    }),
    ("parentheses", |q| format!("SELECT ((({q}))) AS s FROM t")),
    ("case", |q| {
        format!("SELECT CASE WHEN a = 1 THEN ({q}) END AS s FROM t")
    }),
    ("window", |q| {
        format!("SELECT sum(a) OVER (PARTITION BY ({q})) AS s FROM t")
    }),
];

/// The innermost query: a chain of `links` operators, then `tail`.
fn innermost(links: usize, tail: &str) -> String {
    format!("SELECT a{}{tail} AS a FROM t", " + b".repeat(links))
}

fn nested(nest: Nest, levels: usize, inner: String) -> String {
    (0..levels).fold(inner, |q, _| nest(&q))
}

/// The worst case for the stack: nesting as deep as the parser allows
/// with, at the bottom, the longest chain allowed; analysed, or refused
/// by a syntax error right after the chain (the parser then drops the
/// chain from its deepest frames).
#[test]
fn the_deepest_nesting_with_the_longest_chain_fits_a_wasm_stack() {
    for &(name, nest) in QUERY_NESTS {
        // How deep this kind of nesting may go.
        let deepest = (1..)
            .take_while(|&n| {
                on_wasm_stack(nested(nest, n, innermost(1, "")))
                    .into_iter()
                    .all(|r| r.is_ok())
            })
            .last()
            .unwrap_or_else(|| panic!("{name}: not even one level works"));
        assert!(deepest >= 4, "{name}: only {deepest} levels");
        eprintln!("{name}: {deepest} levels");
        // Leave room in the chain for the operators of the nesting.
        let links = MAX_CHAIN - 12 * deepest - 20;
        for result in on_wasm_stack(nested(nest, deepest, innermost(links, ""))) {
            let a = result.unwrap_or_else(|e| panic!("{name} ×{deepest}: {e}"));
            assert!(!a.columns.is_empty(), "{name}");
        }
        for result in on_wasm_stack(nested(nest, deepest, innermost(links, " + )"))) {
            let err = result.unwrap_err();
            assert_eq!(err.kind, AnalysisErrorKind::Syntax, "{name}: {err}");
        }
        // One level more is refused as too deep (sqlparser, reaching its
        // limit inside a CASE, reports a syntax error instead).
        let expected = if name == "case" {
            AnalysisErrorKind::Syntax
        } else {
            AnalysisErrorKind::TooDeep
        };
        for result in on_wasm_stack(nested(nest, deepest + 1, innermost(links, ""))) {
            let err = result.unwrap_err();
            assert_eq!(err.kind, expected, "{name}: {err}");
        }
    }
}

#[test]
fn moderate_nesting_still_works() {
    let sql = format!("SELECT {}a{} AS x FROM t", "(".repeat(16), ")".repeat(16));
    let a = analyze(&sql, Dialect::Duckdb, &catalog()).unwrap();
    assert_eq!(a.columns[0].name, "x");
    assert_eq!(a.columns[0].transform, Transform::Direct);
    let sql = format!(
        "{}SELECT a FROM t{}",
        "SELECT * FROM (".repeat(8),
        ")".repeat(8)
    );
    let a = analyze(&sql, Dialect::Duckdb, &catalog()).unwrap();
    assert_eq!(a.columns[0].sources, [col("t", "a")]);
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
fn a_long_chain_in_one_item_does_not_count_against_the_next() {
    // Commas end a chain: many long items are fine as long as each is.
    let item = format!("a{} AS x", " + b".repeat(MAX_CHAIN / 2));
    let items = vec![item; 20].join(", ");
    let a = analyze(
        &format!("SELECT {items} FROM t"),
        Dialect::Duckdb,
        &catalog(),
    )
    .unwrap();
    assert_eq!(a.columns.len(), 20);
}

#[test]
fn a_field_after_a_subscript_is_not_a_column() {
    let a = analyze(
        "SELECT a[1].field AS f, b['k'].x.y AS g FROM t",
        Dialect::Duckdb,
        &catalog(),
    )
    .unwrap();
    assert_eq!(a.columns[0].sources, [col("t", "a")]);
    assert_eq!(a.columns[0].transform, Transform::Expression);
    assert_eq!(a.columns[1].sources, [col("t", "b")]);
}

#[test]
fn name_lists_are_sorted_for_binary_search() {
    for list in [
        super::walk::AGGREGATES,
        super::tree::DATE_PARTS,
        super::tree::DATE_PART_FUNCTIONS,
        super::tree::ORDERED_SET_FUNCTIONS,
        super::tree::ARG_BY_FUNCTIONS,
    ] {
        assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
    }
}
