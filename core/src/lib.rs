//! Strata's core: everything the workbench knows about layered warehouse
//! design, as pure Rust with no knowledge of browsers.
//!
//! The app (WebAssembly) and the `strata` command are thin shells over this
//! crate. It builds and tests natively, and must never depend on a web crate.

mod layer;

pub use layer::{Layer, Materialization, UnknownLayer};
