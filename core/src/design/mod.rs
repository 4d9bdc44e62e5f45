//! The design: what a user builds, shares and exports.
//!
//! A design holds the raw sources (with their sample-data settings), the
//! business objects planned from them, the models placed in layers (each a
//! template with parameters), rule settings, notes and canvas positions.
//!
//! These types are the in-memory form *and* the current on-disk form (JSON,
//! fields in declaration order, maps sorted, so diffs stay small). Older
//! formats are migrated to this one by `crate::document` before they are
//! deserialized; a change to these types that changes their JSON needs a new
//! format version and a migration there.

mod graph;
mod sql_type;
mod summary;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::layer::{Layer, Materialization};
use crate::sample::{ColumnSample, TableSample};
use crate::template::TemplateKind;

pub use graph::{DesignGraph, Input, Reference, Target, references_in_sql};
pub use sql_type::{SqlType, UnknownSqlType};
pub use summary::{Counts, Summary};

/// A whole warehouse design.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// A short name, used for the exported dbt project (`retail`).
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Source systems and their raw tables (the RAW layer).
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Business objects planned from the sources (Customer, Order, …).
    #[serde(default)]
    pub objects: Vec<BusinessObject>,
    /// The models, SRC to MRT.
    #[serde(default)]
    pub models: Vec<Model>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub settings: Settings,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub canvas: Canvas,
}

/// A source system and the raw tables it delivers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The system's name, used in `source('<system>', '<table>')` (`pos`).
    pub system: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub tables: Vec<RawTable>,
}

/// A raw table as it lands from its system.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub columns: Vec<RawColumn>,
    /// How sample rows for this table are generated.
    #[serde(default, skip_serializing_if = "is_default")]
    pub sample: TableSample,
}

/// A column of a raw table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: SqlType,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// How sample values for this column are generated.
    #[serde(default, skip_serializing_if = "is_default")]
    pub sample: ColumnSample,
}

/// A business concept the warehouse is organized around (Customer, Order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessObject {
    /// Lower-case singular name, used in model names (`customer`).
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The columns that identify one instance across systems.
    #[serde(default)]
    pub business_keys: Vec<String>,
    /// The raw tables that feed it, as `system.table`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// How it relates to other objects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<ObjectRelationship>,
}

/// A relationship from one business object to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectRelationship {
    /// The related object's name.
    pub to: String,
    pub cardinality: Cardinality,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// How many instances on each side of a relationship.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cardinality {
    OneToOne,
    OneToMany,
    ManyToOne,
    ManyToMany,
}

/// A model: one template instance in one layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// The dbt model name, following its layer's pattern (`src_pos__orders`).
    pub name: String,
    pub layer: Layer,
    pub template: TemplateKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Overrides the layer's default materialization when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materialization: Option<Materialization>,
    /// The template's parameters, checked against its schema.
    #[serde(default)]
    pub params: BTreeMap<String, Value>,
    /// Data tests dbt runs on the model's output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<DataTest>,
    /// Descriptions of output columns, by column name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
}

impl Model {
    /// The materialization dbt builds this model with.
    pub fn effective_materialization(&self) -> Materialization {
        self.materialization
            .unwrap_or_else(|| self.layer.default_materialization())
    }
}

/// A data test on a model's output, as dbt runs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "test", rename_all = "snake_case", deny_unknown_fields)]
pub enum DataTest {
    /// No two rows share a value (or combination of values).
    Unique {
        columns: Vec<String>,
    },
    NotNull {
        column: String,
    },
    AcceptedValues {
        column: String,
        values: Vec<String>,
    },
    /// Every value exists in `to`'s `field` (a foreign key).
    Relationships {
        column: String,
        to: String,
        field: String,
    },
    /// The row count is within bounds.
    RowCount {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u64>,
    },
    /// At least `min_ratio` of the rows have a value in `column`.
    Completeness {
        column: String,
        min_ratio: f64,
    },
    /// No two rows are identical in `columns` (all columns when empty).
    NoDuplicates {
        #[serde(default)]
        columns: Vec<String>,
    },
}

impl DataTest {
    /// The dbt-style name of the test (`unique`, `not_null`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            DataTest::Unique { .. } => "unique",
            DataTest::NotNull { .. } => "not_null",
            DataTest::AcceptedValues { .. } => "accepted_values",
            DataTest::Relationships { .. } => "relationships",
            DataTest::RowCount { .. } => "row_count",
            DataTest::Completeness { .. } => "completeness",
            DataTest::NoDuplicates { .. } => "no_duplicates",
        }
    }
}

/// Project-wide settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Rules the project relaxed or tightened, by rule code (`"M001": "off"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Defaults for sample data.
    #[serde(default, skip_serializing_if = "is_default")]
    pub sample: SampleSettings,
}

/// The severity a project gives a rule, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Info,
    Warning,
    Error,
}

/// Defaults for generating sample data for the whole design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleSettings {
    /// The seed every table's generator derives its own from.
    pub seed: u64,
    /// Rows per raw table unless the table says otherwise.
    pub rows: u64,
}

impl Default for SampleSettings {
    fn default() -> Self {
        SampleSettings {
            seed: 42,
            rows: 1_000,
        }
    }
}

/// A note on the design, optionally about one model or object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub text: String,
    /// The model, object or `system.table` the note is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
}

/// Where things sit on the canvas. Kept apart from the models so that moving
/// a card changes one line, not the model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Canvas {
    /// Card positions by model name or `system.table`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub positions: BTreeMap<String, Position>,
}

/// A point on the canvas, in canvas units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

impl Design {
    /// The model named `name`.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// The raw table `system.table`.
    pub fn raw_table(&self, system: &str, table: &str) -> Option<&RawTable> {
        self.sources
            .iter()
            .filter(|s| s.system == system)
            .flat_map(|s| s.tables.iter())
            .find(|t| t.name == table)
    }

    /// Every raw table with its system, in document order.
    pub fn raw_tables(&self) -> impl Iterator<Item = (&Source, &RawTable)> {
        self.sources
            .iter()
            .flat_map(|s| s.tables.iter().map(move |t| (s, t)))
    }

    /// The business object named `name`.
    pub fn object(&self, name: &str) -> Option<&BusinessObject> {
        self.objects.iter().find(|o| o.name == name)
    }
}

/// Whether a value is its type's default, so the document can leave it out.
fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
