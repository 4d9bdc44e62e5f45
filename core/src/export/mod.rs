//! Exporting a design as a dbt project that runs under `dbt build` as it is:
//!
//! ```text
//! dbt_project.yml  profiles.yml  README.md
//! macros/          the framework's macros (the ones the browser compiles
//!                  with), generic tests, schema naming
//! models/<layer>/  one .sql per model, and _<layer>__models.yml with docs
//!                  and tests; models/sources.yml declares the raw tables
//! seeds/<system>/  the generated sample data, one CSV per raw table
//! ```
//!
//! Pure: it returns files as text, and the caller writes them.

mod airflow;
mod ddl;
pub mod docs;
mod yaml;

pub use airflow::dag as airflow_dag;
pub use ddl::ddl;

use std::collections::BTreeMap;
use std::fmt;

use crate::design::{DataTest, Design, Model, Reference};
use crate::layer::Layer;
use crate::render::{self, DesignColumns, MACRO_FILES, RenderError, Renderer, layer_schema};
use crate::sample::{self, SampleError};

use yaml::{Yaml, map, quote};

/// One file of an export: its path inside the project, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub text: String,
}

/// What to put in the project besides the models.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Rows of sample data per raw table (the design's default when `None`).
    pub rows: Option<u64>,
    /// Seed for the sample data (the design's when `None`).
    pub seed: Option<u64>,
}

