//! Column lineage of one SQL statement.
//!
//! [`analyze`] parses a `SELECT` (DuckDB or Snowflake dialect) and reports
//! which relations it reads and, for every output column, the upstream
//! columns it is derived from, how ([`Transform`]), and the columns that only
//! influence it (join keys, filters, grouping, window partitions, `QUALIFY`).
//!
//! Relations are named as written (`pos.orders`, `vlt.vlt_obj_customer`);
//! mapping them to models is the caller's business. `SELECT *` is expanded
//! from a [`Catalog`]; a star over a relation the catalog does not know is an
//! error, never a guess.
//!
//! Analysis never panics and stays bounded on hostile input: the parser has a
//! recursion limit, and the walk over the tree counts its own depth, so deep
//! nesting is an error (with a position) rather than a stack overflow.

mod design;
mod walk;

pub use design::{
    DesignLineage, ErrorKind, ModelError, ModelLineage, analyze_design, analyze_design_with,
    columns_text,
};

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;

use serde::Serialize;
use sqlparser::dialect::{DuckDbDialect, SnowflakeDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, Tokenizer};

/// The SQL dialect a statement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Duckdb,
    Snowflake,
}

/// What the analysis knows about upstream relations: their column names.
pub trait Catalog {
    /// The columns of `relation` (as written in the SQL, e.g. `pos.orders`),
    /// or `None` when the relation is unknown.
    fn columns(&self, relation: &str) -> Option<Vec<String>>;
}

fn lookup<'m>(
    mut entries: impl Iterator<Item = (&'m String, &'m Vec<String>)>,
    relation: &str,
) -> Option<Vec<String>> {
    entries
        .find(|(name, _)| name.eq_ignore_ascii_case(relation))
        .map(|(_, cols)| cols.clone())
}

/// Relation names match case-insensitively, as unquoted SQL names do.
impl Catalog for BTreeMap<String, Vec<String>> {
    fn columns(&self, relation: &str) -> Option<Vec<String>> {
        match self.get(relation) {
            Some(cols) => Some(cols.clone()),
            None => lookup(self.iter(), relation),
        }
    }
}

/// Relation names match case-insensitively, as unquoted SQL names do.
impl<S: BuildHasher> Catalog for HashMap<String, Vec<String>, S> {
    fn columns(&self, relation: &str) -> Option<Vec<String>> {
        match self.get(relation) {
            Some(cols) => Some(cols.clone()),
            None => lookup(self.iter(), relation),
        }
    }
}

/// One column of one upstream relation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ColumnRef {
    /// The relation as written (`pos.orders`).
    pub relation: String,
    pub column: String,
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.relation, self.column)
    }
}

/// How an output column is derived from its sources. Ordered from the
/// weakest to the strongest: a column built in several steps reports the
/// strongest step (an expression over an aggregate is an aggregate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transform {
    /// No upstream column: a literal or a function of none.
    Constant,
    /// The upstream value passed through, possibly renamed.
    Direct,
    /// Computed row by row from upstream values.
    Expression,
    /// Computed by an aggregate over groups of rows.
    Aggregate,
    /// Computed by a window function.
    Window,
}

impl fmt::Display for Transform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transform::Constant => "constant",
            Transform::Direct => "direct",
            Transform::Expression => "expression",
            Transform::Aggregate => "aggregate",
            Transform::Window => "window",
        })
    }
}

/// The lineage of one output column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnLineage {
    pub name: String,
    /// The upstream columns whose values flow into this column, sorted.
    pub sources: Vec<ColumnRef>,
    pub transform: Transform,
    /// Columns that decide which rows exist or how they are grouped or
    /// ordered for a window, without their values flowing in; sorted, and
    /// never repeating a source.
    pub influenced_by: Vec<ColumnRef>,
}

/// The analysis of one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// Upstream relations read (CTEs excluded), in order of first mention.
    pub relations: Vec<String>,
    /// The output columns, in order.
    pub columns: Vec<ColumnLineage>,
}

/// Why a statement could not be analysed, and where (1-based line and
/// column; 0 when the position is unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalysisError {
    pub kind: AnalysisErrorKind,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// What kind of problem stopped an analysis, so callers (the column rules,
