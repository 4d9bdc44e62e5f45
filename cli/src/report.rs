//! Human-readable output of the `strata` command.

use std::collections::BTreeMap;
use std::fmt::Write;

use strata_core::design::{RuleLevel, Summary};
use strata_core::rules::{Report, Rule, Severity};
use strata_core::template::{ParamKind, ParamSpec};
use strata_core::{Layer, TemplateKind};

/// A check report: one block per diagnostic, then relaxed rules, then totals.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let _ = writeln!(out, "{}[{}] {}: {}", d.severity, d.code, d.rule, d.message);
        if !d.models.is_empty() {
            let at = d
                .param
                .as_deref()
                .map(|p| format!(" (parameter `{p}`)"))
                .unwrap_or_default();
            let _ = writeln!(out, "  --> {}{at}", d.models.join(", "));
        }
    }
    for r in &report.relaxed {
        let level = match r.level {
            RuleLevel::Off => "turned off".to_owned(),
            other => format!("set to {}", level_name(other)),
        };
        let _ = writeln!(
            out,
            "note: {} {} is {level} by this project (default: {})",
            r.code, r.rule, r.default
        );
    }
    let _ = write!(
        out,
        "{}, {}, {}",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info"),
    );
    out
}

/// `strata info` as text.
pub fn summary(summary: &Summary) -> String {
    let mut out = format!(
        "{}: {} models (format {})\n",
        summary.name, summary.models, summary.format_version
    );
    for layer in Layer::ALL {
        let n = summary.layers.get(layer.code());
        let what = if layer == Layer::Raw {
            "raw tables"
        } else {
            "models"
        };
        let _ = writeln!(out, "  {} {n:>4} {what}", layer.code());
    }
    let used: Vec<String> = summary
        .templates
        .0
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    let _ = writeln!(out, "templates: {}", used.join(", "));
    let count = |s: &str| summary.diagnostics.get(s);
    let _ = write!(
        out,
        "diagnostics: {}, {}, {}",
        plural(count("error"), "error"),
        plural(count("warning"), "warning"),
        plural(count("info"), "info"),
    );
    out
}

/// Every rule with its docs.
pub fn rules(rules: &[Rule]) -> String {
    let mut out = String::new();
    for rule in rules {
        let _ = writeln!(
            out,
            "{} {} ({})\n  {}\n\n  What it does: {}\n  Why it matters: {}\n  Example: {}\n  How to fix: {}\n",
            rule.code,
            rule.name,
            rule.severity,
            rule.summary,
            rule.docs.what,
            rule.docs.why,
            rule.docs.example,
            rule.docs.fix,
        );
    }
    out.trim_end().to_owned()
}

/// The layer contract as a table.
pub fn layers() -> String {
    let mut lines = vec![format!(
        "{:<4} {:<24} {:<16} {:<12} {}",
        "CODE", "NAME", "READS", "MATERIALIZE", "PURPOSE"
    )];
    for layer in Layer::ALL {
        let reads: Vec<&str> = layer.allowed_upstream().iter().map(|l| l.code()).collect();
        lines.push(format!(
            "{:<4} {:<24} {:<16} {:<12} {}",
            layer.code(),
            layer.name(),
            if reads.is_empty() {
                "-".to_owned()
            } else {
                reads.join(",")
            },
            layer.default_materialization(),
            layer.purpose(),
        ));
    }
    lines.join("\n")
}

/// Every template and its parameters.
pub fn templates() -> String {
    let mut out = String::new();
    for template in TemplateKind::ALL {
        let layers: Vec<&str> = template.layers().iter().map(|l| l.code()).collect();
        let _ = writeln!(
            out,
            "{} [{}]\n  {}",
            template.name(),
            layers.join(", "),
            template.summary()
        );
        params_text(template.params(), 1, &mut out);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

fn params_text(specs: &[ParamSpec], depth: usize, out: &mut String) {
    for spec in specs {
        let required = if spec.required { "*" } else { " " };
        let _ = writeln!(
            out,
            "{}{required} {:<16} {:<12} {}",
            "  ".repeat(depth),
            spec.name,
            spec.kind.type_name(),
            spec.doc
        );
        if let ParamKind::Records(fields) = spec.kind {
            params_text(fields, depth + 1, out);
        }
    }
}

/// Parameters as JSON for `strata templates --format json`.
pub fn params_json(specs: &[ParamSpec]) -> serde_json::Value {
    specs
        .iter()
        .map(|spec| {
            let mut value = serde_json::json!({
                "name": spec.name,
                "type": spec.kind.type_name(),
                "doc": spec.doc,
                "required": spec.required,
            });
            if let Some(default) = spec.default.to_json() {
                value["default"] = default;
            }
            match spec.kind {
                ParamKind::Choice(options) => value["options"] = serde_json::json!(options),
                ParamKind::Model(layers) | ParamKind::Models(layers) => {
                    value["layers"] = serde_json::json!(layers)
                }
                ParamKind::Records(fields) => value["fields"] = params_json(fields),
                _ => {}
            }
            value
        })
        .collect()
}

/// Relations' columns as `{"relation": {"column": "TEXT"}}`, columns in
/// their order (`analyze --schema` expands `*` in it). The type is a
/// placeholder: lineage needs names only.
pub fn schema_json(tables: &BTreeMap<&String, &Vec<String>>) -> String {
    let quoted = |s: &str| serde_json::Value::from(s).to_string();
    let mut out = String::from("{\n");
    for (i, (table, columns)) in tables.iter().enumerate() {
        let columns: Vec<String> = columns
            .iter()
            .map(|c| format!("{}: \"TEXT\"", quoted(c)))
            .collect();
        let comma = if i + 1 < tables.len() { "," } else { "" };
        let _ = writeln!(
            out,
            "  {}: {{{}}}{comma}",
            quoted(table),
            columns.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

fn level_name(level: RuleLevel) -> &'static str {
    match level {
        RuleLevel::Off => "off",
        RuleLevel::Info => "info",
        RuleLevel::Warning => "warning",
        RuleLevel::Error => "error",
    }
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (_, "info") => format!("{n} info"),
        (1, _) => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_table() {
        insta::assert_snapshot!(layers());
    }

    #[test]
    fn templates_listing() {
        insta::assert_snapshot!(templates());
    }
}
