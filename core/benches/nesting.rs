//! 10,000 levels of nesting, as a hostile design file or share link brings
//! them: in the document's JSON, in a model's SQL and in its Jinja. Each
//! must end in a typed error, not a trap, in under 100 ms (the hardening
//! target). The SQL and Jinja cases time what the workbench does with such
//! a model when it arrives: render it, parse it and walk its lineage
//! (`lineage::analyze_design`), up to the error the diagnostics show.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata_core::design::{Design, Model};
use strata_core::{Layer, TemplateKind, document, lineage};

const LEVELS: usize = 10_000;

/// A design of one `custom_sql` model whose SQL is `sql`.
fn design_with_sql(sql: String) -> Design {
    Design {
        name: "hostile".into(),
        models: vec![Model {
            name: "mrt_hostile__deep".into(),
            layer: Layer::Mrt,
            template: TemplateKind::CustomSql,
            description: String::new(),
            materialization: None,
            params: BTreeMap::from([("sql".to_owned(), serde_json::Value::from(sql))]),
            tests: Vec::new(),
            columns: BTreeMap::new(),
        }],
        ..Design::default()
    }
}

fn nesting(c: &mut Criterion) {
    let mut group = c.benchmark_group("nesting 10000 levels");

    let json = format!(
        "{{\"format_version\": 2, \"name\": \"deep\", \"notes\": {}1{}}}",
        "[".repeat(LEVELS),
        "]".repeat(LEVELS)
    );
    assert!(document::load(&json).is_err(), "deep JSON is refused");
    group.bench_function("JSON document refused", |b| {
        b.iter(|| document::load(black_box(&json)))
    });

    let cases = [
        (
            "SQL parentheses",
            format!("select {}1{}", "(".repeat(LEVELS), ")".repeat(LEVELS)),
        ),
        (
            "SQL subqueries",
            format!(
                "{}select 1 as a{}",
                "select * from (".repeat(LEVELS),
                ")".repeat(LEVELS)
            ),
        ),
        (
            "Jinja if blocks",
            format!(
                "select {}1{}",
                "{% if true %}".repeat(LEVELS),
                "{% endif %}".repeat(LEVELS)
            ),
        ),
    ];
    for (what, sql) in cases {
        let design = design_with_sql(sql);
        let analysis = lineage::analyze_design(&design);
        assert_eq!(analysis.error_count(), 1, "{what} ends in an error");
        group.bench_function(format!("{what}: model analysed to its error"), |b| {
            b.iter(|| lineage::analyze_design(black_box(&design)))
        });
    }
    group.finish();
}

criterion_group!(benches, nesting);
criterion_main!(benches);
