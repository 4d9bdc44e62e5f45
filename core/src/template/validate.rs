//! Checking a model's parameters against its template's schema: required
//! values present, values of the right shape, no unknown names. Whether a
//! referenced model or column exists is for the rules, which see the design.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{ParamKind, ParamSpec, TemplateKind};
use crate::design::SqlType;

/// One thing wrong with a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamProblem {
    /// Where: `business_key`, `columns[2].type`.
    pub path: String,
    pub message: String,
}

/// Every problem with `params` for `template`, in schema order.
pub fn validate(template: TemplateKind, params: &BTreeMap<String, Value>) -> Vec<ParamProblem> {
    let mut problems = Vec::new();
    check_record(template.params(), params, "", &mut problems);
    check_cross_field(template, params, &mut problems);
    problems
}

/// A map of parameter names to values: a model's parameters, or one entry
/// of a records parameter.
trait Record {
    fn names(&self) -> impl Iterator<Item = &String>;
    fn value(&self, name: &str) -> Option<&Value>;
}

impl Record for BTreeMap<String, Value> {
    fn names(&self) -> impl Iterator<Item = &String> {
        self.keys()
    }
    fn value(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl Record for serde_json::Map<String, Value> {
    fn names(&self) -> impl Iterator<Item = &String> {
        self.keys()
    }
    fn value(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

fn check_record(
    specs: &[ParamSpec],
    record: &impl Record,
    prefix: &str,
    problems: &mut Vec<ParamProblem>,
) {
    for name in record.names() {
        if !specs.iter().any(|s| s.name == name) {
            let known: Vec<&str> = specs.iter().map(|s| s.name).collect();
            problems.push(ParamProblem {
                path: format!("{prefix}{name}"),
                message: format!(
                    "unknown parameter `{name}`; expected one of: {}",
                    known.join(", ")
                ),
            });
        }
    }
    for spec in specs {
        let path = format!("{prefix}{}", spec.name);
        match record.value(spec.name) {
            None | Some(Value::Null) => {
                if spec.required {
                    problems.push(missing(spec, path));
                }
            }
            Some(value) => check_value(spec, value, path, problems),
        }
    }
}

fn missing(spec: &ParamSpec, path: String) -> ParamProblem {
    ParamProblem {
        path,
        message: format!("`{}` is required: {}", spec.name, lower_first(spec.doc)),
    }
}

fn check_value(spec: &ParamSpec, value: &Value, path: String, problems: &mut Vec<ParamProblem>) {
    let mut problem = |message: String| {
        problems.push(ParamProblem {
            path: path.clone(),
            message,
        })
    };
    match spec.kind {
        ParamKind::Bool => {
            if !value.is_boolean() {
                problem(format!("`{}` must be true or false", spec.name));
            }
        }
        ParamKind::Integer { min, max } => match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => {}
            _ => problem(format!(
                "`{}` must be a whole number from {min} to {max}",
                spec.name
            )),
        },
        ParamKind::Models(_) | ParamKind::Columns { .. } => {
            let Some(items) = value.as_array() else {
                problem(format!("`{}` must be a list of names", spec.name));
                return;
            };
            if spec.required && items.is_empty() {
                problems.push(missing(spec, path));
                return;
            }
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(name)
                        if is_identifier(name)
                            || matches!(spec.kind, ParamKind::Models(_)) && !name.is_empty() => {}
                    _ => problems.push(ParamProblem {
                        path: format!("{path}[{i}]"),
                        message: format!(
                            "`{}` item {} must be a name like `customer_id`",
                            spec.name,
                            i + 1
                        ),
                    }),
                }
            }
        }
        ParamKind::Records(fields) => {
            let Some(records) = value.as_array() else {
                problem(format!("`{}` must be a list of entries", spec.name));
                return;
            };
            if spec.required && records.is_empty() {
                problems.push(missing(spec, path));
                return;
            }
            for (i, record) in records.iter().enumerate() {
                let prefix = format!("{path}[{i}].");
                match record.as_object() {
                    Some(record) => check_record(fields, record, &prefix, problems),
                    None => problems.push(ParamProblem {
                        path: format!("{path}[{i}]"),
                        message: format!("`{}` entry {} must be an object", spec.name, i + 1),
                    }),
                }
            }
        }
        _ => {
            let Some(text) = value.as_str() else {
                problem(format!("`{}` must be text", spec.name));
                return;
            };
            if text.trim().is_empty() {
                if spec.required {
                    problems.push(missing(spec, path));
                }
                return;
            }
            if let Some(message) = check_text(spec, text) {
                problem(message);
            }
        }
    }
}

/// The problem with a non-empty text value of a scalar kind, if any.
fn check_text(spec: &ParamSpec, text: &str) -> Option<String> {
    let name = spec.name;
    match spec.kind {
        ParamKind::Identifier | ParamKind::Column { .. } | ParamKind::Object => {
            (!is_identifier(text)).then(|| {
                format!(
                    "`{name}` must be a name of letters, digits and underscores, \
                     not starting with a digit (got `{text}`)"
                )
            })
        }
        ParamKind::Model(_) => {
            (!is_identifier(text)).then(|| format!("`{name}` must be a model name (got `{text}`)"))
        }
        ParamKind::RawTable => match text.split_once('.') {
            Some((system, table)) if is_identifier(system) && is_identifier(table) => None,
            _ => Some(format!(
                "`{name}` must name a raw table as system.table (got `{text}`)"
            )),
        },
        ParamKind::Choice(options) => (!options.contains(&text)).then(|| {
            format!(
                "`{name}` must be one of {} (got `{text}`)",
                options.join(", ")
            )
        }),
        ParamKind::SqlType => text.parse::<SqlType>().err().map(|e| e.to_string()),
        ParamKind::Date => (!is_date(text))
            .then(|| format!("`{name}` must be a date as YYYY-MM-DD (got `{text}`)")),
        ParamKind::Timestamp => (!is_timestamp(text))
            .then(|| format!("`{name}` must be a timestamp as YYYY-MM-DD HH:MM:SS (got `{text}`)")),
        ParamKind::Text | ParamKind::Expression | ParamKind::Sql => None,
        ParamKind::Bool
        | ParamKind::Integer { .. }
        | ParamKind::Models(_)
        | ParamKind::Columns { .. }
        | ParamKind::Records(_) => None,
    }
}

/// Checks that involve more than one parameter.
fn check_cross_field(
    template: TemplateKind,
    params: &BTreeMap<String, Value>,
    problems: &mut Vec<ParamProblem>,
) {
    let text = |name: &str| params.get(name).and_then(Value::as_str).unwrap_or("");
    let mut require = |path: &str, message: String| {
        problems.push(ParamProblem {
            path: path.into(),
            message,
        })
    };
    if template == TemplateKind::Standardize
        && text("dedupe") == "latest"
        && text("latest_by").is_empty()
    {
        require(
            "latest_by",
            "`latest_by` is required when dedupe is `latest`: name the column that orders versions"
                .into(),
        );
    }
    if template == TemplateKind::SystemTransition
        && !text("key_map").is_empty()
        && text("key_column").is_empty()
    {
        require(
            "key_column",
            "`key_column` is required with a key map: name the key to translate".into(),
        );
    }
    if template == TemplateKind::Metric {
        let function = text("function");
        if !function.is_empty() && function != "count" && text("column").is_empty() {
            require(
                "column",
                format!("`column` is required for `{function}`: name the column to measure"),
            );
        }
        if text("grain") != "none" && text("time_column").is_empty() {
            require(
                "time_column",
                "`time_column` is required for a time grain: name the date to group by".into(),
            );
        }
    }
    if matches!(
        template,
        TemplateKind::EventRollup | TemplateKind::AnalyticObject
    ) {
        let measures = params.get("measures").and_then(Value::as_array);
        for (i, measure) in measures.into_iter().flatten().enumerate() {
            let function = measure
                .get("function")
                .and_then(Value::as_str)
                .unwrap_or("");
            let column = measure.get("column").and_then(Value::as_str).unwrap_or("");
            // first_at, last_at and recency_days default to the event time.
            let needs_column = !matches!(
                function,
                "count" | "frequency" | "first_at" | "last_at" | "recency_days" | ""
            );
            if needs_column && column.is_empty() {
                problems.push(ParamProblem {
                    path: format!("measures[{i}].column"),
                    message: format!(
                        "`column` is required for `{function}`: name the column to measure"
                    ),
                });
            }
        }
    }
}

/// A plain SQL identifier: letters, digits and underscores, not starting with
/// a digit.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())
    };
    matches!(
        (number(y, 4), number(m, 2), number(d, 2)),
        (Some(Some(_)), Some(Some(1..=12)), Some(Some(1..=31)))
    )
}

