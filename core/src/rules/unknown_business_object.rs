//! V004: a model names a business object the design does not plan.

use serde_json::Value;

use super::{Context, Finding, Rule, RuleDocs, Severity, closest, has_param_problem, short_list};
use crate::template::{self, ParamKind};

pub const RULE: Rule = Rule {
    code: "V004",
    name: "unknown-business-object",
    severity: Severity::Warning,
    summary: "A model names a business object the design does not plan",
    docs: RuleDocs {
        what: "Checks every object parameter of the vault and analytics templates (the \
               object a `business_object` keeps, the two objects of a `relationship`, \
               the objects of an `event`, the object an `event_rollup` aggregates per) \
               against the business objects planned in the design.",
        why: "The planned objects are the shared vocabulary of the warehouse: their \
              names become hash key columns (`customer_hk`) that objects, relationships \
              and events join on, and their plans record business keys and sources. An \
              object name that is not planned is usually a typo or a synonym \
              (`client` for `customer`), and its hash key will join to nothing.",
        example: "The relationship `vlt_rel_order__customer` has `to_object: client`, but \
                  the design plans `customer`.",
        fix: "Use the planned object's name, or, if this is a new concept, add it to \
              the design's business objects with its business keys and sources.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let design = cx.design;
    let planned: Vec<&str> = design.objects.iter().map(|o| o.name.as_str()).collect();
    let mut findings = Vec::new();
    for model in &design.models {
        // The non-empty object names, with their parameter paths.
        let mut named: Vec<(String, String)> = Vec::new();
        template::visit_params(model, &mut |spec, value, path| {
            if let (ParamKind::Object, Value::String(name)) = (spec.kind, value)
                && !name.trim().is_empty()
            {
                named.push((path.to_owned(), name.clone()));
            }
        });
        for (path, object) in named {
            if design.object(&object).is_some() || has_param_problem(model, &path) {
                continue;
            }
            let known = if planned.is_empty() {
                "the design plans no business objects yet".to_owned()
            } else {
                let suggestion = closest(&object, planned.iter().copied())
                    .map(|c| format!("; did you mean {c}?"))
                    .unwrap_or_default();
                format!("the design plans {}{suggestion}", short_list(&planned, 5))
            };
            findings.push(
                Finding::new(
                    format!(
                        "{} names the business object {object}, which is not planned: \
                         {known}",
                        model.name
                    ),
                    vec![model.name.clone()],
                )
                .at(path),
            );
        }
    }
    findings
}
