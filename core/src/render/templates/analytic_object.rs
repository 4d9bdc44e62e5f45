//! `analytic_object` (ANA): an object as it is now, with measures over its
//! events: totals, first and last, recency and frequency. Objects without
//! events are kept (counts and sums 0, the rest NULL).

use serde_json::{Map, Value};

use super::Input;
use super::denormalize::{hash_key_of, object_of};
use super::event_rollup::{MeasureParam, aggregate, column_of, event_time_of, measure_params};
use crate::design::SqlType;
use crate::render::RenderError;
use crate::render::columns::Column;
use crate::template::TemplateKind;

/// One measure: its expression in the per-object aggregation and what the
/// output column holds.
struct Measured {
    column: Column,
    expression: String,
    /// Counts and sums are 0 for an object without events.
    zero_when_missing: bool,
}

struct Analytic {
    object_model: String,
    hash_key: String,
    /// `current_<object>`: the CTE of the object's current rows.
    base_cte: String,
    /// `<object>_measures`: the CTE of the measures per object.
    measures_cte: String,
    filter_current: bool,
    base: Vec<Column>,
    events: String,
    measures: Vec<Measured>,
    /// Time columns whose latest value recency is counted up to.
    latest: Vec<String>,
}

/// The events measured per object.
struct Events<'a> {
    name: &'a str,
    columns: &'a [Column],
    /// Their event time column, when the model is an event model or rollup.
    time: Option<String>,
    /// A rollup's rows are periods, not single events.
    rollup: bool,
    object: &'a str,
}

/// One measure over `events`; recency adds the time column it counts up to
/// to `latest`.
fn measure(
    input: &Input,
    events: &Events,
    m: MeasureParam,
    latest: &mut Vec<String>,
) -> Result<Measured, RenderError> {
    let Events {
        name: of, object, ..
    } = *events;
    let column = match m.column.as_str() {
        "" => None,
        name => Some(column_of(input, events.columns, of, name)?),
    };
    let function = m.function.as_str();
    // The time a time measure reads: its column, else the event time.
    let time = || -> Result<&Column, RenderError> {
        let time = match column {
            Some(column) => column,
            None => {
                let name = events.time.as_deref().ok_or_else(|| {
                    input.incomplete(format!(
                        "`{function}` needs the time of each event: name the column"
                    ))
                })?;
                column_of(input, events.columns, of, name)?
            }
        };
        match time.data_type {
            Some(t) if !t.is_temporal() => Err(input.incomplete(format!(
                "`{function}` needs a date or timestamp; `{}` is {t}",
                time.name
            ))),
            _ => Ok(time),
        }
    };
    let (expression, data_type, description) = match function {
        "first_at" | "last_at" => {
            let time = time()?;
            let (aggregate, which) = if function == "first_at" {
                ("min", "first")
            } else {
                ("max", "last")
            };
            (
                format!("{aggregate}({})", time.name),
                time.data_type,
                format!(
                    "When the {object}'s {which} event happened (`{}`).",
                    time.name
                ),
            )
        }
        "recency_days" => {
            let time = &time()?.name;
            if !latest.contains(time) {
                latest.push(time.clone());
            }
            (
                format!("{{{{ days_between('max({time})', 'latest_{time}') }}}}"),
                Some(SqlType::Bigint),
                format!(
                    "Days from the {object}'s last event to the latest event in `{of}` \
                     (not to today, so every rebuild agrees)."
                ),
            )
        }
        "frequency" => {
            let time = &time()?.name;
            (
                format!(
                    "cast(count({time}) as double) \
                     / nullif(count(distinct date_trunc('month', {time})), 0)"
                ),
                Some(SqlType::Double),
                format!("Events per month in which the {object} had any."),
            )
        }
        other => {
            let a = aggregate(input, other, column)?;
            let description = match (other, column) {
                ("count", None) if events.rollup => {
                    format!("How many rows of `{of}` (periods with events) the {object} has.")
                }
                ("count", None) => format!("How many events the {object} has."),
                (_, Some(column)) => format!(
                    "The {other} of `{}` over the {object}'s events.",
                    column.name
                ),
                _ => String::new(),
            };
            (a.expression, a.data_type, description)
        }
    };
    Ok(Measured {
        zero_when_missing: matches!(function, "count" | "sum"),
        column: Column::new(m.name, data_type).described(description),
        expression,
    })
}

