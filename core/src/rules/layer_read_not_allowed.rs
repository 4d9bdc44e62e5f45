//! L001: a model reads a layer its own layer may not read.

use super::{Context, Finding, Rule, RuleDocs, Severity, layer_list};
use crate::Layer;
use crate::design::{Reference, Target};

pub const RULE: Rule = Rule {
    code: "L001",
    name: "layer-read-not-allowed",
    severity: Severity::Error,
    summary: "A model reads a layer its layer may not read",
    docs: RuleDocs {
        what: "Checks every input of every model against the layer contract: each layer \
               may read only certain layers (SRC reads RAW; VIN reads SRC and VIN; VLT reads \
               SRC, VIN and VLT; AIN and ANA read VLT and AIN; MRT reads ANA and AIN). A \
               model that reads a later layer, or skips into a layer it may not read, is \
               flagged.",
        why: "The layers are a contract: each one adds one kind of guarantee (clean \
              types in SRC, history in VLT, complete objects in ANA). A mart that reads \
              SRC directly bypasses the vault, so it loses history, repeats the cleaning \
              and business logic in another place, and breaks silently when a source \
              system changes. Reading a later layer creates loops between layers.",
        example: "An MRT model `mrt_finance__revenue` with `model: src_pos__orders` reads \
                  SRC, which MRT may not read.",
        fix: "Route the data through the layers in between: model the orders as a VLT \
              event, roll them up in AIN or attach them to an ANA object, and read that \
              from the mart. If the project truly needs the shortcut, relax L001 in the \
              project's rule settings so the exception is visible.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, model) in cx.design.models.iter().enumerate() {
        let layer = model.layer;
        for input in cx.graph.inputs(i) {
            let upstream = match (input.target, &input.reference) {
                (Target::Model(j), _) => cx.design.models[j].layer,
                (Target::Source, _) | (Target::Missing, Reference::Source { .. }) => Layer::Raw,
                (Target::Missing, Reference::Model(_)) => continue,
            };
            if layer.may_read(upstream) || layer == Layer::Raw {
                continue;
            }
            let allowed = match layer.allowed_upstream() {
                [] => "nothing".to_owned(),
                layers => layer_list(layers),
            };
            let what = if upstream == Layer::Raw {
                format!("the raw table {}", input.reference)
            } else {
                format!("{} ({})", input.reference, upstream.code())
            };
            let mut involved = vec![model.name.clone()];
            if upstream != Layer::Raw {
                involved.push(input.reference.to_string());
            }
            findings.push(
                Finding::new(
                    format!(
                        "{} ({}) reads {what}; {} may read only {allowed}",
                        model.name,
                        layer.code(),
                        layer.code(),
                    ),
                    involved,
                )
                .at(input.param.clone()),
            );
        }
    }
    findings
}
