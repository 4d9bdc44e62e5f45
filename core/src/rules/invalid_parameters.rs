//! D003: a model's parameters do not fit its template.

use super::{
    Context, Finding, Rule, RuleDocs, Severity, object_without_business_key,
    object_without_effective_time,
};
use crate::template::validate;

pub const RULE: Rule = Rule {
    code: "D003",
    name: "invalid-parameters",
    severity: Severity::Error,
    summary: "A model's parameters do not fit its template",
    docs: RuleDocs {
        what: "Checks each model's parameters against its template's form: every \
               required parameter filled in, every value of the right kind (a name, a \
               list of columns, a date, one of the offered choices), no parameter the \
               template does not have, and the parameters that depend on each other \
               (dedupe `latest` needs `latest_by`; a metric with a time grain needs a \
               time column).",
        why: "A template turns its parameters into SQL. A missing or malformed value \
              means the template cannot render the model, or renders SQL that fails in \
              the warehouse; an unknown parameter is usually a typo whose intended \
              setting is silently not applied.",
        example: "A `standardize` model with `dedupe: \"latest\"` but no `latest_by`, so \
                  nothing says which row of a key is the latest; or a `metric` with \
                  `functon: \"sum\"`, a typo the template does not know.",
        fix: "Open the model's form: the field named in the finding explains what it \
              expects. Fill it in, correct its value, or remove the unknown parameter.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for model in &cx.design.models {
        // A missing business key or effective time has a rule of its own.
        let keys = object_without_business_key::empty_keys(model);
        let no_time = object_without_effective_time::lacks_effective_time(model);
        for problem in validate(model.template, &model.params) {
            if keys.contains(&problem.path) || (no_time && problem.path == "effective_from") {
                continue;
            }
            findings.push(
                Finding::new(
                    format!("{} ({}): {}", model.name, model.template, problem.message),
                    vec![model.name.clone()],
                )
                .at(problem.path),
            );
        }
    }
    findings
}
