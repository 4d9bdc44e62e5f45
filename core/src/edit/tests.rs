use serde_json::json;

use super::*;
use crate::examples;
use crate::rules;
use crate::template::is_identifier;

fn cafe() -> Design {
    examples::example("cafe").unwrap().design().unwrap()
}

#[test]
fn fresh_names_follow_the_layer_pattern_and_avoid_taken_ones() {
    let mut design = cafe();
    assert_eq!(
        fresh_name(&design, Layer::Src, TemplateKind::Standardize),
        "src_new__model"
    );
    assert_eq!(
        fresh_name(&design, Layer::Vlt, TemplateKind::BusinessObject),
        "vlt_obj_new"
    );
    assert_eq!(
        fresh_name(&design, Layer::Vlt, TemplateKind::Relationship),
        "vlt_rel_new__link"
    );
    let first = add_model(&mut design, Layer::Src, TemplateKind::Standardize, None).unwrap();
    let second = add_model(&mut design, Layer::Src, TemplateKind::Standardize, None).unwrap();
    assert_eq!(
        (first.as_str(), second.as_str()),
        ("src_new__model", "src_new__model_2")
    );
    for layer in Layer::ALL.into_iter().skip(1) {
        for template in TemplateKind::for_layer(layer) {
            let name = fresh_name(&design, layer, template);
            assert!(
                is_identifier(&name),
                "{name} for {template:?} in {layer:?} is not a usable name"
            );
        }
    }
}

#[test]
fn a_new_model_gets_defaults_and_a_position() {
    let mut design = cafe();
    let at = Position { x: 10.0, y: 20.0 };
    let name = add_model(&mut design, Layer::Src, TemplateKind::Standardize, Some(at)).unwrap();
    let model = design.model(&name).unwrap();
    assert_eq!(model.layer, Layer::Src);
    assert_eq!(
        model.params.get("dedupe"),
        Some(&json!("exact")),
        "a default"
    );
    assert_eq!(
        model.params.get("source"),
        Some(&json!("")),
        "an empty required field"
    );
    assert_eq!(
        model.params.get("columns"),
        Some(&json!([])),
        "an empty list"
    );
    assert_eq!(design.canvas.positions.get(&name), Some(&at));
    let refused = add_model(&mut design, Layer::Src, TemplateKind::Metric, None);
    assert_eq!(
        refused.unwrap_err().to_string(),
        "the metric template cannot be used in SRC: it belongs in MRT"
    );
}

#[test]
fn connecting_fills_the_first_free_input_that_accepts_the_layer() {
    let mut design = cafe();
    let name = add_model(&mut design, Layer::Vlt, TemplateKind::Event, None).unwrap();
    let path = connect(&mut design, "src_till__orders", &name).unwrap();
    assert_eq!(path, "input");
    assert_eq!(
        design.model(&name).unwrap().params.get("input"),
        Some(&json!("src_till__orders"))
    );
    let again = connect(&mut design, "src_till__orders", &name).unwrap_err();
    assert_eq!(
        again.to_string(),
        format!("{name} already reads src_till__orders")
    );
    let full = connect(&mut design, "src_till__payments", &name).unwrap_err();
    assert!(matches!(full, EditError::NoFreeInput(_)), "{full}");

    let src = add_model(&mut design, Layer::Src, TemplateKind::Standardize, None).unwrap();
    assert_eq!(connect(&mut design, "till.orders", &src).unwrap(), "source");
}

#[test]
fn forbidden_connections_explain_the_layer_contract() {
    let design = cafe();
    let why = connection_problem(&design, "src_till__orders", "mrt_owner__regulars").unwrap();
    assert_eq!(
        why,
        "MRT may read only ANA and AIN, not SRC: route the data through the layers in between"
    );
    let back = connection_problem(&design, "ana_customer", "vlt_obj_customer").unwrap();
    assert!(back.contains("left to right"), "{back}");
    let raw = connection_problem(&design, "till.orders", "vlt_evt_order").unwrap();
    assert!(raw.contains("only by their SRC model"), "{raw}");
    let into_raw = connection_problem(&design, "src_till__orders", "till.orders").unwrap();
    assert!(
        into_raw.starts_with("raw tables are external data"),
        "{into_raw}"
    );
    assert_eq!(
        connection_problem(&design, "vlt_obj_customer", "vlt_obj_customer").unwrap(),
        "a model cannot read itself"
    );
    assert_eq!(
        connection_problem(&design, "src_till__orders", "vlt_evt_order"),
        None
    );
    let mut copy = design.clone();
    assert!(matches!(
        connect(&mut copy, "src_till__orders", "mrt_owner__regulars"),
        Err(EditError::Forbidden(_))
    ));
    assert_eq!(copy, design, "a refused connection changes nothing");
}

