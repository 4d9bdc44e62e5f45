//! Tests of sample-data generation: determinism, a golden table, keys that
//! join, `after` ordering, quality-problem rates, number formats and errors.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::*;
use crate::design::Design;

/// A design from the JSON of its sources (and optional settings).
fn design(sources: Value) -> Design {
    serde_json::from_value(json!({ "name": "test", "sources": sources })).unwrap()
}

fn shop() -> Design {
    design(json!([
        {
            "system": "crm",
            "tables": [{
                "name": "customers",
                "columns": [
                    { "name": "customer_id", "type": "integer" },
                    { "name": "first_name", "type": "varchar" },
                    { "name": "last_name", "type": "varchar" },
                    { "name": "email", "type": "varchar" },
                    { "name": "city", "type": "varchar" },
                    { "name": "is_active", "type": "boolean" },
                    { "name": "created_at", "type": "timestamp" },
                    { "name": "updated_at", "type": "timestamp" },
                ],
            }],
        },
        {
            "system": "pos",
            "tables": [{
                "name": "orders",
                "sample": { "rows": 12, "duplicate_rate": 0.2, "late_rate": 0.2 },
                "columns": [
                    { "name": "order_id", "type": "bigint" },
                    { "name": "customer_id", "type": "integer" },
                    { "name": "order_date", "type": "date" },
                    { "name": "shipped_date", "type": "date" },
                    { "name": "status", "type": "varchar" },
                    { "name": "amount", "type": "decimal(10,2)" },
                    { "name": "note", "type": "varchar",
                      "sample": { "null_rate": 0.3, "dirty_rate": 0.3,
                                  "generator": { "kind": "choice",
                                                 "values": ["gift", "rush", "a, \"quoted\" note"] } } },
                    { "name": "_loaded_at", "type": "timestamp" },
                ],
            }],
        },
    ]))
}

fn csv(design: &Design, system: &str, table: &str, options: &Options) -> String {
    let mut out = Vec::new();
    write_csv(design, system, table, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn rows(n: u64) -> Options {
    Options {
        rows: Some(n),
        seed: None,
    }
}

/// Parses CSV as written here: `None` for NULL (an empty unquoted field),
/// `Some("")` for a quoted empty string. The header is dropped.
fn parse(text: &str) -> Vec<Vec<Option<String>>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut in_quotes) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if in_quotes => in_quotes = false,
            '"' => (in_quotes, quoted) = (true, true),
            ',' | '\n' if !in_quotes => {
                let value = std::mem::take(&mut field);
                record.push((quoted || !value.is_empty()).then_some(value));
                quoted = false;
                if ch == '\n' {
                    records.push(std::mem::take(&mut record));
                }
            }
            _ => field.push(ch),
        }
    }
    records.remove(0);
    records
}

/// The values of column `name` in `text`.
fn column(text: &str, name: &str) -> Vec<Option<String>> {
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == name).unwrap();
    parse(text).into_iter().map(|r| r[i].clone()).collect()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let shop = shop();
    let a = csv(&shop, "pos", "orders", &rows(500));
    let b = csv(&shop, "pos", "orders", &rows(500));
    assert_eq!(a, b);
    let other = Options {
        rows: Some(500),
        seed: Some(7),
    };
    assert_ne!(a, csv(&shop, "pos", "orders", &other));
    // The design's seed is the default.
    let mut reseeded = shop.clone();
    reseeded.settings.sample.seed = 7;
    assert_eq!(
        csv(&reseeded, "pos", "orders", &rows(500)),
        csv(&shop, "pos", "orders", &other)
    );
}

