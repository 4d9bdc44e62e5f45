//! The test report: every data test of the last run, failures first, with
//! the quality figures the method sets targets for (records passing the
//! validation tests > 99 %, completeness > 95 %, duplicates found).
//! Clicking a test selects its model.

use leptos::prelude::*;
use strata_core::run::{self, Quality};

use crate::runner::{TestResult, use_runner};
use crate::state::use_workbench;

/// The method's targets (FRAMEWORK §5.4, from the seeds).
const RECORDS_TARGET: f64 = 0.99;
const COMPLETENESS_TARGET: f64 = 0.95;

#[component]
pub fn TestReport() -> impl IntoView {
    let runner = use_runner();
    let results = Memo::new(move |_| {
        let mut all: Vec<TestResult> = runner
            .tests
            .with(|t| t.values().flatten().cloned().collect());
        // Failures first, then by model.
        all.sort_by_key(|r| (r.passed(), r.test.model.clone()));
        all
    });
    let quality = Memo::new(move |_| {
        results.with(|rs| {
            let pairs: Vec<_> = rs
                .iter()
                .filter_map(|r| r.outcome.as_ref().ok().map(|o| (&r.test, o)))
                .collect();
            run::quality(pairs)
        })
    });
    view! {
        <div class="test-report">
            {move || {
                if results.with(Vec::is_empty) {
                    view! {
                        <p class="hint">
                            "No test results yet. Run the design (Run ▶) to build it on sample data and run its data tests."
                        </p>
                    }
                        .into_any()
                } else {
                    view! { <QualityLine q=quality.get() /> }.into_any()
                }
            }}
            <ul class="test-results">
                {move || results.get().into_iter().map(|r| view! { <TestRow r /> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn QualityLine(q: Quality) -> impl IntoView {
    let figure = |value: Option<f64>, target: f64, what: &str| {
        value.map(|v| {
            let ok = v > target || (v - 1.0).abs() < f64::EPSILON;
            view! {
                <span class="quality-figure" class:below=!ok>
                    {format!("{what} {:.2} % (target > {:.0} %)", v * 100.0, target * 100.0)}
                </span>
            }
        })
    };
    let some_fail = q.passed < q.tests;
    let duplicates = q.duplicates > 0;
    view! {
        <p class="quality" role="status">
            <span class="quality-figure" class:below=some_fail>
                {format!("{} of {} tests pass", q.passed, q.tests)}
            </span>
            {figure(q.records_passing, RECORDS_TARGET, "records passing")}
            {figure(q.completeness, COMPLETENESS_TARGET, "completeness")}
            <span class="quality-figure" class:below=duplicates>
                {match q.duplicates {
                    0 => "no duplicates found".to_owned(),
                    1 => "1 duplicate record".to_owned(),
                    n => format!("{n} duplicate records"),
                }}
            </span>
        </p>
    }
}

#[component]
fn TestRow(r: TestResult) -> impl IntoView {
    let wb = use_workbench();
    let model = r.test.model.clone();
    let (class, verdict, detail) = verdict(&r);
    view! {
        <li class=format!("test-result {class}") data-test=format!("{}: {}", r.test.model, r.test.label)>
            <span class="verdict">{verdict}</span>
            <button class="link" on:click=move |_| wb.select_only(Some(model.clone()))>
                {r.test.model.clone()}
            </button>
            <code>{r.test.label.clone()}</code>
            <span class="test-figures">{detail}</span>
        </li>
    }
}

/// A test result as shown: its class (`pass`, `fail`), its verdict
/// (`pass`, `fail`, `error`) and its figures (`3 of 500 records fail ·
/// 99.4 % pass`) or error.
pub fn verdict(r: &TestResult) -> (&'static str, &'static str, String) {
    let figures = |o: &strata_core::run::TestOutcome| {
        format!(
            "{} of {} records fail · {:.1} % pass",
            o.failing,
            o.total,
            o.pass_ratio * 100.0
        )
    };
    match &r.outcome {
        Ok(o) if o.passed => ("pass", "pass", figures(o)),
        Ok(o) => ("fail", "fail", figures(o)),
        Err(e) => ("fail", "error", e.clone()),
    }
}
