//! The binding to the Parquet reader. Every JavaScript call for it is here
//! and no `JsValue` leaves this file.
//!
//! The reader is `strata-core`'s, compiled to a wasm module of its own
//! (`app/parquet`) that `cargo xtask build` puts in `/parquet/`. It runs in
//! a fresh Web Worker per file (`app/js/parquet_worker.js`): the app does
//! not download it until someone imports a Parquet file, decoding does not
//! block the page, and a file that traps the reader ends only its worker.

use strata_core::import::TableImport;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function readParquet(bytes) {
  return new Promise((resolve, reject) => {
    const worker = new Worker('/parquet/worker.js', { type: 'module' });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error === undefined) resolve(data.ok);
      else reject(data.error);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(`the Parquet reader could not start (${event.message || 'no reason given'})`);
    };
    worker.postMessage(bytes.buffer, [bytes.buffer]);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = readParquet)]
    async fn read_parquet(bytes: js_sys::Uint8Array) -> Result<JsValue, JsValue>;
}

/// Reads a Parquet file; the error is a message for the user.
pub async fn read(bytes: &[u8]) -> Result<TableImport, String> {
    let json = read_parquet(js_sys::Uint8Array::from(bytes))
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    let json = json
        .as_string()
        .ok_or("the Parquet reader answered with something other than text")?;
    serde_json::from_str(&json)
        .map_err(|e| format!("the Parquet reader's answer is malformed: {e}"))
}
