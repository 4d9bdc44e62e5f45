//! CSV import fixtures: `data/import/good_*.csv` must import (their columns,
//! types and normalized rows are snapshotted), `bad_*.csv` must be refused
//! with the line and byte at fault (the message is snapshotted).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::fmt::Write;

mod support;

use strata_core::import::{self, MAX_BYTES};

#[test]
fn import_fixtures() {
    insta::glob!("data/import/*.csv", |path| {
        let bytes = std::fs::read(path).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let result = import::read_csv(&bytes);
        let mut out = String::new();
        match (stem.starts_with("good"), result) {
            (true, Ok(i)) => {
                out.push_str(&support::import_summary(&i));
                writeln!(out, "---\n{}", i.csv).unwrap();
                // The normalized rows import again to the same thing.
                let again = import::read_csv(i.csv.as_bytes()).unwrap();
                assert_eq!(again.csv, i.csv, "{stem}: normalizing is stable");
                assert_eq!(
                    again
                        .columns
                        .iter()
                        .map(|c| c.data_type)
                        .collect::<Vec<_>>(),
                    i.columns.iter().map(|c| c.data_type).collect::<Vec<_>>()
                );
            }
            (false, Err(e)) => writeln!(out, "{e}").unwrap(),
            (true, Err(e)) => panic!("{stem} should import: {e}"),
            (false, Ok(_)) => panic!("{stem} should be refused"),
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn an_imported_table_joins_the_design_and_its_run_loads_the_users_rows() {
    let mut design = strata_core::examples::example("cafe")
        .unwrap()
        .design()
        .unwrap();
    let bytes = std::fs::read("tests/data/import/good_semicolon_bom_crlf.csv").unwrap();
    let imported = import::read_csv(&bytes).unwrap();
    let name = strata_core::edit::add_imported_table(
        &mut design,
        "shop",
        "orders_2024",
        &imported,
        "orders.csv",
        None,
    )
    .unwrap();
    assert_eq!(name, "shop.orders_2024");
    let table = design.raw_table("shop", "orders_2024").unwrap();
    assert_eq!(
        table
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["order_id", "customer_name", "ordered_on", "Qty"]
    );
    assert_eq!(
        table.sample.imported.as_ref().unwrap().checksum,
        imported.checksum
    );
    // It survives saving and loading.
    let text = strata_core::document::save(&design);
    let loaded = strata_core::document::load(&text).unwrap();
    assert_eq!(
        loaded
            .raw_table("shop", "orders_2024")
            .unwrap()
            .sample
            .imported,
        table.sample.imported
    );
    // The same name twice is refused and changes nothing.
    let before = design.clone();
    assert!(
        strata_core::edit::add_imported_table(
            &mut design,
            "shop",
            "orders_2024",
            &imported,
            "orders.csv",
            None
        )
        .is_err()
    );
    assert_eq!(design, before);
}

#[test]
fn hostile_files_get_errors_not_panics() {
    assert!(
        import::read_csv(&vec![b'a'; MAX_BYTES + 1])
            .unwrap_err()
            .to_string()
            .contains("MB")
    );
    let wide: String = (0..2000).map(|i| format!("c{i},")).collect();
    assert!(import::read_csv(wide.as_bytes()).is_err());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let fixtures: Vec<Vec<u8>> = std::fs::read_dir("tests/data/import")
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    for round in 0..3000 {
        let base = &fixtures[round % fixtures.len()];
        let mut bytes = base.clone();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        if !bytes.is_empty() {
            let at = (seed as usize) % bytes.len();
            match round % 4 {
                0 => bytes.truncate(at),
                1 => bytes[at] = (seed >> 8) as u8,
                2 => bytes.insert(at, b'"'),
                _ => bytes.insert(at, b'\n'),
            }
        }
        let _ = import::read_csv(&bytes);
    }
}

#[test]
fn an_imported_table_can_be_standardized_in_one_step_and_renders_clean() {
    let mut design = strata_core::examples::example("cafe")
        .unwrap()
        .design()
        .unwrap();
    let bytes = std::fs::read("tests/data/import/good_semicolon_bom_crlf.csv").unwrap();
    let imported = import::read_csv(&bytes).unwrap();
    strata_core::edit::add_imported_table(
        &mut design,
        "shop",
        "orders_2024",
        &imported,
        "orders.csv",
        None,
    )
    .unwrap();
    let name = strata_core::edit::standardize_raw_table(
        &mut design,
        "shop.orders_2024",
        &["order_id".to_owned()],
        None,
    )
    .unwrap();
    assert_eq!(name, "src_shop__orders_2024");
    let model = design.model(&name).unwrap();
    assert_eq!(model.params["source"], "shop.orders_2024");
    assert_eq!(model.params["primary_key"], serde_json::json!(["order_id"]));
    assert_eq!(
        model.params["columns"][3],
        serde_json::json!({"source": "Qty", "name": "qty", "type": "integer"})
    );
    // It renders, and the rules find nothing wrong with it (beyond that
    // nothing reads it yet, G003).
    let columns = strata_core::render::design_columns(&design);
    let sql = strata_core::render::Renderer::new()
        .render(
            &design,
            &columns,
            &name,
            strata_core::render::Target::Duckdb,
        )
        .unwrap()
        .compiled;
    assert!(sql.contains("shop.orders_2024"), "{sql}");
    let report = strata_core::rules::check(&design);
    let about: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.models.contains(&name)
                && d.severity >= strata_core::rules::Severity::Warning
                && d.code != "G003"
        })
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(about.is_empty(), "{about:?}");
    // A second time: a fresh name, the first model untouched; an unknown table changes nothing.
    let again =
        strata_core::edit::standardize_raw_table(&mut design, "shop.orders_2024", &[], None)
            .unwrap();
    assert_ne!(again, name);
    let before = design.clone();
    assert!(strata_core::edit::standardize_raw_table(&mut design, "shop.nope", &[], None).is_err());
    assert_eq!(design, before);
}
