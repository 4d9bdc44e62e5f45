//! `business_object` (VLT): one row per state of each object (SCD2), with a
//! hash key over the business key and a hash diff over the tracked
//! attributes. Also home of the helpers the VIN and VLT templates share.

use serde_json::{Map, Value, json};

use super::{Input, jinja_list};
use crate::design::SqlType;
use crate::layer::Materialization;
use crate::render::RenderError;
use crate::render::columns::Column;

/// What a business object model is built from, checked.
struct Plan {
    input: String,
    hash_key: String,
    business_key: Vec<Column>,
    attributes: Vec<Column>,
    effective_from: String,
}

fn plan(input: &Input) -> Result<Plan, RenderError> {
    let model = model_param(input, "input", "the input model")?;
    let hash_key = hash_key_column(input, "object")?;
    let business_key = input.names("business_key");
    if business_key.is_empty() {
        return Err(input.incomplete("choose the business key columns"));
    }
    let attributes: Vec<String> = unique(input.names("attributes"))
        .into_iter()
        .filter(|a| !business_key.contains(a))
        .collect();
    if attributes.is_empty() {
        return Err(input.incomplete("choose the attributes whose changes start a new state"));
    }
    let effective_from = input.text("effective_from");
    if effective_from.is_empty() {
        return Err(input.incomplete("choose the column saying when each state became true"));
    }
    pick(input, model, &[effective_from.to_owned()])?;
    let business_key = pick(input, model, &unique(business_key))?;
    let attributes = pick(input, model, &attributes)?;
    let reserved = [
        hash_key.as_str(),
        "hash_diff",
        "valid_from",
        "valid_to",
        "is_current",
    ];
    refuse_reserved(input, business_key.iter().chain(&attributes), &reserved)?;
    Ok(Plan {
        input: model.to_owned(),
        hash_key,
        business_key,
        attributes,
        effective_from: effective_from.to_owned(),
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = plan(input)?;
    let business_key = names(&plan.business_key);
    let attributes = names(&plan.attributes);
    let mut required = business_key.clone();
    required.push(plan.effective_from.clone());
    let mut context = input.base_context();
    context.insert("incremental".into(), Value::from(is_incremental(input)));
    context.insert("input".into(), Value::from(plan.input));
    context.insert("hk".into(), Value::from(plan.hash_key));
    context.insert("business_key".into(), json!(business_key));
    context.insert("attributes".into(), json!(attributes));
    context.insert(
        "valid_from".into(),
        Value::from(format!("cast({} as timestamp)", plan.effective_from)),
    );
    context.insert("required".into(), json!(not_null(&required)));
    context.insert("hash_key".into(), Value::from(jinja_list(&business_key)));
    context.insert("hash_diff".into(), Value::from(jinja_list(&attributes)));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = plan(input).ok()?;
    let mut columns = vec![
        Column::new(plan.hash_key, Some(SqlType::Varchar))
            .described("The object's hash key: a hash of its business key."),
    ];
    columns.extend(plan.business_key);
    columns.extend(plan.attributes);
    columns.push(
        Column::new("hash_diff", Some(SqlType::Varchar))
            .described("A hash of the tracked attributes; a new value starts a new state."),
    );
    columns.extend(validity_columns());
    Some(columns)
}

// Helpers the VIN and VLT templates share.

/// `valid_from`, `valid_to` and `is_current`: the validity of a state.
pub(super) fn validity_columns() -> [Column; 3] {
    [
        Column::new("valid_from", Some(SqlType::Timestamp))
            .described("When the state became true."),
        Column::new("valid_to", Some(SqlType::Timestamp))
            .described("When the next state took over; NULL for the current state."),
        Column::new("is_current", Some(SqlType::Boolean))
            .described("Whether this is the object's latest state."),
    ]
}

/// Whether the model is built as an incremental table (the VLT default).
pub(super) fn is_incremental(input: &Input) -> bool {
    input.model.effective_materialization() == Materialization::Incremental
}

/// The model named by the parameter `param`, which must exist.
pub(super) fn model_param<'a>(
    input: &'a Input,
    param: &str,
    what: &str,
) -> Result<&'a str, RenderError> {
    let name = input.text(param);
    if name.is_empty() {
        return Err(input.incomplete(format!("choose {what}")));
    }
    if input.design.model(name).is_none() {
        return Err(input.incomplete(format!("there is no model named `{name}`")));
    }
    Ok(name)
}