#[test]
fn custom_sql_models_are_told_to_use_ref() {
    let mut design = cafe();
    let name = add_model(&mut design, Layer::Ana, TemplateKind::CustomSql, None).unwrap();
    let err = connect(&mut design, "vlt_obj_customer", &name).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{name} is custom SQL: read vlt_obj_customer with {{{{ ref('vlt_obj_customer') }}}} in its SQL"
        )
    );
}

#[test]
fn deleting_clears_the_inputs_that_named_the_model() {
    let mut design = cafe();
    let deleted = delete(&mut design, &["ana_customer".to_owned()]).unwrap();
    assert_eq!(deleted.models, ["ana_customer"]);
    assert_eq!(
        deleted.cleared,
        [
            ("mrt_owner__regulars".to_owned(), "input".to_owned()),
            ("mrt_owner__new_customers".to_owned(), "model".to_owned()),
        ]
    );
    assert!(design.model("ana_customer").is_none());
    assert_eq!(
        design
            .model("mrt_owner__regulars")
            .unwrap()
            .params
            .get("input"),
        Some(&json!(""))
    );
    let before = design.clone();
    let err = delete(&mut design, &["nope".to_owned()]).unwrap_err();
    assert_eq!(err.to_string(), "there is no model or raw table nope");
    assert_eq!(design, before);
}

#[test]
fn renaming_follows_every_reference() {
    let mut design = cafe();
    design
        .canvas
        .positions
        .insert("vlt_obj_customer".to_owned(), Position { x: 1.0, y: 2.0 });
    rename(&mut design, "vlt_obj_customer", "vlt_obj_guest").unwrap();
    assert!(design.model("vlt_obj_customer").is_none());
    assert_eq!(
        design.model("ana_customer").unwrap().params.get("object"),
        Some(&json!("vlt_obj_guest"))
    );
    assert!(design.canvas.positions.contains_key("vlt_obj_guest"));
    assert_eq!(
        rules::check(&design).has_errors(),
        rules::check(&cafe()).has_errors()
    );

    let taken = rename(&mut design, "vlt_obj_guest", "ana_customer").unwrap_err();
    assert_eq!(
        taken.to_string(),
        "ana_customer is taken: another model already has that name"
    );
    let bad = rename(&mut design, "vlt_obj_guest", "9 lives").unwrap_err();
    assert!(matches!(bad, EditError::BadName(_)), "{bad}");
}

#[test]
fn renaming_rewrites_ref_calls_in_custom_sql() {
    let mut design = cafe();
    let name = add_model(&mut design, Layer::Ana, TemplateKind::CustomSql, None).unwrap();
    set_param(
        &mut design,
        &name,
        "sql",
        Some(json!(
            "select * from {{ ref('vlt_obj_customer') }} join {{ ref(\"vlt_evt_order\") }}"
        )),
    )
    .unwrap();
    rename(&mut design, "vlt_obj_customer", "vlt_obj_guest").unwrap();
    rename(&mut design, "vlt_evt_order", "vlt_evt_visit").unwrap();
    assert_eq!(
        design.model(&name).unwrap().params.get("sql"),
        Some(&json!(
            "select * from {{ ref('vlt_obj_guest') }} join {{ ref(\"vlt_evt_visit\") }}"
        ))
    );
}

