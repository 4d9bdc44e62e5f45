//! Parquet import: any bytes become a table or a typed error. The
//! `parquet` crate itself can panic on damaged pages; `read_parquet`
//! catches that natively (in the browser the reader runs in a worker of
//! its own), so this target keeps the default panic hook instead of
//! libFuzzer's aborting one: a panic that escapes `read_parquet`, a hang
//! or unbounded memory is still a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata_core::import;

fuzz_target!(
    init: {
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| {
        let _ = import::read_parquet(data);
    }
);
