//! `event_rollup` (AIN): events aggregated per object and period: one row per
//! object hash key and period start (day, week or month).
//!
//! Also home of what the other aggregating templates (`analytic_object`,
//! `metric`) share with it: reading measure records, typing aggregates and
//! finding an event model's time column.

use serde_json::{Map, Value};

use super::Input;
use crate::design::{Design, SqlType};
use crate::render::RenderError;
use crate::render::columns::Column;
use crate::template::TemplateKind;

/// One entry of a `measures` parameter, as written.
pub(super) struct MeasureParam {
    pub name: String,
    pub function: String,
    /// Empty when not given.
    pub column: String,
}

/// The entries of the `measures` parameter: named, with a function, and
/// named once.
pub(super) fn measure_params(input: &Input) -> Result<Vec<MeasureParam>, RenderError> {
    let mut measures: Vec<MeasureParam> = Vec::new();
    for (i, record) in input.records("measures").into_iter().enumerate() {
        let text = |key: &str| {
            record
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let (name, function) = (text("name"), text("function"));
        if name.is_empty() || function.is_empty() {
            return Err(input.incomplete(format!("measure {} needs a name and a function", i + 1)));
        }
        if measures.iter().any(|m| m.name == name) {
            return Err(input.incomplete(format!("two measures are named `{name}`")));
        }
        measures.push(MeasureParam {
            name,
            function,
            column: text("column"),
        });
    }
    Ok(measures)
}

/// An aggregate as SQL, with the type it produces when known.
pub(super) struct Aggregate {
    pub expression: String,
    pub data_type: Option<SqlType>,
}

/// `function` (count, count_distinct, sum, avg, min, max) over `column`
/// (none: count rows). Types are made the same on every target: integer
/// sums are cast to bigint (DuckDB would give hugeint), averages to double.
pub(super) fn aggregate(
    input: &Input,
    function: &str,
    column: Option<&Column>,
) -> Result<Aggregate, RenderError> {
    let typed = |expression: String, data_type: Option<SqlType>| {
        Ok(Aggregate {
            expression,
            data_type,
        })
    };
    let Some(column) = column else {
        return match function {
            "count" => typed("count(*)".into(), Some(SqlType::Bigint)),
            other => Err(input.incomplete(format!("`{other}` needs a column to measure"))),
        };
    };
    let name = &column.name;
    let numeric = || match column.data_type {
        Some(t) if !t.is_numeric() => Err(input.incomplete(format!(
            "`{function}` needs a numeric column; `{name}` is {t}"
        ))),
        _ => Ok(()),
    };
    match function {
        "count" => typed(format!("count({name})"), Some(SqlType::Bigint)),
        "count_distinct" => typed(format!("count(distinct {name})"), Some(SqlType::Bigint)),
        "sum" => {
            numeric()?;
            match column.data_type {
                Some(SqlType::Integer | SqlType::Bigint) => typed(
                    format!("cast(sum({name}) as bigint)"),
                    Some(SqlType::Bigint),
                ),
                Some(SqlType::Decimal { scale, .. }) => typed(
                    format!("sum({name})"),
                    Some(SqlType::Decimal {
                        precision: 38,
                        scale,
                    }),
                ),
                other => typed(format!("sum({name})"), other),
            }
        }
        "avg" => {
            numeric()?;
            typed(
                format!("cast(avg({name}) as double)"),
                Some(SqlType::Double),
            )
        }
        "min" | "max" => typed(format!("{function}({name})"), column.data_type),
        other => Err(input.incomplete(format!("unknown aggregate function `{other}`"))),
    }
}

/// The column `name` of the model (or raw table) `of`, whose columns are
/// `columns`.
pub(super) fn column_of<'c>(
    input: &Input,
    columns: &'c [Column],
    of: &str,
    name: &str,
) -> Result<&'c Column, RenderError> {
    columns
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| input.incomplete(format!("`{of}` has no column `{name}`")))
}

/// The column that dates each row of an event model: the `event_time` of an
/// `event` model, `period_start` of a rollup. `None` for other models.
pub(super) fn event_time_of(design: &Design, model: &str) -> Option<String> {
    let model = design.model(model)?;
    match model.template {
        TemplateKind::Event => model
            .params
            .get("event_time")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        TemplateKind::EventRollup => Some("period_start".to_owned()),
        _ => None,
    }
}

/// Everything the rollup is made of.
struct Rollup {
    events: String,
    hash_key: String,
    period_start: String,
    /// The event columns the measures read.
    read: Vec<String>,
    measures: Vec<(String, Aggregate)>,
}

