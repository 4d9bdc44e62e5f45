//! Reading a Parquet file: the schema gives each column's type, the column
//! readers give the values, one row group at a time. Only flat files are
//! read (a raw table has no nested columns) and only the pure-Rust codecs
//! are built in (uncompressed, Snappy, gzip, LZ4); anything else is refused
//! before a page is decoded, naming the column and what to do instead.
//!
//! The column readers are used instead of the crate's record API: that API
//! panics on some valid but unusual type annotations, and a panic in
//! WebAssembly kills the module.

use std::fmt::Write;

use parquet::basic::{Compression, LogicalType, TimeUnit, Type as Physical};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, DataType, FixedLenByteArray, Int96};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::schema::types::ColumnDescriptor;

use crate::design::SqlType;

use super::{FileFormat, ImportError, MAX_BYTES, Table, TableImport, check_size, fail};

/// Values read per call into a column reader.
const BATCH: usize = 8_192;
/// The most a file's columns may unpack to, in bytes, before anything is
/// decoded: a small file that claims gigabytes is refused, not allocated.
const MAX_UNPACKED: i64 = 4 * MAX_BYTES as i64;
/// The most values (rows × columns) a file may hold. Encodings are not
/// compression: a run-length or dictionary page of a few bytes can stand for
/// a billion values that [`MAX_UNPACKED`] never sees. Every value costs at
/// least one byte of the CSV (its delimiter), so a file over this would
/// fail the CSV's own cap anyway; here it fails before anything is decoded.
const MAX_VALUES: i64 = MAX_BYTES as i64;

/// Read `bytes` as a Parquet file.
///
/// The `parquet` crate can still panic on some damaged files (an assertion
/// deep in a decoder). Natively that panic is caught here and reported as a
/// damaged file; in the browser the reader runs in a worker of its own
/// (see `app/parquet`), so the trap ends that worker, not the workbench.
pub fn read_parquet(bytes: &[u8]) -> Result<TableImport, ImportError> {
    std::panic::catch_unwind(|| read(bytes)).unwrap_or_else(|_| {
        Err(fail(
            None,
            None,
            "the Parquet reader stopped on damaged data in this file; \
             write the file again, or save it as CSV",
        ))
    })
}

