//! Parquet import fixtures (written by `data/import/make_parquet.py` with
//! DuckDB): `good_*.parquet` must import (columns, types and normalized
//! rows are snapshotted, and the rows read again as CSV to the same
//! types), `bad_*.parquet` must be refused with a message that says why
//! (snapshotted).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::fmt::Write;

mod support;

use strata_core::import;

#[test]
fn parquet_fixtures() {
    insta::glob!("data/import/*.parquet", |path| {
        let bytes = std::fs::read(path).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let mut out = String::new();
        match (stem.starts_with("good"), import::read_parquet(&bytes)) {
            (true, Ok(i)) => {
                out.push_str(&support::import_summary(&i));
                let csv: String = i.csv.lines().take(12).map(|l| format!("{l}\n")).collect();
                writeln!(out, "---\n{csv}").unwrap();
                // The normalized rows are the same CSV dialect a CSV import
                // produces: reading them back gives the same rows.
                let again = import::read_csv(i.csv.as_bytes()).unwrap();
                assert_eq!(again.csv, i.csv, "{stem}: normalized rows read back");
                assert_eq!(again.rows, i.rows);
            }
            (false, Err(e)) => writeln!(out, "{e}").unwrap(),
            (true, Err(e)) => panic!("{stem} should import: {e}"),
            (false, Ok(_)) => panic!("{stem} should be refused"),
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn a_cut_or_damaged_parquet_file_gets_an_error_not_a_panic() {
    let bytes = std::fs::read("tests/data/import/good_every_type.parquet").unwrap();
    let whole = import::read_parquet(&bytes).unwrap();
    for end in 0..bytes.len() {
        let cut = import::read_parquet(&bytes[..end]);
        assert!(cut.is_err(), "{end} bytes of {} were read", bytes.len());
    }
    // Flipping each byte in turn: the reader returns (an error, or rows
    // when the byte was in a value), and never unwinds out of it.
    let mut refused = 0;
    for at in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x5a;
        match std::panic::catch_unwind(|| import::read_parquet(&damaged)) {
            Ok(Err(e)) => {
                assert!(!e.message.is_empty());
                refused += 1;
            }
            Ok(Ok(read)) => assert_eq!(read.columns.len(), whole.columns.len()),
            Err(_) => panic!("a damaged byte at {at} escaped as a panic"),
        }
    }
    assert!(refused > 0);
}
