//! The template catalog: each template's layers, summary and parameters.
//! This file is the one home of these facts; forms, validation, rendering and
//! docs all read them from here.

use super::ParamDefault as D;
use super::ParamKind as K;
use super::{ParamSpec, TemplateKind};
use crate::layer::Layer;

/// A template's static description.
pub struct TemplateInfo {
    pub name: &'static str,
    pub summary: &'static str,
    pub layers: &'static [Layer],
    pub params: &'static [ParamSpec],
}

const fn required(name: &'static str, kind: K, doc: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        kind,
        doc,
        required: true,
        default: D::None,
    }
}

const fn optional(name: &'static str, kind: K, doc: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        kind,
        doc,
        required: false,
        default: D::None,
    }
}

const fn with_default(name: &'static str, kind: K, default: D, doc: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        kind,
        doc,
        required: false,
        default,
    }
}

const SRC_VIN: &[Layer] = &[Layer::Src, Layer::Vin];
const VLT: &[Layer] = &[Layer::Vlt];
const VLT_AIN: &[Layer] = &[Layer::Vlt, Layer::Ain];
const AIN: &[Layer] = &[Layer::Ain];
const ANA_AIN: &[Layer] = &[Layer::Ana, Layer::Ain];
const GRAINS: &[&str] = &["day", "week", "month"];
const AGGREGATES: &[&str] = &["count", "count_distinct", "sum", "avg", "min", "max"];

static STANDARDIZE: TemplateInfo = TemplateInfo {
    name: "standardize",
    summary: "Rename, cast, trim, turn empty strings into NULL, remove duplicates and add load metadata",
    layers: &[Layer::Src],
    params: &[
        required(
            "source",
            K::RawTable,
            "The raw table this model standardizes, as system.table.",
        ),
        required(
            "columns",
            K::Records(&[
                required(
                    "source",
                    K::Column { of: "source" },
                    "The column's name in the raw table.",
                ),
                optional(
                    "name",
                    K::Identifier,
                    "The standardized name; the raw name in snake_case when empty.",
                ),
                optional(
                    "type",
                    K::SqlType,
                    "The type to cast to; the raw column's type when empty.",
                ),
                with_default(
                    "trim",
                    K::Bool,
                    D::Bool(true),
                    "Trim surrounding whitespace from text values.",
                ),
                with_default(
                    "empty_as_null",
                    K::Bool,
                    D::Bool(true),
                    "Turn empty strings into NULL.",
                ),
            ]),
            "The columns to keep, with their new names, types and cleaning.",
        ),
        required(
            "primary_key",
            K::Columns { of: "output" },
            "The standardized columns that identify one row.",
        ),
        with_default(
            "dedupe",
            K::Choice(&["none", "exact", "latest"]),
            D::Str("exact"),
            "How duplicates go: exact copies, or all but the latest row per key.",
        ),
        optional(
            "latest_by",
            K::Column { of: "source" },
            "With dedupe = latest, the raw column that orders versions (newest wins).",
        ),
        optional(
            "loaded_at",
            K::Column { of: "source" },
            "The raw column holding the load time; the build time when empty.",
        ),
    ],
};

static UNION_SYSTEMS: TemplateInfo = TemplateInfo {
    name: "union_systems",
    summary: "Align the columns of several systems' models for one concept and tag each row with its system",
    layers: &[Layer::Vin],
    params: &[
        required(
            "inputs",
            K::Records(&[
                required(
                    "model",
                    K::Model(SRC_VIN),
                    "A model holding this concept for one system.",
                ),
                required(
                    "system",
                    K::Identifier,
                    "The tag written into the system column for this input's rows.",
                ),
                optional(
                    "rename",
                    K::Records(&[
                        required("column", K::Identifier, "The aligned output column."),
                        required(
                            "from",
                            K::Column { of: "model" },
                            "The input's column that fills it.",
                        ),
                    ]),
                    "Output columns this input fills from a differently named column.",
                ),
            ]),
            "The models to combine, one per system.",
        ),
        required(
            "columns",
            K::Records(&[
                required("name", K::Identifier, "The output column."),
                optional(
                    "type",
                    K::SqlType,
                    "The type every input is cast to; the first input's type when empty.",
                ),
            ]),
            "The aligned output columns, in order.",
        ),
        with_default(
            "system_column",
            K::Identifier,
            D::Str("_system"),
            "The column that tags each row with its system.",
        ),
    ],
};