fn read(bytes: &[u8]) -> Result<TableImport, ImportError> {
    check_size(bytes)?;
    let n = bytes.len();
    if n < 12 || !bytes.starts_with(b"PAR1") {
        return Err(fail(
            None,
            Some(0),
            "this is not a Parquet file: it does not begin with Parquet's PAR1 marker",
        ));
    }
    if bytes.ends_with(b"PARE") {
        return Err(fail(
            None,
            Some(n as u64 - 4),
            "this Parquet file is encrypted; write it without encryption to import it",
        ));
    }
    if !bytes.ends_with(b"PAR1") {
        return Err(fail(
            None,
            Some(n as u64 - 4),
            "the file does not end with Parquet's PAR1 marker: it was cut short or damaged",
        ));
    }
    let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes)).map_err(|e| {
        fail(
            None,
            None,
            format!("the Parquet footer cannot be read ({e}): the file is damaged"),
        )
    })?;
    let metadata = reader.metadata();
    let schema = metadata.file_metadata().schema_descr();
    for field in schema.root_schema().get_fields() {
        if field.is_group() {
            return Err(fail(None, None, nested(field.name())));
        }
    }
    let columns: Vec<Column> = schema
        .columns()
        .iter()
        .map(|c| Column::of(c))
        .collect::<Result<_, _>>()?;
    let mut unpacked = 0i64;
    let mut codecs: Vec<String> = Vec::new();
    for group in metadata.row_groups() {
        for (chunk, column) in group.columns().iter().zip(&columns) {
            let codec = chunk.compression();
            if !matches!(
                codec,
                Compression::UNCOMPRESSED
                    | Compression::SNAPPY
                    | Compression::GZIP(_)
                    | Compression::LZ4
                    | Compression::LZ4_RAW
            ) {
                return Err(fail(
                    None,
                    Some(chunk.byte_range().0),
                    format!(
                        "the column {:?} is compressed with {}, which the browser cannot unpack; \
                         write the file with Snappy or gzip (in DuckDB: COPY … TO 'file.parquet' \
                         (COMPRESSION snappy)) or save it as CSV",
                        column.name,
                        codec_name(codec)
                    ),
                ));
            }
            let name = codec_name(codec);
            if !codecs.contains(&name) {
                codecs.push(name);
            }
            unpacked = unpacked.saturating_add(chunk.uncompressed_size().max(0));
        }
    }
    if unpacked > MAX_UNPACKED {
        return Err(fail(
            None,
            None,
            format!(
                "the file unpacks to {} MB; at most {} MB can be imported: import a sample of it",
                unpacked >> 20,
                MAX_UNPACKED >> 20
            ),
        ));
    }
    let rows: i64 = metadata
        .row_groups()
        .iter()
        .map(|g| g.num_rows().max(0))
        .fold(0, i64::saturating_add);
    let values = rows.saturating_mul(columns.len() as i64);
    if values > MAX_VALUES {
        return Err(fail(
            None,
            None,
            format!(
                "the file holds {values} values ({rows} rows × {} {}); at most \
                 {MAX_VALUES} can be imported: import a sample of it",
                columns.len(),
                if columns.len() == 1 {
                    "column"
                } else {
                    "columns"
                }
            ),
        ));
    }
    let mut table = Table::new(columns.iter().map(|c| c.name.as_str()))
        .map_err(|e| fail(None, None, format!("in the schema, {e}")))?;
    for g in 0..reader.num_row_groups() {
        let group = reader
            .get_row_group(g)
            .map_err(|e| fail(None, None, format!("row group {g} cannot be read: {e}")))?;
        let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        let mut values: Vec<Vec<Option<String>>> = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            let at = |e: String| {
                fail(
                    None,
                    Some(group.metadata().column(i).byte_range().0),
                    format!("the column {:?} in row group {g}: {e}", column.name),
                )
            };
            let reader = group.get_column_reader(i).map_err(|e| at(e.to_string()))?;
            let read = column.read(reader, rows).map_err(at)?;
            if read.len() != rows {
                return Err(at(format!(
                    "it holds {} values but the row group has {rows} rows",
                    read.len()
                )));
            }
            values.push(read);
        }
        let mut row: Vec<Option<&str>> = Vec::with_capacity(columns.len());
        for r in 0..rows {
            row.clear();
            row.extend(values.iter().map(|c| c[r].as_deref()));
            table.push(&row);
        }
        if table.csv.len() > MAX_BYTES {
            return Err(fail(
                None,
                None,
                format!(
                    "the rows take more than {} MB as text; import a sample of the file",
                    MAX_BYTES >> 20
                ),
            ));
        }
    }
    let types = columns.iter().map(|c| c.data_type).collect();
    let row_groups = reader.num_row_groups() as u64;
    Ok(table.finish(FileFormat::Parquet { row_groups, codecs }, types))
}

fn nested(name: &str) -> String {
    format!(
        "the column {name:?} is nested (a struct, list or map) and raw tables are flat; \
         flatten it before importing (in DuckDB: unnest it, or select its fields)"
    )
}

fn codec_name(codec: Compression) -> String {
    match codec {
        Compression::UNCOMPRESSED => "uncompressed".into(),
        Compression::SNAPPY => "Snappy".into(),
        Compression::GZIP(_) => "gzip".into(),
        Compression::LZO => "LZO".into(),
        Compression::BROTLI(_) => "Brotli".into(),
        Compression::LZ4 | Compression::LZ4_RAW => "LZ4".into(),
        Compression::ZSTD(_) => "zstd".into(),
    }
}

/// A column of the file: its name, the type it gets in the raw table, and
/// how its stored values become text.
struct Column {
    name: String,
    data_type: SqlType,
    text: Text,
    nullable: bool,
}

/// How a stored value is written as text.
#[derive(Clone, Copy, Debug)]
enum Text {
    Bool,
    Signed,
    Unsigned,
    Float,
    Float16,
    Decimal { scale: u32 },
    Date,
    Time { per_second: i64 },
    Timestamp { per_second: i64 },
    Int96,
    Utf8,
    Uuid,
    Hex,
}

