//! Template rendering: the café example with a fuzzed model of any
//! template added (its JSON as a design file holds it), or with a
//! `custom_sql` model holding fuzzed SQL and Jinja (first byte 0xff). Rendering, compiling and analysing either succeed or
//! explain; nothing panics.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use strata_core::design::Model;
use strata_core::{Design, Layer, TemplateKind, edit, examples};

fn cafe() -> &'static Design {
    static CAFE: OnceLock<Design> = OnceLock::new();
    CAFE.get_or_init(|| {
        examples::example("cafe")
            .and_then(|e| e.design().ok())
            .unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let mut design = cafe().clone();
    let text = String::from_utf8_lossy(rest);
    if *first == 0xff {
        let Ok(name) = edit::add_model(&mut design, Layer::Mrt, TemplateKind::CustomSql, None)
        else {
            return;
        };
        if edit::set_param(&mut design, &name, "sql", Some(json!(text))).is_err() {
            return;
        }
    } else {
        // A model of any template, as a design file holds it, beside the
        // café's (replacing the one of that name).
        let Ok(model) = serde_json::from_str::<Model>(&text) else {
            return;
        };
        design.models.retain(|m| m.name != model.name);
        design.models.push(model);
    }
    strata_fuzz::exercise(&design);
});
