//! Strata's workbench UI: a thin Leptos shell over `strata_core`.
//!
//! `state` holds the design and its undo history; `workspace` keeps designs
//! in the browser (`storage` is the IndexedDB binding); `commands` is the one
//! list of keyboard actions. `duckdb`, `editor` and `storage` are the only
//! modules that handle `JsValue`; components hold view state and call into `core`.

mod commands;
mod components;
mod duckdb;
mod editor;
mod ondemand;
mod png;
mod runner;
mod share;
mod state;
mod storage;
mod workspace;

use leptos::ev;
use leptos::prelude::*;
use strata_core::design::Design;
use wasm_bindgen::JsCast;

use commands::{Command, Ctx, Theme};
use components::canvas::{Canvas, View};
use components::console::Console;
use components::diagnostics::Diagnostics;
use components::inspector::Inspector;
use components::lineage::LineageView;
use components::tests::TestReport;
use state::{Mode, Workbench};
use workspace::{SaveState, Workspace};

/// The bottom panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bottom {
    Diagnostics,
    Tests,
    Method,
    Console,
}

/// One tab of the bottom panel.
#[component]
fn BottomTab(bottom: RwSignal<Bottom>, tab: Bottom, children: Children) -> impl IntoView {
    view! {
        <button
            role="tab"
            class="tab"
            data-tab=format!("{tab:?}").to_ascii_lowercase()
            aria-selected=move || (bottom.get() == tab).to_string()
            on:click=move |_| bottom.set(tab)
        >
            {children()}
        </button>
    }
}