impl Column {
    fn of(descr: &ColumnDescriptor) -> Result<Column, ImportError> {
        let name = descr.name().to_owned();
        if descr.max_rep_level() > 0 {
            return Err(fail(None, None, nested(&name)));
        }
        let logical = descr
            .logical_type_ref()
            .cloned()
            .or_else(|| from_converted(descr));
        let (data_type, text) = match (descr.physical_type(), logical.as_ref()) {
            (_, Some(LogicalType::Decimal(d))) => decimal(d.precision, d.scale),
            (Physical::BOOLEAN, _) => (SqlType::Boolean, Text::Bool),
            (Physical::INT32, Some(LogicalType::Date)) => (SqlType::Date, Text::Date),
            (Physical::INT32, Some(LogicalType::Time(t))) => (SqlType::Varchar, time(&t.unit)),
            (Physical::INT32, Some(LogicalType::Integer(i))) if !i.is_signed => {
                (SqlType::Bigint, Text::Unsigned)
            }
            (Physical::INT32, _) => (SqlType::Integer, Text::Signed),
            (Physical::INT64, Some(LogicalType::Timestamp(t))) => {
                (SqlType::Timestamp, timestamp(&t.unit))
            }
            (Physical::INT64, Some(LogicalType::Time(t))) => (SqlType::Varchar, time(&t.unit)),
            (Physical::INT64, Some(LogicalType::Integer(i))) if !i.is_signed => (
                SqlType::Decimal {
                    precision: 20,
                    scale: 0,
                },
                Text::Unsigned,
            ),
            (Physical::INT64, _) => (SqlType::Bigint, Text::Signed),
            (Physical::INT96, _) => (SqlType::Timestamp, Text::Int96),
            (Physical::FLOAT | Physical::DOUBLE, _) => (SqlType::Double, Text::Float),
            (Physical::FIXED_LEN_BYTE_ARRAY, Some(LogicalType::Float16)) => {
                (SqlType::Double, Text::Float16)
            }
            (Physical::FIXED_LEN_BYTE_ARRAY, Some(LogicalType::Uuid)) => {
                (SqlType::Varchar, Text::Uuid)
            }
            (
                Physical::BYTE_ARRAY,
                Some(LogicalType::String | LogicalType::Enum | LogicalType::Json),
            ) => (SqlType::Varchar, Text::Utf8),
            (Physical::BYTE_ARRAY | Physical::FIXED_LEN_BYTE_ARRAY, _) => {
                (SqlType::Varchar, Text::Hex)
            }
        };
        Ok(Column {
            name,
            data_type,
            text,
            nullable: descr.max_def_level() > 0,
        })
    }

    /// Every value of this column in one row group, as text.
    fn read(&self, reader: ColumnReader, rows: usize) -> Result<Vec<Option<String>>, String> {
        let text = self.text;
        match reader {
            ColumnReader::BoolColumnReader(r) => self.values(r, rows, |v: &bool| Ok(v.to_string())),
            ColumnReader::Int32ColumnReader(r) => self.values(r, rows, |v: &i32| int(text, *v)),
            ColumnReader::Int64ColumnReader(r) => self.values(r, rows, |v: &i64| int(text, *v)),
            ColumnReader::Int96ColumnReader(r) => {
                self.values(r, rows, |v: &Int96| Ok(instant(v.to_micros(), 1_000_000)))
            }
            ColumnReader::FloatColumnReader(r) => {
                self.values(r, rows, |v: &f32| Ok(float(f64::from(*v))))
            }
            ColumnReader::DoubleColumnReader(r) => self.values(r, rows, |v: &f64| Ok(float(*v))),
            ColumnReader::ByteArrayColumnReader(r) => {
                self.values(r, rows, |v: &ByteArray| bytes(text, v.data()))
            }
            ColumnReader::FixedLenByteArrayColumnReader(r) => {
                self.values(r, rows, |v: &FixedLenByteArray| bytes(text, v.data()))
            }
        }
    }