#[test]
fn parameters_are_set_and_read_by_path() {
    let mut design = cafe();
    let model = "src_till__orders";
    set_param(
        &mut design,
        model,
        "columns[0].name",
        Some(json!("order_key")),
    )
    .unwrap();
    let m = design.model(model).unwrap();
    assert_eq!(param(m, "columns[0].name"), Some(&json!("order_key")));
    set_param(&mut design, model, "dedupe", None).unwrap();
    assert_eq!(param(design.model(model).unwrap(), "dedupe"), None);
    set_param(&mut design, model, "columns[0]", None).unwrap();
    assert_ne!(
        param(design.model(model).unwrap(), "columns[0].name"),
        Some(&json!("order_key"))
    );
    let before = design.clone();
    for bad in ["columns[99].name", "columns[x]", "", "a..b", "columns[0"] {
        assert!(
            set_param(&mut design, model, bad, Some(json!(1))).is_err(),
            "{bad} should be refused"
        );
    }
    assert_eq!(design, before, "refused paths change nothing");
}

#[test]
fn inputs_name_models_and_raw_tables() {
    let design = cafe();
    assert_eq!(
        inputs(design.model("src_till__orders").unwrap()),
        [("till.orders".to_owned(), "source".to_owned())]
    );
    assert_eq!(
        inputs(design.model("ana_customer").unwrap()),
        [
            ("vlt_obj_customer".to_owned(), "object".to_owned()),
            ("vlt_evt_order".to_owned(), "events".to_owned()),
        ]
    );
}

#[test]
fn history_undoes_and_redoes_in_order() {
    let mut history = History::new(2);
    history.record("one", 1);
    history.record("two", 2);
    history.record("three", 3);
    assert_eq!(history.undo_label(), Some("three"));
    let mut state = 4;
    assert_eq!(history.undo(&mut state).as_deref(), Some("three"));
    assert_eq!(state, 3);
    assert_eq!(history.undo(&mut state).as_deref(), Some("two"));
    assert_eq!(state, 2);
    assert_eq!(history.undo(&mut state), None, "the oldest step fell off");
    assert_eq!(state, 2, "nothing to undo leaves the state alone");
    assert_eq!(history.redo(&mut state).as_deref(), Some("two"));
    assert_eq!(state, 3);
    history.record("other", state);
    assert_eq!(history.redo_label(), None, "a new edit clears redo");
}

#[test]
fn raw_tables_are_added_from_lines_and_deleted_with_their_readers_cleared() {
    let mut design = cafe();
    let name = add_raw_table(
        &mut design,
        "shop",
        "orders",
        "order_id integer\namount decimal(12,2)\n\nnote",
        None,
    )
    .unwrap();
    assert_eq!(name, "shop.orders");
    let raw = design.raw_table("shop", "orders").unwrap();
    let cols: Vec<String> = raw
        .columns
        .iter()
        .map(|c| format!("{} {}", c.name, c.data_type))
        .collect();
    assert_eq!(
        cols,
        ["order_id integer", "amount decimal(12,2)", "note varchar"]
    );

    let before = design.clone();
    for (columns, expected) in [
        (
            "id integer\nid bigint",
            "line 2: the column id is listed twice",
        ),
        ("id integr", "line 1: \"integr\" is not a type Strata knows"),
        ("", "list at least one column"),
    ] {
        let err = add_raw_table(&mut design, "shop", "other", columns, None).unwrap_err();
        assert!(err.to_string().starts_with(expected), "{err}");
    }
    assert!(add_raw_table(&mut design, "shop", "orders", "id", None).is_err());
    assert_eq!(design, before, "refused tables change nothing");

    let deleted = delete(&mut design, &["till.orders".to_owned()]).unwrap();
    assert_eq!(deleted.models, ["till.orders"]);
    assert_eq!(
        deleted.cleared,
        [("src_till__orders".to_owned(), "source".to_owned())]
    );
    assert!(design.raw_table("till", "orders").is_none());
}

#[test]
fn objects_are_added_with_their_keys_and_removed() {
    let mut design = cafe();
    assert_eq!(
        add_object(&mut design, "order", "order_id, shop_id").unwrap(),
        "order"
    );
    assert_eq!(
        design.object("order").unwrap().business_keys,
        ["order_id", "shop_id"]
    );
    assert!(add_object(&mut design, "order", "id").is_err(), "taken");
    assert!(add_object(&mut design, "two words", "id").is_err());
    assert!(add_object(&mut design, "visit", "id; drop").is_err());
    remove_object(&mut design, "order").unwrap();
    assert!(design.object("order").is_none());
    assert!(remove_object(&mut design, "order").is_err());
}
