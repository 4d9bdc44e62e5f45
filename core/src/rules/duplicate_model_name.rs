//! D001: two models share a name.

use std::collections::BTreeMap;

use super::{Context, Finding, Rule, RuleDocs, Severity, a_or_an, and_list};

pub const RULE: Rule = Rule {
    code: "D001",
    name: "duplicate-model-name",
    severity: Severity::Error,
    summary: "Two models share a name",
    docs: RuleDocs {
        what: "Finds model names used by more than one model.",
        why: "A model's name is its identity: dbt builds one relation per name, \
              `ref('name')` must point at exactly one model, and lineage, tests and \
              docs are keyed by it. With two models of one name, every reader silently \
              gets the first one, and `dbt build` refuses the project.",
        example: "Two SRC models are both called `src_pos__orders`: one standardizes \
                  `pos.orders`, the other was copied from it to try a different dedupe \
                  rule and never renamed.",
        fix: "Rename one of them so its name says what makes it different (following \
              its layer's naming pattern), or delete the copy if it is no longer \
              needed. Then check which of the two each reader should read.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, model) in cx.design.models.iter().enumerate() {
        by_name.entry(model.name.as_str()).or_default().push(i);
    }
    by_name
        .into_iter()
        .filter(|(_, models)| models.len() > 1)
        .map(|(name, models)| {
            let places: Vec<String> = models
                .iter()
                .map(|&i| {
                    let model = &cx.design.models[i];
                    format!(
                        "{} in {}",
                        a_or_an(model.template.name()),
                        model.layer.code()
                    )
                })
                .collect();
            Finding::new(
                format!(
                    "{} models are named {name} ({}); every model needs its own name, \
                     and readers of {name} get only the first",
                    models.len(),
                    and_list(&places)
                ),
                vec![name.to_owned()],
            )
        })
        .collect()
}
