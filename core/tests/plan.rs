//! Business-object planning: relationships and sources are edited with
//! clear refusals, and profiling's likely foreign keys become suggested
//! relationships between the planned objects.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use strata_core::Design;
use strata_core::design::Cardinality;
use strata_core::edit;
use strata_core::examples;
use strata_core::run::profile::Relationship;

fn cafe() -> Design {
    examples::example("cafe").unwrap().design().unwrap()
}

fn found(from: &str, from_column: &str, to: &str, to_column: &str, overlap: f64) -> Relationship {
    Relationship {
        from_table: from.to_owned(),
        from_column: from_column.to_owned(),
        to_table: to.to_owned(),
        to_column: to_column.to_owned(),
        overlap,
        confidence: overlap,
    }
}

#[test]
fn relationships_are_planned_changed_and_removed() {
    let mut d = cafe();
    edit::add_object(&mut d, "order", "order_id").unwrap();
    edit::relate_objects(
        &mut d,
        "order",
        "customer",
        Cardinality::ManyToOne,
        " placed by ",
    )
    .unwrap();
    let order = d.object("order").unwrap();
    assert_eq!(order.relationships.len(), 1);
    assert_eq!(order.relationships[0].description, "placed by");

    // Relating the same two again changes the relationship, never doubles it.
    edit::relate_objects(&mut d, "order", "customer", Cardinality::OneToOne, "").unwrap();
    let order = d.object("order").unwrap();
    assert_eq!(order.relationships.len(), 1);
    assert_eq!(order.relationships[0].cardinality, Cardinality::OneToOne);

    let before = d.clone();
    let err =
        edit::relate_objects(&mut d, "order", "shop", Cardinality::ManyToOne, "").unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no business object named \"shop\""
    );
    let err =
        edit::relate_objects(&mut d, "basket", "order", Cardinality::ManyToOne, "").unwrap_err();
    assert!(err.to_string().contains("\"basket\""), "{err}");
    let err = edit::unrelate_objects(&mut d, "customer", "order").unwrap_err();
    assert_eq!(
        err.to_string(),
        "customer has no planned relationship to order"
    );
    assert_eq!(d, before, "refused edits change nothing");

    edit::unrelate_objects(&mut d, "order", "customer").unwrap();
    assert!(d.object("order").unwrap().relationships.is_empty());
}

#[test]
fn sources_must_be_raw_tables_of_the_design() {
    let mut d = cafe();
    let sources = vec!["till.customers".to_owned(), "till.payments".to_owned()];
    edit::set_object_sources(&mut d, "customer", &sources).unwrap();
    assert_eq!(d.object("customer").unwrap().sources, sources);
    let before = d.clone();
    let err =
        edit::set_object_sources(&mut d, "customer", &["till.members".to_owned()]).unwrap_err();
    assert_eq!(err.to_string(), "there is no raw table \"till.members\"");
    assert_eq!(d, before);
}

#[test]
fn profiling_suggests_relationships_between_planned_objects() {
    let mut d = cafe();
    edit::add_object(&mut d, "order", "order_id").unwrap();
    let profiled = [
        found(
            "till.payments",
            "customer_id",
            "till.customers",
            "customer_id",
            1.0,
        ),
        found(
            "till.orders",
            "customer_id",
            "till.customers",
            "customer_id",
            0.97,
        ),
        found("till.payments", "order_id", "till.orders", "order_id", 1.0),
    ];
    let suggestions = edit::suggest_relationships(&d, &profiled);
    // Payments are no planned object: only orders to customers is a
    // relationship between objects (order keyed by the orders table's own id).
    assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    let s = &suggestions[0];
    assert_eq!((s.from.as_str(), s.to.as_str()), ("order", "customer"));
    assert_eq!(s.cardinality, Cardinality::ManyToOne);
    assert_eq!(
        s.evidence,
        "97 % of till.orders.customer_id found in till.customers.customer_id"
    );

    // Planned (in either direction), it is no longer suggested.
    edit::relate_objects(&mut d, "customer", "order", Cardinality::OneToMany, "").unwrap();
    assert!(edit::suggest_relationships(&d, &profiled).is_empty());
    assert!(edit::suggest_relationships(&d, &[]).is_empty());
}
