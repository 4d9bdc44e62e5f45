//! Reusable pieces of the workbench, one file each.

pub mod console;
pub mod lanes;
