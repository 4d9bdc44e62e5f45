//! `metric` (MRT): one measure by dimensions and time grain: one row per
//! period (unless the grain is `none`) and combination of dimension values.

use serde_json::{Map, Value};

use super::Input;
use super::event_rollup::{Aggregate, aggregate};
use crate::design::SqlType;
use crate::render::RenderError;
use crate::render::columns::Column;

const GRAINS: &[&str] = &["day", "week", "month", "quarter", "year"];

struct Metric {
    source: String,
    /// `cast(date_trunc(grain, time) as date)`, or none without a grain.
    period_start: Option<String>,
    dimensions: Vec<Column>,
    measured: Option<String>,
    measure: Column,
    aggregate: Aggregate,
    filter: String,
}

fn metric(input: &Input) -> Result<Metric, RenderError> {
    let source = input.text("model");
    if source.is_empty() {
        return Err(input.incomplete("choose the model to compute the metric from"));
    }
    let (measure, function) = (input.text("measure").trim(), input.text("function"));
    if measure.is_empty() || function.is_empty() {
        return Err(input.incomplete("name the measure and choose how it is computed"));
    }
    let measured = match input.text("column").trim() {
        "" => None,
        name => Some(input.upstream_column(source, name)?),
    };
    let aggregate = aggregate(input, function, measured.as_ref())?;
    let grain = input.text("grain");
    let period_start =
        match grain {
            "none" => None,
            grain if GRAINS.contains(&grain) => {
                let time = input.text("time_column").trim();
                if time.is_empty() {
                    return Err(input
                        .incomplete(format!("choose the date or timestamp to group by {grain}")));
                }
                let time = input.upstream_column(source, time)?;
                if let Some(t) = time.data_type.filter(|t| !t.is_temporal()) {
                    return Err(input
                        .incomplete(format!("`{}` is {t}, not a date or timestamp", time.name)));
                }
                Some(format!(
                    "cast(date_trunc('{grain}', {}) as date)",
                    time.name
                ))
            }
            other => return Err(input.incomplete(format!("unknown grain `{other}`"))),
        };
    let mut names = vec![measure.to_owned()];
    if period_start.is_some() {
        names.push("period_start".to_owned());
    }
    let mut dimensions = Vec::new();
    for name in input.names("dimensions") {
        if names.contains(&name) {
            return Err(
                input.incomplete(format!("the metric would have two columns named `{name}`"))
            );
        }
        dimensions.push(input.upstream_column(source, &name)?);
        names.push(name);
    }
    let filter = input.text("filter").trim().to_owned();
    let description = match (&measured, filter.is_empty()) {
        (Some(column), _) => format!("The {function} of `{}`.", column.name),
        (None, true) => format!("How many rows `{source}` has."),
        (None, false) => format!("How many rows of `{source}` match the filter."),
    };
    Ok(Metric {
        source: source.to_owned(),
        period_start,
        dimensions,
        measured: measured.map(|c| c.name),
        measure: Column::new(measure, aggregate.data_type).described(description),
        aggregate,
        filter,
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = metric(input)?;
    let mut context = input.base_context();
    let dimensions: Vec<String> = plan.dimensions.iter().map(|c| c.name.clone()).collect();
    let mut grouped = Vec::new();
    let mut projected = Vec::new();
    if let Some(period_start) = &plan.period_start {
        grouped.push("period_start".to_owned());
        projected.push(format!("{period_start} as period_start"));
    }
    grouped.extend(dimensions.iter().cloned());
    projected.extend(dimensions.iter().cloned());
    if let Some(measured) = plan.measured.filter(|m| !dimensions.contains(m)) {
        projected.push(measured);
    }
    let mut selected = grouped.clone();
    selected.push(format!(
        "{} as {}",
        plan.aggregate.expression, plan.measure.name
    ));
    context.insert("source".into(), Value::from(plan.source));
    context.insert("projected".into(), Value::from(projected));
    context.insert("filter".into(), Value::from(plan.filter));
    context.insert("selected".into(), Value::from(selected));
    context.insert("group_by".into(), Value::from(grouped.join(", ")));
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    let plan = metric(input).ok()?;
    let mut columns = Vec::new();
    if plan.period_start.is_some() {
        let grain = input.text("grain");
        columns.push(
            Column::new("period_start", Some(SqlType::Date))
                .described(format!("The first day of the {grain}.")),
        );
    }
    columns.extend(plan.dimensions);
    columns.push(plan.measure);
    Some(columns)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::event_rollup::tests::{incomplete, render};

    const FIXTURE: &str = include_str!("../../../tests/data/templates/metric.json");

    #[test]
    fn a_time_grain_needs_a_date() {
        let message = incomplete(render(FIXTURE, "mrt_finance__daily_orders", |p| {
            p.insert("time_column".into(), json!("status"));
        }));
        assert_eq!(message, "`status` is varchar, not a date or timestamp");
        let message = incomplete(render(FIXTURE, "mrt_finance__daily_orders", |p| {
            p.remove("time_column");
        }));
        assert_eq!(message, "choose the date or timestamp to group by day");
    }

    #[test]
    fn over_all_time_without_dimensions_there_is_no_group_by() {
        let dbt = render(FIXTURE, "mrt_finance__order_count", |_| {}).unwrap();
        assert!(!dbt.contains("group by"), "{dbt}");
        assert!(dbt.contains("count(*) as orders"), "{dbt}");
    }
}
