//! L002: a model's name does not follow its layer's naming pattern.

use super::{Context, Finding, Rule, RuleDocs, Severity};
use crate::Layer;

pub const RULE: Rule = Rule {
    code: "L002",
    name: "name-pattern",
    severity: Severity::Warning,
    summary: "A model's name does not follow its layer's naming pattern",
    docs: RuleDocs {
        what: "Checks each model's name against its layer's patterns: \
               `src_<system>__<entity>`, `vin_<concept>__<purpose>`, `vlt_obj_<object>`, \
               `vlt_rel_<a>__<b>`, `vlt_evt_<event>`, `ain_<object>__<purpose>`, \
               `ana_<object>`, `ana_<object>__history` and `mrt_<consumer>__<subject>`. \
               Each `<part>` is one or more lowercase words of letters and digits joined \
               by single underscores; the double underscore separates the parts.",
        why: "In a warehouse of hundreds of tables the name is the first documentation: \
              the prefix says which layer (and so which guarantees) a table has, and the \
              parts say what it holds, so anyone can find `vlt_obj_customer` without a \
              catalogue. Consistent names also keep the exported dbt project, its \
              schemas and its selectors (`dbt build -s vlt_obj_*`) predictable.",
        example: "An SRC model called `customers_clean` (expected \
                  `src_<system>__<entity>`, e.g. `src_crm__customers`), or a VLT object \
                  called `vlt_customer` (expected `vlt_obj_customer`).",
        fix: "Rename the model to its layer's pattern: the layer prefix, then the parts \
              the pattern names, in lowercase, with a double underscore between parts. \
              If the name fits another layer's pattern, check whether the model is in \
              the right layer.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.design
        .models
        .iter()
        // A model in RAW is wrong whatever its name (D004).
        .filter(|model| model.layer != Layer::Raw && !model.layer.name_matches(&model.name))
        .map(|model| {
            let layer = model.layer;
            let expected = match layer.name_patterns() {
                [only] => format!("the {} naming pattern {only}", layer.code()),
                patterns => format!(
                    "any {} naming pattern ({})",
                    layer.code(),
                    patterns.join(", ")
                ),
            };
            let lower = model.name.to_lowercase();
            let hint = if lower != model.name && layer.name_matches(&lower) {
                format!("; write it in lowercase: {lower}")
            } else if let Some(other) = Layer::ALL.into_iter().find(|&other| {
                other != Layer::Raw && other != layer && other.name_matches(&model.name)
            }) {
                format!(
                    "; the name fits {}, so check the model is in the right layer",
                    other.code()
                )
            } else {
                String::new()
            };
            Finding::new(
                format!("{} does not follow {expected}{hint}", model.name),
                vec![model.name.clone()],
            )
        })
        .collect()
}
