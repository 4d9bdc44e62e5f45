//! S003: two or more SRC models read the same raw table.

use std::collections::BTreeMap;

use super::{Context, Finding, Rule, RuleDocs, Severity, and_list};
use crate::Layer;
use crate::design::Target;

pub const RULE: Rule = Rule {
    code: "S003",
    name: "raw-table-standardized-twice",
    severity: Severity::Warning,
    summary: "Two or more SRC models read the same raw table",
    docs: RuleDocs {
        what: "Finds raw tables that more than one SRC model reads.",
        why: "SRC holds one standardized copy per raw table, so that a column is \
              cleaned, typed and deduplicated once and means the same thing everywhere. \
              Two copies drift apart: one trims and the other does not, one keeps the \
              latest row and the other every row, and the models built on them disagree \
              in ways that are hard to trace.",
        example: "`src_pos__orders` and `src_pos__orders_clean` both standardize \
                  `pos.orders`, with different dedupe rules.",
        fix: "Keep one SRC model per raw table and merge the other's cleaning into it \
              (more columns, the right dedupe rule). Models that need the data shaped \
              differently read that one model and reshape it in a later layer.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut readers: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (i, model) in cx.design.models.iter().enumerate() {
        if model.layer != Layer::Src {
            continue;
        }
        for input in cx.graph.inputs(i) {
            if input.target != Target::Source {
                continue;
            }
            let models = readers.entry(input.reference.to_string()).or_default();
            if !models.contains(&model.name.as_str()) {
                models.push(&model.name);
            }
        }
    }
    readers
        .into_iter()
        .filter(|(_, models)| models.len() > 1)
        .map(|(table, models)| {
            let all = if models.len() == 2 { "both" } else { "all" };
            Finding::new(
                format!(
                    "{} {all} standardize the raw table {table}; keep one SRC model per raw \
                     table: merge the others' cleaning into it and point their readers at it",
                    and_list(&models)
                ),
                models.iter().map(|m| (*m).to_owned()).collect(),
            )
        })
        .collect()
}
