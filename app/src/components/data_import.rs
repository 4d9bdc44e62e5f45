//! Importing a data file (CSV or Parquet) as a raw table: the file is read
//! and typed by `core::import` (Parquet in its own worker, see
//! `crate::ondemand`), then previewed here (format, rows, every column with
//! its type, which can be changed, its NULLs and examples) before it
//! becomes a raw table. Its rows are kept in the browser first; only then
//! is the table added, so a failure changes nothing.

use leptos::prelude::*;
use strata_core::Layer;
use strata_core::design::SqlType;
use strata_core::edit;
use strata_core::import::{self, TableImport};
use strata_core::render::snake_case;

use crate::components::canvas::next_slot;
use crate::state::use_workbench;
use crate::storage;

/// A file read and waiting for the user's go.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub file: String,
    pub import: TableImport,
}

/// Read `bytes` of the CSV file `name`; a file that does not read is
/// reported with the line and byte at fault and changes nothing.
pub fn read_csv(
    name: &str,
    bytes: &[u8],
    pending: RwSignal<Option<Pending>>,
) -> Result<(), String> {
    let import = import::read_csv(bytes).map_err(|e| format!("{name} cannot be imported: {e}"))?;
    show(name, import, pending);
    Ok(())
}

/// Read `bytes` of the Parquet file `name` in the reader's worker.
pub async fn read_parquet(
    name: &str,
    bytes: &[u8],
    pending: RwSignal<Option<Pending>>,
) -> Result<(), String> {
    let import = crate::ondemand::read_parquet(bytes)
        .await
        .map_err(|e| format!("{name} cannot be imported: {e}"))?;
    show(name, import, pending);
    Ok(())
}

fn show(name: &str, import: TableImport, pending: RwSignal<Option<Pending>>) {
    pending.set(Some(Pending {
        file: name.to_owned(),
        import,
    }));
}

const TYPES: [&str; 7] = [
    "varchar",
    "integer",
    "bigint",
    "double",
    "boolean",
    "date",
    "timestamp",
];

#[component]
pub fn DataImportDialog(pending: RwSignal<Option<Pending>>) -> impl IntoView {
    view! {
        {move || pending.get().map(|p| view! { <Dialog p pending /> })}
    }
}

#[component]
fn Dialog(p: Pending, pending: RwSignal<Option<Pending>>) -> impl IntoView {
    let wb = use_workbench();
    let stem = p.file.rsplit_once('.').map_or(p.file.as_str(), |(s, _)| s);
    let system = RwSignal::new("files".to_owned());
    let table = RwSignal::new(match snake_case(stem) {
        s if s.is_empty() => "imported".to_owned(),
        s => s,
    });
    let types: Vec<RwSignal<SqlType>> = p
        .import
        .columns
        .iter()
        .map(|c| RwSignal::new(c.data_type))
        .collect();
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let import = StoredValue::new(p.import.clone());
    let file = p.file.clone();
    let types_for_add = types.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut chosen = import.get_value();
        for (c, t) in chosen.columns.iter_mut().zip(&types_for_add) {
            c.data_type = t.get_untracked();
        }
        let (s, t) = (system.get_untracked(), table.get_untracked());
        // Check the names before keeping anything.
        let mut trial = wb.design.get_untracked();
        if let Err(e) = edit::add_imported_table(&mut trial, &s, &t, &chosen, &file, None) {
            problem.set(Some(e.to_string()));
            return;
        }
        busy.set(true);
        let file = file.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = storage::save_data(&chosen.checksum, &chosen.csv).await {
                problem.set(Some(format!("{e}; nothing was imported")));
                busy.set(false);
                return;
            }
            let at = next_slot(&wb, Layer::Raw);
            let rows = chosen.rows;
            let added = wb.edit(format!("Import {file}"), move |d| {
                edit::add_imported_table(d, &s, &t, &chosen, &file, Some(at))
                    .map_err(|e| e.to_string())
            });
            busy.set(false);
            if let Some(name) = added {
                pending.set(None);
                wb.info(format!("Imported {name} ({rows} rows): run the design to load it, then standardize it with a SRC model"));
                wb.select_only(Some(name));
            }
        });
    };
    let format = p.import.format.to_string();
    view! {
        <div class="overlay" role="presentation">
            <form class="dialog csv-import" role="dialog" aria-modal="true" aria-label="Import a data file" on:submit=add>
                <h2>{format!("Import {}", p.file)}</h2>
                <p class="field-doc">
                    {format!("{} rows, {format}. Check the column types; the table lands in RAW as it is, for a SRC model to standardize.", p.import.rows)}
                </p>
                <div class="field-row">
                    <div class="field">
                        <label for="import-system">"system"</label>
                        <input id="import-system" type="text" spellcheck="false"
                            prop:value=move || system.get() on:input=move |ev| system.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="import-table">"table"</label>
                        <input id="import-table" type="text" spellcheck="false"
                            prop:value=move || table.get() on:input=move |ev| table.set(event_target_value(&ev)) />
                    </div>
                </div>
                <div class="import-columns">
                    <table class="result-table">
                        <thead><tr><th>"column"</th><th>"type"</th><th>"NULL"</th><th>"examples"</th></tr></thead>
                        <tbody>
                            {p.import.columns.iter().zip(types).map(|(c, ty)| {
                                let renamed = (c.name != c.original).then(|| format!("from “{}”", c.original));
                                let id = format!("import-type-{}", c.name);
                                view! {
                                    <tr data-import-column=c.name.clone()>
                                        <td><code>{c.name.clone()}</code>{renamed.map(|r| view! { <span class="hint">" "{r}</span> })}</td>
                                        <td>
                                            <select id=id.clone() aria-label=format!("type of {}", c.name)
                                                on:change=move |ev| {
                                                    if let Ok(t) = event_target_value(&ev).parse::<SqlType>() {
                                                        ty.set(t);
                                                    }
                                                }>
                                                {{
                                                    // The detected type is always offered, even
                                                    // when it is no common choice (decimal(12,2)).
                                                    let detected = ty.get_untracked().to_string();
                                                    let mut options: Vec<String> = TYPES.iter().map(|t| (*t).to_owned()).collect();
                                                    if !options.contains(&detected) {
                                                        options.insert(0, detected.clone());
                                                    }
                                                    options.into_iter().map(|t| {
                                                        let selected = t == detected;
                                                        view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                                                    }).collect_view()
                                                }}
                                            </select>
                                        </td>
                                        <td>{c.nulls.to_string()}</td>
                                        <td class="examples">{c.examples.join(" · ")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                <div class="dialog-actions">
                    <button type="button" class="tool" on:click=move |_| pending.set(None)>"Cancel"</button>
                    <button type="submit" class="tool primary" disabled=move || busy.get()>"Add raw table"</button>
                </div>
            </form>
        </div>
    }
}
