//! Running the design in the browser's DuckDB: sample data from the core's
//! generator, the core's plan executed step by step with progress, failures
//! shown on their model and what they skip, then the data tests.
//!
//! The order of things keeps user SQL away from files: raw tables are loaded
//! from registered CSVs first, then the database is locked (no file,
//! network, extension or setting access), and only then do models and the
//! console run. New sample data means a fresh database.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use strata_core::run::{self, Plan, Run, Status, TestOutcome, TestQuery, profile};
use strata_core::sample;

use crate::duckdb::{self, DbError, QueryResult};
use crate::state::Workbench;

/// One data test's result.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    pub test: TestQuery,
    pub outcome: Result<TestOutcome, String>,
    /// Some failing records.
    pub sample: Option<QueryResult>,
}

impl TestResult {
    /// The test ran and found no failing records.
    pub fn passed(&self) -> bool {
        matches!(&self.outcome, Ok(o) if o.passed)
    }
}

/// Where a run is.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub doing: String,
}

/// The run state the UI shows, provided as context.
#[derive(Clone, Copy)]
pub struct Runner {
    run: StoredValue<Run>,
    /// Set by [`Runner::stop`]; the run ends after the current statement.
    stopping: StoredValue<bool>,
    /// Every model's status after the last run step.
    pub statuses: RwSignal<BTreeMap<String, Status>>,
    /// Test results by model.
    pub tests: RwSignal<BTreeMap<String, Vec<TestResult>>>,
    pub progress: RwSignal<Option<Progress>>,
    /// The last run's total time, ms, and whether one happened.
    pub last: RwSignal<Option<f64>>,
    /// Incremented whenever the tables change, so previews query again.
    pub generation: RwSignal<u64>,
    /// The last profile of the raw tables.
    pub profiles: RwSignal<Option<Profiles>>,
}

/// Every raw table's profile and the relationships found between them.
#[derive(Clone, Debug, PartialEq)]
pub struct Profiles {
    pub tables: Vec<profile::TableProfile>,
    pub relationships: Vec<profile::Relationship>,
}

pub fn use_runner() -> Runner {
    expect_context::<Runner>()
}

impl Runner {
    pub fn new() -> Runner {
        Runner {
            run: StoredValue::new(Run::new()),
            stopping: StoredValue::new(false),
            statuses: RwSignal::new(BTreeMap::new()),
            tests: RwSignal::new(BTreeMap::new()),
            progress: RwSignal::new(None),
            last: RwSignal::new(None),
            generation: RwSignal::new(0),
            profiles: RwSignal::new(None),
        }
    }

    pub fn busy(&self) -> bool {
        self.progress.with_untracked(Option::is_some)
    }

    /// Build what changed since the last run (everything the first time)
    /// and run every data test.
    pub fn start(self, wb: Workbench) {
        if self.busy() {
            return;
        }
        self.stopping.set_value(false);
        wb.info("Running the design…");
        self.progress.set(Some(Progress {
            done: 0,
            total: 0,
            doing: "Starting DuckDB".to_owned(),
        }));
        spawn_local(async move {
            let started = js_sys::Date::now();
            match self.execute(wb).await {
                Ok(summary) => {
                    self.last.set(Some(js_sys::Date::now() - started));
                    wb.info(summary);
                }
                Err(message) => wb.error(message),
            }
            self.progress.set(None);
            self.generation.update(|g| *g += 1);
        });
    }

    /// Stop the run: cancel the statement in flight and build nothing more.
    pub fn stop(self) {
        if self.busy() {
            self.stopping.set_value(true);
            spawn_local(duckdb::cancel());
        }
    }

    /// Forget the built tables: the next run starts from fresh data.
    pub fn reset(self) {
        self.run.update_value(Run::clear);
        self.statuses.set(BTreeMap::new());
        self.tests.set(BTreeMap::new());
        self.profiles.set(None);
    }

