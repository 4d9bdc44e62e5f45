//! The guided tour: the method on the café example, in the real UI. Each
//! step points at a real part of the workbench (a ring around it and a note
//! beside it), frames the layer it talks about, and says what to try there;
//! Next moves on whether or not the reader tried. The step is kept in the
//! browser, so Skip leaves the tour to be resumed later ("Take the guided
//! tour" continues where it stopped) and Finish forgets it.

use leptos::prelude::*;
use strata_core::Layer;

use crate::commands::{Command, Ctx, open_example};
use crate::components::workshop;
use crate::storage;

/// Where the tour's step is kept.
const KEY: &str = "tour.step";

/// One step: what it points at (a CSS selector; `None` is the middle of
/// the screen), the layer it frames, and what it says.
struct Step {
    title: &'static str,
    body: &'static str,
    target: Option<&'static str>,
    layer: Option<Layer>,
}

const STEPS: &[Step] = &[
    Step {
        title: "The method, on a café",
        body: "This tour walks the method the workbench teaches on the café example: understand the raw data, plan the business objects, see the design space, build each layer, then run and test. It uses the real workbench; try things as you go. Skip any time: the tour resumes where you left it.",
        target: None,
        layer: None,
    },
    Step {
        title: "1 · Understand the raw data",
        body: "The till's three tables land in RAW exactly as the system exports them. Before modeling, learn what is in them: select a raw table, then press “Profile the raw data” in the panel for NULLs, duplicates, value ranges, candidate keys and likely relationships.",
        target: Some(".lane-bg[data-layer=\"RAW\"]"),
        layer: Some(Layer::Raw),
    },
    Step {
        title: "2 · Plan the business objects",
        body: "With nothing selected, the panel shows the design: its sample data settings and its business objects. The café has one, the customer, identified by its business key customer_id and fed by till.customers. Objects are what the vault is organized around; plan how they relate (an order belongs to a customer) here too, and after profiling the relationships found in the data are suggested.",
        target: Some(".inspector"),
        layer: None,
    },
    Step {
        title: "3 · The design space and the gates",
        body: "Where raw tables or planned objects are not modeled yet, ghost cards in the lanes propose what the data makes possible: a standardize per raw table, an object, link or event per planned concept, rollups and analytic objects on top. One click adds one with its form filled in. The Method tab tracks the five phases (Discover, Model, Build, Optimize, Govern) as checklists computed from the design: what is done, and what is missing before each gate passes.",
        target: Some("[role=tab][data-tab=\"method\"]"),
        layer: None,
    },
    Step {
        title: "4 · SRC: standardize",
        body: "One standardized copy per raw table: clear names and types, blanks turned into NULL, duplicates from the export removed. Select a card to see its form, the dbt model and the compiled SQL it produces.",
        target: Some(".lane-bg[data-layer=\"SRC\"]"),
        layer: Some(Layer::Src),
    },
    Step {
        title: "VIN: vault intermediate",
        body: "Where one concept arrives from several systems, or moves from a legacy system to a new one, this layer unions them and maps keys, so the vault sees one source. The café has a single till, so the lane stays empty: its note says when you would need it.",
        target: Some(".lane-bg[data-layer=\"VIN\"]"),
        layer: Some(Layer::Vin),
    },
    Step {
        title: "VLT: the vault",
        body: "The history of the business: one model per business object (the customer, by its hashed business key), and one per event (orders, payments), each keeping every version it has seen.",
        target: Some(".lane-bg[data-layer=\"VLT\"]"),
        layer: Some(Layer::Vlt),
    },
    Step {
        title: "AIN: analytics intermediate",
        body: "Reusable building blocks over the vault: here, each customer's orders and payments rolled up per customer.",
        target: Some(".lane-bg[data-layer=\"AIN\"]"),
        layer: Some(Layer::Ain),
    },
    Step {
        title: "ANA: analytics",
        body: "The analytic objects people reason about, such as the customer with their visits and spending, with history where it matters.",
        target: Some(".lane-bg[data-layer=\"ANA\"]"),
        layer: Some(Layer::Ana),
    },
    Step {
        title: "MRT: marts",
        body: "What someone asked for: the owner's list of regulars, new customers, tips. A mart reads analytics, never the vault or the sources directly; the design rules check that live.",
        target: Some(".lane-bg[data-layer=\"MRT\"]"),
        layer: Some(Layer::Mrt),
    },
    Step {
        title: "5 · Run it",
        body: "Run ▶ generates sample data, loads it into DuckDB in your browser and builds every model in order. Each card then shows its rows; the Data tab pages through them.",
        target: Some(".run-design"),
        layer: None,
    },
    Step {
        title: "… and test it",
        body: "Every data test in the design runs after the build: unique, not null, accepted values, relationships, completeness. The Tests tab shows each result and the method's quality figures; failing rows are one click away.",
        target: Some("[role=tab][data-tab=\"tests\"]"),
        layer: None,
    },
    Step {
        title: "That is the method",
        body: "Understand the data, plan the objects, build layer by layer, run and test, then document (Designs ▸ Export the documentation) and share (Share). The café copy is yours to change; the Method tab says what to do next.",
        target: None,
        layer: None,
    },
];

