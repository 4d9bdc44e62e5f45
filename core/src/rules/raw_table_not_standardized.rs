//! S002: a raw table that no SRC model reads.

use std::collections::BTreeMap;

use super::{Context, Finding, Rule, RuleDocs, Severity, and_list};
use crate::Layer;
use crate::design::{Reference, Target};

pub const RULE: Rule = Rule {
    code: "S002",
    name: "raw-table-not-standardized",
    severity: Severity::Info,
    summary: "A raw table that no SRC model standardizes",
    docs: RuleDocs {
        what: "Lists the raw tables of the design's sources that no SRC model reads.",
        why: "Every raw table that matters gets exactly one SRC model, and everything \
              downstream reads that model, never the raw table. A raw table without one \
              is either not needed yet (fine: this is only information), or is read \
              directly by a later model, which then repeats the cleaning on its own.",
        example: "The `pos` source delivers `orders` and `returns`; there is a \
                  `src_pos__orders` but nothing standardizes `pos.returns`.",
        fix: "Add a `standardize` model in SRC for the table (`src_pos__returns`) when \
              the design needs its data, and have later models read that. If the table \
              is not needed, this can stay as it is, or the table can be removed from \
              the source.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let design = cx.design;
    // For each raw table read: whether an SRC model reads it, and which
    // other models do.
    let mut reads: BTreeMap<(&str, &str), (bool, Vec<&str>)> = BTreeMap::new();
    for (i, model) in design.models.iter().enumerate() {
        for input in cx.graph.inputs(i) {
            let (Target::Source, Reference::Source { system, table }) =
                (input.target, &input.reference)
            else {
                continue;
            };
            let entry = reads.entry((system, table)).or_default();
            if model.layer == Layer::Src {
                entry.0 = true;
            } else if !entry.1.contains(&model.name.as_str()) {
                entry.1.push(&model.name);
            }
        }
    }
    let mut findings = Vec::new();
    for (source, table) in design.raw_tables() {
        let (standardized, others) = reads
            .get(&(source.system.as_str(), table.name.as_str()))
            .map_or((false, &[][..]), |(s, o)| (*s, o.as_slice()));
        if standardized {
            continue;
        }
        let name = format!("{}.{}", source.system, table.name);
        let read_by = if others.is_empty() {
            String::new()
        } else {
            format!(" ({} reads it directly)", and_list(others))
        };
        findings.push(Finding::new(
            format!(
                "no SRC model standardizes the raw table {name}{read_by}; add a \
                 standardize model for it when the design needs its data"
            ),
            vec![name],
        ));
    }
    findings
}