fn analytic(input: &Input) -> Result<Analytic, RenderError> {
    let object_model = input.text("object");
    if object_model.is_empty() {
        return Err(input.incomplete("choose the object model to start from"));
    }
    let columns = input.upstream(object_model).ok_or_else(|| {
        input.incomplete(format!("the columns of `{object_model}` are not known yet"))
    })?;
    let hash_key = hash_key_of(input.design, object_model, columns).ok_or_else(|| {
        input.incomplete(format!(
            "`{object_model}` has no hash key column to measure its objects by"
        ))
    })?;
    let object = object_of(input.design, object_model)
        .unwrap_or_else(|| hash_key.trim_end_matches("_hk").to_owned());
    let filter_current = columns.iter().any(|c| c.name == "is_current");
    let base: Vec<Column> = columns
        .iter()
        .filter(|c| c.name != "valid_to" && c.name != "is_current")
        .cloned()
        .collect();
    let params = measure_params(input)?;
    let events = input.text("events");
    if !params.is_empty() && events.is_empty() {
        return Err(input.incomplete("choose the events the measures are computed over"));
    }
    let mut measures = Vec::with_capacity(params.len());
    let mut latest: Vec<String> = Vec::new();
    if !params.is_empty() {
        let event_columns = input.upstream(events).ok_or_else(|| {
            input.incomplete(format!("the columns of `{events}` are not known yet"))
        })?;
        if !event_columns.iter().any(|c| c.name == hash_key) {
            return Err(input.incomplete(format!(
                "`{events}` has no `{hash_key}`: its events are not tied to {object}"
            )));
        }
        let measured = Events {
            name: events,
            columns: event_columns,
            time: event_time_of(input.design, events),
            rollup: input
                .design
                .model(events)
                .is_some_and(|m| m.template == TemplateKind::EventRollup),
            object: &object,
        };
        for m in params {
            if base.iter().any(|c| c.name == m.name) {
                return Err(input.incomplete(format!(
                    "a measure cannot be named `{}`: `{object_model}` has that column",
                    m.name
                )));
            }
            measures.push(measure(input, &measured, m, &mut latest)?);
        }
    }
    Ok(Analytic {
        object_model: object_model.to_owned(),
        base_cte: format!("current_{object}"),
        measures_cte: format!("{object}_measures"),
        hash_key,
        filter_current,
        base,
        events: events.to_owned(),
        measures,
        latest,
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = analytic(input)?;
    let mut context = input.base_context();
    let (base, measures) = (&plan.base_cte, &plan.measures_cte);
    let mut selected: Vec<String> = plan
        .base
        .iter()
        .map(|c| format!("{base}.{}", c.name))
        .collect();
    selected.extend(plan.measures.iter().map(|m| {
        let name = &m.column.name;
        if m.zero_when_missing {
            format!("coalesce({measures}.{name}, 0) as {name}")
        } else {
            format!("{measures}.{name}")
        }
    }));
    let mut aggregated = vec![plan.hash_key.clone()];
    aggregated.extend(
        plan.measures
            .iter()
            .map(|m| format!("{} as {}", m.expression, m.column.name)),
    );
    let latest: Vec<String> = plan
        .latest
        .iter()
        .map(|time| format!("max({time}) as latest_{time}"))
        .collect();
    let mut group_by = vec![plan.hash_key.clone()];
    group_by.extend(plan.latest.iter().map(|time| format!("latest_{time}")));
    context.insert("object_model".into(), Value::from(plan.object_model));
    context.insert("hash_key".into(), Value::from(plan.hash_key));
    context.insert("base_cte".into(), Value::from(plan.base_cte));
    context.insert("measures_cte".into(), Value::from(plan.measures_cte));
    context.insert("filter_current".into(), Value::from(plan.filter_current));
    context.insert("events".into(), Value::from(plan.events));
    context.insert(
        "has_measures".into(),
        Value::from(!plan.measures.is_empty()),
    );
    context.insert("latest".into(), Value::from(latest));
    context.insert("aggregated".into(), Value::from(aggregated));
    context.insert("group_by".into(), Value::from(group_by.join(", ")));
    context.insert("selected".into(), Value::from(selected));
    let columns: Vec<String> = plan.base.into_iter().map(|c| c.name).collect();
    context.insert("columns".into(), Value::from(columns));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = analytic(input).ok()?;
    let mut columns = plan.base;
    columns.extend(plan.measures.into_iter().map(|m| m.column));
    Some(columns)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::event_rollup::tests::{incomplete, render};

    const FIXTURE: &str = include_str!("../../../tests/data/templates/analytic_object.json");

    #[test]
    fn recency_is_counted_to_the_latest_event_not_today() {
        let dbt = render(FIXTURE, "ana_customer", |_| {}).unwrap();
        assert!(
            dbt.contains("{{ days_between('max(ordered_at)', 'latest_ordered_at') }}"),
            "{dbt}"
        );
        assert!(!dbt.contains("current_date"), "{dbt}");
    }

    #[test]
    fn time_measures_need_a_time() {
        let message = incomplete(render(FIXTURE, "ana_customer", |p| {
            p.insert(
                "measures".into(),
                json!([{"name": "last", "function": "last_at", "column": "status"}]),
            );
        }));
        assert_eq!(
            message,
            "`last_at` needs a date or timestamp; `status` is varchar"
        );
    }

    #[test]
    fn measures_do_not_shadow_object_columns() {
        let message = incomplete(render(FIXTURE, "ana_customer", |p| {
            p.insert(
                "measures".into(),
                json!([{"name": "segment", "function": "count"}]),
            );
        }));
        assert!(
            message.starts_with("a measure cannot be named `segment`"),
            "{message}"
        );
    }

    #[test]
    fn measures_need_events() {
        let message = incomplete(render(FIXTURE, "ana_customer", |p| {
            p.remove("events");
        }));
        assert_eq!(message, "choose the events the measures are computed over");
    }
}
