//! The seven-layer contract: the one place that says what each layer holds,
//! what it may read, how it is materialized and how its models are named.
//!
//! Everything that varies by layer is a method on [`Layer`]; nothing elsewhere
//! re-encodes these facts (FRAMEWORK.md §2).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the seven layers a model lives in, from landed data (RAW) to
/// purpose-built output (MRT). The declaration order is the layer order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Layer {
    /// Source data exactly as landed; not built by the project (a dbt `source`).
    Raw,
    /// One standardized copy per raw table.
    Src,
    /// Vault intermediate: source-system transitions and combinations.
    Vin,
    /// Vault: business objects, relationships and events with full history.
    Vlt,
    /// Analytics intermediate: event rollups and denormalization.
    Ain,
    /// Analytics: complete business objects with measures.
    Ana,
    /// Mart: metrics and purpose-built output tables.
    Mrt,
}

/// How dbt builds a model: the `materialized` config.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Materialization {
    /// Not built by the project: declared as a dbt source.
    Source,
    /// A view, rebuilt on every run at no storage cost.
    View,
    /// Inlined into the models that read it as a CTE; never stored.
    Ephemeral,
    /// A table that only processes new or changed rows on each run.
    Incremental,
    /// A table rebuilt in full on every run.
    Table,
}

/// A layer code that is not one of the seven.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLayer(pub String);

impl Layer {
    /// All layers, in order (RAW first).
    pub const ALL: [Layer; 7] = [
        Layer::Raw,
        Layer::Src,
        Layer::Vin,
        Layer::Vlt,
        Layer::Ain,
        Layer::Ana,
        Layer::Mrt,
    ];

    /// Position in the flow, 0 for RAW to 6 for MRT.
    pub fn order(self) -> u8 {
        self as u8
    }

    /// The three-letter code written next to the layer everywhere (`"VLT"`).
    pub fn code(self) -> &'static str {
        match self {
            Layer::Raw => "RAW",
            Layer::Src => "SRC",
            Layer::Vin => "VIN",
            Layer::Vlt => "VLT",
            Layer::Ain => "AIN",
            Layer::Ana => "ANA",
            Layer::Mrt => "MRT",
        }
    }

    /// The layer's name (`"Vault intermediate"`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Raw => "Raw",
            Layer::Src => "Source",
            Layer::Vin => "Vault intermediate",
            Layer::Vlt => "Vault",
            Layer::Ain => "Analytics intermediate",
            Layer::Ana => "Analytics",
            Layer::Mrt => "Mart",
        }
    }

    /// What the layer holds, in one line.
    pub fn purpose(self) -> &'static str {
        match self {
            Layer::Raw => "Source data exactly as landed",
            Layer::Src => "One standardized copy per raw table",
            Layer::Vin => "Source-system transitions and combinations",
            Layer::Vlt => "Business objects, relationships and events, with history",
            Layer::Ain => "Event rollups and denormalized relationships",
            Layer::Ana => "Complete business objects with analytical measures",
            Layer::Mrt => "Pre-calculated metrics and purpose-built outputs",
        }
    }

    /// The layers a model in this layer may read from. RAW reads nothing: it
    /// is external data the project does not build.
    pub fn allowed_upstream(self) -> &'static [Layer] {
        match self {
            Layer::Raw => &[],
            Layer::Src => &[Layer::Raw],
            Layer::Vin => &[Layer::Src, Layer::Vin],
            Layer::Vlt => &[Layer::Src, Layer::Vin, Layer::Vlt],
            Layer::Ain => &[Layer::Vlt, Layer::Ain],
            Layer::Ana => &[Layer::Vlt, Layer::Ain],
            Layer::Mrt => &[Layer::Ana, Layer::Ain],
        }
    }

    /// Whether a model in this layer may read a model in `upstream`.
    pub fn may_read(self, upstream: Layer) -> bool {
        self.allowed_upstream().contains(&upstream)
    }

    /// The materialization a new model in this layer gets unless the user
    /// chooses another.
    pub fn default_materialization(self) -> Materialization {
        match self {
            Layer::Raw => Materialization::Source,
            Layer::Src | Layer::Vin | Layer::Ain => Materialization::View,
            Layer::Vlt => Materialization::Incremental,
            Layer::Ana | Layer::Mrt => Materialization::Table,
        }
    }

    /// The naming patterns of the layer's models; `<placeholders>` stand for
    /// the parts a user chooses.
    pub fn name_patterns(self) -> &'static [&'static str] {
        match self {
            Layer::Raw => &["<system>.<table>"],
            Layer::Src => &["src_<system>__<entity>"],
            Layer::Vin => &["vin_<concept>__<purpose>"],
            Layer::Vlt => &["vlt_obj_<object>", "vlt_rel_<a>__<b>", "vlt_evt_<event>"],
            Layer::Ain => &["ain_<object>__<purpose>"],
            Layer::Ana => &["ana_<object>", "ana_<object>__history"],
            Layer::Mrt => &["mrt_<consumer>__<subject>"],
        }
    }

    /// Whether `name` follows one of the layer's [`name_patterns`]: literal
    /// parts match exactly, and each `<placeholder>` stands for one or more
    /// lowercase words of `a-z` and `0-9` joined by single underscores
    /// (`src_<system>__<entity>` accepts `src_pos__order_lines`, not
    /// `src_pos_orders` or `src_pos__Orders`).
    ///
    /// [`name_patterns`]: Layer::name_patterns
    pub fn name_matches(self, name: &str) -> bool {
        self.name_patterns()
            .iter()
            .any(|pattern| pattern_matches(&pattern_parts(pattern), name.as_bytes()))
    }

    /// Whether the layer is used only when needed. The framework calls for
    /// VIN when systems must be combined or cut over, and for AIN when
    /// events must be rolled up or relationships folded in; a design without
    /// them is complete. SRC, VLT and ANA are always needed between data
    /// that lands and data that is served.
    pub fn is_optional(self) -> bool {
        matches!(self, Layer::Vin | Layer::Ain)
    }

    /// A short paragraph that teaches what belongs in the layer and why. The
    /// workbench shows it in empty lanes and in the guided tour.
    pub fn explanation(self) -> &'static str {
        match self {
            Layer::Raw => {
                "Raw tables are the data exactly as it landed from each source system. \
                 The project never changes them; it declares them as dbt sources so that \
                 everything downstream can be traced back to what was delivered."
            }
            Layer::Src => {
                "Each raw table gets exactly one source model that standardizes it: clear \
                 names, proper types, trimmed text, empty strings as nulls, exact duplicates \
                 removed, and load metadata added. No joins here: one raw table in, one \
                 clean table out."
            }
            Layer::Vin => {
                "When one concept comes from several systems, or moves from a legacy system \
                 to a new one, the vault intermediate layer unions them, cuts over at the \
                 right moment and maps keys between systems, so the vault sees one source."
            }
            Layer::Vlt => {
                "The vault stores business objects, the relationships between them and the \
                 events that happen to them. It keeps every state an object has been in \
                 (valid_from, valid_to, is_current), so history is never lost."
            }
            Layer::Ain => {
                "The analytics intermediate layer prepares the vault for analysis: it rolls \
                 events up per object and period, and folds relationships into the objects \
                 they describe."
            }
            Layer::Ana => {
                "Analytic objects are complete business objects with their measures: the \
                 current state with lifetime totals, recency and frequency, and the state \
                 history that answers what an object looked like at any point in time."
            }
            Layer::Mrt => {
                "Marts serve a consumer: pre-calculated metrics by dimension and time grain, \
                 and output tables shaped for one dashboard, export or team."
            }
        }
    }

    /// The layer with the given code, case-insensitively (`"vlt"` is VLT).
    pub fn from_code(code: &str) -> Option<Layer> {
        Layer::ALL
            .into_iter()
            .find(|layer| layer.code().eq_ignore_ascii_case(code))
    }
}

