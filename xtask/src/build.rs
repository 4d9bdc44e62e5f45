//! Building the app into `dist/`, ready to serve from our own origin:
//!
//! ```text
//! dist/
//!   index.html, boot.js, style.css   copied from index.html and public/
//!   pkg/strata_app.js, *_bg.wasm     the Leptos app, through wasm-bindgen
//!   pkg/snippets/…                   JS the app's bindings inline
//!   duckdb/bridge.js                 app/js/duckdb_bridge.js bundled by esbuild
//!   editor/editor.js                 app/js/sql_editor.js (CodeMirror 6) bundled by esbuild
//!   duckdb/duckdb-eh.wasm, …worker.js   DuckDB-wasm, from its npm package
//!   parquet/strata_parquet.js, *_bg.wasm   the Parquet reader (app/parquet),
//!                                    loaded only when a Parquet file is imported
//!   parquet/worker.js                app/js/parquet_worker.js, runs it
//!   share/strata_share.js, *_bg.wasm, worker.js   the share-link codec
//!                                    (app/share), the same way
//!   **/*.br, **/*.gz                 precompressed copies the server prefers
//! ```
//!
//! We drive cargo, wasm-bindgen (as a library) and esbuild ourselves instead
//! of using trunk: trunk takes 10–17 minutes to build from source on a fresh
//! two-core machine, and the pipeline is five steps we can read here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::setup::{self, WASM_TARGET, is_newer_or_same};
use crate::{cargo, dist_dir, exec, root, step};

/// Debug builds compile fast; release builds are what users should get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    pub fn from_release(release: bool) -> Profile {
        if release {
            Profile::Release
        } else {
            Profile::Debug
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "web-release",
        }
    }
}

/// The DuckDB-wasm files we serve: the exception-handling build, which every
/// current browser supports.
const DUCKDB_FILES: [&str; 2] = ["duckdb-eh.wasm", "duckdb-browser-eh.worker.js"];

/// Build everything into `dist/`.
pub fn app(profile: Profile) -> Result<()> {
    let dist = dist_dir();
    step("install the wasm target if missing", setup::wasm_target)?;
    step("install npm packages if missing", setup::npm_packages)?;
    step("compile the app to wasm", || compile(APP, profile))?;
    step("generate JS bindings (wasm-bindgen)", || {
        bindgen(APP, profile, &dist.join("pkg"))
    })?;
    // Each in its own cargo run: built together, cargo would unify
    // strata-core's features and the app would carry them too.
    for module in ON_DEMAND {
        step(&format!("compile the {} to wasm", module.what), || {
            compile(module.krate, profile)
        })?;
        step(
            &format!("generate the {}'s JS bindings", module.what),
            || {
                let out = dist.join(module.dir);
                bindgen(module.krate, profile, &out)?;
                copy_if_changed(&root().join(module.worker), &out.join("worker.js"))
            },
        )?;
    }
    step("bundle the DuckDB bridge (esbuild)", || {
        duckdb_assets(&dist.join("duckdb"))
    })?;
    step("bundle the SQL editor (esbuild)", || {
        bundle("app/js/sql_editor.js", &dist.join("editor/editor.js"))
    })?;
    step("copy static files", || static_files(&dist))?;
    step("write the example designs", || {
        example_designs(&dist.join("examples"))
    })?;
    step("precompress (brotli, gzip)", || precompress(&dist))?;
    report_sizes(&dist);
    Ok(())
}

/// The example designs as the app downloads them when one is opened
/// (`examples/NAME.json`): not compiled into its wasm, which only lists them.
fn example_designs(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    for example in strata_core::examples::ALL {
        let file = dir.join(format!("{}.json", example.name));
        let text = example.text();
        if fs::read_to_string(&file).ok().as_deref() != Some(&*text) {
            fs::write(&file, text.as_bytes())?;
        }
    }
    Ok(())
}

/// A crate compiled to a wasm module: its package name, the file cargo
/// writes (a binary keeps its dashes, a library's become underscores), and
/// the name its JS glue and module get.
#[derive(Clone, Copy)]
struct WasmCrate {
    package: &'static str,
    wasm: &'static str,
    out_name: &'static str,
}

const APP: WasmCrate = WasmCrate {
    package: "strata-app",
    wasm: "strata-app.wasm",
    out_name: "strata_app",
};

/// A wasm module the app loads only when needed, in a Web Worker: served
/// from `dist/<dir>/` with its worker script as `worker.js`.
struct OnDemand {
    what: &'static str,
    krate: WasmCrate,
    dir: &'static str,
    worker: &'static str,
}

const ON_DEMAND: [OnDemand; 2] = [
    OnDemand {
        what: "Parquet reader",
        krate: WasmCrate {
            package: "strata-parquet",
            wasm: "strata_parquet.wasm",
            out_name: "strata_parquet",
        },
        dir: "parquet",
        worker: "app/js/parquet_worker.js",
    },
    OnDemand {
        what: "share-link codec",
        krate: WasmCrate {
            package: "strata-share",
            wasm: "strata_share.wasm",
            out_name: "strata_share",
        },
        dir: "share",
        worker: "app/js/share_worker.js",
    },
];

