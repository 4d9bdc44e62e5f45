//! Installing what a fresh machine lacks, each check cheap when it is there.
//!
//! Everything the project needs beyond the Rust toolchain is installed here:
//! the wasm target (rustup), the npm packages (from the committed
//! `package-lock.json`), and Debian's Chromium for the browser tests.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::{exec, output, root};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Add the wasm target to the toolchain if it is missing.
pub fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        exec(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    Ok(())
}

/// Install the npm packages exactly as locked, unless they already are.
pub fn npm_packages() -> Result<()> {
    let root = root();
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules/.package-lock.json");
    if is_newer_or_same(&installed, &lock) {
        return Ok(());
    }
    if !on_path("npm") {
        apt_install(&["nodejs", "npm"], "npm")?;
    }
    exec(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// Install Debian's Chromium when it is missing (as root), or say how.
pub fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    apt_install(&["chromium"], "chromium")?;
    if !Path::new(CHROMIUM).exists() {
        bail!("installed the chromium package but {CHROMIUM} is still missing");
    }
    Ok(())
}

fn apt_install(packages: &[&str], what: &str) -> Result<()> {
    if !is_root() {
        bail!(
            "{what} is missing: run `sudo apt-get install {}` and try again",
            packages.join(" ")
        );
    }
    exec(Command::new("apt-get").args(["update", "-qq"]))?;
    exec(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Whether `path` exists and was modified no earlier than `than`.
pub fn is_newer_or_same(path: &Path, than: &Path) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    match (modified(path), modified(than)) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}
