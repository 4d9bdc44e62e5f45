//! Importing a user's data file as a raw table. A CSV file is parsed and
//! each column typed from every value ([`read_csv`]); a Parquet file
//! (with the `parquet` feature, [`read_parquet`]) carries its types in its
//! schema. Either way the rows are rewritten in the generator's CSV dialect,
//! so the run loads them exactly like sample data.
//!
//! A file that cannot be read gets an [`ImportError`] naming the line or
//! byte where it broke; nothing is half imported.

mod csv;
#[cfg(feature = "parquet")]
mod parquet;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::design::SqlType;
use crate::fnv::Fnv;
use crate::render::snake_case;
use crate::sample::csv_line;
use crate::template::is_identifier;

pub use csv::read_csv;
#[cfg(feature = "parquet")]
pub use parquet::read_parquet;

/// The largest file imported (bytes), and the most normalized rows an
/// import may produce (a Parquet file unpacks to more than it weighs).
pub const MAX_BYTES: usize = 64 << 20;
/// The most columns a file may have.
pub const MAX_COLUMNS: usize = 1_000;
/// Example values kept per column for the preview.
const EXAMPLES: usize = 3;

/// A data file read and typed, ready to become a raw table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableImport {
    /// What the file was.
    pub format: FileFormat,
    pub columns: Vec<ImportedColumn>,
    pub rows: u64,
    /// The rows again, in the generator's dialect (comma, RFC 4180 quotes,
    /// NULL as an empty field).
    pub csv: String,
    /// A checksum of `csv`, naming the data wherever it is kept.
    pub checksum: String,
}

/// The kind of file an import came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FileFormat {
    /// Delimited text; the delimiter found: `,`, `;`, `\t` or `|`.
    Csv { delimiter: char },
    /// Apache Parquet, with the compression codecs its columns used.
    Parquet {
        row_groups: u64,
        codecs: Vec<String>,
    },
}

impl fmt::Display for FileFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileFormat::Csv { delimiter: '\t' } => f.write_str("CSV separated by tabs"),
            FileFormat::Csv { delimiter } => write!(f, "CSV separated by “{delimiter}”"),
            FileFormat::Parquet { row_groups, codecs } => {
                let groups = if *row_groups == 1 { "group" } else { "groups" };
                write!(f, "Parquet in {row_groups} row {groups}")?;
                if !codecs.is_empty() {
                    write!(f, ", {}", codecs.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedColumn {
    /// The name in the raw table: the file's, or, when that is not a
    /// usable identifier (`Order ID`), its snake_case (`order_id`).
    pub name: String,
    /// The name as the file wrote it.
    pub original: String,
    pub data_type: SqlType,
    pub nulls: u64,
    /// A few values, as written in the file.
    pub examples: Vec<String>,
}

/// Where a raw table's rows come from when they are the user's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportedData {
    /// The file's name as imported.
    pub file: String,
    pub rows: u64,
    /// The checksum of the normalized rows, the key they are kept under.
    pub checksum: String,
}

/// Why a file cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportError {
    /// 1-based line of the file, when the problem is at one.
    pub line: Option<u64>,
    /// 0-based byte offset in the file.
    pub byte: Option<u64>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.byte) {
            (Some(l), Some(b)) => write!(f, "line {l} (byte {b}): {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            (None, Some(b)) => write!(f, "byte {b}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

fn fail(line: Option<u64>, byte: Option<u64>, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        byte,
        message: message.into(),
    }
}

/// Refuses a file larger than [`MAX_BYTES`].
fn check_size(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(fail(
            None,
            None,
            format!(
                "the file is {} MB; files up to {} MB can be imported",
                bytes.len() >> 20,
                MAX_BYTES >> 20
            ),
        ));
    }
    Ok(())
}

/// A table being filled row by row: the readers hand it the file's column
/// names, then each row's values; it keeps the normalized CSV, the NULL
/// counts and a few examples per column.
struct Table {
    names: Vec<String>,
    originals: Vec<String>,
    nulls: Vec<u64>,
    examples: Vec<Vec<String>>,
    csv: String,
    rows: u64,
}

impl Table {
    /// A table with the file's column names; the message says what is wrong
    /// with them otherwise.
    fn new<'a>(header: impl IntoIterator<Item = &'a str>) -> Result<Table, String> {
        let mut originals: Vec<String> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for (i, name) in header.into_iter().enumerate() {
            if i == MAX_COLUMNS {
                return Err(format!(
                    "the file has more than {MAX_COLUMNS} columns; at most {MAX_COLUMNS} can be imported"
                ));
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("column {} has no name", i + 1));
            }
            if originals.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                return Err(format!("the column {name:?} is named twice"));
            }
            originals.push(name.to_owned());
            names.push(usable_name(name, i, &names));
        }
        let csv = csv_line(names.iter().map(|n| Some(n.as_str())));
        Ok(Table {
            nulls: vec![0; names.len()],
            examples: vec![Vec::new(); names.len()],
            names,
            originals,
            csv,
            rows: 0,
        })
    }

    fn width(&self) -> usize {
        self.names.len()
    }

    /// Adds one row (`None` is NULL); the caller passes exactly
    /// [`Table::width`] values.
    fn push(&mut self, row: &[Option<&str>]) {
        for (i, value) in row.iter().enumerate() {
            match value {
                None => self.nulls[i] += 1,
                Some(v) => {
                    let examples = &mut self.examples[i];
                    if examples.len() < EXAMPLES && !examples.iter().any(|e| e == v) {
                        examples.push((*v).to_owned());
                    }
                }
            }
        }
        self.csv.push_str(&csv_line(row.iter().copied()));
        self.rows += 1;
    }

    fn finish(self, format: FileFormat, types: Vec<SqlType>) -> TableImport {
        let columns = self
            .names
            .into_iter()
            .zip(self.originals)
            .zip(types)
            .zip(self.nulls)
            .zip(self.examples)
            .map(
                |((((name, original), data_type), nulls), examples)| ImportedColumn {
                    name,
                    original,
                    data_type,
                    nulls,
                    examples,
                },
            )
            .collect();
        let checksum = format!("{:016x}", Fnv::new().bytes(self.csv.as_bytes()).finish());
        TableImport {
            format,
            columns,
            rows: self.rows,
            csv: self.csv,
            checksum,
        }
    }
}

/// A column name the raw table can use: `name` if it is an identifier,
/// else its snake_case (`column_3` when nothing is left), made unique
/// against `taken`.
fn usable_name(name: &str, i: usize, taken: &[String]) -> String {
    let mut usable = if is_identifier(name) {
        name.to_owned()
    } else {
        match snake_case(name) {
            s if s.is_empty() => format!("column_{}", i + 1),
            s => s,
        }
    };
    while taken.iter().any(|n| n.eq_ignore_ascii_case(&usable)) {
        usable.push('_');
    }
    usable
}
