//! The design canvas: seven lanes left to right, a card per model (and per
//! raw table in RAW), edges from each input to its reader. Pan by dragging
//! the background, zoom with Ctrl + wheel or the buttons, move cards by
//! dragging them, connect by dragging from a card's handle onto another.
//!
//! Geometry comes from `core::layout`; every change to the design goes
//! through `core::edit` via [`Workbench::edit`], so it can be undone.

use std::collections::HashMap;

use leptos::ev;
use leptos::prelude::*;
use strata_core::Layer;
use strata_core::design::{Design, Position};
use strata_core::edit;
use strata_core::layout::{self, CARD_HEIGHT, CARD_WIDTH, LANE_GAP, LANE_TOP, LANE_WIDTH};
use strata_core::rules::Severity;
use strata_core::run::Status;
use strata_core::template::TemplateKind;
use wasm_bindgen::JsCast;

use crate::state::{Workbench, use_workbench};

/// The view of the canvas: pan offset in screen pixels and zoom factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub zoom: f64,
}

const MIN_ZOOM: f64 = 0.1;
/// Below this zoom cards are drawn as [`FarCard`]s.
const FAR_ZOOM: f64 = 0.45;
const MAX_ZOOM: f64 = 3.0;

/// What a pointer drag is doing.
#[derive(Clone, Debug, PartialEq)]
enum Drag {
    /// Panning from a screen point with the view as it was.
    Pan { from: (f64, f64), start: View },
    /// Moving the selected cards; `by` is the offset so far, in canvas units.
    Move {
        from: (f64, f64),
        by: (f64, f64),
        moved: bool,
    },
    /// Shift+drag on the background: a rectangle (canvas points) that
    /// selects the cards it touches.
    Select { from: (f64, f64), to: (f64, f64) },
    /// Dragging a connection out of `from`'s handle to a canvas point, with
    /// what dropping here would do.
    Connect {
        from: String,
        to: (f64, f64),
        over: Option<String>,
        problem: Option<String>,
    },
}

/// One card as drawn. Cards are keyed by this whole value, so a card is
/// redrawn only when something it shows changes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CardView {
    name: String,
    layer: Layer,
    template: Option<&'static str>,
    description: String,
    x: i64,
    y: i64,
    columns: Option<usize>,
    worst: Option<Severity>,
    findings: usize,
    tests: usize,
    /// How the last run went: a class (`built`, `failed`, `skipped`,
    /// `stale`) and what the card says about it.
    run: Option<(&'static str, String)>,
    /// Data tests that passed and ran in the last run.
    tests_passed: Option<(usize, usize)>,
    selected: bool,
}

/// An edge as drawn: from an upstream card's right side to a reader's left.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct EdgeView {
    from: String,
    to: String,
    path: String,
}

fn severity_class(s: Option<Severity>) -> &'static str {
    match s {
        None => "ok",
        Some(Severity::Info) => "info",
        Some(Severity::Warning) => "warning",
        Some(Severity::Error) => "error",
    }
}

/// Where every card is: centred in its lane, at its saved height, or below
/// the rest of its lane when it has none.
fn positions(wb: &Workbench) -> HashMap<String, Position> {
    wb.design.with(|d| {
        let mut all: HashMap<String, Position> = layout::place_new(d).into_iter().collect();
        for (name, layer) in layout::cards(d) {
            if let Some(p) = d.canvas.positions.get(&name) {
                all.insert(
                    name,
                    Position {
                        x: layout::card_x(layer),
                        y: p.y.max(LANE_TOP),
                    },
                );
            }
        }
        all
    })
}

/// Where a new card in `layer` goes: below the lowest card of its lane.
pub fn next_slot(wb: &Workbench, layer: Layer) -> Position {
    let placed = positions(wb);
    wb.design.with_untracked(|d| slot_below(d, &placed, layer))
}

/// Below the lowest of the `placed` cards in `layer`.
fn slot_below(design: &Design, placed: &HashMap<String, Position>, layer: Layer) -> Position {
    let y = layout::cards(design)
        .iter()
        .filter(|(_, l)| *l == layer)
        .filter_map(|(name, _)| placed.get(name))
        .map(|p| p.y + CARD_HEIGHT + layout::CARD_GAP)
        .fold(LANE_TOP, f64::max);
    Position {
        x: layout::card_x(layer),
        y,
    }
}

/// The design space's proposals with the place of each ghost card.
type Ghosts = Memo<Vec<(edit::Proposal, Position)>>;

