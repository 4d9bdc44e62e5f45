//! `system_transition` (VIN): a concept moving from a legacy system to its
//! replacement: the legacy system's rows from before the cut-over, the new
//! system's rows from it on, legacy keys translated through a key map.

use serde_json::{Map, Value, json};

use super::Input;
use super::business_object::{is_identifier, model_param, names, pick};
use crate::design::SqlType;
use crate::render::RenderError;
use crate::render::columns::Column;
use crate::template::TemplateKind;

/// The key map: the legacy key column to translate and the map's columns.
struct KeyMap {
    model: String,
    key_column: String,
    legacy_key: String,
    current_key: String,
    /// The type of the map's current keys, when known.
    current_key_type: Option<SqlType>,
}

/// What a transition is built from, checked.
struct Plan {
    legacy: String,
    current: String,
    /// The output columns with the new system's types.
    columns: Vec<Column>,
    /// The legacy system's types of the same columns.
    legacy_types: Vec<Option<SqlType>>,
    time_column: String,
    cutover_at: String,
    key_map: Option<KeyMap>,
    system_column: String,
}

fn plan(input: &Input) -> Result<Plan, RenderError> {
    let legacy = model_param(input, "legacy", "the legacy system's model")?;
    let current = model_param(input, "current", "the new system's model")?;
    let wanted = input.names("columns");
    if wanted.is_empty() {
        return Err(input.incomplete("choose the columns to carry over"));
    }
    let columns = pick(input, current, &wanted)?;
    let legacy_types = pick(input, legacy, &wanted)?
        .into_iter()
        .map(|c| c.data_type)
        .collect();
    let time_column = input.text("time_column");
    if time_column.is_empty() {
        return Err(input.incomplete("choose the column that dates each row"));
    }
    for model in [current, legacy] {
        pick(input, model, &[time_column.to_owned()])?;
    }
    let cutover_at = timestamp_literal(input.text("cutover_at"))
        .ok_or_else(|| input.incomplete("give the cut-over moment as YYYY-MM-DD HH:MM:SS"))?;
    let system_column = input.text("system_column");
    if !is_identifier(system_column) {
        return Err(input.incomplete(format!(
            "`{system_column}` is not a column name for the system tag"
        )));
    }
    if wanted.iter().any(|c| c == system_column) {
        return Err(input.incomplete(format!(
            "`{system_column}` is both a carried column and the system column"
        )));
    }
    let key_map = match input.text("key_map") {
        "" => None,
        _ => {
            let model = model_param(input, "key_map", "the key map")?;
            let key_column = input.text("key_column");
            if !wanted.iter().any(|c| c == key_column) {
                return Err(input
                    .incomplete("choose the key column to translate, one of the carried columns"));
            }
            let map_columns = [
                input.text("map_legacy_key").to_owned(),
                input.text("map_current_key").to_owned(),
            ];
            let map_columns = pick(input, model, &map_columns)?;
            let [legacy_key, current_key] = map_columns.as_slice() else {
                return Err(input.incomplete("choose the key map's columns"));
            };
            Some(KeyMap {
                model: model.to_owned(),
                key_column: key_column.to_owned(),
                legacy_key: legacy_key.name.clone(),
                current_key: current_key.name.clone(),
                current_key_type: current_key.data_type,
            })
        }
    };
    Ok(Plan {
        legacy: legacy.to_owned(),
        current: current.to_owned(),
        columns,
        legacy_types,
        time_column: time_column.to_owned(),
        cutover_at,
        key_map,
        system_column: system_column.to_owned(),
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = plan(input)?;
    let (legacy_system, current_system) = system_tags(input, &plan.legacy, &plan.current);
    // Legacy values are cast to the new system's types where they differ.
    let alias = if plan.key_map.is_some() {
        "legacy."
    } else {
        ""
    };
    let legacy_columns: Vec<String> = plan
        .columns
        .iter()
        .zip(&plan.legacy_types)
        .map(|(column, legacy_type)| {
            let name = &column.name;
            let value = cast_to(format!("{alias}{name}"), *legacy_type, column.data_type);
            let value = match &plan.key_map {
                Some(map) if map.key_column == *name => format!(
                    "coalesce({}, {value})",
                    cast_to(
                        "key_map.current_key".to_owned(),
                        map.current_key_type,
                        column.data_type
                    )
                ),
                _ => value,
            };
            if value == format!("{alias}{name}") {
                value
            } else {
                format!("{value} as {name}")
            }
        })
        .collect();
    let key_map = plan.key_map.as_ref().map(|map| {
        json!({
            "model": map.model,
            "key_column": map.key_column,
            "legacy_key": map.legacy_key,
            "current_key": map.current_key,
        })
    });
    let mut context = input.base_context();
    context.insert("legacy".into(), Value::from(plan.legacy));
    context.insert("current".into(), Value::from(plan.current));
    context.insert("legacy_system".into(), Value::from(legacy_system));
    context.insert("current_system".into(), Value::from(current_system));
    context.insert("system_column".into(), Value::from(plan.system_column));
    context.insert("legacy_columns".into(), json!(legacy_columns));
    context.insert("current_columns".into(), json!(names(&plan.columns)));
    context.insert(
        "time_column".into(),
        Value::from(format!("{alias}{}", plan.time_column)),
    );
    context.insert("current_time_column".into(), Value::from(plan.time_column));
    context.insert(
        "cutover_at".into(),
        Value::from(format!("cast('{}' as timestamp)", plan.cutover_at)),
    );
    context.insert("key_map".into(), key_map.unwrap_or(Value::Null));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = plan(input).ok()?;
    let mut columns = vec![
        Column::new(plan.system_column, Some(SqlType::Varchar))
            .described("The system the row came from: the legacy one or its replacement."),
    ];
    columns.extend(plan.columns);
    Some(columns)
}

/// The tags of the two systems' rows: the systems the two models
/// standardize (`pos`, `shop`), so they match what `union_systems` writes,
/// or `legacy` and `current` when that does not tell them apart.
fn system_tags(input: &Input, legacy: &str, current: &str) -> (String, String) {
    let system = |name: &str| {
        let model = input.design.model(name)?;
        if model.template != TemplateKind::Standardize {
            return None;
        }
        let source = model.params.get("source")?.as_str()?;
        let (system, _) = source.split_once('.')?;
        is_identifier(system).then(|| system.to_owned())
    };
    match (system(legacy), system(current)) {
        (Some(old), Some(new)) if old != new => (old, new),
        _ => ("legacy".to_owned(), "current".to_owned()),
    }
}

/// `value` cast to `to` unless it has that type already.
fn cast_to(value: String, from: Option<SqlType>, to: Option<SqlType>) -> String {
    match to {
        Some(to) if from != Some(to) => format!("cast({value} as {to})"),
        _ => value,
    }
}

/// A timestamp parameter (`YYYY-MM-DD`, with ` HH:MM` or ` HH:MM:SS`, or a
/// `T` between) as `YYYY-MM-DD HH:MM:SS`, or `None` when it is not one.
fn timestamp_literal(text: &str) -> Option<String> {
    let text = text.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, time),
        None => (text, "00:00:00"),
    };
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let date_parts: Vec<&str> = date.split('-').collect();
    let date_ok =
        matches!(date_parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2));
    let time = match time.split(':').collect::<Vec<_>>().as_slice() {
        [h, m] if digits(h, 2) && digits(m, 2) => format!("{h}:{m}:00"),
        [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2) => format!("{h}:{m}:{s}"),
        _ => return None,
    };
    date_ok.then(|| format!("{date} {time}"))
}

#[cfg(test)]
mod tests {
    use super::timestamp_literal;

    #[test]
    fn timestamps_are_normalized() {
        for (text, expected) in [
            ("2023-07-01", Some("2023-07-01 00:00:00")),
            ("2023-07-01 06:30", Some("2023-07-01 06:30:00")),
            ("2023-07-01T06:30:15", Some("2023-07-01 06:30:15")),
            ("2023-07-01 06:30:15", Some("2023-07-01 06:30:15")),
            ("", None),
            ("2023-7-1", None),
            ("2023-07-01' or 1=1 --", None),
        ] {
            assert_eq!(timestamp_literal(text).as_deref(), expected, "{text}");
        }
    }
}