/// A piece of a naming pattern.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PatternPart<'a> {
    Literal(&'a str),
    Placeholder,
}

/// `src_<system>__<entity>` as `src_`, placeholder, `__`, placeholder. An
/// unclosed `<` is taken literally.
fn pattern_parts(pattern: &str) -> Vec<PatternPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(open) => match rest[open..].find('>') {
                Some(close) => {
                    if open > 0 {
                        parts.push(PatternPart::Literal(&rest[..open]));
                    }
                    parts.push(PatternPart::Placeholder);
                    rest = &rest[open + close + 1..];
                }
                None => {
                    parts.push(PatternPart::Literal(rest));
                    rest = "";
                }
            },
            None => {
                parts.push(PatternPart::Literal(rest));
                rest = "";
            }
        }
    }
    parts
}

/// Backtracking match of `text` against pattern `parts`: a placeholder tries
/// every prefix that is a valid run of words, shortest first.
fn pattern_matches(parts: &[PatternPart<'_>], text: &[u8]) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((PatternPart::Literal(literal), rest)) => text
            .strip_prefix(literal.as_bytes())
            .is_some_and(|text| pattern_matches(rest, text)),
        Some((PatternPart::Placeholder, rest)) => {
            for end in 1..=text.len() {
                let byte = text[end - 1];
                let word_char = byte.is_ascii_lowercase() || byte.is_ascii_digit();
                let joins = byte == b'_' && end > 1 && text[end - 2] != b'_';
                if !(word_char || joins) {
                    // Nothing longer can be a run of words either.
                    return false;
                }
                if word_char && pattern_matches(rest, &text[end..]) {
                    return true;
                }
            }
            false
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for Layer {
    type Err = UnknownLayer;

    fn from_str(code: &str) -> Result<Layer, UnknownLayer> {
        Layer::from_code(code).ok_or_else(|| UnknownLayer(code.to_owned()))
    }
}

impl fmt::Display for UnknownLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<&str> = Layer::ALL.iter().map(|layer| layer.code()).collect();
        write!(
            f,
            "unknown layer `{}`: expected one of {}",
            self.0,
            codes.join(", ")
        )
    }
}

impl std::error::Error for UnknownLayer {}

impl Materialization {
    /// The value of dbt's `materialized` config.
    pub fn as_dbt(self) -> &'static str {
        match self {
            Materialization::Source => "source",
            Materialization::View => "view",
            Materialization::Ephemeral => "ephemeral",
            Materialization::Incremental => "incremental",
            Materialization::Table => "table",
        }
    }
}

