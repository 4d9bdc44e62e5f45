//! The output columns of every model, known from template parameters before
//! anything runs. `custom_sql` models have unknown columns until the SQL is
//! analysed (lineage), and a model whose template cannot work out its
//! columns (missing parameters) has unknown columns too.

use std::collections::HashMap;

use serde::Serialize;

use super::templates::{self, Input};
use crate::design::{Design, DesignGraph, SqlType};

/// A column a model (or raw table) produces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: String,
    /// The type, when the template knows it.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub data_type: Option<SqlType>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Column {
    pub fn new(name: impl Into<String>, data_type: Option<SqlType>) -> Column {
        Column {
            name: name.into(),
            data_type,
            description: String::new(),
        }
    }

    pub fn described(mut self, description: impl Into<String>) -> Column {
        self.description = description.into();
        self
    }
}

/// The columns of a design's raw tables and models.
#[derive(Clone, Debug, Default)]
pub struct DesignColumns {
    by_name: HashMap<String, Vec<Column>>,
}

impl DesignColumns {
    /// The columns of the model or raw table (`system.table`) named `name`,
    /// or `None` when they are not known.
    pub fn of(&self, name: &str) -> Option<&[Column]> {
        self.by_name.get(name).map(Vec::as_slice)
    }
}

/// Work out every model's columns in dependency order.
pub fn compute(design: &Design, graph: &DesignGraph) -> DesignColumns {
    compute_where(design, graph, |_| true)
}

/// Work out the columns of the models in `wanted` and of every model they
/// read, directly or further upstream; the others stay unknown. Cheaper
/// than [`compute`] when only a few models' columns are needed.
pub fn compute_upstream_of(
    design: &Design,
    graph: &DesignGraph,
    wanted: &[usize],
) -> DesignColumns {
    let mut needed = vec![false; design.models.len()];
    let mut todo = wanted.to_vec();
    while let Some(i) = todo.pop() {
        if let Some(slot) = needed.get_mut(i)
            && !*slot
        {
            *slot = true;
            todo.extend(graph.upstream_models(i));
        }
    }
    compute_where(design, graph, |i| needed.get(i).copied().unwrap_or(false))
}

fn compute_where(
    design: &Design,
    graph: &DesignGraph,
    wanted: impl Fn(usize) -> bool,
) -> DesignColumns {
    let mut columns = DesignColumns::default();
    for (source, table) in design.raw_tables() {
        let raw = table
            .columns
            .iter()
            .map(|c| {
                Column::new(c.name.clone(), Some(c.data_type)).described(c.description.clone())
            })
            .collect();
        columns
            .by_name
            .insert(format!("{}.{}", source.system, table.name), raw);
    }
    for i in graph.dependency_order().into_iter().filter(|&i| wanted(i)) {
        let model = &design.models[i];
        let input = Input::new(design, &columns, model);
        if let Some(mut found) = templates::output_columns(&input) {
            for column in &mut found {
                if let Some(doc) = model.columns.get(&column.name) {
                    column.description.clone_from(doc);
                }
            }
            columns.by_name.insert(model.name.clone(), found);
        }
    }
    columns
}
