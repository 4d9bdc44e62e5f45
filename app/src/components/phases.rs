//! The phase tracker (the Method tab): the method's five gates as
//! checklists, computed by `core::phases` from the design and what this
//! session has seen of it (raw tables profiled, the last run and its tests).

use leptos::prelude::*;
use strata_core::phases::{self, Evidence, Gate};
use strata_core::run::{self, Status};

use crate::runner::use_runner;
use crate::state::use_workbench;

/// The gates of the design on screen, recomputed as it changes and runs.
pub fn gates() -> Memo<Vec<Gate>> {
    let wb = use_workbench();
    let runner = use_runner();
    let evidence = Memo::new(move |_| {
        let profiled = runner.profiles.with(|p| {
            p.as_ref()
                .map(|p| p.tables.iter().map(|t| t.table.clone()).collect())
                .unwrap_or_default()
        });
        let built = runner.last.get().map(|_| {
            let built = runner.statuses.with(|s| {
                s.values()
                    .filter(|s| matches!(s, Status::Built { .. }))
                    .count()
            });
            (built, wb.design.with(|d| d.models.len()))
        });
        let (tests, quality) = runner.tests.with(|t| {
            let ran: Vec<_> = t
                .values()
                .flatten()
                .filter_map(|r| Some((&r.test, r.outcome.as_ref().ok()?)))
                .collect();
            if ran.is_empty() {
                return (None, None);
            }
            let q = run::quality(ran.iter().copied());
            (
                Some((q.passed, q.tests)),
                Some((q.records_passing, q.completeness, q.duplicates)),
            )
        });
        Evidence {
            profiled,
            built,
            tests,
            quality,
        }
    });
    Memo::new(move |_| {
        evidence.with(|e| {
            wb.report
                .with(|r| wb.design.with(|d| phases::assess(d, r, e)))
        })
    })
}

#[component]
pub fn PhaseTracker(gates: Memo<Vec<Gate>>) -> impl IntoView {
    view! {
        <div class="phases" role="list" aria-label="Phases of the method">
            {move || gates.get().into_iter().map(|gate| {
                let passed = gate.passed();
                let done = gate.checks.iter().filter(|c| c.done).count();
                let total = gate.checks.len();
                view! {
                    <section class="phase" class:passed=passed role="listitem" data-phase=gate.phase.name()>
                        <h3>
                            {if passed { "✓ " } else { "○ " }}
                            {gate.phase.name()}
                            <span class="phase-count">{format!(" {done}/{total}")}</span>
                        </h3>
                        <p class="field-doc">{gate.phase.purpose()}</p>
                        <ul>
                            {gate.checks.into_iter().map(|c| view! {
                                <li class:done=c.done>
                                    <span class="check-mark">{if c.done { "✓" } else { "·" }}</span>
                                    <span class="check-label">{c.label}</span>
                                    <span class="check-detail">{c.detail}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}
