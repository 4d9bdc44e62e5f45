//! Templates as data: each fixture under `data/templates/` is a design; every
//! model in it renders to a dbt file and compiles for DuckDB and Snowflake,
//! all snapshotted together with its output columns and its schema.yml
//! entry. Every compiled
//! statement must parse in the target's SQL dialect.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::fmt::Write;

use sqlparser::dialect::{Dialect, DuckDbDialect, SnowflakeDialect};
use sqlparser::parser::Parser;
use strata_core::render::{Renderer, Target, design_columns};
use strata_core::{document, export};

fn dialect(target: Target) -> Box<dyn Dialect> {
    match target {
        Target::Duckdb => Box::new(DuckDbDialect {}),
        Target::Snowflake => Box::new(SnowflakeDialect {}),
    }
}

#[test]
fn template_fixtures() {
    let renderer = Renderer::new();
    insta::glob!("data/templates/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let design = document::load(&text).unwrap();
        let columns = design_columns(&design);
        let mut out = String::new();
        for model in &design.models {
            let dbt = renderer
                .dbt_file(&design, &columns, model)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let _ = writeln!(
                out,
                "=== {} ({}) dbt file\n{dbt}",
                model.name, model.template
            );
            for target in Target::ALL {
                let sql = renderer
                    .compile(&design, model, &dbt, target)
                    .unwrap_or_else(|e| panic!("{} for {target}: {e}", model.name));
                if let Err(e) = Parser::parse_sql(dialect(target).as_ref(), &sql) {
                    panic!(
                        "{} compiled for {target} does not parse: {e}\n{sql}",
                        model.name
                    );
                }
                let _ = writeln!(out, "=== {} compiled for {target}\n{sql}", model.name);
            }
            let shown = match columns.of(&model.name) {
                Some(cols) => cols
                    .iter()
                    .map(|c| match c.data_type {
                        Some(t) => format!("{} {t}", c.name),
                        None => c.name.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                None => "(unknown until analysed)".to_owned(),
            };
            let _ = writeln!(out, "=== {} columns\n{shown}\n", model.name);
            let _ = writeln!(
                out,
                "=== {} schema.yml entry\n{}",
                model.name,
                export::schema_entry(&columns, model)
            );
        }
        insta::assert_snapshot!(out);
    });
}
