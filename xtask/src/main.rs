//! `cargo xtask`: every chore of the project behind one entry point.
//!
//! - `cargo xtask serve`: build the app and serve it on localhost.
//! - `cargo xtask test`: run every test the project has (what CI runs).
//! - `cargo xtask build`: build the app into `dist/` without serving it.
//! - `cargo xtask bench`: run the benchmarks and print their figures;
//!   `cargo xtask bench sqlglot` times lineage against sqlglot's, and
//!   `cargo xtask bench ui` times a 1,000-model design in Chromium.
//! - `cargo xtask fuzz [TARGET...] --seconds N`: run the fuzz targets.
//! - `cargo xtask dist`: the release build in `dist/` for a static host.
//!
//! Each command installs what it needs on a fresh machine (the wasm target,
//! npm packages, Chromium) before it uses it; see `setup`.

mod build;
mod dbt;
mod dist;
mod fuzz;
mod serve;
mod setup;
mod test;
#[cfg(test)]
mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, serve and test Strata")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the app and serve it at http://127.0.0.1:PORT.
    Serve {
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Build with optimizations (smaller, faster, slower to compile).
        #[arg(long)]
        release: bool,
        /// Serve `dist/` as it is, without building first.
        #[arg(long)]
        no_build: bool,
        /// The path the app is served under, as a static host might
        /// (`/team/strata/`).
        #[arg(long, default_value = "/")]
        base: String,
    },
    /// The release build in `dist/`, with `dist/_headers`, for any static host.
    Dist,
    /// Build the app into `dist/`.
    Build {
        /// Build with optimizations.
        #[arg(long)]
        release: bool,
    },
    /// Run the benchmarks (criterion); each prints its figures.
    Bench {
        /// A group: `startup`, `ui`, `share`, `browser`, `sqlglot` (see
        /// ARCHITECTURE.md); `all` or nothing runs every group; any other
        /// text runs the core's criterion benches whose name contains it.
        filter: Option<String>,
    },
    /// Fuzz the core's input parsers (cargo-fuzz, nightly) for a while each.
    Fuzz {
        /// Targets: document, share, sql, render, csv, parquet. None means all.
        targets: Vec<String>,
        /// How long to run each target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Run the test suites: all of them, or the ones named.
    Test {
        /// Suites to run: lint, core, wasm, e2e. None means all.
        suites: Vec<test::Suite>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Task::Serve {
            port,
            release,
            no_build,
            base,
        } => serve_app(port, build::Profile::from_release(release), no_build, &base),
        Task::Build { release } => build::app(build::Profile::from_release(release)),
        Task::Dist => dist::run(),
        Task::Test { suites } => test::run(&suites),
        Task::Bench { filter } => bench(filter.as_deref()),
        Task::Fuzz { targets, seconds } => fuzz::run(&targets, seconds),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn bench(filter: Option<&str>) -> Result<()> {
    match filter {
        Some("sqlglot") => return dbt::bench_sqlglot(),
        Some("ui") => return bench_ui(),
        Some("browser") => return dbt::bench_browser(),
        Some("share") => return bench_share(),
        Some("startup") => return bench_startup(),
        Some("all") | None => return bench_all(),
        _ => {}
    }
    core_benches(filter)
}

/// The core's criterion benches (those whose name contains `filter`), then
/// one `name: value unit  (target)` line per benchmark, read from the
/// estimates criterion wrote in this run.
fn core_benches(filter: Option<&str>) -> Result<()> {
    let started = SystemTime::now();
    let mut command = cargo();
    command.args(["bench", "--package", "strata-core"]);
    if let Some(filter) = filter {
        command.args(["--", filter]);
    }
    exec(&mut command)?;
    println!("\ncore benches (natively, mean of criterion's samples):");
    for line in criterion_figures(&root().join("target/criterion"), started)? {
        println!("{line}");
    }
    Ok(())
}

/// Targets the core benches are held to, by the start of their full id.
const CORE_TARGETS: &[(&str, f64, &str)] = &[
    (
        "check 1000-model design with its lineage",
        16.0,
        "one frame",
    ),
    ("lineage 1000 models/analyze_design", 250.0, "on one core"),
    ("lineage 1000 models/update one model", 5.0, "per edit"),
    ("lineage 1000 models/graph downstream", 1.0, "per click"),
    ("lineage 1000 models/graph upstream", 1.0, "per click"),
    ("lineage 1000 models/graph path", 1.0, "per click"),
    ("nesting 10000 levels/", 100.0, "a typed error"),
];

/// `name: value unit  (target)` for every benchmark under `dir` whose
/// estimates were written after `since`, sorted by name.
fn criterion_figures(dir: &Path, since: SystemTime) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    let mut means = std::collections::HashMap::new();
    if !dir.exists() {
        return Ok(lines);
    }
    for path in build::files_under(dir)? {
        let fresh = path
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|m| m >= since);
        if !fresh || !path.ends_with("new/estimates.json") {
            continue;
        }
        let read = |p: &Path| -> Result<serde_json::Value> {
            Ok(serde_json::from_str(&std::fs::read_to_string(p)?)?)
        };
        let estimates = read(&path)?;
        let benchmark = read(&path.with_file_name("benchmark.json"))?;
        let (Some(name), Some(ns)) = (
            benchmark["full_id"].as_str(),
            estimates["mean"]["point_estimate"].as_f64(),
        ) else {
            continue;
        };
        let ms = ns / 1e6;
        let value = if ms >= 1.0 {
            format!("{ms:.2} ms")
        } else {
            format!("{:.1} µs", ns / 1e3)
        };
        let target = CORE_TARGETS
            .iter()
            .find(|(start, ..)| name.starts_with(start))
            .map(|(_, limit, what)| {
                let verdict = if ms < *limit { "met" } else { "missed" };
                format!("  (target < {limit} ms, {what}: {verdict})")
            })
            .unwrap_or_default();
        lines.push(format!("{name}: {value}{target}"));
        means.insert(name.to_owned(), ms);
    }
    // Issue 5: analysing rendered SQL costs at most 3× parsing it alone.
    let analysis = means.get("lineage 1000 models/analyze only (parse + walk, rendered SQL)");
    let parsing = means.get("lineage 1000 models/parse only (sqlparser, rendered SQL)");
    if let (Some(analysis), Some(parsing)) = (analysis, parsing) {
        let ratio = analysis / parsing;
        let verdict = if ratio <= 3.0 { "met" } else { "missed" };
        lines.push(format!(
            "lineage 1000 models/analysis / parsing alone: {ratio:.2} x  (target <= 3x: {verdict})"
        ));
    }
    lines.sort();
    Ok(lines)
}

