//! Generating rows: the [`Sampler`] that streams a table as CSV, and the
//! per-cell evaluation behind it.
//!
//! Every cell is a pure function of (table seed, column name, row number)
//! and, for `after` columns, the value it follows. So a table streams in
//! constant memory, a duplicate is a copy of a recent line, and the values a
//! reference draws from can be computed from the referenced column alone:
//! arithmetically for a sequence key (`start..start + rows`), otherwise by
//! running just that column and keeping its distinct values (at most
//! [`MAX_REFERENCE_VALUES`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use crate::design::Design;

use super::csv::{Sink, push_field};
use super::fake::fake;
use super::plan::{self, ColumnPlan, Kind, Plan, TablePlan, TimeFormat};
use super::rng::{self, Rng, Skewed};
use super::time::{self, DAY};
use super::words::HOUR_WEIGHTS;
use super::{Options, SampleData, SampleError, TableData, TableStats};

/// The most distinct values kept for a referenced column that is not a
/// plain sequence; references draw from the first ones found.
pub(crate) const MAX_REFERENCE_VALUES: usize = 100_000;

/// How far (at most) an `after` value falls behind the value it follows
/// when `to` leaves room, in days.
const AFTER_WINDOW_DAYS: i64 = 90;

/// How far an `after` value falls behind when `to` leaves no room, in days.
const AFTER_OVERFLOW_DAYS: i64 = 7;

/// Generates sample data for the raw tables of a design.
///
/// Building one checks every table's sample settings (references resolve,
/// no cycles, weights match values, types fit) and plans the generation;
/// [`Sampler::write_csv`] then streams one table. Values a reference draws
/// from are computed once and kept for the sampler's lifetime.
#[derive(Debug)]
pub struct Sampler<'a> {
    plan: Plan<'a>,
    cache: BTreeMap<(usize, usize), Pool>,
}

/// The values a reference draws from.
#[derive(Debug)]
enum Pool {
    /// `start..start + n` (a sequence key).
    Keys { start: i64, n: u64 },
    /// Distinct values as written, in the order first generated.
    Values(Vec<Box<[u8]>>),
}

impl Pool {
    fn len(&self) -> u64 {
        match self {
            Pool::Keys { n, .. } => *n,
            Pool::Values(values) => values.len() as u64,
        }
    }
}

