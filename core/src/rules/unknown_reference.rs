//! G002: a model reads a model or raw table that does not exist.

use super::{Context, Finding, Rule, RuleDocs, Severity, closest, has_param_problem};
use crate::design::{Reference, Target};

pub const RULE: Rule = Rule {
    code: "G002",
    name: "unknown-reference",
    severity: Severity::Error,
    summary: "A model reads a model or raw table that does not exist",
    docs: RuleDocs {
        what: "Checks every input of every model (its model and raw-table parameters, \
               and the `ref()` and `source()` calls in custom SQL) against the models and \
               raw tables of the design.",
        why: "dbt resolves `ref('name')` and `source('system', 'table')` when it \
              compiles the project; a name that matches nothing stops the whole build, \
              not just the one model. In the workbench the model cannot run, and its \
              lineage ends in nothing.",
        example: "`vlt_obj_order` has `input: src_pos__order`, but the SRC model is \
                  called `src_pos__orders`; or custom SQL reads \
                  `source('pos', 'order_lines')` and the `pos` source has no such table.",
        fix: "Correct the name (the finding suggests a close match when there is one), \
              create the missing model, or add the raw table to its source system.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let design = cx.design;
    let mut findings = Vec::new();
    for (i, model) in design.models.iter().enumerate() {
        for input in cx.graph.inputs(i) {
            if input.target != Target::Missing
                // A malformed name is reported by D003 as malformed.
                || has_param_problem(model, &input.param)
            {
                continue;
            }
            let problem = match &input.reference {
                Reference::Model(name) => {
                    let suggestion = closest(name, design.models.iter().map(|m| m.name.as_str()))
                        .map(|c| format!("; did you mean {c}?"))
                        .unwrap_or_default();
                    format!("{name}, but no model has that name{suggestion}")
                }
                Reference::Source { system, table } => {
                    let tables: Vec<String> = design
                        .raw_tables()
                        .map(|(s, t)| format!("{}.{}", s.system, t.name))
                        .collect();
                    let wanted = format!("{system}.{table}");
                    let suggestion = closest(&wanted, tables.iter().map(String::as_str))
                        .map(|c| format!("; did you mean {c}?"))
                        .unwrap_or_default();
                    if design.sources.iter().any(|s| &s.system == system) {
                        format!(
                            "the raw table {wanted}, but the source {system} has no table \
                             {table}{suggestion}"
                        )
                    } else {
                        format!(
                            "the raw table {wanted}, but the design has no source system \
                             {system}{suggestion}"
                        )
                    }
                }
            };
            findings.push(
                Finding::new(
                    format!("{} reads {problem}", model.name),
                    vec![model.name.clone()],
                )
                .at(input.param.clone()),
            );
        }
    }
    findings
}
