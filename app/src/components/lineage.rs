//! The lineage view, a mode of the canvas: tables in their layer's lane,
//! their columns listed on demand, and edges showing how each column is
//! derived. Choosing a column dims everything that neither feeds it nor
//! depends on it (within N hops when asked); Shift+click a second column
//! shows the paths between the two. The picture exports as SVG or PNG.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use strata_core::Layer;
use strata_core::diagram::{self, Diagram, EdgeStyle, HEADER_HEIGHT, ROW_HEIGHT, TABLE_WIDTH};
use strata_core::lineage::DesignLineage;
use strata_core::lineage::{Follow, LineageGraph, NodeId};

use crate::components::canvas::View;
use crate::state::use_workbench;
use crate::workspace;

/// What is in focus: a table, or one of its columns.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Focus {
    pub table: String,
    pub column: Option<String>,
}

impl Focus {
    fn key(&self) -> String {
        match &self.column {
            Some(c) => format!("{}.{c}", self.table),
            None => self.table.clone(),
        }
    }
}

/// The nodes (`table` and `table.column` labels) lit by the focus: the
/// focus, everything upstream and downstream of it within `hops` (all when
/// `None`), or, with a second node, everything on a path between the two.
/// The walks are the core's [`LineageGraph`] queries, the same the CLI's
/// `strata lineage` answers; a lit column lights its table.
fn lit(
    graph: &LineageGraph,
    focus: &Focus,
    other: Option<&Focus>,
    hops: Option<usize>,
    follow: Follow,
) -> HashSet<String> {
    let Ok(a) = graph.find(&focus.key()) else {
        return HashSet::new();
    };
    let nodes: Vec<NodeId> = match other.map(|b| graph.find(&b.key())) {
        Some(Ok(b)) => graph
            .path(a, b, follow)
            .nodes
            .iter()
            .map(|r| r.node)
            .collect(),
        Some(Err(_)) => vec![a],
        None => std::iter::once(a)
            .chain(graph.upstream(a, hops, follow).iter().map(|r| r.node))
            .chain(graph.downstream(a, hops, follow).iter().map(|r| r.node))
            .collect(),
    };
    nodes
        .iter()
        .flat_map(|&n| [n, graph.table_of(n)])
        .map(|n| graph.label(n))
        .collect()
}

