//! Edits a user makes on the canvas and in the model panel, as pure
//! functions over a [`Design`]: add a model, connect two cards, delete,
//! rename, move, set a parameter. The workbench calls these and keeps the
//! results in its undo [`History`]; nothing here knows about the browser.
//!
//! Every edit either applies completely or returns an [`EditError`] and
//! leaves the design untouched, so a refused edit never half-changes work.

mod history;
mod plan;
mod space;

pub use history::History;
pub use plan::{
    RelationshipSuggestion, add_object, relate_objects, remove_object, set_object_sources,
    suggest_relationships, unrelate_objects,
};
pub use space::{Proposal, apply as apply_proposal, design_space};

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::Layer;
use crate::design::{Design, Model, Position, RawColumn, RawTable, Reference, Source, SqlType};
use crate::template::{ParamKind, ParamSpec, TemplateKind};

/// Why an edit was refused. The message is written for the person who
/// tried it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// No model (or raw table) has this name.
    UnknownCard(String),
    /// The template may not be used in the layer.
    TemplateNotAllowed {
        template: TemplateKind,
        layer: Layer,
    },
    /// The layer contract forbids the connection; the text says why.
    Forbidden(String),
    /// The connection is allowed, but the template has no free input for it.
    NoFreeInput(String),
    /// A new name is not usable.
    BadName(String),
    /// A parameter path does not lead anywhere in the model's parameters.
    BadPath(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownCard(name) => write!(f, "there is no model or raw table {name}"),
            EditError::TemplateNotAllowed { template, layer } => write!(
                f,
                "the {} template cannot be used in {}: it belongs in {}",
                template.name(),
                layer.code(),
                template
                    .layers()
                    .iter()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            EditError::Forbidden(why) | EditError::NoFreeInput(why) | EditError::BadName(why) => {
                f.write_str(why)
            }
            EditError::BadPath(path) => write!(f, "no parameter at {path}"),
        }
    }
}

impl std::error::Error for EditError {}

/// A card on the canvas: a model, or a raw table (`system.table`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Card<'d> {
    Model(&'d Model),
    RawTable { system: &'d str, table: &'d str },
}

impl Card<'_> {
    pub fn layer(&self) -> Layer {
        match self {
            Card::Model(m) => m.layer,
            Card::RawTable { .. } => Layer::Raw,
        }
    }
}

/// The card named `name`: a model by name, or a raw table as `system.table`.
pub fn card<'d>(design: &'d Design, name: &str) -> Option<Card<'d>> {
    if let Some(model) = design.model(name) {
        return Some(Card::Model(model));
    }
    let (system, table) = name.split_once('.')?;
    let raw = design.raw_table(system, table)?;
    let source = design.sources.iter().find(|s| s.system == system)?;
    Some(Card::RawTable {
        system: &source.system,
        table: &raw.name,
    })
}

/// A name for a new model in `layer` that no card has yet, following the
/// layer's first naming pattern with `new` for the parts the user will choose
/// (`src_new__model`, `vlt_obj_new`), numbered when taken.
pub fn fresh_name(design: &Design, layer: Layer, template: TemplateKind) -> String {
    let base = match (layer, template) {
        (Layer::Vlt, TemplateKind::Relationship) => "vlt_rel_new__link".to_owned(),
        (Layer::Vlt, TemplateKind::Event) => "vlt_evt_new".to_owned(),
        (Layer::Ana, TemplateKind::StateHistory) => "ana_new__history".to_owned(),
        _ => {
            let pattern = layer.name_patterns().first().copied().unwrap_or("model");
            let mut out = String::new();
            let mut rest = pattern;
            let mut placeholder = 0;
            while let Some(start) = rest.find('<') {
                out.push_str(&rest[..start]);
                out.push_str(if placeholder == 0 { "new" } else { "model" });
                placeholder += 1;
                rest = rest[start..]
                    .find('>')
                    .map_or("", |end| &rest[start + end + 1..]);
            }
            out.push_str(rest);
            out
        }
    };
    let taken = |name: &str| card(design, name).is_some();
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|name| !taken(name))
        .unwrap_or(base)
}

