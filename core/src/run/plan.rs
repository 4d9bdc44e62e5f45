//! The plan that builds a design in DuckDB, and the bookkeeping of a run:
//! what was built from which SQL, what failed, what that skipped, and what
//! an edit made stale.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::data_tests::{TestQuery, test_queries};
use crate::design::{DesignGraph, Target as InputTarget};
use crate::fnv::Fnv;
use crate::render::{self, Renderer, Target, quote_ident, string_literal};
use crate::sample;
use crate::{Design, Layer};

/// Everything that builds a design, in the order it runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Plan {
    /// `create schema` for every system and layer used.
    pub schemas: Vec<String>,
    /// One load per raw table, from a CSV file the app registers.
    pub raw: Vec<RawLoad>,
    /// One step per model that renders, each after the models it reads.
    pub models: Vec<ModelStep>,
    /// Models that do not render (the rule report says why), by name, with
    /// the reason; they and what reads them cannot be built.
    pub unrenderable: Vec<(String, String)>,
}

/// Loading one raw table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RawLoad {
    /// `system.table`.
    pub name: String,
    /// The name the CSV is registered under in DuckDB's file system.
    pub file: String,
    /// `create or replace table … as select * from read_csv(…)`.
    pub sql: String,
    /// Changes whenever the table's columns or sample settings change.
    pub fingerprint: u64,
}

/// Building one model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelStep {
    pub name: String,
    pub layer: Layer,
    /// `layer.model`.
    pub relation: String,
    /// `create or replace table <relation> as` and, from line
    /// [`ModelStep::BODY_LINE`], the compiled DuckDB SQL.
    pub sql: String,
    /// The compiled DuckDB SQL alone.
    pub body: String,
    /// What it reads: model names and raw tables (`system.table`).
    pub reads: Vec<String>,
    /// Its data tests.
    pub tests: Vec<TestQuery>,
    /// The SQL is the user's own (`custom_sql`): it passes the
    /// [`super::guard`] before it runs.
    pub user_sql: bool,
    /// Changes whenever its SQL or anything upstream changes.
    pub fingerprint: u64,
}

impl ModelStep {
    /// The line of [`ModelStep::sql`] where the compiled SQL starts.
    pub const BODY_LINE: u64 = 2;
}

