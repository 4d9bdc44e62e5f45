//! The design rules, in the style of ruff: one rule per file, each with a
//! stable code, a default severity, a check, and docs written to teach (what
//! it does, why it matters, an example, how to fix it).
//!
//! [`check`] runs every rule over a design and applies the project's rule
//! settings: a project may relax a rule (`"M001": "off"`) or tighten it, and
//! the report says which rules it changed, so relaxing is always visible.
//!
//! The column rules (C…) read the design's column lineage, which costs far
//! more than everything else a check does. [`check`] computes it; a caller
//! that keeps a [`DesignLineage`] up to date (the workbench, with
//! [`DesignLineage::update`]) passes it to [`check_with`] instead.

mod ambiguous_column;
mod business_key_not_reaching_vault;
mod cycle;
mod duplicate_model_name;
mod empty_layer_gap;
mod invalid_parameters;
mod layer_read_not_allowed;
mod missing_description;
mod name_pattern;
mod no_uniqueness_guarantee;
mod object_modeled_twice;
mod object_without_business_key;
mod object_without_effective_time;
mod raw_table_not_standardized;
mod raw_table_standardized_twice;
mod src_single_raw_table;
mod template_not_allowed_in_layer;
mod union_input_mismatch;
mod unknown_business_object;
mod unknown_column;
mod unknown_reference;
mod unknown_rule_setting;
mod unused_model;

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::design::{Design, DesignGraph, Reference, RuleLevel, Target};
use crate::lineage::{AnalysisErrorKind, DesignLineage, ErrorKind, ModelLineage, analyze_design};
use crate::render::{DesignColumns, design_columns_of, layer_schema};
use crate::template::{ParamKind, TemplateKind};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the design is fine as it is.
    Info,
    /// Probably a mistake, or a design that will hurt later.
    Warning,
    /// The design is wrong: it will not build, or it breaks the method.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    fn from_level(level: RuleLevel) -> Option<Severity> {
        match level {
            RuleLevel::Off => None,
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A rule's teaching docs; the workbench shows them one click from a finding.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RuleDocs {
    /// What it checks.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A design that breaks it.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// A design rule.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    /// Stable code, never reused (`L001`).
    pub code: &'static str,
    /// Stable kebab-case name (`layer-read-not-allowed`).
    pub name: &'static str,
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    pub docs: RuleDocs,
    #[serde(skip)]
    pub check: fn(&Context) -> Vec<Finding>,
}

/// What a rule sees: the design, its resolved graph and its column lineage.
pub struct Context<'a> {
    pub design: &'a Design,
    pub graph: DesignGraph,
    /// The column lineage of the design, model for model.
    pub lineage: &'a DesignLineage,
    /// The columns the templates declare, with their types; computed when a
    /// rule first asks.
    declared: OnceCell<DesignColumns>,
}

impl<'a> Context<'a> {
    /// The context for checking `design`, whose lineage is `lineage`.
    pub fn new(design: &'a Design, lineage: &'a DesignLineage) -> Context<'a> {
        Context {
            design,
            graph: DesignGraph::build(design),
            lineage,
            declared: OnceCell::new(),
        }
    }

    /// The lineage of model `i`, if the lineage has it. A lineage of an
    /// older version of the design may not; rules then know nothing of the
    /// model's columns.
    pub fn model_lineage(&self, i: usize) -> Option<&'a ModelLineage> {
        let model = self.design.models.get(i)?;
        self.lineage
            .models
            .get(i)
            .filter(|l| l.name == model.name)
            .or_else(|| self.lineage.model(&model.name))
    }

    /// The columns templates declare, with their types (unknown for
    /// `custom_sql`), for the models the rules ask about: the inputs of
    /// unions and transitions (whose types C003 compares) and the models
    /// without lineage (whose columns [`Context::columns_of`] falls back
    /// on). Working out only these keeps a check of a large design cheap.
    pub fn declared_columns(&self) -> &DesignColumns {
        self.declared.get_or_init(|| {
            let mut wanted: Vec<usize> = Vec::new();
            for (i, model) in self.design.models.iter().enumerate() {
                if matches!(
                    model.template,
                    TemplateKind::UnionSystems | TemplateKind::SystemTransition
                ) {
                    wanted.extend(self.graph.upstream_models(i));
                }
                if self.model_lineage(i).is_none_or(|l| l.error.is_some()) {
                    wanted.push(i);
                }
            }
            design_columns_of(self.design, &self.graph, &wanted)
        })
    }

    /// The column names of the model or raw table (`system.table`) named
    /// `relation`: what the model's SQL was analysed to produce, else what
    /// its template declares; `None` when they are unknown (the model does
    /// not exist, or cannot be rendered or analysed).
    pub fn columns_of(&self, relation: &str) -> Option<Vec<&str>> {
        if let Some(i) = self.graph.model_index(relation) {
            if let Some(lineage) = self.model_lineage(i)
                && lineage.error.is_none()
            {
                return Some(lineage.columns.iter().map(|c| c.name.as_str()).collect());
            }
            return self
                .declared_columns()
                .of(relation)
                .map(|cols| cols.iter().map(|c| c.name.as_str()).collect());
        }
        let (system, table) = relation.split_once('.')?;
        self.design
            .raw_table(system, table)
            .map(|t| t.columns.iter().map(|c| c.name.as_str()).collect())
    }

    /// Whether `relation` is a `custom_sql` model, whose columns SQL matches
    /// without regard to case (templates match names exactly).
    pub(crate) fn is_custom_sql(&self, relation: &str) -> bool {
        self.graph
            .model_index(relation)
            .is_some_and(|i| self.design.models[i].template == TemplateKind::CustomSql)
    }

    /// Whether some model that model `i` reads has unknown columns, so a
    /// column problem in `i` may start upstream.
    fn reads_unknown_columns(&self, i: usize) -> bool {
        self.graph.inputs(i).iter().any(|input| match input.target {
            Target::Model(j) => self.columns_of(&self.design.models[j].name).is_none(),
            Target::Source | Target::Missing => false,
        })
    }
}