/// Adds a model of `template` to `layer` with the template's defaults, at
/// `at` on the canvas when given, and returns its name.
pub fn add_model(
    design: &mut Design,
    layer: Layer,
    template: TemplateKind,
    at: Option<Position>,
) -> Result<String, EditError> {
    if !template.allowed_in(layer) {
        return Err(EditError::TemplateNotAllowed { template, layer });
    }
    let name = fresh_name(design, layer, template);
    let params = template
        .params()
        .iter()
        .filter_map(|spec| {
            let value = spec.default.to_json().or_else(|| empty_value(spec))?;
            Some((spec.name.to_owned(), value))
        })
        .collect();
    design.models.push(Model {
        name: name.clone(),
        layer,
        template,
        description: String::new(),
        materialization: None,
        params,
        tests: Vec::new(),
        columns: Default::default(),
    });
    if let Some(at) = at {
        design.canvas.positions.insert(name.clone(), at);
    }
    Ok(name)
}

/// The value a required parameter starts with, so the form shows an empty
/// field of the right shape.
fn empty_value(spec: &ParamSpec) -> Option<Value> {
    if !spec.required {
        return None;
    }
    Some(match spec.kind {
        ParamKind::Models(_) | ParamKind::Columns { .. } | ParamKind::Records(_) => {
            Value::Array(Vec::new())
        }
        ParamKind::Bool => Value::Bool(false),
        _ => Value::String(String::new()),
    })
}

/// Adds the raw table `system.table` with columns given one per line as
/// `name type` (`order_id integer`, `amount decimal(12,2)`; the type may be
/// left out for `varchar`), creating the source system if it is new, and
/// returns its card name. Errors name the line at fault.
pub fn add_raw_table(
    design: &mut Design,
    system: &str,
    table: &str,
    columns: &str,
    at: Option<Position>,
) -> Result<String, EditError> {
    let (system, table) = (system.trim(), table.trim());
    for (what, name) in [("system", system), ("table", table)] {
        if !crate::template::is_identifier(name) {
            return Err(EditError::BadName(format!(
                "the {what} name {name:?} is not usable: use letters, digits and underscores, starting with a letter"
            )));
        }
    }
    if design.raw_table(system, table).is_some() {
        return Err(EditError::BadName(format!(
            "{system}.{table} already exists"
        )));
    }
    let mut parsed: Vec<RawColumn> = Vec::new();
    for (i, line) in columns.lines().enumerate() {
        let line = line.trim().trim_end_matches(',');
        if line.is_empty() {
            continue;
        }
        let (name, data_type) = match line.split_once(char::is_whitespace) {
            Some((name, ty)) => (name, ty.trim()),
            None => (line, "varchar"),
        };
        if !crate::template::is_identifier(name) {
            return Err(EditError::BadName(format!(
                "line {}: {name:?} is not a usable column name",
                i + 1
            )));
        }
        if parsed.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
            return Err(EditError::BadName(format!(
                "line {}: the column {name} is listed twice",
                i + 1
            )));
        }
        let data_type: SqlType = data_type.parse().map_err(|_| {
            EditError::BadName(format!(
                "line {}: {data_type:?} is not a type Strata knows (try varchar, integer, bigint, decimal(12,2), boolean, date, timestamp)",
                i + 1
            ))
        })?;
        parsed.push(RawColumn {
            name: name.to_owned(),
            data_type,
            description: String::new(),
            sample: Default::default(),
        });
    }
    if parsed.is_empty() {
        return Err(EditError::BadName(
            "list at least one column, one per line: name type".to_owned(),
        ));
    }
    let raw = RawTable {
        name: table.to_owned(),
        columns: parsed,
        ..RawTable::default()
    };
    match design.sources.iter_mut().find(|s| s.system == system) {
        Some(source) => source.tables.push(raw),
        None => design.sources.push(Source {
            system: system.to_owned(),
            description: String::new(),
            tables: vec![raw],
        }),
    }
    let name = format!("{system}.{table}");
    if let Some(at) = at {
        design.canvas.positions.insert(name.clone(), at);
    }
    Ok(name)
}