/// The whole workbench: top bar, canvas between explorer and model panel,
/// and the bottom panel.
#[component]
pub fn App() -> impl IntoView {
    let wb = Workbench::new(Design {
        name: "my_warehouse".to_owned(),
        ..Design::default()
    });
    provide_context(wb);
    let ws = Workspace::new();
    provide_context(ws);
    let runner = runner::Runner::new();
    provide_context(runner);
    ws.watch(wb);

    let cx = Ctx {
        wb,
        ws,
        view: RwSignal::new(View {
            x: 16.0,
            y: 16.0,
            zoom: 1.0,
        }),
        palette: RwSignal::new(false),
        help: RwSignal::new(false),
        confirm_delete: RwSignal::new(None),
        data_import: RwSignal::new(None),
        share: RwSignal::new(None),
        focus_layer: RwSignal::new(None),
        laser: RwSignal::new(false),
        tour: RwSignal::new(None),
        runner,
        theme: RwSignal::new(initial_theme()),
        presenting: RwSignal::new(false),
        import_picker: NodeRef::new(),
    };
    provide_context(cx);
    // A share link opens read-only beside the user's designs, which stay
    // as they are; without one, the design open last comes back.
    match share::link_in_location() {
        Some(fragment) => share::open(cx, fragment),
        None => ws.restore(wb),
    }
    share::watch_location(cx);
    let bottom = RwSignal::new(Bottom::Diagnostics);
    let gates = components::phases::gates();

    // Every design opens fitted to the canvas, once the canvas has its size,
    // and with no tables built for it yet.
    Effect::new(move |_| {
        if cx.wb.opened.get() > 0 {
            runner.reset();
            request_animation_frame(move || Command::Fit.run(cx));
        }
    });

    // The theme and presentation zoom live on <html>, so every surface follows.
    Effect::new(move |_| {
        let root = document().document_element();
        if let Some(root) = root {
            let theme = match cx.theme.get() {
                Theme::Light => "light",
                Theme::Dark => "dark",
            };
            let _ = root.set_attribute("data-theme", theme);
            let _ = root.set_attribute("data-present", &cx.presenting.get().to_string());
            let _ = root.set_attribute("data-readonly", &cx.wb.read_only.get().to_string());
            let _ = root.set_attribute(
                "data-laser",
                &(cx.laser.get() && cx.presenting.get()).to_string(),
            );
            match cx.focus_layer.get() {
                Some(layer) => {
                    let _ = root.set_attribute("data-focus", layer.code());
                }
                None => {
                    let _ = root.remove_attribute("data-focus");
                }
            }
        }
    });

    let keys = window_event_listener(ev::keydown, move |ev: ev::KeyboardEvent| {
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    // The SQL editor lives in a shadow root: its events come from the host.
                    || el.closest(".sql-editor").ok().flatten().is_some()
            });
        let Some(command) = Command::for_key(&ev.key(), ctrl, ev.shift_key()) else {
            return;
        };
        // In a text field, keys belong to the field, except the palette and
        // Escape; undo there is the field's own until it loses focus.
        if typing
            && !matches!(
                command,
                Command::Palette | Command::ClearSelection | Command::Save
            )
        {
            return;
        }
        ev.prevent_default();
        command.run(cx);
    });
    on_cleanup(move || keys.remove());

    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            import_file(cx, file);
        }
    };

    view! {
        <div
            class="workbench"
            on:dragover=|ev: ev::DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            <TopBar />
            <main class="middle">
                <div class="canvas-area" aria-label="Layer canvas">
                    {move || match wb.mode.get() {
                        Mode::Design => view! { <Canvas view=cx.view /> }.into_any(),
                        Mode::Lineage => view! { <LineageView /> }.into_any(),
                    }}
                    <Show when=move || wb.mode.get() == Mode::Design>
                        <CanvasControls />
                        <components::workshop::WorkshopBar />
                    </Show>
                    <DeleteConfirm />
                </div>
                <Inspector />
            </main>
            <section class="bottom-panel" aria-label="Bottom panel">
                <div class="tabs" role="tablist">
                    <BottomTab bottom tab=Bottom::Diagnostics>
                        "Diagnostics "
                        <span class="count">{move || wb.report.with(|r| r.diagnostics.len())}</span>
                    </BottomTab>
                    <BottomTab bottom tab=Bottom::Tests>
                        "Tests "
                        <span class="count">
                            {move || runner.tests.with(|t| {
                                let all: Vec<_> = t.values().flatten().collect();
                                let failing = all.iter().filter(|r| !r.passed()).count();
                                if all.is_empty() { "–".to_owned() } else if failing == 0 { format!("{} ✓", all.len()) } else { format!("{failing} ✗") }
                            })}
                        </span>
                    </BottomTab>
                    <BottomTab bottom tab=Bottom::Method>
                        "Method "
                        <span class="count">{move || gates.with(|g| {
                            format!("{}/{}", g.iter().filter(|g| g.passed()).count(), g.len())
                        })}</span>
                    </BottomTab>
                    <BottomTab bottom tab=Bottom::Console>
                        "Query console"
                    </BottomTab>
                    <StatusLine />
                </div>
                <div class="bottom-body" role="tabpanel">
                    // The console stays mounted so DuckDB and the query survive tab switches.
                    <div class="bottom-page" class:hidden=move || bottom.get() != Bottom::Diagnostics>
                        <Diagnostics />
                    </div>
                    <div class="bottom-page" class:hidden=move || bottom.get() != Bottom::Tests>
                        <TestReport />
                    </div>
                    <div class="bottom-page" class:hidden=move || bottom.get() != Bottom::Method>
                        <components::phases::PhaseTracker gates />
                    </div>
                    <div class="bottom-page" class:hidden=move || bottom.get() != Bottom::Console>
                        <Console />
                    </div>
                </div>
            </section>
            <Palette />
            <Help />
            <components::data_import::DataImportDialog pending=cx.data_import />
            <components::share::ShareDialog state=cx.share />
            <components::workshop::Laser />
            <components::tour::Tour step=cx.tour />
            <input
                type="file"
                accept=".json,.csv,.tsv,.txt,.parquet,application/json,text/csv"
                class="hidden"
                node_ref=cx.import_picker
                aria-hidden="true"
                tabindex="-1"
                on:change=move |ev| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                        import_file(cx, file);
                    }
                    input.set_value("");
                }
            />
        </div>
    }
}

fn initial_theme() -> Theme {
    let dark = window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

/// Opens a design file as a new design beside the others, or a CSV or
/// Parquet file as a raw table after a preview; a file that does not load
/// changes nothing.
fn import_file(cx: Ctx, file: web_sys::File) {
    let name = file.name();
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".parquet") {
        workspace::read_bytes(file, strata_core::import::MAX_BYTES, move |bytes| {
            leptos::task::spawn_local(async move {
                let read = match bytes {
                    Ok(b) => components::data_import::read_parquet(&name, &b, cx.data_import).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = read {
                    cx.wb.error(e);
                }
            });
        });
        return;
    }
    if [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e)) {
        workspace::read_bytes(file, strata_core::import::MAX_BYTES, move |bytes| {
            let read =
                bytes.and_then(|b| components::data_import::read_csv(&name, &b, cx.data_import));
            if let Err(e) = read {
                cx.wb.error(e);
            }
        });
        return;
    }
    workspace::read_file(file, move |text| {
        match text.and_then(|t| workspace::import(&t)) {
            Ok(design) => {
                let name = design.name.clone();
                cx.ws.start(cx.wb, design);
                cx.wb.info(format!("Imported {name} as a new design"));
            }
            Err(e) => cx.wb.error(e),
        }
    });
}

