//! The diagnostics panel: the live rule report, errors first. Clicking a
//! finding selects the model (and the parameter) to fix; each finding opens
//! its rule's teaching docs in place.

use leptos::prelude::*;
use strata_core::rules::{self, Diagnostic, Severity};

use crate::state::use_workbench;

#[component]
pub fn Diagnostics() -> impl IntoView {
    let wb = use_workbench();
    let open_docs = RwSignal::new(None::<usize>);
    let summary = move || {
        wb.report.with(|r| {
            let (e, w, i) = (
                r.count(Severity::Error),
                r.count(Severity::Warning),
                r.count(Severity::Info),
            );
            if e + w + i == 0 {
                "No findings: the design follows every rule.".to_owned()
            } else {
                format!("{e} errors · {w} warnings · {i} notes")
            }
        })
    };
    view! {
        <div class="diagnostics">
            <p class="diagnostics-summary" role="status">{summary}</p>
            <ul class="diagnostic-list">
                {move || {
                    wb.report
                        .get()
                        .diagnostics
                        .into_iter()
                        .enumerate()
                        .map(|(i, d)| view! { <DiagnosticRow i d open_docs /> })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

#[component]
fn DiagnosticRow(i: usize, d: Diagnostic, open_docs: RwSignal<Option<usize>>) -> impl IntoView {
    let wb = use_workbench();
    let severity = d.severity.as_str();
    let target = d.models.first().cloned();
    let param = d.param.clone();
    let go = move |_| {
        if let Some(model) = target.clone() {
            wb.select_only(Some(model));
            wb.focus_param.set(param.clone());
        }
    };
    let docs = rules::rule(d.code).map(|r| r.docs);
    let where_ = match (&d.models.first(), &d.param) {
        (Some(m), Some(p)) => format!("{m} · {p}"),
        (Some(m), None) => (*m).clone(),
        _ => String::new(),
    };
    view! {
        <li class=format!("diagnostic {severity}") data-code=d.code>
            <button type="button" class="diagnostic-main" on:click=go>
                <span class=format!("severity {severity}")>{severity}</span>
                <span class="diagnostic-code">{d.code}</span>
                <span class="diagnostic-message">{d.message.clone()}</span>
                <span class="diagnostic-where">{where_}</span>
            </button>
            <button
                type="button"
                class="diagnostic-docs-toggle"
                aria-expanded=move || (open_docs.get() == Some(i)).to_string()
                on:click=move |_| open_docs.update(|o| *o = if *o == Some(i) { None } else { Some(i) })
            >
                {format!("Why {}?", d.rule)}
            </button>
            <Show when=move || open_docs.get() == Some(i)>
                {docs.map(|docs| {
                    view! {
                        <div class="rule-docs">
                            <h4>"What it checks"</h4>
                            <p>{docs.what}</p>
                            <h4>"Why it matters"</h4>
                            <p>{docs.why}</p>
                            <h4>"Example"</h4>
                            <p>{docs.example}</p>
                            <h4>"How to fix it"</h4>
                            <p>{docs.fix}</p>
                        </div>
                    }
                })}
            </Show>
        </li>
    }
}
