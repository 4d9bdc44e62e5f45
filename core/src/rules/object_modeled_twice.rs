//! V003: the same business object modeled by two business_object models.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Context, Finding, Rule, RuleDocs, Severity, and_list};
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "V003",
    name: "object-modeled-twice",
    severity: Severity::Error,
    summary: "The same business object is modeled twice",
    docs: RuleDocs {
        what: "Finds business objects that more than one `business_object` model keeps \
               (the same `object` parameter).",
        why: "The vault holds one history per business object: one row per state of \
              each customer, with one hash key that relationships, events and analytic \
              objects join on. Two models of one object split that history: each has \
              part of the states, the same customer can be current in both, and every \
              reader has to pick one and miss the other half.",
        example: "`vlt_obj_customer` reads `src_crm__customers` and \
                  `vlt_obj_customer_shop` reads `src_shop__customers`, both with \
                  `object: customer`.",
        fix: "Combine the inputs first, in VIN: `union_systems` to bring the systems' \
              customers together (tagged with their system), or `system_transition` for \
              a cut-over. Then keep one `business_object` model that reads the combined \
              model.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut by_object: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for model in &cx.design.models {
        if model.template != TemplateKind::BusinessObject {
            continue;
        }
        if let Some(object) = model
            .params
            .get("object")
            .and_then(Value::as_str)
            .filter(|o| !o.trim().is_empty())
        {
            by_object.entry(object).or_default().push(&model.name);
        }
    }
    by_object
        .into_iter()
        .filter(|(_, models)| models.len() > 1)
        .map(|(object, models)| {
            let all = if models.len() == 2 { "both" } else { "all" };
            Finding::new(
                format!(
                    "{} {all} model the business object {object}; keep one business_object \
                     model per object and combine its sources in VIN first",
                    and_list(&models)
                ),
                models.iter().map(|m| (*m).to_owned()).collect(),
            )
        })
        .collect()
}