fn rollup(input: &Input) -> Result<Rollup, RenderError> {
    let events = input.text("events");
    if events.is_empty() {
        return Err(input.incomplete("choose the event model to roll up"));
    }
    let object = input.text("object");
    if object.is_empty() {
        return Err(input.incomplete("choose the object to roll the events up per"));
    }
    let columns = input
        .upstream(events)
        .ok_or_else(|| input.incomplete(format!("the columns of `{events}` are not known yet")))?;
    let hash_key = format!("{object}_hk");
    if !columns.iter().any(|c| c.name == hash_key) {
        return Err(input.incomplete(format!(
            "`{events}` has no `{hash_key}`: its events are not tied to {object}"
        )));
    }
    let event_time = event_time_of(input.design, events).ok_or_else(|| {
        input.incomplete(format!(
            "`{events}` is not an event model, so its event time is unknown"
        ))
    })?;
    column_of(input, columns, events, &event_time)?;
    let grain = input.text("grain");
    if !["day", "week", "month"].contains(&grain) {
        return Err(input.incomplete(format!("unknown grain `{grain}`")));
    }
    let params = measure_params(input)?;
    if params.is_empty() {
        return Err(input.incomplete("choose the measures to compute"));
    }
    let mut read: Vec<String> = Vec::new();
    let mut measures = Vec::with_capacity(params.len());
    for m in params {
        if m.name == hash_key || m.name == "period_start" {
            return Err(input.incomplete(format!(
                "a measure cannot be named `{}`: the rollup has that column already",
                m.name
            )));
        }
        let column = match m.column.as_str() {
            "" => None,
            name => Some(column_of(input, columns, events, name)?),
        };
        if let Some(column) = column {
            if column.name == "period_start" {
                return Err(input.incomplete(
                    "`period_start` is the rollup's own period; measure another column",
                ));
            }
            if column.name != hash_key && !read.contains(&column.name) {
                read.push(column.name.clone());
            }
        }
        measures.push((m.name, aggregate(input, &m.function, column)?));
    }
    Ok(Rollup {
        events: events.to_owned(),
        period_start: format!("cast(date_trunc('{grain}', {event_time}) as date)"),
        hash_key,
        read,
        measures,
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let rollup = rollup(input)?;
    let mut context = input.base_context();
    let mut projected = vec![
        rollup.hash_key.clone(),
        format!("{} as period_start", rollup.period_start),
    ];
    projected.extend(rollup.read.iter().cloned());
    let mut aggregated = vec![rollup.hash_key.clone(), "period_start".to_owned()];
    aggregated.extend(
        rollup
            .measures
            .iter()
            .map(|(name, a)| format!("{} as {name}", a.expression)),
    );
    context.insert("events".into(), Value::from(rollup.events));
    context.insert("hash_key".into(), Value::from(rollup.hash_key));
    context.insert("projected".into(), Value::from(projected));
    context.insert("aggregated".into(), Value::from(aggregated));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let rollup = rollup(input).ok()?;
    let object = input.text("object");
    let grain = input.text("grain");
    let mut columns = vec![
        Column::new(rollup.hash_key, Some(SqlType::Varchar))
            .described(format!("The hash key of the {object}.")),
        Column::new("period_start", Some(SqlType::Date))
            .described(format!("The first day of the {grain} the row covers.")),
    ];
    let described = input.records("measures").into_iter().map(|record| {
        let text = |key: &str| record.get(key).and_then(Value::as_str).unwrap_or("");
        match (text("function"), text("column")) {
            ("count", "") => format!("How many events the {object} had in the {grain}."),
            ("count_distinct", column) => {
                format!("How many distinct `{column}` the {object}'s events had in the {grain}.")
            }
            (function, column) => {
                format!("The {function} of `{column}` over the {object}'s events in the {grain}.")
            }
        }
    });
    columns.extend(
        rollup
            .measures
            .into_iter()
            .zip(described)
            .map(|((name, a), description)| Column::new(name, a.data_type).described(description)),
    );
    Some(columns)
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use crate::render::{RenderError, Renderer, design_columns};

    /// Render the model `model` of the fixture design `fixture` (its JSON
    /// text) after `change` edits its parameters.
    pub fn render(
        fixture: &str,
        model: &str,
        change: impl FnOnce(&mut BTreeMap<String, Value>),
    ) -> Result<String, RenderError> {
        let mut design = crate::document::load(fixture).unwrap();
        let edited = design.models.iter_mut().find(|m| m.name == model).unwrap();
        change(&mut edited.params);
        let columns = design_columns(&design);
        let model = design.model(model).unwrap();
        Renderer::new().dbt_file(&design, &columns, model)
    }

    /// The message of an `Incomplete` error.
    pub fn incomplete(result: Result<String, RenderError>) -> String {
        match result {
            Err(RenderError::Incomplete { message, .. }) => message,
            other => panic!("expected an incomplete model, got {other:?}"),
        }
    }

    const FIXTURE: &str = include_str!("../../../tests/data/templates/event_rollup.json");

    #[test]
    fn renders_the_fixture_unchanged() {
        let dbt = render(FIXTURE, "ain_order__payments_daily", |_| {}).unwrap();
        assert!(dbt.contains("group by order_hk, period_start"), "{dbt}");
    }

    #[test]
    fn the_object_must_be_tied_to_the_events() {
        let message = incomplete(render(FIXTURE, "ain_order__payments_daily", |p| {
            p.insert("object".into(), json!("product"));
        }));
        assert_eq!(
            message,
            "`vlt_evt_payment` has no `product_hk`: its events are not tied to product"
        );
    }

    #[test]
    fn sums_need_numbers_and_measured_columns_must_exist() {
        let measures = |m: Value| {
            move |p: &mut BTreeMap<String, Value>| {
                p.insert("measures".into(), m);
            }
        };
        let message = incomplete(render(
            FIXTURE,
            "ain_order__payments_daily",
            measures(json!([{"name": "m", "function": "sum", "column": "method"}])),
        ));
        assert_eq!(message, "`sum` needs a numeric column; `method` is varchar");
        let message = incomplete(render(
            FIXTURE,
            "ain_order__payments_daily",
            measures(json!([{"name": "m", "function": "max", "column": "nope"}])),
        ));
        assert_eq!(message, "`vlt_evt_payment` has no column `nope`");
        let message = incomplete(render(
            FIXTURE,
            "ain_order__payments_daily",
            measures(json!([{"name": "period_start", "function": "count"}])),
        ));
        assert!(message.starts_with("a measure cannot be named `period_start`"));
    }

    #[test]
    fn only_event_models_have_an_event_time() {
        let message = incomplete(render(FIXTURE, "ain_order__payments_daily", |p| {
            p.insert("events".into(), json!("vlt_obj_order"));
        }));
        assert!(message.contains("is not an event model"), "{message}");
    }
}
