//! Templates: "fill in the blanks" instead of writing SQL.
//!
//! Every model is an instance of a [`TemplateKind`]. Each template declares
//! its typed parameters ([`ParamSpec`]): name, type, a one-line explanation,
//! whether it is required, and a default. Designs store parameters as JSON
//! values; [`validate`] checks them against the schema, and the workbench
//! builds its forms from the same schema. Rendering to SQL is separate.

mod catalog;
mod validate;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::design::{Model, Reference, references_in_sql};
use crate::layer::Layer;

pub use validate::{ParamProblem, is_identifier, validate};

/// The templates of FRAMEWORK.md §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    Standardize,
    UnionSystems,
    SystemTransition,
    BusinessObject,
    Relationship,
    Event,
    EventRollup,
    Denormalize,
    AnalyticObject,
    StateHistory,
    Metric,
    Output,
    CustomSql,
}

/// One parameter of a template.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    /// One line that explains the parameter (shown under the form field).
    pub doc: &'static str,
    pub required: bool,
    pub default: ParamDefault,
}

/// The type of a parameter, which decides its JSON shape and its form field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// One line of free text.
    Text,
    /// A SQL identifier the template creates (a column name, a tag).
    Identifier,
    Bool,
    Integer {
        min: i64,
        max: i64,
    },
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A timestamp, `YYYY-MM-DD HH:MM[:SS]` (or a date).
    Timestamp,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// A column type (`varchar`, `decimal(12,2)`).
    SqlType,
    /// A raw table, `system.table`.
    RawTable,
    /// A model in one of these layers.
    Model(&'static [Layer]),
    /// Several models in these layers.
    Models(&'static [Layer]),
    /// A business object of the design.
    Object,
    /// A column of the relation named by the parameter `of` (same record first).
    Column {
        of: &'static str,
    },
    /// Several columns of the relation named by `of`.
    Columns {
        of: &'static str,
    },
    /// A SQL expression (a filter, a computed value).
    Expression,
    /// A whole SQL query with dbt's `ref()` and `source()`.
    Sql,
    /// A list of records, each with these fields.
    Records(&'static [ParamSpec]),
}

/// A parameter's default value when the user leaves it empty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamDefault {
    None,
    Bool(bool),
    Int(i64),
    Str(&'static str),
    EmptyList,
}

impl ParamKind {
    /// The type's short name, as forms and `strata templates` show it.
    pub fn type_name(self) -> &'static str {
        match self {
            ParamKind::Text => "text",
            ParamKind::Identifier => "identifier",
            ParamKind::Bool => "bool",
            ParamKind::Integer { .. } => "integer",
            ParamKind::Date => "date",
            ParamKind::Timestamp => "timestamp",
            ParamKind::Choice(_) => "choice",
            ParamKind::SqlType => "type",
            ParamKind::RawTable => "raw_table",
            ParamKind::Model(_) => "model",
            ParamKind::Models(_) => "models",
            ParamKind::Object => "object",
            ParamKind::Column { .. } => "column",
            ParamKind::Columns { .. } => "columns",
            ParamKind::Expression => "expression",
            ParamKind::Sql => "sql",
            ParamKind::Records(_) => "records",
        }
    }
}

impl ParamDefault {
    /// The default as a JSON value, or `None` if there is none.
    pub fn to_json(self) -> Option<Value> {
        match self {
            ParamDefault::None => None,
            ParamDefault::Bool(b) => Some(Value::Bool(b)),
            ParamDefault::Int(n) => Some(Value::from(n)),
            ParamDefault::Str(s) => Some(Value::from(s)),
            ParamDefault::EmptyList => Some(Value::Array(Vec::new())),
        }
    }
}

impl TemplateKind {
    /// Every template, in layer order.
    pub const ALL: [TemplateKind; 13] = [
        TemplateKind::Standardize,
        TemplateKind::UnionSystems,
        TemplateKind::SystemTransition,
        TemplateKind::BusinessObject,
        TemplateKind::Relationship,
        TemplateKind::Event,
        TemplateKind::EventRollup,
        TemplateKind::Denormalize,
        TemplateKind::AnalyticObject,
        TemplateKind::StateHistory,
        TemplateKind::Metric,
        TemplateKind::Output,
        TemplateKind::CustomSql,
    ];

    /// The name designs and dbt files use (`business_object`).
    pub fn name(self) -> &'static str {
        catalog::info(self).name
    }

    /// What the template does, in one line.
    pub fn summary(self) -> &'static str {
        catalog::info(self).summary
    }

    /// The layers a model of this template may be placed in.
    pub fn layers(self) -> &'static [Layer] {
        catalog::info(self).layers
    }

    /// Whether the template may be used in `layer`.
    pub fn allowed_in(self, layer: Layer) -> bool {
        self.layers().contains(&layer)
    }

    /// The templates offered for a layer.
    pub fn for_layer(layer: Layer) -> impl Iterator<Item = TemplateKind> {
        TemplateKind::ALL
            .into_iter()
            .filter(move |t| t.allowed_in(layer))
    }

    /// The parameter schema.
    pub fn params(self) -> &'static [ParamSpec] {
        catalog::info(self).params
    }

    /// The parameter named `name`.
    pub fn param(self, name: &str) -> Option<&'static ParamSpec> {
        self.params().iter().find(|p| p.name == name)
    }

    /// Whether the template's output has one row per key by construction
    /// (given these parameters), so it needs no separate uniqueness test.
    pub fn guarantees_unique_rows(
        self,
        params: &std::collections::BTreeMap<String, Value>,
    ) -> bool {
        match self {
            TemplateKind::Standardize => params
                .get("primary_key")
                .and_then(Value::as_array)
                .is_some_and(|keys| !keys.is_empty()),
            TemplateKind::BusinessObject
            | TemplateKind::Relationship
            | TemplateKind::Event
            | TemplateKind::EventRollup
            | TemplateKind::Denormalize
            | TemplateKind::AnalyticObject
            | TemplateKind::StateHistory
            | TemplateKind::Metric => true,
            TemplateKind::UnionSystems
            | TemplateKind::SystemTransition
            | TemplateKind::Output
            | TemplateKind::CustomSql => false,
        }
    }
}

