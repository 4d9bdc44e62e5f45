//! Share links: any fragment decodes or is refused with a typed error,
//! within the caps; what decodes survives every analysis.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(shared) = strata_core::share::decode(&text) {
        strata_fuzz::exercise(&shared.design);
    }
});
