//! `strata`: the command-line face of Strata's core, for CI and export.
//!
//! Every subcommand parses its arguments, calls `strata_core` and prints the
//! result; no domain logic lives here. Exit codes: 0 success, 1 the design
//! has errors (`check`) or does not analyse (`lineage`, `impact`, `analyze`), 2 the input could not be read or used.

mod input;
mod query;
mod report;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use strata_core::design::Summary;
use strata_core::render::{Renderer, Target, design_columns};
use strata_core::{Layer, TemplateKind, document, examples, lineage, rules, share};

use input::{Failure, read_design};

#[derive(Parser)]
#[command(
    name = "strata",
    version,
    about = "Design layered data warehouses: check designs, print examples, generate sample data",
    after_help = "DESIGN is a design document (JSON) path, or - for standard input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a design against the framework's rules.
    Check {
        /// The design document, or - for standard input.
        design: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a design's counts: models per layer and template, diagnostics.
    Info {
        design: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print an example design, or list them.
    Example {
        /// The example's name (see --list).
        #[arg(required_unless_present = "list")]
        name: Option<String>,
        /// List the examples.
        #[arg(long)]
        list: bool,
    },
    /// Print every design rule with its code, severity and docs.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the seven-layer contract.
    Layers {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print every template with its layers and parameters.
    Templates {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Generate sample data for a design's raw tables: one CSV per table.
    Sample {
        design: PathBuf,
        /// Rows per table (default: the design's setting).
        #[arg(long)]
        rows: Option<u64>,
        /// Seed for the generator (default: the design's setting).
        #[arg(long)]
        seed: Option<u64>,
        /// The folder to write `<system>.<table>.csv` files into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Print, as JSON, the plan that builds a design on sample data in
    /// DuckDB: schemas, raw-table loads, models in order, data-test queries.
    /// The workbench runs the same plan in the browser.
    Plan {
        design: PathBuf,
        /// Rows per table the sample data was generated with.
        #[arg(long)]
        rows: Option<u64>,
        /// Seed the sample data was generated with.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Print the SQL a model compiles to, or write every model's SQL to a folder.
    Render {
        design: PathBuf,
        /// duckdb or snowflake.
        #[arg(long, value_enum, default_value_t = TargetArg::Duckdb)]
        target: TargetArg,
        /// The model to render (default: all, which needs --out).
        #[arg(long)]
        model: Option<String>,
        /// Print the dbt model file instead of the compiled SQL.
        #[arg(long)]
        dbt: bool,
        /// Write `<model>.sql` files here instead of printing.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Export a design: a dbt project that runs under `dbt build` as it is.
    Export {
        #[command(subcommand)]
        what: ExportKind,
    },
    /// Print the column lineage of every model: its inputs, and per column
    /// the upstream columns it comes from; or, with --upstream, --downstream
    /// or --path, the answer to that query. Exits 1 when a model fails.
    Lineage {
        design: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Instead of printing, write every model's compiled DuckDB SQL
        /// (`<model>.sql`) and the columns of every relation they read
        /// (`schema.json`, as `analyze --schema` takes it) to this folder,
        /// for comparing with other lineage tools.
        #[arg(long)]
        emit_sql: Option<PathBuf>,
        #[command(flatten)]
        query: query::LineageQuery,
    },
    /// Print what a change to a model, raw table or column would touch
    /// downstream, by layer: the tables and their columns, with the fewest
    /// hops to each. Exits 1 when a model's lineage fails (the answer may
    /// then be incomplete).
    Impact {
        design: PathBuf,
        /// What changes: MODEL, MODEL.COLUMN, SYSTEM.TABLE or
        /// SYSTEM.TABLE.COLUMN.
        node: String,
        /// Also follow columns that only influence others (join keys,
        /// filters, grouping, window partitions and ordering): a change to
        /// them changes which rows downstream models hold.
        #[arg(long)]
        influence: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the column lineage of one SQL statement. Exits 1 when it does
    /// not analyse.
    Analyze {
        /// The SQL file, or - for standard input.
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = TargetArg::Duckdb)]
        dialect: TargetArg,
        /// A JSON file of the tables' columns, `{"table": {"column": "type"}}`,
        /// for expanding `select *`.
        #[arg(long)]
        schema: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Share links: a design in a URL fragment, and back.
    Share {
        #[command(subcommand)]
        what: ShareKind,
    },
    /// Print a synthetic, rule-clean design of N models (for benchmarks).
    Synth {
        /// How many models.
        #[arg(long)]
        models: usize,
        /// Seed for names and shapes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum ShareKind {
    /// Print the share link of a design: its fragment (`v1.…`), or the
    /// whole link with --base. Imported rows are not on disk here, so a
    /// design with imported tables gets notes naming the files to supply.
    Encode {
        design: PathBuf,
        /// The workbench's address, e.g. `https://strata.example/`.
        #[arg(long)]
        base: Option<String>,
    },
    /// Print the design a share link holds (a whole link, `#v1.…` or
    /// `v1.…`; `-` reads it from standard input). Exits 2 on a bad link.
    Decode { link: String },
}

#[derive(Subcommand)]
enum ExportKind {
    /// A dbt project for DuckDB (default target) and Snowflake, with the
    /// sample data as seeds.
    Dbt {
        design: PathBuf,
        /// The folder to write the project into.
        #[arg(long)]
        out: PathBuf,
        /// Rows of sample data per raw table.
        #[arg(long)]
        rows: Option<u64>,
        /// Seed for the sample data.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// DDL for the raw landing tables and the layers' schemas and tables.
    Ddl {
        design: PathBuf,
        #[arg(long, value_enum, default_value_t = TargetArg::Snowflake)]
        target: TargetArg,
    },
    /// The design's documentation: source inventory, data dictionary,
    /// business objects, quality assessment, lineage diagram and DDL.
    Docs {
        design: PathBuf,
        #[arg(long, value_enum, default_value_t = DocsFormat::Markdown)]
        format: DocsFormat,
    },
    /// An Airflow DAG that runs the exported dbt project layer by layer.
    Airflow {
        design: PathBuf,
        /// The folder to write `<project>_dag.py` into.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocsFormat {
    Markdown,
    /// One self-contained HTML file, with the lineage diagram inline.
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TargetArg {
    Duckdb,
    Snowflake,
}

impl From<TargetArg> for Target {
    fn from(target: TargetArg) -> Target {
        match target {
            TargetArg::Duckdb => Target::Duckdb,
            TargetArg::Snowflake => Target::Snowflake,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("strata: {failure}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Check { design, format } => {
            let loaded = read_design(&design)?;
            let report = rules::check(&loaded);
            let text = match format {
                Format::Text => report::human(&report),
                Format::Json => json(&report),
            };
            emit(&mut out, &text)?;
            return Ok(if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::Info { design, format } => {
            let loaded = read_design(&design)?;
            let summary = Summary::of(&loaded, &rules::check(&loaded));
            let text = match format {
                Format::Text => report::summary(&summary),
                Format::Json => json(&summary),
            };
            emit(&mut out, &text)?;
        }
        Command::Example { name, list } => {
            if list {
                let lines: Vec<String> = examples::ALL
                    .iter()
                    .map(|e| format!("{:<8} {}: {}", e.name, e.title, e.summary))
                    .collect();
                emit(&mut out, &lines.join("\n"))?;
            } else {
                let name = name.unwrap_or_default();
                let example = examples::example(&name).ok_or_else(|| {
                    let names: Vec<&str> = examples::ALL.iter().map(|e| e.name).collect();
                    Failure::new(format!(
                        "no example named `{name}`; the examples are {}",
                        names.join(", ")
                    ))
                })?;
                // Print the canonical form, so output is exactly what `save` writes.
                let design = example
                    .design()
                    .map_err(|e| Failure::new(format!("example `{name}` is broken: {e}")))?;
                emit(&mut out, document::save(&design).trim_end())?;
            }
        }
        Command::Rules { format } => {
            let text = match format {
                Format::Text => report::rules(rules::ALL),
                Format::Json => json(&rules::ALL),
            };
            emit(&mut out, &text)?;
        }
        Command::Layers { format } => {
            let text = match format {
                Format::Text => report::layers(),
                Format::Json => json(&layers_json()),
            };
            emit(&mut out, &text)?;
        }
        Command::Templates { format } => {
            let text = match format {
                Format::Text => report::templates(),
                Format::Json => json(&templates_json()),
            };
            emit(&mut out, &text)?;
        }
        Command::Sample {
            design,
            rows,
            seed,
            out: dir,
        } => {
            let loaded = read_design(&design)?;
            let written = input::write_samples(&loaded, rows, seed, &dir)?;
            for line in written {
                emit(&mut out, &line)?;
            }
        }
        Command::Plan { design, rows, seed } => {
            let loaded = read_design(&design)?;
            let plan =
                strata_core::run::plan(&loaded, &strata_core::sample::Options { rows, seed });
            emit(&mut out, &json(&plan))?;
        }
        Command::Render {
            design,
            target,
            model,
            dbt,
            out: dir,
        } => {
            let loaded = read_design(&design)?;
            let renderer = Renderer::new();
            let columns = design_columns(&loaded);
            let names: Vec<String> = match &model {
                Some(name) => vec![name.clone()],
                None if dir.is_some() => loaded.models.iter().map(|m| m.name.clone()).collect(),
                None => {
                    return Err(Failure::new(
                        "name a model with --model, or give --out to render them all",
                    ));
                }
            };
            let mut failed = 0;
            for name in &names {
                let rendered = renderer.render(&loaded, &columns, name, target.into());
                let text = match rendered {
                    Ok(r) if dbt => r.dbt,
                    Ok(r) => r.compiled,
                    Err(e) if dir.is_some() => {
                        eprintln!("strata: {e}");
                        failed += 1;
                        continue;
                    }
                    Err(e) => return Err(Failure::new(e.to_string())),
                };
                match &dir {
                    Some(dir) => input::write_file(&dir.join(format!("{name}.sql")), &text)?,
                    None => emit(&mut out, text.trim_end())?,
                }
            }
            if failed > 0 {
                return Err(Failure::new(format!(
                    "{failed} of {} models did not render",
                    names.len()
                )));
            }
        }
        Command::Export {
            what:
                ExportKind::Dbt {
                    design,
                    out: dir,
                    rows,
                    seed,
                },
        } => {
            let loaded = read_design(&design)?;
            let files = strata_core::export::dbt_project(
                &loaded,
                &strata_core::export::Options { rows, seed },
            )
            .map_err(|e| Failure::new(e.to_string()))?;
            for file in &files {
                input::write_file(&dir.join(&file.path), &file.text)?;
            }
            emit(
                &mut out,
                &format!("wrote {} files to {}", files.len(), dir.display()),
            )?;
        }
        Command::Export {
            what: ExportKind::Airflow { design, out: dir },
        } => {
            let loaded = read_design(&design)?;
            let path = dir.join(format!(
                "{}_dag.py",
                strata_core::export::project_name(&loaded)
            ));
            input::write_file(&path, &strata_core::export::airflow_dag(&loaded))?;
            emit(&mut out, &format!("wrote {}", path.display()))?;
        }
        Command::Export {
            what: ExportKind::Docs { design, format },
        } => {
            let loaded = read_design(&design)?;
            let text = match format {
                DocsFormat::Markdown => strata_core::export::docs::markdown(&loaded, None),
                DocsFormat::Html => strata_core::export::docs::html(&loaded, None),
            };
            emit(&mut out, text.trim_end())?;
        }
        Command::Export {
            what: ExportKind::Ddl { design, target },
        } => {
            let loaded = read_design(&design)?;
            let columns = design_columns(&loaded);
            let ddl = strata_core::export::ddl(&loaded, &columns, target.into());
            emit(&mut out, ddl.trim_end())?;
        }
        Command::Lineage {
            design,
            format,
            emit_sql,
            query: lineage_query,
        } => {
            let loaded = read_design(&design)?;
            let lineage = lineage::analyze_design(&loaded);
            if lineage_query.is_some() {
                let graph = lineage::LineageGraph::build(&loaded, &lineage);
                emit(
                    &mut out,
                    query::lineage(&graph, &lineage_query, format)?.trim_end(),
                )?;
                return Ok(exit_after_query(&lineage));
            }
            if let Some(dir) = emit_sql {
                let models = lineage::compiled_models(&loaded, &lineage);
                let mut schema = BTreeMap::new();
                for model in &models {
                    input::write_file(&dir.join(format!("{}.sql", model.name)), &model.sql)?;
                    schema.extend(model.catalog.iter());
                }
                input::write_file(&dir.join("schema.json"), &report::schema_json(&schema))?;
                emit(
                    &mut out,
                    &format!(
                        "wrote {} models' SQL and schema.json to {}",
                        models.len(),
                        dir.display()
                    ),
                )?;
                return Ok(ExitCode::SUCCESS);
            }
            let text = match format {
                Format::Text => lineage.text(),
                Format::Json => json(&lineage),
            };
            emit(&mut out, text.trim_end())?;
            if lineage.error_count() > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Impact {
            design,
            node,
            influence,
            format,
        } => {
            let loaded = read_design(&design)?;
            let lineage = lineage::analyze_design(&loaded);
            let graph = lineage::LineageGraph::build(&loaded, &lineage);
            emit(
                &mut out,
                query::impact(&graph, &node, influence, format)?.trim_end(),
            )?;
            return Ok(exit_after_query(&lineage));
        }
        Command::Analyze {
            file,
            dialect,
            schema,
            format,
        } => {
            let sql = read_text(&file)?;
            let catalog = match &schema {
                Some(path) => read_schema(path)?,
                None => BTreeMap::new(),
            };
            let dialect = match dialect {
                TargetArg::Duckdb => lineage::Dialect::Duckdb,
                TargetArg::Snowflake => lineage::Dialect::Snowflake,
            };
            match lineage::analyze(&sql, dialect, &catalog) {
                Ok(analysis) => {
                    let text = match format {
                        Format::Text => format!(
                            "reads {}\n{}",
                            analysis.relations.join(", "),
                            lineage::columns_text(&analysis.columns)
                        ),
                        Format::Json => json(&analysis),
                    };
                    emit(&mut out, text.trim_end())?;
                }
                Err(e) => {
                    eprintln!("strata: {}: {e}", shown(&file));
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Command::Share {
            what: ShareKind::Encode { design, base },
        } => {
            let design = input::read_design(&design)?;
            let link = share::encode(&design, &Default::default());
            for file in &link.omitted {
                eprintln!("note: the rows of {file} are not in the link; the design says so");
            }
            match base {
                Some(base) => emit(
                    &mut out,
                    &format!("{}#{}", base.trim_end_matches('#'), link.fragment),
                )?,
                None => emit(&mut out, &link.fragment)?,
            }
        }
        Command::Share {
            what: ShareKind::Decode { link },
        } => {
            let link = if link == "-" {
                input::read_text(Path::new("-"), share::MAX_FRAGMENT + 4096, "a link")?
            } else {
                link
            };
            let shared = share::decode(&link).map_err(|e| Failure::new(e.to_string()))?;
            emit(&mut out, document::save(&shared.design).trim_end())?;
        }
        Command::Synth { models, seed } => {
            let design = strata_core::synth::design(models, seed);
            emit(&mut out, document::save(&design).trim_end())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// 1 when a model's lineage failed (a query's answer may be incomplete).
fn exit_after_query(lineage: &lineage::DesignLineage) -> ExitCode {
    if query::warn_failures(lineage) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// How a path is named in messages.
fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// A text file (or standard input), at most `MAX_BYTES`.
fn read_text(path: &Path) -> Result<String, Failure> {
    let limit = document::MAX_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure::new(format!("cannot read {}: {e}", shown(path))))?;
    if bytes.len() > document::MAX_BYTES {
        return Err(Failure::new(format!(
            "{}: larger than the {} MB allowed",
            shown(path),
            document::MAX_BYTES / 1024 / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::new(format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            shown(path),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// `{"table": {"column": "type"}}` as a catalog, columns in file order.
fn read_schema(path: &Path) -> Result<BTreeMap<String, Vec<String>>, Failure> {
    let text = read_text(path)?;
    let tables: BTreeMap<String, OrderedKeys> = serde_json::from_str(&text).map_err(|e| {
        Failure::new(format!(
            "{}: not a schema of the form {{\"table\": {{\"column\": \"type\"}}}}: {e}",
            shown(path)
        ))
    })?;
    Ok(tables.into_iter().map(|(t, cols)| (t, cols.0)).collect())
}

/// The keys of a JSON object of strings, in the order written.
struct OrderedKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for OrderedKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = OrderedKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of column names to types")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _type)) = map.next_entry::<String, String>()? {
                    keys.push(key);
                }
                Ok(OrderedKeys(keys))
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

fn emit(out: &mut impl Write, text: &str) -> Result<(), Failure> {
    writeln!(out, "{text}").map_err(|e| Failure::new(format!("cannot write output: {e}")))
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn layers_json() -> serde_json::Value {
    Layer::ALL
        .into_iter()
        .map(|layer| {
            serde_json::json!({
                "order": layer.order(),
                "code": layer.code(),
                "name": layer.name(),
                "purpose": layer.purpose(),
                "allowed_upstream": layer.allowed_upstream(),
                "default_materialization": layer.default_materialization(),
                "name_patterns": layer.name_patterns(),
                "explanation": layer.explanation(),
            })
        })
        .collect()
}

fn templates_json() -> serde_json::Value {
    TemplateKind::ALL
        .into_iter()
        .map(|template| {
            serde_json::json!({
                "name": template.name(),
                "summary": template.summary(),
                "layers": template.layers(),
                "params": report::params_json(template.params()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn layers_json_is_ordered() {
        let codes: Vec<String> = layers_json()
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(codes, ["RAW", "SRC", "VIN", "VLT", "AIN", "ANA", "MRT"]);
    }
}