/// Adds the raw table `system.table` for rows imported from `file`: the
/// columns and types the import found, and a note that its
/// rows are the user's own (kept under the import's checksum).
pub fn add_imported_table(
    design: &mut Design,
    system: &str,
    table: &str,
    import: &crate::import::TableImport,
    file: &str,
    at: Option<Position>,
) -> Result<String, EditError> {
    let columns: String = import
        .columns
        .iter()
        .map(|c| format!("{} {}\n", c.name, c.data_type))
        .collect();
    let name = add_raw_table(design, system, table, &columns, at)?;
    if let Some(raw) = design
        .sources
        .iter_mut()
        .find(|s| s.system == system.trim())
        .and_then(|s| s.tables.iter_mut().find(|t| t.name == table.trim()))
    {
        raw.sample.imported = Some(crate::import::ImportedData {
            file: file.to_owned(),
            rows: import.rows,
            checksum: import.checksum.clone(),
        });
    }
    Ok(name)
}

/// Adds a SRC `standardize` model reading the raw table `raw`
/// (`system.table`): every column kept, renamed to snake_case and cast to
/// its raw type, `key` (raw column names) as the primary key, named
/// `src_<system>__<table>` when that is free. The suggestion profiling makes
/// for a raw table nothing standardizes yet. Nothing changes on an error.
pub fn standardize_raw_table(
    design: &mut Design,
    raw: &str,
    key: &[String],
    at: Option<Position>,
) -> Result<String, EditError> {
    let (system, table) = raw
        .split_once('.')
        .ok_or_else(|| EditError::UnknownCard(raw.to_owned()))?;
    let columns = design
        .raw_table(system, table)
        .ok_or_else(|| EditError::UnknownCard(raw.to_owned()))?
        .columns
        .clone();
    let mut copy = design.clone();
    let name = add_model(&mut copy, Layer::Src, TemplateKind::Standardize, at)?;
    connect(&mut copy, raw, &name)?;
    let records: Vec<Value> = columns
        .iter()
        .map(|c| {
            serde_json::json!({
                "source": c.name,
                "name": crate::render::snake_case(&c.name),
                "type": c.data_type.to_string(),
            })
        })
        .collect();
    set_param(&mut copy, &name, "columns", Some(Value::Array(records)))?;
    let keys: Vec<Value> = key
        .iter()
        .map(|k| Value::String(crate::render::snake_case(k)))
        .collect();
    if !keys.is_empty() {
        set_param(&mut copy, &name, "primary_key", Some(Value::Array(keys)))?;
    }
    let wanted = format!("src_{}__{}", system, crate::render::snake_case(table));
    let name = if copy.model(&wanted).is_none() && rename(&mut copy, &name, &wanted).is_ok() {
        wanted
    } else {
        name
    };
    *design = copy;
    Ok(name)
}

/// Why `downstream` may not read `upstream`, from the layer contract, or
/// `None` when the layers allow it. The canvas shows this under the pointer
/// while a connection is dragged.
pub fn connection_problem(design: &Design, upstream: &str, downstream: &str) -> Option<String> {
    let (Some(up), Some(down)) = (card(design, upstream), card(design, downstream)) else {
        return Some("drop the connection on a model".to_owned());
    };
    if upstream == downstream {
        return Some("a model cannot read itself".to_owned());
    }
    let Card::Model(model) = down else {
        return Some(
            "raw tables are external data: they read nothing, they are read by SRC models"
                .to_owned(),
        );
    };
    let (from, to) = (up.layer(), model.layer);
    if to.may_read(from) {
        return None;
    }
    let allowed = match to.allowed_upstream() {
        [] => "nothing".to_owned(),
        layers => layers
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(" and "),
    };
    let hint = if from.order() > to.order() {
        "data flows left to right, from RAW towards MRT"
    } else if from == Layer::Raw {
        "raw tables are read only by their SRC model, which cleans them once for everyone"
    } else {
        "route the data through the layers in between"
    };
    Some(format!(
        "{} may read only {allowed}, not {}: {hint}",
        to.code(),
        from.code()
    ))
}