/// Why a design could not be exported.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportError {
    Render(RenderError),
    Sample(SampleError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Render(e) => write!(f, "cannot export: {e}"),
            ExportError::Sample(e) => write!(f, "cannot generate the seeds: {e}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// Generic tests for the framework's test kinds, exported as a macro file.
const TEST_MACROS: &str = include_str!("strata_tests.sql");
/// Schema naming: a schema per layer and per source system.
const SCHEMA_MACRO: &str = include_str!("generate_schema_name.sql");

/// Every file of the dbt project for `design`.
pub fn dbt_project(design: &Design, options: &Options) -> Result<Vec<File>, ExportError> {
    let renderer = Renderer::new();
    let columns = render::design_columns(design);
    let project = project_name(design);
    let mut files = vec![
        file("dbt_project.yml", dbt_project_yml(design, &project)),
        file("profiles.yml", profiles_yml(&project)),
        file("README.md", readme(design, &project)),
        file("macros/strata_tests.sql", TEST_MACROS.to_owned()),
        file("macros/generate_schema_name.sql", SCHEMA_MACRO.to_owned()),
        file("models/sources.yml", sources_yml(design)),
    ];
    for (name, source) in MACRO_FILES {
        files.push(file(&format!("macros/strata/{name}"), (*source).to_owned()));
    }
    for layer in Layer::ALL.into_iter().skip(1) {
        let models: Vec<&Model> = design.models.iter().filter(|m| m.layer == layer).collect();
        if models.is_empty() {
            continue;
        }
        let schema = layer_schema(layer);
        for model in &models {
            let dbt = renderer
                .dbt_file(design, &columns, model)
                .map_err(ExportError::Render)?;
            let dbt = with_seed_dependencies(design, model, dbt);
            files.push(file(&format!("models/{schema}/{}.sql", model.name), dbt));
        }
        files.push(file(
            &format!("models/{schema}/_{schema}__models.yml"),
            models_yml(&columns, &models),
        ));
    }
    let sample_options = sample::Options {
        rows: options.rows,
        seed: options.seed,
    };
    let data = sample::generate(design, &sample_options).map_err(ExportError::Sample)?;
    for table in data.tables {
        files.push(file(
            &format!(
                "seeds/{}/{}.csv",
                table.system,
                seed_name(&table.system, &table.table)
            ),
            table.csv,
        ));
    }
    Ok(files)
}

/// The sample data arrives as seeds, which dbt does not know the sources
/// come from; a `depends_on` hint per seed makes `dbt build` load the data
/// before the models that read it. The README says to drop the hints with
/// the seeds once the sources point at real landing tables.
fn with_seed_dependencies(design: &Design, model: &Model, dbt: String) -> String {
    let hints: Vec<String> = crate::template::references(model)
        .into_iter()
        .filter_map(|(_, reference)| match reference {
            Reference::Source { system, table } if design.raw_table(&system, &table).is_some() => {
                Some(format!(
                    "-- depends_on: {{{{ ref('{}') }}}}\n",
                    seed_name(&system, &table)
                ))
            }
            _ => None,
        })
        .collect();
    if hints.is_empty() {
        return dbt;
    }
    let mut hints = hints;
    hints.dedup();
    format!(
        "-- Sample data: load the seed first (remove with the seeds).\n{}{dbt}",
        hints.concat()
    )
}

/// The dbt project's name: the design's name as an identifier.
pub fn project_name(design: &Design) -> String {
    let name = render::snake_case(&design.name);
    if name.is_empty() {
        "strata_design".to_owned()
    } else {
        name
    }
}

/// A seed's name: unique across systems (`raw_pos__orders`); its alias is
/// the raw table's name and its schema the system's.
fn seed_name(system: &str, table: &str) -> String {
    format!("raw_{system}__{table}")
}

fn file(path: &str, text: String) -> File {
    File {
        path: path.to_owned(),
        text,
    }
}

fn dbt_project_yml(design: &Design, project: &str) -> String {
    let mut out = format!(
        "# dbt project exported by Strata from the design `{}`.\n\
         name: {project}\n\
         version: \"1.0.0\"\n\
         config-version: 2\n\
         profile: {project}\n\n\
         model-paths: [\"models\"]\n\
         macro-paths: [\"macros\"]\n\
         seed-paths: [\"seeds\"]\n\
         clean-targets: [\"target\", \"dbt_packages\"]\n\n\
         models:\n  {project}:\n",
        design.name
    );
    for layer in Layer::ALL.into_iter().skip(1) {
        let schema = layer_schema(layer);
        out.push_str(&format!(
            "    {schema}:  # {} {}: {}\n      +schema: {schema}\n      +materialized: {}\n",
            layer.code(),
            layer.name(),
            layer.purpose(),
            layer.default_materialization().as_dbt()
        ));
    }
    out.push_str(&format!(
        "\nseeds:\n  {project}:\n    +quote_columns: true\n"
    ));
    // Seed configs follow the folder structure: seeds/<system>/<seed>.csv.
    for source in &design.sources {
        out.push_str(&format!(
            "    {}:\n      +schema: {}\n",
            source.system, source.system
        ));
        for table in &source.tables {
            out.push_str(&format!(
                "      {}:\n        +alias: {}\n        +column_types:\n",
                seed_name(&source.system, &table.name),
                table.name
            ));
            for column in &table.columns {
                out.push_str(&format!(
                    "          {}: {}\n",
                    quote(&column.name),
                    column.data_type
                ));
            }
        }
    }
    out
}

fn profiles_yml(project: &str) -> String {
    format!(
        "# DuckDB works as it is: `dbt build --profiles-dir .` builds into {project}.duckdb.\n\
         # Snowflake reads its connection from environment variables:\n\
         #   dbt build --profiles-dir . --target snowflake\n\
         {project}:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n      \
         path: \"{{{{ env_var('STRATA_DUCKDB_PATH', '{project}.duckdb') }}}}\"\n      \
         schema: main\n      threads: 4\n    snowflake:\n      type: snowflake\n      \
         account: \"{{{{ env_var('SNOWFLAKE_ACCOUNT') }}}}\"\n      \
         user: \"{{{{ env_var('SNOWFLAKE_USER') }}}}\"\n      \
         password: \"{{{{ env_var('SNOWFLAKE_PASSWORD') }}}}\"\n      \
         role: \"{{{{ env_var('SNOWFLAKE_ROLE', 'TRANSFORMER') }}}}\"\n      \
         warehouse: \"{{{{ env_var('SNOWFLAKE_WAREHOUSE', 'TRANSFORMING') }}}}\"\n      \
         database: \"{{{{ env_var('SNOWFLAKE_DATABASE', 'ANALYTICS') }}}}\"\n      \
         schema: \"{{{{ env_var('SNOWFLAKE_SCHEMA', 'PUBLIC') }}}}\"\n      threads: 8\n"
    )
}

fn sources_yml(design: &Design) -> String {
    let mut out = String::from("version: 2\n\nsources:\n");
    for source in &design.sources {
        out.push_str(&format!(
            "  - name: {}\n    schema: {}\n",
            source.system, source.system
        ));
        if !source.description.is_empty() {
            out.push_str(&format!(
                "    description: {}\n",
                quote(&source.description)
            ));
        }
        out.push_str("    tables:\n");
        for table in &source.tables {
            out.push_str(&format!("      - name: {}\n", table.name));
            if !table.description.is_empty() {
                out.push_str(&format!(
                    "        description: {}\n",
                    quote(&table.description)
                ));
            }
            out.push_str("        columns:\n");
            for column in &table.columns {
                out.push_str(&format!(
                    "          - name: {}\n            quote: true\n            data_type: {}\n",
                    quote(&column.name),
                    column.data_type
                ));
                if !column.description.is_empty() {
                    out.push_str(&format!(
                        "            description: {}\n",
                        quote(&column.description)
                    ));
                }
            }
        }
    }
    out
}

/// The `_<layer>__models.yml` file of a layer's models.
fn models_yml(columns: &DesignColumns, models: &[&Model]) -> String {
    let entries = models.iter().map(|m| model_entry(columns, m)).collect();
    let mut out = String::from("version: 2\n\nmodels:\n");
    Yaml::List(entries).write(&mut out, 1);
    out
}

/// One model's `schema.yml` entry (docs, columns and tests), as it appears
/// under `models:` in the exported project.
pub fn schema_entry(columns: &DesignColumns, model: &Model) -> String {
    let mut out = String::new();
    Yaml::List(vec![model_entry(columns, model)]).write(&mut out, 0);
    out
}

fn model_entry(columns: &DesignColumns, model: &Model) -> Yaml {
    let mut column_tests: BTreeMap<&str, Vec<Yaml>> = BTreeMap::new();
    let mut model_tests = Vec::new();
    for test in &model.tests {
        match test_yaml(test) {
            TestPlace::Column(column, yaml) => column_tests.entry(column).or_default().push(yaml),
            TestPlace::Model(yaml) => model_tests.push(yaml),
        }
    }
    // Known output columns first, in order; then documented or tested
    // columns the template does not declare (custom SQL).
    let mut names: Vec<(String, String)> = columns
        .of(&model.name)
        .map(|cols| {
            cols.iter()
                .map(|c| (c.name.clone(), c.description.clone()))
                .collect()
        })
        .unwrap_or_default();
    for (name, description) in &model.columns {
        if !names.iter().any(|(n, _)| n == name) {
            names.push((name.clone(), description.clone()));
        }
    }
    for name in column_tests.keys() {
        if !names.iter().any(|(n, _)| n == name) {
            names.push(((*name).to_owned(), String::new()));
        }
    }
    let mut column_entries = Vec::new();
    for (name, description) in names {
        let mut fields = vec![("name", Yaml::Str(name.clone()))];
        if !description.is_empty() {
            fields.push(("description", Yaml::Str(description)));
        }
        if let Some(tests) = column_tests.remove(name.as_str()) {
            fields.push(("data_tests", Yaml::List(tests)));
        }
        column_entries.push(map(fields));
    }
    let mut fields = vec![("name", Yaml::Str(model.name.clone()))];
    if !model.description.is_empty() {
        fields.push(("description", Yaml::Str(model.description.clone())));
    }
    if !model_tests.is_empty() {
        fields.push(("data_tests", Yaml::List(model_tests)));
    }
    if !column_entries.is_empty() {
        fields.push(("columns", Yaml::List(column_entries)));
    }
    map(fields)
}

enum TestPlace<'a> {
    Column(&'a str, Yaml),
    Model(Yaml),
}

/// A data test as dbt's YAML: built-in tests where dbt has them, the
/// `strata_*` generic tests otherwise.
fn test_yaml(test: &DataTest) -> TestPlace<'_> {
    let names = |columns: &[String]| Yaml::List(columns.iter().cloned().map(Yaml::Str).collect());
    // dbt 1.10 takes a generic test's arguments under `arguments:`.
    let with = |name: &str, args: Vec<(&str, Yaml)>| {
        map(vec![(name, map(vec![("arguments", map(args))]))])
    };
    match test {
        DataTest::Unique { columns } if columns.len() == 1 => {
            TestPlace::Column(&columns[0], Yaml::Str("unique".into()))
        }
        DataTest::Unique { columns } => TestPlace::Model(with(
            "strata_unique_combination",
            vec![("columns", names(columns))],
        )),
        DataTest::NotNull { column } => TestPlace::Column(column, Yaml::Str("not_null".into())),
        DataTest::AcceptedValues { column, values } => TestPlace::Column(
            column,
            with("accepted_values", vec![("values", names(values))]),
        ),
        DataTest::Relationships { column, to, field } => TestPlace::Column(
            column,
            with(
                "relationships",
                vec![
                    ("to", Yaml::Str(format!("ref('{to}')"))),
                    ("field", Yaml::Str(field.clone())),
                ],
            ),
        ),
        DataTest::RowCount { min, max } => {
            let mut args = Vec::new();
            if let Some(min) = min {
                args.push(("min", Yaml::Int(*min)));
            }
            if let Some(max) = max {
                args.push(("max", Yaml::Int(*max)));
            }
            TestPlace::Model(with("strata_row_count", args))
        }
        DataTest::Completeness { column, min_ratio } => TestPlace::Column(
            column,
            with(
                "strata_completeness",
                vec![("min_ratio", Yaml::Float(*min_ratio))],
            ),
        ),
        DataTest::NoDuplicates { columns } => TestPlace::Model(with(
            "strata_no_duplicates",
            vec![("columns", names(columns))],
        )),
    }
}

fn readme(design: &Design, project: &str) -> String {
    let mut out = format!(
        "# {project}\n\n{}\n\nExported by Strata. Build it with DuckDB, no other setup:\n\n\
         ```sh\npip install \"dbt-core~=1.10\" \"dbt-duckdb~=1.10\"\n\
         dbt build --profiles-dir .\n```\n\n\
         For Snowflake, set `SNOWFLAKE_ACCOUNT`, `SNOWFLAKE_USER`, `SNOWFLAKE_PASSWORD` (and \
         optionally `SNOWFLAKE_ROLE`, `SNOWFLAKE_WAREHOUSE`, `SNOWFLAKE_DATABASE`), install \
         `dbt-snowflake` and run `dbt build --profiles-dir . --target snowflake`.\n\n\
         ## The layers\n\nData flows left to right; each layer may read only the layers named.\n\n\
         | layer | holds | reads | built as |\n|---|---|---|---|\n",
        if design.description.is_empty() {
            "A layered warehouse design."
        } else {
            &design.description
        }
    );
    for layer in Layer::ALL {
        let reads: Vec<&str> = layer.allowed_upstream().iter().map(|l| l.code()).collect();
        out.push_str(&format!(
            "| {} {} | {} | {} | {} |\n",
            layer.code(),
            layer.name(),
            layer.purpose(),
            if reads.is_empty() {
                "—".to_owned()
            } else {
                reads.join(", ")
            },
            layer.default_materialization().as_dbt()
        ));
    }
    out.push_str(
        "\nRaw tables are dbt sources (`models/sources.yml`), loaded here from the seeds in \
         `seeds/`, which hold generated sample data; point the sources at the real landing \
         schemas in production. The macros in `macros/strata/` dispatch by target \
         (`duckdb__…`, `snowflake__…`), so the same models run on both. Each SRC model \
         starts with a `-- depends_on` hint naming its seed, so `dbt build` loads the sample \
         data first: remove the hints together with the seeds.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_are_identifiers() {
        let design = Design {
            name: "Retail Demo".into(),
            ..Design::default()
        };
        assert_eq!(project_name(&design), "retail_demo");
        assert_eq!(project_name(&Design::default()), "strata_design");
    }
}