/// One thing a rule found.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Names the models (or tables) involved, and what to do.
    pub message: String,
    /// The models involved, the first being the one to fix.
    pub models: Vec<String>,
    /// The parameter path in the first model, when one is at fault.
    pub param: Option<String>,
}

impl Finding {
    pub fn new(message: impl Into<String>, models: Vec<String>) -> Finding {
        Finding {
            message: message.into(),
            models,
            param: None,
        }
    }

    pub fn at(mut self, param: impl Into<String>) -> Finding {
        self.param = Some(param.into());
        self
    }
}

/// A finding as reported: which rule, at what severity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub models: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
}

/// A rule whose severity the project changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relaxation {
    pub code: &'static str,
    pub rule: &'static str,
    pub default: Severity,
    /// The project's level (`off`, or a severity).
    pub level: RuleLevel,
}

/// The result of checking a design.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Findings, errors first, then by rule code and model.
    pub diagnostics: Vec<Diagnostic>,
    /// Rules the project's settings changed from their defaults.
    pub relaxed: Vec<Relaxation>,
}

impl Report {
    /// How many diagnostics have each severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Every rule, in code order.
pub const ALL: &[Rule] = &[
    unknown_column::RULE,
    ambiguous_column::RULE,
    union_input_mismatch::RULE,
    business_key_not_reaching_vault::RULE,
    duplicate_model_name::RULE,
    unknown_rule_setting::RULE,
    invalid_parameters::RULE,
    template_not_allowed_in_layer::RULE,
    cycle::RULE,
    unknown_reference::RULE,
    unused_model::RULE,
    layer_read_not_allowed::RULE,
    name_pattern::RULE,
    empty_layer_gap::RULE,
    missing_description::RULE,
    no_uniqueness_guarantee::RULE,
    src_single_raw_table::RULE,
    raw_table_not_standardized::RULE,
    raw_table_standardized_twice::RULE,
    object_without_business_key::RULE,
    object_without_effective_time::RULE,
    object_modeled_twice::RULE,
    unknown_business_object::RULE,
];

/// The rule with `code`.
pub fn rule(code: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.code == code)
}

/// Check a design against every rule, applying its rule settings. This
/// computes the design's column lineage; [`check_with`] reuses one.
pub fn check(design: &Design) -> Report {
    check_with(design, &analyze_design(design))
}

/// Check a design whose column lineage is already known (kept up to date
/// with [`DesignLineage::update`]). The lineage must be the design's: a
/// model it does not have is treated as having unknown columns, which keeps
/// the column rules quiet about it.
pub fn check_with(design: &Design, lineage: &DesignLineage) -> Report {
    let context = Context::new(design, lineage);
    let settings = &design.settings.rules;
    let mut report = Report::default();
    for rule in ALL {
        let severity = match settings.get(rule.code) {
            Some(&level) => {
                if Severity::from_level(level) != Some(rule.severity) {
                    report.relaxed.push(Relaxation {
                        code: rule.code,
                        rule: rule.name,
                        default: rule.severity,
                        level,
                    });
                }
                match Severity::from_level(level) {
                    Some(severity) => severity,
                    None => continue,
                }
            }
            None => rule.severity,
        };
        for finding in (rule.check)(&context) {
            report.diagnostics.push(Diagnostic {
                code: rule.code,
                rule: rule.name,
                severity,
                message: finding.message,
                models: finding.models,
                param: finding.param,
            });
        }
    }
    report.diagnostics.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.code.cmp(b.code))
            .then(a.models.cmp(&b.models))
    });
    report
}

