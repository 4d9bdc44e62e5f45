//! The workbench's state: the design being edited, its undo history, the
//! selection, and what core derives from the design (the rule report, the
//! columns of every model). Components read it from context and change the
//! design only through [`Workbench::edit`], so every change can be undone
//! and is saved.

use std::sync::Arc;

use leptos::prelude::*;
use strata_core::design::Design;
use strata_core::edit::History;
use strata_core::lineage::{self, DesignLineage};
use strata_core::render::{self, DesignColumns};
use strata_core::rules::{self, Report};

/// How many edits can be undone.
const UNDO_LIMIT: usize = 200;

/// Edits with the same label this close together (typing in one field) are
/// one undo step.
const COALESCE_MS: f64 = 1_000.0;

/// A message in the status line: what just happened, or what went wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// Which view the canvas shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Cards in lanes, edited directly.
    Design,
    /// The table and column lineage of the design.
    Lineage,
}

/// The columns of every model, shared without copying.
#[derive(Clone)]
pub struct Columns(pub Arc<DesignColumns>);

impl PartialEq for Columns {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The design's lineage with the design it was computed for, shared
/// without copying.
#[derive(Clone)]
pub struct Lineage(pub Arc<(Design, DesignLineage)>);

impl PartialEq for Lineage {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Lineage {
    pub fn get(&self) -> &DesignLineage {
        &self.0.1
    }

    /// The lineage of `design`, from the previous one where it can: when
    /// the same models are there in the same order and only one model or
    /// raw table changed, only it and what reads it are analysed again; when
    /// nothing that lineage reads changed (cards moved, a description), the
    /// previous lineage is kept.
    fn follow(previous: Option<&Lineage>, design: &Design) -> Lineage {
        let Some(previous) = previous else {
            return Lineage(Arc::new((design.clone(), lineage::analyze_design(design))));
        };
        let (before, old) = &*previous.0;
        let same_shape = before.models.len() == design.models.len()
            && before
                .models
                .iter()
                .zip(&design.models)
                .all(|(a, b)| a.name == b.name);
        if same_shape && before.sources == design.sources && before.objects == design.objects {
            let changed: Vec<&str> = before
                .models
                .iter()
                .zip(&design.models)
                .filter(|(a, b)| {
                    a.params != b.params || a.template != b.template || a.layer != b.layer
                })
                .map(|(_, b)| b.name.as_str())
                .collect();
            match changed.as_slice() {
                [] => return Lineage(Arc::new((design.clone(), old.clone()))),
                [one] => {
                    let mut next = old.clone();
                    next.update(design, one);
                    return Lineage(Arc::new((design.clone(), next)));
                }
                _ => {}
            }
        }
        Lineage(Arc::new((design.clone(), lineage::analyze_design(design))))
    }
}

/// Everything the components share. Cheap to copy: all fields are handles.
#[derive(Clone, Copy)]
pub struct Workbench {
    /// The design on screen.
    pub design: RwSignal<Design>,
    history: StoredValue<History<Design>>,
    /// The label and time of the last recorded edit, for coalescing.
    last_edit: StoredValue<Option<(String, f64)>>,
    /// The labels of the edits undo and redo would apply, for the buttons'
    /// titles; `None` when there is nothing to undo or redo.
    pub undo_label: RwSignal<Option<String>>,
    pub redo_label: RwSignal<Option<String>>,
    /// The selected cards (model names, raw tables as `system.table`).
    pub selection: RwSignal<Vec<String>>,
    /// The parameter the model panel should bring into view (set when a
    /// diagnostic is clicked).
    pub focus_param: RwSignal<Option<String>>,
    /// The column lineage of the design, updated after each edit: only the
    /// changed model and what depends on it are analysed again.
    pub lineage: Memo<Lineage>,
    /// The rule report of the design, recomputed after each edit.
    pub report: Memo<Report>,
    /// The columns every model produces, for forms and previews.
    pub columns: Memo<Columns>,
    pub notice: RwSignal<Option<Notice>>,
    /// Counts edits; the saver watches it.
    pub revision: RwSignal<u64>,
    /// Counts designs opened (restored, switched to, imported, new); the
    /// canvas fits its view to each.
    pub opened: RwSignal<u64>,
    pub mode: RwSignal<Mode>,
    /// The design on screen came from a share link: it is shown, run and
    /// explored, but not edited or saved until it is forked.
    pub read_only: RwSignal<bool>,
    /// The format of a design a newer Strata wrote, shown read-only so
    /// nothing of it is lost.
    pub newer_format: RwSignal<Option<u64>>,
    /// Whether the canvas shows the design space as ghost cards (a
    /// preference kept in the browser).
    pub design_space: RwSignal<bool>,
}

/// The setting that hides the design space's ghost cards.
pub const DESIGN_SPACE_KEY: &str = "strata.design-space";

impl Workbench {
    pub fn new(design: Design) -> Workbench {
        let design = RwSignal::new(design);
        let lineage = Memo::new(move |previous: Option<&Lineage>| {
            // Timed for `cargo xtask bench ui` (the core's analysis in wasm).
            crate::runner::mark("strata:lineage:start");
            let lineage = design.with(|d| Lineage::follow(previous, d));
            crate::runner::measure("strata:lineage", "strata:lineage:start");
            lineage
        });
        let report =
            Memo::new(move |_| lineage.with(|l| design.with(|d| rules::check_with(d, &l.0.1))));
        let columns = Memo::new(move |_| Columns(Arc::new(design.with(render::design_columns))));
        Workbench {
            design,
            history: StoredValue::new(History::new(UNDO_LIMIT)),
            last_edit: StoredValue::new(None),
            undo_label: RwSignal::new(None),
            redo_label: RwSignal::new(None),
            selection: RwSignal::new(Vec::new()),
            focus_param: RwSignal::new(None),
            lineage,
            report,
            columns,
            notice: RwSignal::new(None),
            revision: RwSignal::new(0),
            opened: RwSignal::new(0),
            mode: RwSignal::new(Mode::Design),
            read_only: RwSignal::new(false),
            newer_format: RwSignal::new(None),
            design_space: RwSignal::new(
                crate::storage::setting(DESIGN_SPACE_KEY).as_deref() != Some("hidden"),
            ),
        }
    }

