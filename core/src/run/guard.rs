//! The guard on user SQL: what the query console and `custom_sql` models
//! may send to DuckDB. Queries over the design's own tables, yes; anything
//! that reaches a file, the network, an extension, a setting or another
//! database, no, with the reason and where it is.
//!
//! DuckDB itself is locked down as well (external access off, extensions
//! off, configuration locked; see `app/js/duckdb_bridge.js`): the guard is
//! the layer that explains, DuckDB's the one that enforces.

use std::fmt;

use serde::Serialize;
use sqlparser::ast::Statement;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use crate::lineage;

/// Where user SQL is to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The query console: one or more read-only statements.
    Console,
    /// A `custom_sql` model: exactly one query.
    Model,
}

/// Why SQL was refused, and where (1-based) when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub message: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Refusal {}

fn refuse(message: impl Into<String>, at: Option<(u64, u64)>) -> Refusal {
    Refusal {
        message: message.into(),
        line: at.map(|a| a.0),
        column: at.map(|a| a.1),
    }
}

/// Functions that read files, the network or the environment, or load
/// code. Anything named `read_…` is refused as well.
const DENIED_FUNCTIONS: &[&str] = &[
    "parquet_scan",
    "parquet_metadata",
    "parquet_schema",
    "parquet_file_metadata",
    "parquet_kv_metadata",
    "sniff_csv",
    "glob",
    "iceberg_scan",
    "iceberg_metadata",
    "iceberg_snapshots",
    "delta_scan",
    "sqlite_scan",
    "sqlite_attach",
    "postgres_scan",
    "postgres_attach",
    "postgres_query",
    "mysql_scan",
    "mysql_query",
    "st_read",
    "http_get",
    "http_post",
    "getenv",
    "load_extension",
    "duckdb_secrets",
    "duckdb_settings",
    "duckdb_extensions",
    "which_secret",
    "query_table",
    "query",
];

/// Table functions a query may use in FROM.
const ALLOWED_TABLE_FUNCTIONS: &[&str] = &["range", "generate_series", "unnest"];

/// File name endings DuckDB reads as files when they appear as a table.
const FILE_ENDINGS: &[&str] = &[
    ".csv", ".tsv", ".txt", ".parquet", ".json", ".jsonl", ".ndjson", ".gz", ".zst", ".xlsx",
    ".db", ".duckdb", ".sqlite", ".arrow",
];

/// Whether `sql` may run for `purpose`; the reason when not.
pub fn check(sql: &str, purpose: Purpose) -> Result<(), Refusal> {
    let (statements, tokens) = lineage::parse_duckdb(sql).map_err(|e| {
        let at = (e.line > 0).then_some((e.line, e.column.max(1)));
        refuse(format!("cannot check this SQL: {}", e.message), at)
    })?;
    match (purpose, statements.len()) {
        (_, 0) => return Err(refuse("nothing to run", None)),
        (Purpose::Model, n) if n > 1 => {
            return Err(refuse(
                format!("a model is one query; this has {n} statements"),
                None,
            ));
        }
        _ => {}
    }
    let starts = statement_starts(&tokens);
    for (k, statement) in statements.iter().enumerate() {
        statement_allowed(statement, purpose).map_err(|mut r| {
            if let Some(&(line, column)) = starts.get(k) {
                (r.line, r.column) = (Some(line), Some(column));
            }
            r
        })?;
    }
    scan_tokens(&tokens)
}

/// Where each statement begins: its first token, and the first after each
/// semicolon.
fn statement_starts(tokens: &[TokenWithSpan]) -> Vec<(u64, u64)> {
    let mut starts = Vec::new();
    let mut expecting = true;
    for t in tokens {
        match &t.token {
            Token::Whitespace(_) | Token::EOF => {}
            Token::SemiColon => expecting = true,
            _ if expecting => {
                starts.push((t.span.start.line, t.span.start.column));
                expecting = false;
            }
            _ => {}
        }
    }
    starts
}