impl<'a> Sampler<'a> {
    /// Checks the design's sample settings and plans generation with
    /// `options` (a row count or seed that overrides the design's).
    pub fn new(design: &'a Design, options: &Options) -> Result<Sampler<'a>, SampleError> {
        Ok(Sampler {
            plan: plan::plan(design, options)?,
            cache: BTreeMap::new(),
        })
    }

    /// The raw tables as `(system, table)`, each after the tables it
    /// references (otherwise in document order). The list is owned, so a
    /// loop over it can call [`Sampler::write_csv`].
    pub fn tables(&self) -> Vec<(&'a str, &'a str)> {
        self.plan
            .order
            .iter()
            .filter_map(|&t| self.plan.tables.get(t))
            .map(|t| (t.system, t.name))
            .collect()
    }

    /// How many distinct rows the table `system.table` gets (duplicates
    /// come on top), or `None` if the design has no such table.
    pub fn rows(&self, system: &str, table: &str) -> Option<u64> {
        self.find(system, table)
            .and_then(|t| self.plan.tables.get(t))
            .map(|t| t.rows)
    }

    /// Streams the table `system.table` to `out` as CSV: a header row, then
    /// one line per row (LF line ends). Returns what was written.
    pub fn write_csv<W: Write>(
        &mut self,
        system: &str,
        table: &str,
        out: W,
    ) -> Result<TableStats, SampleError> {
        let t = self
            .find(system, table)
            .ok_or_else(|| SampleError::NoSuchTable {
                table: format!("{system}.{table}"),
            })?;
        let all = match self.plan.tables.get(t) {
            Some(plan) => plan.eval_order(0..plan.columns.len()),
            None => Vec::new(),
        };
        ensure_references(&self.plan, &mut self.cache, t, &all)?;
        let Some(plan) = self.plan.tables.get(t) else {
            return Err(SampleError::NoSuchTable {
                table: format!("{system}.{table}"),
            });
        };
        let mut runtime = Runtime::new(plan, all, &self.cache);
        write_table(&mut runtime, out)
    }

    fn find(&self, system: &str, table: &str) -> Option<usize> {
        self.plan
            .tables
            .iter()
            .position(|t| t.system == system && t.name == table)
    }
}

/// Streams the raw table `system.table` of `design` to `out` as CSV.
///
/// The same design and options always give the same bytes. This plans the
/// whole design first; to write several tables, build one [`Sampler`].
pub fn write_csv<W: Write>(
    design: &Design,
    system: &str,
    table: &str,
    options: &Options,
    out: W,
) -> Result<TableStats, SampleError> {
    Sampler::new(design, options)?.write_csv(system, table, out)
}

/// Generates every raw table of `design` as CSV text in memory, referenced
/// tables first. For large tables prefer [`Sampler::write_csv`], which
/// streams.
pub fn generate(design: &Design, options: &Options) -> Result<SampleData, SampleError> {
    let mut sampler = Sampler::new(design, options)?;
    let names = sampler.tables();
    let mut tables = Vec::with_capacity(names.len());
    for (system, table) in names {
        let mut bytes = Vec::new();
        let stats = sampler.write_csv(system, table, &mut bytes)?;
        let csv = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        tables.push(TableData {
            system: system.to_owned(),
            table: table.to_owned(),
            csv,
            stats,
        });
    }
    Ok(SampleData { tables })
}

/// Computes the pools of every reference among `columns` of table `t`,
/// and the pools those depend on, into `cache`.
fn ensure_references(
    plan: &Plan<'_>,
    cache: &mut BTreeMap<(usize, usize), Pool>,
    t: usize,
    columns: &[usize],
) -> Result<(), SampleError> {
    let Some(table) = plan.tables.get(t) else {
        return Ok(());
    };
    for &c in columns {
        if let Some(Kind::Reference { table, column, .. }) = table.columns.get(c).map(|c| &c.kind) {
            ensure_pool(plan, cache, *table, *column)?;
        }
    }
    Ok(())
}

/// Computes the pool of column `c` of table `t` into `cache`. The plan has
/// no cycles, so the recursion ends.
fn ensure_pool(
    plan: &Plan<'_>,
    cache: &mut BTreeMap<(usize, usize), Pool>,
    t: usize,
    c: usize,
) -> Result<(), SampleError> {
    if cache.contains_key(&(t, c)) {
        return Ok(());
    }
    let Some(table) = plan.tables.get(t) else {
        return Ok(());
    };
    let pool = match table.key_range(c) {
        Some(start) => Pool::Keys {
            start,
            n: table.rows,
        },
        None => {
            let order = table.eval_order([c]);
            ensure_references(plan, cache, t, &order)?;
            let mut runtime = Runtime::new(table, order, cache);
            Pool::Values(runtime.collect(c))
        }
    };
    cache.insert((t, c), pool);
    Ok(())
}

/// A reference column's pool with its skew: popular ranks are scattered
/// over the pool by a fixed permutation, so the busiest customers are not
/// simply the first ones.
struct Draw<'c> {
    pool: &'c Pool,
    dist: Skewed,
    step: u128,
    offset: u128,
}