/// Makes `downstream` read `upstream` by filling the first free input
/// parameter of its template that accepts it (or appending to a list of
/// inputs), and returns that parameter's path.
pub fn connect(design: &mut Design, upstream: &str, downstream: &str) -> Result<String, EditError> {
    if let Some(problem) = connection_problem(design, upstream, downstream) {
        return Err(EditError::Forbidden(problem));
    }
    let up_layer = card(design, upstream)
        .ok_or_else(|| EditError::UnknownCard(upstream.to_owned()))?
        .layer();
    let model = design
        .models
        .iter_mut()
        .find(|m| m.name == downstream)
        .ok_or_else(|| EditError::UnknownCard(downstream.to_owned()))?;
    if crate::template::references(model)
        .iter()
        .any(|(_, r)| r.to_string() == upstream)
    {
        return Err(EditError::NoFreeInput(format!(
            "{downstream} already reads {upstream}"
        )));
    }
    let template = model.template;
    for spec in template.params() {
        let accepts = match spec.kind {
            ParamKind::RawTable => up_layer == Layer::Raw,
            ParamKind::Model(layers) | ParamKind::Models(layers) => layers.contains(&up_layer),
            _ => false,
        };
        if !accepts {
            continue;
        }
        let slot = model
            .params
            .entry(spec.name.to_owned())
            .or_insert(Value::Null);
        match (spec.kind, slot) {
            (ParamKind::Models(_), Value::Array(items)) => {
                items.push(Value::String(upstream.to_owned()));
                return Ok(format!("{}[{}]", spec.name, items.len() - 1));
            }
            (ParamKind::Models(_), slot @ Value::Null) => {
                *slot = Value::Array(vec![Value::String(upstream.to_owned())]);
                return Ok(format!("{}[0]", spec.name));
            }
            (ParamKind::Model(_) | ParamKind::RawTable, slot)
                if slot.is_null() || slot.as_str() == Some("") =>
            {
                *slot = Value::String(upstream.to_owned());
                return Ok(spec.name.to_owned());
            }
            _ => {}
        }
    }
    let why = if template == TemplateKind::CustomSql {
        format!(
            "{downstream} is custom SQL: read {upstream} with {} in its SQL",
            if up_layer == Layer::Raw {
                match upstream.split_once('.') {
                    Some((s, t)) => format!("{{{{ source('{s}', '{t}') }}}}"),
                    None => format!("source('{upstream}')"),
                }
            } else {
                format!("{{{{ ref('{upstream}') }}}}")
            }
        )
    } else {
        format!(
            "{downstream} ({}) has no free input for {upstream}: change its input in the model panel",
            template.name()
        )
    };
    Err(EditError::NoFreeInput(why))
}

/// What [`delete`] removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deleted {
    /// The models and raw tables removed.
    pub models: Vec<String>,
    /// `(model, parameter path)` of the inputs cleared because they named a
    /// removed model.
    pub cleared: Vec<(String, String)>,
}