/// Whether the kind of statement is allowed.
fn statement_allowed(statement: &Statement, purpose: Purpose) -> Result<(), Refusal> {
    let read_only = "the console only reads: run the design to rebuild tables";
    let what = match statement {
        Statement::Query(_) => return Ok(()),
        Statement::Explain { statement, .. } if purpose == Purpose::Console => {
            return statement_allowed(statement, purpose);
        }
        Statement::ExplainTable { .. } | Statement::ShowTables { .. } | Statement::ShowColumns { .. }
            if purpose == Purpose::Console =>
        {
            return Ok(());
        }
        _ if purpose == Purpose::Model => {
            return Err(refuse(
                "a model is a query (SELECT or WITH … SELECT): Strata creates its table",
                None,
            ));
        }
        Statement::AttachDatabase { .. }
        | Statement::AttachDuckDBDatabase { .. }
        | Statement::DetachDuckDBDatabase { .. } => {
            "ATTACH and DETACH are not allowed: the workbench only reads the design's own tables".to_owned()
        }
        Statement::Install { .. } | Statement::Load { .. } => {
            "INSTALL and LOAD are not allowed: extensions stay off in the workbench".to_owned()
        }
        Statement::Copy { .. } | Statement::CopyIntoSnowflake { .. } | Statement::Unload { .. } => {
            "COPY is not allowed: it reads or writes files; import data with the import button, and download results as CSV".to_owned()
        }
        Statement::Set(_) | Statement::Pragma { .. } | Statement::Reset(_) => {
            "settings cannot be changed in the workbench".to_owned()
        }
        Statement::CreateSecret { .. } | Statement::DropSecret { .. } => {
            "secrets are not allowed: the workbench reaches nothing outside the browser".to_owned()
        }
        Statement::Insert(_)
        | Statement::Update { .. }
        | Statement::Delete(_)
        | Statement::Truncate { .. }
        | Statement::Merge { .. }
        | Statement::CreateTable(_)
        | Statement::CreateView { .. }
        | Statement::CreateSchema { .. }
        | Statement::CreateIndex(_)
        | Statement::CreateFunction(_)
        | Statement::CreateMacro { .. }
        | Statement::CreateSequence { .. }
        | Statement::CreateType { .. }
        | Statement::AlterTable { .. }
        | Statement::Drop { .. } => read_only.to_owned(),
        other => {
            let text = other.to_string();
            let kind: String = text
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
                .to_uppercase();
            format!("{kind} is not allowed: {read_only}")
        }
    };
    Err(refuse(what, None))
}

/// Calls of denied functions, table functions not allowed in FROM, and
/// files named as tables, found in the tokens.
fn scan_tokens(tokens: &[TokenWithSpan]) -> Result<(), Refusal> {
    let significant: Vec<&TokenWithSpan> = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect();
    for (i, t) in significant.iter().enumerate() {
        let at = Some((t.span.start.line, t.span.start.column));
        let next = significant.get(i + 1).map(|n| &n.token);
        let previous = i
            .checked_sub(1)
            .and_then(|p| significant.get(p))
            .map(|p| &p.token);
        let after_from = matches!(
            previous,
            Some(Token::Word(w)) if matches!(w.value.to_ascii_lowercase().as_str(), "from" | "join")
        ) || matches!(previous, Some(Token::Comma))
            && in_from_list(&significant, i);
        match &t.token {
            Token::Word(w) if next == Some(&Token::LParen) => {
                let name = w.value.to_ascii_lowercase();
                // `schema.read_csv(` names the function by its last part.
                if name.starts_with("read_") || DENIED_FUNCTIONS.contains(&name.as_str()) {
                    return Err(refuse(
                        format!(
                            "{} reads files, the network or the environment, which the workbench does not allow; import data with the import button instead",
                            w.value
                        ),
                        at,
                    ));
                }
                let qualified = matches!(previous, Some(Token::Period));
                if (after_from || (qualified && in_from_list(&significant, i)))
                    && !ALLOWED_TABLE_FUNCTIONS.contains(&name.as_str())
                {
                    return Err(refuse(
                        format!(
                            "the table function {} is not allowed here; a query may read the design's tables, range, generate_series and unnest",
                            w.value
                        ),
                        at,
                    ));
                }
            }
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) if after_from => {
                return Err(refuse(
                    format!(
                        "'{s}' names a file, which the workbench does not read; import data with the import button instead"
                    ),
                    at,
                ));
            }
            Token::Word(w) if after_from && w.quote_style.is_some() && names_a_file(&w.value) => {
                return Err(refuse(
                    format!(
                        "\"{}\" names a file, which the workbench does not read; import data with the import button instead",
                        w.value
                    ),
                    at,
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether token `i` sits in a FROM list: the nearest FROM, JOIN or
/// clause keyword before it at the same parenthesis depth is FROM or JOIN.
fn in_from_list(tokens: &[&TokenWithSpan], i: usize) -> bool {
    let mut depth = 0i32;
    for t in tokens.iter().take(i).rev() {
        match &t.token {
            Token::RParen => depth += 1,
            Token::LParen => {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
            }
            Token::Word(w) if depth == 0 && w.quote_style.is_none() => {
                match w.value.to_ascii_lowercase().as_str() {
                    "from" | "join" => return true,
                    "select" | "where" | "group" | "having" | "qualify" | "order" | "limit"
                    | "on" | "using" | "window" | "union" | "except" | "intersect" | "as" => {
                        return false;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    false
}

fn names_a_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("://") || FILE_ENDINGS.iter().any(|e| lower.ends_with(e))
}
