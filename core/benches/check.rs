//! How long the workbench waits for core: loading and checking a synthetic
//! design of 1,000 models (the live check runs on every edit with the
//! lineage the workbench keeps up to date, so it must stay well under one
//! 16 ms frame; a check from scratch also analyses every model's SQL),
//! rendering all of it for each target, arranging its canvas and taking an
//! undo snapshot.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata_core::render::{self, Renderer, Target};
use strata_core::{diagram, document, layout, lineage, rules, synth};

fn check(c: &mut Criterion) {
    let design = synth::design(1_000, 1);
    let text = document::save(&design);
    c.bench_function("check 1000-model design", |b| {
        b.iter(|| rules::check(black_box(&design)))
    });
    // What the workbench pays per edit: it keeps the lineage up to date
    // itself, so the rules get it ready-made.
    let lineage = lineage::analyze_design(&design);
    c.bench_function("check 1000-model design with its lineage", |b| {
        b.iter(|| rules::check_with(black_box(&design), black_box(&lineage)))
    });
    c.bench_function("load 1000-model document", |b| {
        b.iter(|| document::load(black_box(&text)))
    });
    c.bench_function("save 1000-model document", |b| {
        b.iter(|| document::save(black_box(&design)))
    });
}

fn render(c: &mut Criterion) {
    let design = synth::design(1_000, 1);
    let renderer = Renderer::new();
    let columns = render::design_columns(&design);
    c.bench_function("columns of 1000-model design", |b| {
        b.iter(|| render::design_columns(black_box(&design)))
    });
    for target in Target::ALL {
        c.bench_function(&format!("render 1000-model design ({target})"), |b| {
            b.iter(|| {
                for model in &design.models {
                    let dbt = renderer.dbt_file(&design, &columns, model);
                    if let Ok(dbt) = dbt {
                        let _ = black_box(renderer.compile(&design, model, &dbt, target));
                    }
                }
            })
        });
    }
}

fn layout(c: &mut Criterion) {
    let design = synth::design(1_000, 1);
    c.bench_function("arrange 1000-model canvas", |b| {
        b.iter(|| layout::arrange(black_box(&design)))
    });
    c.bench_function("clone 1000-model design (one undo step)", |b| {
        b.iter(|| black_box(&design).clone())
    });
    let lineage = lineage::analyze_design(&design);
    let raw: Vec<(String, Vec<String>)> = design
        .raw_tables()
        .map(|(s, t)| {
            let columns = t.columns.iter().map(|c| c.name.clone()).collect();
            (format!("{}.{}", s.system, t.name), columns)
        })
        .collect();
    let options = diagram::Options::default();
    c.bench_function("lay out 1000-model lineage diagram", |b| {
        b.iter(|| diagram::layout(black_box(&lineage), &raw, &options))
    });
    let picture = diagram::layout(&lineage, &raw, &options);
    c.bench_function("write 1000-model lineage diagram as SVG", |b| {
        b.iter(|| diagram::svg(black_box(&picture), &[]))
    });
}

criterion_group!(benches, check, render, layout);
criterion_main!(benches);