impl fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl std::str::FromStr for TemplateKind {
    type Err = String;

    fn from_str(name: &str) -> Result<TemplateKind, String> {
        TemplateKind::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| format!("unknown template `{name}`"))
    }
}

/// Visit every parameter value of `model` that is not a list of records,
/// with its schema and its path (`input`, `objects[1].object`), descending
/// into records parameters. Values of the wrong shape are visited as they
/// are; callers match the shapes they understand.
pub fn visit_params(model: &Model, visit: &mut impl FnMut(&ParamSpec, &Value, &str)) {
    for spec in model.template.params() {
        if let Some(value) = model.params.get(spec.name) {
            visit_value(spec, value, spec.name, visit);
        }
    }
}

fn visit_value(
    spec: &ParamSpec,
    value: &Value,
    path: &str,
    visit: &mut impl FnMut(&ParamSpec, &Value, &str),
) {
    match (spec.kind, value) {
        (ParamKind::Records(fields), Value::Array(records)) => {
            for (i, record) in records.iter().enumerate() {
                let Some(record) = record.as_object() else {
                    continue;
                };
                for field in fields {
                    if let Some(value) = record.get(field.name) {
                        visit_value(field, value, &format!("{path}[{i}].{}", field.name), visit);
                    }
                }
            }
        }
        _ => visit(spec, value, path),
    }
}

/// Everything a model reads, with the parameter path each reference is in:
/// model and raw-table parameters of its template, and `ref()`/`source()`
/// calls in SQL parameters. Malformed values are skipped (validation reports
/// them).
pub fn references(model: &Model) -> Vec<(String, Reference)> {
    let mut found = Vec::new();
    visit_params(model, &mut |spec, value, path| match (spec.kind, value) {
        (ParamKind::Model(_), Value::String(name)) if !name.is_empty() => {
            found.push((path.to_owned(), Reference::Model(name.clone())));
        }
        (ParamKind::RawTable, Value::String(name)) if !name.is_empty() => {
            found.push((path.to_owned(), Reference::parse(name)));
        }
        (ParamKind::Models(_), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(name) = item.as_str().filter(|n| !n.is_empty()) {
                    found.push((format!("{path}[{i}]"), Reference::Model(name.to_owned())));
                }
            }
        }
        (ParamKind::Sql, Value::String(sql)) => {
            for reference in references_in_sql(sql) {
                found.push((path.to_owned(), reference));
            }
        }
        _ => {}
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_but_raw_offers_templates() {
        for layer in Layer::ALL {
            let offered: Vec<_> = TemplateKind::for_layer(layer).collect();
            if layer == Layer::Raw {
                assert!(offered.is_empty());
            } else {
                assert!(offered.len() >= 2, "{layer} offers {offered:?}");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for template in TemplateKind::ALL {
            assert_eq!(template.name().parse::<TemplateKind>(), Ok(template));
            let json = serde_json::to_value(template).unwrap();
            assert_eq!(json, Value::from(template.name()));
        }
    }

    #[test]
    fn every_param_is_documented_and_named_once() {
        fn check(specs: &[ParamSpec], owner: &str) {
            let mut names: Vec<_> = specs.iter().map(|s| s.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), specs.len(), "{owner} repeats a parameter name");
            for spec in specs {
                assert!(!spec.doc.is_empty(), "{owner}.{} has no doc", spec.name);
                assert!(spec.doc.ends_with('.'), "{owner}.{}: a sentence", spec.name);
                if let ParamKind::Records(fields) = spec.kind {
                    check(fields, spec.name);
                }
            }
        }
        for template in TemplateKind::ALL {
            check(template.params(), template.name());
        }
    }

    #[test]
    fn schema_snapshot() {
        let mut out = String::new();
        for template in TemplateKind::ALL {
            let layers: Vec<&str> = template.layers().iter().map(|l| l.code()).collect();
            out.push_str(&format!(
                "## {} ({})\n{}\n",
                template,
                layers.join(", "),
                template.summary()
            ));
            describe(template.params(), 0, &mut out);
            out.push('\n');
        }
        insta::assert_snapshot!(out);
    }

    fn describe(specs: &[ParamSpec], depth: usize, out: &mut String) {
        for spec in specs {
            let required = if spec.required {
                "required"
            } else {
                "optional"
            };
            let default = spec
                .default
                .to_json()
                .map(|d| format!(", default {d}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "{}- {}: {} ({required}{default}): {}\n",
                "  ".repeat(depth),
                spec.name,
                kind_label(spec.kind),
                spec.doc
            ));
            if let ParamKind::Records(fields) = spec.kind {
                describe(fields, depth + 1, out);
            }
        }
    }

    fn kind_label(kind: ParamKind) -> String {
        match kind {
            ParamKind::Records(_) => "Records".to_owned(),
            ParamKind::Model(layers) | ParamKind::Models(layers) => {
                let codes: Vec<&str> = layers.iter().map(|l| l.code()).collect();
                let many = matches!(kind, ParamKind::Models(_));
                format!(
                    "{}({})",
                    if many { "Models" } else { "Model" },
                    codes.join("|")
                )
            }
            other => format!("{other:?}"),
        }
    }
}
