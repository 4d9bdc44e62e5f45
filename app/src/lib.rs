//! Strata's workbench UI: a thin Leptos shell over `strata_core`.
//!
//! `duckdb` is the only module that talks to DuckDB-wasm (and the only one
//! that handles `JsValue`); components hold view state and call into `core`.

mod components;
mod duckdb;

use leptos::prelude::*;

use components::console::Console;
use components::lanes::Lanes;

/// The whole workbench: top bar, the layer canvas and the bottom panel.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="workbench">
            <header class="topbar">
                <span class="brand">"Strata"</span>
                <span class="tagline">"Layered warehouse workbench"</span>
            </header>
            <main class="canvas" aria-label="Layer canvas">
                <Lanes />
            </main>
            <section class="bottom-panel" aria-label="Query console">
                <Console />
            </section>
        </div>
    }
}
