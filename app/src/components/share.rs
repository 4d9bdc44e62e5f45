//! The Share dialog (the link to the design on screen, ready to copy) and
//! the banner a shared design shows while it is read-only.

use leptos::prelude::*;

use crate::commands::Ctx;
use crate::share::{self, Link};

/// The Share dialog: `None` is closed, `Some(None)` is making the link,
/// then the link or why it could not be made.
pub type ShareState = RwSignal<Option<Option<Result<Link, String>>>>;

/// Opens the dialog and makes the link.
pub fn open(cx: Ctx, state: ShareState) {
    state.set(Some(None));
    leptos::task::spawn_local(async move {
        let link = share::make(cx).await;
        state.set(Some(Some(link)));
    });
}

#[component]
pub fn ShareDialog(state: ShareState) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let close = move || {
        copied.set(None);
        state.set(None);
    };
    view! {
        {move || state.get().map(|link| view! {
            <div class="overlay" role="presentation" on:click=move |_| close()>
                <div class="dialog share" role="dialog" aria-modal="true" aria-label="Share this design" on:click=|ev| ev.stop_propagation()>
                    <h2>"Share this design"</h2>
                    {match link {
                        None => view! { <p class="field-doc" role="status">"Making the link…"</p> }.into_any(),
                        Some(Err(e)) => view! {
                            <p class="field-error" role="alert">{format!("The link could not be made: {e}")}</p>
                            <div class="dialog-actions">
                                <button type="button" class="tool" on:click=move |_| close()>"Close"</button>
                            </div>
                        }.into_any(),
                        Some(Ok(link)) => {
                            let url = link.url.clone();
                            let size = format!(
                                "{} characters. The whole design is in the link, after the #: it never reaches a server. Whoever opens it sees the design read-only and can fork it.",
                                link.url.len()
                            );
                            let omitted = (!link.omitted.is_empty()).then(|| format!(
                                "Too large for the link, so the recipient must supply: {}. The design in the link says so.",
                                link.omitted.join(", ")
                            ));
                            let qr = match link.qr {
                                Ok(qr) => {
                                    let side = (qr.width + 8).to_string();
                                    let view_box = format!("-4 -4 {side} {side}");
                                    view! {
                                        <svg class="share-qr" role="img" aria-label="QR code of the link" viewBox=view_box>
                                            <rect x="-4" y="-4" width=side.clone() height=side fill="#fff"></rect>
                                            <path d=qr.path fill="#000"></path>
                                        </svg>
                                    }.into_any()
                                }
                                Err(why) => view! { <p class="field-doc">{why}</p> }.into_any(),
                            };
                            view! {
                                <p class="field-doc">{size}</p>
                                {qr}
                                <input class="share-link" readonly aria-label="Share link" prop:value=url.clone()
                                    on:focus=|ev| {
                                        let input: web_sys::HtmlInputElement = event_target(&ev);
                                        input.select();
                                    } />
                                {omitted.map(|o| view! { <p class="field-doc warning">{o}</p> })}
                                {move || copied.get().map(|ok| view! {
                                    <p class="field-doc" role="status">
                                        {if ok { "Copied to the clipboard." } else { "The browser did not allow copying: select the link and press Ctrl+C." }}
                                    </p>
                                })}
                                <div class="dialog-actions">
                                    <button type="button" class="tool" on:click=move |_| close()>"Close"</button>
                                    <button type="button" class="tool primary" on:click=move |_| {
                                        let url = url.clone();
                                        leptos::task::spawn_local(async move {
                                            copied.set(Some(share::copy(&url).await));
                                        });
                                    }>"Copy link"</button>
                                </div>
                            }.into_any()
                        }
                    }}
                </div>
            </div>
        })}
    }
}

/// Shown instead of the editing tools while a shared design is on screen.
#[component]
pub fn SharedBanner() -> impl IntoView {
    let cx = expect_context::<Ctx>();
    view! {
        <Show when=move || cx.wb.read_only.get()>
            <div class="shared-banner" role="region" aria-label="Shared design">
                {move || match cx.wb.newer_format.get() {
                    None => view! {
                        <span class="shared-badge">"Shared · read-only"</span>
                        <button class="tool primary" on:click=move |_| share::fork(cx)>"Fork to my workspace"</button>
                        <button class="tool" title="Back to your own designs" on:click=move |_| share::close()>"Close"</button>
                    }.into_any(),
                    // A kept design from a newer Strata: it stays as it is;
                    // a copy in this version's format can be changed.
                    Some(format) => view! {
                        <span class="shared-badge" title="Written by a newer Strata; shown read-only so nothing of it is lost">{format!("Newer format {format} · read-only")}</span>
                        <button class="tool primary" on:click=move |_| share::fork(cx) title="An editable copy in this version's format; the newer design stays as it is">"Save a copy"</button>
                        <button class="tool" title="Leave it as it is and start a new design" on:click=move |_| {
                            cx.ws.start(cx.wb, strata_core::design::Design::default());
                            cx.wb.info("Started a new design; the newer one is kept as it was");
                        }>"New design"</button>
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}
