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
    /// The rows are the user's own, imported from a file, not generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<crate::import::ImportedData>,
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
        /// The first value.
        #[serde(default = "one")]
        start: i64,
    },
    /// Whole numbers in `min..=max`; `skew` > 0 favours small values.
    Integer {
        /// The smallest value.
        min: i64,
        /// The largest value.
        max: i64,
        /// How strongly small values are favoured (0 for even chances, 1
        /// for a Zipf-like spread where the first fifth of the range gets
        /// most rows).
        #[serde(default, skip_serializing_if = "is_zero")]
        skew: f64,
    },
    /// Numbers in `min..=max` with the column's scale; `skew` > 0 favours
    /// small values (prices, amounts).
    Decimal {
        /// The smallest value.
        min: f64,
        /// The largest value.
        max: f64,
        /// How strongly small values are favoured (see `Integer`).
        #[serde(default, skip_serializing_if = "is_zero")]
        skew: f64,
    },
    /// One of `values`, weighted by `weights` when given.
    Choice {
        /// The values, as written into the column.
        values: Vec<String>,
        /// One weight per value (relative, 0 or more); equal when empty.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        weights: Vec<f64>,
    },
    /// A value of `column` in the raw table `table` (`system.table`), so
    /// keys join; `skew` > 0 makes a few values (customers, products)
    /// account for most rows.
    Reference {
        /// The referenced raw table, as `system.table`.
        table: String,
        /// The referenced column.
        column: String,
        /// How strongly a few values are favoured (see `Integer`).
        #[serde(default, skip_serializing_if = "is_zero")]
        skew: f64,
    },
    /// Dates from `from` to `to` (`YYYY-MM-DD`); with `after`, no earlier
    /// than that column of the same row.
    Date {
        /// The first possible date (`YYYY-MM-DD`).
        from: String,
        /// The last possible date (`YYYY-MM-DD`).
        to: String,
        /// A date or timestamp column of the same row this one follows.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// Timestamps from `from` to `to`; with `after`, no earlier than that
    /// column of the same row.
    Timestamp {
        /// The first possible instant (`YYYY-MM-DD[ HH:MM:SS]`).
        from: String,
        /// The last possible instant (a bare date means its last second).
        to: String,
        /// A date or timestamp column of the same row this one follows.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// When the row was loaded: shortly after the `after` column (or the
    /// batch time), days later for late-arriving rows.
    LoadTime {
        /// The event-time column the load follows.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// `true` with probability `true_rate`.
    Boolean {
        /// The share of `true` values (0.0 to 1.0).
        #[serde(default = "half")]
        true_rate: f64,
    },
    /// Realistic text of a kind.
    Fake {
        /// The kind of text.
        what: Fake,
    },
    /// Text following a pattern: `#` a digit, `?` an upper-case letter,
    /// anything else as written (`SKU-####`).
    Pattern {
        /// The pattern (`SKU-####`).
        pattern: String,
    },
}

/// Kinds of realistic text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fake {
    /// A given name (`Olivia`).
    FirstName,
    /// A family name (`Garcia`).
    LastName,
    /// Given and family name (`Olivia Garcia`).
    FullName,
    /// An address at a reserved example domain (`olivia.garcia@example.com`).
    Email,
    /// A phone number with the fictional 555 exchange (`+1-312-555-0147`).
    Phone,
    /// A city (`Lisbon`).
    City,
    /// A country name (`Portugal`).
    Country,
    /// A company name (`Northwind Traders`).
    Company,
    /// A product name (`Compact Oak Desk`).
    Product,
    /// A street address (`42 Mill Road`).
    Street,
    /// A single lower-case word (`harbor`).
    Word,
    /// A short sentence of such words.
    Sentence,
}

impl Generator {
    /// Whether the generator is `auto` (chosen from name and type).
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