#[component]
pub fn LineageView() -> impl IntoView {
    let wb = use_workbench();
    let view = RwSignal::new(View {
        x: 16.0,
        y: 8.0,
        zoom: 0.8,
    });
    let expanded: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let collapsed: RwSignal<Vec<Layer>> = RwSignal::new(Vec::new());
    let influences = RwSignal::new(false);
    let focus: RwSignal<Option<Focus>> = RwSignal::new(None);
    let second: RwSignal<Option<Focus>> = RwSignal::new(None);
    let hops: RwSignal<Option<usize>> = RwSignal::new(None);
    let layout_ms = RwSignal::new(0.0f64);

    let lineage = Memo::new(move |_| LineageRef(wb.lineage.get()));
    let raw = Memo::new(move |_| {
        wb.design.with(|d| {
            d.raw_tables()
                .map(|(s, t)| {
                    let columns = t.columns.iter().map(|c| c.name.clone()).collect();
                    (format!("{}.{}", s.system, t.name), columns)
                })
                .collect::<Vec<(String, Vec<String>)>>()
        })
    });
    // The selected card opens focused and expanded.
    if let Some(name) = wb.selected_one() {
        expanded.set(vec![name.clone()]);
        focus.set(Some(Focus {
            table: name,
            column: None,
        }));
    }
    let picture = Memo::new(move |_| {
        let options = diagram::Options {
            expanded: expanded.get(),
            collapsed: collapsed.get(),
            influences: influences.get(),
        };
        // Analysis (above) is timed apart: this is the layout alone.
        let lineage = lineage.get();
        let start = js_sys::Date::now();
        let d = Arc::new(raw.with(|r| diagram::layout(&lineage, r, &options)));
        layout_ms.set(js_sys::Date::now() - start);
        PictureRef(d)
    });
    // The graph is built when a focus first needs it, and again only when
    // the lineage changes.
    let graph = Memo::new(move |_| {
        focus.with(Option::is_some).then(|| {
            let l = wb.lineage.get();
            GraphRef(Arc::new(LineageGraph::build(&l.0.0, l.get())))
        })
    });
    let lit_set = Memo::new(move |_| {
        let f = focus.get()?;
        let follow = if influences.get() {
            Follow::ValuesAndInfluence
        } else {
            Follow::Values
        };
        graph.with(|g| {
            g.as_ref()
                .map(|g| Arc::new(lit(&g.0, &f, second.get().as_ref(), hops.get(), follow)))
        })
    });
    let is_lit = move |key: &str| lit_set.with(|s| s.as_ref().is_none_or(|s| s.contains(key)));

    let drag = RwSignal::new(None::<((f64, f64), View)>);
    let on_pointerdown = move |ev: ev::PointerEvent| {
        if ev.button() == 0 {
            drag.set(Some((
                (f64::from(ev.client_x()), f64::from(ev.client_y())),
                view.get_untracked(),
            )));
        }
    };
    let on_pointermove = move |ev: ev::PointerEvent| {
        if let Some((from, start)) = drag.get_untracked() {
            view.set(View {
                x: start.x + f64::from(ev.client_x()) - from.0,
                y: start.y + f64::from(ev.client_y()) - from.1,
                zoom: start.zoom,
            });
        }
    };
    let on_wheel = move |ev: ev::WheelEvent| {
        ev.prevent_default();
        let v = view.get_untracked();
        if ev.ctrl_key() || ev.meta_key() {
            let zoom = (v.zoom * (-ev.delta_y() * 0.002).exp()).clamp(0.05, 3.0);
            view.set(View { zoom, ..v });
        } else {
            view.set(View {
                x: v.x - ev.delta_x(),
                y: v.y - ev.delta_y(),
                zoom: v.zoom,
            });
        }
    };

    let export_svg = move |_| {
        let highlighted: Vec<String> = lit_set.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default()
        });
        let text = picture.with_untracked(|p| diagram::svg(&p.0, &highlighted));
        let name = format!(
            "{}-lineage.svg",
            wb.design.with_untracked(|d| d.name.clone())
        );
        if let Err(e) = workspace::download(&name, &text, "image/svg+xml") {
            wb.error(format!("Could not export: {e}"));
        }
    };
    let export_png = move |_| {
        let highlighted: Vec<String> = lit_set.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default()
        });
        let (text, w, h) =
            picture.with_untracked(|p| (diagram::svg(&p.0, &highlighted), p.0.width, p.0.height));
        let name = format!(
            "{}-lineage.png",
            wb.design.with_untracked(|d| d.name.clone())
        );
        crate::png::export(&text, w, h, &name, move |e| {
            wb.error(format!("Could not export PNG: {e}"))
        });
    };

    let toggle_expand = move |name: String| {
        expanded.update(|e| {
            if let Some(i) = e.iter().position(|n| *n == name) {
                e.remove(i);
            } else {
                e.push(name);
            }
        })
    };
    let choose = move |f: Focus, shift: bool| {
        if shift && focus.get_untracked().is_some() {
            second.set(Some(f));
        } else {
            second.set(None);
            focus.set(Some(f));
        }
    };

    view! {
        <div class="lineage-view">
            <div class="lineage-toolbar" role="toolbar" aria-label="Lineage">
                <span class="lineage-focus">
                    {move || match (focus.get(), second.get()) {
                        (Some(a), Some(b)) => format!("Paths between {} and {}", a.key(), b.key()),
                        (Some(a), None) => format!("Focus: {}", a.key()),
                        _ => "Click a table to list its columns; click a column to trace it".to_owned(),
                    }}
                </span>
                <label class="hops">
                    "hops "
                    <select aria-label="Hops" on:change=move |ev| hops.set(event_target_value(&ev).parse().ok())>
                        <option value="all">"all"</option>
                        {(1..=5).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                    </select>
                </label>
                <label class="choice">
                    <input type="checkbox" prop:checked=move || influences.get() on:change=move |ev| influences.set(event_target_checked(&ev)) />
                    "join keys and filters"
                </label>
                <button class="tool" on:click=move |_| { focus.set(None); second.set(None); }>"Clear focus"</button>
                <button class="tool" on:click=move |_| {
                    let all = lineage.with_untracked(|l| l.models.iter().map(|m| m.name.clone()).collect());
                    expanded.set(all);
                }>"Show all columns"</button>
                <button class="tool" on:click=move |_| expanded.set(Vec::new())>"Hide columns"</button>
                <button class="tool" on:click=export_svg>"Export SVG"</button>
                <button class="tool" on:click=export_png>"Export PNG"</button>
                <span class="layout-time" data-layout-ms=move || format!("{:.1}", layout_ms.get())>
                    {move || format!("laid out in {:.1} ms", layout_ms.get())}
                </span>
            </div>
            <div
                class="lineage-viewport"
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=move |_| drag.set(None)
                on:pointerleave=move |_| drag.set(None)
                on:wheel=on_wheel
            >
                <svg class="lineage-svg" role="img" aria-label="Lineage graph">
                    <g transform=move || { let v = view.get(); format!("translate({:.1} {:.1}) scale({:.3})", v.x, v.y, v.zoom) }>
                        {move || picture.with(|p| lanes_view(&p.0, collapsed))}
                        {move || picture.with(|p| edges_view(&p.0, is_lit))}
                        {move || picture.with(|p| tables_view(&p.0, is_lit, focus, toggle_expand, choose))}
                    </g>
                </svg>
            </div>
        </div>
    }
}