/// Rule codes in the settings that name no rule (a typo relaxes nothing).
pub fn unknown_settings(design: &Design) -> Vec<String> {
    let settings: &BTreeMap<String, RuleLevel> = &design.settings.rules;
    settings
        .keys()
        .filter(|code| rule(code).is_none())
        .cloned()
        .collect()
}

/// Layer codes joined for messages: `VLT, AIN`.
pub(crate) fn layer_list(layers: &[crate::Layer]) -> String {
    let codes: Vec<&str> = layers.iter().map(|l| l.code()).collect();
    codes.join(", ")
}

/// `word` with its indefinite article: `a metric`, `an output`.
pub(crate) fn a_or_an(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {word}", if vowel { "an" } else { "a" })
}

/// Names joined for a sentence: `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// Like [`and_list`], but at most `max` names, then how many more:
/// `a, b, c and 4 more`.
pub(crate) fn short_list<S: AsRef<str>>(names: &[S], max: usize) -> String {
    if names.len() <= max {
        return and_list(names);
    }
    let shown: Vec<&str> = names.iter().take(max).map(AsRef::as_ref).collect();
    format!("{} and {} more", shown.join(", "), names.len() - max)
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo (a few edits, or the same apart from case). For "did you mean".
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 5).clamp(1, 3);
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        // The distance is at least the difference in length; this also keeps
        // a pasted megabyte of text from being compared letter by letter.
        .filter(|c| *c != word && c.chars().count().abs_diff(length) <= limit)
        .map(|c| {
            let distance = if c.to_lowercase() == lower {
                0
            } else {
                edit_distance(&lower, &c.to_lowercase())
            };
            (distance, c)
        })
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Whether `template::validate` reports a problem at `path` of `model`, so
/// a rule about the same parameter can stay quiet (one mistake, one
/// diagnostic). Call it only for a finding about to be reported: it
/// validates the whole model.
pub(crate) fn has_param_problem(model: &crate::design::Model, path: &str) -> bool {
    crate::template::validate(model.template, &model.params)
        .iter()
        .any(|p| p.path == path)
}

/// Why the SQL of a model could not be analysed, for the column rules: what
/// the analyser objected to, its message with relations named as in the
/// design (`ana_order`, not `ana.ana_order`), and where.
pub(crate) struct SqlProblem {
    pub cause: AnalysisErrorKind,
    pub message: String,
    /// `line 2, column 8 of the compiled SQL`, when the position is known.
    pub location: Option<String>,
    /// The parameter the problem is in: `sql` for custom SQL, or the one
    /// SQL expression a template model was given (a metric's `filter`).
    pub param: Option<&'static str>,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl SqlProblem {
    /// `model (line 2, column 8 of the compiled SQL): message`.
    pub fn describe(&self, model: &str) -> String {
        match &self.location {
            Some(location) => format!("{model} ({location}): {}", self.message),
            None => format!("{model}: {}", self.message),
        }
    }

    /// The word at this problem's position in the user's own SQL (the
    /// `sql` parameter), when there is one: the column it is about. Custom
    /// SQL compiles line for line, so the compiled position is the user's,
    /// unless Jinja on the same line moved it; the word must then appear in
    /// the message, or it is not trusted.
    pub fn word_in(&self, model: &crate::design::Model) -> Option<String> {
        let sql = model.params.get("sql")?.as_str()?;
        let line = sql
            .lines()
            .nth(usize::try_from(self.line?).ok()?.checked_sub(1)?)?;
        let start = usize::try_from(self.column?).ok()?.checked_sub(1)?;
        let word: String = line
            .chars()
            .skip(start)
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let in_message = self
            .message
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == word);
        (!word.is_empty() && in_message).then_some(word)
    }
}