static SYSTEM_TRANSITION: TemplateInfo = TemplateInfo {
    name: "system_transition",
    summary: "Take legacy rows before a cut-over and new-system rows after it, mapping keys between them",
    layers: &[Layer::Vin],
    params: &[
        required(
            "legacy",
            K::Model(SRC_VIN),
            "The model of the system being retired.",
        ),
        required(
            "current",
            K::Model(SRC_VIN),
            "The model of the system that replaces it.",
        ),
        required(
            "columns",
            K::Columns { of: "current" },
            "The columns to carry over; both systems must have them.",
        ),
        required(
            "time_column",
            K::Column { of: "current" },
            "The column, in both systems, that dates each row.",
        ),
        required(
            "cutover_at",
            K::Timestamp,
            "The moment the new system took over: legacy rows before it, new rows from it on.",
        ),
        optional(
            "key_map",
            K::Model(SRC_VIN),
            "A model that maps legacy keys to new keys; legacy keys are translated when set.",
        ),
        optional(
            "key_column",
            K::Column { of: "current" },
            "With a key map, the key column to translate.",
        ),
        with_default(
            "map_legacy_key",
            K::Column { of: "key_map" },
            D::Str("legacy_key"),
            "The key map's column holding legacy keys.",
        ),
        with_default(
            "map_current_key",
            K::Column { of: "key_map" },
            D::Str("current_key"),
            "The key map's column holding the new keys.",
        ),
        with_default(
            "system_column",
            K::Identifier,
            D::Str("_system"),
            "The column that tags each row with the system it came from.",
        ),
    ],
};

static BUSINESS_OBJECT: TemplateInfo = TemplateInfo {
    name: "business_object",
    summary: "One row per state of each object (SCD2), with a hash key and a hash diff",
    layers: VLT,
    params: &[
        required(
            "input",
            K::Model(SRC_VIN),
            "The model that delivers this object's states.",
        ),
        required(
            "object",
            K::Object,
            "The business object this model keeps, from the design's objects.",
        ),
        required(
            "business_key",
            K::Columns { of: "input" },
            "The columns that identify one object across time; hashed into the hash key.",
        ),
        required(
            "attributes",
            K::Columns { of: "input" },
            "The attributes whose changes start a new state; hashed into the hash diff.",
        ),
        required(
            "effective_from",
            K::Column { of: "input" },
            "The column saying when each state became true.",
        ),
    ],
};

static RELATIONSHIP: TemplateInfo = TemplateInfo {
    name: "relationship",
    summary: "A validity-tracked link between two objects",
    layers: VLT,
    params: &[
        required(
            "input",
            K::Model(SRC_VIN),
            "The model whose rows link the two objects.",
        ),
        required(
            "from_object",
            K::Object,
            "The object on the many side (an order).",
        ),
        required(
            "from_key",
            K::Columns { of: "input" },
            "That object's business key columns in the input.",
        ),
        required(
            "to_object",
            K::Object,
            "The object it points to (the order's customer).",
        ),
        required(
            "to_key",
            K::Columns { of: "input" },
            "That object's business key columns in the input.",
        ),
        required(
            "effective_from",
            K::Column { of: "input" },
            "The column saying when the link became true.",
        ),
    ],
};