/// the UI) can tell a mistake in the SQL from a limit of the analyser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisErrorKind {
    /// The text does not parse.
    Syntax,
    /// Nesting or operator chains past the analyser's limits.
    TooDeep,
    /// Not exactly one query (a data change, several statements, none).
    NotAQuery,
    /// Valid SQL the analyser does not follow (yet).
    Unsupported,
    /// A qualifier names no relation in scope.
    UnknownRelation,
    /// A column no relation in scope has.
    UnknownColumn,
    /// An unqualified column more than one relation in scope has.
    AmbiguousColumn,
    /// Column lists that must match in length do not (set operations,
    /// column aliases).
    ColumnCount,
    /// The columns of a relation are needed but unknown.
    UnknownSchema,
    /// Any other mistake in the query.
    Invalid,
}

impl AnalysisError {
    fn new(kind: AnalysisErrorKind, loc: Location, message: impl Into<String>) -> Self {
        AnalysisError {
            kind,
            line: loc.line,
            column: loc.column,
            message: message.into(),
        }
    }
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for AnalysisError {}

/// The parser's recursion limit. Real model SQL nests a handful of levels;
/// this leaves wide headroom while keeping the parser's stack use small
/// enough for WebAssembly.
const PARSER_RECURSION_LIMIT: usize = 64;

/// Analyses one statement. See the module documentation.
pub fn analyze(
    sql: &str,
    dialect: Dialect,
    catalog: &dyn Catalog,
) -> Result<Analysis, AnalysisError> {
    let duckdb = DuckDbDialect {};
    let snowflake = SnowflakeDialect {};
    let parser_dialect: &dyn sqlparser::dialect::Dialect = match dialect {
        Dialect::Duckdb => &duckdb,
        Dialect::Snowflake => &snowflake,
    };
    let tokens = Tokenizer::new(parser_dialect, sql)
        .tokenize_with_location()
        .map_err(|e| {
            parser_error(
                ParserError::TokenizerError(e.to_string()),
                sql,
                parser_dialect,
            )
        })?;
    check_chains(&tokens)?;
    let statements = Parser::new(parser_dialect)
        .with_recursion_limit(PARSER_RECURSION_LIMIT)
        .with_tokens_with_locations(tokens)
        .parse_statements()
        .map_err(|e| parser_error(e, sql, parser_dialect))?;
    let statement = match statements.as_slice() {
        [one] => one,
        [] => {
            return Err(AnalysisError::new(
                AnalysisErrorKind::NotAQuery,
                Location::of(1, 1),
                "no SQL statement",
            ));
        }
        [_, second, ..] => {
            let loc = walk::statement_location(second);
            return Err(AnalysisError::new(
                AnalysisErrorKind::NotAQuery,
                loc,
                format!(
                    "expected one statement, found {}: analyse each one separately",
                    statements.len()
                ),
            ));
        }
    };
    walk::analyze_statement(statement, dialect, catalog)
}

/// Turns sqlparser's error (position embedded in the message) into ours.
fn parser_error(
    err: ParserError,
    sql: &str,
    dialect: &dyn sqlparser::dialect::Dialect,
) -> AnalysisError {
    let text = match err {
        ParserError::RecursionLimitExceeded => {
            return AnalysisError::new(
                AnalysisErrorKind::TooDeep,
                deep_nesting_location(sql, dialect),
                format!(
                    "the statement nests too deeply to analyse (the limit is {PARSER_RECURSION_LIMIT} levels of parentheses, subqueries and expressions)"
                ),
            );
        }
        ParserError::ParserError(text) | ParserError::TokenizerError(text) => text,
    };
    let (message, mut loc) = split_location(&text);
    if loc.line == 0 && message.ends_with("found: EOF") {
        loc = end_of(sql);
    }
    let message = if message.starts_with("Expected") {
        format!("syntax error: {message}")
    } else {
        message.to_string()
    };
    AnalysisError::new(AnalysisErrorKind::Syntax, loc, message)
}

/// Just past the last character of the text.
fn end_of(sql: &str) -> Location {
    let trimmed = sql.trim_end();
    let line = trimmed.lines().count().max(1);
    let column = trimmed.lines().last().map_or(0, |l| l.chars().count()) + 1;
    Location::of(line as u64, column as u64)
}

/// `"… at Line: 2, Column: 8"` → (`"…"`, 2:8).
fn split_location(text: &str) -> (&str, Location) {
    if let Some(i) = text.rfind(" at Line: ") {
        let tail = &text[i + " at Line: ".len()..];
        if let Some((line, column)) = tail.split_once(", Column: ")
            && let (Ok(line), Ok(column)) = (line.trim().parse(), column.trim().parse())
        {
            return (&text[..i], Location::of(line, column));
        }
    }
    (text, Location::of(0, 0))
}

/// Where nesting gets deep: the first parenthesis opened at half the
/// parser's limit (the parser spends more than one level per parenthesis).
fn deep_nesting_location(sql: &str, dialect: &dyn sqlparser::dialect::Dialect) -> Location {
    let Ok(tokens) = Tokenizer::new(dialect, sql).tokenize_with_location() else {
        return Location::of(1, 1);
    };
    let mut depth = 0usize;
    for t in &tokens {
        match t.token {
            Token::LParen => {
                depth += 1;
                if depth > PARSER_RECURSION_LIMIT / 2 {
                    return t.span.start;
                }
            }
            Token::RParen => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Location::of(1, 1)
}

/// Leaves a parenthesis or `CASE`: its operators no longer count.
fn close_group(groups: &mut Vec<(usize, usize)>, total: &mut usize) {
    if groups.len() > 1
        && let Some((o, so)) = groups.pop()
    {
        *total = total.saturating_sub(o + so);
    }
}

/// How many operators may chain along one path of a statement.
const MAX_CHAIN: usize = 200;

/// Refuses operator chains long enough to make a deep tree. The parser
/// builds `a + a + … + a` and `q UNION q UNION … q` left-deep in a loop,
/// without touching its recursion limit; dropping, printing or walking
/// such a tree recurses once per operator, which overflows WebAssembly's
/// small stack. This counts, along the open parentheses (and `CASE … END`),
/// the operators that may chain, restarting at commas and clause keywords,
/// which end a chain.
fn check_chains(tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Result<(), AnalysisError> {
    use sqlparser::keywords::Keyword;
    // Per open group: operators since the chain restarted; set operators.
    let mut groups: Vec<(usize, usize)> = vec![(0, 0)];
    let mut total = 0usize;
    for t in tokens {
        let (ops, setops) = match groups.last_mut() {
            Some(g) => (&mut g.0, &mut g.1),
            None => return Ok(()),
        };
        match &t.token {
            Token::LParen | Token::LBrace => groups.push((0, 0)),
            Token::RParen | Token::RBrace => {
                close_group(&mut groups, &mut total);
            }
            Token::Comma => {
                total = total.saturating_sub(*ops);
                *ops = 0;
            }
            Token::Word(w) => match w.keyword {
                Keyword::CASE => groups.push((0, 0)),
                Keyword::END => {
                    close_group(&mut groups, &mut total);
                }
                Keyword::SELECT
                | Keyword::FROM
                | Keyword::WHERE
                | Keyword::GROUP
                | Keyword::HAVING
                | Keyword::QUALIFY
                | Keyword::ORDER
                | Keyword::LIMIT
                | Keyword::OFFSET
                | Keyword::ON
                | Keyword::USING
                | Keyword::JOIN
                | Keyword::WINDOW
                | Keyword::WHEN
                | Keyword::THEN
                | Keyword::ELSE => {
                    total = total.saturating_sub(*ops);
                    *ops = 0;
                }
                Keyword::UNION | Keyword::INTERSECT | Keyword::EXCEPT | Keyword::MINUS => {
                    *setops += 1;
                    total += 1;
                }
                Keyword::AND
                | Keyword::OR
                | Keyword::XOR
                | Keyword::NOT
                | Keyword::IS
                | Keyword::IN
                | Keyword::BETWEEN
                | Keyword::LIKE
                | Keyword::ILIKE
                | Keyword::RLIKE
                | Keyword::REGEXP
                | Keyword::GLOB
                | Keyword::SIMILAR
                | Keyword::COLLATE
                | Keyword::AT
                | Keyword::DIV
                | Keyword::OVERLAPS => {
                    *ops += 1;
                    total += 1;
                }
                _ => {}
            },
            Token::Whitespace(_)
            | Token::Number(..)
            | Token::Char(_)
            | Token::SingleQuotedString(_)
            | Token::DoubleQuotedString(_)
            | Token::Period
            | Token::SemiColon
            | Token::EOF => {}
            // Any other punctuation may be an infix or postfix operator.
            _ => {
                *ops += 1;
                total += 1;
            }
        }
        if total > MAX_CHAIN {
            return Err(AnalysisError::new(
                AnalysisErrorKind::TooDeep,
                t.span.start,
                format!(
                    "the statement nests too deeply to analyse: more than {MAX_CHAIN} operators chain here"
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
