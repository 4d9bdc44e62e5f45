//! Running a design: the plan of SQL statements that builds every model on
//! sample data, the data tests as SQL with their quality figures, and the
//! guard on user SQL.
//!
//! The browser executes what this module writes, in DuckDB-wasm; nothing
//! here runs SQL. Everything a test would want to check without a browser
//! lives here: which statements, in which order, what a failure skips, what
//! a change makes stale, how a test's failing rows are counted.
//!
//! ```text
//! Design ─ plan ─ Plan { schemas, raw loads, model steps (+ data tests) }
//!                   │
//!   app: DuckDB runs each step ─ Outcome per model ─ Run (skips, timing)
//! ```

mod data_tests;
pub mod guard;
mod plan;
pub mod profile;

pub use data_tests::{Quality, SAMPLE_ROWS, TestOutcome, TestQuery, quality, test_queries};
pub use plan::{ModelStep, Plan, RawLoad, Run, Status, locate_error, plan};
