//! The design space (FRAMEWORK §5.3): the models the data and the planned
//! business objects make possible but the design does not have yet, each
//! with its template parameters filled in, so a workshop chooses from a map
//! instead of a blank page. The workbench shows them as ghost cards; one
//! click applies a proposal (and the proposals it builds on).
//!
//! The map is proposed layer by layer, each stage looking at the design
//! with the earlier stages' proposals applied, so a design of raw tables
//! and planned objects shows its whole space at once:
//!
//! 1. SRC `standardize` for every raw table nothing reads, keyed by the
//!    table's own identifier (`order_id` in `orders`) or by the business
//!    key of an object that names it as a source;
//! 2. VLT `business_object` for every planned object without one, reading
//!    the SRC or VIN model that carries its key;
//! 3. VLT `relationship` for every planned relationship between objects
//!    that no relationship or event links yet, reading a model that
//!    carries both keys; VLT `event` for every SRC or VIN model that
//!    nothing in VIN or VLT reads, has its own key and an event time, and
//!    carries a planned object's key (orders of a customer);
//! 4. AIN `event_rollup` per object for every event nothing reads yet;
//! 5. ANA `analytic_object` for every vault object no analytic object
//!    completes, measured over the first event tied to it.
//!
//! Marts are not proposed: they are shaped by a consumer's questions,
//! which the data does not tell.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{EditError, add_model, rename, set_param, standardize_raw_table};
use crate::design::{Cardinality, Design, DesignGraph, Model, Position};
use crate::layer::Layer;
use crate::render::templates::names_in;
use crate::render::{self, Column, DesignColumns, snake_case};
use crate::template::TemplateKind;

/// A model the design could have.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub layer: Layer,
    pub template: TemplateKind,
    /// The name it would get.
    pub name: String,
    /// Why it is proposed, for the ghost card's title.
    pub reason: String,
    /// Earlier proposals it reads, in the order they are applied.
    needs: Vec<Proposal>,
    what: What,
}

