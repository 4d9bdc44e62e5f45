//! Opening and keeping designs: which design is open, autosave (debounced,
//! flushed when the page is hidden or left), import and export of design
//! JSON. A design that fails to load never replaces the one on screen, and
//! is never saved over.

use std::time::Duration;

use leptos::prelude::*;
use strata_core::design::Design;
use strata_core::document;
use wasm_bindgen::JsCast;

use crate::state::Workbench;
use crate::storage;

/// How long after the last edit the design is saved.
const SAVE_DELAY: Duration = Duration::from_millis(400);

/// The longest edits wait unsaved while they keep coming (typing): a tab
/// killed mid-edit loses at most about this much, plus the write itself.
const MAX_UNSAVED_MS: f64 = 700.0;

/// Where saving stands, shown in the top bar.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Saved,
    Pending,
    Saving,
    Failed(String),
}

/// The open design's id and the save state.
#[derive(Clone, Copy)]
pub struct Workspace {
    pub id: RwSignal<String>,
    pub state: RwSignal<SaveState>,
    /// The revision last written, so a flush writes only unsaved edits.
    saved_revision: StoredValue<u64>,
    /// Bumps with each scheduled save, so only the newest timer saves.
    generation: StoredValue<u64>,
    /// When the oldest unsaved edit was made (ms since the epoch).
    unsaved_since: StoredValue<Option<f64>>,
    pub entries: RwSignal<Vec<storage::Entry>>,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            id: RwSignal::new(storage::current_id().unwrap_or_else(storage::new_id)),
            state: RwSignal::new(SaveState::Saved),
            saved_revision: StoredValue::new(0),
            generation: StoredValue::new(0),
            unsaved_since: StoredValue::new(None),
            entries: RwSignal::new(Vec::new()),
        }
    }

    /// Reopens the design open last, if there is one. A stored design that
    /// no longer loads is left untouched, and a new design is started beside
    /// it.
    pub fn restore(self, wb: Workbench) {
        self.restore_after(wb, None);
    }

    /// Restores as [`Workspace::restore`] does, then shows `problem` (why
    /// something else could not be opened instead) rather than the usual
    /// greeting, so the reason stays on screen.
    pub fn restore_after(self, wb: Workbench, problem: Option<String>) {
        let id = self.id.get_untracked();
        leptos::task::spawn_local(async move {
            match storage::load(&id).await {
                Ok(Some(text)) => match document::load(&text) {
                    Ok(design) => {
                        wb.open(design);
                        self.saved_revision.set_value(wb.revision.get_untracked());
                        match &problem {
                            Some(p) => wb.error(p.clone()),
                            None => wb.info("Reopened your design where you left it"),
                        }
                    }
                    Err(_) if open_newer(wb, &text) => {}
                    Err(e) => {
                        let fresh = storage::new_id();
                        self.id.set(fresh.clone());
                        storage::set_current_id(&fresh);
                        wb.error(format!(
                            "Your last design could not be opened ({e}). It is kept as it was; \
                             this is a new design."
                        ));
                    }
                },
                Ok(None) => {
                    storage::set_current_id(&id);
                    if let Some(p) = problem {
                        wb.error(p);
                    }
                }
                Err(e) => wb.error(e.to_string()),
            }
            self.refresh();
        });
    }

    /// Re-reads the list of kept designs.
    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            if let Ok(entries) = storage::list().await {
                self.entries.set(entries);
            }
        });
    }

    /// Saves the design soon after edits stop.
    pub fn schedule(self, wb: Workbench) {
        if wb.read_only.get_untracked()
            || wb.revision.get_untracked() == self.saved_revision.get_value()
        {
            return;
        }
        self.state.set(SaveState::Pending);
        let now = js_sys::Date::now();
        let since = *self
            .unsaved_since
            .try_update_value(|s| *s.get_or_insert(now))
            .get_or_insert(now);
        if now - since >= MAX_UNSAVED_MS {
            self.save_now(wb);
            return;
        }
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        // After a pause, or when the oldest unsaved edit reaches its limit,
        // whichever comes first.
        let left = Duration::from_millis((MAX_UNSAVED_MS - (now - since)).max(0.0) as u64);
        set_timeout(
            move || {
                if self.generation.get_value() == generation {
                    self.save_now(wb);
                }
            },
            SAVE_DELAY.min(left),
        );
    }

    /// Writes the design now if it has unsaved edits.
    /// A shared design on screen is never written: it is not the user's
    /// until it is forked.
    pub fn save_now(self, wb: Workbench) {
        let revision = wb.revision.get_untracked();
        if wb.read_only.get_untracked() || revision == self.saved_revision.get_value() {
            return;
        }
        let id = self.id.get_untracked();
        let (name, text) = wb
            .design
            .with_untracked(|d| (d.name.clone(), document::save(d)));
        self.state.set(SaveState::Saving);
        self.saved_revision.set_value(revision);
        self.unsaved_since.set_value(None);
        leptos::task::spawn_local(async move {
            match storage::save(&id, &name, &text).await {
                Ok(()) => {
                    if wb.revision.get_untracked() == revision {
                        self.state.set(SaveState::Saved);
                    }
                    storage::set_current_id(&id);
                    self.refresh();
                }
                Err(e) => {
                    // Not saved: let the next edit or flush try again.
                    self.saved_revision.set_value(0);
                    self.state.set(SaveState::Failed(e.to_string()));
                    wb.error(e.to_string());
                }
            }
        });
    }

    /// Opens a kept design, after saving the one on screen.
    pub fn open(self, wb: Workbench, id: String) {
        self.save_now(wb);
        leptos::task::spawn_local(async move {
            match storage::load(&id).await {
                Ok(Some(text)) => match document::load(&text) {
                    Ok(design) => {
                        self.id.set(id.clone());
                        storage::set_current_id(&id);
                        wb.open(design);
                        self.saved_revision.set_value(wb.revision.get_untracked());
                        self.state.set(SaveState::Saved);
                    }
                    Err(_) if open_newer(wb, &text) => {
                        self.id.set(id.clone());
                        storage::set_current_id(&id);
                        self.state.set(SaveState::Saved);
                    }
                    Err(e) => wb.error(format!("That design could not be opened: {e}")),
                },
                Ok(None) => wb.error("That design is no longer kept in this browser"),
                Err(e) => wb.error(e.to_string()),
            }
        });
    }

    /// Starts a new design (empty, from an example, or imported) beside the
    /// others, after saving the one on screen.
    pub fn start(self, wb: Workbench, design: Design) {
        self.save_now(wb);
        let id = storage::new_id();
        self.id.set(id.clone());
        storage::set_current_id(&id);
        wb.open(design);
        self.save_now(wb);
    }

    /// Forgets a kept design; the one on screen cannot be deleted this way.
    pub fn delete(self, wb: Workbench, id: String) {
        if id == self.id.get_untracked() {
            wb.error("This design is open: open another one first");
            return;
        }
        leptos::task::spawn_local(async move {
            match storage::delete(&id).await {
                Ok(()) => self.refresh(),
                Err(e) => wb.error(e.to_string()),
            }
        });
    }

    /// Saves whenever the design changes, and flushes when the page is
    /// hidden or left (closing a tab may never fire a timer again).
    pub fn watch(self, wb: Workbench) {
        Effect::new(move |_| {
            wb.revision.track();
            self.schedule(wb);
        });
        let flush = move || self.save_now(wb);
        let on_hide = window_event_listener_untyped("pagehide", move |_| flush());
        let on_visibility =
            leptos::prelude::window_event_listener_untyped("visibilitychange", move |_| {
                if document().visibility_state() == web_sys::VisibilityState::Hidden {
                    flush();
                }
            });
        on_cleanup(move || {
            on_hide.remove();
            on_visibility.remove();
        });
    }
}

