//! Compiling dbt Jinja SQL for a target, the way dbt does: `ref()` and
//! `source()` resolve to relations, macros dispatch by target, `config()`
//! records nothing we need, `is_incremental()` is false.
//!
//! The Jinja may come from a user (`custom_sql`), so it runs with limits:
//! fuel (a bound on work), a recursion limit and a cap on output size.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::{Kwargs, Object, Rest};
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior, Value};

use super::{MACRO_FILES, RenderError, layer_schema};
use crate::design::{Design, Model, Reference};
use crate::template;

/// The most SQL one model may compile to.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// Instructions one model's compilation may run (a generous bound: the
/// largest template uses a few thousand).
const FUEL: u64 = 2_000_000;

/// Nesting of macro calls and blocks.
const RECURSION_LIMIT: usize = 64;

/// The warehouse SQL is compiled for. Everything that differs by target is
/// decided here or in the macros' `<target>__` variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// DuckDB: the browser and the default export target.
    Duckdb,
    /// Snowflake: where a team runs the exported project at scale.
    Snowflake,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::Duckdb, Target::Snowflake];

    /// dbt's `target.type`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Duckdb => "duckdb",
            Target::Snowflake => "snowflake",
        }
    }

    /// The target's spelling of a column type in DDL.
    pub fn type_name(self, data_type: crate::design::SqlType) -> String {
        use crate::design::SqlType;
        match (self, data_type) {
            (Target::Duckdb, other) => other.to_string().to_uppercase(),
            (Target::Snowflake, SqlType::Integer | SqlType::Bigint) => "NUMBER(38,0)".into(),
            (Target::Snowflake, SqlType::Double) => "FLOAT".into(),
            (Target::Snowflake, SqlType::Decimal { precision, scale }) => {
                format!("NUMBER({precision},{scale})")
            }
            (Target::Snowflake, SqlType::Varchar) => "VARCHAR".into(),
            (Target::Snowflake, SqlType::Boolean) => "BOOLEAN".into(),
            (Target::Snowflake, SqlType::Date) => "DATE".into(),
            (Target::Snowflake, SqlType::Timestamp) => "TIMESTAMP_NTZ".into(),
        }
    }

    /// The target named `name`.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

/// One environment per target, with the macro library loaded.
pub struct Compiler {
    environments: Vec<(Target, Environment<'static>)>,
    preamble: String,
}

/// The template name under which all macro files are loaded together, so
/// macros see each other the way dbt's global macro namespace does.
const MACROS: &str = "__strata_macros.sql";

impl Compiler {
    pub fn new() -> Compiler {
        let library: String = MACRO_FILES
            .iter()
            .map(|(_, source)| *source)
            .collect::<Vec<_>>()
            .join("\n");
        let names = macro_names(&library);
        let preamble = if names.is_empty() {
            String::new()
        } else {
            format!("{{% from '{MACROS}' import {} %}}", names.join(", "))
        };
        let environments = Target::ALL
            .into_iter()
            .map(|target| (target, environment(target, library.clone())))
            .collect();
        Compiler {
            environments,
            preamble,
        }
    }

    pub fn compile(
        &self,
        design: &Design,
        model: &Model,
        dbt: &str,
        target: Target,
    ) -> Result<String, RenderError> {
        let Some((_, env)) = self.environments.iter().find(|(t, _)| *t == target) else {
            return Err(RenderError::Incomplete {
                model: model.name.clone(),
                message: format!("no environment for target {target}"),
            });
        };
        let context = minijinja::context! {
            this => relation_of(model),
            __refs => refs(design, model),
            __sources => sources(design),
        };
        let source = format!("{}{dbt}", self.preamble);
        let sql = env
            .render_str(&source, context)
            .map_err(|e| jinja_error(model, &e))?;
        if sql.len() > MAX_OUTPUT_BYTES {
            return Err(RenderError::Limit {
                model: model.name.clone(),
                message: format!(
                    "the compiled SQL is over {} KB; a model's SQL is never that long",
                    MAX_OUTPUT_BYTES / 1024
                ),
            });
        }
        Ok(tidy(&sql))
    }
}

impl Default for Compiler {
    fn default() -> Self {
        Compiler::new()
    }
}

fn environment(target: Target, library: String) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // The library is ours and tested, so it always parses; if a broken
    // macro file were ever committed, models would fail with its error.
    let _ = env.add_template_owned(MACROS, library);
    env.add_global(
        "target",
        minijinja::context! { type => target.name(), name => "dev" },
    );
    env.add_global("adapter", Value::from_object(Adapter { target }));
    env.add_function("ref", dbt_ref);
    env.add_function("source", dbt_source);
    env.add_function("config", |_kwargs: Kwargs| Value::from(""));
    env.add_function("is_incremental", || false);
    env.add_function("return", |value: Value| value);
    env.add_function("var", dbt_var);
    env
}