/// Runs the design, showing how far the run has come.
#[component]
fn RunButton() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    let runner = runner::use_runner();
    view! {
        <div class="run-control">
            <button
                class="tool run-design"
                aria-label="Run the design"
                on:click=move |_| Command::RunDesign.run(cx)
                disabled=move || runner.progress.with(Option::is_some)
                title="Run the design on sample data (Ctrl+Shift+Enter)"
            >
                "Run ▶"
            </button>
            {move || runner.progress.get().map(|p| {
                let value = if p.total == 0 { 0.0 } else { p.done as f64 / p.total as f64 };
                view! {
                    <span class="run-progress" role="status">
                        <progress max="1" prop:value=value aria-label="Run progress"></progress>
                        <span class="run-doing">{p.doing}</span>
                    </span>
                    <button class="tool" on:click=move |_| runner.stop() title="Stop the run">"Stop"</button>
                }
            })}
        </div>
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    let (wb, ws) = (cx.wb, cx.ws);
    let menu = RwSignal::new(false);
    let save_text = move || match ws.state.get() {
        _ if wb.newer_format.get().is_some() => "Kept as it was written".to_owned(),
        _ if wb.read_only.get() => "Not kept: fork it to keep it".to_owned(),
        SaveState::Saved => "Saved".to_owned(),
        SaveState::Pending | SaveState::Saving => "Saving…".to_owned(),
        SaveState::Failed(_) => "Not saved".to_owned(),
    };
    let save_failed = move || matches!(ws.state.get(), SaveState::Failed(_));
    view! {
        <header class="topbar">
            <span class="brand">"Strata"</span>
            <div class="design-menu">
                <input
                    class="design-name"
                    aria-label="Design name"
                    spellcheck="false"
                    prop:value=move || wb.design.with(|d| d.name.clone())
                    on:change=move |ev| {
                        let name = event_target_value(&ev);
                        wb.edit("Rename the design", move |d| {
                            d.name = name;
                            Ok(())
                        });
                    }
                />
                <button
                    class="icon-button"
                    aria-label="Designs"
                    aria-expanded=move || menu.get().to_string()
                    on:click=move |_| {
                        ws.refresh();
                        menu.update(|m| *m = !*m)
                    }
                >
                    "▾"
                </button>
                <Show when=move || menu.get()>
                    <div class="menu" role="menu" aria-label="Designs">
                        <p class="menu-heading">"Designs in this browser"</p>
                        {move || {
                            ws.entries
                                .get()
                                .into_iter()
                                .map(|e| {
                                    let open_id = e.id.clone();
                                    let delete_id = e.id.clone();
                                    let current = e.id == ws.id.get();
                                    view! {
                                        <div class="menu-row" class:current=current>
                                            <button role="menuitem" class="menu-item" on:click=move |_| {
                                                menu.set(false);
                                                ws.open(wb, open_id.clone());
                                            }>
                                                {if e.name.is_empty() { "(unnamed)".to_owned() } else { e.name.clone() }}
                                            </button>
                                            {(!current).then(|| view! {
                                                <button
                                                    class="icon-button"
                                                    aria-label=format!("Delete {}", e.name)
                                                    on:click=move |_| ws.delete(wb, delete_id.clone())
                                                >
                                                    "🗑"
                                                </button>
                                            })}
                                        </div>
                                    }
                                })
                                .collect_view()
                        }}
                        <hr />
                        <p class="menu-heading">"Example gallery"</p>
                        {strata_core::examples::ALL
                            .iter()
                            .map(|e| {
                                let name = e.name;
                                view! {
                                    <button role="menuitem" class="menu-item gallery-item" title=e.summary on:click=move |_| {
                                        menu.set(false);
                                        commands::open_example(cx, name);
                                    }>
                                        {e.title}
                                        <span class="gallery-summary">{e.summary}</span>
                                    </button>
                                }
                            })
                            .collect_view()}
                        <hr />
                        {[Command::Tour, Command::NewDesign, Command::Import, Command::Export, Command::ExportDocs]
                            .into_iter()
                            .map(|c| view! {
                                <button role="menuitem" class="menu-item" on:click=move |_| {
                                    menu.set(false);
                                    c.run(cx);
                                }>
                                    {c.title()}
                                </button>
                            })
                            .collect_view()}
                    </div>
                </Show>
            </div>
            <span class="save-state" class:failed=save_failed role="status" title=move || match ws.state.get() {
                SaveState::Failed(e) => e,
                _ => "Designs are kept in this browser as you edit".to_owned(),
            }>
                {save_text}
            </span>
            <div class="topbar-actions">
                <button
                    class="tool"
                    aria-label="Undo"
                    title=move || wb.undo_label.get().map_or("Nothing to undo".to_owned(), |l| format!("Undo {l} (Ctrl+Z)"))
                    disabled=move || wb.undo_label.get().is_none()
                    on:click=move |_| wb.undo()
                >
                    "↶ Undo"
                </button>
                <button
                    class="tool"
                    aria-label="Redo"
                    title=move || wb.redo_label.get().map_or("Nothing to redo".to_owned(), |l| format!("Redo {l} (Ctrl+Shift+Z)"))
                    disabled=move || wb.redo_label.get().is_none()
                    on:click=move |_| wb.redo()
                >
                    "↷ Redo"
                </button>
                <div class="mode-switch" role="group" aria-label="View">
                    <button
                        class="tool"
                        aria-pressed=move || (wb.mode.get() == Mode::Design).to_string()
                        on:click=move |_| wb.mode.set(Mode::Design)
                    >
                        "Design"
                    </button>
                    <button
                        class="tool"
                        aria-pressed=move || (wb.mode.get() == Mode::Lineage).to_string()
                        on:click=move |_| wb.mode.set(Mode::Lineage)
                    >
                        "Lineage"
                    </button>
                </div>
                <RunButton />
                <components::share::SharedBanner />
                <Show when=move || !wb.read_only.get()>
                    <button class="tool" title="Share the design as a link" on:click=move |_| components::share::open(cx, cx.share)>
                        "Share"
                    </button>
                </Show>
                <button class="tool" on:click=move |_| Command::Theme.run(cx) aria-label="Switch theme">
                    {move || match cx.theme.get() {
                        Theme::Light => "☾ Dark",
                        Theme::Dark => "☀ Light",
                    }}
                </button>
                <button class="tool" aria-pressed=move || cx.presenting.get().to_string() on:click=move |_| Command::Present.run(cx)>
                    "Present"
                </button>
                <button class="tool" on:click=move |_| Command::Palette.run(cx) title="Command palette (Ctrl+K)">
                    "⌘K"
                </button>
                <button class="tool" on:click=move |_| Command::Help.run(cx) aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
                    "?"
                </button>
            </div>
        </header>
    }
}

