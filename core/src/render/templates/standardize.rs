//! `standardize` (SRC): rename, cast, clean, dedupe and add load metadata to
//! one raw table.

use serde_json::{Map, Value, json};

use super::{Input, jinja_list};
use crate::design::SqlType;
use crate::render::columns::Column;
use crate::render::{RenderError, quote_ident, snake_case};

/// One kept column: where it comes from and what it becomes.
struct Kept {
    source: String,
    name: String,
    data_type: SqlType,
    is_text: bool,
    trim: bool,
    empty_as_null: bool,
}

fn kept(input: &Input) -> Result<(String, String, Vec<Kept>), RenderError> {
    let source = input.text("source");
    let Some((system, table)) = source.split_once('.') else {
        return Err(input.incomplete("choose the raw table to standardize"));
    };
    let raw = input
        .upstream(source)
        .ok_or_else(|| input.incomplete(format!("the raw table `{source}` does not exist")))?;
    let records = input.records("columns");
    if records.is_empty() {
        return Err(input.incomplete("choose the columns to keep"));
    }
    let mut kept = Vec::with_capacity(records.len());
    for record in records {
        let text = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or("");
        let flag = |key: &str| record.get(key).and_then(Value::as_bool).unwrap_or(true);
        let column = text("source");
        let raw_column = raw
            .iter()
            .find(|c| c.name == column)
            .ok_or_else(|| input.incomplete(format!("`{source}` has no column `{column}`")))?;
        let raw_type = raw_column.data_type.unwrap_or(SqlType::Varchar);
        let data_type = match text("type") {
            "" => raw_type,
            other => other
                .parse()
                .map_err(|e: crate::design::UnknownSqlType| input.incomplete(e.to_string()))?,
        };
        let name = match text("name") {
            "" => snake_case(column),
            other => other.to_owned(),
        };
        kept.push(Kept {
            source: column.to_owned(),
            name,
            data_type,
            is_text: raw_type == SqlType::Varchar,
            trim: flag("trim"),
            empty_as_null: flag("empty_as_null"),
        });
    }
    Ok((system.to_owned(), table.to_owned(), kept))
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let (system, table, kept) = kept(input)?;
    let mut context = input.base_context();
    let columns: Vec<Value> = kept
        .iter()
        .map(|k| {
            let raw = quote_ident(&k.source);
            let value = if k.is_text && (k.trim || k.empty_as_null) {
                format!(
                    "{{{{ clean_text('{raw}', trim={}, empty_as_null={}) }}}}",
                    k.trim, k.empty_as_null
                )
            } else {
                raw
            };
            json!({
                "name": k.name,
                "expression": format!("cast({value} as {})", k.data_type),
            })
        })
        .collect();
    let names: Vec<String> = kept.iter().map(|k| k.name.clone()).collect();
    let optional_quoted = |name: &str| match input.text(name) {
        "" => Value::Null,
        raw => Value::from(quote_ident(raw)),
    };
    context.insert("system".into(), Value::from(system));
    context.insert("table".into(), Value::from(table));
    context.insert("columns".into(), Value::Array(columns));
    context.insert("latest_by".into(), optional_quoted("latest_by"));
    context.insert("loaded_at".into(), optional_quoted("loaded_at"));
    context.insert("hash_columns".into(), Value::from(jinja_list(&names)));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let (_, _, kept) = kept(input).ok()?;
    let mut columns: Vec<Column> = kept
        .into_iter()
        .map(|k| Column::new(k.name, Some(k.data_type)))
        .collect();
    columns.push(
        Column::new("_loaded_at", Some(SqlType::Timestamp))
            .described("When the row was loaded into the warehouse."),
    );
    columns.push(
        Column::new("_record_source", Some(SqlType::Varchar))
            .described("The raw table the row came from, as system.table."),
    );
    columns.push(
        Column::new("_row_hash", Some(SqlType::Varchar))
            .described("A hash of the row's standardized values."),
    );
    Some(columns)
}