/// The 1,000-model design in the release app in Chromium: layout and frame
/// times (tests/e2e/bench/large_design.mjs).
fn bench_ui() -> Result<()> {
    build::app(build::Profile::Release)?;
    setup::chromium()?;
    exec(Command::new("node").arg("tests/e2e/bench/large_design.mjs"))
}

/// The app's startup payload and cold time to interactive in Chromium
/// (tests/e2e/bench/startup.mjs).
fn bench_startup() -> Result<()> {
    build::app(build::Profile::Release)?;
    setup::chromium()?;
    exec(Command::new("node").arg("tests/e2e/bench/startup.mjs"))
}

/// Every group, one after the other, each printing its figures: the
/// core's criterion benches, startup, the 1,000-model UI, share links,
/// the retail run against dbt and native DuckDB, and lineage against
/// sqlglot. BENCHMARKS.md is written from this run's output.
fn bench_all() -> Result<()> {
    step("core benches (criterion)", || core_benches(None))?;
    step("startup", bench_startup)?;
    step("ui", bench_ui)?;
    step("share", bench_share)?;
    step("browser", dbt::bench_browser)?;
    step("sqlglot", dbt::bench_sqlglot)
}

/// Share-link sizes against lz-string (tests/e2e/bench/share.mjs).
fn bench_share() -> Result<()> {
    setup::npm_packages()?;
    exec(cargo().args(["build", "--quiet", "--release", "--package", "strata-cli"]))?;
    exec(Command::new("node").arg("tests/e2e/bench/share.mjs"))
}

fn serve_app(port: u16, profile: build::Profile, no_build: bool, base: &str) -> Result<()> {
    if !no_build {
        build::app(profile)?;
    }
    serve::run(&dist_dir(), port, base)
}

/// The workspace root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Where the built app goes, ready to serve.
pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// Run a command (from the workspace root unless it names its own folder),
/// echoing it, and fail if it fails.
pub fn exec(command: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(command));
    if command.get_current_dir().is_none() {
        command.current_dir(root());
    }
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(command));
    }
    Ok(())
}

/// Run a command from the workspace root and return its standard output.
pub fn output(command: &mut Command) -> Result<String> {
    let out = command
        .current_dir(root())
        .output()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !out.status.success() {
        bail!(
            "`{}` failed ({}): {}",
            describe(command),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `cargo` that runs this xtask, so nested builds use the same toolchain.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Time a step and say how long it took.
pub fn step<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("==> {name}");
    let started = Instant::now();
    let result = f();
    let seconds = started.elapsed().as_secs_f64();
    match &result {
        Ok(_) => eprintln!("==> {name}: done in {seconds:.1}s"),
        Err(_) => eprintln!("==> {name}: FAILED after {seconds:.1}s"),
    }
    result
}

fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
