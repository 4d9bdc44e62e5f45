//! The design document as a compatibility boundary: golden documents of every
//! format version keep loading, old ones migrate, and bad input of every kind
//! gets a clear error instead of a panic or a half-loaded design.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::time::Instant;

use strata_core::document::{self, CURRENT_FORMAT, LoadError, MAX_BYTES};

/// Every golden document loads, and saving it gives a document in the
/// current format that loads to the same design.
#[test]
fn golden_documents_of_every_version_load() {
    insta::glob!("data/documents/v*/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let design = document::load(&text)
            .unwrap_or_else(|e| panic!("{} no longer loads: {e}", path.display()));
        let saved = document::save(&design);
        assert!(saved.starts_with(&format!("{{\n  \"format_version\": {CURRENT_FORMAT},")));
        assert_eq!(
            document::load(&saved).unwrap(),
            design,
            "save/load round trip"
        );
        insta::assert_snapshot!(saved);
    });
}

/// There is a golden document for every format version up to the current.
#[test]
fn every_format_version_has_a_golden_document() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/documents");
    for version in 1..=CURRENT_FORMAT {
        let folder = dir.join(format!("v{version}"));
        let count = std::fs::read_dir(&folder)
            .map(|entries| entries.count())
            .unwrap_or(0);
        assert!(count > 0, "no golden document in {}", folder.display());
    }
}

/// Format 1 kept positions on the models; format 2 keeps them on the canvas.
#[test]
fn format_1_positions_move_to_the_canvas() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/documents/v1/shop_draft.json"),
    )
    .unwrap();
    let design = document::load(&text).unwrap();
    let position = design.canvas.positions["vlt_obj_customer"];
    assert_eq!((position.x, position.y), (780.0, 0.0));
    assert_eq!(
        design.models[1].params["business_key"],
        serde_json::json!(["customer_id"])
    );
}

/// Each bad document's error, as the user reads it.
#[test]
fn bad_documents_get_clear_errors() {
    insta::glob!("data/documents/bad/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let error = document::load(&text).expect_err("a bad document must not load");
        insta::assert_snapshot!(error.to_string());
    });
}

#[test]
fn a_100_mb_document_is_refused_quickly() {
    let text = format!(
        "{{\"format_version\": 2, \"name\": \"big\", \"description\": \"{}\"}}",
        "x".repeat(100 * 1024 * 1024)
    );
    let started = Instant::now();
    let error = document::load(&text).unwrap_err();
    assert!(matches!(error, LoadError::TooLarge { .. }));
    assert_eq!(
        error.to_string(),
        format!(
            "the design is 104.9 MB; the limit is {} MB",
            MAX_BYTES / 1024 / 1024
        )
    );
    // Refused before any parsing: no time is spent on the content.
    assert!(started.elapsed().as_millis() < 1_000);
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let depth = 10_000;
        let text = format!(
            "{{\"format_version\": 2, \"name\": \"deep\", \"notes\": {}1{}}}",
            open.repeat(depth),
            close.repeat(depth)
        );
        let error = document::load(&text).unwrap_err();
        assert!(
            matches!(error, LoadError::TooDeep { line: 1, .. }),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("nested more than 64 levels deep at line 1")
        );
    }
}

#[test]
fn brackets_inside_strings_do_not_count_as_nesting() {
    let text = format!(
        "{{\"format_version\": 2, \"name\": \"brackets\", \"description\": \"{}\\\"{}\"}}",
        "[".repeat(500),
        "{".repeat(500)
    );
    let design = document::load(&text).unwrap();
    assert_eq!(design.description.len(), 1001);
}

#[test]
fn a_newer_format_is_read_for_showing_when_it_uses_nothing_new() {
    let cafe = strata_core::examples::example("cafe")
        .unwrap()
        .design()
        .unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&document::save(&cafe)).unwrap();
    value["format_version"] = serde_json::json!(document::CURRENT_FORMAT + 1);
    let newer = value.to_string();
    // `load` refuses it: nothing a newer Strata wrote is taken as this one's.
    assert!(matches!(
        document::load(&newer),
        Err(document::LoadError::FutureVersion { .. })
    ));
    let (design, format) = document::load_newer(&newer).unwrap();
    assert_eq!(design, cafe);
    assert_eq!(format, u64::from(document::CURRENT_FORMAT) + 1);

    // A field this version does not know: still refused, with the reason.
    value["models"][0]["lineage_hint"] = serde_json::json!("new in format 3");
    let err = document::load_newer(&value.to_string()).unwrap_err();
    assert!(
        err.to_string().contains("written by a newer Strata"),
        "{err}"
    );

    // A current document loads as it is.
    let (same, format) = document::load_newer(&document::save(&cafe)).unwrap();
    assert_eq!((same, format), (cafe, u64::from(document::CURRENT_FORMAT)));
}
