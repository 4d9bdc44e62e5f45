//! A design at a glance: counts per layer, template and severity.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::Design;
use crate::document::CURRENT_FORMAT;
use crate::layer::Layer;
use crate::rules::{Report, Severity};
use crate::template::TemplateKind;

/// Counts that describe a design, for `strata info` and the workbench.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Summary {
    pub format_version: u32,
    pub name: String,
    /// Models (RAW tables are not models).
    pub models: usize,
    /// Models per layer code, in layer order; RAW counts raw tables.
    pub layers: Counts,
    /// Models per template name, in catalog order.
    pub templates: Counts,
    /// Diagnostics per severity: error, warning, info.
    pub diagnostics: Counts,
}

/// Named counts that keep their order (a JSON object in that order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts(pub Vec<(&'static str, usize)>);

impl Counts {
    /// The count for `name`, 0 when absent.
    pub fn get(&self, name: &str) -> usize {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, count)| *count)
    }

    fn bump(&mut self, name: &str) {
        if let Some((_, count)) = self.0.iter_mut().find(|(n, _)| *n == name) {
            *count += 1;
        }
    }
}

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, count) in &self.0 {
            map.serialize_entry(name, count)?;
        }
        map.end()
    }
}

impl Summary {
    /// Summarize `design`, whose rules were checked into `report`.
    pub fn of(design: &Design, report: &Report) -> Summary {
        let mut layers = Counts(Layer::ALL.iter().map(|l| (l.code(), 0)).collect());
        let mut templates = Counts(TemplateKind::ALL.iter().map(|t| (t.name(), 0)).collect());
        for _ in design.raw_tables() {
            layers.bump(Layer::Raw.code());
        }
        for model in &design.models {
            layers.bump(model.layer.code());
            templates.bump(model.template.name());
        }
        let diagnostics = Counts(
            [Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .map(|s| (s.as_str(), report.count(s)))
                .collect(),
        );
        Summary {
            format_version: CURRENT_FORMAT,
            name: design.name.clone(),
            models: design.models.len(),
            layers,
            templates,
            diagnostics,
        }
    }
}