#[component]
fn CanvasControls() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    view! {
        <div class="canvas-controls" role="toolbar" aria-label="Canvas">
            <button class="tool" aria-label="Zoom out" title="Zoom out (-)" on:click=move |_| Command::ZoomOut.run(cx)>"−"</button>
            <span class="zoom-level">{move || format!("{:.0}%", cx.view.get().zoom * 100.0)}</span>
            <button class="tool" aria-label="Zoom in" title="Zoom in (+)" on:click=move |_| Command::ZoomIn.run(cx)>"+"</button>
            <button class="tool" title="Fit (F)" on:click=move |_| Command::Fit.run(cx)>"Fit"</button>
            <button class="tool" title="Arrange (Shift+A)" on:click=move |_| Command::Arrange.run(cx)>"Arrange"</button>
        </div>
    }
}

/// Deleting asks first, in place, and says what else changes.
#[component]
fn DeleteConfirm() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    let wb = cx.wb;
    let confirm = move |_| {
        let Some(names) = cx.confirm_delete.get_untracked() else {
            return;
        };
        cx.confirm_delete.set(None);
        let label = match names.as_slice() {
            [one] => format!("Delete {one}"),
            many => format!("Delete {} models", many.len()),
        };
        let done = wb.edit(label, |d| {
            strata_core::edit::delete(d, &names).map_err(|e| e.to_string())
        });
        if let Some(deleted) = done {
            let cleared = deleted.cleared.len();
            wb.info(format!(
                "Deleted {}{} (Ctrl+Z brings it back)",
                deleted.models.join(", "),
                if cleared > 0 {
                    format!("; cleared {cleared} inputs that read it")
                } else {
                    String::new()
                }
            ));
        }
    };
    view! {
        {move || cx.confirm_delete.get().map(|names| {
            let readers = wb.design.with_untracked(|d| {
                let mut copy = d.clone();
                strata_core::edit::delete(&mut copy, &names).map(|r| r.cleared.len()).unwrap_or(0)
            });
            view! {
                <div class="confirm-bar" role="alertdialog" aria-label="Confirm delete">
                    <span>
                        {format!("Delete {}?", names.join(", "))}
                        {(readers > 0).then(|| format!(" {readers} inputs of other models read it and will be cleared."))}
                    </span>
                    <button class="tool danger" on:click=confirm>"Delete"</button>
                    <button class="tool" on:click=move |_| cx.confirm_delete.set(None)>"Keep"</button>
                </div>
            }
        })}
    }
}

