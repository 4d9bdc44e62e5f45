//! Lineage fixtures: every `data/lineage/*.sql` is analysed against
//! `data/lineage/schema.json` and its analysis (or error) snapshotted as
//! text. A first line `-- dialect: snowflake` picks Snowflake; DuckDB
//! otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use strata_core::lineage::{self, Analysis, AnalysisError, Dialect};

fn schema() -> BTreeMap<String, Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lineage/schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn lineage_fixtures() {
    let schema = schema();
    insta::glob!("data/lineage/*.sql", |path| {
        let sql = std::fs::read_to_string(path).unwrap();
        let dialect = if sql.starts_with("-- dialect: snowflake") {
            Dialect::Snowflake
        } else {
            Dialect::Duckdb
        };
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let result = lineage::analyze(&sql, dialect, &schema);
        assert_eq!(
            stem.starts_with("err_"),
            result.is_err(),
            "{stem}: fixtures named err_* must fail, others succeed: {result:?}"
        );
        let text = match &result {
            Ok(analysis) => render(analysis),
            Err(err) => render_error(&sql, err),
        };
        insta::assert_snapshot!(format!("{}\n---\n{text}", sql.trim_end()));
    });
}

/// An analysis as lines a reviewer can read.
fn render(a: &Analysis) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "relations: {}", a.relations.join(", "));
    for c in &a.columns {
        let _ = writeln!(out, "{}: {}", c.name, c.transform);
        if !c.sources.is_empty() {
            let list: Vec<String> = c.sources.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "    from {}", list.join(", "));
        }
        if !c.influenced_by.is_empty() {
            let list: Vec<String> = c.influenced_by.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "    influenced by {}", list.join(", "));
        }
    }
    out
}

/// The error, and the line it points at with a caret.
fn render_error(sql: &str, err: &AnalysisError) -> String {
    let kind = serde_json::to_value(err.kind).unwrap();
    let mut out = format!("error ({}): {err}\n", kind.as_str().unwrap());
    if err.line > 0
        && let Some(line) = sql.lines().nth(err.line as usize - 1)
    {
        {
            let _ = writeln!(out, "  | {line}");
            let pad = " ".repeat(err.column.saturating_sub(1) as usize);
            let _ = writeln!(out, "  | {pad}^");
        }
    }
    out
}
