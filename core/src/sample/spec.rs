//! How sample data is described in a design: per table, how many rows and
//! which deliberate quality problems; per column, which generator fills it.

use serde::{Deserialize, Serialize};

/// Sample-data settings of one raw table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSample {
    /// Rows to generate; the design's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// Share of rows delivered twice, as exact copies (0.0 to 1.0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub duplicate_rate: f64,
    /// Share of rows that arrive late: their load time is days after the
    /// rest of their batch (0.0 to 1.0). Needs a `load_time` column.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub late_rate: f64,
}

/// Sample-data settings of one raw column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSample {
    /// What fills the column; chosen from its name and type when `auto`.
    #[serde(default, skip_serializing_if = "Generator::is_auto")]
    pub generator: Generator,
    /// Share of values left NULL (0.0 to 1.0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub null_rate: f64,
    /// Share of text values left blank or padded with spaces, for the
    /// cleaning in SRC to fix (0.0 to 1.0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dirty_rate: f64,
}

/// A value generator for one column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Generator {
    /// Chosen from the column's name and type (ids count up, `email` looks
    /// like an e-mail address, dates fall in the last two years, …).
    #[default]
    Auto,
    /// 1, 2, 3, … (a surrogate or natural key).
    Sequence {
        #[serde(default = "one")]
        start: i64,
    },
    /// Whole numbers in `min..=max`; `skew` > 0 favours small values.
    Integer {
        min: i64,
        max: i64,
        #[serde(default, skip_serializing_if = "is_zero")]
        skew: f64,
    },
    /// Numbers in `min..=max` with the column's scale; `skew` > 0 favours
    /// small values (prices, amounts).
    Decimal {
        min: f64,
        max: f64,
        #[serde(default, skip_serializing_if = "is_zero")]
        skew: f64,
    },
    /// One of `values`, weighted by `weights` when given.
    Choice {
        values: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        weights: Vec<f64>,
    },
    /// A value of `column` in the raw table `table` (`system.table`), so
    /// keys join; `skew` > 0 makes a few values (customers, products)
    /// account for most rows.
    Reference {
        table: String,
        column: String,
        #[serde(default, skip_serializing_if = "is_zero")]
        skew: f64,
    },
    /// Dates from `from` to `to` (`YYYY-MM-DD`); with `after`, no earlier
    /// than that column of the same row.
    Date {
        from: String,
        to: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// Timestamps from `from` to `to`; with `after`, no earlier than that
    /// column of the same row.
    Timestamp {
        from: String,
        to: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// When the row was loaded: shortly after the `after` column (or the
    /// batch time), days later for late-arriving rows.
    LoadTime {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// `true` with probability `true_rate`.
    Boolean {
        #[serde(default = "half")]
        true_rate: f64,
    },
    /// Realistic text of a kind.
    Fake { what: Fake },
    /// Text following a pattern: `#` a digit, `?` an upper-case letter,
    /// anything else as written (`SKU-####`).
    Pattern { pattern: String },
}

/// Kinds of realistic text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fake {
    FirstName,
    LastName,
    FullName,
    Email,
    Phone,
    City,
    Country,
    Company,
    Product,
    Street,
    Word,
    Sentence,
}

impl Generator {
    pub fn is_auto(&self) -> bool {
        matches!(self, Generator::Auto)
    }
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn one() -> i64 {
    1
}

fn half() -> f64 {
    0.5
}
