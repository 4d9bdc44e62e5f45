//! A design's data tests as SQL over the built tables, and the quality
//! figures their results give.
//!
//! Every test is written as a query of the *records that fail it*, so one
//! count answers both "does it pass" (as `dbt test` decides) and "what share
//! of the records pass" (the method's quality figure: validation rules pass
//! more than 99 % of records, completeness above 95 %). dbt's own generic
//! tests count failing *groups* for `unique`; counting records instead
//! changes no verdict, only the figure.

use serde::Serialize;

use crate::design::{DataTest, Model};
use crate::render::DesignColumns;
use crate::render::{quote_ident, string_literal};
use crate::{Design, render};

/// How many failing records a test result carries as examples.
pub const SAMPLE_ROWS: u32 = 5;

/// One data test of a model, ready to run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestQuery {
    /// The model it tests.
    pub model: String,
    /// Its position in the model's `tests`.
    pub index: usize,
    /// The test kind (`unique`, `not_null`, …).
    pub kind: &'static str,
    /// What it checks, for people: `unique(order_id)`.
    pub label: String,
    /// One row: `total` records in the model and `failing` records.
    pub count_sql: String,
    /// Up to [`SAMPLE_ROWS`] failing records.
    pub sample_sql: String,
    /// The share of records with a value, for completeness tests: the
    /// count query's `failing` are then the records without one.
    pub min_ratio: Option<f64>,
    /// Whole-table bounds, for row-count tests (no record fails alone).
    pub bounds: Option<(Option<u64>, Option<u64>)>,
}

/// What running a [`TestQuery`] found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestOutcome {
    pub passed: bool,
    /// Records in the model.
    pub total: u64,
    /// Records that fail the test (for a row-count test: all of them when
    /// the count is out of bounds).
    pub failing: u64,
    /// The share of records that pass, 0.0–1.0 (1.0 for an empty model).
    pub pass_ratio: f64,
}

impl TestQuery {
    /// The verdict on the counts its `count_sql` returned.
    pub fn outcome(&self, total: u64, failing: u64) -> TestOutcome {
        let failing = failing.min(total);
        let pass_ratio = if total == 0 {
            1.0
        } else {
            (total - failing) as f64 / total as f64
        };
        let passed = match (self.min_ratio, self.bounds) {
            (Some(min), _) => pass_ratio >= min,
            (_, Some((min, max))) => {
                min.is_none_or(|m| total >= m) && max.is_none_or(|m| total <= m)
            }
            _ => failing == 0,
        };
        let (failing, pass_ratio) = match self.bounds {
            Some(_) if !passed => (total, 0.0),
            Some(_) => (0, 1.0),
            None => (failing, pass_ratio),
        };
        TestOutcome {
            passed,
            total,
            failing,
            pass_ratio,
        }
    }
}

/// The queries for `model`'s data tests, over its table `relation`.
pub fn test_queries(
    design: &Design,
    columns: &DesignColumns,
    model: &Model,
    relation: &str,
) -> Vec<TestQuery> {
    model
        .tests
        .iter()
        .enumerate()
        .map(|(index, test)| {
            let (label, failing) = failing_records(design, columns, model, relation, test);
            let (min_ratio, bounds) = match test {
                DataTest::Completeness { min_ratio, .. } => (Some(*min_ratio), None),
                DataTest::RowCount { min, max } => (None, Some((*min, *max))),
                _ => (None, None),
            };
            TestQuery {
                model: model.name.clone(),
                index,
                kind: test.kind(),
                label,
                count_sql: format!(
                    "select (select count(*) from {relation}) as total, \
                     (select count(*) from ({failing}) as failing_records) as failing"
                ),
                sample_sql: format!("{failing}\nlimit {SAMPLE_ROWS}"),
                min_ratio,
                bounds,
            }
        })
        .collect()
}