impl Draw<'_> {
    fn new<'c>(pool: &'c Pool, skew: u32, seed: u64) -> Draw<'c> {
        let n = pool.len();
        let mut step = ((u128::from(n) * 0x9E37_79B9_7F4A_7C15) >> 64) as u64 | 1;
        while n > 1 && gcd(step, n) != 1 {
            step += 1;
        }
        Draw {
            pool,
            dist: Skewed::new(u128::from(n), 1, skew),
            step: u128::from(step),
            offset: u128::from(seed % n.max(1)),
        }
    }

    /// The index into the pool of a draw, or `None` if the pool is empty.
    fn index(&self, rng: &mut Rng) -> Option<u64> {
        let n = self.dist.len();
        if n == 0 {
            return None;
        }
        let rank = self.dist.draw(rng);
        Some(((rank * self.step + self.offset) % n) as u64)
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// One cell of the row being generated.
#[derive(Clone, Debug, Default)]
struct Cell {
    null: bool,
    /// Padded or blanked on purpose.
    dirty: bool,
    /// Seconds since 1970 for dates and timestamps.
    instant: i64,
    /// The value as written in the CSV.
    text: Vec<u8>,
}

/// Row-level decisions, the same for every column of a row.
struct RowFate {
    duplicate: bool,
    /// Rows after this one that its copy is written.
    delay: u64,
    late: bool,
    late_days: i64,
}

/// A table being generated: its plan, the columns to compute in order, the
/// pools of its references, and the cells of the current row.
struct Runtime<'r> {
    table: &'r TablePlan<'r>,
    order: Vec<usize>,
    draws: Vec<Option<Draw<'r>>>,
    cells: Vec<Cell>,
}

impl<'r> Runtime<'r> {
    fn new(
        table: &'r TablePlan<'r>,
        order: Vec<usize>,
        cache: &'r BTreeMap<(usize, usize), Pool>,
    ) -> Runtime<'r> {
        let draws = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match c.kind {
                Kind::Reference {
                    table: rt,
                    column: rc,
                    skew,
                } if order.contains(&i) => cache
                    .get(&(rt, rc))
                    .map(|pool| Draw::new(pool, skew, c.seed)),
                _ => None,
            })
            .collect();
        Runtime {
            table,
            order,
            draws,
            cells: vec![Cell::default(); table.columns.len()],
        }
    }

    fn fate(&self, row: u64) -> RowFate {
        let mut rng = rng::cell(self.table.row_seed, row);
        let duplicate = self.table.duplicate.hit(rng.next_u64());
        let delay = 1 + rng.below(16);
        let late = self.table.late.hit(rng.next_u64());
        let late_days = 1 + rng.below(10) as i64;
        RowFate {
            duplicate,
            delay,
            late,
            late_days,
        }
    }

    /// Computes the cells of row `row` for the columns in `order`.
    fn row(&mut self, row: u64, fate: &RowFate) {
        for i in 0..self.order.len() {
            let Some(&c) = self.order.get(i) else {
                continue;
            };
            let after = self
                .table
                .columns
                .get(c)
                .and_then(|col| col.kind.after())
                .and_then(|a| self.cells.get(a))
                .filter(|cell| !cell.null)
                .map(|cell| cell.instant);
            let (Some(column), Some(cell)) = (self.table.columns.get(c), self.cells.get_mut(c))
            else {
                continue;
            };
            let draw = self.draws.get(c).and_then(Option::as_ref);
            eval(column, draw, row, self.table.rows, fate, after, cell);
        }
    }

    /// The distinct values column `c` takes, as written, unless NULL or
    /// made dirty on purpose; at most [`MAX_REFERENCE_VALUES`].
    fn collect(&mut self, c: usize) -> Vec<Box<[u8]>> {
        let mut seen = BTreeSet::new();
        let mut values = Vec::new();
        for row in 0..self.table.rows {
            let fate = self.fate(row);
            self.row(row, &fate);
            let Some(cell) = self.cells.get(c) else {
                break;
            };
            if cell.null || cell.dirty || seen.contains(cell.text.as_slice()) {
                continue;
            }
            let value: Box<[u8]> = cell.text.as_slice().into();
            seen.insert(value.clone());
            values.push(value);
            if values.len() >= MAX_REFERENCE_VALUES {
                break;
            }
        }
        values
    }
}

