//! `union_systems` (VIN): one concept from several systems' models, with the
//! columns aligned (renamed and cast to one type) and each row tagged with
//! its system.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Input;
use super::business_object::is_identifier;
use crate::design::SqlType;
use crate::render::RenderError;
use crate::render::columns::Column;

/// One input: its model, its system tag and the expression of each output
/// column.
struct Branch {
    model: String,
    system: String,
    expressions: Vec<String>,
}

fn plan(input: &Input) -> Result<(String, Vec<Column>, Vec<Branch>), RenderError> {
    let system_column = input.text("system_column");
    if !is_identifier(system_column) {
        return Err(input.incomplete(format!(
            "`{system_column}` is not a column name for the system tag"
        )));
    }
    let declared = input.records("columns");
    if declared.is_empty() {
        return Err(input.incomplete("choose the aligned output columns"));
    }
    let records = input.records("inputs");
    if records.is_empty() {
        return Err(input.incomplete("choose the models to combine"));
    }
    let mut inputs = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let text = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or("");
        let model = text("model");
        if model.is_empty() {
            return Err(input.incomplete(format!("choose the model of inputs[{i}]")));
        }
        if input.design.model(model).is_none() {
            return Err(input.incomplete(format!("there is no model named `{model}`")));
        }
        let system = text("system");
        if !is_identifier(system) {
            return Err(input.incomplete(format!(
                "give inputs[{i}] ({model}) a system tag of letters, digits and underscores"
            )));
        }
        // Output column ← the input's column that fills it.
        let mut renames = BTreeMap::new();
        for rename in record
            .get("rename")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
        {
            let column = rename.get("column").and_then(Value::as_str).unwrap_or("");
            let from = rename.get("from").and_then(Value::as_str).unwrap_or("");
            if !is_identifier(from) {
                return Err(input.incomplete(format!(
                    "`{from}` is not a column of `{model}` to rename from"
                )));
            }
            renames.insert(column.to_owned(), from.to_owned());
        }
        inputs.push((model.to_owned(), system.to_owned(), renames));
    }

    let mut columns: Vec<Column> = Vec::with_capacity(declared.len());
    for record in &declared {
        let name = record.get("name").and_then(Value::as_str).unwrap_or("");
        if !is_identifier(name) {
            return Err(input.incomplete(format!("`{name}` is not an output column name")));
        }
        if name == system_column || columns.iter().any(|c| c.name == name) {
            return Err(input.incomplete(format!("the output column `{name}` is named twice")));
        }
        let data_type = match record.get("type").and_then(Value::as_str).unwrap_or("") {
            // The first input that has the column decides.
            "" => inputs.iter().find_map(|(model, _, renames)| {
                let from = renames.get(name).map_or(name, String::as_str);
                input
                    .upstream(model)?
                    .iter()
                    .find(|c| c.name == from)?
                    .data_type
            }),
            text => Some(
                text.parse::<SqlType>()
                    .map_err(|e| input.incomplete(e.to_string()))?,
            ),
        };
        columns.push(Column::new(name, data_type));
    }

    let mut branches = Vec::with_capacity(inputs.len());
    for (model, system, renames) in inputs {
        let known = input.upstream(&model);
        let mut expressions = Vec::with_capacity(columns.len());
        for column in &columns {
            let renamed = renames.get(&column.name);
            let from = renamed.unwrap_or(&column.name);
            let present = known.is_none_or(|cols| cols.iter().any(|c| c.name == *from));
            if !present && renamed.is_some() {
                return Err(input.incomplete(format!("`{model}` has no column `{from}`")));
            }
            expressions.push(match (present, column.data_type) {
                (true, Some(t)) => format!("cast({from} as {t}) as {}", column.name),
                (true, None) if *from == column.name => from.clone(),
                (true, None) => format!("{from} as {}", column.name),
                // A column this system does not have is NULL in its rows.
                (false, Some(t)) => format!("cast(null as {t}) as {}", column.name),
                (false, None) => format!("null as {}", column.name),
            });
        }
        branches.push(Branch {
            model,
            system,
            expressions,
        });
    }
    Ok((system_column.to_owned(), columns, branches))
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let (system_column, _, branches) = plan(input)?;
    let inputs: Vec<Value> = branches
        .into_iter()
        .map(|b| {
            json!({
                "model": b.model,
                "system": b.system,
                "expressions": b.expressions,
            })
        })
        .collect();
    let mut context = input.base_context();
    context.insert("system_column".into(), Value::from(system_column));
    context.insert("inputs".into(), Value::Array(inputs));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let (system_column, columns, _) = plan(input).ok()?;
    let mut out = vec![
        Column::new(system_column, Some(SqlType::Varchar))
            .described("The system the row came from."),
    ];
    out.extend(columns);
    Some(out)
}
