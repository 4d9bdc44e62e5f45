//! Synthetic designs of any size, for benchmarks and stress tests.
//!
//! A design is built from identical, rule-clean blocks of eighteen models
//! that use every layer and every template: two systems' items unioned, sales
//! cut over from one system to the other, items, stores and their link in the
//! vault, rollups and a denormalized profile, analytic objects with history,
//! and marts. Models beyond a whole number of blocks are extra marts.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::design::{
    BusinessObject, Cardinality, DataTest, Design, Model, ObjectRelationship, Position, RawColumn,
    RawTable, Source, SqlType,
};
use crate::layer::Layer;
use crate::sample::{ColumnSample, Fake, Generator};
use crate::template::TemplateKind;

/// Models in one block.
pub const BLOCK: usize = 18;

/// A rule-clean design of exactly `models` models. `seed` becomes the
/// design's sample-data seed.
pub fn design(models: usize, seed: u64) -> Design {
    let blocks = models / BLOCK;
    let mut design = Design {
        name: format!("synthetic_{models}"),
        description: format!(
            "A synthetic design of {models} models in {blocks} blocks, for benchmarks."
        ),
        ..Design::default()
    };
    design.settings.sample.seed = seed;
    for b in 1..=blocks {
        add_block(&mut design, b);
    }
    for k in 0..models - blocks * BLOCK {
        add_extra_mart(&mut design, k, blocks);
    }
    layout(&mut design);
    design
}

