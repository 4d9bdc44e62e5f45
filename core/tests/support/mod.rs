//! Helpers shared by the integration tests (a folder, so cargo does not
//! build it as a test of its own).

use std::fmt::Write;

use strata_core::import::TableImport;

/// An import's format, size, checksum and columns, one line each, as the
/// import snapshots show them.
pub fn import_summary(i: &TableImport) -> String {
    let mut out = format!("{}, {} rows, checksum {}\n", i.format, i.rows, i.checksum);
    for c in &i.columns {
        let _ = writeln!(
            out,
            "{} ({:?}) {} nulls {} e.g. {:?}",
            c.name, c.original, c.data_type, c.nulls, c.examples
        );
    }
    out
}