impl Proposal {
    /// The names of the proposals this one builds on; applying it adds
    /// those the design does not have yet, first.
    pub fn needs(&self) -> impl Iterator<Item = &str> {
        self.needs.iter().map(|p| p.name.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
enum What {
    Standardize {
        raw: String,
        key: Vec<String>,
    },
    /// A model of `template` in `layer` with these parameters.
    Model {
        params: Vec<(&'static str, Value)>,
    },
}

/// Columns a load process adds, not attributes of the business.
fn technical(column: &str) -> bool {
    column.starts_with('_')
        || matches!(
            column,
            "loaded_at" | "load_time" | "record_source" | "hash_diff" | "source_system"
        )
        || column.ends_with("_hk")
}

/// Columns saying when a row's state changed, not when something happened.
const CHANGE_TIMES: [&str; 4] = ["updated_at", "modified_at", "changed_at", "valid_from"];

/// `orders` → `order`, `categories` → `category`, `addresses` → `address`.
pub(super) fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = ["sses", "ches", "shes", "xes"]
        .iter()
        .find_map(|s| word.strip_suffix(s).map(|stem| (stem, s)))
        .map(|(stem, s)| format!("{stem}{}", &s[..s.len() - 2]))
    {
        stem
    } else if word.ends_with("ss") || word.ends_with("us") {
        word.to_owned()
    } else {
        word.strip_suffix('s').unwrap_or(word).to_owned()
    }
}

/// `order` → `orders`, `category` → `categories`.
fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{stem}ies")
    } else if word.ends_with(['s', 'x']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// The concept a SRC or VIN model is about, singular: `src_pos__orders` →
/// `order`, `vin_payment__union` → `payment`.
fn concept(model: &Model) -> String {
    let name = model.name.as_str();
    match model.layer {
        Layer::Src => singular(name.rsplit("__").next().unwrap_or(name)),
        _ => {
            let rest = name.split_once('_').map_or(name, |(_, rest)| rest);
            singular(rest.split("__").next().unwrap_or(rest))
        }
    }
}

fn param<'a>(model: &'a Model, name: &str) -> Option<&'a str> {
    model.params.get(name).and_then(Value::as_str)
}

fn has_all(columns: &[Column], keys: &[String]) -> bool {
    !keys.is_empty() && keys.iter().all(|k| columns.iter().any(|c| c.name == *k))
}

/// Every proposal for `design`, whose models produce `columns`, layer by
/// layer (SRC first), in design order within a layer.
pub fn design_space(design: &Design, columns: &DesignColumns) -> Vec<Proposal> {
    type Stage = fn(&Design, &DesignColumns) -> Vec<Proposal>;
    let stages: [Stage; 5] = [standardize, objects, links_and_events, rollups, analytics];
    let mut all: Vec<Proposal> = Vec::new();
    let mut design = Cow::Borrowed(design);
    let mut columns = Cow::Borrowed(columns);
    for (i, stage) in stages.iter().enumerate() {
        let found = stage(&design, &columns);
        if found.is_empty() {
            continue;
        }
        let last = i + 1 == stages.len();
        for mut proposal in found {
            // Later stages see it applied; what does not apply cleanly is
            // not proposed. The last stage needs no simulation: a proposal
            // there only adds a model and sets its parameters.
            if !last
                && apply_one(design.to_mut(), &proposal, None).as_deref()
                    != Ok(proposal.name.as_str())
            {
                continue;
            }
            proposal.needs = needs_of(&proposal, &all);
            all.push(proposal);
        }
        if !last {
            columns = Cow::Owned(render::design_columns(&design));
        }
    }
    all
}

/// The earlier proposals `proposal` reads, with what they need, in order.
fn needs_of(proposal: &Proposal, earlier: &[Proposal]) -> Vec<Proposal> {
    let What::Model { params } = &proposal.what else {
        return Vec::new();
    };
    let mut needs: Vec<Proposal> = Vec::new();
    for value in params.iter().filter_map(|(_, v)| v.as_str()) {
        if let Some(p) = earlier.iter().find(|p| p.name == value) {
            for n in p.needs.iter().chain([p]) {
                if !needs.iter().any(|have| have.name == n.name) {
                    let mut bare = n.clone();
                    bare.needs.clear();
                    needs.push(bare);
                }
            }
        }
    }
    needs
}

fn standardize(design: &Design, _: &DesignColumns) -> Vec<Proposal> {
    let read = DesignGraph::build(design).raw_tables_read();
    let mut proposals = Vec::new();
    for (source, table) in design.raw_tables() {
        let raw = format!("{}.{}", source.system, table.name);
        if read.contains(&raw) {
            continue;
        }
        // The table's own identifier (`order_id` in `orders`, or `id`),
        // else the business key of an object that names it as a source.
        let own_id = format!("{}_id", singular(&snake_case(&table.name)));
        let own = table.columns.iter().find(|c| {
            let n = snake_case(&c.name);
            n == own_id || n == "id"
        });
        let key: Vec<String> = match own {
            Some(c) => vec![c.name.clone()],
            None => design
                .objects
                .iter()
                .find(|o| o.sources.contains(&raw) && !o.business_keys.is_empty())
                .map(|o| {
                    o.business_keys
                        .iter()
                        .filter_map(|k| {
                            table
                                .columns
                                .iter()
                                .find(|c| snake_case(&c.name) == *k)
                                .map(|c| c.name.clone())
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        proposals.push(Proposal {
            layer: Layer::Src,
            template: TemplateKind::Standardize,
            name: format!("src_{}__{}", source.system, snake_case(&table.name)),
            reason: format!(
                "Nothing reads the raw table {raw} yet: standardize it{}",
                if key.is_empty() {
                    String::new()
                } else {
                    format!(", keyed by {}", key.join(", "))
                }
            ),
            needs: Vec::new(),
            what: What::Standardize { raw, key },
        });
    }
    proposals
}

/// SRC and VIN models, the vault's possible inputs.
fn vault_inputs(design: &Design) -> impl Iterator<Item = &Model> + Clone {
    design
        .models
        .iter()
        .filter(|m| matches!(m.layer, Layer::Src | Layer::Vin))
}

/// The first of `candidates` that reads one of `sources` (raw tables),
/// else the first.
fn prefer_sources<'a>(
    candidates: impl Iterator<Item = &'a Model> + Clone,
    sources: &[String],
) -> Option<&'a Model> {
    let reads_source =
        |m: &&Model| param(m, "source").is_some_and(|s| sources.iter().any(|o| o == s));
    candidates
        .clone()
        .find(reads_source)
        .or_else(|| candidates.clone().next())
}

fn objects(design: &Design, columns: &DesignColumns) -> Vec<Proposal> {
    let mut proposals = Vec::new();
    for object in &design.objects {
        let modelled = design.models.iter().any(|m| {
            m.template == TemplateKind::BusinessObject
                && param(m, "object") == Some(object.name.as_str())
        });
        if modelled || object.business_keys.is_empty() {
            continue;
        }
        // The model that carries every business key, preferring one that
        // reads a raw table the object names as its source.
        let candidates = vault_inputs(design).filter(|m| {
            columns
                .of(&m.name)
                .is_some_and(|c| has_all(c, &object.business_keys))
        });
        let Some(input) = prefer_sources(candidates, &object.sources) else {
            continue;
        };
        let cols = columns.of(&input.name).unwrap_or_default();
        let effective_from = CHANGE_TIMES
            .into_iter()
            .find(|t| cols.iter().any(|c| c.name == *t))
            .map(str::to_owned);
        let attributes: Vec<String> = cols
            .iter()
            .map(|c| c.name.clone())
            .filter(|c| {
                !object.business_keys.contains(c)
                    && !technical(c)
                    && Some(c) != effective_from.as_ref()
            })
            .collect();
        let mut params = vec![
            ("input", json!(input.name)),
            ("object", json!(object.name)),
            ("business_key", json!(object.business_keys)),
            ("attributes", json!(attributes)),
        ];
        if let Some(t) = effective_from {
            params.push(("effective_from", json!(t)));
        }
        proposals.push(Proposal {
            layer: Layer::Vlt,
            template: TemplateKind::BusinessObject,
            name: format!("vlt_obj_{}", object.name),
            reason: format!(
                "The business object {} is planned but not in the vault: keep its history from {}",
                object.name, input.name
            ),
            needs: Vec::new(),
            what: What::Model { params },
        });
    }
    proposals
}

/// The column saying when the rows of `columns` happened: a timestamp or
/// date that is not a load or change time (`ordered_at`), else
/// `created_at`; `None` when there is none.
fn event_time(columns: &[Column]) -> Option<&str> {
    let is_time = |c: &&Column| {
        matches!(
            c.data_type,
            Some(crate::design::SqlType::Timestamp | crate::design::SqlType::Date)
        ) || c.name.ends_with("_at")
            || c.name.ends_with("_date")
            || c.name.ends_with("_time")
    };
    let times = || columns.iter().filter(is_time).map(|c| c.name.as_str());
    times()
        .find(|n| !technical(n) && !CHANGE_TIMES.contains(n) && *n != "created_at")
        .or_else(|| times().find(|n| *n == "created_at"))
}

fn links_and_events(design: &Design, columns: &DesignColumns) -> Vec<Proposal> {
    let mut proposals = relationships(design, columns);
    proposals.extend(events(design, columns));
    proposals
}

fn relationships(design: &Design, columns: &DesignColumns) -> Vec<Proposal> {
    let vault = |template: TemplateKind| {
        design
            .models
            .iter()
            .filter(move |m| m.layer == Layer::Vlt && m.template == template)
    };
    let linked = |a: &str, b: &str| {
        vault(TemplateKind::Relationship).any(|m| {
            let pair = (param(m, "from_object"), param(m, "to_object"));
            pair == (Some(a), Some(b)) || pair == (Some(b), Some(a))
        }) || vault_events(design).any(|(_, _, tied)| tied.contains(&a) && tied.contains(&b))
    };
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut proposals = Vec::new();
    for object in &design.objects {
        for relation in &object.relationships {
            // The link reads from the many side.
            let (from, to) = match relation.cardinality {
                Cardinality::OneToMany => (relation.to.as_str(), object.name.as_str()),
                _ => (object.name.as_str(), relation.to.as_str()),
            };
            let pair = if from < to { (from, to) } else { (to, from) };
            if from == to
                || !seen.insert((pair.0.to_owned(), pair.1.to_owned()))
                || linked(from, to)
            {
                continue;
            }
            let (Some(a), Some(b)) = (design.object(from), design.object(to)) else {
                continue;
            };
            let carries = |m: &&Model| {
                columns.of(&m.name).is_some_and(|c| {
                    has_all(c, &a.business_keys)
                        && has_all(c, &b.business_keys)
                        && event_time(c).is_some()
                })
            };
            let Some(input) = prefer_sources(vault_inputs(design).filter(carries), &a.sources)
            else {
                continue;
            };
            let cols = columns.of(&input.name).unwrap_or_default();
            let effective_from = CHANGE_TIMES
                .into_iter()
                .find(|t| cols.iter().any(|c| c.name == *t))
                .or_else(|| event_time(cols))
                .unwrap_or_default();
            proposals.push(Proposal {
                layer: Layer::Vlt,
                template: TemplateKind::Relationship,
                name: format!("vlt_rel_{from}__{to}"),
                reason: format!(
                    "{from} relates to {to} in the plan, and {} carries both keys: keep the link's history",
                    input.name
                ),
                needs: Vec::new(),
                what: What::Model {
                    params: vec![
                        ("input", json!(input.name)),
                        ("from_object", json!(from)),
                        ("from_key", json!(a.business_keys)),
                        ("to_object", json!(to)),
                        ("to_key", json!(b.business_keys)),
                        ("effective_from", json!(effective_from)),
                    ],
                },
            });
        }
    }
    proposals
}

fn events(design: &Design, columns: &DesignColumns) -> Vec<Proposal> {
    let graph = DesignGraph::build(design);
    let mut proposals = Vec::new();
    for (i, input) in design.models.iter().enumerate() {
        if !matches!(input.layer, Layer::Src | Layer::Vin) {
            continue;
        }
        let read_on = graph.readers(i).iter().any(|&r| {
            design
                .models
                .get(r)
                .is_some_and(|m| matches!(m.layer, Layer::Vin | Layer::Vlt))
        });
        let Some(cols) = columns.of(&input.name) else {
            continue;
        };
        let concept = concept(input);
        let own_id = format!("{concept}_id");
        let event_key = match names_in(input.params.get("primary_key")) {
            key if !key.is_empty() => key,
            _ if cols.iter().any(|c| c.name == own_id) => vec![own_id],
            _ => continue,
        };
        let Some(time) = event_time(cols) else {
            continue;
        };
        let tied: Vec<_> = design
            .objects
            .iter()
            .filter(|o| has_all(cols, &o.business_keys))
            .collect();
        let name = format!("vlt_evt_{concept}");
        if read_on || tied.is_empty() || design.model(&name).is_some() {
            continue;
        }
        let keys: BTreeSet<&str> = tied
            .iter()
            .flat_map(|o| o.business_keys.iter().map(String::as_str))
            .chain(event_key.iter().map(String::as_str))
            .collect();
        let (measures, attributes): (Vec<&Column>, Vec<&Column>) = cols
            .iter()
            .filter(|c| !technical(&c.name) && c.name != time && !keys.contains(c.name.as_str()))
            .partition(|c| {
                c.data_type.is_some_and(|t| t.is_numeric())
                    && !c.name.ends_with("_id")
                    && !c.name.ends_with("_no")
            });
        let names = |cs: Vec<&Column>| cs.into_iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        let objects: Vec<Value> = tied
            .iter()
            .map(|o| json!({"object": o.name, "key": o.business_keys}))
            .collect();
        proposals.push(Proposal {
            layer: Layer::Vlt,
            template: TemplateKind::Event,
            name,
            reason: format!(
                "{} has its own key ({}), a time ({time}) and the key of {}: keep its rows as events",
                input.name,
                event_key.join(", "),
                tied.iter()
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            needs: Vec::new(),
            what: What::Model {
                params: vec![
                    ("input", json!(input.name)),
                    ("event_key", json!(event_key)),
                    ("event_time", json!(time)),
                    ("objects", Value::Array(objects)),
                    ("measures", json!(names(measures))),
                    ("attributes", json!(names(attributes))),
                ],
            },
        });
    }
    proposals
}

/// The objects an event model is tied to.
fn tied_objects(event: &Model) -> Vec<&str> {
    event
        .params
        .get("objects")
        .and_then(Value::as_array)
        .map(|os| os.iter().filter_map(|o| o["object"].as_str()).collect())
        .unwrap_or_default()
}

/// The vault event models, with the objects each is tied to.
fn vault_events(design: &Design) -> impl Iterator<Item = (usize, &Model, Vec<&str>)> {
    design
        .models
        .iter()
        .enumerate()
        .filter(|(_, m)| m.layer == Layer::Vlt && m.template == TemplateKind::Event)
        .map(|(i, m)| (i, m, tied_objects(m)))
}

/// The name of a measure's sum: `amount` → `total_amount`, `total` →
/// `total`.
fn total(measure: &str) -> String {
    if measure.starts_with("total") {
        measure.to_owned()
    } else {
        format!("total_{measure}")
    }
}

/// How many events, and the sum of each of the event's measures.
fn count_and_totals(event: &Model, word: &str) -> Vec<Value> {
    let mut measures = vec![json!({"name": plural(word), "function": "count"})];
    for m in names_in(event.params.get("measures")) {
        measures.push(json!({"name": total(&m), "function": "sum", "column": m}));
    }
    measures
}

/// What an event is called in measure names: `vlt_evt_payment` → `payment`.
fn event_word(event: &Model) -> &str {
    event.name.strip_prefix("vlt_evt_").unwrap_or(&event.name)
}

fn rollups(design: &Design, _: &DesignColumns) -> Vec<Proposal> {
    let graph = DesignGraph::build(design);
    let mut proposals = Vec::new();
    for (i, event, tied) in vault_events(design) {
        if !graph.readers(i).is_empty() {
            continue;
        }
        let word = event_word(event);
        let measures = count_and_totals(event, word);
        for object in tied {
            proposals.push(Proposal {
                layer: Layer::Ain,
                template: TemplateKind::EventRollup,
                name: format!("ain_{object}__{}_monthly", plural(word)),
                reason: format!(
                    "Nothing reads {} yet: add it up per {object} and month",
                    event.name
                ),
                needs: Vec::new(),
                what: What::Model {
                    params: vec![
                        ("events", json!(event.name)),
                        ("object", json!(object)),
                        ("grain", json!("month")),
                        ("measures", Value::Array(measures.clone())),
                    ],
                },
            });
        }
    }
    proposals
}

fn analytics(design: &Design, _: &DesignColumns) -> Vec<Proposal> {
    // The vault objects an analytic object completes, directly or through
    // a denormalized form.
    let completed: BTreeSet<&str> = design
        .models
        .iter()
        .filter(|m| m.template == TemplateKind::AnalyticObject)
        .filter_map(|m| param(m, "object"))
        .flat_map(|o| {
            let through = design.model(o).and_then(|m| param(m, "object"));
            [Some(o), through].into_iter().flatten()
        })
        .collect();
    let mut proposals = Vec::new();
    for vault in &design.models {
        let Some(object) = param(vault, "object") else {
            continue;
        };
        let name = format!("ana_{object}");
        if vault.template != TemplateKind::BusinessObject
            || completed.contains(vault.name.as_str())
            || design.model(&name).is_some()
        {
            continue;
        }
        let event = vault_events(design).find(|(_, _, tied)| tied.contains(&object));
        let mut params = vec![("object", json!(vault.name))];
        let reason = match event {
            Some((_, event, _)) => {
                let word = event_word(event);
                let mut measures = count_and_totals(event, word);
                measures.extend([
                    json!({"name": format!("first_{word}_at"), "function": "first_at"}),
                    json!({"name": format!("last_{word}_at"), "function": "last_at"}),
                    json!({"name": format!("days_since_last_{word}"), "function": "recency_days"}),
                    json!({"name": format!("{}_per_month", plural(word)), "function": "frequency"}),
                ]);
                params.push(("events", json!(event.name)));
                params.push(("measures", Value::Array(measures)));
                format!(
                    "Complete the {object}: its current state from {} with totals, recency and frequency of {}",
                    vault.name, event.name
                )
            }
            None => format!(
                "Complete the {object}: its current state from {}",
                vault.name
            ),
        };
        proposals.push(Proposal {
            layer: Layer::Ana,
            template: TemplateKind::AnalyticObject,
            name,
            reason,
            needs: Vec::new(),
            what: What::Model { params },
        });
    }
    proposals
}

/// Adds the proposed model at `at`, after the proposals it needs that the
/// design does not have yet; returns its name. Nothing changes on an error.
pub fn apply(
    design: &mut Design,
    proposal: &Proposal,
    at: Option<Position>,
) -> Result<String, EditError> {
    let mut copy = design.clone();
    for need in &proposal.needs {
        if copy.model(&need.name).is_none() {
            let added = apply_one(&mut copy, need, None)?;
            if added != need.name {
                return Err(EditError::BadName(format!(
                    "{} needs {}, which could not be added under that name",
                    proposal.name, need.name
                )));
            }
        }
    }
    let name = apply_one(&mut copy, proposal, at)?;
    *design = copy;
    Ok(name)
}

/// Adds `proposal` alone, taking its name when it is free.
fn apply_one(
    design: &mut Design,
    proposal: &Proposal,
    at: Option<Position>,
) -> Result<String, EditError> {
    match &proposal.what {
        What::Standardize { raw, key } => standardize_raw_table(design, raw, key, at),
        What::Model { params } => {
            let mut copy = design.clone();
            let name = add_model(&mut copy, proposal.layer, proposal.template, at)?;
            for (param, value) in params {
                if let Some(model) = value.as_str().filter(|_| names_model(proposal, param))
                    && copy.model(model).is_none()
                {
                    return Err(EditError::UnknownCard(model.to_owned()));
                }
                set_param(&mut copy, &name, param, Some(value.clone()))?;
            }
            let name = if copy.model(&proposal.name).is_none()
                && rename(&mut copy, &name, &proposal.name).is_ok()
            {
                proposal.name.clone()
            } else {
                name
            };
            *design = copy;
            Ok(name)
        }
    }
}

/// Whether `param` of the proposed template names a model.
fn names_model(proposal: &Proposal, param: &str) -> bool {
    proposal
        .template
        .params()
        .iter()
        .any(|spec| spec.name == param && matches!(spec.kind, crate::template::ParamKind::Model(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_turn_singular_and_plural() {
        for (one, many) in [
            ("order", "orders"),
            ("category", "categories"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("batch", "batches"),
            ("day", "days"),
        ] {
            assert_eq!(plural(one), many);
            assert_eq!(singular(many), one);
        }
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("class"), "class");
    }
}
