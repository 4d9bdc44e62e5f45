//! Rendering models to dbt and to SQL.
//!
//! A model renders in two stages, both with minijinja:
//!
//! 1. **The dbt model file.** The model's template (`templates/<name>.sql`,
//!    written with `[% %]`/`[[ ]]` delimiters so it can emit dbt's `{{ }}`)
//!    is filled with the model's parameters. The result is Jinja SQL with
//!    `config()`, `ref()`, `source()` and the framework's macros: the file a
//!    team commits.
//! 2. **Compiled SQL for a target.** The dbt file is rendered the way dbt
//!    compiles it: `ref()` and `source()` become relation names, macros
//!    dispatch by `target.type` like `adapter.dispatch` (`duckdb__hash_key`,
//!    `snowflake__hash_key`, else `default__…`), `is_incremental()` is false
//!    (the browser always builds from scratch). The macro files are the ones
//!    the export writes to `macros/`, so the browser and `dbt build` run the
//!    same code.
//!
//! Every template also declares its output columns from its parameters and
//! its inputs' columns (`columns`), so the UI and lineage know a model's
//! columns before anything runs.

mod columns;
mod compile;
mod syntax;
pub(crate) mod templates;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::design::{Design, DesignGraph, Model, SqlType};
use crate::layer::Layer;

pub use columns::{Column, DesignColumns};
pub use compile::{MAX_OUTPUT_BYTES, Target, relation_of};
pub use syntax::{SyntaxProblem, mask_jinja, syntax_problem};

/// The macro library: `(file name, source)`, exported to `macros/` as is.
pub const MACRO_FILES: &[(&str, &str)] = &[
    ("hashing.sql", include_str!("macros/hashing.sql")),
    ("cleaning.sql", include_str!("macros/cleaning.sql")),
    ("dates.sql", include_str!("macros/dates.sql")),
    ("scd2.sql", include_str!("macros/scd2.sql")),
];

/// What a model renders to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The dbt model file: Jinja SQL as a team would commit it.
    pub dbt: String,
    /// The SQL dbt would compile it to for the target.
    pub compiled: String,
}

