//! C001: a model uses a column that its input does not produce.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{
    Context, Finding, Rule, RuleDocs, Severity, closest, has_param_problem, short_list,
    sql_problem, union_input_mismatch,
};
use crate::design::{Model, Reference, Target};
use crate::lineage::AnalysisErrorKind;
use crate::template::{ParamKind, ParamSpec};

pub const RULE: Rule = Rule {
    code: "C001",
    name: "unknown-column",
    severity: Severity::Error,
    summary: "A model uses a column its input does not produce",
    docs: RuleDocs {
        what: "Checks every column a model names against the columns its inputs \
               produce: the column parameters of templates (a business key, the \
               columns a standardize keeps, a metric's dimensions, a rename's source \
               column) against the model or raw table they belong to (a standardize's \
               primary key against its own standardized columns), and the columns \
               that custom SQL and template filters use, as the lineage analysis of the \
               compiled SQL resolves them.",
        why: "A column that is not there stops the model: the template cannot render \
              it, or the warehouse rejects the SQL, and every model downstream waits \
              on it. It is usually a typo, a column renamed upstream (SRC gives raw \
              columns new names), or a column an upstream model never carried on.",
        example: "`vlt_obj_customer` has `business_key: [customer_no]`, but its input \
                  `src_crm__customers` calls the column `customer_id`; or custom SQL \
                  selects `totl_spent` from `ana_customer`, which has `total_spent`.",
        fix: "Use the column's name as the input produces it (the finding suggests a \
              close match when there is one). If the column should exist, add it to \
              the input first: keep it in the SRC model, carry it through the VIN or \
              VLT model, or select it in the upstream SQL.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, model) in cx.design.models.iter().enumerate() {
        // A second model of the same name is D001's to report.
        if cx.graph.model_index(&model.name) != Some(i) {
            continue;
        }
        let named = in_parameters(cx, model);
        if !named.is_empty() {
            // The model's SQL fails for the same reason; one report is enough.
            findings.extend(named);
        } else if let Some(finding) = in_sql(cx, i) {
            findings.push(finding);
        }
    }
    findings
}

/// The template parameters of `model` that name columns its inputs do not
/// produce.
fn in_parameters(cx: &Context, model: &Model) -> Vec<Finding> {
    let mut walk = Walk {
        cx,
        model,
        known: Vec::new(),
        findings: Vec::new(),
    };
    walk.record(
        model.template.params(),
        Record::Top(&model.params),
        &mut Vec::new(),
        "",
    );
    walk.findings
}