    /// Show every model's status as the run keeps it.
    fn publish(&self) {
        self.statuses
            .set(self.run.with_value(|r| r.statuses().clone()));
    }

    fn step(&self, done: usize, total: usize, doing: String) {
        self.progress.set(Some(Progress { done, total, doing }));
    }

    async fn execute(self, wb: Workbench) -> Result<String, String> {
        let design = wb.design.get_untracked();
        // Rows and seed come from the design's own settings.
        let options = sample::Options::default();
        mark("strata:run:start");
        let plan = run::plan(&design, &options);
        self.ensure_data(&design, &plan, &options).await?;
        mark("strata:run:loaded");

        let to_build = self.run.with_value(|r| r.to_build(&plan));
        let total = to_build.len();
        let (mut built, mut failed, mut skipped) = (0, 0, 0);
        for (done, step) in to_build.into_iter().enumerate() {
            if self.stopping.get_value() {
                self.publish();
                return Err(format!(
                    "Run stopped: {built} built, {} not built yet",
                    total - done
                ));
            }
            self.step(done, total, format!("Building {}", step.name));
            let status = match self.run.with_value(|r| r.blocked_by(&plan, step)) {
                Some(input) => {
                    skipped += 1;
                    Status::Skipped { because: input }
                }
                None => match build(step).await {
                    Ok(status @ Status::Failed { .. }) => {
                        failed += 1;
                        status
                    }
                    Ok(status) => {
                        built += 1;
                        status
                    }
                    Err(DbError::Start(m)) => return Err(format!("DuckDB could not start: {m}")),
                    Err(DbError::Query(message)) if message.contains(duckdb::RESTARTED) => {
                        self.run.update_value(Run::clear);
                        self.publish();
                        return Err(format!(
                            "{} ran over {} s and DuckDB had to be restarted, so the built tables are gone; fix the model or run again",
                            step.name,
                            duckdb::TIMEOUT_MS / 1000.0
                        ));
                    }
                    Err(DbError::Query(message) | DbError::Refused(message)) => {
                        failed += 1;
                        let at = run::locate_error(&message);
                        Status::Failed {
                            message,
                            line: at.map(|a| a.0),
                            column: at.map(|a| a.1),
                        }
                    }
                },
            };
            self.run.update_value(|r| r.record(step, status));
            self.publish();
        }
        self.publish();

        mark("strata:run:built");
        // Data tests of every built model.
        let tests: Vec<&TestQuery> = plan
            .models
            .iter()
            .filter(|m| {
                matches!(
                    self.run.with_value(|r| r.status(&m.name).cloned()),
                    Some(Status::Built { .. })
                )
            })
            .flat_map(|m| m.tests.iter())
            .collect();
        let mut results: BTreeMap<String, Vec<TestResult>> = BTreeMap::new();
        let (mut passed, count) = (0, tests.len());
        for (done, test) in tests.into_iter().enumerate() {
            self.step(
                done,
                count,
                format!("Testing {}: {}", test.model, test.label),
            );
            let result = run_test(test).await;
            passed += usize::from(result.passed());
            results.entry(test.model.clone()).or_default().push(result);
        }
        self.tests.set(results);
        mark("strata:run:tested");

        let mut summary = format!("Ran the design: {built} built");
        if failed > 0 {
            summary.push_str(&format!(", {failed} failed"));
        }
        if skipped > 0 {
            summary.push_str(&format!(", {skipped} skipped"));
        }
        if total == 0 {
            summary = "Ran the design: every model was up to date".to_owned();
        }
        summary.push_str(&format!("; {passed} of {count} tests pass"));
        Ok(summary)
    }