/// Writes the header and every row of `runtime`'s table to `out`.
fn write_table<W: Write>(runtime: &mut Runtime<'_>, out: W) -> Result<TableStats, SampleError> {
    let table = runtime.table;
    let mut sink = Sink::new(out);
    let mut line = Vec::with_capacity(256);
    for (i, column) in table.columns.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        push_field(&mut line, column.name.as_bytes());
    }
    line.push(b'\n');
    sink.line(&line)?;

    let counts_late = table.has_load_time();
    let mut stats = TableStats {
        rows: table.rows,
        ..TableStats::default()
    };
    // Copies waiting to be written: (row after which it is due, the line).
    let mut pending: Vec<(u64, Vec<u8>)> = Vec::new();
    for row in 0..table.rows {
        let fate = runtime.fate(row);
        runtime.row(row, &fate);
        line.clear();
        for (i, cell) in runtime.cells.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            if !cell.null {
                push_field(&mut line, &cell.text);
            }
        }
        line.push(b'\n');
        sink.line(&line)?;
        if fate.late && counts_late {
            stats.late += 1;
        }
        if fate.duplicate {
            pending.push((row + fate.delay, line.clone()));
        }
        if pending.iter().any(|(due, _)| *due <= row) {
            for (_, copy) in pending.iter().filter(|(due, _)| *due <= row) {
                sink.line(copy)?;
                stats.duplicates += 1;
            }
            pending.retain(|(due, _)| *due > row);
        }
    }
    for (_, copy) in &pending {
        sink.line(copy)?;
        stats.duplicates += 1;
    }
    stats.bytes = sink.bytes;
    sink.finish()?;
    Ok(stats)
}

/// Computes one cell.
fn eval(
    column: &ColumnPlan<'_>,
    draw: Option<&Draw<'_>>,
    row: u64,
    rows: u64,
    fate: &RowFate,
    after: Option<i64>,
    cell: &mut Cell,
) {
    let mut rng = rng::cell(column.seed, row);
    // Always the first two draws, so other settings never shift values.
    let null_bits = rng.next_u64();
    let dirty_bits = rng.next_u64();
    cell.text.clear();
    cell.null = column.null.hit(null_bits);
    cell.dirty = false;
    cell.instant = 0;
    if cell.null {
        return;
    }
    let out = &mut cell.text;
    match &column.kind {
        Kind::Sequence { start } => {
            push_int(out, start.saturating_add(row as i64), column.int_scale);
        }
        Kind::Integer { min, dist } => {
            let value = i128::from(*min) + dist.draw(&mut rng) as i128;
            push_int(out, value as i64, column.int_scale);
        }
        Kind::Decimal { min, dist } => {
            let value = i128::from(*min) + dist.draw(&mut rng) as i128;
            push_scaled(out, value as i64, column.scale);
        }
        Kind::Choice { values, cumulative } => {
            let i = if cumulative.is_empty() {
                rng.below(values.len() as u64) as usize
            } else {
                let x = rng.next_u64() >> 11;
                cumulative.partition_point(|&c| c <= x)
            };
            if let Some(value) = values.get(i).or(values.last()) {
                out.extend_from_slice(value.as_bytes());
            }
        }
        Kind::Reference { .. } => match draw.and_then(|d| Some((d.pool, d.index(&mut rng)?))) {
            Some((Pool::Keys { start, .. }, i)) => {
                push_int(out, start.saturating_add(i as i64), column.int_scale);
            }
            Some((Pool::Values(values), i)) => match values.get(i as usize) {
                Some(value) => out.extend_from_slice(value),
                None => cell.null = true,
            },
            // Nothing to point at (the referenced table is empty).
            None => cell.null = true,
        },
        Kind::Date { from, to, .. } => {
            let day = match after {
                Some(a) => following(a.div_euclid(DAY), *from, *to, DAY, &mut rng),
                None => *from + rng.below((*to - *from + 1) as u64) as i64,
            };
            cell.instant = time::clamp_instant(day.saturating_mul(DAY));
        }
        Kind::Timestamp { from, to, .. } => {
            cell.instant = match after {
                Some(a) => following(a, *from, *to, 1, &mut rng),
                None => {
                    let (first, last) = (from.div_euclid(DAY), to.div_euclid(DAY));
                    let day = first + rng.below((last - first + 1) as u64) as i64;
                    let hour = weighted_hour(&mut rng);
                    let second = rng.below(3600) as i64;
                    (day * DAY + hour * 3600 + second).clamp(*from, *to)
                }
            };
        }
        Kind::LoadTime { .. } => {
            let day = match after {
                Some(a) => a.div_euclid(DAY) + 1,
                None => plan::batch_day(row, rows),
            };
            let jitter = rng.below(3600) as i64;
            let late = if fate.late { fate.late_days } else { 0 };
            cell.instant = time::clamp_instant((day + late) * DAY + 2 * 3600 + jitter);
        }
        Kind::Boolean { rate } => {
            let value: &[u8] = if rate.hit(rng.next_u64()) {
                b"true"
            } else {
                b"false"
            };
            out.extend_from_slice(value);
        }
        Kind::Fake(what) => fake(*what, &mut rng, out),
        Kind::Pattern(pattern) => {
            for b in pattern.bytes() {
                match b {
                    b'#' => out.push(b'0' + rng.below(10) as u8),
                    b'?' => out.push(b'A' + rng.below(26) as u8),
                    other => out.push(other),
                }
            }
        }
    }
    if cell.null {
        return;
    }
    if matches!(
        column.kind,
        Kind::Date { .. } | Kind::Timestamp { .. } | Kind::LoadTime { .. }
    ) {
        match column.time {
            TimeFormat::Date => time::push_date(out, cell.instant.div_euclid(DAY)),
            TimeFormat::Timestamp => time::push_timestamp(out, cell.instant),
        }
    }
    if column.dirty.hit(dirty_bits) {
        cell.dirty = true;
        let pad = 1 + (dirty_bits & 1) as usize;
        match (dirty_bits >> 1) & 3 {
            0 => {
                out.splice(0..0, std::iter::repeat_n(b' ', pad));
            }
            1 => out.extend(std::iter::repeat_n(b' ', pad)),
            2 => {
                out.splice(0..0, std::iter::repeat_n(b' ', pad));
                out.extend(std::iter::repeat_n(b' ', pad));
            }
            _ => out.clear(),
        }
    }
}

