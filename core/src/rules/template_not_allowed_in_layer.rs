//! D004: a model's template does not belong in its layer.

use super::{Context, Finding, Rule, RuleDocs, Severity, a_or_an, and_list, layer_list};
use crate::Layer;
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "D004",
    name: "template-not-allowed-in-layer",
    severity: Severity::Error,
    summary: "A model's template does not belong in its layer",
    docs: RuleDocs {
        what: "Checks that each model's template is one its layer offers: \
               `standardize` in SRC; `union_systems` and `system_transition` in VIN; \
               `business_object`, `relationship` and `event` in VLT; `event_rollup` and \
               `denormalize` in AIN; `analytic_object` and `state_history` in ANA; \
               `metric` and `output` in MRT; `custom_sql` anywhere but RAW. RAW holds the \
               raw tables as they land, declared as sources, never models.",
        why: "Each layer adds one kind of guarantee, and its templates are how it adds \
              it: a vault object keeps history, a standardize cleans one raw table. A \
              template in the wrong layer gets the wrong materialization and naming, \
              and readers that trust the layer's guarantee get data without it.",
        example: "A `business_object` model placed in SRC, or a `standardize` model \
                  dropped into the RAW lane.",
        fix: "Move the model to the layer its template belongs in (and rename it to that \
              layer's pattern), or choose a template the layer offers. Raw data is added \
              as a raw table of a source, not as a model.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.design
        .models
        .iter()
        .filter(|model| !model.template.allowed_in(model.layer))
        .map(|model| {
            let template = model.template.name();
            let belongs = match model.template.layers() {
                layers if layers.len() + 1 == Layer::ALL.len() => "any layer but RAW".to_owned(),
                layers => layer_list(layers),
            };
            let message = if model.layer == Layer::Raw {
                format!(
                    "{} is placed in RAW, which holds raw tables as they land, not models; \
                     {} model belongs in {belongs}",
                    model.name,
                    a_or_an(template)
                )
            } else {
                let offered: Vec<&str> = TemplateKind::for_layer(model.layer)
                    .map(TemplateKind::name)
                    .collect();
                let layer = model.layer.code();
                format!(
                    "{} is {} model in {layer}; {template} belongs in {belongs}, and {layer} \
                     offers {}",
                    model.name,
                    a_or_an(template),
                    and_list(&offered)
                )
            };
            Finding::new(message, vec![model.name.clone()])
        })
        .collect()
}
