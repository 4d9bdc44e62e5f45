//! C003: the inputs of a union do not have the same columns or types.

use serde_json::Value;

use super::{Context, Finding, Rule, RuleDocs, Severity, a_or_an, and_list, closest, sql_problem};
use crate::design::{Model, SqlType};
use crate::lineage::AnalysisErrorKind;
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "C003",
    name: "union-input-mismatch",
    severity: Severity::Warning,
    summary: "The inputs of a union do not have the same columns or types",
    docs: RuleDocs {
        what: "Checks the models that stack the rows of several inputs. In \
               `union_systems`, every input must have every aligned column (or rename \
               one of its own columns to it), with a type that casts to the aligned \
               type without losing anything. In `system_transition`, the legacy model \
               must have every carried column and the time column, with types that \
               cast to the new system's. In SQL, the queries of a `union`, `intersect` \
               or `except` must select the same number of columns.",
        why: "A union lines columns up, by name in the templates and by position in \
              SQL. A column one system lacks becomes NULL in all of that system's rows: \
              the business key, the amount or the date is simply gone for part of the \
              concept, and nothing fails. A type that does not fit is cast: text that \
              is not a number stops the build, a decimal cast to an integer loses its \
              cents, a timestamp cast to a date loses its time. Queries with different \
              numbers of columns do not run at all.",
        example: "`vin_order_line__union` aligns `unit_price` from `src_pos__order_lines` \
                  and `src_shop__order_lines`, but the shop calls the column `price`, so \
                  every shop line has no unit price; or the POS delivers `amount` as \
                  `varchar` and the union casts it to `decimal(12,2)`.",
        fix: "Give each input the aligned column: a `rename` in its `inputs` entry when \
              the system names it differently, or the column added to the system's SRC \
              model. Fix types where they are made, in SRC, or declare an aligned type \
              that every system fits. In SQL, select the same columns, in the same \
              order, in every query of the union (`null as column` where a system truly \
              has none, so the gap is written down).",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    (0..cx.design.models.len())
        .flat_map(|i| findings_for(cx, i))
        .collect()
}

/// Whether the rule finds something in model `i`, which then explains a
/// column its SQL could not resolve (C001 stays quiet about it).
pub(super) fn explains(cx: &Context, i: usize) -> bool {
    !findings_for(cx, i).is_empty()
}

fn findings_for(cx: &Context, i: usize) -> Vec<Finding> {
    let Some(model) = cx.design.models.get(i) else {
        return Vec::new();
    };
    // A second model of the same name is D001's to report.
    if cx.graph.model_index(&model.name) != Some(i) {
        return Vec::new();
    }
    let mut findings = match model.template {
        TemplateKind::UnionSystems => union_systems(cx, model),
        TemplateKind::SystemTransition => system_transition(cx, model),
        _ => Vec::new(),
    };
    if let Some(problem) = sql_problem(cx, i)
        && problem.cause == AnalysisErrorKind::ColumnCount
        // Column aliases that do not match a relation are a count problem
        // too, but not a union's.
        && problem.message.contains("different numbers of columns")
    {
        let mut finding = Finding::new(
            format!(
                "{}; select the same columns, in the same order, in every query of the \
                 union",
                problem.describe(&model.name)
            ),
            vec![model.name.clone()],
        );
        if let Some(param) = problem.param {
            finding = finding.at(param);
        }
        findings.push(finding);
    }
    findings
}

/// A text value of a JSON object, trimmed; empty when absent.
fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or("").trim()
}

/// The declared type of `column` of the model `relation`.
fn declared_type(cx: &Context, relation: &str, column: &str) -> Option<SqlType> {
    cx.declared_columns()
        .of(relation)?
        .iter()
        .find(|c| c.name == column)?
        .data_type
}

