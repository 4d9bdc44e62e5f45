//! Sample data: deterministic, realistic rows for a design's raw tables.

mod spec;

pub use spec::{ColumnSample, Fake, Generator, TableSample};
