//! How long column lineage takes on a synthetic design of 1,000 models: the
//! whole design (render, parse and walk every model), each step apart
//! (render only, parse only, analysis of already-rendered SQL), the
//! incremental update after one model in the middle of the graph changes,
//! and the graph queries the workbench runs on every click.
//!
//! Targets: the whole design under 250 ms natively on one core; analysis
//! at most 3× parsing alone; a one-model update under 5 ms; a graph query
//! well under 1 ms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // bench code

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sqlparser::dialect::DuckDbDialect;
use sqlparser::parser::Parser;
use strata_core::lineage::{self, Dialect, Follow, LineageGraph};
use strata_core::render::{self, Renderer, Target};
use strata_core::synth;

/// A model in the middle of the graph with readers in three layers.
const CHANGED: &str = "vin_item28__union";

fn design_lineage(c: &mut Criterion) {
    let design = synth::design(1_000, 1);
    let renderer = Renderer::new();
    let full = lineage::analyze_design_with(&renderer, &design);
    assert_eq!(full.error_count(), 0, "the synthetic design analyses");
    let compiled = lineage::compiled_models(&design, &full);
    assert_eq!(compiled.len(), design.models.len());

    let mut group = c.benchmark_group("lineage 1000 models");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("analyze_design (render + parse + walk)", |b| {
        b.iter(|| lineage::analyze_design_with(&renderer, black_box(&design)))
    });
    let columns = render::design_columns(&design);
    group.bench_function("render only (compiled DuckDB SQL)", |b| {
        b.iter(|| {
            for model in &design.models {
                let _ = black_box(renderer.render(&design, &columns, &model.name, Target::Duckdb));
            }
        })
    });
    group.bench_function("parse only (sqlparser, rendered SQL)", |b| {
        b.iter(|| {
            for m in &compiled {
                let _ = black_box(Parser::parse_sql(&DuckDbDialect {}, black_box(&m.sql)));
            }
        })
    });
    group.bench_function("analyze only (parse + walk, rendered SQL)", |b| {
        b.iter(|| {
            for m in &compiled {
                let _ = black_box(lineage::analyze(
                    black_box(&m.sql),
                    Dialect::Duckdb,
                    &m.catalog,
                ));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("lineage 1000 models");
    group.bench_function(format!("update one model ({CHANGED})"), |b| {
        let mut lineage = full.clone();
        b.iter(|| black_box(lineage.update_with(&renderer, &design, CHANGED)))
    });
    let graph = LineageGraph::build(&design, &full);
    group.bench_function("graph build", |b| {
        b.iter(|| LineageGraph::build(black_box(&design), black_box(&full)))
    });
    let raw = graph.find("s1a.items.price").unwrap();
    let model = graph.find(CHANGED).unwrap();
    group.bench_function("graph downstream of a raw column (values)", |b| {
        b.iter(|| graph.downstream(black_box(raw), None, Follow::Values))
    });
    group.bench_function(
        "graph downstream of a raw column (values + influence)",
        |b| b.iter(|| graph.downstream(black_box(raw), None, Follow::ValuesAndInfluence)),
    );
    group.bench_function(
        format!("graph impact of {CHANGED} (values + influence)"),
        |b| b.iter(|| graph.impact(black_box(model), Follow::ValuesAndInfluence)),
    );
    let mart = graph
        .downstream(raw, None, Follow::Values)
        .last()
        .map(|r| r.node)
        .unwrap();
    group.bench_function("graph path raw column to mart column", |b| {
        b.iter(|| graph.path(black_box(raw), black_box(mart), Follow::Values))
    });
    group.finish();
}

criterion_group!(benches, design_lineage);
criterion_main!(benches);
