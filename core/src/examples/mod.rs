//! The example designs that ship with Strata, so the workbench has something
//! to open, teach with and run offline.
//!
//! Each example is a design document (JSON, the current format) compiled into
//! the binary with `include_str!` and read through [`crate::document::load`]
//! like any file a user opens. The tests below keep every example loading and
//! clean against every design rule.

use crate::design::Design;
use crate::document::{self, LoadError};

/// A design that ships with Strata.
#[derive(Debug)]
pub struct Example {
    /// The design's `name`, used to pick it (`retail`).
    pub name: &'static str,
    /// A title for menus (`Café: the method step by step`).
    pub title: &'static str,
    /// One or two sentences on what it shows.
    pub summary: &'static str,
    text: &'static str,
}

/// Every example, the smallest first.
pub const ALL: &[Example] = &[
    Example {
        name: "cafe",
        title: "Café: the method step by step",
        summary: "A café's till with members, orders and payments, modelled one layer at a \
                  time. Small enough to read in ten minutes; the notes explain each step.",
        text: include_str!("cafe.json"),
    },
    Example {
        name: "retail",
        title: "Retail: from a legacy POS to a web shop",
        summary: "A retailer's customers, products, orders, payments and returns across a \
                  cut-over from a legacy point of sale to a web shop, using all seven layers \
                  and every template.",
        text: include_str!("retail.json"),
    },
];

/// The example named `name`.
pub fn example(name: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.name == name)
}

impl Example {
    /// The design document text, as shipped.
    pub fn text(&self) -> &'static str {
        self.text
    }

    /// The design, loaded the way a user's file is.
    pub fn design(&self) -> Result<Design, LoadError> {
        document::load(self.text)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fmt::Write;

    use super::*;
    use crate::Layer;
    use crate::design::{DesignGraph, Target};
    use crate::rules::{self, Report, Severity};
    use crate::sample;
    use crate::template::{self, TemplateKind};

    fn load(example: &Example) -> Design {
        example
            .design()
            .unwrap_or_else(|e| panic!("example `{}` does not load: {e}", example.name))
    }

    fn render(report: &Report) -> String {
        let mut out = String::new();
        for d in &report.diagnostics {
            let _ = write!(out, "{} {} [{}] {}", d.severity, d.code, d.rule, d.message);
            if let Some(param) = &d.param {
                let _ = write!(out, " (at {param})");
            }
            let _ = writeln!(out, "\n    models: {}", d.models.join(", "));
        }
        for r in &report.relaxed {
            let _ = writeln!(
                out,
                "relaxed {} [{}]: {:?} instead of {}",
                r.code, r.rule, r.level, r.default
            );
        }
        out
    }

    #[test]
    fn every_example_loads_under_its_own_name() {
        assert!(!ALL.is_empty());
        for example in ALL {
            let design = load(example);
            assert_eq!(design.name, example.name);
            assert!(!example.title.is_empty() && !example.summary.is_empty());
            assert_eq!(
                super::example(example.name).map(|e| e.text),
                Some(example.text)
            );
        }
        assert!(super::example("no_such_example").is_none());
    }

    #[test]
    fn every_example_passes_every_rule() {
        for example in ALL {
            let design = load(example);
            let report = rules::check(&design);
            assert!(
                report.count(Severity::Error) == 0 && report.count(Severity::Warning) == 0,
                "example `{}` breaks design rules:\n{}",
                example.name,
                render(&report)
            );
            assert!(
                report.relaxed.is_empty() && rules::unknown_settings(&design).is_empty(),
                "example `{}` changes rule settings:\n{}",
                example.name,
                render(&report)
            );
        }
    }

    #[test]
    fn every_model_fits_its_template_and_resolves_its_inputs() {
        for example in ALL {
            let design = load(example);
            let graph = DesignGraph::build(&design);
            for (i, model) in design.models.iter().enumerate() {
                let here = format!("{}: {}", example.name, model.name);
                assert!(
                    model.template.allowed_in(model.layer),
                    "{here}: {} is not offered in {}",
                    model.template,
                    model.layer
                );
                let problems = template::validate(model.template, &model.params);
                assert!(problems.is_empty(), "{here}: {problems:?}");
                for input in graph.inputs(i) {
                    assert_ne!(
                        input.target,
                        Target::Missing,
                        "{here}: `{}` names nothing in the design",
                        input.reference
                    );
                }
            }
        }
    }

    #[test]
    fn every_card_sits_in_its_layer_lane() {
        for example in ALL {
            let design = load(example);
            let positions = &design.canvas.positions;
            let cards: Vec<(String, Layer)> = design
                .raw_tables()
                .map(|(s, t)| (format!("{}.{}", s.system, t.name), Layer::Raw))
                .chain(design.models.iter().map(|m| (m.name.clone(), m.layer)))
                .collect();
            assert_eq!(
                positions.len(),
                cards.len(),
                "{}: a position for a card that does not exist",
                example.name
            );
            for (card, layer) in cards {
                let position = positions
                    .get(&card)
                    .unwrap_or_else(|| panic!("{}: {card} has no position", example.name));
                assert_eq!(
                    position.x,
                    f64::from(layer.order()) * 260.0,
                    "{}: {card} is not in the {layer} lane",
                    example.name
                );
            }
        }
    }

    #[test]
    fn every_example_generates_its_sample_data() {
        for example in ALL {
            let design = load(example);
            let data = sample::generate(&design, &sample::Options::default())
                .unwrap_or_else(|e| panic!("{}: no sample data: {e}", example.name));
            assert_eq!(data.tables.len(), design.raw_tables().count());
            for table in &data.tables {
                assert!(
                    table.stats.rows > 0,
                    "{}: {}.{} is empty",
                    example.name,
                    table.system,
                    table.table
                );
            }
        }
    }

    #[test]
    fn retail_uses_every_template_and_every_layer() {
        let design = load(example("retail").unwrap());
        let templates: BTreeSet<TemplateKind> = design.models.iter().map(|m| m.template).collect();
        for template in TemplateKind::ALL {
            assert!(templates.contains(&template), "retail lacks {template}");
        }
        let mut layers: BTreeSet<Layer> = design.models.iter().map(|m| m.layer).collect();
        if design.raw_tables().next().is_some() {
            layers.insert(Layer::Raw);
        }
        for layer in Layer::ALL {
            assert!(layers.contains(&layer), "retail leaves {layer} empty");
        }
    }

    #[test]
    fn saved_examples_load_back_unchanged() {
        for example in ALL {
            let design = load(example);
            let saved = document::save(&design);
            let reloaded = document::load(&saved)
                .unwrap_or_else(|e| panic!("saved `{}` does not load: {e}", example.name));
            assert_eq!(reloaded, design, "{} changes when saved", example.name);
        }
    }
}
