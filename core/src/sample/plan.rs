//! Checking a design's sample settings and turning them into a plan: every
//! column's generator resolved (`auto` replaced), validated against the
//! column type, and reduced to integer parameters; the dependencies between
//! columns checked for cycles; the tables put in generation order.

use std::collections::BTreeMap;

use crate::design::{Design, RawColumn, RawTable, SqlType};

use super::auto::{self, KeyTable};
use super::rng::{self, Rate, Skewed};
use super::spec::{Fake, Generator};
use super::time;
use super::{Options, SampleError};

/// The most rows one table may have.
pub(crate) const MAX_ROWS: u64 = 100_000_000;

/// How a column's values are made, with every parameter checked.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// `start + row`.
    Sequence {
        start: i64,
    },
    /// `min + rank`.
    Integer {
        min: i64,
        dist: Skewed,
    },
    /// `min + rank` in units of the column's scale.
    Decimal {
        min: i64,
        dist: Skewed,
    },
    /// One of `values`; by cumulative thresholds on 53 bits when weighted.
    Choice {
        values: Vec<String>,
        cumulative: Vec<u64>,
    },
    /// A value of column `column` of table `table`.
    Reference {
        table: usize,
        column: usize,
        skew: u32,
    },
    /// Days in `from..=to`, or after column `after`.
    Date {
        from: i64,
        to: i64,
        after: Option<usize>,
    },
    /// Seconds in `from..=to`, or after column `after`.
    Timestamp {
        from: i64,
        to: i64,
        after: Option<usize>,
    },
    /// The next daily load after column `after` (or the row's batch).
    LoadTime {
        after: Option<usize>,
    },
    Boolean {
        rate: Rate,
    },
    Fake(Fake),
    Pattern(String),
}

impl Kind {
    /// The column this one's values must come after, if any.
    pub(crate) fn after(&self) -> Option<usize> {
        match self {
            Kind::Date { after, .. } | Kind::Timestamp { after, .. } | Kind::LoadTime { after } => {
                *after
            }
            _ => None,
        }
    }

    fn is_temporal(&self) -> bool {
        matches!(
            self,
            Kind::Date { .. } | Kind::Timestamp { .. } | Kind::LoadTime { .. }
        )
    }
}

/// How instants are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeFormat {
    Date,
    Timestamp,
}

/// One column, ready to generate.
#[derive(Clone, Debug)]
pub(crate) struct ColumnPlan<'a> {
    pub name: &'a str,
    pub seed: u64,
    pub null: Rate,
    /// Zero unless the column holds text.
    pub dirty: Rate,
    pub kind: Kind,
    /// Digits after the point of `decimal` values.
    pub scale: u8,
    /// Zeros written after the point of whole numbers (a decimal column).
    pub int_scale: u8,
    pub time: TimeFormat,
}

/// One table, ready to generate.
#[derive(Clone, Debug)]
pub(crate) struct TablePlan<'a> {
    pub system: &'a str,
    pub name: &'a str,
    pub qualified: String,
    /// Distinct rows (duplicates come on top).
    pub rows: u64,
    pub row_seed: u64,
    pub duplicate: Rate,
    pub late: Rate,
    pub columns: Vec<ColumnPlan<'a>>,
}

impl TablePlan<'_> {
    /// Whether references to column `column` can be drawn arithmetically
    /// from `start..start + rows` instead of from collected values.
    pub(crate) fn key_range(&self, column: usize) -> Option<i64> {
        let c = self.columns.get(column)?;
        match c.kind {
            Kind::Sequence { start } if c.null.is_zero() => Some(start),
            _ => None,
        }
    }

    /// Whether any column holds load times (so late rows show).
    pub(crate) fn has_load_time(&self) -> bool {
        self.columns
            .iter()
            .any(|c| matches!(c.kind, Kind::LoadTime { .. }))
    }

    /// The columns `roots` and everything they depend on in the same row,
    /// each after the columns it depends on.
    pub(crate) fn eval_order(&self, roots: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let mut done = vec![false; self.columns.len()];
        let mut order = Vec::new();
        for root in roots {
            // Dependencies form chains (one `after` each) and are acyclic.
            let mut chain = Vec::new();
            let mut at = Some(root);
            while let Some(c) = at {
                if done.get(c).copied().unwrap_or(true) || chain.contains(&c) {
                    break;
                }
                chain.push(c);
                at = self.columns.get(c).and_then(|col| col.kind.after());
            }
            for c in chain.into_iter().rev() {
                if let Some(d) = done.get_mut(c) {
                    *d = true;
                    order.push(c);
                }
            }
        }
        order
    }
}