    /// Make sure the database holds the design's current raw data: a
    /// fresh, locked database whenever the data changed.
    async fn ensure_data(
        &self,
        design: &strata_core::Design,
        plan: &Plan,
        options: &sample::Options,
    ) -> Result<(), String> {
        // The data is only there in a locked database (a run locks it after
        // loading); anything else is a fresh or restarted one.
        if !duckdb::is_locked().await {
            self.run.update_value(Run::clear);
        }
        self.run.update_value(|r| r.sync(plan));
        let reload = self.run.with_value(|r| !r.raw_to_load(plan).is_empty());
        if reload {
            if duckdb::is_locked().await {
                duckdb::restart().await.map_err(|e| e.to_string())?;
            }
            self.run.update_value(Run::clear);
            self.run.update_value(|r| r.sync(plan));
            self.publish();
            self.tests.set(BTreeMap::new());
            self.load(design, plan, options).await?;
        }
        Ok(())
    }

    /// Profile every raw table (loading the data first if needed).
    pub fn profile(self, wb: Workbench) {
        if self.busy() {
            return;
        }
        self.stopping.set_value(false);
        self.step(0, 0, "Starting DuckDB".to_owned());
        spawn_local(async move {
            match self.profile_all(wb).await {
                Ok(summary) => wb.info(summary),
                Err(message) => wb.error(message),
            }
            self.progress.set(None);
        });
    }

    async fn profile_all(self, wb: Workbench) -> Result<String, String> {
        let design = wb.design.get_untracked();
        let options = sample::Options::default();
        let plan = run::plan(&design, &options);
        self.ensure_data(&design, &plan, &options).await?;
        let targets: Vec<profile::Target> = design
            .raw_tables()
            .map(|(s, t)| profile::Target::new(&s.system, t))
            .collect();
        let mut profiles = Vec::new();
        // A query that fails leaves its part of the profile empty; the
        // rest is still worth seeing.
        let mut failures: Vec<String> = Vec::new();
        let first = profile::first_round(&targets);
        let total = first.len();
        for (done, query) in first.iter().enumerate() {
            self.step(done, total, "Profiling the raw tables".to_owned());
            match duckdb::run_limited(&query.sql, 100_000).await {
                Ok(result) => profile::read_first(&targets, &mut profiles, query, &result.rows),
                Err(e) => failures.push(e.to_string()),
            }
        }
        let mut relationships = Vec::new();
        let second = profile::second_round(&targets, &profiles);
        let total = second.len();
        for (done, query) in second.iter().enumerate() {
            self.step(done, total, "Looking for keys and relationships".to_owned());
            match duckdb::run_limited(&query.sql, 100_000).await {
                Ok(result) => {
                    profile::read_first(&targets, &mut profiles, query, &result.rows);
                    relationships.extend(profile::read_overlaps(&targets, query, &result.rows));
                }
                Err(e) => failures.push(e.to_string()),
            }
        }
        let summary = format!(
            "Profiled {} raw tables: {} candidate keys, {} likely relationships",
            profiles.len(),
            profiles
                .iter()
                .map(|p| p.candidate_keys.len())
                .sum::<usize>(),
            relationships.len()
        );
        self.profiles.set(Some(Profiles {
            tables: profiles,
            relationships,
        }));
        match failures.first() {
            None => Ok(summary),
            Some(first) => Err(format!(
                "{summary}, but {} profiling queries failed; the first: {first}",
                failures.len()
            )),
        }
    }

