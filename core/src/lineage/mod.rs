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
//! Analysis never panics and stays within WebAssembly's 1 MiB stack on
//! hostile input, so deep input is an error (with a position) rather than a
//! stack overflow: before parsing, a pass over the tokens refuses nesting
//! past the parser's recursion limit and operator chains past a few
//! thousand links (see `check_chains` for why chains still need a bound);
//! the parser has its recursion limit; the walk follows expressions
//! and set-operation chains with an explicit stack, and counts the depth of
//! what still recurses (queries in queries).

mod design;
mod graph;
mod tree;
mod walk;

pub use design::{CompiledModel, compiled_models};
pub use design::{
    DesignLineage, ErrorKind, ModelError, ModelLineage, analyze_design, analyze_design_with,
    columns_text,
};
pub use graph::{
    Edge, EdgeKind, EdgeView, FindError, Follow, Impact, ImpactedColumn, ImpactedTable, LayerGroup,
    LayerImpact, LineageGraph, LineagePath, NodeId, NodeKind, NodeView, Reached,
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

/// The parser's recursion limit. sqlparser's frames are large: at this
/// limit its deepest inputs (joins or set operations in parentheses,
/// derived tables) take up to about 680 KiB of stack in a debug build and
/// 640 KiB in release, most of WebAssembly's 1 MiB. It allows about 20
/// nested parentheses or function calls, or 10 nested subqueries; the
/// deepest model SQL the templates generate needs 14 levels.
const PARSER_RECURSION_LIMIT: usize = 24;

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
    let chain = check_chains(&tokens)?;
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
    walk::analyze_statement(statement, dialect, catalog, chain <= DISPLAY_SAFE_CHAIN)
}

/// The statements of `sql` in DuckDB's dialect, with the same limits and
/// error positions as [`analyze`] (for the guard on user SQL), and the
/// tokens they came from.
pub(crate) fn parse_duckdb(
    sql: &str,
) -> Result<
    (
        Vec<sqlparser::ast::Statement>,
        Vec<sqlparser::tokenizer::TokenWithSpan>,
    ),
    AnalysisError,
> {
    let dialect = DuckDbDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| parser_error(ParserError::TokenizerError(e.to_string()), sql, &dialect))?;
    check_chains(&tokens)?;
    let statements = Parser::new(&dialect)
        .with_recursion_limit(PARSER_RECURSION_LIMIT)
        .with_tokens_with_locations(tokens.clone())
        .parse_statements()
        .map_err(|e| parser_error(e, sql, &dialect))?;
    Ok((statements, tokens))
}

