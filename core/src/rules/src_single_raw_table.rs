//! S001: an SRC model reads more than one raw table, or joins.

use serde_json::Value;

use super::{Context, Finding, Rule, RuleDocs, Severity, and_list};
use crate::Layer;
use crate::design::Reference;
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "S001",
    name: "src-single-raw-table",
    severity: Severity::Error,
    summary: "An SRC model reads more than one raw table, or joins",
    docs: RuleDocs {
        what: "Checks that each SRC model reads exactly one raw table: no second \
               `source()`, and, for custom SQL, no `join` (found in the SQL text outside \
               string literals and comments).",
        why: "SRC is one clean copy per raw table: names, types, trimming, nulls, \
              duplicates. Keeping it to one table means every raw table is cleaned once, \
              in one place, and every later model can trace a column back to exactly \
              one landed table. A join in SRC mixes cleaning with business logic, hides \
              which table a row came from, and multiplies or drops rows before anything \
              has been tested.",
        example: "`src_pos__orders` is custom SQL that joins `source('pos', 'orders')` \
                  with `source('pos', 'customers')` to add the customer's name to each \
                  order.",
        fix: "Give each raw table its own SRC model (`src_pos__orders`, \
              `src_pos__customers`), and combine them later: in the vault as a \
              relationship between the order and customer objects, or in AIN with \
              `denormalize`.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, model) in cx.design.models.iter().enumerate() {
        if model.layer != Layer::Src {
            continue;
        }
        let mut tables: Vec<String> = Vec::new();
        for input in cx.graph.inputs(i) {
            if let Reference::Source { .. } = input.reference {
                let name = input.reference.to_string();
                if !tables.contains(&name) {
                    tables.push(name);
                }
            }
        }
        let joins = model.template == TemplateKind::CustomSql
            && model
                .params
                .get("sql")
                .and_then(Value::as_str)
                .is_some_and(has_join);
        let problem = match (tables.len() > 1, joins) {
            (true, true) => format!(
                "reads {} raw tables ({}) and joins them",
                tables.len(),
                and_list(&tables)
            ),
            (true, false) => format!("reads {} raw tables ({})", tables.len(), and_list(&tables)),
            (false, true) => "joins in its SQL".to_owned(),
            (false, false) => continue,
        };
        let mut finding = Finding::new(
            format!(
                "{} {problem}; an SRC model standardizes exactly one raw table without \
                 joins, so give each raw table its own SRC model and relate them later (a VLT \
                 relationship, or denormalize in AIN)",
                model.name
            ),
            vec![model.name.clone()],
        );
        if model.template == TemplateKind::CustomSql {
            finding = finding.at("sql");
        }
        findings.push(finding);
    }
    findings
}

/// Whether `sql` has the keyword `join` outside string literals, quoted
/// identifiers and comments (SQL `--` and `/* */`, Jinja `{# #}`).
fn has_join(sql: &str) -> bool {
    let bytes = sql.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let mut i = 0;
    while let Some(b) = at(i) {
        match (b, at(i + 1)) {
            (b'-', Some(b'-')) => i = skip_past(bytes, i + 2, b"\n"),
            (b'/', Some(b'*')) => i = skip_past(bytes, i + 2, b"*/"),
            (b'{', Some(b'#')) => i = skip_past(bytes, i + 2, b"#}"),
            (b'$', Some(b'$')) => i = skip_past(bytes, i + 2, b"$$"),
            // A doubled quote inside a literal reads as the end of one literal
            // and the start of the next, which skips it just the same.
            (b'\'', _) => i = skip_past(bytes, i + 1, b"'"),
            (b'"', _) => i = skip_past(bytes, i + 1, b"\""),
            _ if is_word_byte(b) => {
                let start = i;
                while at(i).is_some_and(is_word_byte) {
                    i += 1;
                }
                if bytes[start..i].eq_ignore_ascii_case(b"join") {
                    return true;
                }
            }
            _ => i += 1,
        }
    }
    false
}

/// The index just past the first `end` at or after `from`, or the end of
/// the text when it is unterminated.
fn skip_past(bytes: &[u8], from: usize, end: &[u8]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.windows(end.len()).position(|w| w == end))
        .map_or(bytes.len(), |found| from + found + end.len())
}

/// Letters, digits, `_`, and any byte of a non-ASCII character.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || !b.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_join_keywords() {
        for sql in [
            "select * from a join b using (id)",
            "select * from a\nLEFT JOIN b on a.id = b.id",
            "select * from a inner\tjoin\nb on true",
            "select * from a full outer Join(b) on true",
            "select 'it''s' from a join b on true",
        ] {
            assert!(has_join(sql), "{sql}");
        }
    }

    #[test]
    fn ignores_join_in_strings_comments_and_names() {
        for sql in [
            "select 'a join b' as label from {{ source('pos', 'orders') }}",
            "select \"join\" from t",
            "select 1 -- we do not join here\nfrom t",
            "select 1 /* join\nlater */ from t",
            "{# join it later #} select 1",
            "select join_date, date_join, joined from t",
            "select $$ join $$ as x",
            "select 'unterminated join",
            "select 'it''s a join' from t",
            "select 'é' as join_é from t",
        ] {
            assert!(!has_join(sql), "{sql}");
        }
    }
}