    /// Applies an edit labelled `label` ("Add src_new__model"). The edit
    /// returns `Err(message)` to refuse: the design is left as it was and the
    /// message shown. An edit that changes nothing records no undo step.
    pub fn edit<T>(
        &self,
        label: impl Into<String>,
        change: impl FnOnce(&mut Design) -> Result<T, String>,
    ) -> Option<T> {
        if self.read_only.get_untracked() {
            self.error("This shared design is read-only: Fork to my workspace to change it");
            return None;
        }
        let before = self.design.get_untracked();
        let mut after = before.clone();
        match change(&mut after) {
            Ok(value) => {
                if after != before {
                    let label = label.into();
                    let now = js_sys::Date::now();
                    let same = self.last_edit.with_value(|last| {
                        last.as_ref()
                            .is_some_and(|(l, t)| *l == label && now - t < COALESCE_MS)
                    });
                    if !same {
                        self.history
                            .update_value(|h| h.record(label.clone(), before));
                    }
                    self.last_edit.set_value(Some((label, now)));
                    self.design.set(after);
                    self.changed();
                }
                Some(value)
            }
            Err(message) => {
                self.error(message);
                None
            }
        }
    }

    /// Replaces the whole design (opened, imported, new from an example),
    /// forgetting the undo history of the one before.
    pub fn open(&self, design: Design) {
        self.read_only.set(false);
        self.newer_format.set(None);
        self.history.update_value(History::clear);
        self.last_edit.set_value(None);
        self.selection.set(Vec::new());
        self.focus_param.set(None);
        self.design.set(design);
        self.changed();
        self.opened.update(|n| *n += 1);
    }

    /// Shows a design from a share link, read-only; it is never saved.
    pub fn open_shared(&self, design: Design) {
        self.open(design);
        self.read_only.set(true);
    }

    /// Shows a kept design that a newer Strata wrote (format `format`),
    /// read-only: it is never saved over.
    pub fn open_newer(&self, design: Design, format: u64) {
        self.open_shared(design);
        self.newer_format.set(Some(format));
    }

    pub fn undo(&self) {
        self.step(|h, d| h.undo(d), "Undid");
    }

    pub fn redo(&self) {
        self.step(|h, d| h.redo(d), "Redid");
    }

    fn step(
        &self,
        go: impl FnOnce(&mut History<Design>, &mut Design) -> Option<String>,
        verb: &str,
    ) {
        let mut design = self.design.get_untracked();
        let label = self
            .history
            .try_update_value(|h| go(h, &mut design))
            .flatten();
        if let Some(label) = label {
            self.last_edit.set_value(None);
            self.design.set(design);
            self.info(format!("{verb}: {label}"));
            self.changed();
        }
    }

    fn changed(&self) {
        self.history.with_value(|h| {
            self.undo_label.set(h.undo_label().map(str::to_owned));
            self.redo_label.set(h.redo_label().map(str::to_owned));
        });
        self.revision.update(|r| *r += 1);
        // Drop selected cards that no longer exist; leave the selection
        // untouched (and its readers asleep) when all still do.
        let kept: Vec<String> = self.design.with_untracked(|d| {
            self.selection.with_untracked(|sel| {
                sel.iter()
                    .filter(|name| strata_core::edit::card(d, name).is_some())
                    .cloned()
                    .collect()
            })
        });
        if self.selection.with_untracked(|sel| sel.len() != kept.len()) {
            self.selection.set(kept);
        }
    }

    pub fn info(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            text: text.into(),
            error: false,
        }));
    }

    pub fn error(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            text: text.into(),
            error: true,
        }));
    }

    /// Selects exactly one card (or none).
    pub fn select_only(&self, name: Option<String>) {
        self.selection.set(name.into_iter().collect());
    }

    /// The single selected model, if exactly one card is selected.
    pub fn selected_one(&self) -> Option<String> {
        self.selection.with(|s| match s.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        })
    }
}

/// The workbench from context.
pub fn use_workbench() -> Workbench {
    expect_context::<Workbench>()
}
