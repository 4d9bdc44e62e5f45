//! The design's documentation, as the method's phases name it: source
//! inventory, data dictionary, business objects, quality assessment (the
//! latest data-test results), the lineage diagram and the DDL. One model
//! feeds two writers: Markdown for a repository, and a single
//! self-contained HTML file (inline style and SVG, no script) to hand over.
//!
//! Every text from the design is escaped for the format it lands in.

use std::fmt::Write;

use crate::design::{Design, Note};
use crate::diagram::{self, xml};
use crate::lineage;
use crate::render::{self, DesignColumns, Target};
use crate::run::{self, TestOutcome, TestQuery};
use crate::words::count;

use super::ddl::ddl;

/// The latest data-test results, when the design has been run.
pub type TestResults<'a> = &'a [(TestQuery, TestOutcome)];

/// A document in the making: headings, paragraphs, tables and code, each
/// written by the format.
trait Doc {
    fn heading(&mut self, level: u8, text: &str);
    fn paragraph(&mut self, text: &str);
    fn table(&mut self, header: &[&str], rows: &[Vec<String>]);
    fn code(&mut self, language: &str, text: &str);
    fn picture(&mut self, svg: &str);
}

/// The documentation as Markdown.
pub fn markdown(design: &Design, tests: Option<TestResults>) -> String {
    let mut doc = Markdown(String::new());
    write(&mut doc, design, tests);
    doc.0
}

/// The documentation as one HTML file that needs nothing else.
pub fn html(design: &Design, tests: Option<TestResults>) -> String {
    let mut doc = Html(String::new());
    write(&mut doc, design, tests);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}: design documentation</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        xml(&design.name),
        doc.0
    )
}

fn write(doc: &mut impl Doc, design: &Design, tests: Option<TestResults>) {
    let columns = render::design_columns(design);
    doc.heading(1, &format!("{}: design documentation", design.name));
    if !design.description.is_empty() {
        doc.paragraph(&design.description);
    }
    let models = design.models.len();
    let tables: usize = design.sources.iter().map(|s| s.tables.len()).sum();
    doc.paragraph(&format!(
        "{}, {}, {}, {}. Written by Strata from the design; the lineage and columns are \
         derived from each model's SQL.",
        count(design.sources.len(), "source system"),
        count(tables, "raw table"),
        count(design.objects.len(), "business object"),
        count(models, "model"),
    ));

    sources(doc, design);
    objects(doc, design);
    dictionary(doc, design, &columns);
    quality(doc, design, tests);
    notes(doc, &design.notes);

    doc.heading(2, "Lineage");
    let lineage = lineage::analyze_design(design);
    let raw: Vec<(String, Vec<String>)> = design
        .raw_tables()
        .map(|(s, t)| {
            let cols = t.columns.iter().map(|c| c.name.clone()).collect();
            (format!("{}.{}", s.system, t.name), cols)
        })
        .collect();
    let picture = diagram::layout(&lineage, &raw, &diagram::Options::default());
    doc.picture(&diagram::svg(&picture, &[]));

    doc.heading(2, "DDL");
    for target in [Target::Snowflake, Target::Duckdb] {
        doc.heading(
            3,
            match target {
                Target::Snowflake => "Snowflake",
                Target::Duckdb => "DuckDB",
            },
        );
        doc.code("sql", &ddl(design, &columns, target));
    }
}

fn sources(doc: &mut impl Doc, design: &Design) {
    doc.heading(2, "Source inventory");
    if design.sources.is_empty() {
        doc.paragraph("No source systems yet.");
    }
    for source in &design.sources {
        doc.heading(3, &format!("System {}", source.system));
        if !source.description.is_empty() {
            doc.paragraph(&source.description);
        }
        for table in &source.tables {
            doc.heading(4, &format!("{}.{}", source.system, table.name));
            let mut about = table.description.clone();
            if let Some(imported) = &table.sample.imported {
                let _ = write!(
                    about,
                    "{}Rows imported from {} ({} rows).",
                    if about.is_empty() { "" } else { " " },
                    imported.file,
                    imported.rows
                );
            }
            if !about.is_empty() {
                doc.paragraph(&about);
            }
            let rows: Vec<Vec<String>> = table
                .columns
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.data_type.to_string(),
                        c.description.clone(),
                    ]
                })
                .collect();
            doc.table(&["column", "type", "description"], &rows);
        }
    }
}

fn objects(doc: &mut impl Doc, design: &Design) {
    doc.heading(2, "Business objects");
    if design.objects.is_empty() {
        doc.paragraph("No business objects yet.");
        return;
    }
    let rows: Vec<Vec<String>> = design
        .objects
        .iter()
        .map(|o| {
            let related = o
                .relationships
                .iter()
                .map(|r| r.to.clone())
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                o.name.clone(),
                o.business_keys.join(", "),
                o.sources.join(", "),
                related,
                o.description.clone(),
            ]
        })
        .collect();
    doc.table(
        &[
            "object",
            "business key",
            "sources",
            "related to",
            "description",
        ],
        &rows,
    );
}