static EVENT: TemplateInfo = TemplateInfo {
    name: "event",
    summary: "Immutable, deduplicated facts tied to objects",
    layers: VLT,
    params: &[
        required(
            "input",
            K::Model(SRC_VIN),
            "The model that delivers the events.",
        ),
        required(
            "event_key",
            K::Columns { of: "input" },
            "The columns that identify one event; repeated deliveries are dropped.",
        ),
        required(
            "event_time",
            K::Column { of: "input" },
            "When the event happened.",
        ),
        required(
            "objects",
            K::Records(&[
                required(
                    "object",
                    K::Object,
                    "A business object the event belongs to.",
                ),
                required(
                    "key",
                    K::Columns { of: "input" },
                    "That object's business key columns in the input.",
                ),
            ]),
            "The objects the event is tied to, each becoming a hash key column.",
        ),
        with_default(
            "measures",
            K::Columns { of: "input" },
            D::EmptyList,
            "Numeric facts the event carries (amounts, quantities).",
        ),
        with_default(
            "attributes",
            K::Columns { of: "input" },
            D::EmptyList,
            "Other columns to keep with each event.",
        ),
    ],
};

static EVENT_ROLLUP: TemplateInfo = TemplateInfo {
    name: "event_rollup",
    summary: "Aggregate events per object per day, week or month",
    layers: AIN,
    params: &[
        required("events", K::Model(VLT_AIN), "The event model to aggregate."),
        required(
            "object",
            K::Object,
            "The object to aggregate per; its hash key groups the rows.",
        ),
        with_default(
            "grain",
            K::Choice(GRAINS),
            D::Str("day"),
            "The period each output row covers.",
        ),
        required(
            "measures",
            K::Records(&[
                required("name", K::Identifier, "The output column."),
                required(
                    "function",
                    K::Choice(AGGREGATES),
                    "How the values are combined.",
                ),
                optional(
                    "column",
                    K::Column { of: "events" },
                    "The column aggregated; not needed for count.",
                ),
            ]),
            "The aggregates to compute per object and period.",
        ),
    ],
};

static DENORMALIZE: TemplateInfo = TemplateInfo {
    name: "denormalize",
    summary: "The current state of an object joined with the objects it relates to",
    layers: AIN,
    params: &[
        required(
            "object",
            K::Model(VLT),
            "The object model whose current state is the base.",
        ),
        required(
            "relationships",
            K::Records(&[
                required(
                    "relationship",
                    K::Model(VLT),
                    "The relationship model to follow.",
                ),
                required("related", K::Model(VLT), "The related object's model."),
                required(
                    "columns",
                    K::Columns { of: "related" },
                    "The related object's columns to bring along.",
                ),
                optional(
                    "prefix",
                    K::Identifier,
                    "A prefix for the brought columns; the related object's name when empty.",
                ),
            ]),
            "Relationships to follow, and what to bring from each related object.",
        ),
    ],
};

static ANALYTIC_OBJECT: TemplateInfo = TemplateInfo {
    name: "analytic_object",
    summary: "A complete object: current state plus lifetime totals, first and last, recency and frequency",
    layers: &[Layer::Ana],
    params: &[
        required(
            "object",
            K::Model(VLT_AIN),
            "The object (or its denormalized form) whose current state is the base.",
        ),
        optional(
            "events",
            K::Model(VLT_AIN),
            "The events, or their rollup, measured per object.",
        ),
        with_default(
            "measures",
            K::Records(&[
                required("name", K::Identifier, "The output column."),
                required(
                    "function",
                    K::Choice(&[
                        "count",
                        "sum",
                        "avg",
                        "min",
                        "max",
                        "first_at",
                        "last_at",
                        "recency_days",
                        "frequency",
                    ]),
                    "What to measure: a total, the first or last time, days since the last, or events per active month.",
                ),
                optional(
                    "column",
                    K::Column { of: "events" },
                    "The events' column measured; first_at, last_at and recency_days use the event time when empty.",
                ),
            ]),
            D::EmptyList,
            "The measures computed over each object's events.",
        ),
    ],
};

