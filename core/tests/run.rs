//! The run plan: order, skips, staleness, DuckDB error positions, and the
//! data tests' SQL and figures. The SQL itself is executed by real DuckDB
//! in `tests/run/run_plan.py` (the dbt suite) and in the browser tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::HashMap;
use std::fmt::Write;

use strata_core::Design;
use strata_core::examples;
use strata_core::run::{self, Plan, Run, Status};
use strata_core::sample;

fn example(name: &str) -> Design {
    examples::example(name).unwrap().design().unwrap()
}

fn plan(design: &Design) -> Plan {
    run::plan(design, &sample::Options::default())
}

#[test]
fn every_example_model_renders_and_comes_after_what_it_reads() {
    for name in ["retail", "cafe"] {
        let design = example(name);
        let plan = plan(&design);
        assert!(
            plan.unrenderable.is_empty(),
            "{name}: {:?}",
            plan.unrenderable
        );
        assert_eq!(plan.models.len(), design.models.len(), "{name}");
        assert_eq!(plan.raw.len(), design.raw_tables().count(), "{name}");
        let position: HashMap<&str, usize> = plan
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.as_str(), i))
            .collect();
        for (i, step) in plan.models.iter().enumerate() {
            for read in &step.reads {
                match position.get(read.as_str()) {
                    Some(&j) => assert!(j < i, "{name}: {} before {read}", step.name),
                    None => assert!(
                        plan.raw.iter().any(|r| &r.name == read),
                        "{name}: {} reads {read}, which is neither a model nor a raw table",
                        step.name
                    ),
                }
            }
            assert!(
                step.sql
                    .starts_with(&format!("create or replace table {} as\n", step.relation))
            );
            assert_eq!(
                step.sql.lines().nth(1).unwrap(),
                step.body.lines().next().unwrap()
            );
        }
    }
}

