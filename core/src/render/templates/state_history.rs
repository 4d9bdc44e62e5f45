//! `state_history` (ANA): the state of each object at every point of a date
//! spine. An object's state as of a date is the one valid at the start of
//! that day: `valid_from <= as_of_date < valid_to` (no valid_to: still
//! valid). One row per point and object, from the object's first state on.

use serde_json::{Map, Value};

use super::Input;
use super::denormalize::{hash_key_of, object_of};
use super::event_rollup::column_of;
use crate::design::SqlType;
use crate::render::RenderError;
use crate::render::columns::Column;

/// The columns a state carries besides what it describes.
const STATE_COLUMNS: &[&str] = &["hash_diff", "valid_from", "valid_to", "is_current"];

struct History {
    object_model: String,
    states_cte: String,
    hash_key: Column,
    grain: String,
    start: String,
    /// A date literal, or none: up to the latest state's start.
    end: Option<String>,
    shown: Vec<Column>,
}

/// A `YYYY-MM-DD` parameter as a SQL literal; `None` when empty.
fn date_literal(input: &Input, name: &str) -> Result<Option<String>, RenderError> {
    let text = input.text(name).trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let well_formed = matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())));
    if !well_formed {
        return Err(input.incomplete(format!(
            "`{name}` must be a date as YYYY-MM-DD (got `{text}`)"
        )));
    }
    Ok(Some(format!("'{text}'")))
}

fn history(input: &Input) -> Result<History, RenderError> {
    let object_model = input.text("object");
    if object_model.is_empty() {
        return Err(input.incomplete("choose the object model whose states to show"));
    }
    let columns = input.upstream(object_model).ok_or_else(|| {
        input.incomplete(format!("the columns of `{object_model}` are not known yet"))
    })?;
    for state_column in ["valid_from", "valid_to"] {
        column_of(input, columns, object_model, state_column)?;
    }
    let hash_key = hash_key_of(input.design, object_model, columns)
        .ok_or_else(|| input.incomplete(format!("`{object_model}` has no hash key column")))?;
    let object = object_of(input.design, object_model)
        .unwrap_or_else(|| hash_key.trim_end_matches("_hk").to_owned());
    let grain = input.text("grain");
    if !["day", "week", "month"].contains(&grain) {
        return Err(input.incomplete(format!("unknown grain `{grain}`")));
    }
    let start = date_literal(input, "start_date")?
        .ok_or_else(|| input.incomplete("choose the first date of the history"))?;
    let end = date_literal(input, "end_date")?;
    let chosen = input.names("columns");
    let shown: Vec<Column> = if chosen.is_empty() {
        columns
            .iter()
            .filter(|c| c.name != hash_key && !STATE_COLUMNS.contains(&c.name.as_str()))
            .cloned()
            .collect()
    } else {
        let mut shown = Vec::with_capacity(chosen.len());
        for name in &chosen {
            if name == &hash_key || name == "as_of_date" {
                return Err(input.incomplete(format!(
                    "`{name}` is always in the history; choose only attributes"
                )));
            }
            if shown.iter().any(|c: &Column| &c.name == name) {
                return Err(input.incomplete(format!("`{name}` is chosen twice")));
            }
            shown.push(column_of(input, columns, object_model, name)?.clone());
        }
        shown
    };
    Ok(History {
        object_model: object_model.to_owned(),
        states_cte: format!("{object}_states"),
        hash_key: column_of(input, columns, object_model, &hash_key)?.clone(),
        grain: grain.to_owned(),
        start,
        end,
        shown,
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = history(input)?;
    let mut context = input.base_context();
    let states = &plan.states_cte;
    // The spine's bounds are SQL handed to the macro: literals, or the
    // latest state's start (never today, so every rebuild agrees).
    let end = plan
        .end
        .clone()
        .unwrap_or_else(|| format!("(select max(cast(valid_from as date)) from {states})"));
    let spine = format!(
        "{{{{ date_spine(\"{}\", \"{end}\", '{}') }}}}",
        plan.start, plan.grain
    );
    let mut selected = vec![
        "as_of_dates.spine_date as as_of_date".to_owned(),
        format!("{states}.{}", plan.hash_key.name),
    ];
    selected.extend(plan.shown.iter().map(|c| format!("{states}.{}", c.name)));
    context.insert("object_model".into(), Value::from(plan.object_model));
    context.insert("states_cte".into(), Value::from(plan.states_cte));
    context.insert("spine".into(), Value::from(spine));
    context.insert("selected".into(), Value::from(selected));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = history(input).ok()?;
    let mut columns = vec![
        Column::new("as_of_date", Some(SqlType::Date)).described(format!(
            "The point in time (start of the day); one every {}.",
            plan.grain
        )),
        plan.hash_key,
    ];
    columns.extend(plan.shown);
    Some(columns)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::event_rollup::tests::{incomplete, render};

    const FIXTURE: &str = include_str!("../../../tests/data/templates/state_history.json");

    #[test]
    fn without_an_end_the_spine_stops_at_the_latest_state() {
        let dbt = render(FIXTURE, "ana_order__history", |_| {}).unwrap();
        assert!(
            dbt.contains("(select max(cast(valid_from as date)) from order_states)"),
            "{dbt}"
        );
        assert!(!dbt.contains("current_date"), "{dbt}");
    }

    #[test]
    fn dates_are_checked_before_they_reach_sql() {
        let message = incomplete(render(FIXTURE, "ana_customer__history", |p| {
            p.insert("start_date".into(), json!("2024-01-01' or 1=1 --"));
        }));
        assert!(
            message.starts_with("`start_date` must be a date"),
            "{message}"
        );
    }
}
