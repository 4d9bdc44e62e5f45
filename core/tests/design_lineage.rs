//! Lineage of whole designs: every model of the examples, traced back to raw
//! columns through the layers, and incremental recompute.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeSet;

use serde_json::{Value, json};
use strata_core::lineage::{DesignLineage, ErrorKind, analyze_design};
use strata_core::{Design, document, examples};

fn example(name: &str) -> Design {
    examples::example(name).unwrap().design().unwrap()
}

/// The design with `edit` applied to its document JSON.
fn edited(design: &Design, edit: impl FnOnce(&mut Value)) -> Design {
    let mut doc: Value = serde_json::from_str(&document::save(design)).unwrap();
    edit(&mut doc);
    document::load(&doc.to_string()).unwrap()
}

fn model_mut<'v>(doc: &'v mut Value, name: &str) -> &'v mut Value {
    doc["models"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["name"] == name)
        .unwrap()
}

/// Every raw column (`system.table.column`) a model's column comes from,
/// following sources through every layer.
fn raw_origins(lineage: &DesignLineage, model: &str, column: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = vec![(model.to_owned(), column.to_owned())];
    let mut seen = BTreeSet::new();
    while let Some((m, c)) = todo.pop() {
        if !seen.insert((m.clone(), c.clone())) {
            continue;
        }
        match lineage.model(&m) {
            Some(ml) => {
                let col = ml.columns.iter().find(|x| x.name == c).unwrap();
                for s in &col.sources {
                    todo.push((s.relation.clone(), s.column.clone()));
                }
            }
            None => {
                found.insert(format!("{m}.{c}"));
            }
        }
    }
    found
}

#[test]
fn every_example_model_has_lineage() {
    for example in examples::ALL {
        let design = example.design().unwrap();
        let lineage = analyze_design(&design);
        assert_eq!(lineage.models.len(), design.models.len());
        for model in &lineage.models {
            assert!(
                model.error.is_none(),
                "{} {}: {:?}",
                example.name,
                model.name,
                model.error
            );
            assert!(!model.columns.is_empty(), "{} {}", example.name, model.name);
            assert!(
                !model.upstream.is_empty(),
                "{} {}",
                example.name,
                model.name
            );
            for up in &model.upstream {
                // Design names: a model's name, or a raw table's system.table.
                assert!(
                    design.model(up).is_some()
                        || design
                            .raw_tables()
                            .any(|(s, t)| format!("{}.{}", s.system, t.name) == *up),
                    "{} {}: upstream {up} is not a design name",
                    example.name,
                    model.name
                );
            }
        }
    }
}

#[test]
fn cafe_lineage_as_text() {
    insta::assert_snapshot!(analyze_design(&example("cafe")).text());
}

#[test]
fn ana_customer_traces_back_to_raw_till_columns() {
    let lineage = analyze_design(&example("cafe"));
    let ana = lineage.model("ana_customer").unwrap();
    assert!(
        ana.upstream.iter().all(|u| design_model_like(u)),
        "{:?}",
        ana.upstream
    );
    let origins = raw_origins(&lineage, "ana_customer", "total_spent");
    assert!(!origins.is_empty());
    assert!(
        origins.iter().all(|o| o.starts_with("till.")),
        "{origins:?}"
    );
}

fn design_model_like(name: &str) -> bool {
    !name.contains('.')
}

#[test]
fn custom_sql_star_expands_from_inferred_upstream_columns() {
    let design = edited(&example("cafe"), |doc| {
        let models = doc["models"].as_array_mut().unwrap();
        models.push(json!({
            "name": "mrt_customer_copy",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select * from {{ ref('ana_customer') }}"}
        }));
        models.push(json!({
            "name": "mrt_customer_visits",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select customer_hk, total_spent * 2 as double_spent\nfrom {{ ref('mrt_customer_copy') }}"}
        }));
    });
    let lineage = analyze_design(&design);
    let ana: Vec<&str> = lineage
        .model("ana_customer")
        .unwrap()
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let copy = lineage.model("mrt_customer_copy").unwrap();
    assert_eq!(copy.error, None);
    assert_eq!(copy.upstream, ["ana_customer"]);
    let names: Vec<&str> = copy.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ana);
    let visits = lineage.model("mrt_customer_visits").unwrap();
    assert_eq!(visits.error, None, "{visits:?}");
    let double = &visits.columns[1];
    assert_eq!(double.sources[0].relation, "mrt_customer_copy");
    assert_eq!(double.sources[0].column, "total_spent");
    let origins = raw_origins(&lineage, "mrt_customer_visits", "double_spent");
    assert!(
        !origins.is_empty() && origins.iter().all(|o| o.starts_with("till.")),
        "{origins:?}"
    );
}

