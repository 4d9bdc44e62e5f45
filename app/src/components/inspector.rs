//! The model panel: the selected model's name, description and template
//! parameters as a form built from the template's schema (each field with
//! its one-line explanation and its problems inline), and previews of what
//! the template produces: the dbt model file, the compiled SQL for DuckDB
//! and Snowflake, and its `schema.yml` entry.

use leptos::prelude::*;
use serde_json::Value;
use strata_core::design::{BusinessObject, Cardinality, Design, Model};
use strata_core::edit;
use strata_core::export;
use strata_core::render::{Renderer, Target};
use strata_core::template::{self, ParamKind, ParamSpec};

use crate::state::{Workbench, use_workbench};

thread_local! {
    /// Built once: it holds the parsed templates and macros.
    static RENDERER: Renderer = Renderer::new();
}

/// The tabs of the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Form,
    Dbt,
    Duckdb,
    Snowflake,
    Schema,
    Data,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Form,
        Tab::Dbt,
        Tab::Duckdb,
        Tab::Snowflake,
        Tab::Schema,
        Tab::Data,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Form => "Form",
            Tab::Dbt => "dbt model",
            Tab::Duckdb => "DuckDB SQL",
            Tab::Snowflake => "Snowflake SQL",
            Tab::Schema => "schema.yml",
            Tab::Data => "Data",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Form => "form",
            Tab::Dbt => "dbt",
            Tab::Duckdb => "duckdb",
            Tab::Snowflake => "snowflake",
            Tab::Schema => "schema",
            Tab::Data => "data",
        }
    }
}

/// A preview: the text, or what went wrong producing it.
#[derive(Clone, Debug, PartialEq)]
enum Preview {
    Text(String),
    Error(String),
}

fn preview(wb: &Workbench, name: &str, tab: Tab) -> Preview {
    let columns = wb.columns.get();
    wb.design.with(|design| {
        let Some(model) = design.model(name) else {
            return Preview::Error(format!("{name} is a raw table: it has no model file"));
        };
        RENDERER.with(|renderer| render_tab(renderer, design, &columns.0, model, tab))
    })
}

fn render_tab(
    renderer: &Renderer,
    design: &Design,
    columns: &strata_core::render::DesignColumns,
    model: &Model,
    tab: Tab,
) -> Preview {
    let dbt = match renderer.dbt_file(design, columns, model) {
        Ok(dbt) => dbt,
        Err(e) => return Preview::Error(e.to_string()),
    };
    let target = match tab {
        Tab::Dbt => return Preview::Text(dbt),
        Tab::Schema => return Preview::Text(export::schema_entry(columns, model)),
        Tab::Duckdb => Target::Duckdb,
        Tab::Snowflake => Target::Snowflake,
        Tab::Form | Tab::Data => return Preview::Text(String::new()),
    };
    match renderer.compile(design, model, &dbt, target) {
        Ok(sql) => Preview::Text(sql),
        Err(e) => Preview::Error(e.to_string()),
    }
}

#[component]
pub fn Inspector() -> impl IntoView {
    let wb = use_workbench();
    let tab = RwSignal::new(Tab::Form);
    // The panel is rebuilt only when the selected card changes, so fields
    // and the SQL editor keep their focus while the design changes under them.
    let selected = Memo::new(move |_| wb.selected_one());
    let several = Memo::new(move |_| wb.selection.with(Vec::len) > 1);
    view! {
        <aside class="inspector" aria-label="Model panel">
            {move || match selected.get() {
                None => {
                    if several.get() {
                        view! {
                            <div class="inspector-empty">
                                {move || format!(
                                    "{} cards selected. Drag one to move them together, or press Delete.",
                                    wb.selection.with(Vec::len),
                                )}
                            </div>
                        }
                            .into_any()
                    } else {
                        view! { <DesignPanel /> }.into_any()
                    }
                }
                Some(name) => view! { <ModelPanel name tab /> }.into_any(),
            }}
        </aside>
    }
}

