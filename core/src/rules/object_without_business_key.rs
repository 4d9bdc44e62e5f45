//! V001: a business object, or an object a relationship or event is tied
//! to, has no business key.

use serde_json::Value;

use super::{Context, Finding, Rule, RuleDocs, Severity};
use crate::design::{Design, Model};
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "V001",
    name: "object-without-business-key",
    severity: Severity::Error,
    summary: "A business object has no business key",
    docs: RuleDocs {
        what: "Checks that every `business_object` model names its business key \
               columns, that every `relationship` names the key of both objects it \
               links, that every `event` names the key of each object it is tied to, \
               and that every business object planned in the design has business \
               keys.",
        why: "The business key is what makes a customer the same customer across \
              systems and across time: the vault hashes it into the hash key that every \
              state, relationship and event joins on. Without it the vault cannot tell \
              a new customer from a new state of a known one, history cannot be kept, \
              and relationships and events cannot be tied to their objects.",
        example: "`vlt_obj_customer` reads `src_crm__customers` with `business_key: []`; \
                  or the relationship `vlt_rel_order__customer` has no `to_key`, so \
                  nothing says which column of an order names its customer.",
        fix: "Name the columns that identify one instance of the object in the model's \
              input (`customer_number`, or `system` plus `customer_id` when ids are only \
              unique per system). Use the same business key the object's plan names, so \
              objects, relationships and events hash it the same way.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for model in &cx.design.models {
        for path in empty_keys(model) {
            findings.push(
                Finding::new(message(cx.design, model, &path), vec![model.name.clone()]).at(path),
            );
        }
    }
    for object in &cx.design.objects {
        if object.business_keys.iter().all(|k| k.trim().is_empty()) {
            findings.push(Finding::new(
                format!(
                    "the business object {0} has no business keys; name the columns that \
                     identify one {0} across systems",
                    object.name
                ),
                vec![object.name.clone()],
            ));
        }
    }
    findings
}

/// The parameter paths of `model` that should name an object's business key
/// but are empty. D003 leaves these to this rule.
pub(super) fn empty_keys(model: &Model) -> Vec<String> {
    let params = &model.params;
    match model.template {
        TemplateKind::BusinessObject => ["business_key"]
            .into_iter()
            .filter(|p| is_empty(params.get(*p)))
            .map(str::to_owned)
            .collect(),
        TemplateKind::Relationship => ["from_key", "to_key"]
            .into_iter()
            .filter(|p| is_empty(params.get(*p)))
            .map(str::to_owned)
            .collect(),
        TemplateKind::Event => params
            .get("objects")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, entry)| entry.as_object().is_some_and(|e| is_empty(e.get("key"))))
            .map(|(i, _)| format!("objects[{i}].key"))
            .collect(),
        _ => Vec::new(),
    }
}

/// Missing, null, an empty list or blank text.
fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::String(text)) => text.trim().is_empty(),
        Some(_) => false,
    }
}

/// A non-empty text parameter of `value` (a model's params or an entry).
fn text(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

fn message(design: &Design, model: &Model, path: &str) -> String {
    let params = &model.params;
    let input = text(params.get("input"))
        .map(|input| format!("the columns of {input}"))
        .unwrap_or_else(|| "the input columns".to_owned());
    let object = match (model.template, path) {
        (TemplateKind::BusinessObject, _) => text(params.get("object")),
        (TemplateKind::Relationship, "from_key") => text(params.get("from_object")),
        (TemplateKind::Relationship, _) => text(params.get("to_object")),
        _ => entry_object(params.get("objects"), path),
    };
    let planned = object
        .and_then(|o| design.object(o))
        .filter(|o| !o.business_keys.is_empty())
        .map(|o| {
            format!(
                " (the plan for {} names {})",
                o.name,
                o.business_keys.join(", ")
            )
        })
        .unwrap_or_default();
    let what = object.map_or_else(|| "the object".to_owned(), str::to_owned);
    match model.template {
        TemplateKind::BusinessObject => format!(
            "{} has no business key; name {input} that identify one {what} across time{planned}",
            model.name
        ),
        _ => format!(
            "{} has no key for {what}; name {input} that hold the business key of {what}{planned}",
            model.name
        ),
    }
}

/// The object of the event entry `objects[i].key` points into.
fn entry_object<'a>(objects: Option<&'a Value>, path: &str) -> Option<&'a str> {
    let index: usize = path
        .strip_prefix("objects[")?
        .split_once(']')?
        .0
        .parse()
        .ok()?;
    text(objects?.as_array()?.get(index)?.get("object"))
}
