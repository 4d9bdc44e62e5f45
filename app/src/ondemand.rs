//! The binding to what the app loads only when it is needed: the Parquet
//! reader (`app/parquet`) and the share-link codec (`app/share`), both
//! `strata-core` code kept out of the app's own wasm, and the example
//! designs (`examples/*.json`, written by `cargo xtask build`). Every
//! JavaScript call for them is here and no `JsValue` leaves this file.
//!
//! Each request runs in a fresh Web Worker (`app/js/*_worker.js`) that is
//! ended after its answer: the module is downloaded on first use, the work
//! does not block the page, and input that traps a module (a damaged
//! Parquet file) ends only its worker.

use std::collections::BTreeMap;

use serde::Deserialize;
use strata_core::import::TableImport;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw `${response.status} ${response.statusText}`.trim();
  return await response.text();
}

export function runWorker(url, request, transfer) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { type: 'module' });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error === undefined) resolve(data.ok);
      else reject(data.error);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(`the module could not start (${event.message || 'no reason given'})`);
    };
    worker.postMessage(request, transfer);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = fetchText)]
    async fn fetch_text(url: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = runWorker)]
    async fn run_worker(
        url: &str,
        request: JsValue,
        transfer: js_sys::Array,
    ) -> Result<JsValue, JsValue>;
}

/// Runs one request in the worker at `url`; its answer is JSON text.
async fn call<T: for<'de> Deserialize<'de>>(
    url: &str,
    request: JsValue,
    transfer: js_sys::Array,
) -> Result<T, String> {
    let answer = run_worker(url, request, transfer).await.map_err(message)?;
    let json = answer
        .as_string()
        .ok_or("the module answered with something other than text")?;
    serde_json::from_str(&json).map_err(|e| format!("the module's answer is malformed: {e}"))
}

/// What a rejected promise says, as text for the user.
fn message(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// A request object: `{key: value, …}` of strings.
fn request(fields: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object.into()
}

/// Reads a Parquet file; the error is a message for the user.
pub async fn read_parquet(bytes: &[u8]) -> Result<TableImport, String> {
    let bytes = js_sys::Uint8Array::from(bytes);
    let buffer = bytes.buffer();
    call(
        "parquet/worker.js",
        buffer.clone().into(),
        js_sys::Array::of1(&buffer),
    )
    .await
}

/// A share link's fragment for a design document and its imported rows,
/// and the QR code of the whole link.
#[derive(Clone, Debug, Deserialize)]
pub struct Encoded {
    pub fragment: String,
    /// Imported files whose rows did not fit.
    pub omitted: Vec<String>,
    pub qr: Option<strata_core::share::Qr>,
    /// Why there is no QR code (the link is too long for one).
    pub qr_error: Option<String>,
}

pub async fn encode_link(
    document: &str,
    data: &BTreeMap<String, String>,
    base: &str,
) -> Result<Encoded, String> {
    let data = serde_json::to_string(data).map_err(|e| e.to_string())?;
    let message = request(&[
        ("op", "encode"),
        ("document", document),
        ("data", &data),
        ("base", base),
    ]);
    call("share/worker.js", message, js_sys::Array::new()).await
}

/// What a share link holds: the design's document and its imported rows.
#[derive(Clone, Debug, Deserialize)]
pub struct Decoded {
    pub document: String,
    pub data: BTreeMap<String, String>,
}

pub async fn decode_link(link: &str) -> Result<Decoded, String> {
    let message = request(&[("op", "decode"), ("link", link)]);
    call("share/worker.js", message, js_sys::Array::new()).await
}

/// The design document of the example `name`, as shipped beside the app.
pub async fn example(name: &str) -> Result<String, String> {
    let text = fetch_text(&format!("examples/{name}.json"))
        .await
        .map_err(message)?;
    text.as_string()
        .ok_or_else(|| "the download is not text".to_owned())
}
