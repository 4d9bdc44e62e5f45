//! A raw table's profile in the raw-table panel: rows and duplicates, per
//! column NULLs, distinct values, range, most common values and a bar
//! chart, candidate keys (one click makes a business object of one, or a
//! SRC model standardizing the table with it when none does yet), and
//! likely relationships to other raw tables with their confidence.

use leptos::prelude::*;
use strata_core::edit;
use strata_core::run::profile::{ColumnProfile, Relationship, TableProfile};

use crate::runner::use_runner;
use crate::state::use_workbench;

#[component]
pub fn RawProfile(name: String) -> impl IntoView {
    let wb = use_workbench();
    let runner = use_runner();
    let table = {
        let name = name.clone();
        Memo::new(move |_| {
            runner.profiles.with(|p| {
                p.as_ref()
                    .and_then(|p| p.tables.iter().find(|t| t.table == name).cloned())
            })
        })
    };
    let relationships = {
        let name = name.clone();
        Memo::new(move |_| {
            runner.profiles.with(|p| {
                p.as_ref().map_or_else(Vec::new, |p| {
                    p.relationships
                        .iter()
                        .filter(|r| r.from_table == name || r.to_table == name)
                        .cloned()
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    view! {
        <section class="profile" aria-label="Profile">
            <div class="profile-head">
                <h3 class="panel-subtitle">"Profile"</h3>
                <button
                    class="tool"
                    disabled=move || runner.progress.with(Option::is_some)
                    on:click=move |_| runner.profile(wb)
                >
                    {move || if table.with(Option::is_some) { "Profile again" } else { "Profile the raw data" }}
                </button>
            </div>
            {move || match table.get() {
                None => view! {
                    <p class="field-doc">
                        "Understand the data before modeling it: profiling loads the sample data into DuckDB and measures every raw table: NULLs, distinct values, ranges, common values, duplicates, candidate keys and relationships between tables."
                    </p>
                }
                    .into_any(),
                Some(p) => view! { <TableView p relationships=relationships.get() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TableView(p: TableProfile, relationships: Vec<Relationship>) -> impl IntoView {
    let wb = use_workbench();
    let rows = p.rows;
    // Whether a model already reads this raw table (then no SRC suggestion).
    let standardized = wb.design.with_untracked(|d| {
        let graph = strata_core::design::DesignGraph::build(d);
        (0..d.models.len()).any(|i| {
            graph
                .inputs(i)
                .iter()
                .any(|input| input.reference.to_string() == p.table)
        })
    });
    let object = p
        .table
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches('s')
        .to_ascii_lowercase();
    view! {
        <p class="profile-summary" data-profile-rows=rows.to_string() data-profile-duplicates=p.duplicate_rows.to_string()>
            {format!("{rows} rows · ")}
            <span class:warn=p.duplicate_rows != 0>
                {match p.duplicate_rows {
                    0 => "no duplicate rows".to_owned(),
                    1 => "1 row repeats another exactly".to_owned(),
                    n => format!("{n} rows repeat another exactly"),
                }}
            </span>
        </p>
        <h4 class="profile-subtitle">"Candidate keys"</h4>
        {if p.candidate_keys.is_empty() {
            view! { <p class="field-doc">"No column or pair of columns is unique and never NULL."</p> }.into_any()
        } else {
            view! {
                <ul class="candidate-keys">
                    {p.candidate_keys.iter().map(|key| {
                        let table_name = p.table.clone();
                        let source = p.table.clone();
                        let keys = key.join(", ");
                        let (label, shown) = (keys.clone(), keys.clone());
                        let object = object.clone();
                        view! {
                            <li data-key=label>
                                <code>{shown}</code>
                                <button class="tool" title="Add a business object identified by this key" on:click=move |_| {
                                    // Keys as the SRC model names its columns; the
                                    // profiled table feeds the object.
                                    let (object, table) = (object.clone(), source.clone());
                                    let keys: Vec<String> = keys.split(", ").map(strata_core::render::snake_case).collect();
                                    let added = wb.edit(format!("Add business object {object}"), move |d| {
                                        let name = edit::add_object(d, &object, &keys.join(","))
                                            .map_err(|e| e.to_string())?;
                                        edit::set_object_sources(d, &name, &[table]).map_err(|e| e.to_string())?;
                                        Ok(name)
                                    });
                                    if let Some(name) = added {
                                        wb.info(format!("Added business object {name}: rename it if the data calls it something else"));
                                    }
                                }>{format!("Use as key of {object}")}</button>
                                {(!standardized).then(|| {
                                    let (raw, key) = (table_name.clone(), key.clone());
                                    view! {
                                        <button class="tool" title="Add a SRC model that standardizes this table, with this key" on:click=move |_| {
                                            let (raw, key) = (raw.clone(), key.clone());
                                            let at = crate::components::canvas::next_slot(&wb, strata_core::Layer::Src);
                                            let added = wb.edit(format!("Standardize {raw}"), move |d| {
                                                edit::standardize_raw_table(d, &raw, &key, Some(at)).map_err(|e| e.to_string())
                                            });
                                            if let Some(name) = added {
                                                wb.info(format!("Added {name}: every column kept, typed and named in snake_case; adjust it in its form"));
                                                wb.select_only(Some(name));
                                            }
                                        }>"Standardize with this key"</button>
                                    }
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(!relationships.is_empty()).then(|| view! {
            <h4 class="profile-subtitle">"Likely relationships"</h4>
            <ul class="relationships">
                {relationships.into_iter().map(|r| view! {
                    <li data-relationship=format!("{}.{}->{}.{}", r.from_table, r.from_column, r.to_table, r.to_column)>
                        <code>{format!("{}.{} → {}.{}", r.from_table, r.from_column, r.to_table, r.to_column)}</code>
                        <span class="test-figures">
                            {format!("{:.0} % of values found · confidence {:.0} %", r.overlap * 100.0, r.confidence * 100.0)}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <h4 class="profile-subtitle">"Columns"</h4>
        <div class="profile-columns">
            {p.columns.into_iter().map(|c| view! { <ColumnCard c rows /> }).collect_view()}
        </div>
    }
}

#[component]
fn ColumnCard(c: ColumnProfile, rows: u64) -> impl IntoView {
    let null_pct = c.null_ratio(rows) * 100.0;
    let bars: Vec<(String, u64)> = if c.histogram.is_empty() {
        c.top
            .iter()
            .map(|(v, n)| (v.clone().unwrap_or_else(|| "NULL".to_owned()), *n))
            .collect()
    } else {
        c.histogram
            .iter()
            .map(|b| (b.from.clone(), b.count))
            .collect()
    };
    let most = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let chart = if c.histogram.is_empty() {
        "most common values"
    } else {
        "histogram"
    };
    view! {
        <div class="profile-column" data-column=c.name.clone() data-nulls=c.nulls.to_string() data-distinct=c.distinct.to_string()>
            <div class="profile-column-head">
                <code>{c.name.clone()}</code>
                <span class="column-type">{c.data_type.clone()}</span>
            </div>
            <dl class="profile-figures">
                <dt>"NULL"</dt><dd>{format!("{null_pct:.1} %")}</dd>
                <dt>"distinct"</dt><dd>{c.distinct.to_string()}</dd>
                <dt>"min"</dt><dd>{c.min.clone().unwrap_or_else(|| "–".to_owned())}</dd>
                <dt>"max"</dt><dd>{c.max.clone().unwrap_or_else(|| "–".to_owned())}</dd>
            </dl>
            <div class="bars" role="img" aria-label=format!("{chart} of {}", c.name)>
                {bars.into_iter().map(|(label, n)| {
                    let width = format!("{:.1}%", n as f64 / most as f64 * 100.0);
                    let title = format!("{label}: {n}");
                    view! {
                        <div class="bar-row" title=title>
                            <span class="bar-label">{label}</span>
                            <span class="bar"><span class="bar-fill" style:width=width></span></span>
                            <span class="bar-count">{n.to_string()}</span>
                        </div>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}
