//! Format versions and the migrations between them. Each migration takes a
//! document of version N to N + 1, as JSON, so old documents never need the
//! old Rust types. Golden documents of every version live in
//! `core/tests/data/documents/v<N>/` and must keep loading.
//!
//! - Format 1: the first draft. Models carried their canvas position
//!   (`position: {x, y}`) and their parameters as `parameters`.
//! - Format 2: positions moved to `canvas.positions`, so moving a card no
//!   longer rewrites the model, and `parameters` became `params`.

use serde_json::{Map, Value};

use super::LoadError;

/// The format this version of Strata writes.
pub const CURRENT_FORMAT: u32 = 2;

type Document = Map<String, Value>;

/// A migration from one format to the next.
type Migration = fn(&mut Document) -> Result<(), String>;

/// Migrations, index `i` taking format `i + 1` to `i + 2`.
const MIGRATIONS: [Migration; CURRENT_FORMAT as usize - 1] = [v1_to_v2];

/// Bring a document of format `version` to the current format, in place.
pub fn to_current(document: &mut Document, version: u64) -> Result<(), LoadError> {
    let start = usize::try_from(version.saturating_sub(1)).unwrap_or(usize::MAX);
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(start) {
        migration(document).map_err(|message| LoadError::Invalid {
            path: String::new(),
            message: format!(
                "could not upgrade from format {} to {}: {message}",
                i + 1,
                i + 2
            ),
        })?;
    }
    Ok(())
}

fn v1_to_v2(document: &mut Document) -> Result<(), String> {
    let mut positions = Map::new();
    if let Some(models) = document.get_mut("models") {
        let models = models.as_array_mut().ok_or("`models` is not a list")?;
        for model in models {
            let model = model.as_object_mut().ok_or("a model is not an object")?;
            if let Some(params) = model.remove("parameters") {
                model.insert("params".into(), params);
            }
            if let Some(position) = model.remove("position") {
                let name = model
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or("a model with a position has no name")?;
                positions.insert(name.to_owned(), position);
            }
        }
    }
    if !positions.is_empty() {
        let canvas = document
            .entry("canvas")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .ok_or("`canvas` is not an object")?;
        canvas.insert("positions".into(), Value::Object(positions));
    }
    Ok(())
}
