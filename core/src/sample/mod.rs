//! Sample data: deterministic, realistic rows for a design's raw tables.
//!
//! A design says, per raw table, how many rows and which deliberate quality
//! problems (duplicates, late arrivals), and per column which generator
//! fills it ([`TableSample`], [`ColumnSample`], [`Generator`], stored in the
//! design). From
//! that and a seed, this module streams each table as CSV, the same bytes on
//! every machine and in the browser:
//!
//! ```text
//! Design ─ plan (resolve `auto`, check, order) ─ Sampler ─ write_csv ─ CSV
//! ```
//!
//! - [`Sampler`]: checks a design's settings once, then streams tables.
//! - [`write_csv`]: one table, in one call.
//! - [`generate`]: every table, in memory, referenced tables first.
//!
//! `auto` chooses from the column's name and type: an `id`/`*_id` first
//! column counts up; another `*_id` column references the table whose key
//! it names; `email`, `first_name`, `city`, … look like what they name;
//! dates and `*_at` timestamps fall in the two years before 2026-01-01
//! (never "now", so output is reproducible); amounts are skewed positive
//! decimals; `status` is a weighted choice; other text is a word.

mod auto;
mod csv;
mod fake;
mod generate;
mod plan;
mod rng;
mod spec;
mod time;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;

pub use generate::{Sampler, generate, write_csv};

/// One CSV line (with its line break) in the generator's dialect: RFC 4180
/// quoting, `None` (NULL) as an empty field, an empty text as `""`. For
/// exporting query results the same way sample data is written.
pub fn csv_line<'a>(fields: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut line = Vec::new();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        if let Some(text) = field {
            csv::push_field(&mut line, text.as_bytes());
        }
    }
    line.push(b'\n');
    String::from_utf8_lossy(&line).into_owned()
}
pub use spec::{ColumnSample, Fake, Generator, TableSample};

/// Overrides of the design's sample settings for one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Rows for every table, instead of each table's own count (or the
    /// design's default).
    pub rows: Option<u64>,
    /// The seed, instead of the design's.
    pub seed: Option<u64>,
}

/// What was written for one table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableStats {
    /// Distinct rows generated.
    pub rows: u64,
    /// Extra exact copies of rows, written on top of `rows`.
    pub duplicates: u64,
    /// Rows whose load time is days late (counted only when the table has
    /// a load-time column).
    pub late: u64,
    /// Bytes written, header included.
    pub bytes: u64,
}

/// Every raw table of a design as CSV text, from [`generate`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SampleData {
    /// The tables, each after the tables it references.
    pub tables: Vec<TableData>,
}

/// One raw table as CSV text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableData {
    /// The source system (`pos`).
    pub system: String,
    /// The table's name within the system (`orders`).
    pub table: String,
    /// The CSV: a header row, then one line per row.
    pub csv: String,
    /// What was written.
    pub stats: TableStats,
}

/// Why sample data could not be generated. Nothing is generated when there
/// is one; the message names the table and column to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SampleError {
    /// The design has no raw table `table` (`system.table`) to generate.
    NoSuchTable {
        /// The table asked for, as `system.table`.
        table: String,
    },
    /// A `reference` generator names a raw table the design does not have.
    UnknownTable {
        /// The table of the referencing column, as `system.table`.
        table: String,
        /// The referencing column.
        column: String,
        /// The table it names.
        references: String,
    },
    /// A `reference` generator names a column its table does not have.
    UnknownColumn {
        /// The table of the referencing column, as `system.table`.
        table: String,
        /// The referencing column.
        column: String,
        /// The column it names, as `system.table.column`.
        references: String,
    },
    /// Columns whose values depend on each other in a circle, through
    /// references or `after`.
    Cycle {
        /// The columns as `system.table.column`, the first repeated last.
        path: Vec<String>,
    },
    /// A setting that cannot be generated: weights that do not match the
    /// values, `min` above `max`, a rate above 1, a type that does not fit.
    Invalid {
        /// The table, as `system.table`.
        table: String,
        /// The column, when the setting is a column's.
        column: Option<String>,
        /// What is wrong and what to do.
        message: String,
    },
    /// The output could not be written.
    Write {
        /// The error the writer gave.
        message: String,
    },
}

impl fmt::Display for SampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleError::NoSuchTable { table } => {
                write!(f, "the design has no raw table `{table}`")
            }
            SampleError::UnknownTable {
                table,
                column,
                references,
            } => write!(
                f,
                "`{table}.{column}` references the table `{references}`, which the design \
                 does not have; name an existing raw table as `system.table`"
            ),
            SampleError::UnknownColumn {
                table,
                column,
                references,
            } => write!(
                f,
                "`{table}.{column}` references the column `{references}`, which does not \
                 exist; name one of that table's columns"
            ),
            SampleError::Cycle { path } => write!(
                f,
                "sample values depend on each other in a circle: {}; make one of these \
                 columns a sequence or drop one reference or `after`",
                path.join(" → ")
            ),
            SampleError::Invalid {
                table,
                column: Some(column),
                message,
            } => write!(f, "`{table}.{column}`: {message}"),
            SampleError::Invalid {
                table,
                column: None,
                message,
            } => write!(f, "`{table}`: {message}"),
            SampleError::Write { message } => {
                write!(f, "could not write the sample data: {message}")
            }
        }
    }
}

impl std::error::Error for SampleError {}
