//! SQL analysis (column lineage) of any text in either dialect, against a
//! catalog of two relations: an analysis or a typed error, never a panic
//! or a stack overflow.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use strata_core::lineage::{self, Dialect};

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let dialect = if first % 2 == 0 {
        Dialect::Duckdb
    } else {
        Dialect::Snowflake
    };
    let catalog: BTreeMap<String, Vec<String>> = [
        (
            "pos.orders",
            &["order_id", "customer_id", "total", "ordered_at"][..],
        ),
        ("src_pos__orders", &["order_id", "customer_id", "total"][..]),
    ]
    .into_iter()
    .map(|(r, cols)| (r.to_owned(), cols.iter().map(|c| (*c).to_owned()).collect()))
    .collect();
    let sql = String::from_utf8_lossy(rest);
    let _ = lineage::analyze(&sql, dialect, &catalog);
});
