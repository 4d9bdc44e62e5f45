//! Every model the examples compile to can be analysed: the lineage engine
//! understands the SQL our own templates write, for both targets.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;

use strata_core::examples;
use strata_core::lineage::{self, Dialect};
use strata_core::render::{Renderer, Target, design_columns, layer_schema};

#[test]
fn compiled_example_models_analyse() {
    let renderer = Renderer::new();
    for example in examples::ALL {
        let design = example.design().unwrap();
        let columns = design_columns(&design);
        // The catalog: raw tables and every model whose columns are known.
        let mut catalog: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (source, table) in design.raw_tables() {
            catalog.insert(
                format!("{}.{}", source.system, table.name),
                table.columns.iter().map(|c| c.name.clone()).collect(),
            );
        }
        for model in &design.models {
            if let Some(cols) = columns.of(&model.name) {
                catalog.insert(
                    format!("{}.{}", layer_schema(model.layer), model.name),
                    cols.iter().map(|c| c.name.clone()).collect(),
                );
            }
        }
        for (target, dialect) in [
            (Target::Duckdb, Dialect::Duckdb),
            (Target::Snowflake, Dialect::Snowflake),
        ] {
            for model in &design.models {
                let sql = renderer
                    .render(&design, &columns, &model.name, target)
                    .unwrap()
                    .compiled;
                let analysis = lineage::analyze(&sql, dialect, &catalog).unwrap_or_else(|e| {
                    panic!("{} {} ({target}): {e}\n{sql}", example.name, model.name)
                });
                if let Some(known) = columns.of(&model.name) {
                    let names: Vec<&str> =
                        analysis.columns.iter().map(|c| c.name.as_str()).collect();
                    let expected: Vec<&str> = known.iter().map(|c| c.name.as_str()).collect();
                    assert_eq!(
                        names, expected,
                        "{} {}: analysed columns differ from the template's",
                        example.name, model.name
                    );
                }
            }
        }
    }
}
