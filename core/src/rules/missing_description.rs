//! M001: a model without a description.

use super::{Context, Finding, Rule, RuleDocs, Severity};

pub const RULE: Rule = Rule {
    code: "M001",
    name: "missing-description",
    severity: Severity::Info,
    summary: "A model has no description",
    docs: RuleDocs {
        what: "Finds models whose description is empty.",
        why: "The description is what the exported dbt docs, the data dictionary and \
              the workbench show for the table. A name says which layer and object a \
              table belongs to; only a description says what one row is, which rows are \
              in it and what it is for, and that is what the next engineer or analyst \
              needs before they trust it.",
        example: "`ain_customer__orders` has no description, so nobody can tell from the \
                  docs whether it holds all orders or only completed ones, per day or per \
                  month.",
        fix: "Write one or two sentences: what one row is (\"one row per customer per \
              month\"), what is in or out, and who uses it. Column descriptions can \
              follow.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.design
        .models
        .iter()
        .filter(|model| model.description.trim().is_empty())
        .map(|model| {
            Finding::new(
                format!(
                    "{} has no description; say what one row is and what the table is for",
                    model.name
                ),
                vec![model.name.clone()],
            )
        })
        .collect()
}
