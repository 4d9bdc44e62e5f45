//! CSV import: any bytes become a table or a typed error; a table's
//! rewritten CSV reads back as the same table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata_core::import;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = import::read_csv(data) {
        let again = import::read_csv(table.csv.as_bytes());
        assert!(again.is_ok(), "the rewritten CSV does not read back");
    }
});
