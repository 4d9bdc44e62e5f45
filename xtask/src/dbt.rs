//! The `dbt` test suite: the exported example designs checked with the real
//! tools. Each example is exported with its sample data as seeds, built with
//! `dbt build` on DuckDB (every model and data test must pass), compared
//! row for row with Strata's own compiled SQL (`tests/dbt/compare.py`), and
//! parsed with the Snowflake adapter. Its Airflow DAG must load in a real
//! Airflow `DagBag` with the expected tasks (`tests/airflow/check_dag.py`).
//! First, the lineage corpus is compared with sqlglot's column lineage
//! (`tests/sqlglot/compare_lineage.py`): every disagreement must be listed.
//!
//! `cargo xtask bench sqlglot` ([`bench_sqlglot`]) times sqlglot's column
//! lineage against `strata lineage` on a 1,000-model design.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::{cargo, exec, output, root, step};

/// The examples whose exports must build.
const EXAMPLES: [&str; 2] = ["cafe", "retail"];

pub fn run() -> Result<()> {
    let venv = step("install dbt in a virtualenv if missing", || {
        python_env("venv-dbt", "tests/dbt/requirements.txt")
    })?;
    let airflow = step("install Airflow in a virtualenv if missing", || {
        python_env("venv-airflow", "tests/airflow/requirements.txt")
    })?;
    exec(cargo().args(["build", "--quiet", "--package", "strata-cli"]))?;
    let strata = cargo_target().join("debug/strata");
    step("compare lineage with sqlglot", || {
        exec(
            Command::new(venv.join("bin/python"))
                .arg(root().join("tests/sqlglot/compare_lineage.py"))
                .arg("--strata")
                .arg(&strata),
        )
    })?;
    let work = root().join("target/dbt");
    for example in EXAMPLES {
        step(&format!("dbt build of the `{example}` export"), || {
            check_example(&strata, &venv, &work, example)
        })?;
        step(&format!("Airflow DagBag of the `{example}` DAG"), || {
            check_dag(&strata, &airflow, &work, example)
        })?;
    }
    Ok(())
}