/// A label for `test` and the query of the records of `relation` that fail it.
fn failing_records(
    design: &Design,
    columns: &DesignColumns,
    model: &Model,
    relation: &str,
    test: &DataTest,
) -> (String, String) {
    let list = |cols: &[String]| {
        cols.iter()
            .map(|c| quote_ident(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match test {
        DataTest::Unique { columns: cols } => {
            // dbt's unique ignores NULL keys; its combination test does not.
            let not_null = if cols.len() == 1 {
                format!("where {} is not null\n", list(cols))
            } else {
                String::new()
            };
            (
                format!("unique({})", cols.join(", ")),
                format!(
                    "select * from {relation}\n{not_null}qualify count(*) over (partition by {}) > 1",
                    list(cols)
                ),
            )
        }
        DataTest::NotNull { column } => (
            format!("not_null({column})"),
            format!(
                "select * from {relation} where {} is null",
                quote_ident(column)
            ),
        ),
        DataTest::AcceptedValues { column, values } => {
            let values = values
                .iter()
                .map(|v| string_literal(v))
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("accepted_values({column})"),
                format!(
                    "select * from {relation}\nwhere {c} is not null and cast({c} as varchar) not in ({values})",
                    c = quote_ident(column)
                ),
            )
        }
        DataTest::Relationships { column, to, field } => {
            let parent = design
                .model(to)
                .map(render::relation_of)
                .unwrap_or_else(|| to.clone());
            (
                format!("relationships({column} → {to}.{field})"),
                format!(
                    "select * from {relation} as child\nwhere child.{c} is not null\n\
                     and not exists (select 1 from {parent} as parent where parent.{f} = child.{c})",
                    c = quote_ident(column),
                    f = quote_ident(field)
                ),
            )
        }
        DataTest::RowCount { min, max } => {
            let bound = |b: &Option<u64>| b.map_or("…".to_owned(), |b| b.to_string());
            (
                format!("row_count({}–{})", bound(min), bound(max)),
                // No record fails alone; the verdict is on the total.
                format!("select * from {relation} where false"),
            )
        }
        DataTest::Completeness { column, min_ratio } => (
            format!("completeness({column} ≥ {:.0} %)", min_ratio * 100.0),
            format!(
                "select * from {relation} where {} is null",
                quote_ident(column)
            ),
        ),
        DataTest::NoDuplicates { columns: cols } => {
            let known: Vec<String> = if cols.is_empty() {
                columns
                    .of(&model.name)
                    .map(|c| c.iter().map(|c| c.name.clone()).collect())
                    .unwrap_or_default()
            } else {
                cols.clone()
            };
            let label = if cols.is_empty() {
                "no_duplicates(all columns)".to_owned()
            } else {
                format!("no_duplicates({})", cols.join(", "))
            };
            let partition = if known.is_empty() {
                // Columns unknown: DuckDB expands them itself.
                "columns(*)".to_owned()
            } else {
                list(&known)
            };
            (
                label,
                format!(
                    "select * from {relation}\nqualify count(*) over (partition by {partition}) > 1"
                ),
            )
        }
    }
}

/// The quality figures of a set of test outcomes, as the method defines
/// them: the share of records passing the validation tests (target: more
/// than 99 %), the completeness of the columns with a completeness test
/// (target: more than 95 %), and whether duplicates were found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Quality {
    pub tests: usize,
    pub passed: usize,
    /// Records passing the validation tests (every test but completeness
    /// and row count) over records tested, each test counting its model's
    /// records once; 0.0–1.0, `None` without such tests.
    pub records_passing: Option<f64>,
    /// The lowest completeness measured; `None` without completeness tests.
    pub completeness: Option<f64>,
    /// Duplicate records found by `unique` and `no_duplicates` tests.
    pub duplicates: u64,
}

/// The quality figures of `results`.
pub fn quality<'a>(results: impl IntoIterator<Item = (&'a TestQuery, &'a TestOutcome)>) -> Quality {
    let mut q = Quality::default();
    let (mut records, mut passing) = (0u64, 0u64);
    for (test, outcome) in results {
        q.tests += 1;
        q.passed += usize::from(outcome.passed);
        // Validation tests only: a completeness test's NULLs are measured
        // as completeness, and a row count judges the table, not records.
        if test.bounds.is_none() && test.min_ratio.is_none() {
            records += outcome.total;
            passing += outcome.total - outcome.failing.min(outcome.total);
        }
        if test.min_ratio.is_some() {
            let c = outcome.pass_ratio;
            q.completeness = Some(q.completeness.map_or(c, |m: f64| m.min(c)));
        }
        if matches!(test.kind, "unique" | "no_duplicates") {
            q.duplicates += outcome.failing;
        }
    }
    if records > 0 {
        q.records_passing = Some(passing as f64 / records as f64);
    }
    q
}
