//! Design documents (files, stored designs): any text loads or is refused
//! with a typed error, and what loads survives every analysis.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(design) = strata_core::document::load(&text) {
        strata_fuzz::exercise(&design);
    }
});
