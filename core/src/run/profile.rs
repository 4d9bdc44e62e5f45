//! Raw-data profiling, the method's knowledge-gathering step: per raw table
//! its rows and exact duplicates, per column NULLs, distinct values,
//! minimum and maximum, the most common values and a histogram; candidate
//! keys (columns, then pairs, that are unique and never NULL); and likely
//! relationships between raw tables from overlapping values.
//!
//! As with the run plan, this module writes the SQL and reads the rows it
//! returns (as text cells); the app runs it in DuckDB. Queries come in two
//! rounds: [`first_round`] measures every column; [`second_round`] then
//! asks what the measures make worth asking (histograms within each
//! column's range, pairs as keys, overlaps with other tables' keys).

use serde::Serialize;

use crate::design::{RawTable, SqlType};
use crate::render::{quote_ident, string_literal};

/// Cells of a result row, as DuckDB printed them; `None` is NULL.
pub type Row = Vec<Option<String>>;

/// Values shown per column.
pub const TOP_VALUES: usize = 5;
/// Bars in a numeric or date histogram.
pub const BINS: usize = 10;
/// Columns tried pairwise as keys.
const PAIR_CANDIDATES: usize = 6;

/// One raw table's profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TableProfile {
    /// `system.table`.
    pub table: String,
    pub rows: u64,
    /// Rows that exactly repeat an earlier row.
    pub duplicate_rows: u64,
    pub columns: Vec<ColumnProfile>,
    /// Columns, or pairs of columns, that identify a row: unique, no NULLs.
    pub candidate_keys: Vec<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ColumnProfile {
    pub name: String,
    pub data_type: String,
    pub nulls: u64,
    pub distinct: u64,
    pub min: Option<String>,
    pub max: Option<String>,
    /// The most common values with their counts, most common first.
    pub top: Vec<(Option<String>, u64)>,
    /// Equal-width bins over [min, max] with their counts (numbers and
    /// dates; empty for text).
    pub histogram: Vec<Bin>,
}

