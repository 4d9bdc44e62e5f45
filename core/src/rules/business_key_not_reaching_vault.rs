//! C004: a business key the plan names does not reach the vault object.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::{
    Context, Finding, Rule, RuleDocs, Severity, and_list, short_list, union_input_mismatch,
};
use crate::design::{Model, Target};
use crate::render::snake_case;
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "C004",
    name: "business-key-not-reaching-vault",
    severity: Severity::Warning,
    summary: "A business key the plan names does not reach the vault object",
    docs: RuleDocs {
        what: "Follows each planned business key into the `business_object` model \
               that keeps the object: the model must hash every key column its \
               object's plan names, and that column must arrive from its input with \
               values from the sources. When a key is lost on the way, the finding \
               follows the column lineage upstream and names the model that drops it.",
        why: "The plan's business key is the object's identity across systems and \
              time, and relationships and events hash the same columns to find their \
              objects. A vault object that hashes something else (because the key was \
              dropped in SRC, or never carried through a VIN model, or the form was \
              filled with another column) builds fine, but its hash keys match nothing \
              the rest of the vault joins on, and one customer may become several, or \
              several one.",
        example: "The plan for `customer` names `customer_number`. `src_crm__customers` \
                  does not keep the raw column `CustomerNumber`, so `vlt_obj_customer` \
                  hashes `email` instead.",
        fix: "Carry the key column from the raw table through every model on the way \
              (keep it in SRC, align or carry it in VIN) and name it in the vault \
              object's `business_key`. If the plan is what is wrong, correct the \
              object's business keys there, so the plan and the vault agree.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, model) in cx.design.models.iter().enumerate() {
        if model.template != TemplateKind::BusinessObject
            || cx.graph.model_index(&model.name) != Some(i)
        {
            continue;
        }
        let text = |name: &str| {
            model
                .params
                .get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
        };
        let (Some(object), Some(input)) = (text("object"), text("input")) else {
            continue;
        };
        // An unplanned object is V004's; a plan without keys, V001's.
        let Some(plan) = cx.design.object(object) else {
            continue;
        };
        let hashed: Vec<&str> = model
            .params
            .get("business_key")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .collect();
        // A model that hashes nothing is V001's.
        if hashed.is_empty() {
            continue;
        }
        let Some(columns) = cx.columns_of(input) else {
            continue;
        };
        // A hashed column the input does not have is C001's to report; the
        // plan is compared once the model works.
        if hashed.iter().any(|k| !columns.contains(k)) {
            continue;
        }
        for key in plan.business_keys.iter().map(|k| k.trim()) {
            if key.is_empty() {
                continue;
            }
            let arrives = columns.contains(&key);
            let finding = match (hashed.contains(&key), arrives) {
                (true, _) => constant(cx, model, object, input, key),
                (false, true) => Some(
                    Finding::new(
                        format!(
                            "{} hashes {} as the business key of {object}, but the plan \
                             for {object} names {key}, which {input} has; hash the planned \
                             key, so relationships and events tied to {object} find its \
                             objects (or correct the plan)",
                            model.name,
                            and_list(&hashed)
                        ),
                        vec![model.name.clone()],
                    )
                    .at("business_key"),
                ),
                (false, false) => Some(lost(cx, model, object, input, key, &plan.sources)),
            };
            findings.extend(finding);
        }
    }
    findings
}

/// A hashed key whose values come from no source column: the input makes
/// it up (a constant), so every object gets the same key.
fn constant(cx: &Context, model: &Model, object: &str, input: &str, key: &str) -> Option<Finding> {
    let i = cx.graph.model_index(input)?;
    let lineage = cx.model_lineage(i)?;
    let column = lineage.columns.iter().find(|c| c.name == key)?;
    if lineage.error.is_some()
        || !column.sources.is_empty()
        // A union whose inputs all lack the key fills it with NULL: C003
        // says so where the key went missing.
        || union_input_mismatch::explains(cx, i)
    {
        return None;
    }
    Some(Finding::new(
        format!(
            "{}'s business key {key} reaches it without data: {input} computes {key} from \
             no source column, so every {object} gets the same hash key; select the \
             key from the source in {input}",
            model.name
        ),
        vec![input.to_owned(), model.name.clone()],
    ))
}

/// The key is neither hashed nor in the input: find, upstream, the nearest
/// relation that has it and the model that drops it.
fn lost(
    cx: &Context,
    model: &Model,
    object: &str,
    input: &str,
    key: &str,
    sources: &[String],
) -> Finding {
    let opening = format!(
        "{key}, the business key the plan for {object} names, does not reach {}",
        model.name
    );
    // Breadth first, so the nearest relation with the key is found; each
    // relation remembers the model that read it on the way.
    let mut reader: HashMap<String, String> = HashMap::new();
    let mut seen: HashSet<String> = HashSet::from([input.to_owned()]);
    let mut queue = VecDeque::from([input.to_owned()]);
    let mut found: Option<(String, String, String)> = None;
    'search: while let Some(name) = queue.pop_front() {
        let Some(i) = cx.graph.model_index(&name) else {
            continue;
        };
        for upstream in cx.graph.inputs(i) {
            if upstream.target == Target::Missing {
                continue;
            }
            let up = upstream.reference.to_string();
            if !seen.insert(up.clone()) {
                continue;
            }
            reader.insert(up.clone(), name.clone());
            if let Some(as_named) = has_key(cx, &up, key) {
                found = Some((up, name.clone(), as_named));
                break 'search;
            }
            queue.push_back(up);
        }
    }
    let Some((holder, dropper, as_named)) = found else {
        let planned = if sources.is_empty() {
            String::new()
        } else {
            format!(" (the plan's sources are {})", short_list(sources, 3))
        };
        return Finding::new(
            format!(
                "{opening}: neither {input} nor anything it reads has a column {key}{planned}; \
                 keep the key in the SRC model of its source and carry it to {input}, or \
                 correct the plan's business keys",
            ),
            vec![model.name.clone()],
        )
        .at("business_key");
    };
    // The models between the one that drops the key and the vault object.
    let mut path = vec![dropper.clone()];
    while let Some(next) = path.last().and_then(|m| reader.get(m)) {
        path.push(next.clone());
    }
    let holder = if cx.graph.model_index(&holder).is_some() {
        holder
    } else if as_named == key {
        format!("the raw table {holder}")
    } else {
        format!("the raw table {holder} (as {as_named})")
    };
    let after = match &path[1..] {
        [] => String::new(),
        rest => format!(", and so neither does {}", and_list(rest)),
    };
    let carry = if path.len() > 1 {
        format!("carry it through {}", and_list(&path))
    } else {
        format!("keep it in {dropper}")
    };
    let mut models = path;
    models.push(model.name.clone());
    Finding::new(
        format!(
            "{opening}: {dropper} reads it from {holder} but does not pass it on{after}; \
             {carry} and hash it in {}",
            model.name
        ),
        models,
    )
}

/// The name the column `key` has in `relation`, if it has it: the same name
/// in a model; in a raw table also a raw name that standardizes to it
/// (`CustomerNumber` for `customer_number`).
fn has_key(cx: &Context, relation: &str, key: &str) -> Option<String> {
    let columns = cx.columns_of(relation)?;
    if columns.contains(&key) {
        return Some(key.to_owned());
    }
    if cx.graph.model_index(relation).is_some() {
        return None;
    }
    columns
        .into_iter()
        .find(|c| snake_case(c) == key)
        .map(str::to_owned)
}
