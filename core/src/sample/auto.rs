//! What `auto` means for a column: a generator chosen from the column's name
//! and type (and, for keys, from the other tables of the design).
//!
//! The choice is an ordinary [`Generator`], so an automatic column is checked
//! and generated exactly like one the user set, and the UI can show which
//! generator `auto` picked.

use crate::design::{RawColumn, SqlType};

use super::spec::{Fake, Generator};
use super::words;

/// The first day of automatic dates: two years before the anchor.
pub(crate) const AUTO_FROM: &str = "2024-01-01";
/// The last day of automatic dates: the day before the anchor 2026-01-01.
/// Sample data never depends on today's date, so it is reproducible.
pub(crate) const AUTO_TO: &str = "2025-12-31";
/// [`AUTO_FROM`] as days since 1970-01-01.
pub(crate) const AUTO_FROM_DAY: i64 = 19_723;
/// [`AUTO_TO`] as days since 1970-01-01.
pub(crate) const AUTO_TO_DAY: i64 = 20_453;

/// A table as auto-referencing sees it: its name and its key column.
pub(crate) struct KeyTable<'a> {
    /// The system it belongs to.
    pub system: &'a str,
    /// The table's own name.
    pub table: &'a str,
    /// `system.table`.
    pub qualified: String,
    /// The name of its first column, when that column holds keys other
    /// tables can point at (a sequence, a pattern, fake text, a choice).
    pub key: Option<&'a str>,
}

/// Whether a generator makes values without looking at anything else, so
/// that other tables can reference it without creating a cycle.
pub(crate) fn is_key_source(generator: &Generator) -> bool {
    matches!(
        generator,
        Generator::Sequence { .. }
            | Generator::Pattern { .. }
            | Generator::Fake { .. }
            | Generator::Integer { .. }
            | Generator::Choice { .. }
    )
}

/// Whether `name` (lower case) names an identifier.
fn is_key_name(name: &str) -> bool {
    name == "id"
        || ["_id", "_key", "_no", "_nr"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || (name.ends_with("_number") && !name.contains("phone") && !name.contains("mobile"))
}

/// Whether `name` (lower case) names the time a row was loaded.
fn is_load_time_name(name: &str) -> bool {
    let temporal_suffix = ["_at", "_ts", "_time", "timestamp", "_date"]
        .iter()
        .any(|suffix| name.ends_with(suffix));
    (name.contains("load") || name.contains("ingest")) && temporal_suffix
}

/// Whether `name` (lower case) names an event that follows an earlier one
/// of the same row (`updated_at` after `created_at`).
fn is_later_event_name(name: &str) -> bool {
    [
        "updated",
        "modified",
        "changed",
        "shipped",
        "delivered",
        "completed",
        "closed",
        "ended",
        "end_",
        "paid",
        "cancel",
        "resolved",
        "returned",
        "valid_to",
        "expir",
        "last_",
        "finished",
        "due",
        "approved",
        "processed",
        "confirmed",
    ]
    .iter()
    .any(|word| name.contains(word))
}

fn is_birth_name(name: &str) -> bool {
    name.contains("birth") || name == "dob"
}

fn is_any(name: &str, names: &[&str]) -> bool {
    names.contains(&name)
}

fn ends_any(name: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|suffix| name.ends_with(suffix))
}

/// The generator `auto` stands for in the first column of a table: a
/// sequence for an identifier, otherwise what any column of its name gets.
pub(crate) fn first_column(column: &RawColumn) -> Option<Generator> {
    let name = column.name.to_ascii_lowercase();
    let fits = matches!(
        column.data_type,
        SqlType::Integer | SqlType::Bigint | SqlType::Varchar | SqlType::Decimal { .. }
    );
    (is_key_name(&name) && fits).then_some(Generator::Sequence { start: 1 })
}