fn ghost_places(wb: Workbench) -> Ghosts {
    Memo::new(move |_| {
        if wb.read_only.get() || !wb.design_space.get() {
            return Vec::new();
        }
        let columns = wb.columns.get();
        let placed = positions(&wb);
        wb.design.with(|d| {
            // Ghosts stack below the lane's cards, one row each.
            let mut rows: Vec<Layer> = Vec::new();
            edit::design_space(d, &columns.0)
                .into_iter()
                .map(|p| {
                    let mut at = slot_below(d, &placed, p.layer);
                    let row = rows.iter().filter(|l| **l == p.layer).count();
                    rows.push(p.layer);
                    at.y += row as f64 * (CARD_HEIGHT + layout::CARD_GAP);
                    (p, at)
                })
                .collect::<Vec<_>>()
        })
    })
}

/// The design space as ghost cards: each model the data and the planned
/// objects make possible (`core::edit::design_space`), below the lane's
/// cards; a click adds it with its parameters filled in.
#[component]
fn GhostCards(ghosts: Ghosts) -> impl IntoView {
    let wb = use_workbench();
    view! {
        // Keyed by place too: a ghost moves down when a card takes its slot.
        <For each=move || ghosts.get() key=|(p, at)| format!("{}@{}", p.name, at.y) let:ghost>
            {
                let (proposal, at) = ghost;
                let code = proposal.layer.code().to_ascii_lowercase();
                let name = proposal.name.clone();
                let needs: Vec<String> = proposal.needs().map(str::to_owned).collect();
                let label = format!(
                    "Add {} ({}): {}{}",
                    proposal.name,
                    proposal.template.name(),
                    proposal.reason,
                    if needs.is_empty() { String::new() } else { format!(". Also adds {}, which it reads", needs.join(", ")) }
                );
                let meta = match needs.len() {
                    0 => "proposed · click to add".to_owned(),
                    n => format!("proposed · builds on {n} more"),
                };
                let add = move |_| {
                    let p = proposal.clone();
                    if let Some(added) = wb.edit(format!("Add {}", p.name), move |d| {
                        edit::apply_proposal(d, &p, Some(at)).map_err(|e| e.to_string())
                    }) {
                        wb.info(format!("Added {added} from the design space"));
                        wb.select_only(Some(added));
                    }
                };
                view! {
                    <button
                        class=format!("card ghost-card layer-{code}")
                        data-ghost=name.clone()
                        title=label.clone()
                        aria-label=label
                        style:left=format!("{}px", at.x)
                        style:top=format!("{}px", at.y)
                        style:width=format!("{CARD_WIDTH:.0}px")
                        style:height=format!("{CARD_HEIGHT:.0}px")
                        on:click=add
                    >
                        <span class="card-top"><span class="card-name">{format!("+ {name}")}</span></span>
                        <span class="card-meta">{meta}</span>
                    </button>
                }
            }
        </For>
    }
}

fn bezier(from: (f64, f64), to: (f64, f64)) -> String {
    let dx = ((to.0 - from.0).abs() / 2.0).max(40.0);
    format!(
        "M{:.0},{:.0} C{:.0},{:.0} {:.0},{:.0} {:.0},{:.0}",
        from.0,
        from.1,
        from.0 + dx,
        from.1,
        to.0 - dx,
        to.1,
        to.0,
        to.1
    )
}

