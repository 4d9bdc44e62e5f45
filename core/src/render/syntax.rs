//! Syntax problems in the SQL a user writes for a `custom_sql` model, at
//! their place in the user's own text. The text is dbt SQL: Jinja
//! expressions (`{{ ref('x') }}`) are masked by an identifier of the same
//! length and statements (`{% … %}`) and comments (`{# … #}`) by spaces,
//! keeping every line break, so a position the parser reports is a position
//! in what the user typed.

use serde::Serialize;
use sqlparser::dialect::DuckDbDialect;
use sqlparser::parser::{Parser, ParserError};

/// A syntax problem, 1-based line and column in the user's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxProblem {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// Masks Jinja so the SQL parser sees plain SQL of the same shape.
pub fn mask_jinja(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(start) = rest.find('{') {
        let (open, close, fill) = match rest[start..].get(..2) {
            Some("{{") => ("{{", "}}", '_'),
            Some("{%") => ("{%", "%}", ' '),
            Some("{#") => ("{#", "#}", ' '),
            _ => {
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        out.push_str(&rest[..start]);
        let body = &rest[start + open.len()..];
        let end = body
            .find(close)
            .map_or(rest.len(), |e| start + open.len() + e + close.len());
        for c in rest[start..end].chars() {
            match c {
                '\n' => out.push('\n'),
                // One mask character per byte keeps byte columns; the parser
                // counts characters, so multi-byte text inside Jinja masks
                // to as many characters as it had.
                _ => out.push(fill),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The first syntax problem in `sql` (dbt SQL, DuckDB dialect), if any.
pub fn syntax_problem(sql: &str) -> Option<SyntaxProblem> {
    let masked = mask_jinja(sql);
    if masked.trim().is_empty() {
        return Some(SyntaxProblem {
            line: 1,
            column: 1,
            message: "write the model's query: select … from {{ ref('a_model') }}".to_owned(),
        });
    }
    let dialect = DuckDbDialect {};
    let result = Parser::new(&dialect)
        .with_recursion_limit(64)
        .try_with_sql(&masked)
        .and_then(|mut p| p.parse_statements());
    match result {
        Ok(statements) if statements.len() == 1 => None,
        Ok(statements) => Some(SyntaxProblem {
            line: 1,
            column: 1,
            message: format!(
                "a model is one query; this has {} statements",
                statements.len()
            ),
        }),
        Err(ParserError::RecursionLimitExceeded) => Some(SyntaxProblem {
            line: 1,
            column: 1,
            message: "the query nests too deeply to check".to_owned(),
        }),
        Err(ParserError::ParserError(text) | ParserError::TokenizerError(text)) => {
            let (message, line, column) = match text.rfind(" at Line: ") {
                Some(i) => {
                    let tail = &text[i + " at Line: ".len()..];
                    let (l, c) = tail.split_once(", Column: ").unwrap_or((tail, "1"));
                    (
                        text[..i].to_owned(),
                        l.trim().parse().unwrap_or(1),
                        c.trim().parse().unwrap_or(1),
                    )
                }
                None => {
                    let lines = masked.trim_end().lines().count().max(1) as u64;
                    let last = masked
                        .trim_end()
                        .lines()
                        .last()
                        .map_or(0, |l| l.chars().count());
                    (text.clone(), lines, last as u64 + 1)
                }
            };
            Some(SyntaxProblem {
                line,
                column,
                message: format!("syntax error: {message}"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jinja_is_masked_keeping_positions() {
        let sql = "select a\nfrom {{ ref('x') }} {# note #}\n{% if true %}where b{% endif %}";
        let masked = mask_jinja(sql);
        assert_eq!(masked.len(), sql.len());
        assert_eq!(masked.lines().count(), sql.lines().count());
        let expected = format!(
            "select a\nfrom {} {}\n{}where b{}",
            "_".repeat(14),
            " ".repeat(10),
            " ".repeat(13),
            " ".repeat(11)
        );
        assert_eq!(masked, expected);
    }

    #[test]
    fn good_sql_has_no_problem() {
        assert_eq!(
            syntax_problem("select a, b from {{ ref('x') }} where a > 1"),
            None
        );
    }

    #[test]
    fn a_problem_is_placed_in_the_users_text() {
        let p = syntax_problem("select a,\n  from {{ ref('x') }}\nwhere").unwrap();
        assert!(p.message.starts_with("syntax error: Expected"), "{p:?}");
        assert_eq!(p.line, 3, "{p:?}");
        let p = syntax_problem("select a from {{ ref('x') }} wher b = 1").unwrap();
        // `b` is the 35th character: the masked ref keeps its 14 columns.
        assert_eq!((p.line, p.column), (1, 35), "{p:?}");
        assert!(syntax_problem("").unwrap().message.starts_with("write"));
        assert!(
            syntax_problem("select 1; select 2")
                .unwrap()
                .message
                .contains("2 statements")
        );
        assert!(syntax_problem("{{ unclosed").is_some());
    }
}
