//! G003: a model nothing reads that is not a mart.

use super::{Context, Finding, Rule, RuleDocs, Severity};
use crate::Layer;

pub const RULE: Rule = Rule {
    code: "G003",
    name: "unused-model",
    severity: Severity::Warning,
    summary: "A model that no other model reads, outside the marts",
    docs: RuleDocs {
        what: "Finds models outside MRT that no other model reads. Marts are the \
               warehouse's outputs, so they are expected to have no readers; every other \
               layer exists to feed a later one.",
        why: "An unread model is built, tested and paid for on every run without \
              serving anyone. It is often the sign of an unfinished path (an object \
              modeled in the vault but never analysed) or of a reader that was pointed \
              elsewhere and left its old input behind.",
        example: "`vlt_evt_order_returned` is built in the vault, but no rollup, analytic \
                  object or mart reads it.",
        fix: "Finish the path: add the model that should read it (a rollup, an analytic \
              object, a mart), or point an existing model at it. If it is no longer \
              needed, delete it. If it is an output in its own right, it belongs in MRT.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.design
        .models
        .iter()
        .enumerate()
        .filter(|&(i, model)| {
            !matches!(model.layer, Layer::Mrt | Layer::Raw)
                && cx.graph.readers(i).is_empty()
                // A second model of the same name is D001's to report.
                && cx.graph.model_index(&model.name) == Some(i)
        })
        .map(|(_, model)| {
            let next: Vec<&str> = Layer::ALL
                .into_iter()
                .filter(|l| l.may_read(model.layer))
                .map(Layer::code)
                .collect();
            let hint = if next.is_empty() {
                String::new()
            } else {
                format!(" (models in {} may read it)", next.join(", "))
            };
            Finding::new(
                format!(
                    "nothing reads {} ({}), and it is not a mart; connect it to a \
                     model that uses it{hint} or remove it",
                    model.name,
                    model.layer.code()
                ),
                vec![model.name.clone()],
            )
        })
        .collect()
}
