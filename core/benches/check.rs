//! How long the workbench waits for the rules: loading and checking a
//! synthetic design of 1,000 models (the live check runs on every edit, so
//! it must stay well under one 16 ms frame).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata_core::{document, rules, synth};

fn check(c: &mut Criterion) {
    let design = synth::design(1_000, 1);
    let text = document::save(&design);
    c.bench_function("check 1000-model design", |b| {
        b.iter(|| rules::check(black_box(&design)))
    });
    c.bench_function("load 1000-model document", |b| {
        b.iter(|| document::load(black_box(&text)))
    });
    c.bench_function("save 1000-model document", |b| {
        b.iter(|| document::save(black_box(&design)))
    });
}

criterion_group!(benches, check);
criterion_main!(benches);
