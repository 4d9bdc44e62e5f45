//! Graph queries over a design's lineage: `strata lineage --upstream`,
//! `--downstream`, `--path`, and `strata impact`. Nodes are named as
//! `MODEL`, `MODEL.COLUMN`, `SYSTEM.TABLE` or `SYSTEM.TABLE.COLUMN`.

use clap::{ArgGroup, Args};
use serde_json::json;
use strata_core::lineage::{DesignLineage, Follow, LineageGraph, NodeId, NodeKind, Reached};

use crate::input::Failure;
use crate::{Format, json};

/// The query options of `strata lineage`; without one, it prints the whole
/// lineage.
#[derive(Args)]
#[command(group(ArgGroup::new("query").args(["upstream", "downstream", "path"]).conflicts_with("emit_sql")))]
#[command(group(ArgGroup::new("walk").args(["upstream", "downstream"])))]
pub struct LineageQuery {
    /// Print what NODE is derived from, nearest first: for a model, the
    /// tables it reads, directly or not; for a column, the columns whose
    /// values flow into it. NODE is MODEL, MODEL.COLUMN, SYSTEM.TABLE or
    /// SYSTEM.TABLE.COLUMN.
    #[arg(long, value_name = "NODE")]
    upstream: Option<String>,
    /// Print what is derived from NODE, nearest first.
    #[arg(long, value_name = "NODE")]
    downstream: Option<String>,
    /// Print every column (or table) and edge on any path between two
    /// columns (or two tables), in whichever direction connects them.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    path: Option<Vec<String>>,
    /// With --upstream or --downstream: stop after N hops (1: direct
    /// inputs or readers only).
    #[arg(long, value_name = "N", requires = "walk")]
    hops: Option<usize>,
    /// Also follow columns that only influence others (join keys, filters,
    /// grouping, window partitions and ordering), not just values.
    #[arg(long)]
    influence: bool,
}

impl LineageQuery {
    /// Whether a query was asked for.
    pub fn is_some(&self) -> bool {
        self.upstream.is_some() || self.downstream.is_some() || self.path.is_some()
    }
}

fn follow(influence: bool) -> Follow {
    if influence {
        Follow::ValuesAndInfluence
    } else {
        Follow::Values
    }
}

fn find(graph: &LineageGraph, name: &str) -> Result<NodeId, Failure> {
    graph.find(name).map_err(|e| Failure::new(e.to_string()))
}

fn noun(graph: &LineageGraph, node: NodeId, n: usize) -> &'static str {
    match (graph.kind(node), n) {
        (Some(NodeKind::Column), 1) => "column",
        (Some(NodeKind::Column), _) => "columns",
        (_, 1) => "table",
        _ => "tables",
    }
}

fn follow_note(follow: Follow) -> &'static str {
    match follow {
        Follow::Values => "",
        Follow::ValuesAndInfluence => ", values and influence",
    }
}

/// The answer to a `strata lineage` query, as text or JSON.
pub fn lineage(
    graph: &LineageGraph,
    query: &LineageQuery,
    format: Format,
) -> Result<String, Failure> {
    let follow = follow(query.influence);
    if let Some([from, to]) = query.path.as_deref() {
        let (a, b) = (find(graph, from)?, find(graph, to)?);
        let path = graph.path(a, b, follow);
        return Ok(match format {
            Format::Json => json(&json!({
                "from": graph.label(a),
                "to": graph.label(b),
                "follow": follow,
                "nodes": path.nodes.iter().map(|&r| graph.view(r)).collect::<Vec<_>>(),
                "edges": path.edges.iter().map(|e| graph.edge_view(e)).collect::<Vec<_>>(),
            })),
            Format::Text if path.is_empty() => format!(
                "no path between {} and {}{}",
                graph.label(a),
                graph.label(b),
                match follow {
                    Follow::Values => " through values (--influence follows influence too)",
                    Follow::ValuesAndInfluence => "",
                }
            ),
            Format::Text => {
                let (up, down) = match (path.nodes.first(), path.nodes.last()) {
                    (Some(first), Some(last)) => (first.node, last.node),
                    _ => (a, b),
                };
                format!(
                    "{} {} and {} edges from {} to {}{}\n{}",
                    path.nodes.len(),
                    noun(graph, a, path.nodes.len()),
                    path.edges.len(),
                    graph.label(up),
                    graph.label(down),
                    follow_note(follow),
                    graph.path_text(&path)
                )
            }
        });
    }
    let (name, downstream) = match (&query.upstream, &query.downstream) {
        (Some(name), _) => (name, false),
        (None, Some(name)) => (name, true),
        (None, None) => return Ok(String::new()),
    };
    let node = find(graph, name)?;
    let reached: Vec<Reached> = if downstream {
        graph.downstream(node, query.hops, follow)
    } else {
        graph.upstream(node, query.hops, follow)
    };
    let direction = if downstream { "downstream" } else { "upstream" };
    Ok(match format {
        Format::Json => json(&json!({
            "node": graph.label(node),
            "kind": graph.kind(node),
            "direction": direction,
            "follow": follow,
            "hops": query.hops,
            "nodes": reached.iter().map(|&r| graph.view(r)).collect::<Vec<_>>(),
        })),
        Format::Text => {
            let within = query.hops.map_or(String::new(), |h| {
                format!(" within {h} {}", if h == 1 { "hop" } else { "hops" })
            });
            format!(
                "{} {} {direction} of {}{within}{}\n{}",
                reached.len(),
                noun(graph, node, reached.len()),
                graph.label(node),
                follow_note(follow),
                graph.reached_text(&reached)
            )
        }
    })
}

/// The answer to `strata impact`, as text or JSON.
pub fn impact(
    graph: &LineageGraph,
    name: &str,
    influence: bool,
    format: Format,
) -> Result<String, Failure> {
    let node = find(graph, name)?;
    let impact = graph.impact(node, follow(influence));
    Ok(match format {
        Format::Json => json(&impact),
        Format::Text => impact.text(),
    })
}

/// Says on standard error that failed models may make an answer
/// incomplete; whether any did.
pub fn warn_failures(lineage: &DesignLineage) -> bool {
    let failed: Vec<&str> = lineage
        .models
        .iter()
        .filter(|m| m.error.is_some())
        .map(|m| m.name.as_str())
        .collect();
    if failed.is_empty() {
        return false;
    }
    let names = match failed.len() {
        n if n > 5 => format!("{} and {} more models", failed[..5].join(", "), n - 5),
        _ => failed.join(", "),
    };
    eprintln!(
        "strata: the lineage of {names} failed (see `strata lineage`), so the answer may be incomplete"
    );
    true
}
