//! `denormalize` (AIN): the current state of an object with columns of the
//! objects it relates to, followed through the relationships' current links.
//!
//! Also home of what the object-reading templates share: which business
//! object a model is about and which column is its hash key.

use serde_json::{Map, Value, json};

use super::Input;
use super::event_rollup::column_of;
use crate::design::Design;
use crate::render::RenderError;
use crate::render::columns::Column;
use crate::template::TemplateKind;

/// The business object whose rows the model `model` holds: the `object` of
/// a business object or rollup, followed through denormalize, analytic
/// object and state history models. `None` when it cannot be told.
pub(super) fn object_of(design: &Design, model: &str) -> Option<String> {
    let mut name = model.to_owned();
    // Bounded: a cycle is a rule violation and must not loop forever here.
    for _ in 0..design.models.len().max(1) {
        let model = design.model(&name)?;
        let object = model
            .params
            .get("object")
            .and_then(Value::as_str)
            .filter(|o| !o.is_empty())?;
        match model.template {
            TemplateKind::BusinessObject | TemplateKind::EventRollup => {
                return Some(object.to_owned());
            }
            TemplateKind::Denormalize
            | TemplateKind::AnalyticObject
            | TemplateKind::StateHistory => name = object.to_owned(),
            _ => return None,
        }
    }
    None
}

/// The hash key column of the model `model`, whose columns are `columns`:
/// `<object>_hk` for a model about an object, `link_hk` for a relationship,
/// else its only `_hk` column.
pub(super) fn hash_key_of(design: &Design, model: &str, columns: &[Column]) -> Option<String> {
    let has = |name: &str| columns.iter().any(|c| c.name == name);
    let expected = match design.model(model).map(|m| m.template) {
        Some(TemplateKind::Relationship) => Some("link_hk".to_owned()),
        _ => object_of(design, model).map(|o| format!("{o}_hk")),
    };
    if let Some(key) = expected {
        return has(&key).then_some(key);
    }
    let mut keys = columns.iter().filter(|c| c.name.ends_with("_hk"));
    match (keys.next(), keys.next()) {
        (Some(only), None) => Some(only.name.clone()),
        _ => None,
    }
}

/// One relationship followed, and what it brings.
struct Follow {
    relationship: String,
    related: String,
    /// The related object's hash key (`customer_hk`).
    related_key: String,
    /// The CTEs holding the current links and the related current rows.
    links_cte: String,
    related_cte: String,
    /// `(related column, output column)`.
    brought: Vec<(String, Column)>,
}

struct Denormalized {
    object: String,
    object_model: String,
    hash_key: String,
    base_cte: String,
    base: Vec<Column>,
    follows: Vec<Follow>,
}

/// The current-state columns of an object model: all but valid_to and
/// is_current.
fn current_columns(columns: &[Column]) -> Vec<Column> {
    columns
        .iter()
        .filter(|c| c.name != "valid_to" && c.name != "is_current")
        .cloned()
        .collect()
}

fn denormalized(input: &Input) -> Result<Denormalized, RenderError> {
    let object_model = input.text("object");
    if object_model.is_empty() {
        return Err(input.incomplete("choose the object model to start from"));
    }
    let object = object_of(input.design, object_model).ok_or_else(|| {
        input.incomplete(format!(
            "`{object_model}` is not a business object model, so its object is unknown"
        ))
    })?;
    let columns = input.upstream(object_model).ok_or_else(|| {
        input.incomplete(format!("the columns of `{object_model}` are not known yet"))
    })?;
    let hash_key = format!("{object}_hk");
    column_of(input, columns, object_model, &hash_key)?;
    column_of(input, columns, object_model, "is_current")?;
    let base = current_columns(columns);
    let records = input.records("relationships");
    if records.is_empty() {
        return Err(input.incomplete("choose the relationships to follow"));
    }
    let base_cte = format!("current_{object}");
    let mut ctes = vec![base_cte.clone()];
    let mut names: Vec<String> = base.iter().map(|c| c.name.clone()).collect();
    let mut follows = Vec::with_capacity(records.len());
    for (i, record) in records.into_iter().enumerate() {
        let text = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or("").trim();
        let (relationship, related) = (text("relationship"), text("related"));
        if relationship.is_empty() || related.is_empty() {
            return Err(input.incomplete(format!(
                "relationship {} needs a relationship model and a related object model",
                i + 1
            )));
        }
        let related_object = object_of(input.design, related).ok_or_else(|| {
            input.incomplete(format!(
                "`{related}` is not a business object model, so its object is unknown"
            ))
        })?;
        if related_object == object {
            return Err(input.incomplete(format!(
                "`{relationship}` links {object} to itself, which denormalize cannot follow"
            )));
        }
        check_direction(input, relationship, &object, &related_object)?;
        let related_key = format!("{related_object}_hk");
        if let Some(link_columns) = input.upstream(relationship) {
            column_of(input, link_columns, relationship, &hash_key)?;
            column_of(input, link_columns, relationship, &related_key)?;
            column_of(input, link_columns, relationship, "is_current")?;
        } else {
            return Err(
                input.incomplete(format!("the columns of `{relationship}` are not known yet"))
            );
        }
        let related_columns = input.upstream(related).ok_or_else(|| {
            input.incomplete(format!("the columns of `{related}` are not known yet"))
        })?;
        column_of(input, related_columns, related, &related_key)?;
        column_of(input, related_columns, related, "is_current")?;
        let prefix = match text("prefix").trim_end_matches('_') {
            "" => related_object.clone(),
            prefix => prefix.to_owned(),
        };
        let chosen = super::names_in(record.get("columns"));
        if chosen.is_empty() {
            return Err(input.incomplete(format!("choose the columns to bring from `{related}`")));
        }
        let mut brought = Vec::with_capacity(chosen.len());
        for name in chosen {
            let column = column_of(input, related_columns, related, &name)?;
            let output = format!("{prefix}_{}", name.trim_start_matches('_'));
            if names.contains(&output) {
                return Err(input.incomplete(format!(
                    "the output would have two columns named `{output}`; \
                     give the relationships different prefixes"
                )));
            }
            names.push(output.clone());
            let out = Column::new(output, column.data_type).described(format!(
                "The {related_object}'s current `{name}`, through `{relationship}`."
            ));
            brought.push((name, out));
        }
        let (links_cte, related_cte) = (format!("{prefix}_links"), format!("current_{prefix}"));
        for cte in [&links_cte, &related_cte] {
            if ctes.contains(cte) {
                return Err(input.incomplete(format!(
                    "the prefix `{prefix}` is used twice or names the object itself; choose another"
                )));
            }
            ctes.push(cte.clone());
        }
        follows.push(Follow {
            relationship: relationship.to_owned(),
            related: related.to_owned(),
            related_key,
            links_cte,
            related_cte,
            brought,
        });
    }
    Ok(Denormalized {
        object,
        object_model: object_model.to_owned(),
        hash_key,
        base_cte,
        base,
        follows,
    })
}