fn compile(krate: WasmCrate, profile: Profile) -> Result<()> {
    let mut command = cargo();
    command.args(["build", "--package", krate.package, "--target", WASM_TARGET]);
    if profile == Profile::Release {
        command.args(["--profile", "web-release"]);
    }
    exec(&mut command)
}

fn bindgen(krate: WasmCrate, profile: Profile, out: &Path) -> Result<()> {
    let wasm = root()
        .join("target")
        .join(WASM_TARGET)
        .join(profile.dir())
        .join(krate.wasm);
    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("could not clear {}", out.display()))?;
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name(krate.out_name)
        .web(true)?
        .typescript(false)
        .debug(profile == Profile::Debug)
        // Function names are for stack traces while developing; in a
        // release they are a fifth of the file. STRATA_KEEP_NAMES=1 keeps
        // them, for profiling the release build in DevTools.
        .remove_name_section(
            profile == Profile::Release && std::env::var_os("STRATA_KEEP_NAMES").is_none(),
        )
        .remove_producers_section(profile == Profile::Release)
        .generate(out)
        .with_context(|| format!("wasm-bindgen failed on {}", wasm.display()))
}

/// Bundles one of our JS entry points and what it imports from npm into a
/// single minified ES module.
fn bundle(entry: &str, out: &Path) -> Result<()> {
    exec(
        Command::new(root().join("node_modules/.bin/esbuild")).args([
            entry,
            "--bundle",
            "--format=esm",
            "--target=es2022",
            "--minify",
            "--legal-comments=external",
            "--log-level=warning",
            &format!("--outfile={}", out.display()),
        ]),
    )
}

fn duckdb_assets(out: &Path) -> Result<()> {
    fs::create_dir_all(out)?;
    let root = root();
    bundle("app/js/duckdb_bridge.js", &out.join("bridge.js"))?;
    let package = root.join("node_modules/@duckdb/duckdb-wasm/dist");
    for name in DUCKDB_FILES {
        copy_if_changed(&package.join(name), &out.join(name))?;
    }
    Ok(())
}

fn static_files(dist: &Path) -> Result<()> {
    let root = root();
    copy_if_changed(&root.join("index.html"), &dist.join("index.html"))?;
    for entry in fs::read_dir(root.join("public"))? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            copy_if_changed(&entry.path(), &dist.join(entry.file_name()))?;
        }
    }
    Ok(())
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<()> {
    let same = |a: &Path, b: &Path| -> bool {
        match (a.metadata(), b.metadata()) {
            (Ok(a), Ok(b)) => a.len() == b.len() && is_newer_or_same(to, from),
            _ => false,
        }
    };
    if !same(from, to) {
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, to)
            .with_context(|| format!("could not copy {} to {}", from.display(), to.display()))?;
    }
    Ok(())
}

/// File endings worth compressing (text and wasm; images are compressed already).
const COMPRESSIBLE: [&str; 7] = ["html", "js", "mjs", "css", "wasm", "json", "svg"];

/// Write `.br` and `.gz` beside every compressible file whose copies are stale.
fn precompress(dist: &Path) -> Result<()> {
    for file in files_under(dist)? {
        let compressible = file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let br = with_suffix(&file, "br");
        let gz = with_suffix(&file, "gz");
        if is_newer_or_same(&br, &file) && is_newer_or_same(&gz, &file) {
            continue;
        }
        let bytes = fs::read(&file)?;
        fs::write(&br, brotli_bytes(&bytes)?)?;
        fs::write(&gz, gzip_bytes(&bytes)?)?;
    }
    Ok(())
}

/// Brotli at the highest quality for app-sized files; large files (DuckDB's
/// 33 MB module) get a quality that compresses in seconds, not minutes.
pub fn brotli_bytes(bytes: &[u8]) -> Result<Vec<u8>> {
    let quality = if bytes.len() > 4 << 20 { 6 } else { 11 };
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, quality, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
}

fn gzip_bytes(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Print the app's payload: what a visitor downloads before DuckDB.
fn report_sizes(dist: &Path) {
    let size = |p: PathBuf| p.metadata().map(|m| m.len()).unwrap_or(0);
    let wasm = dist.join("pkg/strata_app_bg.wasm");
    let js = dist.join("pkg/strata_app.js");
    eprintln!(
        "app wasm: {} KiB raw, {} KiB brotli, {} KiB gzip; app js: {} KiB raw, {} KiB brotli",
        size(wasm.clone()) / 1024,
        size(with_suffix(&wasm, "br")) / 1024,
        size(with_suffix(&wasm, "gz")) / 1024,
        size(js.clone()) / 1024,
        size(with_suffix(&js, "br")) / 1024,
    );
    for module in ON_DEMAND {
        let what = module.what;
        let wasm = dist
            .join(module.dir)
            .join(format!("{}_bg.wasm", module.krate.out_name));
        eprintln!(
            "{what} wasm (loaded on demand): {} KiB raw, {} KiB brotli",
            size(wasm.clone()) / 1024,
            size(with_suffix(&wasm, "br")) / 1024,
        );
    }
}
