//! V002: a business object or relationship without an effective time.

use serde_json::Value;

use super::{Context, Finding, Rule, RuleDocs, Severity};
use crate::design::Model;
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "V002",
    name: "object-without-effective-time",
    severity: Severity::Error,
    summary: "A business object or relationship has no effective time",
    docs: RuleDocs {
        what: "Checks that every `business_object` and `relationship` model names its \
               `effective_from` column: the column that says when each state (or link) \
               became true.",
        why: "The vault keeps every state of every object with `valid_from`, `valid_to` \
              and `is_current`; those come from the effective time. Without it, states \
              can only be dated by when they were loaded, so \"what did this customer \
              look like on 1 March\" gets the answer of the day the data happened to \
              arrive, and reloading history puts every state on one day.",
        example: "`vlt_obj_customer` tracks the customer's address and segment but has \
                  no `effective_from`, although its input has `updated_at`.",
        fix: "Set `effective_from` to the input column that dates each change \
              (`updated_at`, `valid_from`, a change timestamp). If the source has no such \
              column, add one upstream (in SRC, from the load time) so the choice is \
              explicit.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.design
        .models
        .iter()
        .filter(|model| lacks_effective_time(model))
        .map(|model| {
            let what = match model.template {
                TemplateKind::Relationship => "each link".to_owned(),
                _ => match model.params.get("object").and_then(Value::as_str) {
                    Some(object) if !object.trim().is_empty() => format!("each state of {object}"),
                    _ => "each state".to_owned(),
                },
            };
            let input = match model.params.get("input").and_then(Value::as_str) {
                Some(input) if !input.trim().is_empty() => format!("the column of {input}"),
                _ => "the input column".to_owned(),
            };
            Finding::new(
                format!(
                    "{} has no effective time, so it cannot say when {what} became true; \
                     set effective_from to {input} that dates each change",
                    model.name
                ),
                vec![model.name.clone()],
            )
            .at("effective_from")
        })
        .collect()
}

/// Whether `model` is an object or relationship with no `effective_from`.
/// D003 leaves that parameter to this rule.
pub(super) fn lacks_effective_time(model: &Model) -> bool {
    matches!(
        model.template,
        TemplateKind::BusinessObject | TemplateKind::Relationship
    ) && match model.params.get("effective_from") {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.trim().is_empty(),
        Some(_) => false,
    }
}