#[test]
fn a_failing_model_does_not_stop_the_others() {
    let design = edited(&example("cafe"), |doc| {
        let models = doc["models"].as_array_mut().unwrap();
        models.push(json!({
            "name": "mrt_broken",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select customer_hk,\n  visits +\nfrom {{ ref('ana_customer') }}"}
        }));
        models.push(json!({
            "name": "mrt_after_broken",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select * from {{ ref('mrt_broken') }}"}
        }));
        models.push(json!({
            "name": "mrt_bad_jinja",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select 1 as one\n{{ no_such_macro() }}"}
        }));
    });
    let lineage = analyze_design(&design);
    assert_eq!(lineage.error_count(), 3, "{}", lineage.text());
    let broken = lineage.model("mrt_broken").unwrap();
    let error = broken.error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::Analysis);
    assert!(error.line.is_some() && error.column.is_some(), "{error}");
    assert_eq!(broken.upstream, ["ana_customer"]);
    let after = lineage.model("mrt_after_broken").unwrap();
    let error = after.error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::Analysis);
    assert!(error.message.contains("mrt_broken are unknown"), "{error}");
    let jinja = lineage.model("mrt_bad_jinja").unwrap();
    assert_eq!(jinja.error.as_ref().unwrap().kind, ErrorKind::Render);
    assert!(lineage.model("ana_customer").unwrap().error.is_none());
}

/// The models downstream of `name` (itself included), from the lineage's
/// own upstream lists rather than the graph `update` uses.
fn downstream(lineage: &DesignLineage, name: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::from([name.to_owned()]);
    loop {
        let before = set.len();
        for m in &lineage.models {
            if m.upstream.iter().any(|u| set.contains(u)) {
                set.insert(m.name.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

#[test]
fn update_recomputes_exactly_the_downstream_models() {
    for (example_name, changed) in [
        ("cafe", "src_till__customers"),
        ("cafe", "vlt_evt_payment"),
        ("retail", "ana_order"),
    ] {
        let before = example(example_name);
        let mut lineage = analyze_design(&before);
        let expected = downstream(&lineage, changed);
        assert!(expected.len() > 1, "{changed}: pick a model with readers");
        let after = edited(&before, |doc| {
            model_mut(doc, changed)["description"] = json!("changed");
        });
        let recomputed = lineage.update(&after, changed);
        let got: BTreeSet<String> = recomputed.iter().cloned().collect();
        assert_eq!(got.len(), recomputed.len(), "recomputed twice");
        assert_eq!(got, expected, "{example_name} {changed}");
        assert_eq!(lineage, analyze_design(&after));
    }
}

#[test]
fn update_after_a_real_change_equals_a_full_analysis() {
    let before = example("cafe");
    let mut lineage = analyze_design(&before);
    let original = lineage.clone();
    // Drop `email` from the staging model: it disappears downstream.
    let after = edited(&before, |doc| {
        let columns = model_mut(doc, "src_till__customers")["params"]["columns"]
            .as_array_mut()
            .unwrap();
        columns.retain(|c| c["source"] != "email");
    });
    let recomputed = lineage.update(&after, "src_till__customers");
    assert_eq!(recomputed[0], "src_till__customers");
    assert_eq!(lineage, analyze_design(&after));
    assert_ne!(lineage, original);
    let has_email = |l: &DesignLineage| {
        l.model("src_till__customers")
            .unwrap()
            .columns
            .iter()
            .any(|c| c.name == "email")
    };
    assert!(has_email(&original) && !has_email(&lineage));

    // A raw table as the change: its readers and everything below.
    let mut lineage = analyze_design(&after);
    let recomputed = lineage.update(&after, "till.customers");
    assert_eq!(recomputed[0], "src_till__customers");
    assert!(!recomputed.contains(&"src_till__orders".to_owned()));
    assert_eq!(lineage, analyze_design(&after));

    // A name that is nowhere: everything, still correct.
    let recomputed = lineage.update(&before, "no_such_model");
    assert_eq!(recomputed.len(), before.models.len());
    assert_eq!(lineage, original);
}

#[test]
fn update_when_models_are_added_recomputes_everything() {
    let before = example("cafe");
    let mut lineage = analyze_design(&before);
    let after = edited(&before, |doc| {
        doc["models"].as_array_mut().unwrap().push(json!({
            "name": "mrt_new",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select visits from {{ ref('ana_customer') }}"}
        }));
    });
    let recomputed = lineage.update(&after, "mrt_new");
    assert_eq!(recomputed.len(), after.models.len());
    assert_eq!(lineage, analyze_design(&after));
}

#[test]
fn update_of_every_template_equals_a_full_analysis() {
    // Two synthetic blocks use every template; update renders only the
    // dirty models, with template columns of just them and their inputs.
    let design = strata_core::synth::design(2 * strata_core::synth::BLOCK, 1);
    let full = analyze_design(&design);
    assert_eq!(full.error_count(), 0, "{}", full.text());
    for changed in [
        "src_s2a__items",
        "vin_item2__union",
        "vlt_obj_item2",
        "s2b.sales",
    ] {
        let mut lineage = full.clone();
        let recomputed = lineage.update(&design, changed);
        assert!(recomputed.len() > 1, "{changed}: {recomputed:?}");
        assert!(recomputed.len() < design.models.len(), "{changed}");
        assert_eq!(lineage, full, "{changed}");
    }
}