/// The generator `auto` stands for in column `index` of `table`, given the
/// generators of the columns before it (`earlier`, same order) and the key
/// columns of every table.
pub(crate) fn resolve(
    system: &str,
    table: &str,
    columns: &[RawColumn],
    index: usize,
    earlier: &[Generator],
    keys: &[KeyTable<'_>],
) -> Generator {
    let Some(column) = columns.get(index) else {
        return Generator::Fake { what: Fake::Word };
    };
    if index == 0
        && let Some(generator) = first_column(column)
    {
        return generator;
    }
    let name = column.name.to_ascii_lowercase();
    let ty = column.data_type;
    let previous = || last_temporal(columns, earlier);
    match ty {
        SqlType::Boolean => return boolean(&name),
        SqlType::Date if !is_load_time_name(&name) => return date(&name, previous()),
        SqlType::Timestamp | SqlType::Date => {
            return if is_load_time_name(&name) {
                Generator::LoadTime { after: previous() }
            } else {
                timestamp(&name, previous())
            };
        }
        _ => {}
    }
    if is_key_name(&name) {
        return reference(system, table, &name, keys).unwrap_or(Generator::Integer {
            min: 1,
            max: 1_000,
            skew: 1.0,
        });
    }
    if ty.is_numeric() {
        return number(&name, ty);
    }
    // Text (varchar): temporal names first, then realistic kinds.
    if is_load_time_name(&name) {
        return Generator::LoadTime { after: previous() };
    }
    if ends_any(&name, &["_at", "_ts", "_time", "timestamp", "_datetime"]) {
        return timestamp(&name, previous());
    }
    if name == "date" || ends_any(&name, &["_date", "_on"]) || name == "dob" {
        return date(&name, previous());
    }
    text(&name, table)
}

/// The last date or timestamp column before this one (birth dates aside).
fn last_temporal(columns: &[RawColumn], earlier: &[Generator]) -> Option<String> {
    columns
        .iter()
        .zip(earlier)
        .rev()
        .find(|(c, g)| {
            matches!(g, Generator::Date { .. } | Generator::Timestamp { .. })
                && !is_birth_name(&c.name.to_ascii_lowercase())
        })
        .map(|(c, _)| c.name.clone())
}

fn boolean(name: &str) -> Generator {
    let true_rate = if name.contains("deleted") || name.contains("fraud") || name.contains("test") {
        0.05
    } else if name.contains("active") || name.contains("verified") || name.contains("enabled") {
        0.85
    } else {
        0.5
    };
    Generator::Boolean { true_rate }
}

fn date(name: &str, previous: Option<String>) -> Generator {
    if is_birth_name(name) {
        return Generator::Date {
            from: "1950-01-01".into(),
            to: "2007-12-31".into(),
            after: None,
        };
    }
    Generator::Date {
        from: AUTO_FROM.into(),
        to: AUTO_TO.into(),
        after: previous.filter(|_| is_later_event_name(name)),
    }
}

fn timestamp(name: &str, previous: Option<String>) -> Generator {
    if is_birth_name(name) {
        return Generator::Timestamp {
            from: "1950-01-01".into(),
            to: "2007-12-31".into(),
            after: None,
        };
    }
    Generator::Timestamp {
        from: format!("{AUTO_FROM} 00:00:00"),
        to: format!("{AUTO_TO} 23:59:59"),
        after: previous.filter(|_| is_later_event_name(name)),
    }
}

/// A reference to the table whose key this column names, preferring the
/// same system: `customer_id` points at a table whose first column is
/// `customer_id`, or at `customers.id`.
fn reference(system: &str, table: &str, name: &str, keys: &[KeyTable<'_>]) -> Option<Generator> {
    let plural_of = |stem: &str, t: &str| {
        t == stem
            || t.strip_suffix('s') == Some(stem)
            || t.strip_suffix("es") == Some(stem)
            || (stem.ends_with('y')
                && t.strip_suffix("ies") == stem.strip_suffix('y').filter(|s| !s.is_empty()))
    };
    let matches = |k: &KeyTable<'_>| {
        let Some(key) = k.key else { return false };
        let key = key.to_ascii_lowercase();
        if k.system == system && k.table == table {
            return false;
        }
        key == name
            || (key == "id"
                && name
                    .strip_suffix("_id")
                    .is_some_and(|stem| plural_of(stem, &k.table.to_ascii_lowercase())))
    };
    let found = keys
        .iter()
        .filter(|k| k.system == system)
        .chain(keys.iter().filter(|k| k.system != system))
        .find(|k| matches(k))?;
    Some(Generator::Reference {
        table: found.qualified.clone(),
        column: found.key?.to_owned(),
        skew: 1.0,
    })
}

fn number(name: &str, ty: SqlType) -> Generator {
    let integer = |min, max, skew| Generator::Integer { min, max, skew };
    let fraction =
        matches!(ty, SqlType::Decimal { scale, .. } if scale > 0) || matches!(ty, SqlType::Double);
    if is_any(name, &["quantity", "qty", "units", "count", "items"])
        || ends_any(name, &["_qty", "_quantity", "_count", "_units"])
    {
        return integer(1, 10, 1.0);
    }
    if name == "age" {
        return integer(18, 90, 0.0);
    }
    if name == "year" || name.ends_with("_year") {
        return integer(2015, 2025, 0.0);
    }
    if is_any(name, &["rating", "score", "stars"]) {
        return integer(1, 5, 0.0);
    }
    if is_any(name, &["lat", "latitude"]) && fraction {
        return Generator::Decimal {
            min: -90.0,
            max: 90.0,
            skew: 0.0,
        };
    }
    if is_any(name, &["lon", "lng", "longitude"]) && fraction {
        return Generator::Decimal {
            min: -180.0,
            max: 180.0,
            skew: 0.0,
        };
    }
    if is_any(name, &["discount", "rate", "ratio", "percent", "pct"])
        || ends_any(name, &["_rate", "_pct", "_percent", "_ratio"])
    {
        return if fraction {
            Generator::Decimal {
                min: 0.0,
                max: capped(ty, 0.5),
                skew: 1.0,
            }
        } else {
            integer(0, 50, 1.0)
        };
    }
    let amount_like = [
        "amount", "price", "total", "cost", "revenue", "value", "balance", "fee", "salary",
        "income", "spend", "tax", "paid", "sum", "net", "gross",
    ]
    .iter()
    .any(|word| name.contains(word));
    if amount_like || fraction {
        let max = capped(ty, 2_000.0);
        let min = if max > 5.0 { 5.0 } else { 0.0 };
        return Generator::Decimal {
            min,
            max,
            skew: 1.0,
        };
    }
    integer(1, 1_000, 0.0)
}

/// `wanted`, lowered to the largest value the type can hold.
fn capped(ty: SqlType, wanted: f64) -> f64 {
    let SqlType::Decimal { precision, scale } = ty else {
        return wanted;
    };
    let mut whole = 1.0;
    for _ in 0..precision.saturating_sub(scale).min(30) {
        whole *= 10.0;
    }
    let mut step = 1.0;
    for _ in 0..scale.min(30) {
        step /= 10.0;
    }
    wanted.min(whole - step)
}

fn weighted(list: &[(&str, u32)]) -> Generator {
    Generator::Choice {
        values: list.iter().map(|(v, _)| (*v).to_owned()).collect(),
        weights: list.iter().map(|(_, w)| f64::from(*w)).collect(),
    }
}

fn uniform(list: &[&str]) -> Generator {
    Generator::Choice {
        values: list.iter().map(|v| (*v).to_owned()).collect(),
        weights: Vec::new(),
    }
}

fn fake(what: Fake) -> Generator {
    Generator::Fake { what }
}

fn text(name: &str, table: &str) -> Generator {
    let table = table.to_ascii_lowercase();
    let table_has = |words: &[&str]| words.iter().any(|w| table.contains(w));
    if name.contains("email") || name == "mail" || name.ends_with("_mail") {
        return fake(Fake::Email);
    }
    if is_any(name, &["first_name", "firstname", "given_name", "forename"]) {
        return fake(Fake::FirstName);
    }
    if is_any(name, &["last_name", "lastname", "surname", "family_name"]) {
        return fake(Fake::LastName);
    }
    if is_any(
        name,
        &["full_name", "fullname", "person_name", "contact_name"],
    ) {
        return fake(Fake::FullName);
    }
    if name.contains("phone") || name.contains("mobile") || is_any(name, &["fax", "tel"]) {
        return fake(Fake::Phone);
    }
    if name.contains("country_code") || name == "iso_country" {
        return uniform(words::COUNTRY_CODES);
    }
    if is_any(name, &["city", "town"]) || name.ends_with("_city") {
        return fake(Fake::City);
    }
    if name.contains("country") {
        return fake(Fake::Country);
    }
    if is_any(
        name,
        &["zip", "zipcode", "zip_code", "postal_code", "postcode"],
    ) || ends_any(name, &["_zip", "_postal_code", "_postcode"])
    {
        return Generator::Pattern {
            pattern: "#####".into(),
        };
    }
    if name.contains("street") || name.contains("address") {
        return fake(Fake::Street);
    }
    let company_words = [
        "company",
        "supplier",
        "vendor",
        "merchant",
        "employer",
        "organization",
        "organisation",
        "brand",
        "store",
        "shop",
    ];
    if company_words.iter().any(|w| name.starts_with(w)) || name == "account_name" {
        return fake(Fake::Company);
    }
    if is_any(name, &["product", "product_name", "item_name", "article"]) {
        return fake(Fake::Product);
    }
    if name == "sku" || name.ends_with("_sku") {
        return Generator::Pattern {
            pattern: "SKU-#####".into(),
        };
    }
    if name == "category" || name.ends_with("_category") {
        return uniform(words::PRODUCT_CATEGORIES);
    }
    if name == "status" || name.ends_with("_status") {
        let order_like = [
            "order", "shipment", "payment", "invoice", "delivery", "ticket",
        ];
        return if table_has(&order_like) || order_like.iter().any(|w| name.contains(w)) {
            weighted(words::ORDER_STATUSES)
        } else {
            weighted(words::ACCOUNT_STATUSES)
        };
    }
    if name == "currency" || name == "currency_code" {
        return weighted(words::CURRENCIES);
    }
    if name == "channel" || name.ends_with("_channel") {
        return weighted(words::CHANNELS);
    }
    if is_any(
        name,
        &[
            "description",
            "comment",
            "comments",
            "note",
            "notes",
            "remarks",
        ],
    ) || ends_any(name, &["_description", "_comment", "_note"])
    {
        return fake(Fake::Sentence);
    }
    if name == "name" || name.ends_with("_name") {
        let stem = name.strip_suffix("name").unwrap_or(name);
        let about = |words: &[&str]| words.iter().any(|w| stem.contains(w)) || table_has(words);
        return if about(&["product", "item", "article"]) {
            fake(Fake::Product)
        } else if about(&company_words) || about(&["partner"]) {
            fake(Fake::Company)
        } else if about(&["city", "cities"]) {
            fake(Fake::City)
        } else if about(&["countr"]) {
            fake(Fake::Country)
        } else if about(&["categor"]) {
            uniform(words::PRODUCT_CATEGORIES)
        } else {
            fake(Fake::FullName)
        };
    }
    if name == "code" || name.ends_with("_code") {
        return Generator::Pattern {
            pattern: "??-###".into(),
        };
    }
    if name == "type" || name == "kind" || name.ends_with("_type") {
        return Generator::Choice {
            values: vec!["standard".into(), "premium".into(), "basic".into()],
            weights: vec![70.0, 20.0, 10.0],
        };
    }
    fake(Fake::Word)
}