/// The whole design, ready to generate.
#[derive(Clone, Debug)]
pub(crate) struct Plan<'a> {
    pub tables: Vec<TablePlan<'a>>,
    /// Table indexes, referenced tables first.
    pub order: Vec<usize>,
}

/// Checks every raw table's sample settings and plans them.
pub(crate) fn plan<'a>(design: &'a Design, options: &Options) -> Result<Plan<'a>, SampleError> {
    let seed = options.seed.unwrap_or(design.settings.sample.seed);
    let raw: Vec<(&'a str, &'a RawTable)> = design
        .raw_tables()
        .map(|(s, t)| (s.system.as_str(), t))
        .collect();
    let mut index = BTreeMap::new();
    for (i, (system, table)) in raw.iter().enumerate() {
        index.entry(format!("{system}.{}", table.name)).or_insert(i);
    }

    // The key column of every table, for `auto` references.
    let keys: Vec<KeyTable<'a>> = raw
        .iter()
        .map(|&(system, table)| {
            let key = table.columns.first().and_then(|c| {
                let generator = match &c.sample.generator {
                    Generator::Auto => auto::first_column(c)?,
                    explicit => explicit.clone(),
                };
                auto::is_key_source(&generator).then_some(c.name.as_str())
            });
            KeyTable {
                system,
                table: &table.name,
                qualified: format!("{system}.{}", table.name),
                key,
            }
        })
        .collect();

    let mut tables = Vec::with_capacity(raw.len());
    for &(system, table) in &raw {
        tables.push(plan_table(
            design, options, seed, system, table, &index, &raw, &keys,
        )?);
    }
    check_after_targets(&tables)?;
    check_cycles(&tables)?;
    let order = table_order(&tables);
    Ok(Plan { tables, order })
}

#[allow(clippy::too_many_arguments)]
fn plan_table<'a>(
    design: &Design,
    options: &Options,
    seed: u64,
    system: &'a str,
    table: &'a RawTable,
    index: &BTreeMap<String, usize>,
    raw: &[(&'a str, &'a RawTable)],
    keys: &[KeyTable<'a>],
) -> Result<TablePlan<'a>, SampleError> {
    let qualified = format!("{system}.{}", table.name);
    let invalid = |message: String| SampleError::Invalid {
        table: qualified.clone(),
        column: None,
        message,
    };
    let rows = options
        .rows
        .or(table.sample.rows)
        .unwrap_or(design.settings.sample.rows);
    if rows > MAX_ROWS {
        return Err(invalid(format!(
            "{rows} rows is more than the {MAX_ROWS} sample data allows; lower `rows`"
        )));
    }
    let rate = |value: f64, what: &str| {
        Rate::new(value).ok_or_else(|| {
            invalid(format!(
                "`{what}` is {value}; it must be a share between 0 and 1"
            ))
        })
    };
    let duplicate = rate(table.sample.duplicate_rate, "duplicate_rate")?;
    let late = rate(table.sample.late_rate, "late_rate")?;
    let table_seed = rng::table_seed(seed, &qualified);

    let mut generators: Vec<Generator> = Vec::with_capacity(table.columns.len());
    for (i, column) in table.columns.iter().enumerate() {
        let generator = match &column.sample.generator {
            Generator::Auto => {
                auto::resolve(system, &table.name, &table.columns, i, &generators, keys)
            }
            explicit => explicit.clone(),
        };
        generators.push(generator);
    }

    let mut columns = Vec::with_capacity(table.columns.len());
    for (column, generator) in table.columns.iter().zip(&generators) {
        let at = ColumnAt {
            qualified: &qualified,
            column,
            columns: &table.columns,
            rows,
        };
        let kind = at.kind(generator, index, raw)?;
        let column_rate = |value: f64, what: &str| {
            Rate::new(value).ok_or_else(|| {
                at.invalid(format!(
                    "`{what}` is {value}; it must be a share between 0 and 1"
                ))
            })
        };
        let null = column_rate(column.sample.null_rate, "null_rate")?;
        let dirty = column_rate(column.sample.dirty_rate, "dirty_rate")?;
        let time = match (column.data_type, &kind) {
            (SqlType::Date, _) | (_, Kind::Date { .. }) => TimeFormat::Date,
            _ => TimeFormat::Timestamp,
        };
        columns.push(ColumnPlan {
            name: &column.name,
            seed: rng::column_seed(table_seed, &column.name),
            null,
            dirty: if column.data_type == SqlType::Varchar {
                dirty
            } else {
                Rate::default()
            },
            scale: number_scale(column.data_type),
            int_scale: match column.data_type {
                SqlType::Decimal { scale, .. } => scale,
                _ => 0,
            },
            time: if column.data_type == SqlType::Timestamp {
                TimeFormat::Timestamp
            } else {
                time
            },
            kind,
        });
    }
    Ok(TablePlan {
        system,
        name: &table.name,
        qualified,
        rows,
        row_seed: rng::row_seed(table_seed),
        duplicate,
        late,
        columns,
    })
}