/// The hash key column of the business object named by the parameter
/// `param`: `customer_hk`.
pub(super) fn hash_key_column(input: &Input, param: &str) -> Result<String, RenderError> {
    let object = input.text(param);
    if object.is_empty() {
        return Err(input.incomplete("choose the business object"));
    }
    object_hash_key(input, object)
}

/// The hash key column of `object`: `customer_hk`.
pub(super) fn object_hash_key(input: &Input, object: &str) -> Result<String, RenderError> {
    if !is_identifier(object) {
        return Err(input.incomplete(format!("`{object}` is not a business object name")));
    }
    Ok(format!("{object}_hk"))
}

/// The columns `names` of the model or raw table `relation`, with their
/// types when the relation's columns are known (and then each must be one
/// of them).
pub(super) fn pick(
    input: &Input,
    relation: &str,
    names: &[String],
) -> Result<Vec<Column>, RenderError> {
    let known = input.upstream(relation);
    names
        .iter()
        .map(|name| {
            if !is_identifier(name) {
                return Err(input.incomplete(format!("`{name}` is not a column name")));
            }
            match known {
                None => Ok(Column::new(name.clone(), None)),
                Some(columns) => columns
                    .iter()
                    .find(|c| c.name == *name)
                    .map(|c| Column::new(name.clone(), c.data_type))
                    .ok_or_else(|| {
                        input.incomplete(format!("`{relation}` has no column `{name}`"))
                    }),
            }
        })
        .collect()
}

/// Refuses input columns named like a column the template adds.
pub(super) fn refuse_reserved<'c>(
    input: &Input,
    columns: impl IntoIterator<Item = &'c Column>,
    reserved: &[&str],
) -> Result<(), RenderError> {
    for column in columns {
        if reserved.contains(&column.name.as_str()) {
            return Err(input.incomplete(format!(
                "the input column `{}` has the name of a column this template adds; rename it upstream",
                column.name
            )));
        }
    }
    Ok(())
}

/// The names of `columns`.
pub(super) fn names(columns: &[Column]) -> Vec<String> {
    columns.iter().map(|c| c.name.clone()).collect()
}

