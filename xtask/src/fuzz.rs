//! `cargo xtask fuzz [TARGET...] [--seconds N]`: runs the cargo-fuzz
//! targets in `fuzz/` (libFuzzer, nightly) for N seconds each, from a
//! corpus seeded with the project's own test data and kept under
//! `target/fuzz-corpus/` between runs. A crash is left in
//! `fuzz/artifacts/TARGET/` and fails the command; it becomes a regression
//! test in `core/tests/` once fixed (see BENCHMARKS.md, "Fuzzing").

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::{exec, output, root};

/// Every target, as named in `fuzz/Cargo.toml`.
pub const TARGETS: [&str; 6] = ["document", "share", "sql", "render", "csv", "parquet"];

pub fn run(targets: &[String], seconds: u64) -> Result<()> {
    let targets: Vec<&str> = if targets.is_empty() {
        TARGETS.to_vec()
    } else {
        targets.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = targets.iter().find(|t| !TARGETS.contains(t)) {
        bail!(
            "no fuzz target {unknown}; the targets are {}",
            TARGETS.join(", ")
        );
    }
    tools()?;
    let mut found = Vec::new();
    for target in targets {
        let corpus = root().join("target/fuzz-corpus").join(target);
        seed(target, &corpus)?;
        let artifacts = root().join("fuzz/artifacts").join(target);
        let before = crashes(&artifacts);
        exec(nightly_cargo().args(["fuzz", "build", "--fuzz-dir", "fuzz", target]))?;
        let started = Instant::now();
        let status = nightly_cargo()
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", target])
            .arg(&corpus)
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                // A single input taking seconds is a hang.
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-max_len=262144",
                "-print_final_stats=1",
            ])
            .current_dir(root())
            .status()
            .context("could not start cargo fuzz")?;
        let inputs = fs::read_dir(&corpus).map_or(0, Iterator::count);
        let new: Vec<PathBuf> = crashes(&artifacts)
            .into_iter()
            .filter(|c| !before.contains(c))
            .collect();
        println!(
            "fuzz {target}: {:.0} s, corpus {inputs} inputs, {} new crashes{}",
            started.elapsed().as_secs_f64(),
            new.len(),
            if status.success() {
                ""
            } else {
                " (libFuzzer stopped on a finding)"
            }
        );
        if !status.success() || !new.is_empty() {
            found.push(target);
        }
    }
    if !found.is_empty() {
        bail!(
            "fuzzing found crashes in {}: see fuzz/artifacts/",
            found.join(", ")
        );
    }
    Ok(())
}

/// cargo-fuzz (built from crates.io) and a nightly toolchain.
fn tools() -> Result<()> {
    let toolchains = output(Command::new("rustup").args(["toolchain", "list"]))?;
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        bail!(
            "fuzzing needs a nightly toolchain (libFuzzer's sanitizer flags): rustup toolchain install nightly"
        );
    }
    let installed = output(crate::cargo().args(["install", "--list"]))?;
    if !installed.lines().any(|l| l.starts_with("cargo-fuzz ")) {
        exec(crate::cargo().args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}

fn nightly_cargo() -> Command {
    let mut command = Command::new("rustup");
    command.args(["run", "nightly", "cargo"]);
    command
}

fn crashes(artifacts: &Path) -> Vec<PathBuf> {
    fs::read_dir(artifacts)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with("crash-")
                            || n.starts_with("oom-")
                            || n.starts_with("timeout-")
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Files under `dir` (relative to the root) whose name ends with `ext`.
fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The seeds of `target`, from the project's own test data: what each
/// input format looks like when it is right, and the refusals the tests
/// already know.
fn seeds(target: &str) -> Result<Vec<Vec<u8>>> {
    let read = |paths: Vec<PathBuf>| -> Result<Vec<Vec<u8>>> {
        paths
            .iter()
            .map(|p| fs::read(p).with_context(|| format!("reading {}", p.display())))
            .collect()
    };
    let documents = || {
        let mut paths = files("core/src/examples", ".json");
        paths.extend(files("core/tests/data/documents", ".json"));
        paths.extend(files("core/tests/data/rules", ".json"));
        paths.extend(files("core/tests/data/templates", ".json"));
        paths
    };
    let sql = || {
        let mut paths = files("core/tests/data/lineage", ".sql");
        paths.extend(files("core/tests/data/guard", ".sql"));
        paths
    };
    let prefixed = |byte: u8, inputs: Vec<Vec<u8>>| {
        inputs
            .into_iter()
            .map(|mut input| {
                input.insert(0, byte);
                input
            })
            .collect::<Vec<_>>()
    };
    Ok(match target {
        "document" => read(documents())?,
        "share" => read(files("core/tests/data/share", ".link"))?,
        "sql" => {
            let sql = read(sql())?;
            let mut both = prefixed(0, sql.clone());
            both.extend(prefixed(1, sql));
            both
        }
        "render" => {
            // Every model of the template fixtures, and every SQL file as
            // a custom_sql model.
            let mut inputs = prefixed(0xff, read(sql())?);
            for doc in read(files("core/tests/data/templates", ".json"))? {
                let value: Value = serde_json::from_slice(&doc)?;
                for model in value["models"].as_array().into_iter().flatten() {
                    inputs.push(prefixed(0, vec![serde_json::to_vec(model)?]).remove(0));
                }
            }
            inputs
        }
        "csv" => read(files("core/tests/data/import", ".csv"))?,
        "parquet" => read(files("core/tests/data/import", ".parquet"))?,
        _ => Vec::new(),
    })
}

/// Adds `target`'s seeds to its corpus (a seed already there is kept once:
/// the file is named by its content).
fn seed(target: &str, corpus: &Path) -> Result<()> {
    fs::create_dir_all(corpus)?;
    for input in seeds(target)? {
        let name = format!("seed-{:016x}", fnv(&input));
        fs::write(corpus.join(name), input)?;
    }
    Ok(())
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