fn union_systems(cx: &Context, model: &Model) -> Vec<Finding> {
    let records = |name: &str| -> Vec<&Value> {
        model
            .params
            .get(name)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter(|v| v.is_object()).collect())
            .unwrap_or_default()
    };
    // The aligned columns (with their index in `columns`) and the inputs
    // (with their index in `inputs`).
    let aligned: Vec<(usize, &str, &str)> = records("columns")
        .into_iter()
        .enumerate()
        .map(|(j, c)| (j, text(c, "name"), text(c, "type")))
        .filter(|(_, name, _)| !name.is_empty())
        .collect();
    struct Branch<'v> {
        index: usize,
        model: &'v str,
        system: &'v str,
        renames: Vec<(&'v str, &'v str)>,
    }
    let branches: Vec<Branch> = records("inputs")
        .into_iter()
        .enumerate()
        .map(|(index, input)| Branch {
            index,
            model: text(input, "model"),
            system: text(input, "system"),
            renames: input
                .get("rename")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|r| (text(r, "column"), text(r, "from")))
                .collect(),
        })
        .filter(|b| !b.model.is_empty())
        .collect();
    let from = |branch: &Branch, column: &str| -> Option<String> {
        branch
            .renames
            .iter()
            .find(|(to, _)| *to == column)
            .map(|(_, from)| (*from).to_owned())
    };
    let mut findings = Vec::new();
    for branch in &branches {
        let Some(columns) = cx.columns_of(branch.model) else {
            continue;
        };
        let custom = cx.is_custom_sql(branch.model);
        let has = |name: &str| {
            columns
                .iter()
                .any(|c| *c == name || (custom && c.eq_ignore_ascii_case(name)))
        };
        // A renamed column that is missing is named in a parameter: C001.
        let missing: Vec<&str> = aligned
            .iter()
            .map(|(_, name, _)| *name)
            .filter(|name| from(branch, name).is_none() && !has(name))
            .collect();
        if !missing.is_empty() {
            let system = if branch.system.is_empty() {
                String::new()
            } else {
                format!(", system {}", branch.system)
            };
            let (lacks, hint) = match missing.as_slice() {
                [one] => (
                    format!("has no column {one}"),
                    closest(one, columns.iter().copied())
                        .map(|c| format!(" (perhaps {c})"))
                        .unwrap_or_default(),
                ),
                many => (format!("has none of {}", and_list(many)), String::new()),
            };
            findings.push(
                Finding::new(
                    format!(
                        "{} aligns {} across its inputs, but {} (inputs[{}]{system}) {lacks}, \
                         so its rows get NULL there; rename the column of {} that holds \
                         it{hint} in inputs[{}].rename, or add it to {}",
                        model.name,
                        and_list(&missing),
                        branch.model,
                        branch.index,
                        branch.model,
                        branch.index,
                        branch.model,
                    ),
                    vec![model.name.clone(), branch.model.to_owned()],
                )
                .at(format!("inputs[{}]", branch.index)),
            );
        }
    }
    // Types: each input's column against the aligned type, which is the
    // declared one or, when none is declared, the first input's.
    for &(j, name, declared) in &aligned {
        let source = |branch: &Branch| from(branch, name).unwrap_or_else(|| name.to_owned());
        let (target, decided_by) = match declared.parse::<SqlType>() {
            Ok(t) => (t, None),
            Err(_) if !declared.is_empty() => continue, // D003
            Err(_) => {
                let Some((t, b)) = branches
                    .iter()
                    .find_map(|b| declared_type(cx, b.model, &source(b)).map(|t| (t, b.model)))
                else {
                    continue;
                };
                (t, Some(b))
            }
        };
        for branch in &branches {
            let column = source(branch);
            let Some(have) = declared_type(cx, branch.model, &column) else {
                continue;
            };
            let Some(loss) = cast_loss(have, target) else {
                continue;
            };
            let whose = match decided_by {
                Some(first) => format!(" (the type {first} gives it)"),
                None => String::new(),
            };
            findings.push(
                Finding::new(
                    format!(
                        "{} casts {}.{column} ({have}) to {target}{whose} for its column \
                         {name}, which {loss}; fix the type in {} or declare an aligned \
                         type every input fits in columns[{j}].type",
                        model.name, branch.model, branch.model,
                    ),
                    vec![model.name.clone(), branch.model.to_owned()],
                )
                .at(format!("columns[{j}].type")),
            );
        }
    }
    findings
}

