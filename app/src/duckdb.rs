//! The one binding to DuckDB-wasm. Every call into JavaScript for DuckDB is
//! here, and no `JsValue` leaves this file: callers see typed Rust results.
//!
//! The JavaScript half is `app/js/duckdb_bridge.js`, bundled by `cargo xtask
//! build` to `/duckdb/bridge.js` next to DuckDB's worker and module. It is
//! imported on first use, so the workbench starts without downloading DuckDB.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The most rows a query hands back to the UI; the total is still reported.
pub const MAX_ROWS: u32 = 1_000;

/// A query's result: its columns and the first rows, as display strings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    pub columns: Vec<ResultColumn>,
    /// Cells as text; `None` is SQL `NULL`.
    pub rows: Vec<Vec<Option<String>>>,
    /// Rows the query produced, which may be more than `rows` holds.
    pub total_rows: u64,
    /// How long DuckDB took, in milliseconds.
    #[serde(default)]
    pub ms: f64,
}

impl QueryResult {
    /// The cell at `row`, `column` as a whole number, if it is one.
    pub fn number(&self, row: usize, column: usize) -> Option<u64> {
        self.rows.get(row)?.get(column)?.as_deref()?.parse().ok()
    }
}

/// A result column: its name and Arrow type as DuckDB reported it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ResultColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
}

/// How far the DuckDB download has come, in bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoadProgress {
    pub loaded: f64,
    pub total: f64,
}

impl LoadProgress {
    /// Completion from 0.0 to 1.0, or `None` while the size is unknown.
    pub fn fraction(self) -> Option<f64> {
        (self.total > 0.0).then(|| (self.loaded / self.total).clamp(0.0, 1.0))
    }
}

/// Why DuckDB could not answer.
#[derive(Clone, Debug, PartialEq)]
pub enum DbError {
    /// DuckDB could not be downloaded or started.
    Start(String),
    /// DuckDB ran the query and reported an error (the message is DuckDB's).
    Query(String),
    /// The guard refused the SQL before it reached DuckDB.
    Refused(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Start(message) => write!(f, "DuckDB could not start: {message}"),
            DbError::Query(message) => f.write_str(message),
            DbError::Refused(message) => write!(f, "Not allowed: {message}"),
        }
    }
}

// Resolved against the page, not this snippet: dist/ may live under any path.
#[wasm_bindgen(
    inline_js = "export function loadBridge() { return import(new URL('duckdb/bridge.js', document.baseURI).href); }"
)]
extern "C" {
    #[wasm_bindgen(catch, js_name = loadBridge)]
    async fn load_bridge() -> Result<JsValue, JsValue>;

    /// The bridge module's namespace object.
    type Bridge;

    #[wasm_bindgen(method, catch)]
    async fn start(this: &Bridge, on_progress: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    async fn query(
        this: &Bridge,
        sql: &str,
        max_rows: u32,
        timeout_ms: f64,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = registerText)]
    async fn register_text(this: &Bridge, name: &str, text: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = dropFiles)]
    async fn drop_files(this: &Bridge) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    async fn lock(this: &Bridge) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    async fn restart(this: &Bridge) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    async fn cancel(this: &Bridge) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, js_name = isLocked)]
    fn is_locked(this: &Bridge) -> bool;
}

/// In the message of a query that had to be killed: the database was
/// restarted and everything in it is gone (see `duckdb_bridge.js`).
pub const RESTARTED: &str = "DuckDB was restarted";

/// How long one statement may run before it is cancelled.
pub const TIMEOUT_MS: f64 = 30_000.0;

/// Download and start DuckDB if it is not running yet, reporting download
/// progress. Calls while it starts share the same start.
pub async fn start(on_progress: impl Fn(LoadProgress) + 'static) -> Result<(), DbError> {
    let bridge = bridge().await?;
    let callback = Closure::<dyn Fn(f64, f64)>::new(move |loaded, total| {
        on_progress(LoadProgress { loaded, total });
    })
    .into_js_value();
    bridge
        .start(&callback)
        .await
        .map(drop)
        .map_err(|e| DbError::Start(message(&e)))
}

/// Run `sql` on the running database (starting it if needed), cancelled
/// after [`TIMEOUT_MS`].
pub async fn run(sql: &str) -> Result<QueryResult, DbError> {
    run_limited(sql, MAX_ROWS).await
}

/// Run `sql` and keep at most `max_rows` rows of its result.
pub async fn run_limited(sql: &str, max_rows: u32) -> Result<QueryResult, DbError> {
    let bridge = bridge().await?;
    let json = bridge
        .query(sql, max_rows, TIMEOUT_MS)
        .await
        .map_err(|e| DbError::Query(message(&e)))?;
    let json = json
        .as_string()
        .ok_or_else(|| DbError::Query("DuckDB returned no result".to_owned()))?;
    serde_json::from_str(&json)
        .map_err(|e| DbError::Query(format!("unreadable result from DuckDB: {e}")))
}

/// Put `text` in DuckDB's file system as `name`, for a load to read. Only
/// before [`lock`].
pub async fn register_text(name: &str, text: &str) -> Result<(), DbError> {
    done(bridge().await?.register_text(name, text).await)
}

/// Forget the registered files once loaded (their tables stay).
pub async fn drop_files() -> Result<(), DbError> {
    done(bridge().await?.drop_files().await)
}

/// Lock the database down: no file, network or extension access, and no
/// setting can change any more. User SQL runs only after this.
pub async fn lock() -> Result<(), DbError> {
    done(bridge().await?.lock().await)
}

/// Whether the running database is locked down.
pub async fn is_locked() -> bool {
    match bridge().await {
        Ok(bridge) => bridge.is_locked(),
        Err(_) => false,
    }
}

/// Throw the database away; the next call starts a fresh, empty one.
pub async fn restart() -> Result<(), DbError> {
    done(bridge().await?.restart().await)
}

/// Cancel the statement in flight.
pub async fn cancel() {
    if let Ok(bridge) = bridge().await {
        let _ = bridge.cancel().await;
    }
}

async fn bridge() -> Result<Bridge, DbError> {
    load_bridge()
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| DbError::Start(format!("the DuckDB bridge did not load: {}", message(&e))))
}

/// A bridge call that answers nothing: its error, if any, as DuckDB's.
fn done(result: Result<JsValue, JsValue>) -> Result<(), DbError> {
    result.map(drop).map_err(|e| DbError::Query(message(&e)))
}

/// The message of a JavaScript error, or its string form.
fn message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
