//! G001: models that read each other in a circle.

use super::{Context, Finding, Rule, RuleDocs, Severity};

pub const RULE: Rule = Rule {
    code: "G001",
    name: "cycle",
    severity: Severity::Error,
    summary: "Models read each other in a circle",
    docs: RuleDocs {
        what: "Finds groups of models where each one, following its inputs, eventually \
               reads itself.",
        why: "dbt builds models in dependency order; a circle has no first model, so \
              the project cannot build at all. Circles usually mean two models each \
              took on part of the other's job.",
        example: "`ain_customer__orders` reads `ain_customer__profile`, which reads \
                  `ain_customer__orders`.",
        fix: "Decide which model owns the shared logic, move it there, and make the \
              other read it, so data flows one way. The layer order helps: data only \
              flows from RAW towards MRT.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.graph
        .cycles()
        .into_iter()
        .map(|cycle| {
            let names: Vec<String> = cycle
                .iter()
                .map(|&i| cx.design.models[i].name.clone())
                .collect();
            let message = match names.as_slice() {
                [only] => format!("{only} reads itself"),
                _ => format!("{} read each other in a circle", names.join(", ")),
            };
            Finding::new(message, names)
        })
        .collect()
}
