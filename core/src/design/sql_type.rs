//! Column types of raw tables: the portable subset that DuckDB and Snowflake
//! both have, written the way SQL writes them (`decimal(12,2)`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A column type. Serialized as its SQL spelling in lower case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SqlType {
    Boolean,
    Integer,
    Bigint,
    Double,
    /// Exact numbers with `precision` digits, `scale` of them after the point.
    Decimal {
        precision: u8,
        scale: u8,
    },
    Varchar,
    Date,
    Timestamp,
}

/// A type name Strata does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSqlType(pub String);

impl SqlType {
    /// Whether values are numbers (and can be summed).
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            SqlType::Integer | SqlType::Bigint | SqlType::Double | SqlType::Decimal { .. }
        )
    }

    /// Whether values are dates or timestamps.
    pub fn is_temporal(self) -> bool {
        matches!(self, SqlType::Date | SqlType::Timestamp)
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlType::Boolean => f.write_str("boolean"),
            SqlType::Integer => f.write_str("integer"),
            SqlType::Bigint => f.write_str("bigint"),
            SqlType::Double => f.write_str("double"),
            SqlType::Decimal { precision, scale } => write!(f, "decimal({precision},{scale})"),
            SqlType::Varchar => f.write_str("varchar"),
            SqlType::Date => f.write_str("date"),
            SqlType::Timestamp => f.write_str("timestamp"),
        }
    }
}

impl FromStr for SqlType {
    type Err = UnknownSqlType;

    fn from_str(text: &str) -> Result<SqlType, UnknownSqlType> {
        let unknown = || UnknownSqlType(text.to_owned());
        let lower = text.trim().to_ascii_lowercase();
        let (base, args) = match lower.split_once('(') {
            Some((base, rest)) => {
                let args = rest.strip_suffix(')').ok_or_else(unknown)?;
                (base.trim(), Some(args))
            }
            None => (lower.as_str(), None),
        };
        let plain = |t: SqlType| {
            if args.is_none() {
                Ok(t)
            } else {
                Err(unknown())
            }
        };
        match base {
            "boolean" | "bool" => plain(SqlType::Boolean),
            "integer" | "int" | "int4" => plain(SqlType::Integer),
            "bigint" | "int8" | "long" => plain(SqlType::Bigint),
            "double" | "float" | "float8" | "real" => plain(SqlType::Double),
            "varchar" | "text" | "string" => {
                // `varchar(100)` is accepted; the length is not enforced.
                Ok(SqlType::Varchar)
            }
            "date" => plain(SqlType::Date),
            "timestamp" | "datetime" | "timestamp_ntz" => plain(SqlType::Timestamp),
            "decimal" | "numeric" | "number" => {
                let Some(args) = args else {
                    return Ok(SqlType::Decimal {
                        precision: 18,
                        scale: 3,
                    });
                };
                let mut parts = args.split(',').map(|p| p.trim().parse::<u8>());
                let precision = parts.next().and_then(Result::ok).ok_or_else(unknown)?;
                let scale = match parts.next() {
                    Some(scale) => scale.map_err(|_| unknown())?,
                    None => 0,
                };
                if parts.next().is_some() || precision == 0 || precision > 38 || scale > precision {
                    return Err(unknown());
                }
                Ok(SqlType::Decimal { precision, scale })
            }
            _ => Err(unknown()),
        }
    }
}

impl fmt::Display for UnknownSqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown column type `{}`: expected boolean, integer, bigint, double, \
             decimal(p,s), varchar, date or timestamp",
            self.0
        )
    }
}

impl std::error::Error for UnknownSqlType {}

impl Serialize for SqlType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SqlType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SqlType, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_canonical_names() {
        for (input, canonical) in [
            ("INTEGER", "integer"),
            ("int", "integer"),
            ("text", "varchar"),
            ("varchar(40)", "varchar"),
            ("decimal(12, 2)", "decimal(12,2)"),
            ("numeric(10)", "decimal(10,0)"),
            ("timestamp_ntz", "timestamp"),
        ] {
            assert_eq!(input.parse::<SqlType>().unwrap().to_string(), canonical);
        }
    }

    #[test]
    fn refuses_unknown_and_malformed_types() {
        for bad in [
            "geometry",
            "decimal(0,0)",
            "decimal(5,6)",
            "decimal(12",
            "int(3)",
            "",
        ] {
            let err = bad.parse::<SqlType>().unwrap_err();
            assert!(err.to_string().contains("unknown column type"), "{bad}");
        }
    }
}
