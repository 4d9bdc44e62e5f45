//! What the fuzz targets do with a design that loaded: everything the
//! workbench does when a design opens (rules, columns, lineage through
//! rendering and SQL analysis, the design space), and the property that
//! saving and loading again gives the same design.

use strata_core::{Design, document, edit, lineage, render, rules};

/// Runs the workbench's analyses over `design`; panics (a finding) when
/// the saved form does not load back to the same design.
pub fn exercise(design: &Design) {
    let _ = rules::check(design);
    let columns = render::design_columns(design);
    let _ = edit::design_space(design, &columns);
    let _ = lineage::analyze_design(design);
    let saved = document::save(design);
    match document::load(&saved) {
        Ok(again) => assert!(again == *design, "a saved design loads back differently"),
        Err(e) => panic!("a saved design does not load: {e}"),
    }
}