/// `names` without repeats, in their first order.
pub(super) fn unique(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// `a is not null`, one condition per column.
pub(super) fn not_null(columns: &[String]) -> Vec<String> {
    columns.iter().map(|c| format!("{c} is not null")).collect()
}

/// The dbt expression of the hash key over `columns`.
pub(super) fn hash_key_expression(columns: &[String]) -> String {
    format!("{{{{ hash_key({}) }}}}", jinja_list(columns))
}

/// The hash key over `columns` of an object a row refers to, NULL when the
/// row does not name one (any key column is NULL), so that it never matches
/// an object.
pub(super) fn reference_hash_key(columns: &[String]) -> String {
    format!(
        "case when {} then {} end",
        not_null(columns).join(" and "),
        hash_key_expression(columns)
    )
}

/// A plain SQL identifier: letters, digits and underscores, not starting
/// with a digit.
pub(super) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::design::Design;
    use crate::render::{RenderError, Renderer, design_columns};

    /// Why the last of `models` cannot render, over one SRC model of orders.
    fn why(models: serde_json::Value) -> String {
        let mut all = vec![json!({
            "name": "src_shop__orders", "layer": "SRC", "template": "standardize",
            "params": {
                "source": "shop.orders",
                "columns": [{"source": "order_id"}, {"source": "customer_id"}, {"source": "updated_at"}],
                "primary_key": ["order_id"]
            }
        })];
        all.extend(models.as_array().cloned().unwrap_or_default());
        let design: Design = serde_json::from_value(json!({
            "name": "t",
            "sources": [{"system": "shop", "tables": [{"name": "orders", "columns": [
                {"name": "order_id", "type": "integer"},
                {"name": "customer_id", "type": "integer"},
                {"name": "updated_at", "type": "timestamp"}
            ]}]}],
            "models": all
        }))
        .unwrap();
        let columns = design_columns(&design);
        let model = design.models.last().unwrap();
        assert!(
            columns.of(&model.name).is_none(),
            "{} has columns",
            model.name
        );
        match Renderer::new().dbt_file(&design, &columns, model) {
            Err(RenderError::Incomplete { message, .. }) => message,
            other => panic!("expected an incomplete model, got {other:?}"),
        }
    }

    fn vlt(template: &str, params: serde_json::Value) -> serde_json::Value {
        json!([{ "name": "vlt_x", "layer": "VLT", "template": template, "params": params }])
    }

    #[test]
    fn business_object_explains_what_is_missing() {
        let base = json!({"input": "src_shop__orders", "object": "order", "business_key": ["order_id"],
                          "attributes": ["customer_id"], "effective_from": "updated_at"});
        let with = |key: &str, value: serde_json::Value| {
            let mut params = base.clone();
            params[key] = value;
            why(vlt("business_object", params))
        };
        assert_eq!(
            with("input", json!("nope")),
            "there is no model named `nope`"
        );
        assert_eq!(
            with("attributes", json!(["order_id"])),
            "choose the attributes whose changes start a new state"
        );
        assert_eq!(
            with("effective_from", json!("changed_at")),
            "`src_shop__orders` has no column `changed_at`"
        );
        assert_eq!(
            with("object", json!("order line")),
            "`order line` is not a business object name"
        );
    }

    #[test]
    fn relationship_and_event_explain_what_is_missing() {
        let message = why(vlt(
            "relationship",
            json!({"input": "src_shop__orders", "from_object": "order", "from_key": ["order_id"],
                   "to_object": "order", "to_key": ["customer_id"], "effective_from": "updated_at"}),
        ));
        assert!(message.contains("two different objects"), "{message}");
        let message = why(vlt(
            "event",
            json!({"input": "src_shop__orders", "event_key": ["order_id"], "event_time": "updated_at",
                   "objects": [{"object": "customer", "key": ["customer_id"]},
                               {"object": "customer", "key": ["order_id"]}]}),
        ));
        assert!(
            message.contains("two columns named `customer_hk`"),
            "{message}"
        );
        let message = why(vlt(
            "event",
            json!({"input": "src_shop__orders", "event_key": ["order_id"], "event_time": "updated_at",
                   "objects": [], "measures": ["amount"]}),
        ));
        assert_eq!(message, "`src_shop__orders` has no column `amount`");
    }

    #[test]
    fn vin_templates_explain_what_is_missing() {
        let message = why(json!([{
            "name": "vin_x", "layer": "VIN", "template": "union_systems",
            "params": {"inputs": [{"model": "src_shop__orders", "system": "shop",
                                   "rename": [{"column": "order_id", "from": "receipt_no"}]}],
                       "columns": [{"name": "order_id"}]}
        }]));
        assert_eq!(message, "`src_shop__orders` has no column `receipt_no`");
        let message = why(json!([{
            "name": "vin_x", "layer": "VIN", "template": "system_transition",
            "params": {"legacy": "src_shop__orders", "current": "src_shop__orders",
                       "columns": ["order_id"], "time_column": "updated_at",
                       "cutover_at": "2023-07-01", "key_map": "src_shop__orders",
                       "key_column": "customer_id"}
        }]));
        assert!(message.contains("one of the carried columns"), "{message}");
    }
}
