//! The Parquet reader as the browser loads it: one function, run in a Web
//! Worker of its own (`app/js/parquet_worker.js`) and thrown away after each
//! file, so a damaged file that traps the reader ends that worker and
//! nothing else. The app calls it through `app/src/parquet.rs`.

use wasm_bindgen::prelude::*;

/// Reads a Parquet file into the import the preview dialog shows, as JSON
/// (`strata_core::import::TableImport`); the error is the message for the
/// user.
#[wasm_bindgen(js_name = readParquet)]
pub fn read_parquet(bytes: &[u8]) -> Result<String, String> {
    let import = strata_core::import::read_parquet(bytes).map_err(|e| e.to_string())?;
    serde_json::to_string(&import).map_err(|e| e.to_string())
}
