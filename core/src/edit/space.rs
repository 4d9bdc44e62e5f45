//! The design space (FRAMEWORK §5.3): the models the data and the planned
//! business objects make possible but the design does not have yet, each
//! with its template parameters filled in, so a workshop chooses from a map
//! instead of a blank page. The workbench shows them as ghost cards; one
//! click applies a proposal.
//!
//! Proposed today: a SRC `standardize` for every raw table nothing reads
//! (keyed by the table's own identifier, `order_id` in `orders`, or by the
//! business key of an object that names it as a source), and a VLT
//! `business_object` for every planned object without one (reading the SRC
//! model that carries its key, with the other columns as attributes and a
//! change timestamp as `effective_from` when there is one).

use serde_json::{Value, json};

use super::{EditError, add_model, connect, rename, set_param, standardize_raw_table};
use crate::design::{Design, DesignGraph, Position};
use crate::layer::Layer;
use crate::render::{DesignColumns, snake_case};
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
    what: What,
}

#[derive(Clone, Debug, PartialEq)]
enum What {
    Standardize {
        raw: String,
        key: Vec<String>,
    },
    BusinessObject {
        object: String,
        input: String,
        key: Vec<String>,
        attributes: Vec<String>,
        effective_from: Option<String>,
    },
}

/// Columns a load process adds, not attributes of the business.
fn technical(column: &str) -> bool {
    matches!(
        column,
        "loaded_at" | "load_time" | "_loaded_at" | "record_source" | "hash_diff"
    ) || column.ends_with("_hk")
}

/// Every proposal for `design`, whose models produce `columns`, SRC
/// before VLT, in design order.
pub fn design_space(design: &Design, columns: &DesignColumns) -> Vec<Proposal> {
    let read = DesignGraph::build(design).raw_tables_read();
    let mut proposals = Vec::new();
    for (source, table) in design.raw_tables() {
        let raw = format!("{}.{}", source.system, table.name);
        if read.contains(&raw) {
            continue;
        }
        // The table's own identifier (`order_id` in `orders`, or `id`),
        // else the business key of an object that names it as a source.
        let singular = snake_case(&table.name);
        let singular = singular.strip_suffix('s').unwrap_or(&singular);
        let own = table.columns.iter().find(|c| {
            let n = snake_case(&c.name);
            n == format!("{singular}_id") || n == "id"
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
            what: What::Standardize { raw, key },
        });
    }

    for object in &design.objects {
        let modelled = design.models.iter().any(|m| {
            m.template == TemplateKind::BusinessObject
                && m.params.get("object").and_then(Value::as_str) == Some(object.name.as_str())
        });
        if modelled || object.business_keys.is_empty() {
            continue;
        }
        // The SRC model that carries every business key, preferring one
        // that reads a raw table the object names as its source.
        let candidates = design.models.iter().filter(|m| {
            m.layer == Layer::Src
                && columns.of(&m.name).is_some_and(|cols| {
                    object
                        .business_keys
                        .iter()
                        .all(|k| cols.iter().any(|c| c.name == *k))
                })
        });
        let reads_source = |m: &&crate::design::Model| {
            m.params
                .get("source")
                .and_then(Value::as_str)
                .is_some_and(|s| object.sources.iter().any(|o| o == s))
        };
        let Some(input) = candidates
            .clone()
            .find(reads_source)
            .or_else(|| candidates.clone().next())
        else {
            continue;
        };
        let cols = columns.of(&input.name).unwrap_or_default();
        let effective_from = ["updated_at", "modified_at", "changed_at", "valid_from"]
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
        proposals.push(Proposal {
            layer: Layer::Vlt,
            template: TemplateKind::BusinessObject,
            name: format!("vlt_obj_{}", object.name),
            reason: format!(
                "The business object {} is planned but not in the vault: keep its history from {}",
                object.name, input.name
            ),
            what: What::BusinessObject {
                object: object.name.clone(),
                input: input.name.clone(),
                key: object.business_keys.clone(),
                attributes,
                effective_from,
            },
        });
    }
    proposals
}

/// Adds the proposed model at `at`; returns its name. Nothing changes on
/// an error.
pub fn apply(
    design: &mut Design,
    proposal: &Proposal,
    at: Option<Position>,
) -> Result<String, EditError> {
    match &proposal.what {
        What::Standardize { raw, key } => standardize_raw_table(design, raw, key, at),
        What::BusinessObject {
            object,
            input,
            key,
            attributes,
            effective_from,
        } => {
            let mut copy = design.clone();
            let name = add_model(&mut copy, Layer::Vlt, TemplateKind::BusinessObject, at)?;
            connect(&mut copy, input, &name)?;
            set_param(&mut copy, &name, "object", Some(json!(object)))?;
            set_param(&mut copy, &name, "business_key", Some(json!(key)))?;
            set_param(&mut copy, &name, "attributes", Some(json!(attributes)))?;
            if let Some(t) = effective_from {
                set_param(&mut copy, &name, "effective_from", Some(json!(t)))?;
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