/// A value no earlier than `after`, counted in units of `unit` seconds
/// (`DAY` for dates, 1 for timestamps): usually
/// soon after it, within `to` when that leaves room.
fn following(after: i64, from: i64, to: i64, unit: i64, rng: &mut Rng) -> i64 {
    let lo = after.max(from);
    let per_day = DAY / unit;
    let hi = if to > lo {
        to.min(lo + AFTER_WINDOW_DAYS * per_day)
    } else {
        lo + AFTER_OVERFLOW_DAYS * per_day
    };
    lo + rng.below_near((hi - lo + 1) as u64) as i64
}

/// An hour of the day, busier by day than at night.
fn weighted_hour(rng: &mut Rng) -> i64 {
    let total: u32 = HOUR_WEIGHTS.iter().sum();
    let mut x = rng.below(u64::from(total)) as u32;
    for (hour, &weight) in HOUR_WEIGHTS.iter().enumerate() {
        if x < weight {
            return hour as i64;
        }
        x -= weight;
    }
    12
}

/// Appends a whole number, with `scale` zeros after a point when non-zero.
fn push_int(out: &mut Vec<u8>, value: i64, scale: u8) {
    if value < 0 {
        out.push(b'-');
    }
    time::push_padded(out, value.unsigned_abs(), 1);
    if scale > 0 {
        out.push(b'.');
        out.extend(std::iter::repeat_n(b'0', usize::from(scale)));
    }
}

/// Appends `units` × 10^-`scale` with exactly `scale` digits after the point.
fn push_scaled(out: &mut Vec<u8>, units: i64, scale: u8) {
    if scale == 0 {
        push_int(out, units, 0);
        return;
    }
    let mut unit: u64 = 1;
    for _ in 0..scale.min(19) {
        unit = unit.saturating_mul(10);
    }
    if units < 0 {
        out.push(b'-');
    }
    let magnitude = units.unsigned_abs();
    time::push_padded(out, magnitude / unit, 1);
    out.push(b'.');
    time::push_padded(out, magnitude % unit, usize::from(scale));
}
