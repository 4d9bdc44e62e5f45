//! The seven layer lanes, left to right, drawn from `core`'s layer contract.

use leptos::prelude::*;
use strata_core::Layer;

/// One lane per layer, in layer order.
#[component]
pub fn Lanes() -> impl IntoView {
    view! {
        <div class="lanes">
            {Layer::ALL.into_iter().map(|layer| view! { <Lane layer /> }).collect_view()}
        </div>
    }
}

/// A lane: its header (code, name, purpose) and, while it is empty, what
/// belongs in it.
#[component]
fn Lane(layer: Layer) -> impl IntoView {
    let class = format!("lane layer-{}", layer.code().to_ascii_lowercase());
    let reads = match layer.allowed_upstream() {
        [] => "Reads nothing: external data".to_owned(),
        upstream => {
            let codes: Vec<&str> = upstream.iter().map(|l| l.code()).collect();
            format!("Reads {}", codes.join(", "))
        }
    };
    view! {
        <section class=class data-layer=layer.code() aria-label=layer.name()>
            <header class="lane-header">
                <span class="layer-code">{layer.code()}</span>
                <span class="lane-name">{layer.name()}</span>
                <p class="lane-purpose">{layer.purpose()}</p>
            </header>
            <div class="lane-body">
                <div class="lane-empty">
                    <p>{layer.explanation()}</p>
                    <p class="lane-facts">
                        <span>{reads}</span>
                        <span>"Default: " {layer.default_materialization().as_dbt()}</span>
                    </p>
                    <ul class="lane-patterns">
                        {layer
                            .name_patterns()
                            .iter()
                            .map(|pattern| view! { <li><code>{*pattern}</code></li> })
                            .collect_view()}
                    </ul>
                </div>
            </div>
        </section>
    }
}