#[test]
fn retail_plan_snapshot() {
    let plan = plan(&example("retail"));
    let mut out = String::new();
    for s in &plan.schemas {
        writeln!(out, "{s}").unwrap();
    }
    writeln!(out).unwrap();
    for r in &plan.raw {
        writeln!(out, "{}  <- {}\n  {}", r.name, r.file, r.sql).unwrap();
    }
    for m in &plan.models {
        writeln!(out, "\n{} reads {}", m.relation, m.reads.join(", ")).unwrap();
        for t in &m.tests {
            writeln!(
                out,
                "  test {} [{}]\n    {}\n    sample: {}",
                t.label,
                t.kind,
                t.count_sql,
                t.sample_sql.replace('\n', " ")
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn a_failure_skips_everything_downstream_and_nothing_else() {
    let plan = plan(&example("retail"));
    let mut run = Run::new();
    run.sync(&plan);
    let failing = "src_pos__orders";
    for step in run.to_build(&plan) {
        if let Some(input) = run.blocked_by(&plan, step) {
            run.record(step, Status::Skipped { because: input });
        } else if step.name == failing {
            run.record(
                step,
                Status::Failed {
                    message: "boom".into(),
                    line: None,
                    column: None,
                },
            );
        } else {
            run.record(step, Status::Built { rows: 1, ms: 1.0 });
        }
    }
    // What reads src_pos__orders, directly or not, was skipped.
    let mut downstream = vec![failing.to_owned()];
    let mut changed = true;
    while changed {
        changed = false;
        for m in &plan.models {
            if !downstream.contains(&m.name) && m.reads.iter().any(|r| downstream.contains(r)) {
                downstream.push(m.name.clone());
                changed = true;
            }
        }
    }
    assert!(
        downstream.len() > 3,
        "the orders feed several models: {downstream:?}"
    );
    for m in &plan.models {
        let status = run.status(&m.name).unwrap();
        if m.name == failing {
            assert!(matches!(status, Status::Failed { .. }));
        } else if downstream.contains(&m.name) {
            assert!(
                matches!(status, Status::Skipped { .. }),
                "{}: {status:?}",
                m.name
            );
        } else {
            assert!(
                matches!(status, Status::Built { .. }),
                "{}: {status:?}",
                m.name
            );
        }
    }
    // Only the failed and skipped models are left to build.
    let again: Vec<&str> = run
        .to_build(&plan)
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    let mut expected: Vec<&str> = downstream.iter().map(String::as_str).collect();
    expected.sort_unstable();
    let mut again_sorted = again.clone();
    again_sorted.sort_unstable();
    assert_eq!(again_sorted, expected);
}

#[test]
fn an_edit_makes_the_model_and_its_downstream_stale() {
    let mut design = example("retail");
    let before = plan(&design);
    let mut run = Run::new();
    for raw in run.raw_to_load(&before) {
        run.loaded(raw);
    }
    for step in run.to_build(&before) {
        run.record(step, Status::Built { rows: 1, ms: 1.0 });
    }
    assert!(run.to_build(&before).is_empty());
    assert!(run.raw_to_load(&before).is_empty());

    // Keep every version of a customer instead of the latest: its SQL
    // changes, its columns do not.
    let target = "src_crm__customers";
    strata_core::edit::set_param(&mut design, target, "dedupe", None).unwrap();
    let after = plan(&design);
    run.sync(&after);
    let stale: Vec<&str> = run
        .to_build(&after)
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(stale.first(), Some(&target));
    for name in &stale {
        assert!(matches!(run.status(name), Some(Status::Stale)), "{name}");
    }
    // Everything stale reads the edited model, directly or not.
    for m in after
        .models
        .iter()
        .filter(|m| stale.contains(&m.name.as_str()) && m.name != target)
    {
        assert!(
            m.reads.iter().any(|r| stale.contains(&r.as_str())),
            "{} is stale for no reason",
            m.name
        );
    }
    assert!(stale.len() < after.models.len(), "not everything is stale");
    assert!(
        run.raw_to_load(&after).is_empty(),
        "the raw data did not change"
    );

    // Other sample data: every raw table loads again, every model rebuilds.
    let other = run::plan(
        &design,
        &sample::Options {
            rows: Some(10),
            seed: None,
        },
    );
    assert_eq!(run.raw_to_load(&other).len(), other.raw.len());
    assert_eq!(run.to_build(&other).len(), other.models.len());
}

#[test]
fn duckdb_error_positions_map_into_the_compiled_sql() {
    // The statement is `create or replace table … as` + the compiled SQL, so
    // DuckDB's line 3 is line 2 of the model's SQL.
    let message = "Parser Error: syntax error at or near \"frm\"\n\nLINE 3: select * frm src.x\n                 ^";
    assert_eq!(run::locate_error(message), Some((2, 10)));
    assert_eq!(
        run::locate_error("Binder Error: Referenced column \"x\" not found"),
        None
    );
    assert_eq!(
        run::locate_error("LINE 1: create or replace table a as\n^"),
        None
    );
    assert_eq!(run::locate_error("LINE x: junk"), None);
    assert_eq!(run::locate_error(""), None);
}

#[test]
fn outcomes_and_quality_figures() {
    let design = example("retail");
    let plan = plan(&design);
    let tests: Vec<_> = plan.models.iter().flat_map(|m| m.tests.iter()).collect();
    let of = |kind: &str| *tests.iter().find(|t| t.kind == kind).unwrap();

    let unique = of("unique");
    let ok = unique.outcome(100, 0);
    assert!(ok.passed);
    assert_eq!(ok.pass_ratio, 1.0);
    let dup = unique.outcome(100, 4);
    assert!(!dup.passed);
    assert!((dup.pass_ratio - 0.96).abs() < 1e-9);
    assert_eq!(
        unique.outcome(0, 0).pass_ratio,
        1.0,
        "an empty model passes"
    );
    assert_eq!(
        unique.outcome(3, 9).failing,
        3,
        "failing is capped at the total"
    );

    let completeness = of("completeness");
    let min = completeness.min_ratio.unwrap();
    let just = (min * 1000.0).ceil() as u64;
    assert!(completeness.outcome(1000, 1000 - just).passed);
    assert!(!completeness.outcome(1000, 1000 - just + 1).passed);

    let rows = of("row_count");
    let (lo, hi) = rows.bounds.unwrap();
    if let Some(lo) = lo {
        let low = rows.outcome(lo.saturating_sub(1), 0);
        assert!(!low.passed && low.failing == lo.saturating_sub(1) && low.pass_ratio == 0.0);
        assert!(rows.outcome(lo, 0).passed);
    }
    if let Some(hi) = hi {
        assert!(!rows.outcome(hi + 1, 0).passed);
    }

    let results = [
        (unique, unique.outcome(100, 4)),
        (completeness, completeness.outcome(200, 20)),
        (of("not_null"), of("not_null").outcome(100, 0)),
    ];
    let q = run::quality(results.iter().map(|(t, o)| (*t, o)));
    assert_eq!(q.tests, 3);
    assert_eq!(
        q.passed,
        1 + usize::from(completeness.outcome(200, 20).passed)
    );
    assert_eq!(q.duplicates, 4);
    assert!((q.completeness.unwrap() - 0.9).abs() < 1e-9);
    // Validation tests only (unique, not_null): 200 records, 4 failing; the
    // completeness test's NULLs count as completeness, not as failures.
    assert!((q.records_passing.unwrap() - 196.0 / 200.0).abs() < 1e-9);
}

#[test]
fn names_are_quoted_in_the_loads() {
    let mut design = example("cafe");
    let mut source = design.sources[0].clone();
    source.system = "we'ird".into();
    source.tables.truncate(1);
    source.tables[0].name = "t\"x".into();
    source.tables[0].columns[0].name = "it's".into();
    design.sources.push(source);
    let plan = plan(&design);
    let load = plan.raw.iter().find(|r| r.name == "we'ird.t\"x").unwrap();
    assert!(
        load.sql
            .starts_with("create or replace table \"we'ird\".\"t\"\"x\" as"),
        "{}",
        load.sql
    );
    assert!(load.sql.contains("'it''s': "), "{}", load.sql);
    assert!(
        plan.schemas
            .contains(&"create schema if not exists \"we'ird\"".to_owned())
    );
}
