//! Reusable pieces of the workbench, one file each.

pub mod canvas;
pub mod console;
pub mod csv_import;
pub mod data;
pub mod diagnostics;
pub mod inspector;
pub mod lineage;
pub mod profile;
pub mod tests;
