//! `cargo xtask dist`: the release build in `dist/`, ready for any static
//! host as it is, at any path: every asset path in the app is relative,
//! every file has brotli and gzip siblings, and `dist/_headers` lists the
//! headers to send (Netlify and Cloudflare Pages read it as it is; the
//! README shows the same for nginx).

use std::fs;

use anyhow::{Context, Result};

use crate::build::files_under;
use crate::build::{self, Profile};
use crate::dist_dir;
use crate::serve::{self, HEADERS};

pub fn run() -> Result<()> {
    build::app(Profile::Release)?;
    let dist = dist_dir();
    let headers = headers_file();
    fs::write(dist.join("_headers"), headers).context("writing dist/_headers")?;
    let files = files_under(&dist)?;
    let served: Vec<_> = files
        .iter()
        .filter(|f| {
            let name = f.to_string_lossy();
            !name.ends_with(".br") && !name.ends_with(".gz")
        })
        .collect();
    let bytes: u64 = served
        .iter()
        .filter_map(|f| fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "dist/ is ready: {} files ({} with compressed siblings), {} KiB. \
         Copy it to any static host, at any path; send the headers in dist/_headers \
         (see README, Hosting your own copy).",
        served.len(),
        files.len(),
        bytes / 1024
    );
    Ok(())
}

/// `_headers` in the Netlify / Cloudflare Pages form: every path gets the
/// security headers; WebAssembly its MIME type, for streaming compilation.
pub fn headers_file() -> String {
    let mut text = String::from(
        "# The headers Strata is meant to run under (written by `cargo xtask dist`).\n/*\n",
    );
    for (name, value) in HEADERS {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    text.push_str(&format!(
        "/*.wasm\n  Content-Type: {}\n",
        serve::content_type(std::path::Path::new("x.wasm"))
    ));
    text
}