/// The design's lineage, from the workbench.
#[derive(Clone, PartialEq)]
struct LineageRef(crate::state::Lineage);

impl std::ops::Deref for LineageRef {
    type Target = DesignLineage;
    fn deref(&self) -> &DesignLineage {
        self.0.get()
    }
}

/// The lineage graph, shared without copying.
#[derive(Clone)]
struct GraphRef(Arc<LineageGraph>);

impl PartialEq for GraphRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The laid-out picture, shared without copying.
#[derive(Clone)]
struct PictureRef(Arc<Diagram>);

impl PartialEq for PictureRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

fn lanes_view(d: &Diagram, collapsed: RwSignal<Vec<Layer>>) -> AnyView {
    let height = d.height;
    d.lanes
        .iter()
        .map(|&(layer, x, w)| {
            let code = layer.code().to_ascii_lowercase();
            let is_collapsed = w < diagram::LANE_WIDTH;
            view! {
                <g class=format!("lineage-lane layer-{code}")>
                    <rect x=format!("{x:.1}") y="0" width=format!("{w:.1}") height=format!("{height:.1}") class="lane-fill" />
                    <text x=format!("{:.1}", x + 8.0) y="24" class="lane-label">{layer.code()}</text>
                    <text
                        x=format!("{:.1}", x + w - 10.0)
                        y="24"
                        class="lane-toggle"
                        role="button"
                        tabindex="0"
                        aria-label=format!("{} {}", if is_collapsed { "Expand" } else { "Collapse" }, layer.code())
                        on:click=move |_| collapsed.update(|c| {
                            if let Some(i) = c.iter().position(|l| *l == layer) { c.remove(i); } else { c.push(layer); }
                        })
                    >
                        {if is_collapsed { "▸" } else { "◂" }}
                    </text>
                </g>
            }
        })
        .collect_view()
        .into_any()
}

