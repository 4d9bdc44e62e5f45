//! The query console: type SQL, run it in DuckDB-wasm, see rows or the error.
//! DuckDB starts on the first run, with its download progress shown.

use leptos::prelude::*;

use crate::duckdb::{self, DbError, LoadProgress, QueryResult};

/// Where the database is in its start-up.
#[derive(Clone, Copy, Debug, PartialEq)]
enum DbState {
    /// Not downloaded yet: it starts on the first run.
    Idle,
    /// Downloading and starting; progress when the size is known.
    Starting(Option<LoadProgress>),
    Ready,
    Failed,
}

/// The most rows a CSV download of a query holds.
const EXPORT_ROWS: u32 = 1_000_000;

#[component]
pub fn Console() -> impl IntoView {
    let sql = RwSignal::new(String::from("select 42 as answer"));
    let db_state = RwSignal::new(DbState::Idle);

    let run = Action::new_local(move |sql: &String| {
        let sql = sql.clone();
        async move {
            if db_state.get_untracked() != DbState::Ready {
                db_state.set(DbState::Starting(None));
                let started = duckdb::start(move |progress| {
                    db_state.set(DbState::Starting(Some(progress)));
                })
                .await;
                if let Err(error) = started {
                    db_state.set(DbState::Failed);
                    return Err(error);
                }
                db_state.set(DbState::Ready);
            }
            // The guard explains what is not allowed; DuckDB, locked before
            // any user SQL (no files, network or settings), enforces it.
            strata_core::run::guard::check(&sql, strata_core::run::guard::Purpose::Console)
                .map_err(|r| DbError::Refused(r.to_string()))?;
            duckdb::lock().await?;
            duckdb::run(&sql).await.map(|result| (sql, result))
        }
    });
    let exporting = RwSignal::new(false);
    let export = move |sql: String| {
        exporting.set(true);
        leptos::task::spawn_local(async move {
            match duckdb::run_limited(&sql, EXPORT_ROWS).await {
                Ok(result) => {
                    let mut csv = strata_core::sample::csv_line(
                        result.columns.iter().map(|c| Some(c.name.as_str())),
                    );
                    for row in &result.rows {
                        csv.push_str(&strata_core::sample::csv_line(
                            row.iter().map(Option::as_deref),
                        ));
                    }
                    if let Err(e) = crate::workspace::download("query.csv", &csv, "text/csv") {
                        leptos::logging::warn!("{e}");
                    }
                }
                Err(e) => leptos::logging::warn!("{e}"),
            }
            exporting.set(false);
        });
    };
    let submit = move || {
        if !run.pending().get_untracked() {
            run.dispatch(sql.get_untracked());
        }
    };

    view! {
        <div class="console">
            <div class="console-input">
                <textarea
                    class="sql-input"
                    aria-label="SQL query"
                    spellcheck="false"
                    prop:value=move || sql.get()
                    on:input=move |ev| sql.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            submit();
                        }
                    }
                ></textarea>
                <div class="console-actions">
                    <button
                        class="run-button"
                        on:click=move |_| submit()
                        disabled=move || run.pending().get()
                        title="Run (Ctrl+Enter)"
                    >
                        "Run query ▶"
                    </button>
                    <Show when=move || run.pending().get()>
                        <button class="tool" on:click=move |_| leptos::task::spawn_local(duckdb::cancel())>
                            "Cancel"
                        </button>
                    </Show>
                    <DbStatus state=db_state />
                </div>
            </div>
            <div class="console-output" aria-live="polite">
                {move || match run.value().get() {
                    None => view! {
                        <p class="hint">"Results appear here. DuckDB runs in your browser; nothing is sent anywhere."</p>
                    }.into_any(),
                    Some(Ok((sql, result))) => {
                        let capped = result.total_rows > EXPORT_ROWS as u64;
                        view! {
                            <div class="result-actions">
                                <button class="tool" disabled=move || exporting.get() on:click=move |_| export(sql.clone())>
                                    "Download CSV"
                                </button>
                                {capped.then(|| view! { <span class="hint">{format!("(the first {EXPORT_ROWS} rows)")}</span> })}
                            </div>
                            <ResultTable result />
                        }
                            .into_any()
                    }
                    Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// A one-line account of DuckDB's state, with a progress bar while it loads.
#[component]
fn DbStatus(state: RwSignal<DbState>) -> impl IntoView {
    move || match state.get() {
        DbState::Idle => view! {
            <span class="db-status">"DuckDB starts on first run (about 33 MB)"</span>
        }
        .into_any(),
        DbState::Starting(progress) => {
            let fraction = progress.and_then(LoadProgress::fraction);
            let label = match (progress, fraction) {
                (Some(p), Some(f)) => format!(
                    "Loading DuckDB… {:.0}% ({:.1} of {:.1} MB)",
                    f * 100.0,
                    p.loaded / 1e6,
                    p.total / 1e6
                ),
                _ => "Loading DuckDB…".to_owned(),
            };
            view! {
                <span class="db-status loading" role="status">
                    <progress max="1" value=fraction.unwrap_or(0.0)></progress>
                    {label}
                </span>
            }
            .into_any()
        }
        DbState::Ready => view! { <span class="db-status ready">"DuckDB ready"</span> }.into_any(),
        DbState::Failed => {
            view! { <span class="db-status failed">"DuckDB failed to start"</span> }.into_any()
        }
    }
}

/// Rows with their column names and types. With `sort`, each column header
/// is a button that sorts by it (again: descending).
#[component]
pub fn ResultTable(
    result: QueryResult,
    #[prop(optional)] sort: Option<RwSignal<Option<(String, bool)>>>,
) -> impl IntoView {
    let shown = result.rows.len() as u64;
    let summary = if shown < result.total_rows {
        format!("showing the first {shown} of {} rows", result.total_rows)
    } else if result.total_rows == 1 {
        "1 row".to_owned()
    } else {
        format!("{} rows", result.total_rows)
    };
    view! {
        <div class="result">
            <table class="result-table">
                <thead>
                    <tr>
                        {result
                            .columns
                            .into_iter()
                            .map(|column| {
                                let label = view! {
                                    <span class="column-name">{column.name.clone()}</span>
                                    <span class="column-type">{column.data_type}</span>
                                };
                                match sort {
                                    None => view! { <th>{label}</th> }.into_any(),
                                    Some(sort) => {
                                        let name = column.name.clone();
                                        let by = name.clone();
                                        let arrow = move || match sort.get() {
                                            Some((c, asc)) if c == by => if asc { " ▲" } else { " ▼" },
                                            _ => "",
                                        };
                                        let aria = {
                                            let name = name.clone();
                                            move || match sort.get() {
                                                Some((c, true)) if c == name => "ascending",
                                                Some((c, false)) if c == name => "descending",
                                                _ => "none",
                                            }
                                        };
                                        view! {
                                            <th aria-sort=aria>
                                                <button class="sort" title="Sort by this column" on:click=move |_| {
                                                    sort.update(|s| {
                                                        *s = match s.take() {
                                                            Some((c, true)) if c == name => Some((c, false)),
                                                            _ => Some((name.clone(), true)),
                                                        }
                                                    })
                                                }>{label}{arrow}</button>
                                            </th>
                                        }
                                        .into_any()
                                    }
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {result
                        .rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    {row
                                        .into_iter()
                                        .map(|cell| match cell {
                                            Some(text) => view! { <td>{text}</td> }.into_any(),
                                            None => view! { <td class="null">"NULL"</td> }.into_any(),
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="result-summary">{summary}</p>
        </div>
    }
}

#[component]
pub fn ErrorBox(error: DbError) -> impl IntoView {
    let title = match error {
        DbError::Start(_) => "DuckDB could not start",
        DbError::Query(_) => "Query failed",
        DbError::Refused(_) => "Not allowed in the workbench",
    };
    let detail = match error {
        DbError::Start(message) | DbError::Query(message) | DbError::Refused(message) => message,
    };
    view! {
        <div class="error" role="alert">
            <strong>{title}</strong>
            <pre>{detail}</pre>
        </div>
    }
}
