//! `relationship` (VLT): which object B each object A points to over time
//! (an order's customer), one row per state of the link, partitioned by A:
//! a new state starts when A points to another B.

use serde_json::{Map, Value, json};

use super::Input;
use super::business_object::{
    hash_key_column, hash_key_expression, is_incremental, model_param, names, not_null, pick,
    reference_hash_key, unique, validity_columns,
};
use crate::design::SqlType;
use crate::render::RenderError;
use crate::render::columns::Column;

/// What a relationship model is built from, checked.
struct Plan {
    input: String,
    from_hk: String,
    from_key: Vec<String>,
    to_hk: String,
    to_key: Vec<String>,
    effective_from: String,
}

fn plan(input: &Input) -> Result<Plan, RenderError> {
    let model = model_param(input, "input", "the input model")?;
    let from_hk = hash_key_column(input, "from_object")?;
    let to_hk = hash_key_column(input, "to_object")?;
    if from_hk == to_hk {
        return Err(input.incomplete(
            "a relationship of an object to itself would have two columns named the same; \
             this template links two different objects",
        ));
    }
    let from_key = unique(input.names("from_key"));
    if from_key.is_empty() {
        return Err(input.incomplete("choose the business key columns of the from object"));
    }
    let to_key = unique(input.names("to_key"));
    if to_key.is_empty() {
        return Err(input.incomplete("choose the business key columns of the to object"));
    }
    let effective_from = input.text("effective_from");
    if effective_from.is_empty() {
        return Err(input.incomplete("choose the column saying when each link became true"));
    }
    pick(input, model, &[effective_from.to_owned()])?;
    let from_key = names(&pick(input, model, &from_key)?);
    let to_key = names(&pick(input, model, &to_key)?);
    Ok(Plan {
        input: model.to_owned(),
        from_hk,
        from_key,
        to_hk,
        to_key,
        effective_from: effective_from.to_owned(),
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = plan(input)?;
    let keys = unique(plan.from_key.iter().chain(&plan.to_key).cloned());
    let link_key: Vec<String> = plan.from_key.iter().chain(&plan.to_key).cloned().collect();
    let mut required = plan.from_key.clone();
    required.push(plan.effective_from.clone());
    let mut context = input.base_context();
    context.insert("incremental".into(), Value::from(is_incremental(input)));
    context.insert("input".into(), Value::from(plan.input));
    context.insert("keys".into(), json!(keys));
    context.insert(
        "valid_from".into(),
        Value::from(format!("cast({} as timestamp)", plan.effective_from)),
    );
    context.insert("required".into(), json!(not_null(&required)));
    context.insert("from_hk".into(), Value::from(plan.from_hk));
    context.insert(
        "from_hash".into(),
        Value::from(hash_key_expression(&plan.from_key)),
    );
    context.insert("to_hk".into(), Value::from(plan.to_hk));
    context.insert(
        "to_hash".into(),
        Value::from(reference_hash_key(&plan.to_key)),
    );
    context.insert(
        "link_hash".into(),
        Value::from(hash_key_expression(&link_key)),
    );
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = plan(input).ok()?;
    let mut columns = vec![
        Column::new(plan.from_hk, Some(SqlType::Varchar))
            .described("The hash key of the object that points (the many side)."),
        Column::new(plan.to_hk, Some(SqlType::Varchar))
            .described("The hash key of the object it points to; NULL while it points to none."),
        Column::new("link_hk", Some(SqlType::Varchar))
            .described("A hash of both objects' business keys; a new value starts a new state."),
    ];
    columns.extend(validity_columns());
    Some(columns)
}
