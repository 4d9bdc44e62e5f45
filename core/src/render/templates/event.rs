//! `event` (VLT): immutable facts tied to objects, one row per event however
//! often it was delivered, with a hash key per object it belongs to.

use serde_json::{Map, Value, json};

use super::Input;
use super::business_object::{
    hash_key_expression, is_incremental, model_param, names, not_null, object_hash_key, pick,
    reference_hash_key, refuse_reserved, unique,
};
use crate::design::SqlType;
use crate::render::RenderError;
use crate::render::columns::Column;

/// An object an event belongs to: its hash key column and key columns.
struct Reference {
    hash_key: String,
    key: Vec<String>,
}

/// What an event model is built from, checked.
struct Plan {
    input: String,
    event_key: Vec<Column>,
    event_time: Column,
    objects: Vec<Reference>,
    /// Measures, then attributes, without the columns kept already.
    values: Vec<Column>,
}

fn plan(input: &Input) -> Result<Plan, RenderError> {
    let model = model_param(input, "input", "the input model")?;
    let event_key = unique(input.names("event_key"));
    if event_key.is_empty() {
        return Err(input.incomplete("choose the columns that identify one event"));
    }
    let event_time = input.text("event_time");
    if event_time.is_empty() {
        return Err(input.incomplete("choose the column saying when each event happened"));
    }
    let event_key = pick(input, model, &event_key)?;
    let event_time = pick(input, model, &[event_time.to_owned()])?
        .pop()
        .ok_or_else(|| input.incomplete("choose the event time"))?;
    let mut reserved = vec!["event_hk".to_owned()];
    let mut objects = Vec::new();
    for (i, record) in input.records("objects").into_iter().enumerate() {
        let object = record.get("object").and_then(Value::as_str).unwrap_or("");
        if object.is_empty() {
            return Err(input.incomplete(format!("choose the business object of objects[{i}]")));
        }
        let hash_key = object_hash_key(input, object)?;
        if reserved.contains(&hash_key) {
            return Err(input.incomplete(format!(
                "the event would have two columns named `{hash_key}`; tie it to each object once"
            )));
        }
        let key = unique(super::names_in(record.get("key")));
        if key.is_empty() {
            return Err(input.incomplete(format!("choose the key columns of `{object}`")));
        }
        let key = names(&pick(input, model, &key)?);
        reserved.push(hash_key.clone());
        objects.push(Reference { hash_key, key });
    }
    let mut kept: Vec<String> = names(&event_key);
    kept.push(event_time.name.clone());
    let values = unique(
        input
            .names("measures")
            .into_iter()
            .chain(input.names("attributes")),
    )
    .into_iter()
    .filter(|c| !kept.contains(c))
    .collect::<Vec<_>>();
    let values = pick(input, model, &values)?;
    let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
    refuse_reserved(
        input,
        event_key.iter().chain([&event_time]).chain(&values),
        &reserved,
    )?;
    Ok(Plan {
        input: model.to_owned(),
        event_key,
        event_time,
        objects,
        values,
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = plan(input)?;
    let event_key = names(&plan.event_key);
    let values = names(&plan.values);
    let time = plan.event_time.name;
    let mut required = event_key.clone();
    required.push(time.clone());
    let read = unique(
        event_key
            .iter()
            .chain([&time])
            .chain(plan.objects.iter().flat_map(|o| &o.key))
            .chain(&values)
            .cloned(),
    );
    let objects: Vec<Value> = plan
        .objects
        .iter()
        .map(|o| {
            // A key the filter already requires needs no NULL check.
            let hash = if o.key.iter().all(|c| required.contains(c)) {
                hash_key_expression(&o.key)
            } else {
                reference_hash_key(&o.key)
            };
            json!({ "hk": o.hash_key, "hash": hash })
        })
        .collect();
    let mut order_by = vec![time.clone()];
    order_by.extend(plan.objects.iter().map(|o| o.hash_key.clone()));
    order_by.extend(values.iter().cloned());
    let mut context = input.base_context();
    context.insert("incremental".into(), Value::from(is_incremental(input)));
    context.insert("input".into(), Value::from(plan.input));
    context.insert("read".into(), json!(read));
    context.insert("required".into(), json!(not_null(&required)));
    context.insert(
        "event_hash".into(),
        Value::from(hash_key_expression(&event_key)),
    );
    context.insert("event_key".into(), json!(event_key));
    let floor_type = match plan.event_time.data_type {
        Some(SqlType::Date) => SqlType::Date,
        _ => SqlType::Timestamp,
    };
    context.insert(
        "time_floor".into(),
        Value::from(format!("cast('1900-01-01' as {floor_type})")),
    );
    context.insert("event_time".into(), Value::from(time));
    context.insert("objects".into(), Value::Array(objects));
    context.insert("values".into(), json!(values));
    context.insert("order_by".into(), Value::from(order_by.join(", ")));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = plan(input).ok()?;
    let mut columns = vec![
        Column::new("event_hk", Some(SqlType::Varchar))
            .described("The event's hash key: a hash of its event key."),
    ];
    columns.extend(plan.event_key);
    columns.push(plan.event_time);
    columns.extend(plan.objects.into_iter().map(|o| {
        Column::new(o.hash_key, Some(SqlType::Varchar))
            .described("The hash key of an object the event belongs to; NULL when it names none.")
    }));
    columns.extend(plan.values);
    Some(columns)
}
