//! Reusable pieces of the workbench, one file each.

pub mod canvas;
pub mod console;
pub mod data;
pub mod data_import;
pub mod diagnostics;
pub mod inspector;
pub mod lineage;
pub mod phases;
pub mod profile;
pub mod share;
pub mod tests;
pub mod tour;
pub mod workshop;
