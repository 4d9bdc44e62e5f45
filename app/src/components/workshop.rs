//! Workshop mode, for a room around a projector: large type (the
//! presentation zoom), one layer at a time (the others dimmed, the view
//! framed on it, stepped with ◀ ▶, [ ] or a clicker's Page Up/Down), a
//! laser-pointer dot, and the QR code of the share link so people can open
//! the design on their own machines.

use leptos::prelude::*;
use strata_core::Layer;
use strata_core::layout::{self, LANE_WIDTH};

use crate::commands::{Command, Ctx, viewport_size};

/// The layer after (or before) `focus`; past either end is "all layers".
pub fn step(focus: Option<Layer>, forward: bool) -> Option<Layer> {
    let all = Layer::ALL;
    match focus.and_then(|l| all.iter().position(|x| *x == l)) {
        None if forward => all.first().copied(),
        None => all.last().copied(),
        Some(i) if forward => all.get(i + 1).copied(),
        Some(0) => None,
        Some(i) => all.get(i - 1).copied(),
    }
}

/// Frames the view on the focused layer's lane, or on everything.
pub fn frame(cx: Ctx, focus: Option<Layer>) {
    let Some(layer) = focus else {
        Command::Fit.run(cx);
        return;
    };
    let (w, _) = viewport_size();
    let zoom = ((w - 64.0) / (LANE_WIDTH * 1.6)).clamp(0.5, 1.6);
    let centre = layout::lane_x(layer) + LANE_WIDTH / 2.0;
    cx.view.set(crate::components::canvas::View {
        x: w / 2.0 - centre * zoom,
        y: 16.0,
        zoom,
    });
}

/// The workshop controls, over the canvas while presenting.
#[component]
pub fn WorkshopBar() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    let label = move || match cx.focus_layer.get() {
        None => "All layers".to_owned(),
        Some(l) => format!("{} · {}", l.code(), l.name()),
    };
    let purpose = move || cx.focus_layer.get().map(|l| l.purpose().to_owned());
    view! {
        <Show when=move || cx.presenting.get()>
            <div class="workshop-bar" role="toolbar" aria-label="Workshop">
                <button class="tool" aria-label="Previous layer" title="Previous layer ([ or Page Up)" on:click=move |_| Command::PreviousLayer.run(cx)>"◀"</button>
                <div class="workshop-focus" role="status">
                    <strong>{label}</strong>
                    {move || purpose().map(|p| view! { <span class="workshop-purpose">{p}</span> })}
                </div>
                <button class="tool" aria-label="Next layer" title="Next layer (] or Page Down)" on:click=move |_| Command::NextLayer.run(cx)>"▶"</button>
                <button class="tool" aria-pressed=move || cx.laser.get().to_string() on:click=move |_| cx.laser.update(|l| *l = !*l)>"Laser"</button>
                <button class="tool" title="The share link as a QR code, for the room" on:click=move |_| crate::components::share::open(cx, cx.share)>"QR code"</button>
            </div>
        </Show>
    }
}

/// The laser-pointer dot: follows the pointer while workshop mode has it on.
#[component]
pub fn Laser() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    let at = RwSignal::new((-100.0, -100.0));
    let handle = window_event_listener(leptos::ev::pointermove, move |ev| {
        if cx.laser.get_untracked() {
            // The presentation zoom (CSS `zoom` on body) scales the dot's
            // coordinates too: undo it so the dot sits under the pointer.
            let zoom = document()
                .body()
                .and_then(|b| window().get_computed_style(&b).ok().flatten())
                .and_then(|s| s.get_property_value("zoom").ok())
                .and_then(|z| z.parse::<f64>().ok())
                .filter(|z| *z > 0.0)
                .unwrap_or(1.0);
            at.set((
                f64::from(ev.client_x()) / zoom,
                f64::from(ev.client_y()) / zoom,
            ));
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || cx.laser.get() && cx.presenting.get()>
            <div class="laser-dot" aria-hidden="true"
                style:transform=move || {
                    let (x, y) = at.get();
                    format!("translate({x}px, {y}px)")
                }>
            </div>
        </Show>
    }
}
