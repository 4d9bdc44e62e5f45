//! Importing a user's CSV file as a raw table: parse it (delimiter sniffed
//! from the header: comma, semicolon, tab or bar), detect each column's
//! type from every value, and rewrite the rows in the generator's CSV
//! dialect so the run loads them exactly like sample data.
//!
//! A file that cannot be read gets an [`ImportError`] naming the line and
//! byte where it broke; nothing is half imported.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::design::SqlType;
use crate::fnv::Fnv;
use crate::render::snake_case;
use crate::sample::csv_line;
use crate::template::is_identifier;

/// The largest file imported (bytes).
pub const MAX_BYTES: usize = 64 << 20;
/// The most columns a file may have.
pub const MAX_COLUMNS: usize = 1_000;
/// Example values kept per column for the preview.
const EXAMPLES: usize = 3;

/// A CSV file read and typed, ready to become a raw table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CsvImport {
    /// The delimiter found: `,`, `;`, `\t` or `|`.
    pub delimiter: char,
    pub columns: Vec<ImportedColumn>,
    pub rows: u64,
    /// The rows again, in the generator's dialect (comma, RFC 4180 quotes,
    /// NULL as an empty field).
    pub csv: String,
    /// A checksum of `csv`, naming the data wherever it is kept.
    pub checksum: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportedColumn {
    /// The name in the raw table: the header's, or, when that is not a
    /// usable identifier (`Order ID`), its snake_case (`order_id`).
    pub name: String,
    /// The name as the file's header wrote it.
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

/// One field: its text, and whether it was quoted (a quoted empty field is
/// an empty text; an unquoted one is NULL).
type Field = (String, bool);

/// Read `bytes` as a CSV file with a header row.
pub fn read_csv(bytes: &[u8]) -> Result<CsvImport, ImportError> {
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
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            return Err(fail(
                Some(line),
                Some(at as u64),
                "this is not UTF-8 text: save the file as UTF-8 CSV (or is it a spreadsheet or Parquet file?)",
            ));
        }
    };
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &text[bom..];
    if text.trim().is_empty() {
        return Err(fail(None, None, "the file is empty"));
    }
    let delimiter = sniff(text);
    let mut records = Records::new(text, delimiter, bom);
    let header = match records.next() {
        Some(Ok((fields, _, _))) => fields,
        Some(Err(e)) => return Err(e),
        None => return Err(fail(None, None, "the file is empty")),
    };
    if header.len() > MAX_COLUMNS {
        return Err(fail(
            Some(1),
            Some(bom as u64),
            format!(
                "the header has {} columns; at most {MAX_COLUMNS} can be imported",
                header.len()
            ),
        ));
    }
    let mut originals: Vec<String> = Vec::with_capacity(header.len());
    let mut names: Vec<String> = Vec::with_capacity(header.len());
    for (i, (name, _)) in header.iter().enumerate() {
        let name = name.trim();
        if name.is_empty() {
            return Err(fail(
                Some(1),
                Some(bom as u64),
                format!("column {} of the header has no name", i + 1),
            ));
        }
        if originals.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            return Err(fail(
                Some(1),
                Some(bom as u64),
                format!("the header names the column {name:?} twice"),
            ));
        }
        originals.push(name.to_owned());
        names.push(usable_name(name, i, &names));
    }
    let mut kinds = vec![Kind::Unknown; names.len()];
    let mut nulls = vec![0u64; names.len()];
    let mut examples: Vec<Vec<String>> = vec![Vec::new(); names.len()];
    let mut csv = csv_line(names.iter().map(|n| Some(n.as_str())));
    let mut rows = 0u64;
    for record in records {
        let (fields, line, byte) = record?;
        if fields.len() == 1 && fields[0].0.is_empty() && !fields[0].1 {
            continue; // a blank line
        }
        if fields.len() != names.len() {
            return Err(fail(
                Some(line),
                Some(byte),
                format!(
                    "this row has {} fields, the header has {}",
                    fields.len(),
                    names.len()
                ),
            ));
        }
        for (i, (value, quoted)) in fields.iter().enumerate() {
            if value.is_empty() && !quoted {
                nulls[i] += 1;
                continue;
            }
            kinds[i] = kinds[i].widen(value);
            if examples[i].len() < EXAMPLES && !examples[i].contains(value) {
                examples[i].push(value.clone());
            }
        }
        csv.push_str(&csv_line(
            fields
                .iter()
                .map(|(v, quoted)| (!v.is_empty() || *quoted).then_some(v.as_str())),
        ));
        rows += 1;
    }
    let columns = names
        .into_iter()
        .zip(originals)
        .zip(kinds)
        .zip(nulls)
        .zip(examples)
        .map(
            |((((name, original), kind), nulls), examples)| ImportedColumn {
                name,
                original,
                data_type: kind.sql_type(),
                nulls,
                examples,
            },
        )
        .collect();
    let checksum = format!("{:016x}", Fnv::new().bytes(csv.as_bytes()).finish());
    Ok(CsvImport {
        delimiter: char::from(delimiter),
        columns,
        rows,
        csv,
        checksum,
    })
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

