//! `output` (MRT): a purpose-built table cut from one model: chosen columns
//! in order, an optional filter, ordering and a row limit.

use serde_json::{Map, Value};

use super::Input;
use crate::render::RenderError;
use crate::render::columns::Column;

struct Output {
    input: String,
    columns: Vec<Column>,
    filter: String,
    order_by: Vec<String>,
    limit: Option<i64>,
}

fn output(input: &Input) -> Result<Output, RenderError> {
    let source = input.text("input");
    if source.is_empty() {
        return Err(input.incomplete("choose the model to cut the output from"));
    }
    let column = |name: &str| input.upstream_column(source, name);
    let names = input.names("columns");
    if names.is_empty() {
        return Err(input.incomplete("choose the columns to publish"));
    }
    let mut columns: Vec<Column> = Vec::with_capacity(names.len());
    for name in &names {
        if columns.iter().any(|c| &c.name == name) {
            return Err(input.incomplete(format!("`{name}` is chosen twice")));
        }
        columns.push(column(name)?);
    }
    let mut order_by = input.names("order_by");
    for name in &order_by {
        column(name)?;
    }
    let limit = match input.params.get("limit") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_i64()
                .filter(|n| *n >= 1)
                .ok_or_else(|| input.incomplete("the limit must be a whole number from 1"))?,
        ),
    };
    if limit.is_some() && order_by.is_empty() {
        // Which rows a limit keeps must not change between runs.
        order_by = names;
    }
    Ok(Output {
        input: source.to_owned(),
        columns,
        filter: input.text("filter").trim().to_owned(),
        order_by,
        limit,
    })
}

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    let plan = output(input)?;
    let mut context = input.base_context();
    let selected: Vec<String> = plan.columns.into_iter().map(|c| c.name).collect();
    context.insert("input".into(), Value::from(plan.input));
    context.insert("selected".into(), Value::from(selected));
    context.insert("filter".into(), Value::from(plan.filter));
    context.insert("order_by".into(), Value::from(plan.order_by.join(", ")));
    context.insert(
        "limit".into(),
        plan.limit.map(Value::from).unwrap_or(Value::Null),
    );
    Ok(context)
}

pub fn columns(input: &Input) -> Option<Vec<Column>> {
    output(input).ok().map(|plan| plan.columns)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::event_rollup::tests::{incomplete, render};

    const FIXTURE: &str = include_str!("../../../tests/data/templates/output.json");

    #[test]
    fn a_limit_without_an_order_orders_by_every_column() {
        let dbt = render(FIXTURE, "mrt_crm__sample", |_| {}).unwrap();
        assert!(
            dbt.contains("order by customer_id, segment\nlimit 10"),
            "{dbt}"
        );
    }

    #[test]
    fn columns_must_exist() {
        let message = incomplete(render(FIXTURE, "mrt_crm__sample", |p| {
            p.insert("order_by".into(), json!(["nope"]));
        }));
        assert_eq!(message, "`ana_customer` has no column `nope`");
    }
}
