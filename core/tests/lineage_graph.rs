//! Graph queries over a design's lineage: upstream and downstream of tables
//! and columns, paths between columns, the impact of a change, and layers,
//! on the cafe example and on designs with failing models and cycles.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use serde_json::{Value, json};
use strata_core::lineage::{
    EdgeKind, Follow, LineageGraph, NodeKind, Reached, Transform, analyze_design,
};
use strata_core::{Design, Layer, document, examples};

fn cafe() -> Design {
    examples::example("cafe").unwrap().design().unwrap()
}

fn graph_of(design: &Design) -> LineageGraph {
    LineageGraph::build(design, &analyze_design(design))
}

/// The design with `edit` applied to its document JSON.
fn edited(design: &Design, edit: impl FnOnce(&mut Value)) -> Design {
    let mut doc: Value = serde_json::from_str(&document::save(design)).unwrap();
    edit(&mut doc);
    document::load(&doc.to_string()).unwrap()
}

fn labels(g: &LineageGraph, reached: &[Reached]) -> Vec<String> {
    reached
        .iter()
        .map(|r| format!("{} @{}", g.label(r.node), r.hops))
        .collect()
}

#[test]
fn downstream_of_a_raw_column_reaches_the_mart() {
    let g = graph_of(&cafe());
    let total = g.find("till.orders.total").unwrap();
    assert_eq!(g.kind(total), Some(NodeKind::Column));
    assert_eq!(g.layer(total), Some(Layer::Raw));
    let down = g.downstream(total, None, Follow::Values);
    assert_eq!(
        labels(&g, &down),
        [
            "src_till__orders.total @1",
            "src_till__orders._row_hash @1",
            "vlt_evt_order.total @2",
            "ana_customer.total_spent @3",
            "ana_customer.average_spend @3",
            "mrt_owner__regulars.total_spent @4",
        ]
    );
    insta::assert_snapshot!(g.reached_text(&down), @r"
     1  SRC      src_till__orders.total = expression
     1  SRC      src_till__orders._row_hash = expression
     2  VLT      vlt_evt_order.total = direct
     3  ANA      ana_customer.total_spent = aggregate
     3  ANA      ana_customer.average_spend = aggregate
     4  MRT      mrt_owner__regulars.total_spent = direct
    ");
    // Hop limits cut the walk short.
    assert_eq!(
        labels(&g, &g.downstream(total, Some(2), Follow::Values)),
        [
            "src_till__orders.total @1",
            "src_till__orders._row_hash @1",
            "vlt_evt_order.total @2"
        ]
    );
    assert!(g.downstream(total, Some(0), Follow::Values).is_empty());
    // Influence reaches further: orders decide who visits, and when.
    let wide = g.downstream(total, None, Follow::ValuesAndInfluence);
    assert!(wide.len() > down.len());
    assert!(down.iter().all(|r| wide.contains(r)));
}

#[test]
fn upstream_of_a_mart_column_and_a_mart_table() {
    let g = graph_of(&cafe());
    let spent = g.find("mrt_owner__regulars.total_spent").unwrap();
    assert_eq!(g.transform(spent), Some(Transform::Direct));
    assert_eq!(
        labels(&g, &g.upstream(spent, None, Follow::Values)),
        [
            "ana_customer.total_spent @1",
            "vlt_evt_order.total @2",
            "src_till__orders.total @3",
            "till.orders.total @4",
        ]
    );
    assert_eq!(
        labels(&g, &g.upstream(spent, Some(1), Follow::Values)),
        ["ana_customer.total_spent @1"]
    );
    // With influence: `visits` filters the mart, and the join and grouping
    // of ana_customer bring in keys from both of its inputs.
    let wide = labels(&g, &g.upstream(spent, Some(1), Follow::ValuesAndInfluence));
    assert_eq!(
        wide,
        ["ana_customer.visits @1", "ana_customer.total_spent @1"]
    );

    let tips = g.find("mrt_owner__tips").unwrap();
    assert_eq!(g.kind(tips), Some(NodeKind::Table));
    assert_eq!(
        labels(&g, &g.upstream(tips, None, Follow::Values)),
        [
            "ain_customer__payments_monthly @1",
            "vlt_evt_payment @2",
            "src_till__payments @3",
            "till.payments @4",
        ]
    );
    let customers = g.find("till.customers").unwrap();
    let down = g.downstream(customers, Some(2), Follow::Values);
    assert_eq!(
        labels(&g, &down),
        ["src_till__customers @1", "vlt_obj_customer @2"]
    );
    let grouped: Vec<(Option<Layer>, usize)> = g
        .group_by_layer(&g.downstream(customers, None, Follow::Values))
        .iter()
        .map(|group| (group.layer, group.nodes.len()))
        .collect();
    assert_eq!(
        grouped,
        [
            (Some(Layer::Src), 1),
            (Some(Layer::Vlt), 1),
            (Some(Layer::Ana), 1),
            (Some(Layer::Mrt), 2),
        ]
    );
}

#[test]
fn path_between_two_columns() {
    let g = graph_of(&cafe());
    let raw = g.find("till.orders.total").unwrap();
    let mart = g.find("mrt_owner__regulars.total_spent").unwrap();
    let path = g.path(raw, mart, Follow::Values);
    // The row hash is a dead end: it is not on the path.
    insta::assert_snapshot!(g.path_text(&path), @r"
    till.orders.total -> src_till__orders.total (expression)
    src_till__orders.total -> vlt_evt_order.total (direct)
    vlt_evt_order.total -> ana_customer.total_spent (aggregate)
    ana_customer.total_spent -> mrt_owner__regulars.total_spent (direct)
    ");
    assert_eq!(path.nodes.len(), 5);
    assert_eq!(path.nodes.first().map(|r| r.node), Some(raw));
    assert_eq!(path.nodes.last().map(|r| (r.node, r.hops)), Some((mart, 4)));
    // Either order gives the same answer, oriented downstream.
    assert_eq!(g.path(mart, raw, Follow::Values), path);
    assert!(
        path.edges
            .iter()
            .all(|e| matches!(e.kind, EdgeKind::Value(_)))
    );

    // Unconnected columns: nothing to highlight.
    let tips = g.find("mrt_owner__tips.total_tips").unwrap();
    assert!(g.path(raw, tips, Follow::ValuesAndInfluence).is_empty());
    // Two routes from the raw customer key into the mart: every edge of
    // both lies on the path.
    let key = g.find("till.orders.customer_id").unwrap();
    let regular = g.find("mrt_owner__regulars.customer_id").unwrap();
    assert!(g.path(key, regular, Follow::Values).is_empty());
    let wide = g.path(key, regular, Follow::ValuesAndInfluence);
    assert!(!wide.is_empty());
    assert!(wide.edges.iter().any(|e| e.kind == EdgeKind::Influence));
    for e in &wide.edges {
        assert!(wide.nodes.iter().any(|r| r.node == e.from));
        assert!(wide.nodes.iter().any(|r| r.node == e.to));
    }
}

#[test]
fn impact_of_a_change_by_layer() {
    let g = graph_of(&cafe());
    let total = g.find("till.orders.total").unwrap();
    let impact = g.impact(total, Follow::Values);
    insta::assert_snapshot!(impact.text(), @r"
    till.orders.total affects 4 tables and 6 columns
    SRC
      src_till__orders (1 hop): total, _row_hash
    VLT
      vlt_evt_order (2 hops): total
    ANA
      ana_customer (3 hops): total_spent, average_spend
    MRT
      mrt_owner__regulars (4 hops): total_spent
    ");
    let json = serde_json::to_value(&impact).unwrap();
    assert_eq!(json["follow"], "values");
    assert_eq!(json["layers"][0]["layer"], "SRC");
    assert_eq!(
        json["layers"][2]["tables"][0],
        json!({"name": "ana_customer", "hops": 3, "columns": [
            {"name": "total_spent", "hops": 3},
            {"name": "average_spend", "hops": 3},
        ]})
    );

    // A whole model: every reader, and every column fed by any of its
    // columns.
    let model = g.find("vlt_evt_payment").unwrap();
    insta::assert_snapshot!(g.impact(model, Follow::Values).text(), @r"
    vlt_evt_payment affects 2 tables and 5 columns
    AIN
      ain_customer__payments_monthly (1 hop): customer_hk, period_start, paid, tips
    MRT
      mrt_owner__tips (2 hops): total_tips
    ");
    let wide = g.impact(model, Follow::ValuesAndInfluence);
    assert_eq!((wide.table_count(), wide.column_count()), (2, 6));

    let raw = g.find("till.customers").unwrap();
    insta::assert_snapshot!(
        "impact_of_raw_customers_with_influence",
        g.impact(raw, Follow::ValuesAndInfluence).text()
    );
}

#[test]
fn layers_group_every_table() {
    let design = cafe();
    let g = graph_of(&design);
    let groups: Vec<(String, Vec<String>)> = g
        .by_layer()
        .iter()
        .map(|group| {
            (
                group.layer.map_or("unknown", Layer::code).to_owned(),
                group.nodes.iter().map(|&n| g.label(n)).collect(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!(groups);
    // Every raw column is a node, used or not; every model column too.
    let raw_columns: usize = design
        .raw_tables()
        .map(|(_, table)| table.columns.len())
        .sum();
    let lineage = analyze_design(&design);
    let model_columns: usize = lineage.models.iter().map(|m| m.columns.len()).sum();
    let tables = g.tables().count();
    assert_eq!(tables, 3 + lineage.models.len());
    assert_eq!(g.node_count(), tables + raw_columns + model_columns);
}

#[test]
fn failing_models_and_cycles_keep_their_table_edges() {
    let design = edited(&cafe(), |doc| {
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
            "name": "mrt_loop_a",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select x from {{ ref('mrt_loop_b') }}"}
        }));
        models.push(json!({
            "name": "mrt_loop_b",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select x from {{ ref('mrt_loop_a') }}\nunion all select visits from {{ ref('ana_customer') }}"}
        }));
        models.push(json!({
            "name": "mrt_reads_nothing_known",
            "layer": "MRT",
            "template": "custom_sql",
            "params": {"sql": "select a.k, b.v from {{ ref('no_such_model') }} a join elsewhere.t b on a.k = b.k"}
        }));
    });
    let lineage = analyze_design(&design);
    let g = LineageGraph::build(&design, &lineage);
    let broken = g.find("mrt_broken").unwrap();
    assert!(g.failed(broken));
    assert!(g.columns_of(broken).is_empty());
    let ana = g.find("ana_customer").unwrap();
    let readers = labels(&g, &g.downstream(ana, None, Follow::Values));
    for expected in [
        "mrt_broken @1",
        "mrt_after_broken @2",
        "mrt_loop_b @1",
        "mrt_loop_a @2",
    ] {
        assert!(readers.contains(&expected.to_owned()), "{readers:?}");
    }
    // The cycle is walked once, without looping.
    let a = g.find("mrt_loop_a").unwrap();
    assert_eq!(
        labels(&g, &g.downstream(a, None, Follow::Values)),
        ["mrt_loop_b @1"]
    );
    assert_eq!(
        labels(&g, &g.upstream(a, None, Follow::Values))[..2],
        ["mrt_loop_b @1", "ana_customer @2"]
    );
    let impact = g.impact(ana, Follow::ValuesAndInfluence);
    let text = impact.text();
    assert!(
        text.contains("mrt_broken (1 hop) [lineage failed]"),
        "{text}"
    );
    // A column of a failing model is unknown; asking for one says so.
    assert_eq!(
        g.find("mrt_broken.visits").unwrap_err().to_string(),
        "`mrt_broken` has no column `visits` (its columns are unknown)"
    );
    // Relations the design does not know have no layer and come last.
    let groups = g.by_layer();
    let last = groups.last().unwrap();
    assert_eq!(last.layer, None);
    let unknown: Vec<String> = last.nodes.iter().map(|&n| g.label(n)).collect();
    assert!(unknown.contains(&"no_such_model".to_owned()), "{unknown:?}");
    // Every query on every node answers without panicking.
    let all: Vec<_> = g.by_layer().into_iter().flat_map(|l| l.nodes).collect();
    for &node in &all {
        for follow in [Follow::Values, Follow::ValuesAndInfluence] {
            let _ = g.upstream(node, None, follow);
            let _ = g.downstream(node, Some(1), follow);
            let _ = g.impact(node, follow).text();
            for &col in g.columns_of(node) {
                let _ = g.impact(col, follow);
                let _ = g.path(col, col, follow);
            }
        }
    }
}