/// A relationship keeps one current link per `from` object, so it can be
/// followed from its from side only: from the to side each object would
/// repeat once per link.
fn check_direction(
    input: &Input,
    relationship: &str,
    object: &str,
    related: &str,
) -> Result<(), RenderError> {
    let Some(model) = input
        .design
        .model(relationship)
        .filter(|m| m.template == TemplateKind::Relationship)
    else {
        return Ok(());
    };
    let side = |key: &str| model.params.get(key).and_then(Value::as_str).unwrap_or("");
    let (from, to) = (side("from_object"), side("to_object"));
    if from == object && to == related {
        Ok(())
    } else if from == related && to == object {
        Err(input.incomplete(format!(
            "`{relationship}` links each {from} to one {to}; followed from {to} it would \
             repeat each {to} once per {from}. Start from {from} instead"
        )))
    } else {
        Err(input.incomplete(format!(
            "`{relationship}` links {from} to {to}, not {object} to {related}"
        )))
    }
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = denormalized(input)?;
    let mut context = input.base_context();
    let base = &plan.base_cte;
    let mut selected: Vec<String> = plan
        .base
        .iter()
        .map(|c| format!("{base}.{}", c.name))
        .collect();
    let follows: Vec<Value> = plan
        .follows
        .iter()
        .map(|f| {
            let related = &f.related_cte;
            selected.extend(
                f.brought
                    .iter()
                    .map(|(from, to)| format!("{related}.{from} as {}", to.name)),
            );
            let mut related_columns = vec![f.related_key.clone()];
            related_columns.extend(f.brought.iter().map(|(from, _)| from.clone()));
            json!({
                "relationship": f.relationship,
                "related": f.related,
                "related_key": f.related_key,
                "links_cte": f.links_cte,
                "related_cte": f.related_cte,
                "related_columns": related_columns,
            })
        })
        .collect();
    context.insert("object".into(), Value::from(plan.object));
    context.insert("object_model".into(), Value::from(plan.object_model));
    context.insert("hash_key".into(), Value::from(plan.hash_key));
    context.insert("base_cte".into(), Value::from(plan.base_cte));
    context.insert("follows".into(), Value::Array(follows));
    context.insert("selected".into(), Value::from(selected));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = denormalized(input).ok()?;
    let mut columns = plan.base;
    for follow in plan.follows {
        columns.extend(follow.brought.into_iter().map(|(_, c)| c));
    }
    Some(columns)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::event_rollup::tests::{incomplete, render};

    const FIXTURE: &str = include_str!("../../../tests/data/templates/denormalize.json");
    const MODEL: &str = "ain_order__with_customer";

    #[test]
    fn a_relationship_is_followed_from_its_many_side_only() {
        let message = incomplete(render(FIXTURE, MODEL, |p| {
            p.insert("object".into(), json!("vlt_obj_customer"));
            p.insert(
                "relationships".into(),
                json!([{"relationship": "vlt_rel_order__customer",
                        "related": "vlt_obj_order", "columns": ["status"]}]),
            );
        }));
        assert_eq!(
            message,
            "`vlt_rel_order__customer` links each order to one customer; followed from \
             customer it would repeat each customer once per order. Start from order instead"
        );
    }

    #[test]
    fn brought_columns_need_distinct_names() {
        let message = incomplete(render(FIXTURE, MODEL, |p| {
            p.insert(
                "relationships".into(),
                json!([
                    {"relationship": "vlt_rel_order__customer", "related": "vlt_obj_customer",
                     "columns": ["segment"]},
                    {"relationship": "vlt_rel_order__customer", "related": "vlt_obj_customer",
                     "columns": ["segment"], "prefix": "customer"}
                ]),
            );
        }));
        assert!(
            message.contains("two columns named `customer_segment`"),
            "{message}"
        );
    }

    #[test]
    fn a_prefix_never_doubles_the_underscore() {
        let dbt = render(FIXTURE, MODEL, |_| {}).unwrap();
        assert!(
            dbt.contains("current_buyer.full_name as buyer_full_name"),
            "{dbt}"
        );
    }
}