fn is_timestamp(text: &str) -> bool {
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    if !is_date(date) {
        return false;
    }
    let Some(time) = time else { return true };
    let parts: Vec<&str> = time.split(':').collect();
    let in_range = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    match parts.as_slice() {
        [h, m] => in_range(h, 23) && in_range(m, 59),
        [h, m, s] => in_range(h, 23) && in_range(m, 59) && in_range(s, 59),
        _ => false,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(value: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn reports_missing_unknown_and_malformed_parameters() {
        let problems = validate(
            TemplateKind::BusinessObject,
            &params(json!({
                "input": "src_crm__customers",
                "object": "Customer Account",
                "business_key": [],
                "attributes": ["name", "1bad"],
                "colour": "red"
            })),
        );
        let shown: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        insta::assert_snapshot!(shown.join("\n"));
    }

    #[test]
    fn accepts_a_complete_standardize() {
        let problems = validate(
            TemplateKind::Standardize,
            &params(json!({
                "source": "pos.orders",
                "columns": [
                    {"source": "OrderID", "name": "order_id", "type": "integer"},
                    {"source": "Total", "name": "total", "type": "decimal(12,2)", "trim": false}
                ],
                "primary_key": ["order_id"],
                "dedupe": "latest",
                "latest_by": "UpdatedAt"
            })),
        );
        assert_eq!(problems, vec![]);
    }

    #[test]
    fn cross_field_requirements() {
        let problems = validate(
            TemplateKind::Metric,
            &params(json!({"model": "ana_customer", "measure": "revenue", "function": "sum"})),
        );
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["column", "time_column"]);
    }

    #[test]
    fn dates_and_timestamps() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("24-01-01"));
        assert!(is_timestamp("2024-02-29 13:45"));
        assert!(is_timestamp("2024-02-29T13:45:59"));
        assert!(!is_timestamp("2024-02-29 25:00"));
        assert!(!is_timestamp("2024-02-29 1:00"));
    }
}