/// Turns sqlparser's error (position embedded in the message) into ours.
fn parser_error(
    err: ParserError,
    sql: &str,
    dialect: &dyn sqlparser::dialect::Dialect,
) -> AnalysisError {
    let text = match err {
        ParserError::RecursionLimitExceeded => {
            let at = match Tokenizer::new(dialect, sql).tokenize_with_location() {
                Ok(tokens) => deep_nesting_location(&tokens),
                Err(_) => Location::of(1, 1),
            };
            return nesting_error(at);
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

fn nesting_error(at: Location) -> AnalysisError {
    AnalysisError::new(
        AnalysisErrorKind::TooDeep,
        at,
        format!(
            "the statement nests too deeply to analyse (the limit is {PARSER_RECURSION_LIMIT} levels of parentheses, subqueries and expressions)"
        ),
    )
}

/// Where nesting gets deep: the first parenthesis opened at half the
/// parser's limit (the parser spends more than one level per parenthesis).
fn deep_nesting_location(tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Location {
    let mut depth = 0usize;
    for t in tokens {
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

/// How many links (operators, set operations) may chain in one expression
/// or query (see [`check_chains`]).
const MAX_CHAIN: usize = 3_000;

/// Statements whose chains stay within this many links may be printed with
/// sqlparser's recursive `Display` (a few hundred bytes of stack per level).
const DISPLAY_SAFE_CHAIN: usize = 400;

/// What opened a [`Group`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    Paren,
    Bracket,
    Brace,
    Case,
    /// The statement itself.
    Top,
}

/// Operators counted in one parenthesis (bracket, brace, `CASE … END`).
struct Group {
    opener: Opener,
    /// Where the opener is.
    at: Location,
    /// Set operations (`UNION` …): the spine of the group's query.
    setops: usize,
    /// Operators in the current item (since the last comma).
    ops: usize,
    /// The deepest group closed in the current item.
    sub: usize,
    /// The deepest earlier item of this group.
    best: usize,
}

impl Group {
    fn new(opener: Opener, at: Location) -> Group {
        Group {
            opener,
            at,
            setops: 0,
            ops: 0,
            sub: 0,
            best: 0,
        }
    }

    /// An upper bound on how deep this group's trees are so far.
    fn depth(&self) -> usize {
        self.setops + self.best.max(self.ops + self.sub)
    }
}

/// Closes the innermost group, folding its depth into its parent's current
/// item; `total` (the sum of the open groups' depths) follows.
fn close_group(groups: &mut Vec<Group>, total: &mut usize) {
    if groups.len() > 1
        && let Some(closed) = groups.pop()
        && let Some(parent) = groups.last_mut()
    {
        let depth = closed.depth();
        let before = parent.depth();
        parent.sub = parent.sub.max(depth);
        *total = *total - depth - before + parent.depth();
    }
}

/// A bound on how deep the parsed tree gets, computed from the tokens
/// before parsing; refuses past [`MAX_CHAIN`].
///
/// The parser builds `a + a + … + a` and `q UNION q UNION … q` left-deep
/// in a loop, without touching its recursion limit. Our walk follows such
/// chains without recursion, but sqlparser recurses over them elsewhere:
/// dropping a tree takes 64 bytes of stack per level, and when a syntax
/// error follows a chain the parser drops it deep inside its own frames,
/// where nothing of ours can take it apart first. So chains stay bounded:
/// [`MAX_CHAIN`] links cost at most 192 KiB on top of the parser's own
/// worst case at its recursion limit (about 660 KiB in a debug build),
/// within WebAssembly's 1 MiB stack.
///
/// Per open group it counts the operators of the current comma-separated
/// item, plus the deepest group closed inside that item, plus the group's
/// set operations. Only commas end an item: a keyword may not (`a IS
/// DISTINCT FROM b IS …` is one chain, and `end` may be a column). Summed
/// over the open groups this bounds the depth of every tree the parser
/// holds at that point, whichever of them it drops. Returns the largest
/// sum met.
///
/// Groups nested deeper than the parser's recursion limit are refused here
/// already, as the parser would.
fn check_chains(tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Result<usize, AnalysisError> {
    use sqlparser::keywords::Keyword;
    enum Step {
        Open(Opener),
        Close(Opener),
        Item,
        SetOp,
        Op,
        Nothing,
    }
    let mut groups: Vec<Group> = vec![Group::new(Opener::Top, Location::of(1, 1))];
    // The sum of the open groups' depths, and its largest value.
    let mut total = 0usize;
    let mut max = 0usize;
    let mut after_period = false;
    for t in tokens {
        let step = match &t.token {
            Token::LParen => Step::Open(Opener::Paren),
            Token::LBracket => Step::Open(Opener::Bracket),
            Token::LBrace => Step::Open(Opener::Brace),
            Token::RParen => Step::Close(Opener::Paren),
            Token::RBracket => Step::Close(Opener::Bracket),
            Token::RBrace => Step::Close(Opener::Brace),
            Token::Comma | Token::SemiColon => Step::Item,
            // `t.case`, `t.end`: names, not keywords.
            Token::Word(_) if after_period => Step::Nothing,
            Token::Word(w) => match w.keyword {
                Keyword::CASE => Step::Open(Opener::Case),
                Keyword::END => Step::Close(Opener::Case),
                Keyword::UNION | Keyword::INTERSECT | Keyword::EXCEPT | Keyword::MINUS => {
                    Step::SetOp
                }
                // The parser's infix and postfix keywords.
                Keyword::AND
                | Keyword::OR
                | Keyword::XOR
                | Keyword::NOT
                | Keyword::NOTNULL
                | Keyword::IS
                | Keyword::IN
                | Keyword::BETWEEN
                | Keyword::OVERLAPS
                | Keyword::LIKE
                | Keyword::ILIKE
                | Keyword::RLIKE
                | Keyword::REGEXP
                | Keyword::MATCH
                | Keyword::GLOB
                | Keyword::SIMILAR
                | Keyword::MEMBER
                | Keyword::OPERATOR
                | Keyword::COLLATE
                | Keyword::AT
                | Keyword::DIV => Step::Op,
                _ => Step::Nothing,
            },
            Token::Whitespace(_)
            | Token::Number(..)
            | Token::Char(_)
            | Token::SingleQuotedString(_)
            | Token::DoubleQuotedString(_)
            | Token::Period
            | Token::EOF => Step::Nothing,
            // Any other punctuation may be an infix or postfix operator.
            _ => Step::Op,
        };
        match &t.token {
            Token::Whitespace(_) => {}
            Token::Period => after_period = true,
            _ => after_period = false,
        }
        match step {
            Step::Open(opener) => {
                groups.push(Group::new(opener, t.span.start));
                // Each group costs the parser at least one level: refuse
                // what it would refuse, before the sums below grow with
                // the depth. Point where the parser would: half-way.
                if groups.len() - 1 > PARSER_RECURSION_LIMIT {
                    let at = groups
                        .get(PARSER_RECURSION_LIMIT / 2 + 1)
                        .map_or(t.span.start, |g| g.at);
                    return Err(nesting_error(at));
                }
            }
            // `END` closes a `CASE` (else it is a name); a bracket closes
            // its match and any `CASE` left open inside it (`case` may be a
            // name too). A closer without a match is the parser's to report.
            Step::Close(Opener::Case) => {
                if groups.last().is_some_and(|g| g.opener == Opener::Case) {
                    close_group(&mut groups, &mut total);
                }
            }
            Step::Close(opener) => {
                if groups.iter().skip(1).any(|g| g.opener == opener) {
                    while let Some(g) = groups.last() {
                        let matched = g.opener == opener;
                        close_group(&mut groups, &mut total);
                        if matched {
                            break;
                        }
                    }
                }
            }
            Step::Item | Step::SetOp | Step::Op => {
                if let Some(g) = groups.last_mut() {
                    let before = g.depth();
                    match step {
                        Step::Item => {
                            g.best = g.best.max(g.ops + g.sub);
                            g.ops = 0;
                            g.sub = 0;
                        }
                        Step::SetOp => g.setops += 1,
                        _ => g.ops += 1,
                    }
                    total = total - before + g.depth();
                }
            }
            Step::Nothing => {}
        }
        max = max.max(total);
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
    Ok(max)
}

#[cfg(test)]
mod tests;