fn system_transition(cx: &Context, model: &Model) -> Vec<Finding> {
    let param = |name: &str| {
        model
            .params
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
    };
    let (legacy, current) = (param("legacy"), param("current"));
    if legacy.is_empty() || current.is_empty() {
        return Vec::new();
    }
    let (Some(legacy_columns), Some(current_columns)) =
        (cx.columns_of(legacy), cx.columns_of(current))
    else {
        return Vec::new();
    };
    let mut carried: Vec<(String, &str)> = model
        .params
        .get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(k, c)| Some((format!("columns[{k}]"), c.as_str()?.trim())))
        .collect();
    let time = param("time_column");
    // The time column is usually carried too; one finding covers both.
    if !time.is_empty() && !carried.iter().any(|(_, c)| *c == time) {
        carried.push(("time_column".to_owned(), time));
    }
    let mut findings = Vec::new();
    for (path, column) in carried {
        // A column the new system lacks too is named in a parameter: C001.
        if column.is_empty() || !current_columns.contains(&column) {
            continue;
        }
        let role = if path == "time_column" {
            format!("dates the rows of both systems by {column}")
        } else {
            format!("carries {column} from both systems")
        };
        if !legacy_columns.contains(&column) {
            let hint = closest(column, legacy_columns.iter().copied())
                .map(|c| format!(" (perhaps {c})"))
                .unwrap_or_default();
            findings.push(
                Finding::new(
                    format!(
                        "{} {role}, but the legacy model {legacy} has no column \
                         {column}{hint}; give {legacy} the column under the same name, or \
                         leave it out",
                        model.name
                    ),
                    vec![model.name.clone(), legacy.to_owned()],
                )
                .at(path),
            );
            continue;
        }
        let (Some(have), Some(target)) = (
            declared_type(cx, legacy, column),
            declared_type(cx, current, column),
        ) else {
            continue;
        };
        if let Some(loss) = cast_loss(have, target) {
            findings.push(
                Finding::new(
                    format!(
                        "{} casts the legacy {legacy}.{column} ({have}) to the type \
                         {current} has ({target}), which {loss}; give both systems' \
                         models the same type for {column}",
                        model.name
                    ),
                    vec![model.name.clone(), legacy.to_owned()],
                )
                .at(path),
            );
        }
    }
    findings
}

/// What casting a `from` value to `to` can do wrong, or `None` when every
/// value fits.
fn cast_loss(from: SqlType, to: SqlType) -> Option<String> {
    use SqlType::{Date, Double, Timestamp, Varchar};
    if from == to || to == Varchar {
        return None;
    }
    if from == Varchar {
        return Some(format!(
            "fails on any text that is not {}",
            a_or_an(&to.to_string())
        ));
    }
    if from.is_numeric() && to.is_numeric() {
        if to == Double {
            return None;
        }
        // Digits before and after the point; a double has no fixed ones.
        let digits = |t: SqlType| match t {
            SqlType::Integer => Some((10, 0)),
            SqlType::Bigint => Some((19, 0)),
            SqlType::Decimal { precision, scale } => Some((precision.saturating_sub(scale), scale)),
            _ => None,
        };
        let (Some((from_int, from_scale)), Some((to_int, to_scale))) = (digits(from), digits(to))
        else {
            return Some("rounds its values, and fails on those too large".to_owned());
        };
        return match (to_scale < from_scale, to_int < from_int) {
            (false, false) => None,
            (true, false) => Some("drops digits after the point".to_owned()),
            (false, true) => Some("fails on values too large for it".to_owned()),
            (true, true) => {
                Some("drops digits after the point, and fails on values too large".to_owned())
            }
        };
    }
    match (from, to) {
        (Date, Timestamp) => None,
        (Timestamp, Date) => Some("drops the time of day".to_owned()),
        _ => Some(format!(
            "turns {from} values into {to}, which fails or changes what they mean"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> SqlType {
        text.parse().unwrap()
    }

    #[test]
    fn casts_that_lose_nothing_are_fine() {
        for (from, to) in [
            ("integer", "bigint"),
            ("integer", "decimal(12,2)"),
            ("decimal(10,2)", "decimal(12,2)"),
            ("decimal(10,2)", "double"),
            ("date", "timestamp"),
            ("integer", "varchar"),
            ("timestamp", "timestamp"),
        ] {
            assert_eq!(cast_loss(t(from), t(to)), None, "{from} -> {to}");
        }
    }

    #[test]
    fn casts_that_lose_or_fail_say_how() {
        for (from, to, loss) in [
            (
                "varchar",
                "integer",
                "fails on any text that is not an integer",
            ),
            ("decimal(12,2)", "integer", "drops digits after the point"),
            ("bigint", "integer", "fails on values too large for it"),
            ("double", "decimal(12,2)", "rounds its values"),
            ("timestamp", "date", "drops the time of day"),
            ("boolean", "integer", "changes what they mean"),
        ] {
            let said = cast_loss(t(from), t(to)).unwrap();
            assert!(said.contains(loss), "{from} -> {to}: {said}");
        }
    }
}
