//! The model panel's Data tab: the model's rows from the last run (paged,
//! sortable, with column types), why it did not build when it did not, and
//! its data tests with failing-record counts and examples.

use leptos::prelude::*;
use strata_core::render;
use strata_core::run::Status;

use crate::components::console::{ErrorBox, ResultTable};
use crate::components::tests::verdict;
use crate::duckdb;
use crate::runner::{TestResult, use_runner};
use crate::state::use_workbench;

/// Rows per page of the data preview.
const PAGE: u64 = 50;

#[component]
pub fn DataPreview(name: String) -> impl IntoView {
    let wb = use_workbench();
    let runner = use_runner();
    let page = RwSignal::new(0u64);
    let sort: RwSignal<Option<(String, bool)>> = RwSignal::new(None);
    let relation = wb
        .design
        .with_untracked(|d| d.model(&name).map(render::relation_of));
    let status = {
        let name = name.clone();
        Memo::new(move |_| runner.statuses.with(|s| s.get(&name).cloned()))
    };
    let built = Memo::new(move |_| matches!(status.get(), Some(Status::Built { .. })));
    let rows = LocalResource::new(move || {
        let relation = relation.clone();
        let (generation, page, sort, built) =
            (runner.generation.get(), page.get(), sort.get(), built.get());
        async move {
            let _ = generation;
            let relation = relation?;
            if !built {
                return None;
            }
            let order = sort.map_or(String::new(), |(column, asc)| {
                format!(
                    " order by \"{}\" {} nulls last",
                    column.replace('"', "\"\""),
                    if asc { "asc" } else { "desc" }
                )
            });
            let sql = format!(
                "select * from {relation}{order} limit {PAGE} offset {}",
                page * PAGE
            );
            Some(duckdb::run(&sql).await)
        }
    });
    let tests = {
        let name = name.clone();
        Memo::new(move |_| {
            runner
                .tests
                .with(|t| t.get(&name).cloned().unwrap_or_default())
        })
    };
    view! {
        <div class="data-preview" data-preview="data">
            {move || match status.get() {
                None | Some(Status::Stale) => view! {
                    <p class="preview-note">
                        "Run the design (Run ▶) to build this model on sample data in the browser's DuckDB and see its rows."
                    </p>
                }.into_any(),
                Some(Status::Failed { message, line, column }) => {
                    let at = match (line, column) {
                        (Some(l), Some(c)) => format!(" (line {l}, column {c} of the compiled SQL)"),
                        (Some(l), None) => format!(" (line {l} of the compiled SQL)"),
                        _ => String::new(),
                    };
                    view! {
                        <div class="run-failure" role="alert">
                            <strong>{format!("DuckDB could not build this model{at}")}</strong>
                            <pre>{message}</pre>
                        </div>
                    }.into_any()
                }
                Some(Status::Skipped { because }) => view! {
                    <p class="preview-note run-skipped">{format!("Not built: it reads {because}, which did not build.")}</p>
                }.into_any(),
                Some(Status::Unrenderable { message }) => view! {
                    <p class="preview-error" role="alert">{message}</p>
                }.into_any(),
                Some(Status::Built { rows: total, ms }) => {
                    let pages = total.div_ceil(PAGE).max(1);
                    view! {
                        <div class="data-pager">
                            <span>{format!("{total} rows, built in {ms:.0} ms")}</span>
                            <button class="tool" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"‹ Previous"</button>
                            <span>{move || format!("page {} of {pages}", page.get() + 1)}</span>
                            <button class="tool" disabled=move || { page.get() + 1 >= pages } on:click=move |_| page.update(|p| *p += 1)>"Next ›"</button>
                        </div>
                        {move || match rows.get() {
                            None | Some(None) => view! { <p class="preview-note">"Loading rows…"</p> }.into_any(),
                            Some(Some(Ok(result))) => view! { <ResultTable result sort /> }.into_any(),
                            Some(Some(Err(error))) => view! { <ErrorBox error /> }.into_any(),
                        }}
                    }.into_any()
                }
            }}
            <TestList tests />
        </div>
    }
}

/// A model's data tests as the last run found them.
#[component]
fn TestList(tests: Memo<Vec<TestResult>>) -> impl IntoView {
    view! {
        <Show when=move || tests.with(|t| !t.is_empty())>
            <h3 class="tests-title">"Data tests"</h3>
            <ul class="test-results">
                {move || tests.get().into_iter().map(|r| {
                    let (class, verdict, detail) = verdict(&r);
                    view! {
                        <li class=format!("test-result {class}") data-test=r.test.label.clone()>
                            <span class="verdict">{verdict}</span>
                            <code>{r.test.label.clone()}</code>
                            <span class="test-figures">{detail}</span>
                            {r.sample.map(|result| view! {
                                <details>
                                    <summary>"Failing records"</summary>
                                    <ResultTable result />
                                </details>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
