//! Share links in the browser: the link in the address bar opens a design
//! read-only; the Share dialog makes one; Fork keeps a copy. The codec is
//! `core::share`, run as a module of its own through `crate::ondemand` (it
//! is larger than the rest of the app); this is where the link meets
//! `location`, `history`, the clipboard and the kept data.
//!
//! A link never touches the user's own designs: the shared design is shown
//! with `Workbench::read_only` set, which refuses edits and skips saving,
//! and a link that does not open leaves the workspace restored as usual.

use std::collections::BTreeMap;

use leptos::prelude::*;
use strata_core::document;

use crate::commands::Ctx;
use crate::{ondemand, storage};

/// The share link in the address bar, if the page was opened with one.
pub fn link_in_location() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let fragment = hash.strip_prefix('#')?;
    (!fragment.is_empty()).then(|| fragment.to_owned())
}

/// The address of this workbench without a fragment: where links point.
fn base() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Opens the design in `fragment` read-only, keeping the rows it carries;
/// a link that does not open is explained and the workspace restored.
pub fn open(cx: Ctx, fragment: String) {
    cx.wb.info("Opening the shared design…");
    leptos::task::spawn_local(async move {
        let decoded = ondemand::decode_link(&fragment).await.and_then(|d| {
            let design = document::load(&d.document).map_err(|e| e.to_string())?;
            Ok((design, d.data))
        });
        match decoded {
            Ok((design, data)) => {
                let name = design.name.clone();
                cx.wb.open_shared(design);
                cx.presenting.set(true);
                cx.wb.info(format!(
                    "Opened the shared design {name}, read-only: Fork to my workspace to change it"
                ));
                cx.ws.refresh();
                // Kept by checksum: a run of the shared design finds them,
                // and they overwrite nothing of the user's.
                for (checksum, rows) in data {
                    if let Err(e) = storage::save_data(&checksum, &rows).await {
                        cx.wb
                            .error(format!("The link's imported rows could not be kept: {e}"));
                    }
                }
            }
            Err(e) => cx.ws.restore_after(
                cx.wb,
                Some(format!(
                    "The shared link does not open: {e}. Your own designs are untouched."
                )),
            ),
        }
    });
}

/// Keeps the shared design on screen as a new design of the user's.
pub fn fork(cx: Ctx) {
    let design = cx.wb.design.get_untracked();
    let name = design.name.clone();
    forget_link();
    cx.presenting.set(false);
    cx.ws.start(cx.wb, design);
    cx.wb.info(format!(
        "Forked {name} into your workspace: it is yours to change"
    ));
}

/// Leaves the shared design for the user's own: the page starts again
/// without the link, so the workspace is restored exactly as on any start.
pub fn close() {
    let _ = window().location().replace(&base());
}

/// Drops the fragment from the address bar without reloading.
fn forget_link() {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&base()));
    }
}

/// A link pasted into the address bar of an open workbench changes only the
/// fragment; start again so it opens like any link.
pub fn watch_location(cx: Ctx) {
    let handle = window_event_listener_untyped("hashchange", move |_| {
        if link_in_location().is_some() {
            cx.ws.save_now(cx.wb);
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || handle.remove());
}

/// A link made for the design on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub url: String,
    /// Imported files whose rows did not fit; the design says so.
    pub omitted: Vec<String>,
    /// The link's QR code, or why there is none.
    pub qr: Result<strata_core::share::Qr, String>,
}

/// The link to the design on screen, with the imported rows that fit.
pub async fn make(cx: Ctx) -> Result<Link, String> {
    let design = cx.wb.design.get_untracked();
    let mut data = BTreeMap::new();
    for source in &design.sources {
        for table in &source.tables {
            if let Some(imported) = &table.sample.imported
                && let Ok(Some(rows)) = storage::load_data(&imported.checksum).await
            {
                data.insert(imported.checksum.clone(), rows);
            }
        }
    }
    let base = base();
    let encoded = ondemand::encode_link(&document::save(&design), &data, &base).await?;
    Ok(Link {
        url: format!("{base}#{}", encoded.fragment),
        omitted: encoded.omitted,
        qr: encoded
            .qr
            .ok_or_else(|| encoded.qr_error.unwrap_or_default()),
    })
}

/// Puts `text` on the clipboard; false when the browser refuses.
pub async fn copy(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