#[test]
fn golden_tables() {
    let mut small = shop();
    small.settings.sample.rows = 8;
    let data = generate(&small, &Options::default()).unwrap();
    let mut shown = String::new();
    for t in &data.tables {
        shown += &format!("── {}.{} {:?}\n{}", t.system, t.table, t.stats, t.csv);
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn adding_a_table_or_column_leaves_other_values_alone() {
    let shop = shop();
    let before = csv(&shop, "crm", "customers", &rows(200));
    let mut bigger = shop.clone();
    bigger.sources[1].tables[0].name = "orders_v2".into();
    bigger.sources.insert(
        0,
        serde_json::from_value(json!({
            "system": "erp",
            "tables": [{ "name": "items", "columns": [{ "name": "item_id", "type": "integer" }] }],
        }))
        .unwrap(),
    );
    assert_eq!(csv(&bigger, "crm", "customers", &rows(200)), before);

    let mut wider = shop.clone();
    wider.sources[0].tables[0].columns.insert(
        2,
        serde_json::from_value(json!({ "name": "phone", "type": "varchar" })).unwrap(),
    );
    let after = csv(&wider, "crm", "customers", &rows(200));
    assert_eq!(column(&after, "email"), column(&before, "email"));
    assert_eq!(column(&after, "created_at"), column(&before, "created_at"));
}

#[test]
fn references_always_resolve_to_generated_keys() {
    let shop = design(json!([{
        "system": "shop",
        "tables": [
            {
                "name": "order_lines",
                "columns": [
                    { "name": "line_id", "type": "integer" },
                    { "name": "order_id", "type": "integer" },
                    { "name": "sku", "type": "varchar",
                      "sample": { "generator": { "kind": "reference", "table": "shop.products",
                                                 "column": "sku", "skew": 1.2 } } },
                    { "name": "quantity", "type": "integer" },
                ],
            },
            {
                "name": "orders",
                "sample": { "rows": 300 },
                "columns": [
                    { "name": "order_id", "type": "integer",
                      "sample": { "generator": { "kind": "sequence", "start": 1000 } } },
                    { "name": "customer_id", "type": "integer" },
                ],
            },
            {
                "name": "products",
                "sample": { "rows": 50 },
                "columns": [
                    { "name": "sku", "type": "varchar",
                      "sample": { "generator": { "kind": "pattern", "pattern": "SKU-###" },
                                  "null_rate": 0.1 } },
                    { "name": "name", "type": "varchar" },
                ],
            },
            {
                "name": "customers",
                "sample": { "rows": 40 },
                "columns": [{ "name": "id", "type": "integer" }, { "name": "email", "type": "varchar" }],
            },
        ],
    }]));
    let mut sampler = Sampler::new(&shop, &Options::default()).unwrap();
    // Referenced tables come first.
    let order: Vec<&str> = sampler.tables().into_iter().map(|(_, t)| t).collect();
    assert_eq!(order, ["products", "customers", "orders", "order_lines"]);

    let mut write = |table: &str| {
        let mut out = Vec::new();
        sampler.write_csv("shop", table, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let (lines, orders, products, customers) = (
        write("order_lines"),
        write("orders"),
        write("products"),
        write("customers"),
    );
    let keys = |text: &str, name: &str| -> BTreeSet<String> {
        column(text, name).into_iter().flatten().collect()
    };
    let order_ids = keys(&orders, "order_id");
    assert_eq!(order_ids.len(), 300);
    assert!(keys(&lines, "order_id").is_subset(&order_ids));
    let skus = keys(&products, "sku");
    let used_skus = keys(&lines, "sku");
    assert!(used_skus.is_subset(&skus), "{used_skus:?} {skus:?}");
    assert!(keys(&orders, "customer_id").is_subset(&keys(&customers, "id")));
    assert!(column(&lines, "sku").iter().all(Option::is_some));

    // Skewed: the busiest fifth of the orders has most of the lines.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for id in column(&lines, "order_id").into_iter().flatten() {
        *counts.entry(id).or_default() += 1;
    }
    let mut sorted: Vec<usize> = counts.values().copied().collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let top: usize = sorted.iter().take(60).sum();
    assert!(top * 10 > 1000 * 6, "top fifth has {top} of 1000 lines");
    // ... and the busiest orders are not simply the first ones.
    let busiest = counts.iter().max_by_key(|(_, n)| **n).unwrap().0;
    assert_ne!(busiest, "1000");
}

#[test]
fn after_columns_never_come_before_the_column_they_follow() {
    let shop = shop();
    let orders = csv(&shop, "pos", "orders", &rows(3000));
    let pairs = [
        ("order_date", "shipped_date"),
        ("shipped_date", "_loaded_at"),
    ];
    for (first, then) in pairs {
        let a = column(&orders, first);
        let b = column(&orders, then);
        for (a, b) in a.iter().zip(&b) {
            let (Some(a), Some(b)) = (a, b) else { continue };
            assert!(b[..10] >= a[..10], "{first} {a} > {then} {b}");
        }
    }
    let customers = csv(&shop, "crm", "customers", &rows(3000));
    let created = column(&customers, "created_at");
    let updated = column(&customers, "updated_at");
    for (a, b) in created.iter().zip(&updated) {
        assert!(b.as_ref().unwrap() >= a.as_ref().unwrap());
    }
    // Automatic timestamps fall in the two years before 2026-01-01.
    for ts in created.iter().flatten() {
        assert!(
            ts.as_str() >= "2024-01-01 00:00:00" && ts.as_str() < "2026-01-01",
            "{ts}"
        );
    }
}

#[test]
fn nulls_duplicates_and_late_rows_come_at_the_configured_rates() {
    let d = design(json!([{
        "system": "s",
        "tables": [{
            "name": "events",
            "sample": { "duplicate_rate": 0.05, "late_rate": 0.1 },
            "columns": [
                { "name": "event_id", "type": "integer" },
                { "name": "happened_at", "type": "timestamp" },
                { "name": "channel", "type": "varchar", "sample": { "null_rate": 0.2 } },
                { "name": "loaded_at", "type": "timestamp" },
            ],
        }],
    }]));
    let mut out = Vec::new();
    let stats = write_csv(&d, "s", "events", &rows(10_000), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(stats.rows, 10_000);
    assert_eq!(stats.bytes, text.len() as u64);
    let records = parse(&text);
    assert_eq!(records.len() as u64, stats.rows + stats.duplicates);
    assert!((400..600).contains(&stats.duplicates), "{stats:?}");
    assert!((850..1150).contains(&stats.late), "{stats:?}");

    // Duplicates are exact copies of distinct rows written before them.
    let mut seen = BTreeSet::new();
    let mut copies = 0;
    for line in text.lines().skip(1) {
        if !seen.insert(line) {
            copies += 1;
        }
    }
    assert_eq!(copies, stats.duplicates);

    let channel = column(&text, "channel");
    let nulls = channel.iter().filter(|v| v.is_none()).count();
    let share = nulls as f64 / channel.len() as f64;
    assert!((0.18..0.22).contains(&share), "{share}");

    // Late rows load days after their event; the rest the next night.
    let happened = column(&text, "happened_at");
    let loaded = column(&text, "loaded_at");
    let late = happened
        .iter()
        .zip(&loaded)
        .filter(|(h, l)| {
            let day = |v: &Option<String>| time::parse_date(&v.as_ref().unwrap()[..10]).unwrap();
            day(l) - day(h) > 1
        })
        .count();
    assert!((850..1250).contains(&late), "{late}");
}

#[test]
fn dirty_text_is_padded_or_blank_and_never_null() {
    let d = design(json!([{
        "system": "s",
        "tables": [{
            "name": "people",
            "columns": [
                { "name": "id", "type": "integer" },
                { "name": "city", "type": "varchar", "sample": { "dirty_rate": 0.5 } },
                { "name": "age", "type": "integer", "sample": { "dirty_rate": 0.5 } },
            ],
        }],
    }]));
    let text = csv(&d, "s", "people", &rows(2000));
    let city = column(&text, "city");
    let blank = city.iter().filter(|v| v.as_deref() == Some("")).count();
    let padded = city
        .iter()
        .flatten()
        .filter(|v| !v.is_empty() && v.trim() != v.as_str())
        .count();
    assert!(city.iter().all(Option::is_some));
    assert!((150..350).contains(&blank), "{blank}");
    assert!((600..900).contains(&padded), "{padded}");
    // Only text is made dirty.
    assert!(
        column(&text, "age")
            .iter()
            .flatten()
            .all(|v| v.parse::<i64>().is_ok())
    );
}

#[test]
fn decimals_have_exactly_the_column_scale() {
    let d = design(json!([{
        "system": "s",
        "tables": [{
            "name": "prices",
            "columns": [
                { "name": "id", "type": "integer" },
                { "name": "price", "type": "decimal(12,2)" },
                { "name": "rate", "type": "decimal(8,4)",
                  "sample": { "generator": { "kind": "decimal", "min": -1.5, "max": 1.5 } } },
                { "name": "whole", "type": "decimal(6,3)",
                  "sample": { "generator": { "kind": "integer", "min": -5, "max": 5 } } },
                { "name": "plain", "type": "decimal(5,0)" },
                { "name": "ratio", "type": "double",
                  "sample": { "generator": { "kind": "decimal", "min": 0.0, "max": 1.0 } } },
            ],
        }],
    }]));
    let text = csv(&d, "s", "prices", &rows(2000));
    let scale_of = |v: &str| v.split_once('.').map(|(_, f)| f.len());
    for (name, scale) in [
        ("price", Some(2)),
        ("rate", Some(4)),
        ("whole", Some(3)),
        ("plain", None),
        ("ratio", Some(2)),
    ] {
        let values = column(&text, name);
        for v in values.iter().flatten() {
            assert_eq!(scale_of(v), scale, "{name} {v}");
            assert!(v.parse::<f64>().is_ok(), "{name} {v}");
        }
    }
    let rate: Vec<f64> = column(&text, "rate")
        .iter()
        .flatten()
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(rate.iter().all(|r| (-1.5..=1.5).contains(r)));
    assert!(rate.iter().any(|r| *r < -0.5) && rate.iter().any(|r| *r > 0.5));
    // Skewed amounts: most are small, a few are large.
    let price: Vec<f64> = column(&text, "price")
        .iter()
        .flatten()
        .map(|v| v.parse().unwrap())
        .collect();
    let below_100 = price.iter().filter(|p| **p < 100.0).count();
    assert!(price.iter().all(|p| (5.0..=2000.0).contains(p)));
    assert!((800..1200).contains(&below_100), "{below_100}");
    assert!(price.iter().any(|p| *p > 1000.0));
}

#[test]
fn auto_chooses_from_name_and_type() {
    let columns: Vec<Value> = [
        "account_id integer",
        "customer_id integer",
        "parent_id integer",
        "full_name varchar",
        "name varchar",
        "phone varchar",
        "country varchar",
        "country_code varchar",
        "zip_code varchar",
        "street_address varchar",
        "company_name varchar",
        "status varchar",
        "currency varchar",
        "signup_date date",
        "last_login_at varchar",
        "closed_at timestamp",
        "birth_date date",
        "quantity integer",
        "price decimal(8,2)",
        "discount_rate decimal(4,3)",
        "score integer",
        "latitude double",
        "description varchar",
        "sku varchar",
        "account_type varchar",
        "nickname varchar",
        "is_deleted boolean",
        "load_time timestamp",
    ]
    .iter()
    .map(|c| {
        let (name, ty) = c.split_once(' ').unwrap();
        json!({ "name": name, "type": ty })
    })
    .collect();
    let shop = shop();
    let d = design(json!([
        { "system": "crm", "tables": shop.sources[0].tables },
        { "system": "web", "tables": [{ "name": "accounts", "columns": columns }] },
    ]));
    let (system, table) = (&d.sources[1].system, &d.sources[1].tables[0]);
    let keys: Vec<auto::KeyTable<'_>> = d
        .raw_tables()
        .map(|(s, t)| auto::KeyTable {
            system: &s.system,
            table: &t.name,
            qualified: format!("{}.{}", s.system, t.name),
            key: Some(t.columns[0].name.as_str()),
        })
        .collect();
    let mut resolved = Vec::new();
    let mut shown = String::new();
    for (i, c) in table.columns.iter().enumerate() {
        let g = auto::resolve(system, &table.name, &table.columns, i, &resolved, &keys);
        shown += &format!(
            "{:<16} {:<14} {}\n",
            c.name,
            c.data_type.to_string(),
            serde_json::to_string(&g).unwrap()
        );
        resolved.push(g);
    }
    insta::assert_snapshot!(shown);
    // And the whole table generates.
    Sampler::new(&d, &Options::default()).unwrap();
    csv(&d, "web", "accounts", &rows(50));
}

#[test]
fn a_reference_to_a_missing_table_or_column_is_an_error() {
    let with_reference = |table: &str, column: &str| {
        design(json!([{
            "system": "pos",
            "tables": [
                { "name": "customers", "columns": [{ "name": "id", "type": "integer" }] },
                {
                    "name": "orders",
                    "columns": [
                        { "name": "id", "type": "integer" },
                        { "name": "customer", "type": "integer",
                          "sample": { "generator": { "kind": "reference", "table": table,
                                                     "column": column } } },
                    ],
                },
            ],
        }]))
    };
    let err =
        Sampler::new(&with_reference("crm.customers", "id"), &Options::default()).unwrap_err();
    assert_eq!(
        err,
        SampleError::UnknownTable {
            table: "pos.orders".into(),
            column: "customer".into(),
            references: "crm.customers".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "`pos.orders.customer` references the table `crm.customers`, which the design does \
         not have; name an existing raw table as `system.table`"
    );
    let err = Sampler::new(
        &with_reference("pos.customers", "cust_id"),
        &Options::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, SampleError::UnknownColumn { ref references, .. }
        if references == "pos.customers.cust_id")
    );
    Sampler::new(&with_reference("pos.customers", "id"), &Options::default()).unwrap();

    let err = write_csv(
        &with_reference("pos.customers", "id"),
        "pos",
        "returns",
        &Options::default(),
        Vec::new(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "the design has no raw table `pos.returns`");
}

#[test]
fn a_reference_cycle_is_an_error_naming_the_columns() {
    let reference = |table: &str, column: &str| json!({ "generator": { "kind": "reference", "table": table, "column": column } });
    let d = design(json!([{
        "system": "s",
        "tables": [
            {
                "name": "a",
                "columns": [
                    { "name": "code", "type": "varchar", "sample": reference("s.b", "code") },
                ],
            },
            {
                "name": "b",
                "columns": [
                    { "name": "id", "type": "integer" },
                    { "name": "code", "type": "varchar", "sample": reference("s.a", "code") },
                ],
            },
        ],
    }]));
    let err = Sampler::new(&d, &Options::default()).unwrap_err();
    assert_eq!(
        err,
        SampleError::Cycle {
            path: vec!["s.a.code".into(), "s.b.code".into(), "s.a.code".into()],
        }
    );
    assert!(err.to_string().contains("s.a.code → s.b.code → s.a.code"));

    // Tables that point at each other's sequence keys are fine.
    let d = design(json!([{
        "system": "s",
        "tables": [
            { "name": "a", "columns": [{ "name": "a_id", "type": "integer" },
                                       { "name": "b_id", "type": "integer" }] },
            { "name": "b", "columns": [{ "name": "b_id", "type": "integer" },
                                       { "name": "a_id", "type": "integer" }] },
        ],
    }]));
    generate(&d, &rows(20)).unwrap();

    // `after` chains are checked too.
    let d = design(json!([{
        "system": "s",
        "tables": [{
            "name": "t",
            "columns": [
                { "name": "x", "type": "date", "sample": { "generator":
                    { "kind": "date", "from": "2024-01-01", "to": "2024-12-31", "after": "y" } } },
                { "name": "y", "type": "date", "sample": { "generator":
                    { "kind": "date", "from": "2024-01-01", "to": "2024-12-31", "after": "x" } } },
            ],
        }],
    }]));
    assert!(matches!(
        Sampler::new(&d, &Options::default()),
        Err(SampleError::Cycle { .. })
    ));
}

#[test]
fn invalid_settings_are_errors_that_say_what_to_fix() {
    let with = |ty: &str, sample: Value| {
        design(json!([{
            "system": "s",
            "tables": [{
                "name": "t",
                "columns": [
                    { "name": "id", "type": "integer" },
                    { "name": "c", "type": ty, "sample": sample },
                ],
            }],
        }]))
    };
    let cases = [
        (
            "varchar",
            json!({ "generator": { "kind": "choice", "values": ["a", "b", "c"], "weights": [1, 2] } }),
        ),
        (
            "varchar",
            json!({ "generator": { "kind": "choice", "values": ["a"], "weights": [0] } }),
        ),
        (
            "varchar",
            json!({ "generator": { "kind": "choice", "values": [] } }),
        ),
        (
            "integer",
            json!({ "generator": { "kind": "integer", "min": 5, "max": 1 } }),
        ),
        (
            "decimal(5,2)",
            json!({ "generator": { "kind": "decimal", "min": 0, "max": 5000 } }),
        ),
        (
            "date",
            json!({ "generator": { "kind": "date", "from": "2024-02-30", "to": "2024-12-31" } }),
        ),
        (
            "date",
            json!({ "generator": { "kind": "date", "from": "2024-01-01", "to": "2024-12-31",
                                   "after": "id" } }),
        ),
        ("date", json!({ "generator": { "kind": "boolean" } })),
        ("varchar", json!({ "null_rate": 1.5 })),
        (
            "integer",
            json!({ "generator": { "kind": "integer", "min": 1, "max": 9, "skew": -1 } }),
        ),
    ];
    let mut shown = String::new();
    for (ty, sample) in cases {
        let err = Sampler::new(&with(ty, sample), &Options::default()).unwrap_err();
        assert!(
            matches!(err, SampleError::Invalid { ref column, .. } if column.as_deref() == Some("c"))
        );
        shown += &format!("{err}\n");
    }
    let mut huge = with("integer", json!({}));
    huge.sources[0].tables[0].sample.rows = Some(1_000_000_000);
    shown += &format!(
        "{}\n",
        Sampler::new(&huge, &Options::default()).unwrap_err()
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn empty_tables_and_empty_pools_give_headers_and_nulls() {
    let d = design(json!([{
        "system": "s",
        "tables": [
            { "name": "parents", "sample": { "rows": 0 },
              "columns": [{ "name": "code", "type": "varchar",
                            "sample": { "generator": { "kind": "pattern", "pattern": "P-##" } } }] },
            { "name": "children", "columns": [
                { "name": "id", "type": "integer" },
                { "name": "parent", "type": "varchar", "sample": { "generator":
                    { "kind": "reference", "table": "s.parents", "column": "code" } } },
            ] },
        ],
    }]));
    let none = generate(&d, &rows(0)).unwrap();
    assert_eq!(none.tables[0].csv, "code\n");
    assert_eq!(none.tables[1].csv, "id,parent\n");
    // No parents, so every child's reference is NULL.
    let data = generate(&d, &Options::default()).unwrap();
    assert_eq!(data.tables[0].csv, "code\n");
    assert_eq!(data.tables[1].stats.rows, 1_000);
    assert!(data.tables[1].csv.lines().skip(1).all(|l| l.ends_with(',')));
}

#[test]
fn rows_come_from_options_then_the_table_then_the_design() {
    let shop = shop();
    let sampler = Sampler::new(&shop, &Options::default()).unwrap();
    assert_eq!(sampler.rows("crm", "customers"), Some(1_000));
    assert_eq!(sampler.rows("pos", "orders"), Some(12));
    assert_eq!(sampler.rows("pos", "returns"), None);
    let sampler = Sampler::new(&shop, &rows(5)).unwrap();
    assert_eq!(sampler.rows("pos", "orders"), Some(5));
}

#[test]
fn csv_lines_quote_like_the_generator() {
    use super::csv_line;
    assert_eq!(csv_line([Some("a"), None, Some("")]), "a,,\"\"\n");
    assert_eq!(
        csv_line([Some("x,y"), Some("say \"hi\""), Some(" pad")]),
        "\"x,y\",\"say \"\"hi\"\"\",\" pad\"\n"
    );
    assert_eq!(csv_line(std::iter::empty()), "\n");
}