    fn values<T: DataType>(
        &self,
        mut reader: ColumnReaderImpl<T>,
        rows: usize,
        mut format: impl FnMut(&T::T) -> Result<String, String>,
    ) -> Result<Vec<Option<String>>, String> {
        let mut out: Vec<Option<String>> = Vec::with_capacity(rows.min(1 << 20));
        let mut defs: Vec<i16> = Vec::new();
        let mut values: Vec<T::T> = Vec::new();
        while out.len() < rows {
            defs.clear();
            values.clear();
            let want = (rows - out.len()).min(BATCH);
            let (records, read, levels) = reader
                .read_records(want, self.nullable.then_some(&mut defs), None, &mut values)
                .map_err(|e| e.to_string())?;
            if records == 0 {
                break;
            }
            let values = values
                .get(..read)
                .ok_or("it holds fewer values than it says")?;
            if self.nullable {
                let mut next = values.iter();
                for &d in defs.get(..levels).ok_or("its NULL markers are cut short")? {
                    if d > 0 {
                        let v = next.next().ok_or("it holds fewer values than rows")?;
                        out.push(Some(format(v)?));
                    } else {
                        out.push(None);
                    }
                }
            } else {
                for v in values {
                    out.push(Some(format(v)?));
                }
            }
        }
        Ok(out)
    }
}

/// The logical type an older writer meant with a converted type alone.
fn from_converted(descr: &ColumnDescriptor) -> Option<LogicalType> {
    use parquet::basic::ConvertedType as C;
    let unit = |millis: bool| {
        if millis {
            TimeUnit::MILLIS
        } else {
            TimeUnit::MICROS
        }
    };
    Some(match descr.converted_type() {
        C::UTF8 => LogicalType::String,
        C::ENUM => LogicalType::Enum,
        C::JSON => LogicalType::Json,
        C::DATE => LogicalType::Date,
        C::DECIMAL => LogicalType::decimal(descr.type_scale(), descr.type_precision()),
        C::TIME_MILLIS | C::TIME_MICROS => {
            LogicalType::time(false, unit(descr.converted_type() == C::TIME_MILLIS))
        }
        C::TIMESTAMP_MILLIS | C::TIMESTAMP_MICROS => {
            LogicalType::timestamp(false, unit(descr.converted_type() == C::TIMESTAMP_MILLIS))
        }
        C::UINT_8 | C::UINT_16 | C::UINT_32 => LogicalType::integer(32, false),
        C::UINT_64 => LogicalType::integer(64, false),
        _ => return None,
    })
}

fn decimal(precision: i32, scale: i32) -> (SqlType, Text) {
    match (u8::try_from(precision), u8::try_from(scale)) {
        (Ok(p @ 1..=38), Ok(s)) if s <= p => (
            SqlType::Decimal {
                precision: p,
                scale: s,
            },
            Text::Decimal {
                scale: u32::from(s),
            },
        ),
        // Wider than any warehouse's decimal: keep the digits as text.
        (_, Ok(s)) if scale >= 0 => (
            SqlType::Varchar,
            Text::Decimal {
                scale: u32::from(s),
            },
        ),
        _ => (SqlType::Varchar, Text::Hex),
    }
}

fn per_second(unit: &TimeUnit) -> i64 {
    match unit {
        TimeUnit::MILLIS => 1_000,
        TimeUnit::MICROS => 1_000_000,
        TimeUnit::NANOS => 1_000_000_000,
    }
}

fn time(unit: &TimeUnit) -> Text {
    Text::Time {
        per_second: per_second(unit),
    }
}

fn timestamp(unit: &TimeUnit) -> Text {
    Text::Timestamp {
        per_second: per_second(unit),
    }
}

fn int<I: Into<i64> + Copy + std::fmt::Display>(text: Text, v: I) -> Result<String, String> {
    let v: i64 = v.into();
    Ok(match text {
        Text::Date => date(v),
        Text::Time { per_second } => clock(v, per_second),
        Text::Timestamp { per_second } => instant(v, per_second),
        Text::Decimal { scale } => point(i128::from(v), scale),
        // Unsigned values are stored in the signed type of the same width.
        Text::Unsigned if std::mem::size_of::<I>() == 4 => (v as i32 as u32).to_string(),
        Text::Unsigned => (v as u64).to_string(),
        _ => v.to_string(),
    })
}

