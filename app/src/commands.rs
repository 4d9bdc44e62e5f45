//! Every action the workbench offers by keyboard, in one list: the command
//! palette searches it, the help overlay prints it, and the key handler
//! dispatches through it, so a shortcut cannot exist without being listed.

use leptos::prelude::*;
use strata_core::design::Design;
use strata_core::{edit, examples, layout};

use crate::components::canvas::{View, fit, zoom_about};
use crate::state::{Mode, Workbench};
use crate::workspace::{self, Workspace};

/// What the commands act on.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub wb: Workbench,
    pub ws: Workspace,
    pub view: RwSignal<View>,
    pub palette: RwSignal<bool>,
    pub help: RwSignal<bool>,
    pub confirm_delete: RwSignal<Option<Vec<String>>>,
    pub theme: RwSignal<Theme>,
    pub presenting: RwSignal<bool>,
    pub import_picker: NodeRef<leptos::html::Input>,
    pub runner: crate::runner::Runner,
    /// A CSV file read and waiting to become a raw table.
    pub data_import: RwSignal<Option<crate::components::data_import::Pending>>,
    /// The Share dialog.
    pub share: crate::components::share::ShareState,
    /// The layer a workshop is looking at; the others are dimmed.
    pub focus_layer: RwSignal<Option<strata_core::Layer>>,
    /// A laser-pointer dot follows the pointer (workshop mode).
    pub laser: RwSignal<bool>,
    /// The guided tour's step, while it is on screen.
    pub tour: RwSignal<Option<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// A command: what it is called, its shortcut (as shown), and what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Undo,
    Redo,
    Delete,
    SelectAll,
    ClearSelection,
    Fit,
    ZoomIn,
    ZoomOut,
    Arrange,
    Lineage,
    Palette,
    Help,
    Theme,
    Present,
    NextLayer,
    PreviousLayer,
    Tour,
    DesignSpace,
    NewDesign,
    ExampleCafe,
    ExampleRetail,
    Import,
    Export,
    ExportDocs,
    Save,
    RunDesign,
}