fn add_block(design: &mut Design, b: usize) {
    let (item, store) = (format!("item{b}"), format!("store{b}"));
    for side in ["a", "b"] {
        let system = format!("s{b}{side}");
        let mut tables = vec![items_table(&system), sales_table(&system)];
        if side == "a" {
            tables.push(stores_table());
        }
        design.sources.push(Source {
            system,
            description: format!("Synthetic system {side} of block {b}."),
            tables,
        });
    }
    design.objects.push(BusinessObject {
        name: item.clone(),
        description: format!("An item sold in block {b}."),
        business_keys: vec!["item_id".into()],
        sources: vec![format!("s{b}a.items"), format!("s{b}b.items")],
        relationships: vec![ObjectRelationship {
            to: store.clone(),
            cardinality: Cardinality::ManyToOne,
            description: "The store that sells the item.".into(),
        }],
    });
    design.objects.push(BusinessObject {
        name: store.clone(),
        description: format!("A store of block {b}."),
        business_keys: vec!["store_id".into()],
        sources: vec![format!("s{b}a.stores")],
        relationships: Vec::new(),
    });

    let models = &mut design.models;
    for side in ["a", "b"] {
        let system = format!("s{b}{side}");
        models.push(standardize(&system, "items", "item_id", ITEM_COLUMNS));
        models.push(standardize(&system, "sales", "sale_id", SALE_COLUMNS));
    }
    models.push(standardize(
        &format!("s{b}a"),
        "stores",
        "store_id",
        STORE_COLUMNS,
    ));

    let union = format!("vin_{item}__union");
    models.push(model(
        &union,
        Layer::Vin,
        TemplateKind::UnionSystems,
        "Items of both systems, tagged with their system.",
        json!({
            "inputs": [
                {"model": format!("src_s{b}a__items"), "system": "a"},
                {"model": format!("src_s{b}b__items"), "system": "b"},
            ],
            "columns": ITEM_COLUMNS.iter().map(|(name, _)| json!({"name": name})).collect::<Vec<_>>(),
        }),
        vec![DataTest::Unique {
            columns: vec!["_system".into(), "item_id".into()],
        }],
    ));
    let cutover = format!("vin_sale{b}__cutover");
    models.push(model(
        &cutover,
        Layer::Vin,
        TemplateKind::SystemTransition,
        "Sales from system a until the cut-over, from system b after it.",
        json!({
            "legacy": format!("src_s{b}a__sales"),
            "current": format!("src_s{b}b__sales"),
            "columns": ["sale_id", "item_id", "amount", "sold_at"],
            "time_column": "sold_at",
            "cutover_at": "2025-07-01 00:00:00",
        }),
        vec![DataTest::Unique {
            columns: vec!["_system".into(), "sale_id".into()],
        }],
    ));

    let (obj_item, obj_store) = (format!("vlt_obj_{item}"), format!("vlt_obj_{store}"));
    let rel = format!("vlt_rel_{item}__{store}");
    let evt = format!("vlt_evt_sale{b}");
    models.push(model(
        &obj_item,
        Layer::Vlt,
        TemplateKind::BusinessObject,
        "Every state of every item.",
        json!({
            "input": union,
            "object": item,
            "business_key": ["item_id"],
            "attributes": ["name", "store_id", "price"],
            "effective_from": "updated_at",
        }),
        Vec::new(),
    ));
    models.push(model(
        &obj_store,
        Layer::Vlt,
        TemplateKind::BusinessObject,
        "Every state of every store.",
        json!({
            "input": format!("src_s{b}a__stores"),
            "object": store,
            "business_key": ["store_id"],
            "attributes": ["store_name"],
            "effective_from": "updated_at",
        }),
        Vec::new(),
    ));
    models.push(model(
        &rel,
        Layer::Vlt,
        TemplateKind::Relationship,
        "Which store sells which item, over time.",
        json!({
            "input": union,
            "from_object": item,
            "from_key": ["item_id"],
            "to_object": store,
            "to_key": ["store_id"],
            "effective_from": "updated_at",
        }),
        Vec::new(),
    ));
    models.push(model(
        &evt,
        Layer::Vlt,
        TemplateKind::Event,
        "Every sale, once.",
        json!({
            "input": cutover,
            "event_key": ["sale_id"],
            "event_time": "sold_at",
            "objects": [{"object": item, "key": ["item_id"]}],
            "measures": ["amount"],
        }),
        Vec::new(),
    ));

    let (daily, profile) = (format!("ain_{item}__daily"), format!("ain_{item}__profile"));
    models.push(model(
        &daily,
        Layer::Ain,
        TemplateKind::EventRollup,
        "Sales and revenue per item and day.",
        json!({
            "events": evt,
            "object": item,
            "grain": "day",
            "measures": [
                {"name": "sales", "function": "count"},
                {"name": "revenue", "function": "sum", "column": "amount"},
            ],
        }),
        Vec::new(),
    ));
    models.push(model(
        &profile,
        Layer::Ain,
        TemplateKind::Denormalize,
        "Items with the name of their store.",
        json!({
            "object": obj_item,
            "relationships": [
                {"relationship": rel, "related": obj_store, "columns": ["store_name"]},
            ],
        }),
        Vec::new(),
    ));

    let (ana, history) = (format!("ana_{item}"), format!("ana_{item}__history"));
    models.push(model(
        &ana,
        Layer::Ana,
        TemplateKind::AnalyticObject,
        "Items with lifetime revenue and recency.",
        json!({
            "object": profile,
            "events": evt,
            "measures": [
                {"name": "lifetime_revenue", "function": "sum", "column": "amount"},
                {"name": "last_sale_at", "function": "last_at", "column": "sold_at"},
                {"name": "sales_per_month", "function": "frequency"},
            ],
        }),
        Vec::new(),
    ));
    models.push(model(
        &history,
        Layer::Ana,
        TemplateKind::StateHistory,
        "Each item's state at the start of every month.",
        json!({"object": obj_item, "grain": "month", "start_date": "2024-01-01"}),
        Vec::new(),
    ));

    models.push(model(
        &format!("mrt_{item}__revenue"),
        Layer::Mrt,
        TemplateKind::Metric,
        "Lifetime revenue by store.",
        json!({
            "model": ana,
            "measure": "total_revenue",
            "function": "sum",
            "column": "lifetime_revenue",
            "dimensions": [format!("{store}_store_name")],
            "grain": "none",
        }),
        Vec::new(),
    ));
    models.push(model(
        &format!("mrt_{item}__daily"),
        Layer::Mrt,
        TemplateKind::Output,
        "Daily sales for the operations dashboard.",
        json!({"input": daily, "columns": ["sales", "revenue"]}),
        vec![DataTest::NoDuplicates {
            columns: Vec::new(),
        }],
    ));
    models.push(model(
        &format!("mrt_{item}__history"),
        Layer::Mrt,
        TemplateKind::CustomSql,
        "Item history for the data science team.",
        json!({"sql": format!("select * from {{{{ ref('{history}') }}}}")}),
        vec![DataTest::NoDuplicates {
            columns: Vec::new(),
        }],
    ));
}

/// A mart beyond the whole blocks: reads an analytic object when there is
/// one, else stands alone.
fn add_extra_mart(design: &mut Design, k: usize, blocks: usize) {
    let sql = if blocks == 0 {
        format!("select {k} as id")
    } else {
        format!("select * from {{{{ ref('ana_item{}') }}}}", 1 + k % blocks)
    };
    design.models.push(model(
        &format!("mrt_extra__report{k}"),
        Layer::Mrt,
        TemplateKind::CustomSql,
        "An extra report.",
        json!({ "sql": sql }),
        vec![DataTest::NoDuplicates {
            columns: Vec::new(),
        }],
    ));
}

const ITEM_COLUMNS: &[(&str, SqlType)] = &[
    ("item_id", SqlType::Integer),
    ("name", SqlType::Varchar),
    ("store_id", SqlType::Integer),
    (
        "price",
        SqlType::Decimal {
            precision: 10,
            scale: 2,
        },
    ),
    ("updated_at", SqlType::Timestamp),
];

const SALE_COLUMNS: &[(&str, SqlType)] = &[
    ("sale_id", SqlType::Integer),
    ("item_id", SqlType::Integer),
    (
        "amount",
        SqlType::Decimal {
            precision: 12,
            scale: 2,
        },
    ),
    ("sold_at", SqlType::Timestamp),
];