/// `adapter.dispatch('name')`: the target's variant of a macro, else its
/// `default__` variant, as dbt resolves it.
#[derive(Debug)]
struct Adapter {
    target: Target,
}

impl Object for Adapter {
    fn call_method(
        self: &Arc<Self>,
        state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        if method != "dispatch" {
            return Err(Error::new(
                ErrorKind::UnknownMethod,
                format!("adapter.{method} is not available; only adapter.dispatch is"),
            ));
        }
        let name = args.first().and_then(Value::as_str).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                "adapter.dispatch needs a macro name",
            )
        })?;
        for candidate in [
            format!("{}__{name}", self.target.name()),
            format!("default__{name}"),
        ] {
            if let Some(found) = state.lookup(&candidate).filter(|v| !v.is_undefined()) {
                return Ok(found);
            }
        }
        Err(Error::new(
            ErrorKind::UndefinedError,
            format!(
                "no macro `{}__{name}` or `default__{name}` to dispatch to",
                self.target.name()
            ),
        ))
    }
}

fn dbt_ref(state: &State, args: Rest<String>) -> Result<Value, Error> {
    let name = match args.as_slice() {
        [name] | [_, name] => name,
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "ref() takes a model name",
            ));
        }
    };
    lookup(state, "__refs", name).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("ref('{name}'): there is no model named `{name}` in the design"),
        )
    })
}

fn dbt_source(state: &State, system: String, table: String) -> Result<Value, Error> {
    let key = format!("{system}.{table}");
    lookup(state, "__sources", &key).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("source('{system}', '{table}'): the design has no raw table `{key}`"),
        )
    })
}

fn dbt_var(name: String, default: Option<Value>) -> Result<Value, Error> {
    default.ok_or_else(|| {
        Error::new(
            ErrorKind::UndefinedError,
            format!("var('{name}') is not defined: give it a default, var('{name}', …)"),
        )
    })
}

fn lookup(state: &State, map: &str, key: &str) -> Option<Value> {
    let map = state.lookup(map)?;
    map.get_item(&Value::from(key))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// The relation a model is built as: `<layer schema>.<name>`.
pub fn relation_of(model: &Model) -> String {
    format!("{}.{}", layer_schema(model.layer), model.name)
}

/// Relations of the models this model reads (the only ones `ref` needs).
fn refs(design: &Design, model: &Model) -> BTreeMap<String, String> {
    template::references(model)
        .into_iter()
        .filter_map(|(_, reference)| match reference {
            Reference::Model(name) => design
                .model(&name)
                .map(|upstream| (name, relation_of(upstream))),
            Reference::Source { .. } => None,
        })
        .collect()
}

/// Every raw table as `system.table`, which is also its relation.
fn sources(design: &Design) -> BTreeMap<String, String> {
    design
        .raw_tables()
        .map(|(source, table)| {
            let name = format!("{}.{}", source.system, table.name);
            (name.clone(), name)
        })
        .collect()
}

/// The names of the macros defined in `library`.
fn macro_names(library: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = library;
    while let Some(i) = rest.find("macro ") {
        let after = &rest[i + "macro ".len()..];
        let before = rest[..i].trim_end_matches([' ', '-']);
        if before.ends_with("{%") {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        rest = after;
    }
    names
}

fn jinja_error(model: &Model, error: &Error) -> RenderError {
    let model = model.name.clone();
    match error.kind() {
        ErrorKind::OutOfFuel => RenderError::Limit {
            model,
            message: "the Jinja does too much work (a loop that runs too long?)".into(),
        },
        _ if error.to_string().contains("recursion") => RenderError::Limit {
            model,
            message: format!("the Jinja nests deeper than {RECURSION_LIMIT} levels"),
        },
        _ => RenderError::Jinja {
            model,
            line: error.line(),
            message: error
                .detail()
                .map(str::to_owned)
                .unwrap_or_else(|| error.kind().to_string()),
        },
    }
}

/// Compiled SQL without the blank lines Jinja tags leave behind, and with
/// one final newline.
fn tidy(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut blank = 0;
    for line in sql.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_macro_name() {
        let library: String = MACRO_FILES.iter().map(|(_, s)| *s).collect();
        let names = macro_names(&library);
        for expected in [
            "hash_key",
            "duckdb__hash_key",
            "snowflake__hash_key",
            "clean_text",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} in {names:?}"
            );
        }
    }
}
