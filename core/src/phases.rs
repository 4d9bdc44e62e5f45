//! The method's phases and their quality gates (FRAMEWORK §5): Discover →
//! Model → Build → Optimize → Govern. Each gate is a checklist computed from
//! the design and, where a check needs it, from what the workbench has seen
//! (raw tables profiled, the last run and its data tests). A check that
//! needs evidence nobody has gathered yet is open, and says how to close it.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::design::{Design, DesignGraph};
use crate::layer::Layer;
use crate::rules::{Report, Severity};
use crate::words::count;

/// One phase of the method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Phase {
    Discover,
    Model,
    Build,
    Optimize,
    Govern,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Discover,
        Phase::Model,
        Phase::Build,
        Phase::Optimize,
        Phase::Govern,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Phase::Discover => "Discover",
            Phase::Model => "Model",
            Phase::Build => "Build",
            Phase::Optimize => "Optimize",
            Phase::Govern => "Govern",
        }
    }

    /// What the phase is for, in a sentence.
    pub fn purpose(self) -> &'static str {
        match self {
            Phase::Discover => "Understand the raw data before modeling it.",
            Phase::Model => "Plan the business objects, their keys and how they relate.",
            Phase::Build => "Build every layer from the sources, by the rules.",
            Phase::Optimize => "Test the data and meet the quality targets.",
            Phase::Govern => "Document the design for the people who inherit it.",
        }
    }
}

/// One check of a gate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub label: String,
    pub done: bool,
    /// What was found, or what to do to close it.
    pub detail: String,
}

/// A phase's gate: it passes when every check is done.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gate {
    pub phase: Phase,
    pub checks: Vec<Check>,
}

impl Gate {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.done)
    }
}

/// What the workbench has seen of the design at work.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    /// Raw tables (`system.table`) profiled.
    pub profiled: BTreeSet<String>,
    /// The last run: models built, of models in the design.
    pub built: Option<(usize, usize)>,
    /// The last run's data tests: passed, of run.
    pub tests: Option<(usize, usize)>,
    /// The last run's quality figures: records passing and lowest
    /// completeness (0.0–1.0), duplicates found.
    pub quality: Option<(Option<f64>, Option<f64>, u64)>,
}

fn check(label: &str, done: bool, detail: String) -> Check {
    Check {
        label: label.to_owned(),
        done,
        detail,
    }
}

/// `3 of 4 raw tables`, and the names missing (a few).
fn of(done: usize, total: usize, what: &str, missing: &[String]) -> String {
    let mut text = format!("{done} of {total} {what}");
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(3).map(String::as_str).collect();
        text.push_str(&format!("; not yet: {}", shown.join(", ")));
        if missing.len() > 3 {
            text.push_str(&format!(" and {} more", missing.len() - 3));
        }
    }
    text
}