/// Removes the named models and raw tables (`system.table`; a system left
/// without tables goes too) and their canvas positions, and clears the
/// inputs of models that read them (a single input becomes empty, a list
/// loses the name), so no model is left pointing at nothing.
pub fn delete(design: &mut Design, names: &[String]) -> Result<Deleted, EditError> {
    if let Some(missing) = names.iter().find(|n| card(design, n).is_none()) {
        return Err(EditError::UnknownCard(missing.clone()));
    }
    let doomed: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let mut deleted = Deleted::default();
    for source in &mut design.sources {
        let system = source.system.clone();
        source.tables.retain(|t| {
            let name = format!("{system}.{}", t.name);
            let keep = !doomed.contains(name.as_str());
            if !keep {
                deleted.models.push(name);
            }
            keep
        });
    }
    design.sources.retain(|s| !s.tables.is_empty());
    design.models.retain(|m| {
        let keep = !doomed.contains(m.name.as_str());
        if !keep {
            deleted.models.push(m.name.clone());
        }
        keep
    });
    for name in &deleted.models {
        design.canvas.positions.remove(name);
    }
    for model in &mut design.models {
        let template = model.template;
        for spec in template.params() {
            let Some(value) = model.params.get_mut(spec.name) else {
                continue;
            };
            match (spec.kind, value) {
                (ParamKind::Model(_) | ParamKind::RawTable, value)
                    if value.as_str().is_some_and(|v| doomed.contains(v)) =>
                {
                    *value = Value::String(String::new());
                    deleted
                        .cleared
                        .push((model.name.clone(), spec.name.to_owned()));
                }
                (ParamKind::Models(_), Value::Array(items)) => {
                    let before = items.len();
                    items.retain(|v| !v.as_str().is_some_and(|v| doomed.contains(v)));
                    if items.len() != before {
                        deleted
                            .cleared
                            .push((model.name.clone(), spec.name.to_owned()));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(deleted)
}

/// Renames a model and every input that names it (template parameters and
/// `ref()` calls in custom SQL), keeping its canvas position.
pub fn rename(design: &mut Design, old: &str, new: &str) -> Result<(), EditError> {
    let new = new.trim();
    if new == old {
        return Ok(());
    }
    if !crate::template::is_identifier(new) {
        return Err(EditError::BadName(format!(
            "{new:?} is not a usable model name: use lowercase letters, digits and underscores, starting with a letter"
        )));
    }
    if card(design, new).is_some() {
        return Err(EditError::BadName(format!(
            "{new} is taken: another model already has that name"
        )));
    }
    let Some(model) = design.models.iter_mut().find(|m| m.name == old) else {
        return Err(EditError::UnknownCard(old.to_owned()));
    };
    model.name = new.to_owned();
    if let Some(at) = design.canvas.positions.remove(old) {
        design.canvas.positions.insert(new.to_owned(), at);
    }
    for model in &mut design.models {
        let template = model.template;
        for spec in template.params() {
            if let Some(value) = model.params.get_mut(spec.name) {
                rename_in_value(spec.kind, value, old, new);
            }
        }
    }
    Ok(())
}

fn rename_in_value(kind: ParamKind, value: &mut Value, old: &str, new: &str) {
    match (kind, value) {
        (ParamKind::Model(_), value) if value.as_str() == Some(old) => {
            *value = Value::String(new.to_owned());
        }
        (ParamKind::Models(_), Value::Array(items)) => {
            for item in items.iter_mut().filter(|v| v.as_str() == Some(old)) {
                *item = Value::String(new.to_owned());
            }
        }
        (ParamKind::Sql, Value::String(sql)) => {
            *sql = rename_refs(sql, old, new);
        }
        (ParamKind::Records(fields), Value::Array(records)) => {
            for record in records.iter_mut().filter_map(Value::as_object_mut) {
                for field in fields {
                    if let Some(value) = record.get_mut(field.name) {
                        rename_in_value(field.kind, value, old, new);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Rewrites `ref('old')` and `ref("old")` in dbt SQL to the new name.
fn rename_refs(sql: &str, old: &str, new: &str) -> String {
    let mut out = sql.to_owned();
    for quote in ['\'', '"'] {
        let from = format!("ref({quote}{old}{quote})");
        let to = format!("ref({quote}{new}{quote})");
        out = out.replace(&from, &to);
        let spaced = format!("ref( {quote}{old}{quote} )");
        out = out.replace(&spaced, &format!("ref( {quote}{new}{quote} )"));
    }
    out
}

/// Puts the named cards at the given canvas positions (a move of one or
/// several cards is one edit).
pub fn place(design: &mut Design, placed: &[(String, Position)]) {
    for (name, at) in placed {
        design.canvas.positions.insert(name.clone(), *at);
    }
}

/// Sets (or, with `None`, removes) the parameter at `path` of `model`:
/// `name`, `columns[2].type`. Records and list items along the path must
/// exist; the last step may add a new key to a record.
pub fn set_param(
    design: &mut Design,
    model: &str,
    path: &str,
    value: Option<Value>,
) -> Result<(), EditError> {
    let Some(model) = design.models.iter_mut().find(|m| m.name == model) else {
        return Err(EditError::UnknownCard(model.to_owned()));
    };
    let steps = parse_path(path).ok_or_else(|| EditError::BadPath(path.to_owned()))?;
    let Some((last, parents)) = steps.split_last() else {
        return Err(EditError::BadPath(path.to_owned()));
    };
    let Step::Key(first) = steps[0] else {
        return Err(EditError::BadPath(path.to_owned()));
    };
    if parents.is_empty() {
        match value {
            Some(v) => {
                model.params.insert(first.to_owned(), v);
            }
            None => {
                model.params.remove(first);
            }
        }
        return Ok(());
    }
    let bad = || EditError::BadPath(path.to_owned());
    let mut at = model.params.get_mut(first).ok_or_else(bad)?;
    for step in &parents[1..] {
        at = match step {
            Step::Key(k) => at.as_object_mut().and_then(|o| o.get_mut(*k)),
            Step::Index(i) => at.as_array_mut().and_then(|a| a.get_mut(*i)),
        }
        .ok_or_else(bad)?;
    }
    match (last, value) {
        (Step::Key(k), Some(v)) => {
            at.as_object_mut()
                .ok_or_else(bad)?
                .insert((*k).to_owned(), v);
        }
        (Step::Key(k), None) => {
            at.as_object_mut().ok_or_else(bad)?.remove(*k);
        }
        (Step::Index(i), Some(v)) => {
            *at.as_array_mut()
                .and_then(|a| a.get_mut(*i))
                .ok_or_else(bad)? = v;
        }
        (Step::Index(i), None) => {
            let items = at.as_array_mut().ok_or_else(bad)?;
            if *i >= items.len() {
                return Err(bad());
            }
            items.remove(*i);
        }
    }
    Ok(())
}

/// The value at `path` in a model's parameters, if there is one.
pub fn param<'m>(model: &'m Model, path: &str) -> Option<&'m Value> {
    let steps = parse_path(path)?;
    let (Step::Key(first), rest) = steps.split_first()? else {
        return None;
    };
    let mut at = model.params.get(*first)?;
    for step in rest {
        at = match step {
            Step::Key(k) => at.get(*k)?,
            Step::Index(i) => at.get(*i)?,
        };
    }
    Some(at)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// `columns[2].type` → `[Key(columns), Index(2), Key(type)]`.
fn parse_path(path: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return None;
        }
        steps.push(Step::Key(key));
        while let Some(tail) = rest.strip_prefix('[') {
            let end = tail.find(']')?;
            steps.push(Step::Index(tail[..end].parse().ok()?));
            rest = &tail[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(steps)
}

/// The references a card's inputs resolve to, for drawing edges: each
/// `(upstream card name, parameter path)` of a model.
pub fn inputs(model: &Model) -> Vec<(String, String)> {
    crate::template::references(model)
        .into_iter()
        .map(|(path, reference)| {
            let name = match reference {
                Reference::Model(name) => name,
                other => other.to_string(),
            };
            (name, path)
        })
        .collect()
}

#[cfg(test)]
mod tests;