/// Times sqlglot's column lineage of every column of a 1,000-model design
/// against `strata lineage` (release build) and prints both and the ratio
/// (`tests/sqlglot/bench_lineage.py`).
pub fn bench_sqlglot() -> Result<()> {
    let venv = step("install dbt and sqlglot in a virtualenv if missing", || {
        python_env("venv-dbt", "tests/dbt/requirements.txt")
    })?;
    exec(cargo().args(["build", "--quiet", "--release", "--package", "strata-cli"]))?;
    exec(
        Command::new(venv.join("bin/python"))
            .arg(root().join("tests/sqlglot/bench_lineage.py"))
            .arg("--strata")
            .arg(cargo_target().join("release/strata"))
            .arg("--work")
            .arg(root().join("target/bench-sqlglot")),
    )
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` when set, else
/// `target/`.
/// The `retail` design at 100,000 rows per raw table in the release app in
/// Chromium, against `dbt build` of its export and native DuckDB running
/// the same plan (`tests/e2e/bench/browser.mjs`).
pub fn bench_browser() -> Result<()> {
    let venv = step("install dbt in a virtualenv if missing", || {
        python_env("venv-dbt", "tests/dbt/requirements.txt")
    })?;
    crate::build::app(crate::build::Profile::Release)?;
    crate::setup::chromium()?;
    exec(cargo().args(["build", "--quiet", "--release", "--package", "strata-cli"]))?;
    exec(
        Command::new("node")
            .arg("tests/e2e/bench/browser.mjs")
            .env("STRATA_CLI", cargo_target().join("release/strata"))
            .env("STRATA_PYTHON", venv.join("bin/python"))
            .env("STRATA_DBT", venv.join("bin/dbt")),
    )
}

fn cargo_target() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// A virtualenv under `target/` with the packages of a requirements file,
/// reinstalled only when that file changes.
fn python_env(name: &str, requirements: &str) -> Result<PathBuf> {
    let venv = root().join("target").join(name);
    let requirements = root().join(requirements);
    let wanted = fs::read_to_string(&requirements)?;
    let marker = venv.join("strata-requirements.txt");
    if fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(venv);
    }
    if !venv.join("bin/python").exists() {
        exec(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    exec(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
    )?;
    fs::write(&marker, wanted)?;
    Ok(venv)
}

fn check_example(strata: &Path, venv: &Path, work: &Path, example: &str) -> Result<()> {
    let project = work.join(example);
    let sql = work.join(format!("{example}-sql"));
    for dir in [&project, &sql] {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
    }
    fs::create_dir_all(work)?;
    let design = work.join(format!("{example}.json"));
    fs::write(
        &design,
        output(Command::new(strata).args(["example", example]))?,
    )?;
    exec(
        Command::new(strata)
            .arg("export")
            .arg("dbt")
            .arg(&design)
            .arg("--out")
            .arg(&project),
    )?;
    exec(
        Command::new(strata)
            .arg("render")
            .arg(&design)
            .args(["--target", "duckdb", "--out"])
            .arg(&sql),
    )?;
    let dbt = venv.join("bin/dbt");
    let quiet = |command: &mut Command| {
        command
            .current_dir(&project)
            .env("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
            .env("DBT_USE_COLORS", "false")
            .env("DBT_PROFILES_DIR", &project);
    };
    let mut build = Command::new(&dbt);
    build.args(["build", "--profiles-dir", "."]);
    quiet(&mut build);
    exec(&mut build)?;
    exec(
        Command::new(venv.join("bin/python"))
            .arg(root().join("tests/dbt/compare.py"))
            .arg(&project)
            .arg(&sql)
            .arg(project.join(format!("{example}.duckdb"))),
    )?;
    // The workbench's run plan, executed in native DuckDB over the same
    // sample data: every statement runs, and every data test reaches dbt's
    // verdict.
    let plan = work.join(format!("{example}-plan.json"));
    fs::write(
        &plan,
        output(Command::new(strata).arg("plan").arg(&design))?,
    )?;
    let samples = work.join(format!("{example}-samples"));
    if samples.exists() {
        fs::remove_dir_all(&samples).with_context(|| format!("clearing {}", samples.display()))?;
    }
    exec(
        Command::new(strata)
            .arg("sample")
            .arg(&design)
            .arg("--out")
            .arg(&samples),
    )?;
    exec(
        Command::new(venv.join("bin/python"))
            .arg(root().join("tests/run/run_plan.py"))
            .arg(&plan)
            .arg(&samples)
            .arg(&project),
    )?;
    // The Snowflake adapter parses the same project without a connection.
    let mut parse = Command::new(&dbt);
    parse.args(["parse", "--profiles-dir", ".", "--target", "snowflake"]);
    quiet(&mut parse);
    for (name, value) in [
        ("SNOWFLAKE_ACCOUNT", "parse-only"),
        ("SNOWFLAKE_USER", "parse-only"),
        ("SNOWFLAKE_PASSWORD", "parse-only"),
    ] {
        parse.env(name, value);
    }
    exec(&mut parse)
}

fn check_dag(strata: &Path, venv: &Path, work: &Path, example: &str) -> Result<()> {
    let design = work.join(format!("{example}.json"));
    let folder = work.join(format!("{example}-dag"));
    if folder.exists() {
        fs::remove_dir_all(&folder)?;
    }
    exec(
        Command::new(strata)
            .args(["export", "airflow"])
            .arg(&design)
            .arg("--out")
            .arg(&folder),
    )?;
    let info = output(
        Command::new(strata)
            .args(["info"])
            .arg(&design)
            .args(["--format", "json"]),
    )?;
    let info: serde_json::Value = serde_json::from_str(&info)?;
    let mut tasks = vec!["load_sample_data".to_owned()];
    for layer in ["SRC", "VIN", "VLT", "AIN", "ANA", "MRT"] {
        if info["layers"][layer].as_u64().unwrap_or(0) > 0 {
            tasks.push(format!("build_{}", layer.to_lowercase()));
        }
    }
    let home = work.join("airflow-home");
    fs::create_dir_all(&home)?;
    exec(
        Command::new(venv.join("bin/python"))
            .arg(root().join("tests/airflow/check_dag.py"))
            .arg(&folder)
            .arg(example)
            .args(&tasks)
            .env("AIRFLOW_HOME", &home)
            .env("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
            .env("AIRFLOW__CORE__UNIT_TEST_MODE", "True"),
    )
}