/// The analysis problem of model `i`, if its SQL rendered but could not be
/// analysed for a reason of its own: a model that reads a model with
/// unknown columns (one that failed itself) is left alone, since the
/// problem may start there.
pub(crate) fn sql_problem(cx: &Context, i: usize) -> Option<SqlProblem> {
    let model = cx.design.models.get(i)?;
    let error = cx.model_lineage(i)?.error.as_ref()?;
    let cause = error.cause?;
    if error.kind != ErrorKind::Analysis
        || cx.graph.model_index(&model.name) != Some(i)
        || cx.reads_unknown_columns(i)
    {
        return None;
    }
    let mut message = error.message.clone();
    for input in cx.graph.inputs(i) {
        if let (Target::Model(j), Reference::Model(name)) = (input.target, &input.reference) {
            let compiled = format!("{}.{name}", layer_schema(cx.design.models[j].layer));
            message = replace_word(&message, &compiled, name);
        }
    }
    let location = match (error.line, error.column) {
        (Some(line), Some(column)) => {
            Some(format!("line {line}, column {column} of the compiled SQL"))
        }
        (Some(line), None) => Some(format!("line {line} of the compiled SQL")),
        _ => None,
    };
    let param = if model.template == TemplateKind::CustomSql {
        Some("sql")
    } else {
        // A template's own SQL is tested; what the user wrote into it is an
        // expression parameter. With exactly one filled in, that is where
        // the problem is.
        let mut expressions = model.template.params().iter().filter(|spec| {
            spec.kind == ParamKind::Expression
                && model
                    .params
                    .get(spec.name)
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|text| !text.trim().is_empty())
        });
        match (expressions.next(), expressions.next()) {
            (Some(only), None) => Some(only.name),
            _ => None,
        }
    };
    Some(SqlProblem {
        cause,
        message,
        location,
        param,
        line: error.line,
        column: error.column,
    })
}

/// `text` with every whole-word `from` (not part of a longer name) replaced
/// by `to`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return text.to_owned();
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + from.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_word) || after.is_some_and(|c| is_word(c) && c != '.') {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_names_are_replaced_as_whole_words() {
        assert_eq!(
            replace_word(
                "ana.ana_order has no column x; ana.ana_orders and xana.ana_order differ, ana.ana_order.",
                "ana.ana_order",
                "ana_order"
            ),
            "ana_order has no column x; ana.ana_orders and xana.ana_order differ, ana_order."
        );
        assert_eq!(replace_word("text", "", "x"), "text");
    }

    #[test]
    fn a_lineage_that_does_not_fit_the_design_quiets_the_column_rules() {
        let design = |name| crate::examples::example(name).unwrap().design().unwrap();
        let (retail, cafe) = (design("retail"), design("cafe"));
        let column_findings = |report: &Report| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.code.starts_with('C'))
                .count()
        };
        let none = DesignLineage { models: Vec::new() };
        assert_eq!(column_findings(&check_with(&retail, &none)), 0);
        // Another design's lineage (some of its model names are retail's
        // too) must not make the rules panic, whatever they conclude.
        let _ = check_with(&retail, &analyze_design(&cafe));
        assert_eq!(check_with(&cafe, &analyze_design(&cafe)), check(&cafe));
    }

    #[test]
    fn rules_are_listed_in_code_order() {
        let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(a_or_an("output"), "an output");
        assert_eq!(a_or_an("metric"), "a metric");
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(short_list(&["a", "b", "c"], 3), "a, b and c");
        assert_eq!(
            short_list(&["a", "b", "c", "d", "e"], 3),
            "a, b, c and 2 more"
        );
    }

    #[test]
    fn closest_finds_likely_typos_only() {
        let names = ["src_pos__orders", "src_pos__customers", "M001"];
        assert_eq!(closest("src_pos__order", names), Some("src_pos__orders"));
        assert_eq!(closest("m001", names), Some("M001"));
        assert_eq!(closest("src_crm__contacts", names), None);
        assert_eq!(closest("src_pos__orders", names), None);
        assert_eq!(closest(&"x".repeat(1_000_000), names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes: Vec<_> = ALL.iter().map(|r| r.code).collect();
        let mut names: Vec<_> = ALL.iter().map(|r| r.name).collect();
        codes.sort_unstable();
        names.sort_unstable();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), ALL.len(), "duplicate rule code");
        assert_eq!(names.len(), ALL.len(), "duplicate rule name");
        for rule in ALL {
            let (letter, digits) = rule.code.split_at(1);
            assert!(
                letter.chars().all(|c| c.is_ascii_uppercase()),
                "{}",
                rule.code
            );
            assert!(digits.len() == 3 && digits.chars().all(|c| c.is_ascii_digit()));
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
            for (section, text) in [
                ("what", rule.docs.what),
                ("why", rule.docs.why),
                ("example", rule.docs.example),
                ("fix", rule.docs.fix),
            ] {
                assert!(
                    !text.trim().is_empty(),
                    "{} has no `{section}` docs",
                    rule.code
                );
            }
        }
    }
}