/// Every gate of the method, for `design` with its rule `report`.
pub fn assess(design: &Design, report: &Report, evidence: &Evidence) -> Vec<Gate> {
    let raw: Vec<String> = design
        .raw_tables()
        .map(|(s, t)| format!("{}.{}", s.system, t.name))
        .collect();
    let read = DesignGraph::build(design).raw_tables_read();

    let unprofiled: Vec<String> = raw
        .iter()
        .filter(|t| !evidence.profiled.contains(*t))
        .cloned()
        .collect();
    let undescribed_raw: Vec<String> = design
        .raw_tables()
        .filter(|(_, t)| t.description.trim().is_empty())
        .map(|(s, t)| format!("{}.{}", s.system, t.name))
        .collect();
    let discover = vec![
        check(
            "Sources inventoried",
            !raw.is_empty(),
            format!(
                "{}, {}",
                count(design.sources.len(), "system"),
                count(raw.len(), "raw table")
            ),
        ),
        check(
            "Raw tables described",
            !raw.is_empty() && undescribed_raw.is_empty(),
            of(
                raw.len() - undescribed_raw.len(),
                raw.len(),
                "raw tables",
                &undescribed_raw,
            ),
        ),
        check(
            "Raw tables profiled",
            !raw.is_empty() && unprofiled.is_empty(),
            {
                let mut detail = of(
                    raw.len() - unprofiled.len(),
                    raw.len(),
                    "raw tables profiled",
                    &unprofiled,
                );
                if !unprofiled.is_empty() {
                    detail.push_str(" (select one, then Profile the raw data)");
                }
                detail
            },
        ),
    ];

    let unkeyed: Vec<String> = design
        .objects
        .iter()
        .filter(|o| o.business_keys.is_empty())
        .map(|o| o.name.clone())
        .collect();
    let unsourced: Vec<String> = design
        .objects
        .iter()
        .filter(|o| o.sources.is_empty())
        .map(|o| o.name.clone())
        .collect();
    let related =
        design.objects.len() < 2 || design.objects.iter().any(|o| !o.relationships.is_empty());
    let model = vec![
        check(
            "Business objects planned",
            !design.objects.is_empty(),
            count(design.objects.len(), "business object"),
        ),
        check(
            "Every object keyed",
            !design.objects.is_empty() && unkeyed.is_empty(),
            of(
                design.objects.len() - unkeyed.len(),
                design.objects.len(),
                "objects with a business key",
                &unkeyed,
            ),
        ),
        check(
            "Every object sourced",
            !design.objects.is_empty() && unsourced.is_empty(),
            of(
                design.objects.len() - unsourced.len(),
                design.objects.len(),
                "objects with their raw tables",
                &unsourced,
            ),
        ),
        check(
            "Objects related",
            !design.objects.is_empty() && related,
            if related {
                "relationships between objects are recorded".to_owned()
            } else {
                "no relationships between objects yet".to_owned()
            },
        ),
    ];

    let unread: Vec<String> = raw.iter().filter(|t| !read.contains(*t)).cloned().collect();
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mart_count = design
        .models
        .iter()
        .filter(|m| m.layer == Layer::Mrt)
        .count();
    let marts = mart_count > 0;
    let build = vec![
        check(
            "Every raw table standardized",
            !raw.is_empty() && unread.is_empty(),
            of(
                raw.len() - unread.len(),
                raw.len(),
                "raw tables read by a model",
                &unread,
            ),
        ),
        check(
            "Marts deliver the design",
            marts,
            if marts {
                "at least one MRT model".to_owned()
            } else {
                "no MRT model yet: the layers lead to marts".to_owned()
            },
        ),
        check(
            "Design rules clean",
            !design.models.is_empty() && errors == 0 && warnings == 0,
            format!("{errors} errors, {warnings} warnings"),
        ),
        match evidence.built {
            Some((built, total)) => check(
                "Every model builds",
                total > 0 && built == total,
                format!("{built} of {total} models built in the last run"),
            ),
            None => check(
                "Every model builds",
                false,
                "not run yet: Run ▶ builds every model on sample data".to_owned(),
            ),
        },
    ];

    let untested: Vec<String> = design
        .models
        .iter()
        .filter(|m| matches!(m.layer, Layer::Src | Layer::Vlt | Layer::Mrt) && m.tests.is_empty())
        .map(|m| m.name.clone())
        .collect();
    let tested_layers = design
        .models
        .iter()
        .filter(|m| matches!(m.layer, Layer::Src | Layer::Vlt | Layer::Mrt))
        .count();
    let mut optimize = vec![
        check(
            "Keys and marts tested",
            tested_layers > 0 && untested.is_empty(),
            of(
                tested_layers - untested.len(),
                tested_layers,
                "SRC, VLT and MRT models with data tests",
                &untested,
            ),
        ),
        match evidence.tests {
            Some((passed, total)) => check(
                "Data tests pass",
                passed == total,
                format!("{passed} of {total} tests pass"),
            ),
            None => check(
                "Data tests pass",
                false,
                "not run yet: Run ▶ runs every data test".to_owned(),
            ),
        },
    ];
    optimize.push(match evidence.quality {
        Some((records, completeness, duplicates)) => {
            let records_ok = records.is_none_or(|r| r > 0.99);
            let complete_ok = completeness.is_none_or(|c| c > 0.95);
            let percent = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{:.1} %", v * 100.0));
            check(
                "Quality targets met",
                records_ok && complete_ok && duplicates == 0,
                format!(
                    "records passing {} (> 99 %), completeness {} (> 95 %), {duplicates} duplicates",
                    percent(records),
                    percent(completeness)
                ),
            )
        }
        None => check(
            "Quality targets met",
            false,
            "not run yet: the quality figures come from the data tests".to_owned(),
        ),
    });

    let undescribed: Vec<String> = design
        .models
        .iter()
        .filter(|m| m.description.trim().is_empty())
        .map(|m| m.name.clone())
        .collect();
    let mart_columns_undocumented: Vec<String> = design
        .models
        .iter()
        .filter(|m| m.layer == Layer::Mrt && m.columns.is_empty())
        .map(|m| m.name.clone())
        .collect();
    let govern = vec![
        check(
            "Every model described",
            !design.models.is_empty() && undescribed.is_empty(),
            of(
                design.models.len() - undescribed.len(),
                design.models.len(),
                "models with a description",
                &undescribed,
            ),
        ),
        check(
            "Mart columns documented",
            marts && mart_columns_undocumented.is_empty(),
            if marts {
                of(
                    mart_count - mart_columns_undocumented.len(),
                    mart_count,
                    "marts with documented columns",
                    &mart_columns_undocumented,
                )
            } else {
                "no marts yet".to_owned()
            },
        ),
    ];

    [
        (Phase::Discover, discover),
        (Phase::Model, model),
        (Phase::Build, build),
        (Phase::Optimize, optimize),
        (Phase::Govern, govern),
    ]
    .into_iter()
    .map(|(phase, checks)| Gate { phase, checks })
    .collect()
}
