//! `custom_sql`: hand-written SQL, passed through with the model's config.

use serde_json::{Map, Value};

use super::Input;
use crate::render::RenderError;
use crate::render::columns::Column;

pub fn context(input: &Input) -> Result<Map<String, Value>, RenderError> {
    if input.text("sql").trim().is_empty() {
        return Err(input.incomplete("the SQL is empty"));
    }
    Ok(input.base_context())
}

/// Unknown until the SQL is analysed.
pub fn columns(_input: &Input) -> Option<Vec<Column>> {
    None
}
