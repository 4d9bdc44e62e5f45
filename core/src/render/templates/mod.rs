//! The templates that write dbt model files, one `.sql` (the Jinja, with
//! `[% %]` and `[[ ]]` delimiters so it can emit dbt's `{{ }}`) and one `.rs`
//! (its context and output columns) per template.

mod analytic_object;
mod business_object;
mod custom_sql;
mod denormalize;
mod event;
mod event_rollup;
mod metric;
mod output;
mod relationship;
mod standardize;
mod state_history;
mod system_transition;
mod union_systems;

use std::collections::BTreeMap;

use minijinja::Environment;
use minijinja::syntax::SyntaxConfig;
use serde_json::{Map, Value};

use super::columns::{Column, DesignColumns};
use super::{RenderError, params_with_defaults};
use crate::design::{Design, Model};
use crate::template::TemplateKind;

/// What a template works from: the design, the columns known so far, the
/// model and its parameters with defaults applied.
pub struct Input<'a> {
    pub design: &'a Design,
    pub columns: &'a DesignColumns,
    pub model: &'a Model,
    pub params: BTreeMap<String, Value>,
}

impl<'a> Input<'a> {
    pub fn new(design: &'a Design, columns: &'a DesignColumns, model: &'a Model) -> Input<'a> {
        Input {
            design,
            columns,
            model,
            params: params_with_defaults(model),
        }
    }

    /// A text parameter, empty when absent.
    pub fn text(&self, name: &str) -> &str {
        self.params.get(name).and_then(Value::as_str).unwrap_or("")
    }

    /// A list-of-names parameter, empty when absent.
    pub fn names(&self, name: &str) -> Vec<String> {
        names_in(self.params.get(name))
    }

    /// A records parameter's entries.
    pub fn records(&self, name: &str) -> Vec<&Map<String, Value>> {
        self.params
            .get(name)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default()
    }

    /// The columns of the model or raw table `name`.
    pub fn upstream(&self, name: &str) -> Option<&'a [Column]> {
        self.columns.of(name)
    }

    /// The column `name` of the model or raw table `relation`: typed and
    /// checked to exist when that relation's columns are known, untyped when
    /// they are not (a `custom_sql` input before analysis).
    pub fn upstream_column(&self, relation: &str, name: &str) -> Result<Column, RenderError> {
        match self.upstream(relation) {
            Some(columns) => columns
                .iter()
                .find(|c| c.name == name)
                .cloned()
                .ok_or_else(|| self.incomplete(format!("`{relation}` has no column `{name}`"))),
            None => Ok(Column::new(name, None)),
        }
    }

    /// An error saying the model cannot render yet, and why.
    pub fn incomplete(&self, message: impl Into<String>) -> RenderError {
        RenderError::Incomplete {
            model: self.model.name.clone(),
            message: message.into(),
        }
    }

    /// The context every template gets: `model` and `params`.
    pub fn base_context(&self) -> Map<String, Value> {
        let mut context = Map::new();
        context.insert(
            "model".into(),
            serde_json::json!({
                "name": self.model.name,
                "layer": self.model.layer.code(),
                "materialization": self.model.effective_materialization().as_dbt(),
                "description": self.model.description,
            }),
        );
        context.insert(
            "params".into(),
            Value::Object(self.params.clone().into_iter().collect()),
        );
        context
    }
}

/// The names in a JSON list of strings.
pub fn names_in(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A Jinja list literal of quoted names: `['a', 'b']`.
pub fn jinja_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The environment that fills templates.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    if let Ok(syntax) = SyntaxConfig::builder()
        .block_delimiters("[%", "%]")
        .variable_delimiters("[[", "]]")
        .comment_delimiters("[#", "#]")
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in SOURCES {
        // Our own templates; a test renders every one of them.
        let _ = env.add_template(name, source);
    }
    env
}

const SOURCES: &[(&str, &str)] = &[
    ("standardize", include_str!("standardize.sql")),
    ("union_systems", include_str!("union_systems.sql")),
    ("system_transition", include_str!("system_transition.sql")),
    ("business_object", include_str!("business_object.sql")),
    ("relationship", include_str!("relationship.sql")),
    ("event", include_str!("event.sql")),
    ("event_rollup", include_str!("event_rollup.sql")),
    ("denormalize", include_str!("denormalize.sql")),
    ("analytic_object", include_str!("analytic_object.sql")),
    ("state_history", include_str!("state_history.sql")),
    ("metric", include_str!("metric.sql")),
    ("output", include_str!("output.sql")),
    ("custom_sql", include_str!("custom_sql.sql")),
];

/// Fill the model's template: its dbt model file.
pub fn fill(env: &Environment<'static>, input: &Input) -> Result<String, RenderError> {
    let template = input.model.template;
    let context = match template {
        TemplateKind::Standardize => standardize::context(input)?,
        TemplateKind::UnionSystems => union_systems::context(input)?,
        TemplateKind::SystemTransition => system_transition::context(input)?,
        TemplateKind::BusinessObject => business_object::context(input)?,
        TemplateKind::Relationship => relationship::context(input)?,
        TemplateKind::Event => event::context(input)?,
        TemplateKind::EventRollup => event_rollup::context(input)?,
        TemplateKind::Denormalize => denormalize::context(input)?,
        TemplateKind::AnalyticObject => analytic_object::context(input)?,
        TemplateKind::StateHistory => state_history::context(input)?,
        TemplateKind::Metric => metric::context(input)?,
        TemplateKind::Output => output::context(input)?,
        TemplateKind::CustomSql => custom_sql::context(input)?,
    };
    let jinja = env
        .get_template(template.name())
        .map_err(|e| input.incomplete(e.to_string()))?;
    let text = jinja
        .render(minijinja::Value::from(minijinja::value::Serde(
            Value::Object(context),
        )))
        .map_err(|e| input.incomplete(format!("{e:#}")))?;
    Ok(format!("{}\n", text.trim()))
}

/// The model's output columns, or `None` when they cannot be known yet.
pub fn output_columns(input: &Input) -> Option<Vec<Column>> {
    match input.model.template {
        TemplateKind::Standardize => standardize::columns(input),
        TemplateKind::UnionSystems => union_systems::columns(input),
        TemplateKind::SystemTransition => system_transition::columns(input),
        TemplateKind::BusinessObject => business_object::columns(input),
        TemplateKind::Relationship => relationship::columns(input),
        TemplateKind::Event => event::columns(input),
        TemplateKind::EventRollup => event_rollup::columns(input),
        TemplateKind::Denormalize => denormalize::columns(input),
        TemplateKind::AnalyticObject => analytic_object::columns(input),
        TemplateKind::StateHistory => state_history::columns(input),
        TemplateKind::Metric => metric::columns(input),
        TemplateKind::Output => output::columns(input),
        TemplateKind::CustomSql => custom_sql::columns(input),
    }
}