#[component]
fn StatusLine() -> impl IntoView {
    let wb = expect_context::<Workbench>();
    view! {
        <p class="status-line" role="status" aria-live="polite">
            {move || wb.notice.get().map(|n| view! {
                <span class:error=n.error>{n.text}</span>
            })}
        </p>
    }
}

#[component]
fn Palette() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let matches = Memo::new(move |_| {
        let q = query.get().to_lowercase();
        Command::ALL
            .into_iter()
            .filter(|c| c != &Command::Palette)
            .filter(|c| {
                q.split_whitespace()
                    .all(|w| c.title().to_lowercase().contains(w))
            })
            .collect::<Vec<_>>()
    });
    Effect::new(move |_| {
        if cx.palette.get() {
            query.set(String::new());
            active.set(0);
        }
    });
    // Focus the input as soon as it is mounted, so keys typed right after
    // Ctrl+K land in it.
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let run = move |c: Command| {
        cx.palette.set(false);
        c.run(cx);
    };
    view! {
        <Show when=move || cx.palette.get()>
            <div class="overlay" on:click=move |_| cx.palette.set(false)>
                <div class="palette" role="dialog" aria-label="Command palette" on:click=|ev| ev.stop_propagation()>
                    <input
                        node_ref=input
                        class="palette-input"
                        aria-label="Command"
                        placeholder="Type a command…"
                        prop:value=move || query.get()
                        on:input=move |ev| {
                            query.set(event_target_value(&ev));
                            active.set(0);
                        }
                        on:keydown=move |ev: ev::KeyboardEvent| match ev.key().as_str() {
                            "ArrowDown" => {
                                ev.prevent_default();
                                active.update(|a| *a = (*a + 1).min(matches.with(Vec::len).saturating_sub(1)));
                            }
                            "ArrowUp" => {
                                ev.prevent_default();
                                active.update(|a| *a = a.saturating_sub(1));
                            }
                            "Enter" => {
                                ev.prevent_default();
                                if let Some(c) = matches.with(|m| m.get(active.get_untracked()).copied()) {
                                    run(c);
                                }
                            }
                            _ => {}
                        }
                    />
                    <ul class="palette-list" role="listbox">
                        {move || matches
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| view! {
                                <li
                                    role="option"
                                    class="palette-item"
                                    aria-selected=move || (active.get() == i).to_string()
                                    on:click=move |_| run(c)
                                >
                                    <span>{c.title()}</span>
                                    <kbd>{c.keys()}</kbd>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </div>
            </div>
        </Show>
    }
}

#[component]
fn Help() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    view! {
        <Show when=move || cx.help.get()>
            <div class="overlay" on:click=move |_| cx.help.set(false)>
                <div class="help" role="dialog" aria-label="Keyboard shortcuts" on:click=|ev| ev.stop_propagation()>
                    <h2>"Keyboard shortcuts"</h2>
                    <table>
                        <tbody>
                            {Command::ALL
                                .into_iter()
                                .filter(|c| !c.keys().is_empty())
                                .map(|c| view! { <tr><td><kbd>{c.keys()}</kbd></td><td>{c.title()}</td></tr> })
                                .collect_view()}
                        </tbody>
                    </table>
                    <h3>"On the canvas"</h3>
                    <ul>
                        <li>"Drag the background to pan; Ctrl + wheel zooms."</li>
                        <li>"Click a card to select it; Shift+click adds to the selection; drag to move."</li>
                        <li>"Shift+drag on the background selects the cards in a rectangle."</li>
                        <li>"Drag from a card's right handle onto another card to make it read the first."</li>
                        <li>"+ in a lane header adds a model from the templates that lane allows."</li>
                    </ul>
                    <div class="dialog-actions">
                        <button class="tool" on:click=move |_| {
                            cx.help.set(false);
                            Command::Tour.run(cx);
                        }>"Take the guided tour"</button>
                        <button class="tool" on:click=move |_| cx.help.set(false)>"Close"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