/// The plan that builds `design` on its sample data; `options` are the
/// row count and seed the data was generated with.
pub fn plan(design: &Design, options: &sample::Options) -> Plan {
    let graph = DesignGraph::build(design);
    let columns = render::design_columns(design);
    let renderer = Renderer::new();

    let mut schemas: Vec<String> = Vec::new();
    let mut schema = |name: &str| {
        let sql = format!("create schema if not exists {}", quote_ident(name));
        if !schemas.contains(&sql) {
            schemas.push(sql);
        }
    };

    let settings = serde_json::to_string(&design.settings.sample).unwrap_or_default();
    let mut fingerprints: HashMap<String, u64> = HashMap::new();
    let mut raw = Vec::new();
    for (i, (source, table)) in design.raw_tables().enumerate() {
        schema(&source.system);
        let name = format!("{}.{}", source.system, table.name);
        let file = format!("strata_raw_{i}.csv");
        let columns = table
            .columns
            .iter()
            .map(|c| {
                format!(
                    "{}: {}",
                    string_literal(&c.name),
                    string_literal(&Target::Duckdb.type_name(c.data_type))
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        // The generator writes NULL as an empty field and an empty text as
        // `""`; DuckDB keeps the two apart with allow_quoted_nulls off.
        let sql = format!(
            "create or replace table {}.{} as select * from read_csv({}, header = true, \
             auto_detect = false, allow_quoted_nulls = false, delim = ',', quote = '\"', \
             escape = '\"', columns = {{{columns}}})",
            quote_ident(&source.system),
            quote_ident(&table.name),
            string_literal(&file),
        );
        let sample = serde_json::to_string(&table.sample).unwrap_or_default();
        let fingerprint = Fnv::new()
            .part(&sql)
            .part(&sample)
            .part(&settings)
            .part(&format!("{:?}{:?}", options.rows, options.seed))
            .finish();
        fingerprints.insert(name.clone(), fingerprint);
        raw.push(RawLoad {
            name,
            file,
            sql,
            fingerprint,
        });
    }

    let mut models = Vec::new();
    let mut unrenderable = Vec::new();
    let ordered: Vec<usize> = graph.dependency_order();
    let in_order: HashSet<usize> = ordered.iter().copied().collect();
    for (i, model) in design.models.iter().enumerate() {
        if !in_order.contains(&i) {
            unrenderable.push((
                model.name.clone(),
                "it reads itself through a cycle of models".to_owned(),
            ));
        }
    }
    for i in ordered {
        let Some(model) = design.models.get(i) else {
            continue;
        };
        let mut reads: Vec<String> = Vec::new();
        for input in graph.inputs(i) {
            let name = input.reference.to_string();
            if input.target != InputTarget::Missing && !reads.contains(&name) {
                reads.push(name);
            }
        }
        let body = match renderer.render(design, &columns, &model.name, Target::Duckdb) {
            Ok(rendered) => rendered.compiled,
            Err(e) => {
                unrenderable.push((model.name.clone(), e.to_string()));
                continue;
            }
        };
        schema(&render::layer_schema(model.layer));
        let relation = render::relation_of(model);
        let sql = format!("create or replace table {relation} as\n{}", body.trim_end());
        let fingerprint = reads
            .iter()
            .fold(Fnv::new().part(&sql), |f, r| {
                f.part(&fingerprints.get(r).copied().unwrap_or(0).to_string())
            })
            .finish();
        fingerprints.insert(model.name.clone(), fingerprint);
        let tests = test_queries(design, &columns, model, &relation);
        models.push(ModelStep {
            name: model.name.clone(),
            layer: model.layer,
            relation,
            sql,
            body: body.trim_end().to_owned(),
            reads,
            tests,
            user_sql: model.template == crate::TemplateKind::CustomSql,
            fingerprint,
        });
    }
    Plan {
        schemas,
        raw,
        models,
        unrenderable,
    }
}

/// Where a model stands in a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Not built from its current SQL yet.
    Stale,
    /// Built, with its row count and how long DuckDB took.
    Built { rows: u64, ms: f64 },
    /// DuckDB refused it: its message, and where in the compiled SQL when
    /// DuckDB said.
    Failed {
        message: String,
        line: Option<u64>,
        column: Option<u64>,
    },
    /// Not built because something it reads failed or was skipped.
    Skipped { because: String },
    /// The model does not render, so there is nothing to run.
    Unrenderable { message: String },
}

/// The state of the design's tables in the database: which raw tables and
/// models are built from which SQL, and how each model's last build went.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    built: HashMap<String, u64>,
    status: BTreeMap<String, Status>,
}

impl Run {
    pub fn new() -> Run {
        Run::default()
    }

    /// Forget everything: the database was restarted or its data replaced.
    pub fn clear(&mut self) {
        self.built.clear();
        self.status.clear();
    }

    /// The raw tables of `plan` that must be loaded (again).
    pub fn raw_to_load<'p>(&self, plan: &'p Plan) -> Vec<&'p RawLoad> {
        plan.raw
            .iter()
            .filter(|r| self.built.get(&r.name) != Some(&r.fingerprint))
            .collect()
    }

    /// The models of `plan` that must be built: those whose SQL or
    /// upstream changed since they were built, in plan order.
    pub fn to_build<'p>(&self, plan: &'p Plan) -> Vec<&'p ModelStep> {
        plan.models
            .iter()
            .filter(|m| self.built.get(&m.name) != Some(&m.fingerprint))
            .collect()
    }

    /// Everything in `plan` counts as not built (a full run).
    pub fn invalidate(&mut self) {
        self.built.clear();
    }

    /// Bring the statuses in line with `plan`: models that left the design
    /// are forgotten, stale ones marked so, unrenderable ones explained.
    pub fn sync(&mut self, plan: &Plan) {
        let names: HashSet<&str> = plan
            .models
            .iter()
            .map(|m| m.name.as_str())
            .chain(plan.unrenderable.iter().map(|(n, _)| n.as_str()))
            .collect();
        self.status.retain(|name, _| names.contains(name.as_str()));
        for m in &plan.models {
            if self.built.get(&m.name) != Some(&m.fingerprint)
                && matches!(
                    self.status.get(&m.name),
                    None | Some(Status::Built { .. } | Status::Unrenderable { .. })
                )
            {
                self.status.insert(m.name.clone(), Status::Stale);
            }
        }
        for (name, message) in &plan.unrenderable {
            self.status.insert(
                name.clone(),
                Status::Unrenderable {
                    message: message.clone(),
                },
            );
        }
    }

    /// A raw table was loaded.
    pub fn loaded(&mut self, raw: &RawLoad) {
        self.built.insert(raw.name.clone(), raw.fingerprint);
    }

    /// Whether `step` must be skipped because something it reads failed,
    /// was skipped, or cannot render; the name of that input when so.
    pub fn blocked_by(&self, plan: &Plan, step: &ModelStep) -> Option<String> {
        step.reads.iter().find_map(|r| {
            let blocked = matches!(
                self.status.get(r),
                Some(Status::Failed { .. } | Status::Skipped { .. } | Status::Unrenderable { .. })
            ) || plan.unrenderable.iter().any(|(n, _)| n == r);
            blocked.then(|| r.clone())
        })
    }

    /// Record how building `step` went.
    pub fn record(&mut self, step: &ModelStep, status: Status) {
        match status {
            Status::Built { .. } => {
                self.built.insert(step.name.clone(), step.fingerprint);
            }
            _ => {
                self.built.remove(&step.name);
            }
        }
        self.status.insert(step.name.clone(), status);
    }

    /// How the model named `name` stands.
    pub fn status(&self, name: &str) -> Option<&Status> {
        self.status.get(name)
    }

    /// Every model's status, by name.
    pub fn statuses(&self) -> &BTreeMap<String, Status> {
        &self.status
    }
}

/// Where DuckDB's error `message` points in a step's compiled SQL, as
/// 1-based line and column: DuckDB names a line (`LINE 3: …`) and marks
/// the column with a caret on the next line. `None` when it does not say.
pub fn locate_error(message: &str) -> Option<(u64, u64)> {
    let mut lines = message.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.trim_start().strip_prefix("LINE ") else {
            continue;
        };
        let (number, _) = rest.split_once(':')?;
        let number: u64 = number.trim().parse().ok()?;
        let prefix =
            line.len() - line.trim_start().len() + "LINE ".len() + number.to_string().len() + 2;
        let column = lines
            .next()
            .and_then(|caret| caret.find('^'))
            .map(|at| (at.saturating_sub(prefix) + 1) as u64)
            .unwrap_or(1);
        let body_line = number
            .checked_sub(ModelStep::BODY_LINE - 1)
            .filter(|&l| l > 0)?;
        return Some((body_line, column));
    }
    None
}