#[component]
pub fn Canvas(view: RwSignal<View>) -> impl IntoView {
    let wb = use_workbench();
    let drag: RwSignal<Option<Drag>> = RwSignal::new(None);
    let viewport: NodeRef<leptos::html::Div> = NodeRef::new();
    let adding: RwSignal<Option<Layer>> = RwSignal::new(None);

    let placed = Memo::new(move |_| positions(&wb));
    let ghosts = ghost_places(wb);

    let runner = crate::runner::use_runner();
    let cards = Memo::new(move |_| {
        let statuses = runner.statuses.get();
        let tests = runner.tests.get();
        let report = wb.report.get();
        let columns = wb.columns.get();
        let selection = wb.selection.get();
        let placed = placed.get();
        let mut findings: HashMap<&str, (usize, Severity)> = HashMap::new();
        for d in &report.diagnostics {
            if let Some(first) = d.models.first() {
                let e = findings.entry(first.as_str()).or_insert((0, d.severity));
                e.0 += 1;
                e.1 = e.1.max(d.severity);
            }
        }
        wb.design.with(|design| {
            layout::cards(design)
                .into_iter()
                .map(|(name, layer)| {
                    let at = placed
                        .get(&name)
                        .copied()
                        .unwrap_or(Position { x: 0.0, y: 0.0 });
                    let model = design.model(&name);
                    let found = findings.get(name.as_str()).copied();
                    let run = statuses.get(&name).map(|s| match s {
                        Status::Built { rows, .. } => ("built", format!("{rows} rows")),
                        Status::Failed { .. } => ("failed", "failed".to_owned()),
                        Status::Skipped { because } => {
                            ("skipped", format!("skipped: {because} failed"))
                        }
                        Status::Stale => ("stale", "not built".to_owned()),
                        Status::Unrenderable { .. } => ("failed", "does not render".to_owned()),
                    });
                    let tests_passed = tests.get(&name).map(|results| {
                        let passed = results.iter().filter(|r| r.passed()).count();
                        (passed, results.len())
                    });
                    CardView {
                        template: model.map(|m| m.template.name()),
                        description: model.map(|m| m.description.clone()).unwrap_or_default(),
                        x: at.x.round() as i64,
                        y: at.y.round() as i64,
                        columns: columns.0.of(&name).map(<[_]>::len),
                        worst: found.map(|f| f.1),
                        findings: found.map_or(0, |f| f.0),
                        tests: model.map_or(0, |m| m.tests.len()),
                        run,
                        tests_passed,
                        selected: selection.contains(&name),
                        name,
                        layer,
                    }
                })
                .collect::<Vec<_>>()
        })
    });

    // Edges follow the cards being moved.
    let edges = Memo::new(move |_| {
        let placed = placed.get();
        let moving = match drag.get() {
            Some(Drag::Move { by, .. }) => Some(by),
            _ => None,
        };
        let selection = wb.selection.get();
        let at = |name: &str| {
            let p = placed.get(name)?;
            let (dx, dy) = match moving {
                Some(by) if selection.iter().any(|s| s == name) => by,
                _ => (0.0, 0.0),
            };
            Some((p.x + dx, p.y + dy))
        };
        wb.design.with(|design| {
            let mut out = Vec::new();
            for model in &design.models {
                let Some(to) = at(&model.name) else { continue };
                for (upstream, _) in edit::inputs(model) {
                    let Some(from) = at(&upstream) else { continue };
                    out.push(EdgeView {
                        path: bezier(
                            (from.0 + CARD_WIDTH, from.1 + CARD_HEIGHT / 2.0),
                            (to.0, to.1 + CARD_HEIGHT / 2.0),
                        ),
                        from: upstream,
                        to: model.name.clone(),
                    });
                }
            }
            out
        })
    });

    // Only what is on screen (and a margin) is in the DOM, so a design of
    // thousands of cards pans and zooms as lightly as a small one. The
    // window is snapped to a grid so it changes only every few hundred
    // pixels of panning, not on every frame.
    let size = RwSignal::new((1200.0f64, 800.0f64));
    let measure = move || {
        if let Some(el) = viewport.get_untracked() {
            let r = el.get_bounding_client_rect();
            size.set((r.width(), r.height()));
        }
    };
    Effect::new(move |_| {
        if viewport.get().is_some() {
            measure();
        }
    });
    let on_resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || on_resize.remove());
    // Zoomed far out, names are barely legible and nothing else is: cards
    // become one element each.
    let far = Memo::new(move |_| view.get().zoom < FAR_ZOOM);
    let near_window = Memo::new(move |_| {
        // A grid of 300 screen pixels, in canvas units at this zoom
        // (rounded to a power of two so small zoom steps keep the grid):
        // panning brings in a strip of cards every few hundred pixels, small
        // enough to draw within a frame.
        let v = view.get();
        let (w, h) = size.get();
        let snap = (300.0 / v.zoom).log2().ceil().exp2();
        let left = (-v.x / v.zoom / snap).floor() * snap - snap;
        let top = (-v.y / v.zoom / snap).floor() * snap - snap;
        let right = ((w - v.x) / v.zoom / snap).ceil() * snap + snap;
        let bottom = ((h - v.y) / v.zoom / snap).ceil() * snap + snap;
        (left as i64, top as i64, right as i64, bottom as i64)
    });
    // Zoomed far out, every card is in the DOM: far cards are cheap, and
    // panning then only moves the world instead of swapping hundreds of
    // cards in a frame.
    let window = Memo::new(move |_| {
        if far.get() {
            (i64::MIN, i64::MIN, i64::MAX, i64::MAX)
        } else {
            near_window.get()
        }
    });
    let on_screen_cards = Memo::new(move |_| {
        let (l, t, r, b) = window.get();
        cards.with(|cards| {
            cards
                .iter()
                .filter(|c| {
                    c.selected
                        || (c.x + CARD_WIDTH as i64 >= l
                            && c.x <= r
                            && c.y + CARD_HEIGHT as i64 >= t
                            && c.y <= b)
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let on_screen_edges = Memo::new(move |_| {
        let (l, t, r, b) = window.get();
        let placed = placed.get();
        edges.with(|edges| {
            edges
                .iter()
                .filter(|e| {
                    let (Some(a), Some(z)) = (placed.get(&e.from), placed.get(&e.to)) else {
                        return true;
                    };
                    let (x0, x1) = (a.x.min(z.x) as i64, (a.x.max(z.x) + CARD_WIDTH) as i64);
                    let (y0, y1) = (a.y.min(z.y) as i64, (a.y.max(z.y) + CARD_HEIGHT) as i64);
                    x1 >= l && x0 <= r && y1 >= t && y0 <= b
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });

    let height = Memo::new(move |_| {
        let bottom = placed.with(|p| p.values().map(|p| p.y).fold(0.0f64, f64::max));
        (bottom + CARD_HEIGHT + 200.0).max(800.0)
    });

    // Screen point (client coordinates) → canvas point.
    let to_canvas = move |cx: f64, cy: f64| -> (f64, f64) {
        let v = view.get_untracked();
        let (left, top) = viewport
            .get_untracked()
            .map(|el| {
                let r = el.get_bounding_client_rect();
                (r.left(), r.top())
            })
            .unwrap_or((0.0, 0.0));
        ((cx - left - v.x) / v.zoom, (cy - top - v.y) / v.zoom)
    };

    let card_under = |ev: &ev::PointerEvent| -> Option<String> {
        let doc = document();
        let el = doc.element_from_point(ev.client_x() as f32, ev.client_y() as f32)?;
        let card = el.closest("[data-card]").ok()??;
        card.get_attribute("data-card")
    };

    let on_pointerdown = move |ev: ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(target) = target else { return };
        if target
            .closest("button, input, select, textarea, .lane-menu")
            .ok()
            .flatten()
            .is_some()
        {
            return;
        }
        let from = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if let Some(handle) = target.closest("[data-handle]").ok().flatten() {
            if let Some(name) = handle.get_attribute("data-handle") {
                ev.prevent_default();
                capture(&ev);
                drag.set(Some(Drag::Connect {
                    from: name,
                    to: to_canvas(from.0, from.1),
                    over: None,
                    problem: None,
                }));
            }
            return;
        }
        if let Some(card) = target.closest("[data-card]").ok().flatten() {
            let Some(name) = card.get_attribute("data-card") else {
                return;
            };
            ev.prevent_default();
            capture(&ev);
            let additive = ev.shift_key() || ev.ctrl_key() || ev.meta_key();
            wb.selection.update(|sel| {
                if additive {
                    if let Some(i) = sel.iter().position(|s| *s == name) {
                        sel.remove(i);
                    } else {
                        sel.push(name.clone());
                    }
                } else if !sel.contains(&name) {
                    *sel = vec![name.clone()];
                }
            });
            drag.set(Some(Drag::Move {
                from,
                by: (0.0, 0.0),
                moved: false,
            }));
            return;
        }
        // The background: Shift+drag selects with a rectangle; otherwise
        // pan, and a plain click clears the selection.
        capture(&ev);
        adding.set(None);
        if ev.shift_key() {
            let at = to_canvas(from.0, from.1);
            drag.set(Some(Drag::Select { from: at, to: at }));
            return;
        }
        drag.set(Some(Drag::Pan {
            from,
            start: view.get_untracked(),
        }));
    };

    let on_pointermove = move |ev: ev::PointerEvent| {
        let Some(current) = drag.get_untracked() else {
            return;
        };
        let now = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        match current {
            Drag::Pan { from, start } => view.set(View {
                x: start.x + now.0 - from.0,
                y: start.y + now.1 - from.1,
                zoom: start.zoom,
            }),
            Drag::Move { from, .. } => {
                let zoom = view.get_untracked().zoom;
                // Cards stay in their lane: a move is up or down.
                let by = (0.0, (now.1 - from.1) / zoom);
                let moved = by.1.abs() > 3.0 / zoom;
                drag.set(Some(Drag::Move { from, by, moved }));
            }
            Drag::Select { from, .. } => {
                drag.set(Some(Drag::Select {
                    from,
                    to: to_canvas(now.0, now.1),
                }));
            }
            Drag::Connect { from, .. } => {
                let over = card_under(&ev).filter(|c| *c != from);
                let problem = over.as_ref().and_then(|to| {
                    wb.design
                        .with_untracked(|d| edit::connection_problem(d, &from, to))
                });
                drag.set(Some(Drag::Connect {
                    from,
                    to: to_canvas(now.0, now.1),
                    over,
                    problem,
                }));
            }
        }
    };

    let on_pointerup = move |ev: ev::PointerEvent| {
        let Some(current) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        match current {
            Drag::Pan { from, .. } => {
                let moved = (f64::from(ev.client_x()) - from.0).abs()
                    + (f64::from(ev.client_y()) - from.1).abs();
                if moved < 3.0 {
                    wb.selection.set(Vec::new());
                }
            }
            Drag::Select { from, to } => {
                let (x0, x1) = (from.0.min(to.0), from.0.max(to.0));
                let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
                let placed = placed.get_untracked();
                let mut chosen: Vec<String> = placed
                    .iter()
                    .filter(|(_, p)| {
                        p.x + CARD_WIDTH >= x0 && p.x <= x1 && p.y + CARD_HEIGHT >= y0 && p.y <= y1
                    })
                    .map(|(name, _)| name.clone())
                    .collect();
                chosen.sort();
                wb.selection.update(|sel| {
                    for name in chosen {
                        if !sel.contains(&name) {
                            sel.push(name);
                        }
                    }
                });
            }
            Drag::Move { by, moved, .. } => {
                if !moved {
                    return;
                }
                let selection = wb.selection.get_untracked();
                let placed = placed.get_untracked();
                let moves: Vec<(String, Position)> = selection
                    .iter()
                    .filter_map(|name| {
                        let p = placed.get(name)?;
                        Some((
                            name.clone(),
                            Position {
                                x: p.x,
                                y: (p.y + by.1).max(LANE_TOP),
                            },
                        ))
                    })
                    .collect();
                let label = match moves.as_slice() {
                    [(one, _)] => format!("Move {one}"),
                    many => format!("Move {} cards", many.len()),
                };
                wb.edit(label, |d| {
                    edit::place(d, &moves);
                    Ok(())
                });
            }
            Drag::Connect { from, .. } => {
                let Some(to) = card_under(&ev).filter(|c| *c != from) else {
                    return;
                };
                let done = wb.edit(format!("Connect {from} → {to}"), |d| {
                    edit::connect(d, &from, &to).map_err(|e| e.to_string())
                });
                if let Some(param) = done {
                    wb.info(format!("{to} now reads {from} (parameter {param})"));
                    wb.select_only(Some(to));
                }
            }
        }
    };

    let on_wheel = move |ev: ev::WheelEvent| {
        let v = view.get_untracked();
        if ev.ctrl_key() || ev.meta_key() {
            ev.prevent_default();
            let factor = (-ev.delta_y() * 0.002).exp();
            let (cx, cy) = to_canvas(f64::from(ev.client_x()), f64::from(ev.client_y()));
            zoom_about(view, v.zoom * factor, cx, cy);
        } else {
            ev.prevent_default();
            view.set(View {
                x: v.x - ev.delta_x(),
                y: v.y - ev.delta_y(),
                zoom: v.zoom,
            });
        }
    };

    let world_style = move || {
        let v = view.get();
        format!("translate({:.1}px, {:.1}px) scale({:.3})", v.x, v.y, v.zoom)
    };

    let card_offset = move |selected: bool| {
        move || match drag.get() {
            Some(Drag::Move {
                by, moved: true, ..
            }) if selected => {
                format!("translate({:.1}px, {:.1}px)", by.0, by.1)
            }
            _ => String::new(),
        }
    };

    view! {
        <div
            class="canvas-viewport"
            node_ref=viewport
            class:panning=move || matches!(drag.get(), Some(Drag::Pan { .. }))
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=move |_| drag.set(None)
            on:wheel=on_wheel
        >
            <div class="canvas-world" class:far=move || far.get() style:transform=world_style>
                {Layer::ALL
                    .into_iter()
                    .map(|layer| view! { <LaneBackground layer height adding ghosts /> })
                    .collect_view()}
                <svg
                    class="edges"
                    width=move || format!("{:.0}", layout::lane_x(Layer::Mrt) + LANE_WIDTH + LANE_GAP)
                    height=move || format!("{:.0}", height.get())
                    aria-hidden="true"
                >
                    <For each=move || on_screen_edges.get() key=|e| e.clone() let:edge>
                        <path
                            class="edge"
                            class:edge-focus=move || {
                                wb.selection
                                    .with(|s| s.iter().any(|n| *n == edge.from || *n == edge.to))
                            }
                            d=edge.path.clone()
                        />
                    </For>
                    {move || match drag.get() {
                        Some(Drag::Connect { from, to, problem, .. }) => {
                            let start = placed
                                .with_untracked(|p| p.get(&from).copied())
                                .map(|p| (p.x + CARD_WIDTH, p.y + CARD_HEIGHT / 2.0))
                                .unwrap_or(to);
                            let class = if problem.is_some() { "edge-draft forbidden" } else { "edge-draft" };
                            view! { <path class=class d=bezier(start, to) /> }.into_any()
                        }
                        _ => ().into_any(),
                    }}
                </svg>
                {move || {
                    if far.get() {
                        view! {
                            <For each=move || on_screen_cards.get() key=|c| c.clone() let:card>
                                <FarCard card=card.clone() offset=card_offset(card.selected) />
                            </For>
                        }
                            .into_any()
                    } else {
                        view! {
                            <For each=move || on_screen_cards.get() key=|c| c.clone() let:card>
                                <Card card=card.clone() offset=card_offset(card.selected) />
                            </For>
                        }
                            .into_any()
                    }
                }}
                <GhostCards ghosts />
                {move || match drag.get() {
                    Some(Drag::Select { from, to }) => {
                        view! {
                            <div
                                class="select-rect"
                                style:left=format!("{:.0}px", from.0.min(to.0))
                                style:top=format!("{:.0}px", from.1.min(to.1))
                                style:width=format!("{:.0}px", (to.0 - from.0).abs())
                                style:height=format!("{:.0}px", (to.1 - from.1).abs())
                            ></div>
                        }
                            .into_any()
                    }
                    Some(Drag::Connect { to, problem: Some(problem), .. }) => {
                        view! {
                            <div
                                class="connect-problem"
                                role="alert"
                                style:left=format!("{:.0}px", to.0 + 14.0)
                                style:top=format!("{:.0}px", to.1 + 14.0)
                            >
                                {problem}
                            </div>
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }}
            </div>
        </div>
    }
}

/// Releases nothing: pointer capture keeps moves coming while the pointer
/// leaves the viewport during a drag.
fn capture(ev: &ev::PointerEvent) {
    if let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
}

/// Zooms to `zoom`, keeping canvas point `(cx, cy)` under the same screen
/// point.
pub fn zoom_about(view: RwSignal<View>, zoom: f64, cx: f64, cy: f64) {
    let v = view.get_untracked();
    let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
    view.set(View {
        x: v.x + cx * (v.zoom - zoom),
        y: v.y + cy * (v.zoom - zoom),
        zoom,
    });
}

/// A view that shows every card in a viewport of `width` × `height` pixels.
pub fn fit(wb: &Workbench, width: f64, height: f64) -> View {
    let placed = positions(wb);
    let right = layout::lane_x(Layer::Mrt) + LANE_WIDTH;
    let bottom = placed.values().map(|p| p.y).fold(0.0f64, f64::max) + CARD_HEIGHT + LANE_TOP;
    let zoom = ((width - 32.0) / right)
        .min((height - 80.0) / (bottom + 60.0))
        .clamp(MIN_ZOOM, 1.0);
    View {
        x: ((width - right * zoom) / 2.0).max(16.0),
        y: 16.0,
        zoom,
    }
}

#[component]
fn LaneBackground(
    layer: Layer,
    height: Memo<f64>,
    adding: RwSignal<Option<Layer>>,
    ghosts: Ghosts,
) -> impl IntoView {
    let wb = use_workbench();
    let code = layer.code().to_ascii_lowercase();
    let x = layout::lane_x(layer);
    let empty = Memo::new(move |_| {
        wb.design.with(|d| match layer {
            Layer::Raw => d.sources.iter().all(|s| s.tables.is_empty()),
            _ => d.models.iter().all(|m| m.layer != layer),
        })
    });
    let add = move |template: TemplateKind| {
        adding.set(None);
        let at = next_slot(&wb, layer);
        let name = wb.edit(format!("Add a {} model", template.name()), |d| {
            edit::add_model(d, layer, template, Some(at)).map_err(|e| e.to_string())
        });
        if let Some(name) = name {
            wb.info(format!("Added {name}: fill in its form on the right"));
            wb.select_only(Some(name));
        }
    };
    view! {
        <section
            class=format!("lane-bg layer-{code}")
            data-layer=layer.code()
            aria-label=format!("{} lane", layer.name())
            style:left=format!("{x:.0}px")
            style:width=format!("{LANE_WIDTH:.0}px")
            style:height=move || format!("{:.0}px", height.get())
        >
            <header class="lane-header">
                <span class="layer-code">{layer.code()}</span>
                <span class="lane-name">{layer.name()}</span>
                {
                    view! {
                            <button
                                class="lane-add"
                                title=format!("Add a model to {}", layer.code())
                                aria-label=format!("Add a model to {}", layer.code())
                                aria-expanded=move || (adding.get() == Some(layer)).to_string()
                                on:click=move |_| {
                                    adding.update(|a| *a = if *a == Some(layer) { None } else { Some(layer) })
                                }
                            >
                                "+"
                            </button>
                    }
                }
            </header>
            <Show when=move || adding.get() == Some(Layer::Raw) && layer == Layer::Raw>
                <RawTableForm adding />
            </Show>
            <Show when=move || adding.get() == Some(layer) && layer != Layer::Raw>
                <div class="lane-menu" role="menu" aria-label=format!("Templates for {}", layer.code())>
                    {TemplateKind::for_layer(layer)
                        .map(|template| {
                            view! {
                                <button role="menuitem" class="lane-menu-item" on:click=move |_| add(template)>
                                    <strong>{template.name()}</strong>
                                    <span>{template.summary()}</span>
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </Show>
            <Show when=move || empty.get() && adding.get() != Some(layer)>
                // Below the lane's ghost cards, when it has any.
                <div class="lane-empty" style:margin-top=move || {
                    ghosts.with(|g| {
                        g.iter()
                            .filter(|(p, _)| p.layer == layer)
                            .map(|(_, at)| at.y + CARD_HEIGHT + layout::CARD_GAP)
                            .fold(None, |m: Option<f64>, y| Some(m.map_or(y, |m| m.max(y))))
                            .map(|y| format!("{y:.0}px"))
                    })
                }>
                    <p>{layer.purpose()}</p>
                    <p class="lane-explain">{layer.explanation()}</p>
                    <p class="lane-patterns">
                        {layer.name_patterns().iter().map(|p| view! { <code>{*p}</code>" " }).collect_view()}
                    </p>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn Card(card: CardView, offset: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let code = card.layer.code().to_ascii_lowercase();
    let status = severity_class(card.worst);
    let status_text = match card.findings {
        0 => "no findings".to_owned(),
        1 => "1 finding".to_owned(),
        n => format!("{n} findings"),
    };
    let columns = card
        .columns
        .map_or_else(|| "columns unknown".to_owned(), |n| format!("{n} columns"));
    let title = if card.description.is_empty() {
        card.name.clone()
    } else {
        format!("{}\n{}", card.name, card.description)
    };
    let is_model = card.template.is_some();
    let wb = use_workbench();
    let name = card.name.clone();
    // Keyboard: Enter or Space selects (Shift adds), like a click.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            let name = name.clone();
            if ev.shift_key() {
                wb.selection.update(|s| {
                    if !s.contains(&name) {
                        s.push(name);
                    }
                });
            } else {
                wb.select_only(Some(name));
            }
        }
    };
    let run_class = card.run.as_ref().map_or("", |r| r.0);
    view! {
        <div
            class=format!("card layer-{code}")
            class:selected=card.selected
            data-card=card.name.clone()
            data-run=run_class
            tabindex="0"
            role="button"
            aria-pressed=card.selected.to_string()
            aria-label=format!("{} ({}), {}", card.name, card.layer.code(), status_text)
            title=title
            style:left=format!("{}px", card.x)
            style:top=format!("{}px", card.y)
            style:width=format!("{CARD_WIDTH:.0}px")
            style:height=format!("{CARD_HEIGHT:.0}px")
            style:transform=offset
            on:keydown=on_key
        >
            <div class="card-top">
                <span class="card-layer">{card.layer.code()}</span>
                <span class="card-name">{card.name.clone()}</span>
                <span class=format!("status-dot {status}") title=status_text.clone()></span>
            </div>
            <div class="card-meta">
                <span class="card-template">{card.template.unwrap_or("raw table")}</span>
                <span>{columns}</span>
                {match (&card.run, card.tests_passed) {
                    (Some((_, text)), _) if card.tests_passed.is_none() => {
                        view! { <span class="card-run">{text.clone()}</span> }.into_any()
                    }
                    (Some((_, text)), Some((passed, total))) => {
                        let all = passed == total;
                        view! {
                            <span class="card-run">{text.clone()}</span>
                            <span class="card-tests" class:tests-failing=!all>
                                {if all { format!("✓ {total} tests") } else { format!("✗ {}/{total} tests fail", total - passed) }}
                            </span>
                        }
                        .into_any()
                    }
                    _ => is_model
                        .then(|| view! { <span>{format!("{} tests", card.tests)}</span> })
                        .into_any(),
                }}
            </div>
            <span
                class="card-handle"
                data-handle=card.name.clone()
                title="Drag onto a model to make it read this one"
            ></span>
        </div>
    }
}

/// A card zoomed far out: its lane colour, its name and its status as one
/// element, so that hundreds can come on screen in a frame. Clicking selects
/// it as a full card would; zooming in brings the full card back.
#[component]
fn FarCard(card: CardView, offset: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let code = card.layer.code().to_ascii_lowercase();
    let status = severity_class(card.worst);
    let run_class = card.run.as_ref().map_or("", |r| r.0);
    view! {
        <div
            class=format!("card far-card layer-{code} {status}")
            class:selected=card.selected
            data-card=card.name.clone()
            data-run=run_class
            title=card.name.clone()
            style:left=format!("{}px", card.x)
            style:top=format!("{}px", card.y)
            style:width=format!("{CARD_WIDTH:.0}px")
            style:height=format!("{CARD_HEIGHT:.0}px")
            style:transform=offset
        >
            {card.name.clone()}
        </div>
    }
}

/// Adding a raw table: its system, its name and its columns, one per line.
#[component]
fn RawTableForm(adding: RwSignal<Option<Layer>>) -> impl IntoView {
    let wb = use_workbench();
    let system = RwSignal::new(String::new());
    let table = RwSignal::new(String::new());
    let columns = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let at = next_slot(&wb, Layer::Raw);
        let (s, t, c) = (
            system.get_untracked(),
            table.get_untracked(),
            columns.get_untracked(),
        );
        let mut copy = wb.design.get_untracked();
        match edit::add_raw_table(&mut copy, &s, &t, &c, Some(at)) {
            Err(e) => problem.set(Some(e.to_string())),
            Ok(_) => {
                let name = wb.edit(format!("Add raw table {s}.{t}"), |d| {
                    edit::add_raw_table(d, &s, &t, &c, Some(at)).map_err(|e| e.to_string())
                });
                problem.set(None);
                adding.set(None);
                if let Some(name) = name {
                    wb.info(format!("Added {name}: now standardize it with a SRC model"));
                    wb.select_only(Some(name));
                }
            }
        }
    };
    view! {
        <form class="lane-menu raw-form" aria-label="Add a raw table" on:submit=add>
            <label for="raw-system">"system"</label>
            <input id="raw-system" type="text" spellcheck="false" placeholder="pos"
                prop:value=move || system.get() on:input=move |ev| system.set(event_target_value(&ev)) />
            <label for="raw-table">"table"</label>
            <input id="raw-table" type="text" spellcheck="false" placeholder="orders"
                prop:value=move || table.get() on:input=move |ev| table.set(event_target_value(&ev)) />
            <label for="raw-columns">"columns, one per line: name type"</label>
            <textarea id="raw-columns" rows="5" spellcheck="false" placeholder="order_id integer\nordered_at timestamp\namount decimal(12,2)"
                prop:value=move || columns.get() on:input=move |ev| columns.set(event_target_value(&ev))></textarea>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            <button type="submit" class="tool">"Add raw table"</button>
            <button type="button" class="tool" title="A CSV file with a header row: its columns and types are detected"
                on:click=move |_| {
                    adding.set(None);
                    if let Some(picker) = expect_context::<crate::commands::Ctx>().import_picker.get_untracked() {
                        picker.click();
                    }
                }>
                "…or import a CSV file"
            </button>
        </form>
    }
}