fn float(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        // Debug is the shortest text that reads back to the same number,
        // with an exponent for very large and very small ones (`-1e300`).
        format!("{v:?}")
    }
}

fn bytes(text: Text, data: &[u8]) -> Result<String, String> {
    match text {
        Text::Utf8 => std::str::from_utf8(data)
            .map(str::to_owned)
            .map_err(|_| "a value is not UTF-8 text".to_owned()),
        Text::Decimal { scale } => {
            if data.len() > 16 {
                return Err("a decimal is wider than 128 bits".into());
            }
            // Big-endian two's complement, sign-extended to 128 bits.
            let fill = if data.first().is_some_and(|b| b & 0x80 != 0) {
                0xff
            } else {
                0
            };
            let mut wide = [fill; 16];
            wide[16 - data.len()..].copy_from_slice(data);
            Ok(point(i128::from_be_bytes(wide), scale))
        }
        Text::Float16 => {
            let [lo, hi] = data else {
                return Err("a 16-bit float is not 2 bytes".into());
            };
            Ok(float(f16_to_f64(u16::from_le_bytes([*lo, *hi]))))
        }
        Text::Uuid if data.len() == 16 => {
            let h = hex(data);
            Ok(format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            ))
        }
        _ => Ok(hex(data)),
    }
}

fn hex(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len() * 2);
    for b in data {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// An unscaled integer with `scale` digits after the point.
fn point(v: i128, scale: u32) -> String {
    let digits = v.unsigned_abs().to_string();
    let sign = if v < 0 { "-" } else { "" };
    let scale = scale as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

fn f16_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + mantissa / 1024.0) * 2f64.powi(e - 15),
    }
}

/// Days since 1970-01-01 as `YYYY-MM-DD` (proleptic Gregorian).
fn date(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A time of day, `ticks` since midnight at `per_second` ticks a second.
fn clock(ticks: i64, per_second: i64) -> String {
    let seconds = ticks.div_euclid(per_second);
    let fraction = ticks.rem_euclid(per_second);
    let mut s = format!(
        "{:02}:{:02}:{:02}",
        seconds / 3_600,
        seconds / 60 % 60,
        seconds % 60
    );
    if fraction != 0 {
        let width = per_second.ilog10() as usize;
        let digits = format!("{fraction:0width$}");
        s.push('.');
        s.push_str(digits.trim_end_matches('0'));
    }
    s
}

/// An instant, `ticks` since 1970-01-01 00:00 at `per_second` ticks a
/// second, as `YYYY-MM-DD HH:MM:SS[.ffffff]`.
fn instant(ticks: i64, per_second: i64) -> String {
    let seconds = ticks.div_euclid(per_second);
    let within = ticks.rem_euclid(per_second);
    let days = seconds.div_euclid(86_400);
    let time = seconds.rem_euclid(86_400) * per_second + within;
    format!("{} {}", date(days), clock(time, per_second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_written_as_duckdb_reads_them() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(19_783), "2024-03-01");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(date(11_016), "2000-02-29");
        assert_eq!(
            instant(1_709_296_205_123_000, 1_000_000),
            "2024-03-01 12:30:05.123"
        );
        assert_eq!(instant(-1, 1_000), "1969-12-31 23:59:59.999");
        assert_eq!(
            clock(45_296_000_000_001, 1_000_000_000),
            "12:34:56.000000001"
        );
    }

    #[test]
    fn decimals_keep_their_scale_and_sign() {
        assert_eq!(point(12_345, 2), "123.45");
        assert_eq!(point(-5, 3), "-0.005");
        assert_eq!(point(7, 0), "7");
        assert_eq!(
            bytes(Text::Decimal { scale: 1 }, &[0xff, 0xfe]).as_deref(),
            Ok("-0.2")
        );
    }

    #[test]
    fn half_floats_and_uuids() {
        assert_eq!(f16_to_f64(0x3c00), 1.0);
        assert_eq!(f16_to_f64(0xc000), -2.0);
        assert_eq!(
            bytes(Text::Uuid, &[0x12; 16]).as_deref(),
            Ok("12121212-1212-1212-1212-121212121212")
        );
    }
}
