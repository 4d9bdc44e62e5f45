//! Strata's core: everything the workbench knows about layered warehouse
//! design, as pure Rust with no knowledge of browsers.
//!
//! The app (WebAssembly) and the `strata` command are thin shells over this
//! crate. It builds and tests natively, and must never depend on a web crate.
//!
//! - [`Layer`]: the seven-layer contract.
//! - [`Design`] and its parts: what a user builds.
//! - [`document`]: reading and writing designs, with migrations.
//! - [`TemplateKind`]: templates and their parameter schemas.
//! - [`rules`]: the design rules, checked live.
//! - [`edit`]: the edits a user makes, with undo history.

pub mod design;
pub mod diagram;
pub mod document;
pub mod edit;
pub mod examples;
pub mod export;
mod fnv;
pub mod import;
mod layer;
pub mod layout;
pub mod lineage;
pub mod phases;
pub mod render;
pub mod rules;
pub mod run;
pub mod sample;
pub mod share;
pub mod synth;
pub mod template;
mod words;

pub use design::Design;
pub use layer::{Layer, Materialization, UnknownLayer};
pub use template::TemplateKind;