/// Digits after the point for numbers written into a column of `ty`.
fn number_scale(ty: SqlType) -> u8 {
    match ty {
        SqlType::Decimal { scale, .. } => scale,
        SqlType::Double | SqlType::Varchar => 2,
        _ => 0,
    }
}

/// A column being planned, for its checks and their messages.
struct ColumnAt<'x> {
    qualified: &'x str,
    column: &'x RawColumn,
    columns: &'x [RawColumn],
    rows: u64,
}

fn generator_name(generator: &Generator) -> &'static str {
    match generator {
        Generator::Auto => "auto",
        Generator::Sequence { .. } => "sequence",
        Generator::Integer { .. } => "integer",
        Generator::Decimal { .. } => "decimal",
        Generator::Choice { .. } => "choice",
        Generator::Reference { .. } => "reference",
        Generator::Date { .. } => "date",
        Generator::Timestamp { .. } => "timestamp",
        Generator::LoadTime { .. } => "load_time",
        Generator::Boolean { .. } => "boolean",
        Generator::Fake { .. } => "fake",
        Generator::Pattern { .. } => "pattern",
    }
}

impl ColumnAt<'_> {
    fn invalid(&self, message: String) -> SampleError {
        SampleError::Invalid {
            table: self.qualified.to_owned(),
            column: Some(self.column.name.clone()),
            message,
        }
    }

    fn skew(&self, skew: f64) -> Result<u32, SampleError> {
        rng::skew_q16(skew)
            .ok_or_else(|| self.invalid(format!("`skew` is {skew}; it must be 0 or more")))
    }

    fn after(&self, after: &Option<String>) -> Result<Option<usize>, SampleError> {
        let Some(name) = after else { return Ok(None) };
        match self.columns.iter().position(|c| &c.name == name) {
            Some(i) => Ok(Some(i)),
            None => Err(self.invalid(format!(
                "`after` names `{name}`, which `{}` does not have; name one of its date or \
                 timestamp columns",
                self.qualified
            ))),
        }
    }

    fn kind(
        &self,
        generator: &Generator,
        index: &BTreeMap<String, usize>,
        raw: &[(&str, &RawTable)],
    ) -> Result<Kind, SampleError> {
        self.check_type(generator)?;
        match generator {
            // `auto` was resolved before; treat a stray one as a word.
            Generator::Auto => Ok(Kind::Fake(Fake::Word)),
            Generator::Sequence { start } => {
                let rows = i64::try_from(self.rows).unwrap_or(i64::MAX);
                if start.checked_add(rows).is_none() {
                    return Err(self.invalid(format!(
                        "a sequence from {start} overflows a 64-bit integer within {} rows; \
                         start lower",
                        self.rows
                    )));
                }
                Ok(Kind::Sequence { start: *start })
            }
            Generator::Integer { min, max, skew } => {
                if min > max {
                    return Err(
                        self.invalid(format!("`min` {min} is above `max` {max}; swap them"))
                    );
                }
                let n = (i128::from(*max) - i128::from(*min) + 1) as u128;
                let k0 = if *min > 0 { *min as u128 } else { 1 };
                Ok(Kind::Integer {
                    min: *min,
                    dist: Skewed::new(n, k0, self.skew(*skew)?),
                })
            }
            Generator::Decimal { min, max, skew } => self.decimal(*min, *max, *skew),
            Generator::Choice { values, weights } => self.choice(values, weights),
            Generator::Reference {
                table,
                column,
                skew,
            } => {
                let skew = self.skew(*skew)?;
                let Some(&t) = index.get(table) else {
                    return Err(SampleError::UnknownTable {
                        table: self.qualified.to_owned(),
                        column: self.column.name.clone(),
                        references: table.clone(),
                    });
                };
                let target = raw
                    .get(t)
                    .and_then(|(_, rt)| rt.columns.iter().position(|c| &c.name == column));
                let Some(c) = target else {
                    return Err(SampleError::UnknownColumn {
                        table: self.qualified.to_owned(),
                        column: self.column.name.clone(),
                        references: format!("{table}.{column}"),
                    });
                };
                Ok(Kind::Reference {
                    table: t,
                    column: c,
                    skew,
                })
            }
            Generator::Date { from, to, after } => {
                let parse = |text: &str, what: &str| {
                    time::parse_date(text).ok_or_else(|| {
                        self.invalid(format!("`{what}` is `{text}`, not a date (YYYY-MM-DD)"))
                    })
                };
                let (from, to) = (parse(from, "from")?, parse(to, "to")?);
                if from > to {
                    return Err(self.invalid("`from` is after `to`; swap them".into()));
                }
                Ok(Kind::Date {
                    from,
                    to,
                    after: self.after(after)?,
                })
            }
            Generator::Timestamp { from, to, after } => {
                let parse = |text: &str, what: &str, end: bool| {
                    time::parse_timestamp(text, end).ok_or_else(|| {
                        self.invalid(format!(
                            "`{what}` is `{text}`, not a timestamp (YYYY-MM-DD HH:MM:SS)"
                        ))
                    })
                };
                let (from, to) = (parse(from, "from", false)?, parse(to, "to", true)?);
                if from > to {
                    return Err(self.invalid("`from` is after `to`; swap them".into()));
                }
                Ok(Kind::Timestamp {
                    from,
                    to,
                    after: self.after(after)?,
                })
            }
            Generator::LoadTime { after } => Ok(Kind::LoadTime {
                after: self.after(after)?,
            }),
            Generator::Boolean { true_rate } => Ok(Kind::Boolean {
                rate: Rate::new(*true_rate).ok_or_else(|| {
                    self.invalid(format!(
                        "`true_rate` is {true_rate}; it must be a share between 0 and 1"
                    ))
                })?,
            }),
            Generator::Fake { what } => Ok(Kind::Fake(*what)),
            Generator::Pattern { pattern } => {
                if pattern.is_empty() {
                    return Err(self.invalid(
                        "the pattern is empty; write one such as `SKU-####` (`#` a digit, \
                         `?` a letter)"
                            .into(),
                    ));
                }
                Ok(Kind::Pattern(pattern.clone()))
            }
        }
    }

    /// Refuses a generator whose values the column's type cannot hold.
    fn check_type(&self, generator: &Generator) -> Result<(), SampleError> {
        let ty = self.column.data_type;
        let fits = match generator {
            Generator::Sequence { .. } | Generator::Integer { .. } | Generator::Decimal { .. } => {
                ty.is_numeric() || ty == SqlType::Varchar
            }
            Generator::Date { .. } | Generator::Timestamp { .. } | Generator::LoadTime { .. } => {
                ty.is_temporal() || ty == SqlType::Varchar
            }
            Generator::Boolean { .. } => matches!(ty, SqlType::Boolean | SqlType::Varchar),
            _ => true,
        };
        if fits {
            return Ok(());
        }
        Err(self.invalid(format!(
            "the column is `{ty}`, which a `{}` generator cannot fill; pick a generator that \
             makes {ty} values, or change the column's type",
            generator_name(generator)
        )))
    }

    fn decimal(&self, min: f64, max: f64, skew: f64) -> Result<Kind, SampleError> {
        let ty = self.column.data_type;
        let scale = number_scale(ty);
        if scale > 18 {
            return Err(self.invalid(format!(
                "sample data supports at most 18 digits after the point; `{ty}` has {scale}"
            )));
        }
        if !min.is_finite() || !max.is_finite() {
            return Err(self.invalid("`min` and `max` must be finite numbers".into()));
        }
        if min > max {
            return Err(self.invalid(format!("`min` {min} is above `max` {max}; swap them")));
        }
        let mut unit: f64 = 1.0;
        for _ in 0..scale {
            unit *= 10.0;
        }
        let limit = match ty {
            SqlType::Decimal { precision, .. } => {
                let mut limit: f64 = 1.0;
                for _ in 0..precision.min(38) {
                    limit *= 10.0;
                }
                (limit - 1.0).min(9.0e18)
            }
            _ => 9.0e18,
        };
        let units = |value: f64, what: &str| {
            let scaled = (value * unit).round();
            if scaled.abs() > limit {
                Err(self.invalid(format!(
                    "`{what}` {value} does not fit the column's type `{ty}`; lower it or \
                     widen the type"
                )))
            } else {
                Ok(scaled as i64)
            }
        };
        let (lo, hi) = (units(min, "min")?, units(max, "max")?);
        let n = (i128::from(hi) - i128::from(lo) + 1) as u128;
        let k0 = if lo > 0 { lo as u128 } else { 1 };
        Ok(Kind::Decimal {
            min: lo,
            dist: Skewed::new(n, k0, self.skew(skew)?),
        })
    }

    fn choice(&self, values: &[String], weights: &[f64]) -> Result<Kind, SampleError> {
        if values.is_empty() {
            return Err(self.invalid("a choice needs at least one value".into()));
        }
        if weights.is_empty() {
            return Ok(Kind::Choice {
                values: values.to_vec(),
                cumulative: Vec::new(),
            });
        }
        if weights.len() != values.len() {
            return Err(self.invalid(format!(
                "the choice has {} values but {} weights; give one weight per value, or none \
                 for equal chances",
                values.len(),
                weights.len()
            )));
        }
        if let Some(w) = weights.iter().find(|w| !w.is_finite() || **w < 0.0) {
            return Err(self.invalid(format!(
                "the choice has the weight {w}; weights must be 0 or more"
            )));
        }
        let total: f64 = weights.iter().sum();
        if !total.is_finite() || total <= 0.0 {
            return Err(self.invalid(
                "the choice's weights add up to 0; give at least one value a weight above 0".into(),
            ));
        }
        const ONE: f64 = 9_007_199_254_740_992.0; // 2^53
        let mut sum = 0.0;
        let mut cumulative: Vec<u64> = weights
            .iter()
            .map(|w| {
                sum += w;
                ((sum / total) * ONE) as u64
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1 << 53;
        }
        Ok(Kind::Choice {
            values: values.to_vec(),
            cumulative,
        })
    }
}

