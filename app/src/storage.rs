//! The workspace: designs kept in the browser's IndexedDB, so several can
//! live side by side and survive reloads. The JavaScript half is
//! `app/js/storage.js`; no `JsValue` leaves this file.
//!
//! Saving never overwrites a design with something that failed to load:
//! callers save only documents `core` produced from a design in memory.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = listDesigns, catch)]
    async fn list_designs() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = loadDesign, catch)]
    async fn load_design(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = saveDesign, catch)]
    async fn save_design(id: &str, name: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = deleteDesign, catch)]
    async fn delete_design(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = saveData, catch)]
    async fn save_data_js(key: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = loadData, catch)]
    async fn load_data_js(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = describeError)]
    fn describe_error(error: &JsValue) -> String;
}

/// A design kept in the workspace.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    /// Milliseconds since the epoch.
    pub updated: f64,
}

/// Why the workspace could not do what was asked, in words for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageError(pub String);

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Deserialize)]
struct JsError {
    name: String,
    message: String,
}

fn error(what: &str, e: &JsValue) -> StorageError {
    let described: Option<JsError> = serde_json::from_str(&describe_error(e)).ok();
    let text = match described {
        Some(JsError { name, .. }) if name == "QuotaExceededError" => format!(
            "{what}: the browser's storage for this site is full. Export the design to a file \
             (nothing is lost while this tab stays open), then delete designs you no longer need."
        ),
        Some(JsError { message, .. }) => format!("{what}: {message}"),
        None => format!("{what}: the browser refused"),
    };
    StorageError(text)
}

/// The designs kept, newest first.
pub async fn list() -> Result<Vec<Entry>, StorageError> {
    let text = list_designs()
        .await
        .map_err(|e| error("Could not list the saved designs", &e))?;
    let text = text.as_string().unwrap_or_default();
    serde_json::from_str(&text)
        .map_err(|e| StorageError(format!("The saved designs' list is unreadable: {e}")))
}

/// The document text of design `id`, or `None` if there is none.
pub async fn load(id: &str) -> Result<Option<String>, StorageError> {
    let value = load_design(id)
        .await
        .map_err(|e| error("Could not read the saved design", &e))?;
    Ok(value.as_string())
}

/// Keeps the document text of design `id` under `name`.
pub async fn save(id: &str, name: &str, text: &str) -> Result<(), StorageError> {
    save_design(id, name, text)
        .await
        .map(|_| ())
        .map_err(|e| error("Could not save the design", &e))
}

/// Forgets design `id`.
pub async fn delete(id: &str) -> Result<(), StorageError> {
    delete_design(id)
        .await
        .map(|_| ())
        .map_err(|e| error("Could not delete the design", &e))
}

/// Keeps the rows of an imported file under `key` (its checksum).
pub async fn save_data(key: &str, text: &str) -> Result<(), StorageError> {
    save_data_js(key, text)
        .await
        .map(|_| ())
        .map_err(|e| error("Could not keep the imported data", &e))
}

/// The rows of an imported file kept under `key`, if this browser has them.
pub async fn load_data(key: &str) -> Result<Option<String>, StorageError> {
    let value = load_data_js(key)
        .await
        .map_err(|e| error("Could not read the imported data", &e))?;
    Ok(value.as_string())
}

/// The id of the design open last, kept in `localStorage` so a reload
/// reopens it.
pub fn current_id() -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item("strata.current")
        .ok()?
}

pub fn set_current_id(id: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item("strata.current", id);
    }
}

/// A small setting kept in `localStorage` (the guided tour's step).
pub fn setting(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(&format!("strata.{key}"))
        .ok()?
}

/// Keeps a small setting; `None` forgets it.
pub fn set_setting(key: &str, value: Option<&str>) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let key = format!("strata.{key}");
        let _ = match value {
            Some(v) => storage.set_item(&key, v),
            None => storage.remove_item(&key),
        };
    }
}

/// A new id for a design: time plus randomness, unique enough for one
/// browser's workspace.
pub fn new_id() -> String {
    let now = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * 1e9) as u64;
    format!("d{now:x}{random:x}")
}
