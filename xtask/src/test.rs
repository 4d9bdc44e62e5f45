//! `cargo xtask test`: every suite the project has, in the order that fails
//! fastest. CI runs exactly this (see `.ci/run`).

use std::process::Command;

use anyhow::Result;
use clap::ValueEnum;

use crate::build::{self, Profile, files_under};
use crate::setup::{self, CHROMIUM, WASM_TARGET};
use crate::{cargo, exec, root, step};

/// A group of tests that can be run on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Suite {
    /// rustfmt and clippy (native crates, and the app for wasm).
    Lint,
    /// Native unit and snapshot tests of core, cli and xtask.
    Core,
    /// The app built for wasm into `dist/`.
    Wasm,
    /// Browser end-to-end tests in headless Chromium (builds the app first).
    E2e,
    /// The example designs exported and built with real dbt (DuckDB), compared
    /// with Strata's own SQL, and parsed by dbt-snowflake; the lineage corpus
    /// compared with sqlglot's column lineage.
    Dbt,
}

pub fn run(suites: &[Suite]) -> Result<()> {
    let all = suites.is_empty();
    let wants = |suite| all || suites.contains(&suite);
    if wants(Suite::Lint) {
        step("lint", lint)?;
    }
    if wants(Suite::Core) {
        step("native tests", native_tests)?;
    }
    if wants(Suite::Wasm) || wants(Suite::E2e) {
        step("build the app", || build::app(Profile::Debug))?;
    }
    if wants(Suite::E2e) {
        step("end-to-end tests in Chromium", e2e)?;
    }
    if wants(Suite::Dbt) {
        step("exported dbt projects under real dbt", crate::dbt::run)?;
    }
    Ok(())
}

fn lint() -> Result<()> {
    setup::wasm_target()?;
    exec(cargo().args(["fmt", "--all", "--check"]))?;
    exec(cargo().args([
        "clippy",
        "--workspace",
        "--exclude",
        "strata-app",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    exec(cargo().args([
        "clippy",
        "--package",
        "strata-app",
        "--package",
        "strata-parquet",
        "--package",
        "strata-share",
        "--target",
        WASM_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The fuzz targets are their own workspace (nightly runs them); they
    // must still build and stay clean on stable, or they rot unnoticed.
    exec(cargo().args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"]))?;
    exec(cargo().args([
        "clippy",
        "--manifest-path",
        "fuzz/Cargo.toml",
        "--target-dir",
        "target",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

fn native_tests() -> Result<()> {
    exec(cargo().args(["test", "--workspace", "--exclude", "strata-app"]))
}

fn e2e() -> Result<()> {
    setup::chromium()?;
    setup::npm_packages()?;
    let tests: Vec<_> = files_under(&root().join("tests/e2e"))?
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    // Every CSP violation of the run, from any test (see harness.mjs).
    let csp_log = root().join("tests/output/csp-violations.log");
    let _ = std::fs::remove_file(&csp_log);
    exec(
        Command::new("node")
            .arg("--test")
            .arg("--test-concurrency=1")
            .args(&tests)
            .env("STRATA_CHROMIUM", CHROMIUM)
            .env("STRATA_TEST_OUTPUT", root().join("tests/output")),
    )?;
    match std::fs::read_to_string(&csp_log) {
        Ok(violations) if !violations.trim().is_empty() => {
            anyhow::bail!("Chromium reported CSP violations during the e2e run:\n{violations}")
        }
        _ => {
            println!("CSP violations during the whole e2e run: 0");
            Ok(())
        }
    }
}