fn edges_view(
    d: &Diagram,
    is_lit: impl Fn(&str) -> bool + Copy + Send + Sync + 'static,
) -> AnyView {
    d.edges
        .iter()
        .map(|e| {
            let key = |(t, c): &(String, Option<String>)| match c {
                Some(c) => format!("{t}.{c}"),
                None => t.clone(),
            };
            let (from, to) = (key(&e.from), key(&e.to));
            let style = e.style;
            let title = match style {
                EdgeStyle::Table => format!("{} reads {}", e.to.0, e.from.0),
                EdgeStyle::Value(t) => format!("{to} ← {from} ({t})"),
                EdgeStyle::Influence => format!("{from} decides which rows reach {to}"),
            };
            view! {
                <path
                    class=format!("lineage-edge {}", style.class())
                    class:dim=move || !(is_lit(&from) && is_lit(&to))
                    d=e.path.clone()
                    data-from=key(&e.from)
                    data-to=key(&e.to)
                    data-kind=style.class()
                >
                    <title>{title}</title>
                </path>
            }
        })
        .collect_view()
        .into_any()
}

fn tables_view(
    d: &Diagram,
    is_lit: impl Fn(&str) -> bool + Copy + Send + Sync + 'static,
    focus: RwSignal<Option<Focus>>,
    toggle_expand: impl Fn(String) + Copy + Send + Sync + 'static,
    choose: impl Fn(Focus, bool) + Copy + Send + Sync + 'static,
) -> AnyView {
    let _ = focus;
    d.tables
        .iter()
        .map(|t| {
            let code = t.layer.code().to_ascii_lowercase();
            let name = t.name.clone();
            let (n1, n2) = (name.clone(), name.clone());
            let columns = t
                .columns
                .iter()
                .map(|(c, y)| {
                    let key = format!("{name}.{c}");
                    let (table, column) = (name.clone(), c.clone());
                    let k2 = key.clone();
                    view! {
                        <g
                            class="lineage-column"
                            class:dim=move || !is_lit(&k2)
                            data-column=key.clone()
                            role="button"
                            tabindex="0"
                            on:pointerdown=|ev| ev.stop_propagation()
                            on:click=move |ev: ev::MouseEvent| choose(Focus { table: table.clone(), column: Some(column.clone()) }, ev.shift_key())
                        >
                            <rect x=format!("{:.1}", t.x) y=format!("{:.1}", y - ROW_HEIGHT / 2.0) width=format!("{TABLE_WIDTH:.0}") height=format!("{ROW_HEIGHT:.0}") class="column-hit" />
                            <text x=format!("{:.1}", t.x + 14.0) y=format!("{:.1}", y + 4.0)>{c.clone()}</text>
                        </g>
                    }
                })
                .collect_view();
            let label = if t.failed {
                format!("{} (lineage failed)", t.name)
            } else {
                format!("{} · {} cols", t.name, t.column_count)
            };
            view! {
                <g class=format!("lineage-table layer-{code}") class:dim=move || !is_lit(&n1) data-table=t.name.clone()>
                    <rect x=format!("{:.1}", t.x) y=format!("{:.1}", t.y) width=format!("{TABLE_WIDTH:.0}") height=format!("{:.1}", t.height) rx="5" class="table-box" class:failed=t.failed />
                    <rect x=format!("{:.1}", t.x) y=format!("{:.1}", t.y) width="6" height=format!("{:.1}", t.height) rx="2" class="table-edge" />
                    <g
                        class="table-header"
                        role="button"
                        tabindex="0"
                        aria-label=format!("{}: list or hide its columns", t.name)
                        on:pointerdown=|ev| ev.stop_propagation()
                        on:click=move |ev: ev::MouseEvent| {
                            if ev.shift_key() {
                                choose(Focus { table: n2.clone(), column: None }, true);
                            } else {
                                toggle_expand(n2.clone());
                                choose(Focus { table: n2.clone(), column: None }, false);
                            }
                        }
                    >
                        <rect x=format!("{:.1}", t.x) y=format!("{:.1}", t.y) width=format!("{TABLE_WIDTH:.0}") height=format!("{HEADER_HEIGHT:.0}") class="column-hit" />
                        <text x=format!("{:.1}", t.x + 12.0) y=format!("{:.1}", t.y + 19.0) class="table-name">{label}</text>
                    </g>
                    {columns}
                </g>
            }
        })
        .collect_view()
        .into_any()
}