fn dictionary(doc: &mut impl Doc, design: &Design, columns: &DesignColumns) {
    doc.heading(2, "Data dictionary");
    if design.models.is_empty() {
        doc.paragraph("No models yet.");
    }
    for model in &design.models {
        doc.heading(
            3,
            &format!(
                "{} ({} · {})",
                model.name,
                model.layer.code(),
                model.template.name()
            ),
        );
        if !model.description.is_empty() {
            doc.paragraph(&model.description);
        }
        let Some(cols) = columns.of(&model.name) else {
            doc.paragraph("Its columns are not known: the model has problems to fix first.");
            continue;
        };
        let rows: Vec<Vec<String>> = cols
            .iter()
            .map(|c| {
                let described = model
                    .columns
                    .get(&c.name)
                    .cloned()
                    .unwrap_or_else(|| c.description.clone());
                vec![
                    c.name.clone(),
                    c.data_type.map(|t| t.to_string()).unwrap_or_default(),
                    described,
                ]
            })
            .collect();
        doc.table(&["column", "type", "description"], &rows);
    }
}

fn quality(doc: &mut impl Doc, design: &Design, tests: Option<TestResults>) {
    doc.heading(2, "Quality assessment");
    let declared: usize = design.models.iter().map(|m| m.tests.len()).sum();
    let Some(results) = tests else {
        doc.paragraph(&format!(
            "The design declares {declared} data tests; it has not been run, so there are \
             no results yet. Run it in the workbench and export again."
        ));
        return;
    };
    let q = run::quality(results.iter().map(|(t, o)| (t, o)));
    let percent = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{:.2} %", v * 100.0));
    doc.table(
        &["figure", "value", "target"],
        &[
            vec![
                "tests passing".into(),
                format!("{} of {}", q.passed, q.tests),
                "all".into(),
            ],
            vec![
                "records passing validation".into(),
                percent(q.records_passing),
                "> 99 %".into(),
            ],
            vec![
                "completeness (lowest)".into(),
                percent(q.completeness),
                "> 95 %".into(),
            ],
            vec![
                "duplicate records".into(),
                q.duplicates.to_string(),
                "0".into(),
            ],
        ],
    );
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|(t, o)| {
            vec![
                t.model.clone(),
                t.label.clone(),
                if o.passed { "pass" } else { "FAIL" }.into(),
                o.failing.to_string(),
                o.total.to_string(),
            ]
        })
        .collect();
    doc.table(&["model", "test", "result", "failing", "records"], &rows);
}

fn notes(doc: &mut impl Doc, notes: &[Note]) {
    if notes.is_empty() {
        return;
    }
    doc.heading(2, "Notes");
    let rows: Vec<Vec<String>> = notes
        .iter()
        .map(|n| vec![n.about.clone().unwrap_or_default(), n.text.clone()])
        .collect();
    doc.table(&["about", "note"], &rows);
}

struct Markdown(String);

/// Text in Markdown: characters with a meaning there are escaped, so a
/// name or description cannot become a link, HTML or a table cell break.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.starts_with('#') {
        out.push('\\');
    }
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

impl Doc for Markdown {
    fn heading(&mut self, level: u8, text: &str) {
        let _ = writeln!(self.0, "{} {}\n", "#".repeat(usize::from(level)), md(text));
    }

    fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.0, "{}\n", md(text));
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        let _ = writeln!(self.0, "| {} |", header.join(" | "));
        let _ = writeln!(self.0, "|{}", " --- |".repeat(header.len()));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
            let _ = writeln!(self.0, "| {} |", cells.join(" | "));
        }
        self.0.push('\n');
    }

    fn code(&mut self, language: &str, text: &str) {
        // A fence longer than any run of backticks in the text.
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let _ = writeln!(self.0, "{fence}{language}\n{}\n{fence}\n", text.trim_end());
    }

    fn picture(&mut self, _svg: &str) {
        self.0.push_str(
            "The diagram is in the HTML documentation, and in the workbench's Lineage view \
             (export it as SVG or PNG there).\n\n",
        );
    }
}

struct Html(String);

impl Doc for Html {
    fn heading(&mut self, level: u8, text: &str) {
        let _ = writeln!(self.0, "<h{level}>{}</h{level}>", xml(text));
    }

    fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.0, "<p>{}</p>", xml(text));
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        self.0.push_str("<table>\n<thead><tr>");
        for h in header {
            let _ = write!(self.0, "<th>{}</th>", xml(h));
        }
        self.0.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.0.push_str("<tr>");
            for cell in row {
                let _ = write!(self.0, "<td>{}</td>", xml(cell));
            }
            self.0.push_str("</tr>\n");
        }
        self.0.push_str("</tbody>\n</table>\n");
    }

    fn code(&mut self, _language: &str, text: &str) {
        let _ = writeln!(self.0, "<pre><code>{}</code></pre>", xml(text.trim_end()));
    }

    fn picture(&mut self, svg: &str) {
        // The SVG is ours (core::diagram escapes every name it draws).
        let _ = writeln!(self.0, "<figure class=\"lineage\">{svg}</figure>");
    }
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1f24}\
h1{font-size:1.8em}h2{margin-top:2em;border-bottom:1px solid #d0d7de}h4{margin-bottom:.3em}\
table{border-collapse:collapse;margin:.5em 0 1em;font-size:13px}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}\
th{background:#f6f8fa}pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:12px}\
figure.lineage{overflow:auto;border:1px solid #d0d7de;margin:0}figure.lineage svg{max-width:none}";
