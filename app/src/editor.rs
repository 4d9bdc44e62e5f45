//! The one binding to the SQL editor (CodeMirror 6, `app/js/sql_editor.js`,
//! bundled to `/editor/editor.js` and imported on first use). No `JsValue`
//! leaves this file.

use leptos::prelude::*;
use strata_core::render::syntax_problem;
use wasm_bindgen::prelude::*;

// Resolved against the page, not this snippet: dist/ may live under any path.
#[wasm_bindgen(
    inline_js = "export function loadEditor() { return import(new URL('editor/editor.js', document.baseURI).href); }"
)]
extern "C" {
    #[wasm_bindgen(catch, js_name = loadEditor)]
    async fn load_editor() -> Result<JsValue, JsValue>;

    type EditorModule;
    type EditorView;

    #[wasm_bindgen(method, js_name = createEditor)]
    fn create_editor(
        this: &EditorModule,
        parent: &web_sys::Element,
        text: &str,
        label: &str,
        on_change: &JsValue,
    ) -> EditorView;
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &EditorModule, view: &EditorView, text: &str);
    #[wasm_bindgen(method, js_name = setProblems)]
    fn set_problems(this: &EditorModule, view: &EditorView, json: &str);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorModule, view: &EditorView);
}

/// A mounted editor: the module and its view.
struct Mounted {
    module: EditorModule,
    view: EditorView,
}

/// A SQL editor bound to `value`: typing calls `on_change`, changes of
/// `value` from elsewhere (undo) show in the editor, and syntax problems are
/// marked where they are, with the message under the editor.
#[component]
pub fn SqlEditor(
    id: String,
    label: String,
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let host: NodeRef<leptos::html::Div> = NodeRef::new();
    let mounted: StoredValue<Option<Mounted>, LocalStorage> = StoredValue::new_local(None);
    let failed = RwSignal::new(None::<String>);
    let problem = Memo::new(move |_| value.with(|sql| syntax_problem(sql)));

    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if mounted.with_value(Option::is_some) {
            return;
        }
        let label = label.clone();
        leptos::task::spawn_local(async move {
            let loaded = load_editor().await;
            // The form may have gone while the module loaded (another card
            // selected): then its signals are disposed and nothing mounts.
            let Some(text) = value.try_get_untracked() else {
                return;
            };
            if mounted.try_with_value(|_| ()).is_none() {
                return;
            }
            match loaded {
                Ok(module) => {
                    let module: EditorModule = module.unchecked_into();
                    let callback = Closure::<dyn Fn(String)>::new(move |text: String| {
                        on_change.run(text);
                    })
                    .into_js_value();
                    let view = module.create_editor(&el, &text, &label, &callback);
                    mounted.set_value(Some(Mounted { module, view }));
                    show_problem(mounted, problem.try_get_untracked().flatten());
                }
                Err(_) => {
                    failed.try_set(Some(
                        "The SQL editor did not load; edit the SQL in the box below.".to_owned(),
                    ));
                }
            }
        });
    });
    // Text changed elsewhere (undo, redo) flows into the editor.
    Effect::new(move |_| {
        let text = value.get();
        mounted.with_value(|m| {
            if let Some(m) = m {
                m.module.set_text(&m.view, &text);
            }
        });
    });
    Effect::new(move |_| show_problem(mounted, problem.get()));
    on_cleanup(move || {
        mounted.update_value(|m| {
            if let Some(m) = m.take() {
                m.module.destroy(&m.view);
            }
        });
    });

    view! {
        <div class="sql-editor" id=id node_ref=host></div>
        {move || failed.get().map(|f| view! {
            <p class="field-error">{f}</p>
            <textarea
                class="sql-input"
                rows="10"
                prop:value=move || value.get()
                on:input=move |ev| on_change.run(event_target_value(&ev))
            ></textarea>
        })}
        {move || problem.get().map(|p| view! {
            <p class="field-error sql-problem" role="alert">
                {format!("line {}, column {}: {}", p.line, p.column, p.message)}
            </p>
        })}
    }
}

fn show_problem(
    mounted: StoredValue<Option<Mounted>, LocalStorage>,
    problem: Option<strata_core::render::SyntaxProblem>,
) {
    let json = serde_json::to_string(&problem.into_iter().collect::<Vec<_>>()).unwrap_or_default();
    mounted.with_value(|m| {
        if let Some(m) = m {
            m.module.set_problems(&m.view, &json);
        }
    });
}