#[component]
fn ModelPanel(name: String, tab: RwSignal<Tab>) -> impl IntoView {
    let wb = use_workbench();
    let is_model = wb.design.with_untracked(|d| d.model(&name).is_some());
    if !is_model {
        return view! { <RawTablePanel name /> }.into_any();
    }
    let name_for_tabs = name.clone();
    let panel = move || {
        let name = name_for_tabs.clone();
        match tab.get() {
            Tab::Form => view! { <ModelForm name /> }.into_any(),
            Tab::Data => view! { <crate::components::data::DataPreview name /> }.into_any(),
            t => {
                let text = Memo::new(move |_| preview(&wb, &name, t));
                view! {
                    {move || match text.get() {
                        Preview::Text(s) => view! { <pre class="code-preview" data-preview=t.id()>{s}</pre> }.into_any(),
                        Preview::Error(e) => view! { <p class="preview-error" role="alert">{e}</p> }.into_any(),
                    }}
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="model-panel">
            <div class="tabs" role="tablist" aria-label="Model views">
                {Tab::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <button
                                role="tab"
                                class="tab"
                                id=format!("tab-{}", t.id())
                                aria-selected=move || (tab.get() == t).to_string()
                                on:click=move |_| tab.set(t)
                            >
                                {t.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="tab-panel" role="tabpanel">{panel}</div>
        </div>
    }
    .into_any()
}

#[component]
fn RawTablePanel(name: String) -> impl IntoView {
    let wb = use_workbench();
    let columns = wb.columns.get_untracked();
    let cols = columns.0.of(&name).map(<[_]>::to_vec).unwrap_or_default();
    view! {
        <div class="model-panel tab-panel">
            <h2 class="panel-title"><span class="card-layer">"RAW"</span>" "{name.clone()}</h2>
            <p class="field-doc">"A raw table as it landed from its source system. Its SRC model standardizes it."</p>
            <table class="columns-table">
                <thead><tr><th>"Column"</th><th>"Type"</th></tr></thead>
                <tbody>
                    {cols
                        .into_iter()
                        .map(|c| {
                            view! {
                                <tr>
                                    <td>{c.name.clone()}</td>
                                    <td>{c.data_type.map(|t| t.to_string()).unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <crate::components::profile::RawProfile name=name.clone() />
        </div>
    }
}

/// The form: name, description, then one field per template parameter.
#[component]
fn ModelForm(name: String) -> impl IntoView {
    let wb = use_workbench();
    let model = Memo::new({
        let name = name.clone();
        move |_| wb.design.with(|d| d.model(&name).cloned())
    });
    let Some(initial) = model.get_untracked() else {
        return ().into_any();
    };
    let template = initial.template;
    let info = template::TemplateKind::params(template);
    let problems = Memo::new(move |_| {
        model
            .get()
            .map(|m| template::validate(m.template, &m.params))
            .unwrap_or_default()
    });
    let rename_error = RwSignal::new(None::<String>);
    let name_for_rename = name.clone();
    let rename = move |new: String| {
        let old = name_for_rename.clone();
        if new == old {
            rename_error.set(None);
            return;
        }
        match wb.design.with_untracked(|d| {
            let mut copy = d.clone();
            edit::rename(&mut copy, &old, &new).map(|()| copy)
        }) {
            Ok(_) => {
                rename_error.set(None);
                wb.edit(format!("Rename {old} to {new}"), |d| {
                    edit::rename(d, &old, &new).map_err(|e| e.to_string())
                });
                wb.select_only(Some(new));
            }
            Err(e) => rename_error.set(Some(e.to_string())),
        }
    };
    let name_for_desc = name.clone();
    let layer = initial.layer;
    view! {
        <form class="model-form" on:submit=|ev| ev.prevent_default()>
            <h2 class="panel-title">
                <span class=format!("card-layer layer-{}", layer.code().to_ascii_lowercase())>{layer.code()}</span>
                " "
                {template.name()}
            </h2>
            <p class="field-doc">{template.summary()}</p>
            <div class="field">
                <label for="field-name">"name"<span class="required" aria-hidden="true">"*"</span></label>
                <input
                    id="field-name"
                    type="text"
                    spellcheck="false"
                    prop:value=name.clone()
                    on:change=move |ev| rename(event_target_value(&ev))
                    aria-invalid=move || rename_error.get().is_some().to_string()
                />
                <p class="field-doc">
                    {format!("The dbt model name, following the {} pattern ", layer.code())}
                    {layer.name_patterns().iter().map(|p| view! { <code>{*p}</code>" " }).collect_view()}
                </p>
                {move || rename_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
            <div class="field">
                <label for="field-description">"description"</label>
                <textarea
                    id="field-description"
                    rows="2"
                    prop:value=move || model.get().map(|m| m.description).unwrap_or_default()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        let name = name_for_desc.clone();
                        wb.edit(format!("Describe {name}"), move |d| {
                            if let Some(m) = d.models.iter_mut().find(|m| m.name == name) {
                                m.description = text;
                            }
                            Ok(())
                        });
                    }
                ></textarea>
                <p class="field-doc">"What the model holds, for the people who read its docs."</p>
            </div>
            {info
                .iter()
                .map(|spec| {
                    view! { <Field model=name.clone() spec=*spec path=spec.name.to_owned() problems /> }
                })
                .collect_view()}
        </form>
    }
    .into_any()
}

/// The names a reference field may choose from.
fn choices(
    design: &Design,
    wb: &Workbench,
    model: &str,
    spec: &ParamSpec,
    path: &str,
) -> Option<Vec<String>> {
    match spec.kind {
        ParamKind::RawTable => Some(
            design
                .raw_tables()
                .map(|(s, t)| format!("{}.{}", s.system, t.name))
                .collect(),
        ),
        ParamKind::Model(layers) | ParamKind::Models(layers) => Some(
            design
                .models
                .iter()
                .filter(|m| layers.contains(&m.layer) && m.name != model)
                .map(|m| m.name.clone())
                .collect(),
        ),
        ParamKind::Object => Some(design.objects.iter().map(|o| o.name.clone()).collect()),
        ParamKind::Column { of } | ParamKind::Columns { of } => {
            let m = design.model(model)?;
            if of == "output" {
                // The model's own output columns.
                let columns = wb.columns.get_untracked();
                return columns
                    .0
                    .of(model)
                    .map(|cols| cols.iter().map(|c| c.name.clone()).collect());
            }
            // `of` names a sibling in the same record first, then a top-level parameter.
            let sibling = path
                .rfind('.')
                .map(|i| format!("{}.{of}", &path[..i]))
                .filter(|p| p != path)
                .and_then(|p| {
                    edit::param(m, &p)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
            let relation =
                sibling.or_else(|| m.params.get(of).and_then(Value::as_str).map(str::to_owned))?;
            let columns = wb.columns.get_untracked();
            match columns.0.of(&relation) {
                Some(cols) => Some(cols.iter().map(|c| c.name.clone()).collect()),
                // custom_sql declares no columns: use the ones its SQL was
                // found to produce.
                None => wb.lineage.with_untracked(|l| {
                    l.get()
                        .model(&relation)
                        .filter(|m| m.error.is_none())
                        .map(|m| m.columns.iter().map(|c| c.name.clone()).collect())
                }),
            }
        }
        _ => None,
    }
}

/// One parameter's field, by its kind.
#[component]
fn Field(
    model: String,
    spec: ParamSpec,
    path: String,
    problems: Memo<Vec<template::ParamProblem>>,
) -> impl IntoView {
    let wb = use_workbench();
    let id = format!("field-{}", path.replace(['[', ']', '.'], "-"));
    let value = Memo::new({
        let (model, path) = (model.clone(), path.clone());
        move |_| {
            wb.design
                .with(|d| d.model(&model).and_then(|m| edit::param(m, &path).cloned()))
        }
    });
    let set = {
        let (model, path) = (model.clone(), path.clone());
        move |v: Option<Value>| {
            let (model, path) = (model.clone(), path.clone());
            wb.edit(format!("Set {path} of {model}"), move |d| {
                edit::set_param(d, &model, &path, v).map_err(|e| e.to_string())
            });
        }
    };
    let my_problems = {
        let path = path.clone();
        move || {
            problems.with(|ps| {
                ps.iter()
                    .filter(|p| {
                        p.path == path
                            || p.path.starts_with(&format!("{path}["))
                                && !matches!(spec.kind, ParamKind::Records(_))
                    })
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
            })
        }
    };
    let focused = {
        let path = path.clone();
        move || wb.focus_param.get().is_some_and(|f| f == path)
    };
    // A diagnostic that names this field brings it into view.
    let field_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new({
        let focused = focused.clone();
        move |_| {
            if focused()
                && let Some(el) = field_ref.get()
            {
                el.scroll_into_view_with_bool(false);
            }
        }
    });
    let options = {
        let (model, path) = (model.clone(), path.clone());
        Memo::new(move |_| wb.design.with(|d| choices(d, &wb, &model, &spec, &path)))
    };
    let text_of = move || match value.get() {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let input: AnyView = match spec.kind {
        ParamKind::Bool => {
            let set = set.clone();
            view! {
                <input
                    id=id.clone()
                    type="checkbox"
                    prop:checked=move || matches!(value.get(), Some(Value::Bool(true)))
                    on:change=move |ev| set(Some(Value::Bool(event_target_checked(&ev))))
                />
            }
            .into_any()
        }
        ParamKind::Integer { min, max } => {
            let set = set.clone();
            view! {
                <input
                    id=id.clone()
                    type="number"
                    min=min
                    max=max
                    prop:value=text_of
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        set(if text.trim().is_empty() {
                            None
                        } else {
                            Some(text.trim().parse::<i64>().map(Value::from).unwrap_or(Value::String(text)))
                        })
                    }
                />
            }
            .into_any()
        }
        ParamKind::Choice(words) => {
            let set = set.clone();
            view! {
                <select id=id.clone() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(if v.is_empty() { None } else { Some(Value::String(v)) })
                }>
                    <option value="" selected=move || text_of().is_empty()>"—"</option>
                    {words
                        .iter()
                        .map(|w| view! { <option value=*w selected=move || text_of() == *w>{*w}</option> })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        ParamKind::RawTable
        | ParamKind::Model(_)
        | ParamKind::Object
        | ParamKind::Column { .. } => {
            let set = set.clone();
            let id2 = id.clone();
            view! {
                {move || match options.get() {
                    Some(names) => {
                        let set = set.clone();
                        let current = text_of();
                        let missing = !current.is_empty() && !names.contains(&current);
                        view! {
                            <select id=id2.clone() on:change=move |ev| {
                                let v = event_target_value(&ev);
                                set(Some(Value::String(v)))
                            }>
                                <option value="" selected=current.is_empty()>"— choose —"</option>
                                {missing.then(|| view! { <option value=current.clone() selected=true>{format!("{current} (missing)")}</option> })}
                                {names
                                    .into_iter()
                                    .map(|n| {
                                        let selected = n == current;
                                        view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    }
                    None => {
                        let set = set.clone();
                        view! {
                            <input
                                id=id2.clone()
                                type="text"
                                spellcheck="false"
                                prop:value=text_of
                                on:input=move |ev| set(Some(Value::String(event_target_value(&ev))))
                            />
                        }
                            .into_any()
                    }
                }}
            }
            .into_any()
        }
        ParamKind::Models(_) | ParamKind::Columns { .. } => {
            let set = set.clone();
            let id = id.clone();
            view! {
                {move || {
                    let chosen: Vec<String> = match value.get() {
                        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
                        _ => Vec::new(),
                    };
                    match options.get() {
                        Some(names) => {
                            let set = set.clone();
                            let mut all = names.clone();
                            all.extend(chosen.iter().filter(|c| !names.contains(c)).cloned());
                            view! {
                                <fieldset class="choice-list" id=id.clone()>
                                    {all
                                        .into_iter()
                                        .map(|n| {
                                            let on = chosen.contains(&n);
                                            let chosen = chosen.clone();
                                            let set = set.clone();
                                            let n2 = n.clone();
                                            view! {
                                                <label class="choice">
                                                    <input
                                                        type="checkbox"
                                                        prop:checked=on
                                                        on:change=move |ev| {
                                                            let mut next = chosen.clone();
                                                            if event_target_checked(&ev) {
                                                                next.push(n2.clone());
                                                            } else {
                                                                next.retain(|c| *c != n2);
                                                            }
                                                            set(Some(Value::Array(next.into_iter().map(Value::String).collect())))
                                                        }
                                                    />
                                                    {n}
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                </fieldset>
                            }
                                .into_any()
                        }
                        None => {
                            let set = set.clone();
                            view! {
                                <input
                                    id=id.clone()
                                    type="text"
                                    spellcheck="false"
                                    placeholder="comma, separated"
                                    prop:value=chosen.join(", ")
                                    on:change=move |ev| {
                                        let items = event_target_value(&ev)
                                            .split(',')
                                            .map(str::trim)
                                            .filter(|s| !s.is_empty())
                                            .map(|s| Value::String(s.to_owned()))
                                            .collect();
                                        set(Some(Value::Array(items)))
                                    }
                                />
                            }
                                .into_any()
                        }
                    }
                }}
            }
            .into_any()
        }
        ParamKind::Sql => {
            let set = set.clone();
            let on_change = Callback::new(move |text: String| set(Some(Value::String(text))));
            view! {
                <crate::editor::SqlEditor
                    id=id.clone()
                    label=format!("{} (SQL)", spec.name)
                    value=Signal::derive(text_of)
                    on_change
                />
            }
            .into_any()
        }
        ParamKind::Records(fields) => {
            let (model, path) = (model.clone(), path.clone());
            let count = Memo::new(move |_| match value.get() {
                Some(Value::Array(items)) => items.len(),
                _ => 0,
            });
            let add = {
                let set = set.clone();
                move |_| {
                    let mut items = match value.get_untracked() {
                        Some(Value::Array(items)) => items,
                        _ => Vec::new(),
                    };
                    items.push(Value::Object(serde_json::Map::new()));
                    set(Some(Value::Array(items)));
                }
            };
            view! {
                <div class="records" id=id.clone()>
                    {move || {
                        (0..count.get())
                            .map(|i| {
                                let (model, path) = (model.clone(), path.clone());
                                let remove_path = format!("{path}[{i}]");
                                let remove_model = model.clone();
                                view! {
                                    <fieldset class="record">
                                        <legend>
                                            {format!("{} {}", spec.name, i + 1)}
                                            <button
                                                type="button"
                                                class="record-remove"
                                                aria-label=format!("Remove {} {}", spec.name, i + 1)
                                                on:click=move |_| {
                                                    let (m, p) = (remove_model.clone(), remove_path.clone());
                                                    wb.edit(format!("Remove {p} of {m}"), move |d| {
                                                        edit::set_param(d, &m, &p, None).map_err(|e| e.to_string())
                                                    });
                                                }
                                            >
                                                "×"
                                            </button>
                                        </legend>
                                        {fields
                                            .iter()
                                            .map(|f| {
                                                view! {
                                                    <Field
                                                        model=model.clone()
                                                        spec=*f
                                                        path=format!("{path}[{i}].{}", f.name)
                                                        problems
                                                    />
                                                }
                                            })
                                            .collect_view()}
                                    </fieldset>
                                }
                            })
                            .collect_view()
                    }}
                    <button type="button" class="record-add" on:click=add>
                        {format!("+ add {}", spec.name)}
                    </button>
                </div>
            }
            .into_any()
        }
        ParamKind::Text
        | ParamKind::Identifier
        | ParamKind::Date
        | ParamKind::Timestamp
        | ParamKind::SqlType
        | ParamKind::Expression => {
            let set = set.clone();
            view! {
                <input
                    id=id.clone()
                    type="text"
                    spellcheck="false"
                    class:mono=matches!(spec.kind, ParamKind::Expression | ParamKind::SqlType | ParamKind::Identifier)
                    prop:value=text_of
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        set(if v.is_empty() { None } else { Some(Value::String(v)) })
                    }
                />
            }
            .into_any()
        }
    };
    let problems_view = my_problems.clone();
    view! {
        <div class="field" class:focused=focused data-param=path.clone() node_ref=field_ref>
            <label for=id.clone()>
                {spec.name}
                {spec.required.then(|| view! { <span class="required" title="required">"*"</span> })}
                <span class="field-type">{spec.kind.type_name()}</span>
            </label>
            {input}
            <p class="field-doc">{spec.doc}</p>
            {move || {
                problems_view()
                    .into_iter()
                    .map(|m| view! { <p class="field-error" role="alert">{m}</p> })
                    .collect_view()
            }}
        </div>
    }
}

/// With no card selected: the design itself, its description and its
/// business objects (which the vault templates choose from).
#[component]
fn DesignPanel() -> impl IntoView {
    let wb = use_workbench();
    let name = RwSignal::new(String::new());
    let keys = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, k) = (name.get_untracked(), keys.get_untracked());
        let mut copy = wb.design.get_untracked();
        match edit::add_object(&mut copy, &n, &k) {
            Err(e) => problem.set(Some(e.to_string())),
            Ok(_) => {
                wb.edit(format!("Add object {n}"), |d| {
                    edit::add_object(d, &n, &k).map_err(|e| e.to_string())
                });
                problem.set(None);
                name.set(String::new());
                keys.set(String::new());
            }
        }
    };
    view! {
        <div class="model-panel tab-panel design-panel">
            <h2 class="panel-title">"Design"</h2>
            <p class="field-doc">"Select a card to edit it, or add a model with + in a lane. Raw tables come first: + in RAW."</p>
            <div class="field">
                <label for="design-description">"description"</label>
                <textarea
                    id="design-description"
                    rows="2"
                    prop:value=move || wb.design.with(|d| d.description.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        wb.edit("Describe the design", move |d| {
                            d.description = text;
                            Ok(())
                        });
                    }
                ></textarea>
            </div>
            <SampleSettings />
            <h3 class="panel-subtitle">"Business objects"</h3>
            <p class="field-doc">
                "The concepts the warehouse is organized around (customer, order). The vault keeps one model per object, identified by its business key."
            </p>
            <ul class="object-list">
                {move || {
                    wb.design
                        .with(|d| d.objects.clone())
                        .into_iter()
                        .map(|object| view! { <ObjectRow object /> })
                        .collect_view()
                }}
            </ul>
            <RelationshipSuggestions />
            <form class="object-form" on:submit=add aria-label="Add a business object">
                <div class="field">
                    <label for="object-name">"object"</label>
                    <input id="object-name" type="text" spellcheck="false" placeholder="customer"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="object-keys">"business key"</label>
                    <input id="object-keys" type="text" spellcheck="false" placeholder="customer_id"
                        prop:value=move || keys.get() on:input=move |ev| keys.set(event_target_value(&ev)) />
                </div>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                <button type="submit" class="tool">"Add object"</button>
            </form>
        </div>
    }
}

const CARDINALITIES: [(Cardinality, &str); 4] = [
    (Cardinality::ManyToOne, "many to one"),
    (Cardinality::OneToMany, "one to many"),
    (Cardinality::OneToOne, "one to one"),
    (Cardinality::ManyToMany, "many to many"),
];

fn cardinality_words(c: Cardinality) -> &'static str {
    CARDINALITIES
        .iter()
        .find(|(k, _)| *k == c)
        .map_or("", |(_, words)| words)
}

/// One planned business object: its key, the raw tables that feed it and
/// its relationships to other objects, each editable.
#[component]
fn ObjectRow(object: BusinessObject) -> impl IntoView {
    let wb = use_workbench();
    let name = object.name.clone();
    let (tables, others) = wb.design.with_untracked(|d| {
        let tables: Vec<String> = d
            .raw_tables()
            .map(|(s, t)| format!("{}.{}", s.system, t.name))
            .filter(|t| !object.sources.contains(t))
            .collect();
        let others: Vec<String> = d
            .objects
            .iter()
            .map(|o| o.name.clone())
            .filter(|o| *o != object.name && !object.relationships.iter().any(|r| r.to == *o))
            .collect();
        (tables, others)
    });
    let remove_object = {
        let n = name.clone();
        move |_| {
            let n = n.clone();
            wb.edit(format!("Remove object {n}"), move |d| {
                edit::remove_object(d, &n).map_err(|e| e.to_string())
            });
        }
    };
    let set_sources = {
        let n = name.clone();
        move |sources: Vec<String>| {
            let n = n.clone();
            wb.edit(format!("Set the sources of {n}"), move |d| {
                edit::set_object_sources(d, &n, &sources).map_err(|e| e.to_string())
            });
        }
    };
    let sources = object.sources.clone();
    let chips = object
        .sources
        .iter()
        .map(|source| {
            let (set, rest, label) = (set_sources.clone(), sources.clone(), source.clone());
            let gone = source.clone();
            view! {
                <li class="chip">
                    <code>{label.clone()}</code>
                    <button type="button" class="record-remove" aria-label=format!("{name} is not fed by {label}")
                        on:click=move |_| set(rest.iter().filter(|s| **s != gone).cloned().collect())>"×"</button>
                </li>
            }
        })
        .collect_view();
    let add_source = {
        let (set, sources) = (set_sources.clone(), sources.clone());
        move |ev: leptos::ev::Event| {
            let table = event_target_value(&ev);
            if !table.is_empty() {
                let mut all = sources.clone();
                all.push(table);
                set(all);
            }
        }
    };
    let relationships = object
        .relationships
        .iter()
        .map(|r| {
            let (from, to) = (name.clone(), r.to.clone());
            let text = format!("→ {} · {}", r.to, cardinality_words(r.cardinality));
            let (key, label) = (
                format!("{from}->{to}"),
                format!("{from} no longer relates to {to}"),
            );
            view! {
                <li class="object-relationship" data-relationship=key title=r.description.clone()>
                    <span>{text}</span>
                    <button type="button" class="record-remove" aria-label=label
                        on:click=move |_| {
                            let (from, to) = (from.clone(), to.clone());
                            wb.edit(format!("{from} no longer relates to {to}"), move |d| {
                                edit::unrelate_objects(d, &from, &to).map_err(|e| e.to_string())
                            });
                        }>"×"</button>
                </li>
            }
        })
        .collect_view();
    let to = RwSignal::new(others.first().cloned().unwrap_or_default());
    let cardinality = RwSignal::new(Cardinality::ManyToOne);
    let relate = {
        let from = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (from, to, c) = (
                from.clone(),
                to.get_untracked(),
                cardinality.get_untracked(),
            );
            wb.edit(format!("{from} relates to {to}"), move |d| {
                edit::relate_objects(d, &from, &to, c, "").map_err(|e| e.to_string())
            });
        }
    };
    let keys = format!("key: {}", object.business_keys.join(", "));
    let has_others = !others.is_empty();
    view! {
        <li class="object-row" data-object=name.clone()>
            <div class="object-head">
                <strong>{name.clone()}</strong>
                <span class="field-doc">{keys}</span>
                <button type="button" class="record-remove" aria-label=format!("Remove object {name}") on:click=remove_object>"×"</button>
            </div>
            <div class="object-line">
                <span class="field-doc">"fed by"</span>
                <ul class="chips">{chips}</ul>
                {(!tables.is_empty()).then(|| view! {
                    <select class="compact" aria-label=format!("Add a raw table that feeds {name}") on:change=add_source>
                        <option value="" selected=true>"+ raw table"</option>
                        {tables.into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                    </select>
                })}
            </div>
            <ul class="object-relationships">{relationships}</ul>
            {has_others.then(|| view! {
                <form class="object-line" on:submit=relate aria-label=format!("Relate {name} to another object")>
                    <span class="field-doc">"relates to"</span>
                    <select class="compact" aria-label="related object" on:change=move |ev| to.set(event_target_value(&ev))>
                        {others.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                    </select>
                    <select class="compact" aria-label="cardinality" on:change=move |ev| {
                        let words = event_target_value(&ev);
                        if let Some((c, _)) = CARDINALITIES.iter().find(|(_, w)| *w == words) {
                            cardinality.set(*c);
                        }
                    }>
                        {CARDINALITIES.iter().map(|(_, w)| view! { <option value=*w>{*w}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="tool">"Relate"</button>
                </form>
            })}
        </li>
    }
}

/// Relationships between planned objects that profiling found in the data
/// (`core::edit::suggest_relationships`), one click each.
#[component]
fn RelationshipSuggestions() -> impl IntoView {
    let wb = use_workbench();
    let runner = crate::runner::use_runner();
    let suggestions = Memo::new(move |_| {
        runner.profiles.with(|p| {
            p.as_ref().map(|p| {
                wb.design
                    .with(|d| edit::suggest_relationships(d, &p.relationships))
            })
        })
    });
    move || {
        match suggestions.get() {
        None => wb.design.with(|d| d.objects.len() >= 2).then(|| view! {
            <p class="field-doc">"Profile the raw data (select a raw table) and the relationships found between tables are suggested here."</p>
        }.into_any()),
        Some(list) if list.is_empty() => None,
        Some(list) => Some(view! {
            <h4 class="profile-subtitle">"Suggested by profiling"</h4>
            <ul class="object-list suggestions">
                {list.into_iter().map(|s| {
                    let text = format!("{} → {} · {}", s.from, s.to, cardinality_words(s.cardinality));
                    let key = format!("{}->{}", s.from, s.to);
                    view! {
                        <li class="object-row" data-suggestion=key>
                            <span>{text}</span>
                            <span class="field-doc">{s.evidence.clone()}</span>
                            <button type="button" class="tool" on:click=move |_| {
                                let (from, to, c) = (s.from.clone(), s.to.clone(), s.cardinality);
                                wb.edit(format!("{from} relates to {to}"), move |d| {
                                    edit::relate_objects(d, &from, &to, c, "").map_err(|e| e.to_string())
                                });
                            }>"Relate"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()),
    }
    }
}

/// Rows per raw table and the seed of the sample data a run builds on;
/// part of the design, so a shared design runs on the same rows.
#[component]
fn SampleSettings() -> impl IntoView {
    let wb = use_workbench();
    let problem = RwSignal::new(None::<String>);
    let set = move |what: &'static str, text: String| {
        let Ok(value) = text.trim().parse::<u64>() else {
            problem.set(Some(format!("{what} must be a whole number")));
            return;
        };
        if what == "rows" && !(1..=MAX_SAMPLE_ROWS).contains(&value) {
            problem.set(Some(format!(
                "rows must be between 1 and {MAX_SAMPLE_ROWS} per table"
            )));
            return;
        }
        problem.set(None);
        wb.edit(format!("Set the sample {what}"), move |d| {
            match what {
                "rows" => d.settings.sample.rows = value,
                _ => d.settings.sample.seed = value,
            }
            Ok(())
        });
    };
    view! {
        <h3 class="panel-subtitle">"Sample data"</h3>
        <p class="field-doc">
            "Run ▶ generates this many rows per raw table (unless a table sets its own) and builds every model on them in your browser. The same seed gives the same rows on every machine."
        </p>
        <div class="field-row">
            <div class="field">
                <label for="sample-rows">"rows per table"</label>
                <input id="sample-rows" type="number" min="1" max=MAX_SAMPLE_ROWS.to_string()
                    prop:value=move || wb.design.with(|d| d.settings.sample.rows.to_string())
                    on:change=move |ev| set("rows", event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="sample-seed">"seed"</label>
                <input id="sample-seed" type="number" min="0"
                    prop:value=move || wb.design.with(|d| d.settings.sample.seed.to_string())
                    on:change=move |ev| set("seed", event_target_value(&ev)) />
            </div>
        </div>
        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
    }
}

/// The most sample rows per table the workbench generates in the browser.
const MAX_SAMPLE_ROWS: u64 = 1_000_000;