/// A walk over one model's parameters.
struct Walk<'c, 'a> {
    cx: &'c Context<'a>,
    model: &'a Model,
    /// The columns of each relation named so far (`None`: the model's own
    /// output), looked up once.
    known: Vec<(Option<String>, Option<Vec<&'c str>>)>,
    findings: Vec<Finding>,
}

impl<'c> Walk<'c, '_> {
    /// Check the columns named in `record` (and the records inside it)
    /// against the relation each belongs to. `outer` holds the enclosing
    /// records, so `of` is looked up in the same record first, then outwards.
    fn record<'v>(
        &mut self,
        specs: &'static [ParamSpec],
        record: Record<'v>,
        outer: &mut Vec<(&'static [ParamSpec], Record<'v>)>,
        prefix: &str,
    ) {
        outer.push((specs, record));
        for spec in specs {
            let of = match spec.kind {
                ParamKind::Records(fields) => {
                    let entries = record.get(spec.name).and_then(Value::as_array);
                    for (i, entry) in entries.into_iter().flatten().enumerate() {
                        if let Some(entry) = entry.as_object() {
                            let prefix = format!("{prefix}{}[{i}].", spec.name);
                            self.record(fields, Record::Entry(entry), outer, &prefix);
                        }
                    }
                    continue;
                }
                ParamKind::Column { of } | ParamKind::Columns { of } => of,
                _ => continue,
            };
            let Some(value) = record.value(spec) else {
                continue;
            };
            let relation = if of == "output" {
                None
            } else {
                match relation_of(outer, of) {
                    Some(relation) => Some(relation),
                    None => continue,
                }
            };
            match value.as_ref() {
                Value::String(column) => {
                    self.column(relation.as_deref(), column, || {
                        format!("{prefix}{}", spec.name)
                    });
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(column) = item.as_str() {
                            self.column(relation.as_deref(), column, || {
                                format!("{prefix}{}[{i}]", spec.name)
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        outer.pop();
    }

    /// Check one named column; `relation` is `None` for the model's own
    /// output. The parameter path is worked out only for a finding.
    fn column(&mut self, relation: Option<&str>, column: &str, path: impl Fn() -> String) {
        if column.trim().is_empty() {
            return;
        }
        let (cx, model) = (self.cx, self.model);
        let at = match self
            .known
            .iter()
            .position(|(r, _)| r.as_deref() == relation)
        {
            Some(at) => at,
            None => {
                let owner = relation.unwrap_or(&model.name);
                self.known
                    .push((relation.map(str::to_owned), cx.columns_of(owner)));
                self.known.len() - 1
            }
        };
        let Some(columns) = self.known.get(at).and_then(|(_, c)| c.as_ref()) else {
            // Unknown columns: the relation is missing (G002) or failed.
            return;
        };
        if columns.contains(&column) {
            return;
        }
        // Templates match names exactly (raw names keep their case); SQL
        // over a custom model's columns ignores case, as unquoted SQL does.
        let custom = relation.is_some_and(|r| cx.is_custom_sql(r));
        if custom && columns.iter().any(|c| c.eq_ignore_ascii_case(column)) {
            return;
        }
        let path = path();
        if has_param_problem(model, &path) {
            return;
        }
        let hint = match closest(column, columns.iter().copied()) {
            Some(close) => format!(" (did you mean {close}?)"),
            None => format!(" (it has {})", short_list(columns, 6)),
        };
        let (message, models) = match relation {
            None => (
                format!(
                    "{} names the column {column} ({path}), but its standardized columns \
                     do not include it{hint}; name a kept column by its standardized name",
                    model.name
                ),
                vec![model.name.clone()],
            ),
            Some(relation) if cx.graph.model_index(relation).is_none() => (
                format!(
                    "{} names the column {column} ({path}), but the raw table {relation} \
                     has no such column{hint}; use the raw column's name as it landed, \
                     case included",
                    model.name
                ),
                vec![model.name.clone()],
            ),
            Some(relation) => (
                format!(
                    "{} names the column {column} ({path}), but its input {relation} does \
                     not produce it{hint}; use a column {relation} has, or add {column} to \
                     {relation}",
                    model.name
                ),
                vec![model.name.clone(), relation.to_owned()],
            ),
        };
        self.findings.push(Finding::new(message, models).at(path));
    }
}

/// A map of parameter values: the model's parameters, or one entry of a
/// records parameter.
#[derive(Clone, Copy)]
enum Record<'v> {
    Top(&'v BTreeMap<String, Value>),
    Entry(&'v Map<String, Value>),
}

impl<'v> Record<'v> {
    fn get(self, name: &str) -> Option<&'v Value> {
        match self {
            Record::Top(params) => params.get(name),
            Record::Entry(entry) => entry.get(name),
        }
    }

    /// The value of `spec` here; a top-level parameter left empty takes its
    /// default, as rendering does.
    fn value(self, spec: &ParamSpec) -> Option<Cow<'v, Value>> {
        let value = self.get(spec.name);
        let empty = value.is_none_or(|v| v.is_null() || v.as_str() == Some(""));
        match self {
            Record::Top(_) if empty => spec.default.to_json().map(Cow::Owned),
            _ => value.map(Cow::Borrowed),
        }
    }
}

/// The relation the parameter `of` names, from the innermost record that
/// has a model or raw-table parameter of that name (a standardize column's
/// own `source` is the column, not its table); `None` when it is empty.
fn relation_of(outer: &[(&'static [ParamSpec], Record)], of: &str) -> Option<String> {
    outer.iter().rev().find_map(|(specs, record)| {
        let spec = specs.iter().find(|s| {
            s.name == of && matches!(s.kind, ParamKind::Model(_) | ParamKind::RawTable)
        })?;
        let value = record.value(spec)?;
        let name = value.as_str()?.trim();
        (!name.is_empty()).then(|| name.to_owned())
    })
}

/// A column the model's SQL uses that no input has, found by analysing it.
fn in_sql(cx: &Context, i: usize) -> Option<Finding> {
    let model = &cx.design.models[i];
    let problem = sql_problem(cx, i)?;
    if problem.cause != AnalysisErrorKind::UnknownColumn
        // A union whose input lacks an aligned column is C003's to report.
        || union_input_mismatch::explains(cx, i)
    {
        return None;
    }
    let mut inputs: Vec<String> = Vec::new();
    for input in cx.graph.inputs(i) {
        let name = input.reference.to_string();
        if input.target != Target::Missing && !inputs.contains(&name) {
            inputs.push(name);
        }
    }
    let suggestion = problem
        .word_in(model)
        .and_then(|word| {
            let known: Vec<&str> = inputs
                .iter()
                .filter_map(|r| cx.columns_of(r))
                .flatten()
                .collect();
            closest(&word, known).map(str::to_owned)
        })
        .map(|close| format!("did you mean {close}? Otherwise "))
        .unwrap_or_default();
    let upstream = if inputs.is_empty() {
        "the input that should produce it".to_owned()
    } else {
        format!(
            "the input that should produce it ({})",
            short_list(&inputs, 3)
        )
    };
    let mut finding = Finding::new(
        format!(
            "{}; {suggestion}use a column the inputs produce, or add the column to \
             {upstream}",
            problem.describe(&model.name)
        ),
        std::iter::once(model.name.clone())
            .chain(
                inputs
                    .into_iter()
                    .filter(|name| matches!(Reference::parse(name), Reference::Model(_))),
            )
            .collect(),
    );
    if let Some(param) = problem.param {
        finding = finding.at(param);
    }
    Some(finding)
}