/// The delimiter that splits the header into the most fields.
fn sniff(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut best = (b',', 0);
    for d in [b',', b';', b'\t', b'|'] {
        let mut quoted = false;
        let count = header
            .bytes()
            .filter(|&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                b == d && !quoted
            })
            .count();
        if count > best.1 {
            best = (d, count);
        }
    }
    best.0
}

/// The records of a CSV text, each with its 1-based line and byte offset.
struct Records<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
    delimiter: u8,
    offset: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str, delimiter: u8, offset: usize) -> Records<'a> {
        Records {
            text: text.as_bytes(),
            at: 0,
            line: 1,
            delimiter,
            offset,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(Vec<Field>, u64, u64), ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.text.len() {
            return None;
        }
        let (start_line, start_byte) = (self.line, (self.at + self.offset) as u64);
        let mut fields: Vec<Field> = Vec::new();
        let mut field: Vec<u8> = Vec::new();
        let mut quoted = false;
        loop {
            let Some(&b) = self.text.get(self.at) else {
                fields.push((String::from_utf8_lossy(&field).into_owned(), quoted));
                return Some(Ok((fields, start_line, start_byte)));
            };
            if b == b'"' && field.is_empty() && !quoted {
                // A quoted field: up to the closing quote.
                quoted = true;
                let (open_line, open_byte) = (self.line, self.at + self.offset);
                self.at += 1;
                loop {
                    match self.text.get(self.at) {
                        None => {
                            return Some(Err(fail(
                                Some(open_line),
                                Some(open_byte as u64),
                                "a quoted field is never closed: a \" is missing",
                            )));
                        }
                        Some(b'"') if self.text.get(self.at + 1) == Some(&b'"') => {
                            field.push(b'"');
                            self.at += 2;
                        }
                        Some(b'"') => {
                            self.at += 1;
                            break;
                        }
                        Some(&c) => {
                            if c == b'\n' {
                                self.line += 1;
                            }
                            field.push(c);
                            self.at += 1;
                        }
                    }
                }
                continue;
            }
            self.at += 1;
            if b == self.delimiter {
                fields.push((String::from_utf8_lossy(&field).into_owned(), quoted));
                field.clear();
                quoted = false;
            } else if b == b'\n' {
                self.line += 1;
                if field.last() == Some(&b'\r') {
                    field.pop();
                }
                fields.push((String::from_utf8_lossy(&field).into_owned(), quoted));
                return Some(Ok((fields, start_line, start_byte)));
            } else if quoted {
                if b != b'\r' {
                    return Some(Err(fail(
                        Some(self.line),
                        Some((self.at - 1 + self.offset) as u64),
                        "text after a closing quote: a field is either quoted entirely or not at all",
                    )));
                }
            } else {
                field.push(b);
            }
        }
    }
}

/// The narrowest type seen so far for a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Unknown,
    Boolean,
    Integer,
    Bigint,
    Double,
    Date,
    Timestamp,
    Text,
}

impl Kind {
    fn of(value: &str) -> Kind {
        let v = value.trim();
        if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
            Kind::Boolean
        } else if v.parse::<i32>().is_ok() {
            Kind::Integer
        } else if v.parse::<i64>().is_ok() {
            Kind::Bigint
        } else if v.parse::<f64>().is_ok_and(f64::is_finite)
            && v.bytes().any(|b| b.is_ascii_digit())
        {
            Kind::Double
        } else if is_date(v) {
            Kind::Date
        } else if is_timestamp(v) {
            Kind::Timestamp
        } else {
            Kind::Text
        }
    }

    fn widen(self, value: &str) -> Kind {
        use Kind::*;
        let next = Kind::of(value);
        match (self, next) {
            (Unknown, k) => k,
            (a, b) if a == b => a,
            (Integer, Bigint) | (Bigint, Integer) => Bigint,
            (Integer | Bigint | Double, Integer | Bigint | Double) => Double,
            (Date, Timestamp) | (Timestamp, Date) => Timestamp,
            _ => Text,
        }
    }

    fn sql_type(self) -> SqlType {
        match self {
            Kind::Boolean => SqlType::Boolean,
            Kind::Integer => SqlType::Integer,
            Kind::Bigint => SqlType::Bigint,
            Kind::Double => SqlType::Double,
            Kind::Date => SqlType::Date,
            Kind::Timestamp => SqlType::Timestamp,
            Kind::Unknown | Kind::Text => SqlType::Varchar,
        }
    }
}

/// `2024-03-01`.
fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&v[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&v[8..10].parse::<u32>().unwrap_or(0))
}

/// `2024-03-01 12:30`, `2024-03-01T12:30:05.123`.
fn is_timestamp(v: &str) -> bool {
    let Some((date, time)) = v.get(..10).zip(v.get(11..)) else {
        return false;
    };
    let separator = v.as_bytes().get(10);
    let time = time.trim_end_matches('Z');
    is_date(date)
        && matches!(separator, Some(b' ' | b'T'))
        && time.len() >= 5
        && time
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b':' || c == b'.')
        && time.as_bytes().get(2) == Some(&b':')
}
