//! L003: a layer left empty between two used layers.

use super::{Context, Finding, Rule, RuleDocs, Severity, short_list};
use crate::Layer;

pub const RULE: Rule = Rule {
    code: "L003",
    name: "empty-layer-gap",
    severity: Severity::Warning,
    summary: "A layer is left empty between two used layers",
    docs: RuleDocs {
        what: "Finds a required layer (SRC, VLT or ANA) with no models while layers on \
               both sides of it are used (RAW counts as used when the design has raw \
               tables). VIN and AIN are used only when needed, so an empty VIN or AIN is \
               never a gap.",
        why: "Each required layer adds something the later ones rely on: SRC cleans \
              each raw table once, VLT keeps the history of every business object, ANA \
              completes the objects that marts measure. When one is empty but data \
              flows past it, that work is either missing (no history, so no \"as of\" \
              answers) or done ad hoc in a later model where nobody can reuse it.",
        example: "A design with raw tables, SRC models and marts, but nothing in VLT and \
                  ANA: the marts compute revenue straight from cleaned source rows, so \
                  every change to an order overwrites its past.",
        fix: "Add the missing layer's models: for VLT, a business object, relationship \
              or event per concept the later layers use; for ANA, an analytic object \
              per object the marts report on; for SRC, a standardize per raw table. \
              Then point the later models at them.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    // What is in each layer: model names, or `system.table` for RAW.
    let mut contents: Vec<Vec<String>> = vec![Vec::new(); Layer::ALL.len()];
    for (source, table) in cx.design.raw_tables() {
        contents[usize::from(Layer::Raw.order())].push(format!("{}.{}", source.system, table.name));
    }
    // A model placed in RAW does not make RAW used (D004 reports it).
    for model in cx.design.models.iter().filter(|m| m.layer != Layer::Raw) {
        contents[usize::from(model.layer.order())].push(model.name.clone());
    }
    let used = |layer: &Layer| !contents[usize::from(layer.order())].is_empty();
    let mut findings = Vec::new();
    for layer in Layer::ALL {
        if layer.is_optional() || used(&layer) {
            continue;
        }
        let below = Layer::ALL
            .iter()
            .rev()
            .filter(|l| **l < layer)
            .find(|l| used(l));
        let above = Layer::ALL.iter().filter(|l| **l > layer).find(|l| used(l));
        let (Some(&below), Some(&above)) = (below, above) else {
            continue;
        };
        let below_names = &contents[usize::from(below.order())];
        let above_names = &contents[usize::from(above.order())];
        let purpose = layer.purpose().to_lowercase();
        let message = format!(
            "{} ({}) is empty between {} ({}) and {} ({}); data that skips it goes \
             without what {} adds: {purpose}",
            layer.code(),
            layer.name(),
            below.code(),
            short_list(below_names, 3),
            above.code(),
            short_list(above_names, 3),
            layer.code(),
        );
        // The models above the gap are the ones to point at new models in it.
        let mut models = above_names.clone();
        if below != Layer::Raw {
            models.extend(below_names.iter().cloned());
        }
        findings.push(Finding::new(message, models));
    }
    findings
}