impl Command {
    pub const ALL: [Command; 26] = [
        Command::Undo,
        Command::Redo,
        Command::Delete,
        Command::SelectAll,
        Command::ClearSelection,
        Command::Fit,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::Arrange,
        Command::Lineage,
        Command::Palette,
        Command::Help,
        Command::Theme,
        Command::Present,
        Command::NextLayer,
        Command::PreviousLayer,
        Command::Tour,
        Command::DesignSpace,
        Command::NewDesign,
        Command::ExampleCafe,
        Command::ExampleRetail,
        Command::Import,
        Command::Export,
        Command::ExportDocs,
        Command::Save,
        Command::RunDesign,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Delete => "Delete the selected cards",
            Command::SelectAll => "Select every card",
            Command::ClearSelection => "Clear the selection, close menus",
            Command::Fit => "Fit the design on screen",
            Command::ZoomIn => "Zoom in",
            Command::ZoomOut => "Zoom out",
            Command::Arrange => "Arrange all cards tidily",
            Command::Lineage => "Switch between design and lineage view",
            Command::Palette => "Open the command palette",
            Command::Help => "Show keyboard shortcuts",
            Command::Theme => "Switch light and dark theme",
            Command::Present => "Workshop mode: large type, layer by layer (for projectors)",
            Command::NextLayer => "Focus the next layer (all layers after MRT)",
            Command::PreviousLayer => "Focus the previous layer",
            Command::Tour => "Take the guided tour (the method, on the café)",
            Command::DesignSpace => "Show or hide the design space (proposed models)",
            Command::RunDesign => "Run the design on sample data (DuckDB in the browser)",
            Command::NewDesign => "New empty design",
            Command::ExampleCafe => "New design from the cafe example",
            Command::ExampleRetail => "New design from the retail example",
            Command::Import => "Import a design (JSON) or data (CSV) file",
            Command::Export => "Export the design as JSON",
            Command::ExportDocs => "Export the documentation (one HTML file)",
            Command::Save => "Save now (designs also save as you edit)",
        }
    }

    /// The shortcut as shown to the user.
    pub fn keys(self) -> &'static str {
        match self {
            Command::Undo => "Ctrl+Z",
            Command::Redo => "Ctrl+Shift+Z",
            Command::Delete => "Delete",
            Command::SelectAll => "Ctrl+A",
            Command::ClearSelection => "Escape",
            Command::Fit => "F",
            Command::ZoomIn => "+",
            Command::ZoomOut => "-",
            Command::Arrange => "Shift+A",
            Command::Lineage => "L",
            Command::Palette => "Ctrl+K",
            Command::Help => "?",
            Command::Theme => "Shift+T",
            Command::Present => "P",
            Command::NextLayer => "] or Page Down",
            Command::PreviousLayer => "[ or Page Up",
            Command::Tour => "",
            Command::DesignSpace => "G",
            Command::RunDesign => "Ctrl+Shift+Enter",
            Command::NewDesign => "",
            Command::ExampleCafe => "",
            Command::ExampleRetail => "",
            Command::Import => "Ctrl+O",
            Command::Export => "Ctrl+E",
            Command::ExportDocs => "",
            Command::Save => "Ctrl+S",
        }
    }

    /// The command a key press means, if any. Plain letters only count when
    /// no text field has focus (the caller checks).
    pub fn for_key(key: &str, ctrl: bool, shift: bool) -> Option<Command> {
        let key = key.to_ascii_lowercase();
        Some(match (ctrl, shift, key.as_str()) {
            (true, false, "z") => Command::Undo,
            (true, true, "z") | (true, false, "y") => Command::Redo,
            (true, _, "k") => Command::Palette,
            (true, false, "a") => Command::SelectAll,
            (true, false, "o") => Command::Import,
            (true, false, "e") => Command::Export,
            (true, false, "s") => Command::Save,
            (true, true, "enter") => Command::RunDesign,
            (false, _, "delete" | "backspace") => Command::Delete,
            (false, _, "escape") => Command::ClearSelection,
            (false, false, "f") => Command::Fit,
            (false, false, "g") => Command::DesignSpace,
            (false, _, "+" | "=") => Command::ZoomIn,
            (false, false, "-") => Command::ZoomOut,
            (false, true, "a") => Command::Arrange,
            (false, false, "l") => Command::Lineage,
            (false, _, "?") => Command::Help,
            (false, true, "t") => Command::Theme,
            (false, false, "p") => Command::Present,
            (false, _, "]" | "pagedown") => Command::NextLayer,
            (false, _, "[" | "pageup") => Command::PreviousLayer,
            _ => return None,
        })
    }

    pub fn run(self, cx: Ctx) {
        let wb = cx.wb;
        match self {
            Command::Undo => wb.undo(),
            Command::Redo => wb.redo(),
            Command::Delete => {
                let models: Vec<String> = wb.selection.get_untracked();
                if models.is_empty() {
                    wb.info("Select the models or raw tables to delete first");
                } else {
                    cx.confirm_delete.set(Some(models));
                }
            }
            Command::SelectAll => {
                let all = wb
                    .design
                    .with_untracked(|d| layout::cards(d).into_iter().map(|(n, _)| n).collect());
                wb.selection.set(all);
            }
            Command::ClearSelection => {
                cx.palette.set(false);
                cx.help.set(false);
                cx.confirm_delete.set(None);
                wb.selection.set(Vec::new());
            }
            Command::Fit => {
                let (w, h) = viewport_size();
                cx.view.set(fit(&wb, w, h));
            }
            Command::Tour => crate::components::tour::start(cx, cx.tour),
            Command::DesignSpace => {
                let shown = !wb.design_space.get_untracked();
                wb.design_space.set(shown);
                crate::storage::set_setting(
                    crate::state::DESIGN_SPACE_KEY,
                    (!shown).then_some("hidden"),
                );
                wb.info(if shown {
                    "Showing the design space: ghost cards propose what the data makes possible"
                } else {
                    "Design space hidden; G shows it again"
                });
            }
            Command::NextLayer | Command::PreviousLayer => {
                let next = crate::components::workshop::step(
                    cx.focus_layer.get_untracked(),
                    self == Command::NextLayer,
                );
                cx.focus_layer.set(next);
                crate::components::workshop::frame(cx, next);
            }
            Command::ZoomIn | Command::ZoomOut => {
                let (w, h) = viewport_size();
                let v = cx.view.get_untracked();
                let factor = if self == Command::ZoomIn { 1.25 } else { 0.8 };
                let (cx_, cy_) = ((w / 2.0 - v.x) / v.zoom, (h / 2.0 - v.y) / v.zoom);
                zoom_about(cx.view, v.zoom * factor, cx_, cy_);
            }
            Command::Arrange => {
                wb.edit("Arrange cards", |d| {
                    let at = layout::arrange(d);
                    let placed: Vec<_> = at.into_iter().collect();
                    edit::place(d, &placed);
                    Ok(())
                });
            }
            Command::Lineage => wb.mode.update(|m| {
                *m = match m {
                    Mode::Design => Mode::Lineage,
                    Mode::Lineage => Mode::Design,
                }
            }),
            Command::Palette => cx.palette.update(|p| *p = !*p),
            Command::Help => cx.help.update(|h| *h = !*h),
            Command::Theme => cx.theme.update(|t| {
                *t = match t {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                }
            }),
            Command::Present => {
                cx.presenting.update(|p| *p = !*p);
                if !cx.presenting.get_untracked() {
                    cx.laser.set(false);
                    if cx.focus_layer.get_untracked().is_some() {
                        cx.focus_layer.set(None);
                        Command::Fit.run(cx);
                    }
                }
            }
            Command::RunDesign => cx.runner.start(wb),
            Command::NewDesign => {
                let design = Design {
                    name: "my_warehouse".to_owned(),
                    ..Design::default()
                };
                cx.ws.start(wb, design);
                wb.info("A new, empty design: start with the sources in RAW");
            }
            Command::ExampleCafe | Command::ExampleRetail => {
                let name = if self == Command::ExampleCafe {
                    "cafe"
                } else {
                    "retail"
                };
                open_example(cx, name);
            }
            Command::Import => {
                if let Some(input) = cx.import_picker.get_untracked() {
                    input.click();
                }
            }
            Command::Export => {
                if let Err(e) = wb.design.with_untracked(workspace::export) {
                    wb.error(format!("Could not export: {e}"));
                }
            }
            Command::ExportDocs => {
                // The latest test results, when the design has been run.
                let results: Vec<_> = cx.runner.tests.with_untracked(|tests| {
                    tests
                        .values()
                        .flatten()
                        .filter_map(|r| Some((r.test.clone(), r.outcome.clone().ok()?)))
                        .collect()
                });
                let (name, html) = wb.design.with_untracked(|d| {
                    let tests = (!results.is_empty()).then_some(results.as_slice());
                    (d.name.clone(), strata_core::export::docs::html(d, tests))
                });
                match workspace::download(&format!("{name}_docs.html"), &html, "text/html") {
                    Ok(()) => wb.info(format!("Exported the documentation of {name}")),
                    Err(e) => wb.error(format!("Could not export the documentation: {e}")),
                }
            }
            Command::Save => {
                cx.ws.save_now(wb);
                wb.info("Saved in this browser");
            }
        }
    }
}

/// The canvas viewport's size in pixels.
pub fn viewport_size() -> (f64, f64) {
    document()
        .query_selector(".canvas-viewport")
        .ok()
        .flatten()
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (r.width(), r.height())
        })
        .unwrap_or((1200.0, 700.0))
}

/// Starts a new design from the example `name` (the gallery and the
/// example commands). The examples are not in the app's wasm: each is
/// downloaded when it is opened (`examples/NAME.json`).
pub fn open_example(cx: Ctx, name: &'static str) {
    let wb = cx.wb;
    if examples::example(name).is_none() {
        wb.error(format!("There is no {name} example"));
        return;
    }
    wb.info(format!("Opening the {name} example…"));
    leptos::task::spawn_local(async move {
        let text = match crate::ondemand::example(name).await {
            Ok(text) => text,
            Err(e) => {
                wb.error(format!("The {name} example could not be downloaded: {e}"));
                return;
            }
        };
        match strata_core::document::load(&text) {
            Ok(design) => {
                cx.ws.start(wb, design);
                wb.info(format!("Opened a copy of the {name} example"));
                Command::Fit.run(cx);
            }
            Err(e) => wb.error(format!("The {name} example does not load: {e}")),
        }
    });
}