const STORE_COLUMNS: &[(&str, SqlType)] = &[
    ("store_id", SqlType::Integer),
    ("store_name", SqlType::Varchar),
    ("updated_at", SqlType::Timestamp),
];

fn items_table(system: &str) -> RawTable {
    let store_ref = format!("{}a.stores", system.trim_end_matches(['a', 'b']));
    table(
        "items",
        ITEM_COLUMNS,
        &[
            (
                "name",
                Generator::Fake {
                    what: Fake::Product,
                },
            ),
            (
                "store_id",
                Generator::Reference {
                    table: store_ref,
                    column: "store_id".into(),
                    skew: 1.0,
                },
            ),
        ],
    )
}

fn sales_table(system: &str) -> RawTable {
    table(
        "sales",
        SALE_COLUMNS,
        &[(
            "item_id",
            Generator::Reference {
                table: format!("{system}.items"),
                column: "item_id".into(),
                skew: 1.2,
            },
        )],
    )
}

fn stores_table() -> RawTable {
    table(
        "stores",
        STORE_COLUMNS,
        &[(
            "store_name",
            Generator::Fake {
                what: Fake::Company,
            },
        )],
    )
}

fn table(name: &str, columns: &[(&str, SqlType)], generators: &[(&str, Generator)]) -> RawTable {
    RawTable {
        name: name.into(),
        description: String::new(),
        columns: columns
            .iter()
            .map(|(column, data_type)| RawColumn {
                name: (*column).into(),
                data_type: *data_type,
                description: String::new(),
                sample: ColumnSample {
                    generator: generators
                        .iter()
                        .find(|(c, _)| c == column)
                        .map(|(_, g)| g.clone())
                        .unwrap_or_default(),
                    ..ColumnSample::default()
                },
            })
            .collect(),
        sample: Default::default(),
    }
}

fn standardize(system: &str, table: &str, key: &str, columns: &[(&str, SqlType)]) -> Model {
    model(
        &format!("src_{system}__{table}"),
        Layer::Src,
        TemplateKind::Standardize,
        &format!("The {table} of system {system}, standardized."),
        json!({
            "source": format!("{system}.{table}"),
            "columns": columns.iter().map(|(name, _)| json!({"source": name})).collect::<Vec<_>>(),
            "primary_key": [key],
        }),
        Vec::new(),
    )
}

fn model(
    name: &str,
    layer: Layer,
    template: TemplateKind,
    description: &str,
    params: Value,
    tests: Vec<DataTest>,
) -> Model {
    let params: BTreeMap<String, Value> = match params {
        Value::Object(map) => map.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    Model {
        name: name.into(),
        layer,
        template,
        description: description.into(),
        materialization: None,
        params,
        tests,
        columns: BTreeMap::new(),
    }
}

/// Lanes left to right by layer, cards top to bottom within a lane.
fn layout(design: &mut Design) {
    let mut next_y = [0.0f64; 7];
    let mut place = |key: String, layer: Layer, positions: &mut BTreeMap<String, Position>| {
        let lane = usize::from(layer.order());
        let y = next_y[lane];
        next_y[lane] += 110.0;
        positions.insert(
            key,
            Position {
                x: f64::from(layer.order()) * 260.0,
                y,
            },
        );
    };
    let mut positions = BTreeMap::new();
    for (source, table) in design.raw_tables() {
        place(
            format!("{}.{}", source.system, table.name),
            Layer::Raw,
            &mut positions,
        );
    }
    for model in &design.models {
        place(model.name.clone(), model.layer, &mut positions);
    }
    design.canvas.positions = positions;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn has_exactly_the_requested_number_of_models() {
        for n in [0, 1, 17, 18, 19, 100, 1_000] {
            assert_eq!(design(n, 1).models.len(), n);
        }
    }

    #[test]
    fn a_block_uses_every_layer_and_template() {
        let design = design(BLOCK, 1);
        for template in TemplateKind::ALL {
            assert!(
                design.models.iter().any(|m| m.template == template),
                "{template} unused"
            );
        }
        for layer in Layer::ALL.into_iter().skip(1) {
            assert!(
                design.models.iter().any(|m| m.layer == layer),
                "{layer} empty"
            );
        }
    }

    #[test]
    fn every_synthetic_model_renders_for_both_targets() {
        use crate::render::{Renderer, Target, design_columns};
        let design = design(2 * BLOCK + 3, 1);
        let columns = design_columns(&design);
        let renderer = Renderer::new();
        for model in &design.models {
            for target in Target::ALL {
                if let Err(e) = renderer.render(&design, &columns, &model.name, target) {
                    panic!("{} for {target}: {e}", model.name);
                }
            }
        }
    }

    #[test]
    fn synthetic_designs_are_rule_clean() {
        for n in [5, BLOCK, 100] {
            let design = design(n, 1);
            let report = rules::check(&design);
            assert!(
                report.diagnostics.is_empty(),
                "synthetic design of {n} models: {:#?}",
                report.diagnostics
            );
        }
    }
}
