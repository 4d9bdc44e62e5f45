//! Business-object planning (FRAMEWORK §5.2): the objects, their business
//! keys, the raw tables that feed them and how they relate, with
//! relationships suggested from what profiling found in the data.

use std::collections::BTreeSet;

use super::EditError;
use crate::design::{BusinessObject, Cardinality, Design, ObjectRelationship};
use crate::render::snake_case;
use crate::run::profile::Relationship;

/// Adds a business object with its business keys (comma or space
/// separated) and returns its name.
pub fn add_object(design: &mut Design, name: &str, keys: &str) -> Result<String, EditError> {
    let name = name.trim();
    if !crate::template::is_identifier(name) {
        return Err(EditError::BadName(format!(
            "the object name {name:?} is not usable: a lower-case singular word like customer"
        )));
    }
    if design.object(name).is_some() {
        return Err(EditError::BadName(format!(
            "the object {name} already exists"
        )));
    }
    let business_keys: Vec<String> = keys
        .split([',', ' '])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(bad) = business_keys
        .iter()
        .find(|k| !crate::template::is_identifier(k))
    {
        return Err(EditError::BadName(format!(
            "the business key {bad:?} is not a column name"
        )));
    }
    design.objects.push(BusinessObject {
        name: name.to_owned(),
        business_keys,
        ..BusinessObject::default()
    });
    Ok(name.to_owned())
}

fn no_object(name: &str) -> EditError {
    EditError::BadName(format!("there is no business object named {name:?}"))
}

/// Plans that business object `from` relates to `to`; an existing
/// relationship from `from` to `to` is replaced (its cardinality or
/// description changed).
pub fn relate_objects(
    design: &mut Design,
    from: &str,
    to: &str,
    cardinality: Cardinality,
    description: &str,
) -> Result<(), EditError> {
    if design.object(to).is_none() {
        return Err(no_object(to));
    }
    let object = design
        .objects
        .iter_mut()
        .find(|o| o.name == from)
        .ok_or_else(|| no_object(from))?;
    let relationship = ObjectRelationship {
        to: to.to_owned(),
        cardinality,
        description: description.trim().to_owned(),
    };
    match object.relationships.iter_mut().find(|r| r.to == to) {
        Some(existing) => *existing = relationship,
        None => object.relationships.push(relationship),
    }
    Ok(())
}

/// Removes the planned relationship from `from` to `to`.
pub fn unrelate_objects(design: &mut Design, from: &str, to: &str) -> Result<(), EditError> {
    let object = design
        .objects
        .iter_mut()
        .find(|o| o.name == from)
        .ok_or_else(|| no_object(from))?;
    let before = object.relationships.len();
    object.relationships.retain(|r| r.to != to);
    if object.relationships.len() == before {
        return Err(EditError::BadName(format!(
            "{from} has no planned relationship to {to}"
        )));
    }
    Ok(())
}

/// Sets the raw tables (`system.table`) that feed business object `name`.
pub fn set_object_sources(
    design: &mut Design,
    name: &str,
    sources: &[String],
) -> Result<(), EditError> {
    let known: BTreeSet<String> = design
        .raw_tables()
        .map(|(s, t)| format!("{}.{}", s.system, t.name))
        .collect();
    if let Some(unknown) = sources.iter().find(|s| !known.contains(*s)) {
        return Err(EditError::BadName(format!(
            "there is no raw table {unknown:?}"
        )));
    }
    let object = design
        .objects
        .iter_mut()
        .find(|o| o.name == name)
        .ok_or_else(|| no_object(name))?;
    object.sources = sources.to_vec();
    Ok(())
}

/// Removes a business object. Models that name it keep the name, so the
/// rules point at what to change.
pub fn remove_object(design: &mut Design, name: &str) -> Result<(), EditError> {
    let before = design.objects.len();
    design.objects.retain(|o| o.name != name);
    if design.objects.len() == before {
        return Err(EditError::UnknownCard(name.to_owned()));
    }
    Ok(())
}

/// A relationship between planned objects that the data suggests.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipSuggestion {
    pub from: String,
    pub to: String,
    pub cardinality: Cardinality,
    /// What was found, for the user to judge (`98 % of till.orders.customer_id
    /// found in till.customers.customer_id`).
    pub evidence: String,
}

/// The planned objects a raw table (`system.table`) is about: those that
/// name it as a source, else the one keyed by `key_column` alone.
fn objects_at<'a>(design: &'a Design, table: &str, key_column: &str) -> Option<&'a BusinessObject> {
    design
        .objects
        .iter()
        .find(|o| o.sources.iter().any(|s| s == table))
        .or_else(|| {
            design
                .objects
                .iter()
                .find(|o| o.business_keys == [snake_case(key_column)])
        })
}

/// The relationships between planned objects that profiling's likely
/// foreign keys suggest and the plan does not have yet (in either
/// direction), most confident first. A reference from the table of one
/// object to the key of another makes the first many-to-one the second.
pub fn suggest_relationships(
    design: &Design,
    found: &[Relationship],
) -> Vec<RelationshipSuggestion> {
    let mut found: Vec<&Relationship> = found.iter().collect();
    found.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let mut suggestions: Vec<RelationshipSuggestion> = Vec::new();
    for r in found {
        // The referencing table's own object is keyed by its own id.
        let table = r.from_table.rsplit('.').next().unwrap_or(&r.from_table);
        let own_id = format!("{}_id", super::space::singular(&snake_case(table)));
        let (Some(from), Some(to)) = (
            objects_at(design, &r.from_table, &own_id),
            objects_at(design, &r.to_table, &r.to_column),
        ) else {
            continue;
        };
        let planned =
            |a: &BusinessObject, b: &BusinessObject| a.relationships.iter().any(|x| x.to == b.name);
        if from.name == to.name
            || planned(from, to)
            || planned(to, from)
            || suggestions.iter().any(|s| {
                [&s.from, &s.to] == [&from.name, &to.name]
                    || [&s.from, &s.to] == [&to.name, &from.name]
            })
        {
            continue;
        }
        suggestions.push(RelationshipSuggestion {
            from: from.name.clone(),
            to: to.name.clone(),
            cardinality: Cardinality::ManyToOne,
            evidence: format!(
                "{:.0} % of {}.{} found in {}.{}",
                r.overlap * 100.0,
                r.from_table,
                r.from_column,
                r.to_table,
                r.to_column
            ),
        });
    }
    suggestions
}