/// Shows a kept design a newer Strata wrote, read-only, when this version
/// can read it; says whether it could.
fn open_newer(wb: Workbench, text: &str) -> bool {
    let Ok((design, format)) = document::load_newer(text) else {
        return false;
    };
    wb.open_newer(design, format);
    wb.info(format!(
        "This design was written by a newer Strata (format {format}): it is shown read-only \
         so nothing of it is lost. Save a copy to change it in this version."
    ));
    true
}

/// A design from a JSON document the user picked or dropped, or the error to
/// show. Nothing is replaced when it fails.
pub fn import(text: &str) -> Result<Design, String> {
    document::load(text).map_err(|e| format!("That file is not a design Strata can open: {e}"))
}

/// Offers the design as a `.strata.json` download.
pub fn export(design: &Design) -> Result<(), String> {
    let text = document::save(design);
    let name = format!(
        "{}.strata.json",
        if design.name.is_empty() {
            "design"
        } else {
            &design.name
        }
    );
    download(&name, &text, "application/json")
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not offer the file".to_owned())?;
    let anchor = document()
        .create_element("a")
        .map_err(|_| "the browser could not offer the file".to_owned())?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a file the user chose or dropped, then hands its text to `done`.
pub fn read_file(file: web_sys::File, done: impl FnOnce(Result<String, String>) + 'static) {
    const MAX: f64 = 16.0 * 1024.0 * 1024.0;
    if file.size() > MAX {
        done(Err(format!(
            "{} is {:.1} MB: a design file is at most 16 MB",
            file.name(),
            file.size() / 1024.0 / 1024.0
        )));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        done(match text {
            Ok(t) => t
                .as_string()
                .ok_or_else(|| "the file is not text".to_owned()),
            Err(_) => Err(format!("{} could not be read", file.name())),
        });
    });
}

/// Reads a file's bytes (at most `max`) and hands them to `done`.
pub fn read_bytes(
    file: web_sys::File,
    max: usize,
    done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
) {
    if file.size() > max as f64 {
        done(Err(format!(
            "{} is {:.1} MB: data files up to {} MB can be imported",
            file.name(),
            file.size() / 1024.0 / 1024.0,
            max >> 20
        )));
        return;
    }
    leptos::task::spawn_local(async move {
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        done(match buffer {
            Ok(b) => Ok(js_sys::Uint8Array::new(&b).to_vec()),
            Err(_) => Err(format!("{} could not be read", file.name())),
        });
    });
}