    /// Generate the sample data and load it, then lock the database.
    async fn load(
        &self,
        design: &strata_core::Design,
        plan: &Plan,
        options: &sample::Options,
    ) -> Result<(), String> {
        self.step(0, plan.raw.len(), "Generating sample data".to_owned());
        // Let the progress paint before the generator holds the thread.
        gloo_timers_yield().await;
        let data = sample::generate(design, options)
            .map_err(|e| format!("The sample data cannot be generated: {e}"))?;
        mark("strata:run:generated");
        let progress = self.progress;
        duckdb::start(move |p| {
            let doing = match p.fraction() {
                Some(f) => format!(
                    "Loading DuckDB {:.0} % ({:.0} MB)",
                    f * 100.0,
                    p.total / 1e6
                ),
                None => "Loading DuckDB".to_owned(),
            };
            progress.set(Some(Progress {
                done: (p.loaded / 1e5) as usize,
                total: (p.total / 1e5) as usize,
                doing,
            }));
        })
        .await
        .map_err(|e| e.to_string())?;
        for sql in &plan.schemas {
            duckdb::run(sql).await.map_err(|e| e.to_string())?;
        }
        for (done, load) in plan.raw.iter().enumerate() {
            self.step(done, plan.raw.len(), format!("Loading {}", load.name));
            let imported = design
                .raw_tables()
                .find(|(s, t)| format!("{}.{}", s.system, t.name) == load.name)
                .and_then(|(_, t)| t.sample.imported.clone());
            let csv = match imported {
                // The user's own rows, kept in this browser when imported.
                Some(data) => crate::storage::load_data(&data.checksum)
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| {
                        format!(
                            "The rows of {} (imported from {}) are not in this browser: import the file again",
                            load.name, data.file
                        )
                    })?,
                None => data
                    .tables
                    .iter()
                    .find(|t| format!("{}.{}", t.system, t.table) == load.name)
                    .map(|t| t.csv.clone())
                    .ok_or_else(|| format!("no sample data was generated for {}", load.name))?,
            };
            duckdb::register_text(&load.file, &csv)
                .await
                .map_err(|e| format!("{}: {e}", load.name))?;
            duckdb::run(&load.sql)
                .await
                .map_err(|e| format!("{} did not load: {e}", load.name))?;
            self.run.update_value(|r| r.loaded(load));
        }
        duckdb::drop_files().await.map_err(|e| e.to_string())?;
        duckdb::lock().await.map_err(|e| e.to_string())?;
        Ok(())
    }
}

impl Default for Runner {
    fn default() -> Runner {
        Runner::new()
    }
}

/// Build one model and count its rows; a `custom_sql` model passes the
/// guard first.
async fn build(step: &run::ModelStep) -> Result<Status, DbError> {
    if step.user_sql
        && let Err(refusal) = run::guard::check(&step.body, run::guard::Purpose::Model)
    {
        return Ok(Status::Failed {
            message: format!("Not allowed in the workbench: {}", refusal.message),
            line: refusal.line,
            column: refusal.column,
        });
    }
    // CREATE TABLE … AS answers with the number of rows it wrote.
    let created = duckdb::run(&step.sql).await?;
    Ok(Status::Built {
        rows: created.number(0, 0).unwrap_or(0),
        ms: created.ms,
    })
}

async fn run_test(test: &TestQuery) -> TestResult {
    let counts = duckdb::run(&test.count_sql).await;
    let outcome =
        counts
            .map_err(|e| e.to_string())
            .and_then(|r| match (r.number(0, 0), r.number(0, 1)) {
                (Some(total), Some(failing)) => Ok(test.outcome(total, failing)),
                _ => Err("the test's counts did not come back".to_owned()),
            });
    let sample = match &outcome {
        Ok(o) if o.failing > 0 && test.bounds.is_none() => {
            duckdb::run_limited(&test.sample_sql, run::SAMPLE_ROWS)
                .await
                .ok()
        }
        _ => None,
    };
    TestResult {
        test: test.clone(),
        outcome,
        sample,
    }
}

/// Gives the browser a frame to paint.
async fn gloo_timers_yield() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().map(|w| w.request_animation_frame(&resolve));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A performance mark, for the benchmarks to time a run's phases
/// (`strata:run:start`, `:generated`, `:loaded`, `:built`, `:tested`) and
/// the design's analysis.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// A performance measure `name` from the mark `start` until now; only the
/// latest is kept, so a long session does not grow the timeline.
pub fn measure(name: &str, start: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        performance.clear_measures_with_measure_name(name);
        let _ = performance.measure_with_start_mark(name, start);
        performance.clear_marks_with_mark_name(start);
    }
}
