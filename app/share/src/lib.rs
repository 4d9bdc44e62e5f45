//! The share-link codec as the browser loads it: run in a Web Worker of its
//! own (`app/js/share_worker.js`), only when a link is opened or made. The
//! app calls it through `app/src/ondemand.rs`; answers are JSON, errors are
//! the message for the user.

use std::collections::BTreeMap;

use strata_core::{document, share};
use wasm_bindgen::prelude::*;

/// The link to a design document with its imported rows (a JSON object,
/// checksum to CSV) at the workbench's address `base`, and the link's QR
/// code: `{"fragment", "omitted": [files], "qr": {"width", "path"} | null,
/// "qr_error": message | null}`.
#[wasm_bindgen(js_name = encodeLink)]
pub fn encode_link(document_text: &str, data: &str, base: &str) -> Result<String, String> {
    let design = document::load(document_text).map_err(|e| e.to_string())?;
    let data: BTreeMap<String, String> = serde_json::from_str(data).map_err(|e| e.to_string())?;
    let encoded = share::encode(&design, &data);
    let (qr, qr_error) = match share::qr(&format!("{base}#{}", encoded.fragment)) {
        Ok(qr) => (Some(qr), None),
        Err(e) => (None, Some(e)),
    };
    Ok(serde_json::json!({
        "fragment": encoded.fragment,
        "omitted": encoded.omitted,
        "qr": qr,
        "qr_error": qr_error,
    })
    .to_string())
}

/// The design a link holds, as a document, and its imported rows:
/// `{"document": "…", "data": {checksum: csv}}`.
#[wasm_bindgen(js_name = decodeLink)]
pub fn decode_link(link: &str) -> Result<String, String> {
    let shared = share::decode(link).map_err(|e| e.to_string())?;
    Ok(
        serde_json::json!({ "document": document::save(&shared.design), "data": shared.data })
            .to_string(),
    )
}