static STATE_HISTORY: TemplateInfo = TemplateInfo {
    name: "state_history",
    summary: "The state of each object at every point of a date spine (as-of)",
    layers: &[Layer::Ana],
    params: &[
        required(
            "object",
            K::Model(VLT),
            "The object model with valid_from and valid_to on each state.",
        ),
        with_default(
            "grain",
            K::Choice(GRAINS),
            D::Str("day"),
            "The spacing of the points in time.",
        ),
        required("start_date", K::Date, "The first point in time."),
        optional(
            "end_date",
            K::Date,
            "The last point in time; the object's latest change when empty.",
        ),
        with_default(
            "columns",
            K::Columns { of: "object" },
            D::EmptyList,
            "The attributes to show at each point; all of them when empty.",
        ),
    ],
};

static METRIC: TemplateInfo = TemplateInfo {
    name: "metric",
    summary: "A measure by dimensions and time grain",
    layers: &[Layer::Mrt],
    params: &[
        required(
            "model",
            K::Model(ANA_AIN),
            "The model the metric is computed from.",
        ),
        required(
            "measure",
            K::Identifier,
            "The metric's name, which is its output column.",
        ),
        required(
            "function",
            K::Choice(AGGREGATES),
            "How the values are combined.",
        ),
        optional(
            "column",
            K::Column { of: "model" },
            "The column measured; not needed for count.",
        ),
        with_default(
            "dimensions",
            K::Columns { of: "model" },
            D::EmptyList,
            "The columns to break the metric down by.",
        ),
        optional(
            "time_column",
            K::Column { of: "model" },
            "The date or timestamp the time grain applies to.",
        ),
        with_default(
            "grain",
            K::Choice(&["none", "day", "week", "month", "quarter", "year"]),
            D::Str("month"),
            "The time period of each output row (none: over all time).",
        ),
        optional(
            "filter",
            K::Expression,
            "Only rows matching this SQL condition count.",
        ),
    ],
};

static OUTPUT: TemplateInfo = TemplateInfo {
    name: "output",
    summary: "A purpose-built table: selected columns, filtered and ordered",
    layers: &[Layer::Mrt],
    params: &[
        required(
            "input",
            K::Model(ANA_AIN),
            "The model the output is cut from.",
        ),
        required(
            "columns",
            K::Columns { of: "input" },
            "The columns to publish, in order.",
        ),
        optional(
            "filter",
            K::Expression,
            "Only rows matching this SQL condition are kept.",
        ),
        with_default(
            "order_by",
            K::Columns { of: "input" },
            D::EmptyList,
            "The columns to sort by.",
        ),
        optional(
            "limit",
            K::Integer {
                min: 1,
                max: 1_000_000_000,
            },
            "Keep at most this many rows.",
        ),
    ],
};

static CUSTOM_SQL: TemplateInfo = TemplateInfo {
    name: "custom_sql",
    summary: "Hand-written SQL with ref() and source(), still analysed and checked",
    layers: &[
        Layer::Src,
        Layer::Vin,
        Layer::Vlt,
        Layer::Ain,
        Layer::Ana,
        Layer::Mrt,
    ],
    params: &[required(
        "sql",
        K::Sql,
        "The query, reading its inputs through ref('model') and source('system', 'table').",
    )],
};

/// The static description of `template`.
pub fn info(template: TemplateKind) -> &'static TemplateInfo {
    match template {
        TemplateKind::Standardize => &STANDARDIZE,
        TemplateKind::UnionSystems => &UNION_SYSTEMS,
        TemplateKind::SystemTransition => &SYSTEM_TRANSITION,
        TemplateKind::BusinessObject => &BUSINESS_OBJECT,
        TemplateKind::Relationship => &RELATIONSHIP,
        TemplateKind::Event => &EVENT,
        TemplateKind::EventRollup => &EVENT_ROLLUP,
        TemplateKind::Denormalize => &DENORMALIZE,
        TemplateKind::AnalyticObject => &ANALYTIC_OBJECT,
        TemplateKind::StateHistory => &STATE_HISTORY,
        TemplateKind::Metric => &METRIC,
        TemplateKind::Output => &OUTPUT,
        TemplateKind::CustomSql => &CUSTOM_SQL,
    }
}
