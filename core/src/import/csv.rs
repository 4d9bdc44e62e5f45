//! Reading a CSV file: the delimiter sniffed from the header (comma,
//! semicolon, tab or bar), RFC 4180 quotes, and each column's type the
//! narrowest that fits every value.

use crate::design::SqlType;

use super::{FileFormat, ImportError, Table, TableImport, check_size, fail};

/// One field: its text, and whether it was quoted (a quoted empty field is
/// an empty text; an unquoted one is NULL).
type Field = (String, bool);

/// Read `bytes` as a CSV file with a header row.
pub fn read_csv(bytes: &[u8]) -> Result<TableImport, ImportError> {
    check_size(bytes)?;
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            return Err(fail(
                Some(line),
                Some(at as u64),
                "this is not UTF-8 text: save the file as UTF-8 CSV (or is it a spreadsheet?)",
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
    let mut table = Table::new(header.iter().map(|(name, _)| name.as_str()))
        .map_err(|e| fail(Some(1), Some(bom as u64), format!("in the header, {e}")))?;
    let mut kinds = vec![Kind::Unknown; table.width()];
    for record in records {
        let (fields, line, byte) = record?;
        if fields.len() == 1 && fields[0].0.is_empty() && !fields[0].1 {
            continue; // a blank line
        }
        if fields.len() != table.width() {
            return Err(fail(
                Some(line),
                Some(byte),
                format!(
                    "this row has {} fields, the header has {}",
                    fields.len(),
                    table.width()
                ),
            ));
        }
        let mut row: Vec<Option<&str>> = Vec::with_capacity(fields.len());
        for (i, (value, quoted)) in fields.iter().enumerate() {
            if value.is_empty() && !quoted {
                row.push(None);
            } else {
                kinds[i] = kinds[i].widen(value);
                row.push(Some(value));
            }
        }
        table.push(&row);
    }
    let types = kinds.into_iter().map(Kind::sql_type).collect();
    Ok(table.finish(
        FileFormat::Csv {
            delimiter: char::from(delimiter),
        },
        types,
    ))
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