/// Starts the tour, or resumes it where it was left. A fresh start opens
/// a copy of the café example to walk through.
pub fn start(cx: Ctx, step: RwSignal<Option<usize>>) {
    let kept = storage::setting(KEY).and_then(|s| s.parse::<usize>().ok());
    match kept.filter(|s| *s < STEPS.len()) {
        Some(at) => {
            step.set(Some(at));
            cx.wb.info("Resumed the guided tour where you left it");
        }
        None => {
            open_example(cx, "cafe");
            step.set(Some(0));
        }
    }
}

fn go(cx: Ctx, step: RwSignal<Option<usize>>, to: Option<usize>) {
    step.set(to);
    let layer = to.and_then(|i| STEPS.get(i)).and_then(|s| s.layer);
    cx.focus_layer.set(layer);
    workshop::frame(cx, layer);
}

#[component]
pub fn Tour(step: RwSignal<Option<usize>>) -> impl IntoView {
    let cx = expect_context::<Ctx>();
    // Where the ring goes: the target's box once the view has settled.
    let ring = RwSignal::new(None::<(f64, f64, f64, f64)>);
    Effect::new(move |_| {
        let Some(i) = step.get() else {
            ring.set(None);
            return;
        };
        storage::set_setting(KEY, Some(&i.to_string()));
        // The last step's ring must not linger while the view moves.
        ring.set(None);
        let Some(target) = STEPS.get(i).and_then(|s| s.target) else {
            return;
        };
        let target = Some(target);
        set_timeout(
            move || {
                let rect = target
                    .and_then(|t| document().query_selector(t).ok().flatten())
                    .map(|el| {
                        let r = el.get_bounding_client_rect();
                        let (mut x0, mut y0, mut x1, mut y1) =
                            (r.left(), r.top(), r.right(), r.bottom());
                        // A lane is taller than the canvas shows: ring
                        // only what is visible.
                        if let Some(v) = el.closest(".canvas-viewport").ok().flatten() {
                            let v = v.get_bounding_client_rect();
                            (x0, y0) = (x0.max(v.left()), y0.max(v.top()));
                            (x1, y1) = (x1.min(v.right()), y1.min(v.bottom()));
                        }
                        (x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0))
                    });
                ring.set(rect);
            },
            std::time::Duration::from_millis(80),
        );
    });
    let next = move |_| {
        let at = step.get_untracked().unwrap_or(0);
        if at + 1 < STEPS.len() {
            go(cx, step, Some(at + 1));
        }
    };
    let back = move |_| {
        let at = step.get_untracked().unwrap_or(0);
        go(cx, step, Some(at.saturating_sub(1)));
    };
    let skip = move |_| {
        go(cx, step, None);
        cx.wb
            .info("Tour skipped: “Take the guided tour” resumes it (Ctrl+K)");
    };
    let finish = move |_| {
        storage::set_setting(KEY, None);
        go(cx, step, None);
        cx.wb
            .info("Tour finished: the café copy is yours to change");
        Command::Fit.run(cx);
    };
    view! {
        {move || step.get().and_then(|i| STEPS.get(i).map(|s| (i, s))).map(|(i, s)| {
            let last = i + 1 == STEPS.len();
            let rect = ring.get();
            // The note sits below the target when there is room, else above;
            // without a target, in the middle of the screen.
            let (left, top) = match rect {
                Some((x, y, rw, h)) => {
                    let (w, vh) = (
                        window().inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(1200.0),
                        window().inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(800.0),
                    );
                    if h > vh * 0.4 {
                        // A tall target (a lane): the note goes beside it.
                        let right = x + rw + 16.0;
                        let left = if right + 420.0 < w { right } else { (x - 436.0).max(8.0) };
                        (left, (y + 24.0).min(vh - 260.0).max(8.0))
                    } else {
                        let below = y + h + 12.0;
                        let top = if below + 230.0 < vh { below } else { (y - 242.0).max(8.0) };
                        (x.clamp(8.0, (w - 420.0).max(8.0)), top.min(vh - 240.0).max(8.0))
                    }
                }
                None => (f64::NAN, f64::NAN),
            };
            let centred = rect.is_none();
            view! {
                {rect.map(|(x, y, w, h)| view! {
                    <div class="tour-ring" aria-hidden="true"
                        style:left=format!("{:.0}px", x - 4.0)
                        style:top=format!("{:.0}px", y - 4.0)
                        style:width=format!("{:.0}px", w + 8.0)
                        style:height=format!("{:.0}px", h + 8.0)>
                    </div>
                })}
                <div class="tour-note" class:centred=centred role="dialog" aria-label="Guided tour"
                    style:left=(!centred).then(|| format!("{left:.0}px"))
                    style:top=(!centred).then(|| format!("{top:.0}px"))>
                    <p class="tour-progress">{format!("Guided tour · {} of {}", i + 1, STEPS.len())}</p>
                    <h3>{s.title}</h3>
                    <p>{s.body}</p>
                    <div class="dialog-actions">
                        <button type="button" class="tool" on:click=skip>"Skip tour"</button>
                        {(i > 0).then(|| view! { <button type="button" class="tool" on:click=back>"Back"</button> })}
                        {if last {
                            view! { <button type="button" class="tool primary" on:click=finish>"Finish"</button> }.into_any()
                        } else {
                            view! { <button type="button" class="tool primary" on:click=next>"Next"</button> }.into_any()
                        }}
                    </div>
                </div>
            }
        })}
    }
}