/// Why a model could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    /// No model of that name in the design.
    UnknownModel(String),
    /// The template could not be filled: a parameter or input is missing or
    /// unusable (the rules report the details).
    Incomplete { model: String, message: String },
    /// The dbt Jinja failed to compile (a syntax error or an unknown macro in
    /// `custom_sql`, most likely).
    Jinja {
        model: String,
        line: Option<usize>,
        message: String,
    },
    /// The Jinja ran too long, nested too deep or produced too much SQL.
    Limit { model: String, message: String },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::UnknownModel(name) => write!(f, "no model named `{name}`"),
            RenderError::Incomplete { model, message } => {
                write!(f, "{model} cannot be rendered yet: {message}")
            }
            RenderError::Jinja {
                model,
                line: Some(line),
                message,
            } => write!(f, "{model}, line {line}: {message}"),
            RenderError::Jinja {
                model,
                line: None,
                message,
            } => write!(f, "{model}: {message}"),
            RenderError::Limit { model, message } => write!(f, "{model}: {message}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Renders a design's models. Build it once and reuse it: it holds the
/// parsed templates and macros.
pub struct Renderer {
    fill: minijinja::Environment<'static>,
    compile: compile::Compiler,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    pub fn new() -> Renderer {
        Renderer {
            fill: templates::environment(),
            compile: compile::Compiler::new(),
        }
    }

    /// The dbt model file of `model`, given the design's columns.
    pub fn dbt_file(
        &self,
        design: &Design,
        columns: &DesignColumns,
        model: &Model,
    ) -> Result<String, RenderError> {
        let input = templates::Input::new(design, columns, model);
        templates::fill(&self.fill, &input)
    }

    /// Compile a dbt model file for `target`.
    pub fn compile(
        &self,
        design: &Design,
        model: &Model,
        dbt: &str,
        target: Target,
    ) -> Result<String, RenderError> {
        self.compile.compile(design, model, dbt, target)
    }

    /// The dbt file and the compiled SQL of the model named `name`.
    pub fn render(
        &self,
        design: &Design,
        columns: &DesignColumns,
        name: &str,
        target: Target,
    ) -> Result<Rendered, RenderError> {
        let model = design
            .model(name)
            .ok_or_else(|| RenderError::UnknownModel(name.to_owned()))?;
        let dbt = self.dbt_file(design, columns, model)?;
        let compiled = self
            .compile(design, model, &dbt, target)
            .map_err(|e| in_users_sql(model, &dbt, e))?;
        Ok(Rendered { dbt, compiled })
    }
}

/// For `custom_sql`, a Jinja error's line counts in the user's own SQL, not
/// in the dbt file around it.
fn in_users_sql(model: &Model, dbt: &str, error: RenderError) -> RenderError {
    let sql = model
        .params
        .get("sql")
        .and_then(Value::as_str)
        .unwrap_or("");
    match error {
        RenderError::Jinja {
            model: name,
            line: Some(line),
            message,
        } if model.template == crate::template::TemplateKind::CustomSql && !sql.is_empty() => {
            let offset = dbt
                .find(sql)
                .map_or(0, |start| dbt[..start].matches('\n').count());
            RenderError::Jinja {
                model: name,
                line: Some(line.saturating_sub(offset).max(1)),
                message,
            }
        }
        other => other,
    }
}

/// The columns of every model of `design`, computed in dependency order.
pub fn design_columns(design: &Design) -> DesignColumns {
    let graph = DesignGraph::build(design);
    columns::compute(design, &graph)
}

/// The columns of the models at the indices `wanted` (and of everything
/// they read, which they are computed from); other models' columns are left
/// unknown. For callers that need a few models' columns of a large design.
pub fn design_columns_of(design: &Design, graph: &DesignGraph, wanted: &[usize]) -> DesignColumns {
    columns::compute_upstream_of(design, graph, wanted)
}

/// The schema a layer's models are built in (`vlt`).
pub fn layer_schema(layer: Layer) -> String {
    layer.code().to_ascii_lowercase()
}

/// A template's parameters with the schema's defaults filled in.
pub fn params_with_defaults(model: &Model) -> BTreeMap<String, Value> {
    let mut params = model.params.clone();
    for spec in model.template.params() {
        if let Some(default) = spec.default.to_json() {
            let missing = params
                .get(spec.name)
                .is_none_or(|v| v.is_null() || v.as_str() == Some(""));
            if missing {
                params.insert(spec.name.to_owned(), default);
            }
        }
    }
    params
}

/// `OrderID` → `order_id`, `MEMBER_NO` → `member_no`, `customer id` →
/// `customer_id`: the standardized name of a raw column.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let boundary = c.is_ascii_uppercase()
                && i > 0
                && (chars[i - 1].is_ascii_lowercase()
                    || chars[i - 1].is_ascii_digit()
                    || (chars[i - 1].is_ascii_uppercase()
                        && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_');
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// `name` as a quoted SQL identifier (`"OrderID"`, quotes doubled): the
/// same in DuckDB and Snowflake.
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `text` as a SQL string literal (`'it''s'`).
pub(crate) fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The SQL spelling of a column type for casts (the same in both targets).
pub fn sql_type(data_type: SqlType) -> String {
    data_type.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_raw_names() {
        for (raw, expected) in [
            ("OrderID", "order_id"),
            ("CustomerId", "customer_id"),
            ("MEMBER_NO", "member_no"),
            ("customer id", "customer_id"),
            ("LoadTime", "load_time"),
            ("HTTPStatus", "http_status"),
            ("2fa", "_2fa"),
            ("already_snake", "already_snake"),
        ] {
            assert_eq!(snake_case(raw), expected, "{raw}");
        }
    }
}