impl ColumnProfile {
    /// The share of rows that are NULL, 0.0–1.0.
    pub fn null_ratio(&self, rows: u64) -> f64 {
        if rows == 0 {
            0.0
        } else {
            self.nulls as f64 / rows as f64
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bin {
    /// The bin's lower edge, as text.
    pub from: String,
    pub count: u64,
}

/// A likely foreign key: values of `from_table.from_column` found in
/// `to_table.to_column`, which is a key there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relationship {
    pub from_table: String,
    pub from_column: String,
    pub to_table: String,
    pub to_column: String,
    /// Distinct values of the referencing column found in the key, 0.0–1.0.
    pub overlap: f64,
    /// How sure the guess is, 0.0–1.0: the overlap, discounted when the
    /// names do not suggest a reference.
    pub confidence: f64,
}

/// A query and what its rows mean.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Query {
    pub sql: String,
    pub kind: QueryKind,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum QueryKind {
    /// One row: total rows, duplicate rows; then per column (in order)
    /// nulls, distinct, min, max.
    Measures { table: usize },
    /// Rows of (column index, value, count), most common first per column.
    Top { table: usize },
    /// Rows of (column index, bin, count).
    Histogram { table: usize },
    /// One row: distinct count of each pair, in `pairs` order.
    Pairs {
        table: usize,
        pairs: Vec<(usize, usize)>,
    },
    /// One row: per candidate, distinct referencing values and how many
    /// of them are found in the key.
    Overlaps { candidates: Vec<Overlap> },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overlap {
    pub from: (usize, usize),
    pub to: (usize, usize),
}

/// A raw table as profiled: its name (`system.table`), its relation in
/// DuckDB, its columns.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    pub name: String,
    pub relation: String,
    pub table: &'a RawTable,
}

impl<'a> Target<'a> {
    pub fn new(system: &str, table: &'a RawTable) -> Target<'a> {
        Target {
            name: format!("{system}.{}", table.name),
            relation: format!("{}.{}", quote_ident(system), quote_ident(&table.name)),
            table,
        }
    }
}

/// The queries that measure every column of every target.
pub fn first_round(targets: &[Target]) -> Vec<Query> {
    let mut out = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        let cols = &target.table.columns;
        let all = cols
            .iter()
            .map(|c| quote_ident(&c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let mut measures = vec![
            "count(*)".to_owned(),
            format!(
                "(select coalesce(sum(n - 1), 0) from (select count(*) as n from {} group by {all}) as g)",
                target.relation
            ),
        ];
        for c in cols {
            let c = quote_ident(&c.name);
            measures.push(format!("count(*) - count({c})"));
            measures.push(format!("count(distinct {c})"));
            measures.push(format!("cast(min({c}) as varchar)"));
            measures.push(format!("cast(max({c}) as varchar)"));
        }
        out.push(Query {
            sql: format!("select {} from {}", measures.join(", "), target.relation),
            kind: QueryKind::Measures { table: t },
        });
        if cols.is_empty() {
            continue;
        }
        let tops = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "(select {i} as col, cast({c} as varchar) as value, count(*) as n from {rel} \
                     group by {c} order by n desc, value nulls first limit {TOP_VALUES})",
                    c = quote_ident(&c.name),
                    rel = target.relation
                )
            })
            .collect::<Vec<_>>()
            .join("\nunion all\n");
        out.push(Query {
            sql: format!(
                "select * from (\n{tops}\n) as top order by col, n desc, value nulls first"
            ),
            kind: QueryKind::Top { table: t },
        });
    }
    out
}

/// Reads a first-round result into `profiles` (one per target, created on
/// first use).
pub fn read_first(
    targets: &[Target],
    profiles: &mut Vec<TableProfile>,
    query: &Query,
    rows: &[Row],
) {
    if profiles.len() < targets.len() {
        *profiles = targets
            .iter()
            .map(|t| TableProfile {
                table: t.name.clone(),
                columns: t
                    .table
                    .columns
                    .iter()
                    .map(|c| ColumnProfile {
                        name: c.name.clone(),
                        data_type: c.data_type.to_string(),
                        ..ColumnProfile::default()
                    })
                    .collect(),
                ..TableProfile::default()
            })
            .collect();
    }
    match &query.kind {
        QueryKind::Measures { table } => {
            let (Some(p), Some(row), Some(target)) =
                (profiles.get_mut(*table), rows.first(), targets.get(*table))
            else {
                return;
            };
            p.rows = number(row.first());
            p.duplicate_rows = number(row.get(1));
            for (i, c) in p.columns.iter_mut().enumerate() {
                let at = 2 + 4 * i;
                c.nulls = number(row.get(at));
                c.distinct = number(row.get(at + 1));
                c.min = row.get(at + 2).cloned().flatten();
                c.max = row.get(at + 3).cloned().flatten();
            }
            let rows = p.rows;
            // Keys are identifiers: whole numbers, text or dates. A
            // timestamp or an amount that happens to be unique in a sample
            // is no key; id-like names come first.
            let mut keys: Vec<&ColumnProfile> = p
                .columns
                .iter()
                .zip(&target.table.columns)
                .filter(|(c, col)| {
                    rows > 0
                        && c.nulls == 0
                        && c.distinct == rows
                        && matches!(
                            col.data_type,
                            SqlType::Integer | SqlType::Bigint | SqlType::Varchar | SqlType::Date
                        )
                })
                .map(|(c, _)| c)
                .collect();
            keys.sort_by_key(|c| !id_like(&c.name));
            p.candidate_keys = keys.into_iter().map(|c| vec![c.name.clone()]).collect();
        }
        QueryKind::Top { table } => {
            let Some(p) = profiles.get_mut(*table) else {
                return;
            };
            for row in rows {
                let i = number(row.first()) as usize;
                if let Some(c) = p.columns.get_mut(i) {
                    c.top
                        .push((row.get(1).cloned().flatten(), number(row.get(2))));
                }
            }
        }
        QueryKind::Histogram { table } => {
            let Some(p) = profiles.get_mut(*table) else {
                return;
            };
            for row in rows {
                let i = number(row.first()) as usize;
                if let (Some(c), Some(Some(from))) = (p.columns.get_mut(i), row.get(1)) {
                    c.histogram.push(Bin {
                        from: from.clone(),
                        count: number(row.get(2)),
                    });
                }
            }
        }
        QueryKind::Pairs { table, pairs } => {
            let (Some(p), Some(row)) = (profiles.get_mut(*table), rows.first()) else {
                return;
            };
            for (k, &(a, b)) in pairs.iter().enumerate() {
                let distinct = number(row.get(k));
                if p.rows > 0 && distinct == p.rows {
                    let (Some(ca), Some(cb)) = (p.columns.get(a), p.columns.get(b)) else {
                        continue;
                    };
                    p.candidate_keys
                        .push(vec![ca.name.clone(), cb.name.clone()]);
                }
            }
        }
        QueryKind::Overlaps { .. } => {}
    }
}

/// The queries the first round's measures make worth asking: histograms,
/// pairs of columns as keys (when no single column is one), and overlaps
/// between columns and other tables' single-column keys.
pub fn second_round(targets: &[Target], profiles: &[TableProfile]) -> Vec<Query> {
    let mut out = Vec::new();
    for (t, (target, p)) in targets.iter().zip(profiles).enumerate() {
        let bins: Vec<String> = target
            .table
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, col)| {
                let c = p.columns.get(i)?;
                let (min, max) = (c.min.as_ref()?, c.max.as_ref()?);
                if c.distinct < 2 {
                    return None;
                }
                let name = quote_ident(&col.name);
                let (value, lo, hi) = match col.data_type {
                    SqlType::Integer | SqlType::Bigint | SqlType::Double | SqlType::Decimal { .. } => (
                        format!("cast({name} as double)"),
                        format!("cast({} as double)", string_literal(min)),
                        format!("cast({} as double)", string_literal(max)),
                    ),
                    SqlType::Date | SqlType::Timestamp => (
                        format!("epoch(cast({name} as timestamp))"),
                        format!("epoch(cast({} as timestamp))", string_literal(min)),
                        format!("epoch(cast({} as timestamp))", string_literal(max)),
                    ),
                    _ => return None,
                };
                let label = match col.data_type {
                    // make_timestamp (microseconds) stays a plain TIMESTAMP;
                    // to_timestamp's time zone would need the ICU extension.
                    SqlType::Date | SqlType::Timestamp => format!(
                        "cast(cast(make_timestamp(cast(({lo} + b * ({hi} - {lo}) / {BINS}) * 1000000 as bigint)) as date) as varchar)"
                    ),
                    _ => format!("cast(round({lo} + b * ({hi} - {lo}) / {BINS}, 2) as varchar)"),
                };
                Some(format!(
                    "(select {i} as col, {label} as bin, count(*) as n from (\
                     select least({last}, cast(floor(({value} - {lo}) / nullif({hi} - {lo}, 0) * {BINS}) as integer)) as b \
                     from {rel} where {name} is not null) as binned group by b order by b)",
                    last = BINS - 1,
                    rel = target.relation
                ))
            })
            .collect();
        if !bins.is_empty() {
            out.push(Query {
                sql: format!(
                    "select * from (\n{}\n) as h order by col",
                    bins.join("\nunion all\n")
                ),
                kind: QueryKind::Histogram { table: t },
            });
        }
        if p.candidate_keys.is_empty() && p.rows > 0 {
            // The columns closest to unique, without NULLs, tried in pairs.
            let mut near: Vec<usize> = (0..p.columns.len())
                .filter(|&i| {
                    p.columns
                        .get(i)
                        .is_some_and(|c| c.nulls == 0 && c.distinct > 1)
                        && target.table.columns.get(i).is_some_and(|c| {
                            matches!(
                                c.data_type,
                                SqlType::Integer
                                    | SqlType::Bigint
                                    | SqlType::Varchar
                                    | SqlType::Date
                            )
                        })
                })
                .collect();
            near.sort_by_key(|&i| std::cmp::Reverse(p.columns.get(i).map_or(0, |c| c.distinct)));
            near.truncate(PAIR_CANDIDATES);
            let pairs: Vec<(usize, usize)> = near
                .iter()
                .enumerate()
                .flat_map(|(k, &a)| near.iter().skip(k + 1).map(move |&b| (a, b)))
                .collect();
            if !pairs.is_empty() {
                let counts = pairs
                    .iter()
                    .map(|&(a, b)| {
                        let (ca, cb) =
                            (&target.table.columns[a].name, &target.table.columns[b].name);
                        format!(
                            "(select count(*) from (select distinct {}, {} from {}) as d)",
                            quote_ident(ca),
                            quote_ident(cb),
                            target.relation
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(Query {
                    sql: format!("select {counts}"),
                    kind: QueryKind::Pairs { table: t, pairs },
                });
            }
        }
    }
    let candidates = overlap_candidates(targets, profiles);
    if !candidates.is_empty() {
        let measures = candidates
            .iter()
            .map(|o| {
                let (from, to) = (&targets[o.from.0], &targets[o.to.0]);
                let fc = quote_ident(&from.table.columns[o.from.1].name);
                let tc = quote_ident(&to.table.columns[o.to.1].name);
                format!(
                    "(select count(distinct f.{fc}) from {} as f where f.{fc} is not null), \
                     (select count(distinct f.{fc}) from {} as f where f.{fc} in (select k.{tc} from {} as k))",
                    from.relation, from.relation, to.relation
                )
            })
            .collect::<Vec<_>>()
            .join(",\n");
        out.push(Query {
            sql: format!("select {measures}"),
            kind: QueryKind::Overlaps { candidates },
        });
    }
    out
}

/// Column pairs worth testing as references: a column of one table and a
/// single-column key of another, of compatible types.
fn overlap_candidates(targets: &[Target], profiles: &[TableProfile]) -> Vec<Overlap> {
    let mut out = Vec::new();
    for (kt, key_profile) in profiles.iter().enumerate() {
        for key in key_profile.candidate_keys.iter().filter(|k| k.len() == 1) {
            let Some(kc) = targets[kt]
                .table
                .columns
                .iter()
                .position(|c| c.name == key[0])
            else {
                continue;
            };
            let key_type = targets[kt].table.columns[kc].data_type;
            for (ft, from) in targets.iter().enumerate() {
                if ft == kt {
                    continue;
                }
                for (fc, col) in from.table.columns.iter().enumerate() {
                    let comparable = matches!(
                        (col.data_type, key_type),
                        (
                            SqlType::Integer | SqlType::Bigint,
                            SqlType::Integer | SqlType::Bigint
                        ) | (SqlType::Varchar, SqlType::Varchar)
                    );
                    if comparable
                        && names_suggest(&col.name, &key[0], &targets[kt].table.name) > 0.0
                    {
                        out.push(Overlap {
                            from: (ft, fc),
                            to: (kt, kc),
                        });
                    }
                }
            }
        }
    }
    out
}

/// How much two column names suggest a reference (0.0: not at all): the
/// same name, or the key's name with the table's (`customer_id` →
/// `customers.id`), or sharing an id-like stem.
fn names_suggest(column: &str, key: &str, key_table: &str) -> f64 {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', ' '], "");
    let (c, k) = (norm(column), norm(key));
    let singular = norm(key_table.trim_end_matches('s'));
    if c == k {
        1.0
    } else if c == format!("{singular}{k}") || c == format!("{singular}id") {
        0.9
    } else if (c.ends_with("id") || c.ends_with("no") || c.ends_with("code") || c.ends_with("key"))
        && (c.ends_with(&k) || k.ends_with(&c))
    {
        0.7
    } else {
        0.0
    }
}

/// Relationships from an overlaps query's row.
pub fn read_overlaps(targets: &[Target], query: &Query, rows: &[Row]) -> Vec<Relationship> {
    let (QueryKind::Overlaps { candidates }, Some(row)) = (&query.kind, rows.first()) else {
        return Vec::new();
    };
    let mut out: Vec<Relationship> = candidates
        .iter()
        .enumerate()
        .filter_map(|(k, o)| {
            let distinct = number(row.get(2 * k));
            let found = number(row.get(2 * k + 1));
            if distinct == 0 || found == 0 {
                return None;
            }
            let (from, to) = (targets.get(o.from.0)?, targets.get(o.to.0)?);
            let (fc, tc) = (
                from.table.columns.get(o.from.1)?,
                to.table.columns.get(o.to.1)?,
            );
            let overlap = found as f64 / distinct as f64;
            let confidence = overlap * names_suggest(&fc.name, &tc.name, &to.table.name);
            (overlap >= 0.5).then(|| Relationship {
                from_table: from.name.clone(),
                from_column: fc.name.clone(),
                to_table: to.name.clone(),
                to_column: tc.name.clone(),
                overlap,
                confidence,
            })
        })
        .collect();
    out.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    out
}

/// `customer_id`, `CustomerId`, `MEMBER_NO`, `store_code`, `sku`.
fn id_like(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('_', "");
    ["id", "no", "nr", "number", "code", "key", "sku"]
        .iter()
        .any(|end| n.ends_with(end))
}

fn number(cell: Option<&Option<String>>) -> u64 {
    cell.and_then(|c| c.as_deref())
        .and_then(|c| c.parse::<f64>().ok())
        .map_or(0, |n| n.max(0.0) as u64)
}