/// Refuses `after` pointing at a column that holds no dates or timestamps.
fn check_after_targets(tables: &[TablePlan<'_>]) -> Result<(), SampleError> {
    for table in tables {
        for column in &table.columns {
            let Some(target) = column.kind.after().and_then(|a| table.columns.get(a)) else {
                continue;
            };
            if !target.kind.is_temporal() {
                return Err(SampleError::Invalid {
                    table: table.qualified.clone(),
                    column: Some(column.name.to_owned()),
                    message: format!(
                        "`after` names `{}`, which holds no dates or timestamps; name a date \
                         or timestamp column",
                        target.name
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The columns a column's values are computed from: the referenced column
/// (unless its values are a plain key range) and its `after` column.
fn dependencies(tables: &[TablePlan<'_>], t: usize, c: usize) -> Vec<Node> {
    let Some(column) = tables.get(t).and_then(|table| table.columns.get(c)) else {
        return Vec::new();
    };
    let mut deps = Vec::new();
    if let Kind::Reference { table, column, .. } = column.kind {
        let arithmetic = tables
            .get(table)
            .and_then(|target| target.key_range(column))
            .is_some();
        if !arithmetic {
            deps.push((table, column));
        }
    }
    if let Some(after) = column.kind.after() {
        deps.push((t, after));
    }
    deps
}

/// A column as (table index, column index).
type Node = (usize, usize);

/// Refuses columns whose values depend on each other in a circle.
fn check_cycles(tables: &[TablePlan<'_>]) -> Result<(), SampleError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: Vec<Vec<Mark>> = tables
        .iter()
        .map(|t| vec![Mark::New; t.columns.len()])
        .collect();
    let name = |(t, c): Node| {
        let table = tables.get(t);
        let column = table
            .and_then(|tb| tb.columns.get(c))
            .map_or("?", |c| c.name);
        format!("{}.{column}", table.map_or("?", |tb| tb.qualified.as_str()))
    };
    for (t, table) in tables.iter().enumerate() {
        for c in 0..table.columns.len() {
            // Depth-first search with an explicit stack of (node, next dep).
            let mut stack: Vec<(Node, Vec<Node>)> = Vec::new();
            let start = (t, c);
            if marks[t][c] != Mark::New {
                continue;
            }
            marks[t][c] = Mark::Open;
            stack.push((start, dependencies(tables, t, c)));
            while let Some((node, deps)) = stack.last_mut() {
                let node = *node;
                let Some(next) = deps.pop() else {
                    marks[node.0][node.1] = Mark::Done;
                    stack.pop();
                    continue;
                };
                match marks[next.0][next.1] {
                    Mark::Done => {}
                    Mark::Open => {
                        let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        let mut path: Vec<String> =
                            stack[from..].iter().map(|(n, _)| name(*n)).collect();
                        path.push(name(next));
                        return Err(SampleError::Cycle { path });
                    }
                    Mark::New => {
                        marks[next.0][next.1] = Mark::Open;
                        stack.push((next, dependencies(tables, next.0, next.1)));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Table indexes with referenced tables first, otherwise in document order.
/// Tables that reference each other's plain keys (which is allowed) keep
/// their document order.
fn table_order(tables: &[TablePlan<'_>]) -> Vec<usize> {
    let referenced: Vec<Vec<usize>> = tables
        .iter()
        .enumerate()
        .map(|(t, table)| {
            let mut refs: Vec<usize> = table
                .columns
                .iter()
                .filter_map(|c| match c.kind {
                    Kind::Reference { table, .. } if table != t => Some(table),
                    _ => None,
                })
                .collect();
            refs.sort_unstable();
            refs.dedup();
            refs
        })
        .collect();
    let mut placed = vec![false; tables.len()];
    let mut order = Vec::with_capacity(tables.len());
    while order.len() < tables.len() {
        let ready = (0..tables.len()).find(|&t| {
            !placed[t]
                && referenced[t]
                    .iter()
                    .all(|&r| placed.get(r).copied().unwrap_or(true))
        });
        let Some(next) = ready.or_else(|| (0..tables.len()).find(|&t| !placed[t])) else {
            break;
        };
        placed[next] = true;
        order.push(next);
    }
    order
}

/// The day of the batch that loads row `row` of `rows` when no event time
/// is known: rows are loaded in daily batches over the two years of
/// automatic dates.
pub(crate) fn batch_day(row: u64, rows: u64) -> i64 {
    let span = (auto::AUTO_TO_DAY - auto::AUTO_FROM_DAY + 1) as u128;
    auto::AUTO_FROM_DAY + (u128::from(row) * span / u128::from(rows.max(1))) as i64
}