impl fmt::Display for Materialization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_dbt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contract as a table, so the snapshot reads like FRAMEWORK.md §2.
    fn contract_table() -> String {
        let mut out = String::from(
            "| order | code | name | may read from | materialization | name pattern |\n",
        );
        for layer in Layer::ALL {
            let upstream: Vec<&str> = layer.allowed_upstream().iter().map(|l| l.code()).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                layer.order(),
                layer.code(),
                layer.name(),
                if upstream.is_empty() {
                    "nothing".to_owned()
                } else {
                    upstream.join(", ")
                },
                layer.default_materialization(),
                layer.name_patterns().join(", "),
            ));
        }
        out
    }

    #[test]
    fn contract_matches_the_framework() {
        insta::assert_snapshot!(contract_table());
    }

    #[test]
    fn no_layer_reads_a_later_layer() {
        for layer in Layer::ALL {
            for upstream in layer.allowed_upstream() {
                assert!(
                    upstream.order() <= layer.order(),
                    "{layer} may read the later layer {upstream}"
                );
            }
        }
    }

    #[test]
    fn codes_round_trip_through_parsing_and_serde() {
        for layer in Layer::ALL {
            assert_eq!(layer.code().parse::<Layer>(), Ok(layer));
            assert_eq!(Layer::from_code(&layer.code().to_lowercase()), Some(layer));
            let json = serde_json::to_string(&layer).unwrap();
            assert_eq!(json, format!("\"{}\"", layer.code()));
            assert_eq!(serde_json::from_str::<Layer>(&json).unwrap(), layer);
        }
    }

    #[test]
    fn unknown_code_names_the_valid_ones() {
        let err = "STG".parse::<Layer>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown layer `STG`: expected one of RAW, SRC, VIN, VLT, AIN, ANA, MRT"
        );
    }

    #[test]
    fn names_match_their_layer_patterns() {
        let cases: &[(Layer, &str, bool)] = &[
            (Layer::Src, "src_pos__orders", true),
            (Layer::Src, "src_pos__order_lines", true),
            (Layer::Src, "src_point_of_sale__orders", true),
            (Layer::Src, "src_s1a__items", true),
            (Layer::Src, "src_pos_orders", false),
            (Layer::Src, "src_pos__", false),
            (Layer::Src, "src___orders", false),
            (Layer::Src, "src_pos___orders", false),
            (Layer::Src, "src_pos__orders_", false),
            (Layer::Src, "src_pos__Orders", false),
            (Layer::Src, "src_pos__or-ders", false),
            (Layer::Src, "src_pos__a__b", false),
            (Layer::Src, "stg_pos__orders", false),
            (Layer::Src, "", false),
            (Layer::Vlt, "vlt_obj_customer", true),
            (Layer::Vlt, "vlt_obj_sales_order", true),
            (Layer::Vlt, "vlt_rel_order__customer", true),
            (Layer::Vlt, "vlt_evt_order_placed", true),
            (Layer::Vlt, "vlt_customer", false),
            (Layer::Vlt, "vlt_rel_order_customer", false),
            (Layer::Ana, "ana_customer", true),
            (Layer::Ana, "ana_customer__history", true),
            (Layer::Ana, "ana_customer__current", false),
            (Layer::Mrt, "mrt_finance__revenue", true),
            (Layer::Mrt, "mrt_finance", false),
            (Layer::Raw, "pos.orders", true),
            (Layer::Raw, "pos_orders", false),
            (Layer::Ain, "ain_customer__orders_é", false),
        ];
        for &(layer, name, expected) in cases {
            assert_eq!(layer.name_matches(name), expected, "{layer} {name:?}");
        }
    }

    #[test]
    fn pattern_parts_split_literals_and_placeholders() {
        use PatternPart::{Literal, Placeholder};
        assert_eq!(
            pattern_parts("vlt_rel_<a>__<b>"),
            vec![Literal("vlt_rel_"), Placeholder, Literal("__"), Placeholder]
        );
        assert_eq!(pattern_parts("<x>"), vec![Placeholder]);
        assert_eq!(pattern_parts("a<b"), vec![Literal("a<b")]);
        assert!(pattern_matches(&pattern_parts("a<b"), b"a<b"));
    }

    #[test]
    fn only_vin_and_ain_are_optional() {
        let optional: Vec<Layer> = Layer::ALL.into_iter().filter(|l| l.is_optional()).collect();
        assert_eq!(optional, vec![Layer::Vin, Layer::Ain]);
    }

    #[test]
    fn order_follows_declaration() {
        let orders: Vec<u8> = Layer::ALL.iter().map(|l| l.order()).collect();
        assert_eq!(orders, vec![0, 1, 2, 3, 4, 5, 6]);
        assert!(Layer::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
