//! Graph queries over a design's lineage, for the workbench and the CLI.
//!
//! [`LineageGraph::build`] turns a [`DesignLineage`] (and the design, for its
//! raw tables) into a graph with two kinds of node:
//!
//! - **tables**: every model, every raw table (layer RAW), and any relation
//!   the lineage names that the design does not know (no layer);
//! - **columns**: every output column of a model, every raw column, and any
//!   other column a source names.
//!
//! Edges run downstream, from what is read to what reads it. A table edge
//! ([`EdgeKind::Reads`]) says a model reads a table. A column edge is either
//! a value edge ([`EdgeKind::Value`], carrying the reading column's
//! [`Transform`]): the upstream value flows into the column; or an influence
//! edge ([`EdgeKind::Influence`]): the upstream column decides which rows
//! exist, how they group or order, without its value flowing in. Table and
//! column edges never mix, so a query from a table walks tables and a query
//! from a column walks columns.
//!
//! Every column query takes a [`Follow`]: [`Follow::Values`] walks value
//! edges only (where does this value go, where does it come from), which is
//! what a column's lineage usually means; [`Follow::ValuesAndInfluence`]
//! walks influence edges too (what could change if this column changed,
//! including rows filtered, joined or deduplicated by it). Influence fans out
//! widely (a vault model's every column is influenced by its key and
//! change-detection columns), so it is opt-in.
//!
//! Nodes are interned as [`NodeId`]s, adjacency is stored as sorted edge
//! arrays with offsets, and queries are breadth-first walks over them: on a
//! 1,000-model design the graph builds in a few milliseconds and a query
//! answers in microseconds. A model whose lineage failed has no columns but
//! keeps its table edges; cycles and unknown ids never panic (an unknown id
//! reaches nothing).

use std::collections::HashMap;
use std::fmt::{self, Write};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

use super::{DesignLineage, Transform};
use crate::Layer;
use crate::design::Design;

/// A node of a [`LineageGraph`]: a table or a column. Ids are dense indices,
/// valid for the graph that issued them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct NodeId(u32);

impl NodeId {
    /// The dense index of the node, `0..graph.node_count()`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A model, a raw table, or a relation the design does not know.
    Table,
    /// One column of a table.
    Column,
}

/// What an edge says about its two ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Table edge: the downstream model reads the upstream table.
    Reads,
    /// Column edge: the upstream value flows into the downstream column,
    /// which is derived this way.
    Value(Transform),
    /// Column edge: the upstream column only influences the downstream one
    /// (join keys, filters, grouping, window partitions and ordering).
    Influence,
}

impl fmt::Display for EdgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EdgeKind::Reads => f.write_str("reads"),
            EdgeKind::Value(transform) => write!(f, "{transform}"),
            EdgeKind::Influence => f.write_str("influence"),
        }
    }
}

/// One edge, pointing downstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: EdgeKind,
}

/// Which column edges a query walks. Table queries walk table edges and
/// ignore this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Follow {
    /// Value edges only: where a value comes from and goes to.
    #[default]
    Values,
    /// Value and influence edges: everything a column could change.
    ValuesAndInfluence,
}

impl Follow {
    fn allows(self, kind: EdgeKind) -> bool {
        self == Follow::ValuesAndInfluence || kind != EdgeKind::Influence
    }
}

/// A node a walk reached, with its shortest distance in edges from where
/// the walk started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Reached {
    pub node: NodeId,
    pub hops: usize,
}

/// Everything on any path between two nodes (see [`LineageGraph::path`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct LineagePath {
    /// The nodes on a path, both ends included, with their distance from
    /// the upstream end; sorted by distance, then id.
    pub nodes: Vec<Reached>,
    /// The edges on a path, sorted by their upstream end's distance.
    pub edges: Vec<Edge>,
}

impl LineagePath {
    /// Whether the two nodes are unconnected.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Nodes of one layer (`None`: relations the design does not know).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerGroup<T> {
    pub layer: Option<Layer>,
    pub nodes: Vec<T>,
}

/// What a change to one table or column would touch downstream, by layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Impact {
    /// What changed: `model`, `system.table` or `model.column`.
    pub changed: String,
    pub follow: Follow,
    /// Layers in layer order (unknown relations last), only those touched.
    pub layers: Vec<LayerImpact>,
}

/// The tables of one layer a change touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerImpact {
    pub layer: Option<Layer>,
    /// Sorted by distance, then design order.
    pub tables: Vec<ImpactedTable>,
}

/// A table a change touches, with the columns of it that change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactedTable {
    #[serde(skip)]
    pub node: NodeId,
    pub name: String,
    /// The fewest models between the change and this table.
    pub hops: usize,
    /// The lineage of this model failed: which of its columns change is
    /// unknown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub failed: bool,
    /// Sorted by distance, then column order.
    pub columns: Vec<ImpactedColumn>,
}

/// A column a change touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactedColumn {
    #[serde(skip)]
    pub node: NodeId,
    pub name: String,
    pub hops: usize,
}

impl Impact {
    /// How many tables the change touches.
    pub fn table_count(&self) -> usize {
        self.layers.iter().map(|l| l.tables.len()).sum()
    }

    /// How many columns the change touches.
    pub fn column_count(&self) -> usize {
        self.layers
            .iter()
            .flat_map(|l| &l.tables)
            .map(|t| t.columns.len())
            .sum()
    }

    /// A header line, then per layer its tables with their distance and
    /// changed columns (a column's own distance in parentheses when it
    /// differs from its table's).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let (tables, columns) = (self.table_count(), self.column_count());
        let _ = writeln!(
            out,
            "{} affects {tables} {} and {columns} {}{}",
            self.changed,
            plural(tables, "table", "tables"),
            plural(columns, "column", "columns"),
            match self.follow {
                Follow::Values => "",
                Follow::ValuesAndInfluence => " (values and influence)",
            }
        );
        for layer in &self.layers {
            let _ = writeln!(out, "{}", layer_code(layer.layer));
            for table in &layer.tables {
                let _ = write!(
                    out,
                    "  {} ({} {})",
                    table.name,
                    table.hops,
                    plural(table.hops, "hop", "hops")
                );
                if table.failed {
                    out.push_str(" [lineage failed]");
                }
                let columns: Vec<String> = table
                    .columns
                    .iter()
                    .map(|c| {
                        if c.hops == table.hops {
                            c.name.clone()
                        } else {
                            format!("{} ({})", c.name, c.hops)
                        }
                    })
                    .collect();
                if !columns.is_empty() {
                    let _ = write!(out, ": {}", columns.join(", "));
                }
                out.push('\n');
            }
        }
        out
    }
}

fn plural<'s>(n: usize, one: &'s str, many: &'s str) -> &'s str {
    if n == 1 { one } else { many }
}

fn layer_code(layer: Option<Layer>) -> &'static str {
    layer.map_or("unknown", Layer::code)
}

/// Sort key that puts layers in layer order and unknown relations last.
fn layer_key(layer: Option<Layer>) -> (bool, Option<Layer>) {
    (layer.is_none(), layer)
}

/// A node as the workbench or a JSON report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeView {
    #[serde(skip)]
    pub node: NodeId,
    pub kind: NodeKind,
    /// The table, or the column's table.
    pub table: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    pub layer: Option<Layer>,
    /// How a model's column is derived (none for raw and unknown columns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
    pub hops: usize,
}

/// An edge as the workbench or a JSON report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdgeView {
    /// `table` or `table.column`.
    pub from: String,
    pub to: String,
    /// `reads`, `value` or `influence`.
    pub kind: &'static str,
    /// How a value edge's downstream column is derived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transform: Option<Transform>,
}

/// Why [`LineageGraph::find`] found nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindError {
    /// No table of this name, and no table before its last dot.
    Unknown(String),
    /// The table exists but has no such column; its columns follow.
    NoColumn {
        table: String,
        column: String,
        columns: Vec<String>,
    },
}

impl fmt::Display for FindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindError::Unknown(name) => write!(
                f,
                "`{name}` names no model, raw table or column of the design (write MODEL, SYSTEM.TABLE, MODEL.COLUMN or SYSTEM.TABLE.COLUMN)"
            ),
            FindError::NoColumn {
                table,
                column,
                columns,
            } if columns.is_empty() => {
                write!(
                    f,
                    "`{table}` has no column `{column}` (its columns are unknown)"
                )
            }
            FindError::NoColumn {
                table,
                column,
                columns,
            } => write!(
                f,
                "`{table}` has no column `{column}`; its columns are {}",
                columns.join(", ")
            ),
        }
    }
}

impl std::error::Error for FindError {}

#[derive(Debug, Clone)]
struct NodeData {
    /// The table's name, or the column's name (without its table).
    name: Box<str>,
    kind: NodeKind,
    /// The node's table: itself for a table.
    table: u32,
    /// The table's layer (a column's is its table's).
    layer: Option<Layer>,
    /// How a model's column is derived.
    transform: Option<Transform>,
    /// A model whose lineage failed.
    failed: bool,
}

/// The lineage of a design as a graph of tables and columns. See the
/// module documentation.
#[derive(Debug, Clone, Default)]
pub struct LineageGraph {
    nodes: Vec<NodeData>,
    /// Sorted by (from, to, kind): node `i`'s outgoing edges are
    /// `edges[out_start[i]..out_start[i + 1]]`.
    edges: Vec<Edge>,
    out_start: Vec<u32>,
    /// Indices into `edges`, sorted by (to, from): node `i`'s incoming edges
    /// are `in_edges[in_start[i]..in_start[i + 1]]`.
    in_edges: Vec<u32>,
    in_start: Vec<u32>,
    /// Node ids of each table's columns, in column order, at
    /// `members[member_start[t]..member_start[t + 1]]` (empty for columns).
    members: Vec<NodeId>,
    member_start: Vec<u32>,
    /// Table name → node.
    tables: FastMap<String, u32>,
}

/// A fast, non-cryptographic hash (FxHash's mixing) for the build's many
/// short-name lookups; names come from the design, and a collision only
/// costs time.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut word = [0u8; 8];
        let rest = chunks.remainder();
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

fn id(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Offsets of a CSR index: `start[k]..start[k + 1]` holds the items whose
/// key is `k`, given the keys of items already sorted by key. Keys of `n`
/// or more are left out.
fn offsets(n: usize, keys: impl Iterator<Item = usize>) -> Vec<u32> {
    let mut start = vec![0u32; n + 1];
    for k in keys.filter(|&k| k < n) {
        if let Some(s) = start.get_mut(k + 1) {
            *s += 1;
        }
    }
    let mut sum = 0;
    for s in &mut start {
        sum += *s;
        *s = sum;
    }
    start
}

/// Item indices grouped by key (a counting sort, stable: within a key, in
/// index order), with the offsets of each key's group. Keys of `n` or more
/// are left out.
fn bucket(n: usize, keys: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let start = offsets(n, keys.iter().map(|&k| k as usize));
    let mut next = start.clone();
    let mut order = vec![0u32; start.last().map_or(0, |&s| s as usize)];
    for (i, &k) in keys.iter().enumerate() {
        if (k as usize) < n
            && let Some(slot) = next.get_mut(k as usize)
        {
            if let Some(o) = order.get_mut(*slot as usize) {
                *o = id(i);
            }
            *slot += 1;
        }
    }
    (order, start)
}

/// Interns nodes while the graph is built; column lookups borrow names
/// from the inputs.
struct Builder<'a> {
    nodes: Vec<NodeData>,
    tables: FastMap<String, u32>,
    columns: FastMap<(u32, &'a str), u32>,
    edges: Vec<Edge>,
    /// The relation of the last source: sources come sorted, so runs share
    /// a relation.
    last: Option<(&'a str, u32)>,
}

impl<'a> Builder<'a> {
    fn table(&mut self, name: &str, layer: Option<Layer>, failed: bool) -> u32 {
        if let Some(&t) = self.tables.get(name) {
            return t;
        }
        let t = id(self.nodes.len());
        self.nodes.push(NodeData {
            name: name.into(),
            kind: NodeKind::Table,
            table: t,
            layer,
            transform: None,
            failed,
        });
        self.tables.insert(name.to_owned(), t);
        t
    }

    fn column(&mut self, table: u32, name: &'a str, transform: Option<Transform>) -> u32 {
        if let Some(&c) = self.columns.get(&(table, name)) {
            return c;
        }
        let c = id(self.nodes.len());
        let layer = self.nodes.get(table as usize).and_then(|t| t.layer);
        self.nodes.push(NodeData {
            name: name.into(),
            kind: NodeKind::Column,
            table,
            layer,
            transform,
            failed: false,
        });
        self.columns.insert((table, name), c);
        c
    }

    /// The column a source names, interning its table and the column when
    /// the design does not know them.
    fn source(&mut self, relation: &'a str, column: &'a str) -> u32 {
        let t = match self.last {
            Some((last, t)) if last == relation => t,
            _ => {
                let t = self.table(relation, None, false);
                self.last = Some((relation, t));
                t
            }
        };
        self.column(t, column, None)
    }

    fn edge(&mut self, from: u32, to: u32, kind: EdgeKind) {
        self.edges.push(Edge {
            from: NodeId(from),
            to: NodeId(to),
            kind,
        });
    }
}

impl LineageGraph {
    /// The graph of `lineage`, which was computed for `design`. Raw tables
    /// come first (in document order, with all their columns), then models
    /// in the lineage's order with their output columns, then whatever
    /// else the lineage names. A model named twice is one node: the first.
    pub fn build(design: &Design, lineage: &DesignLineage) -> LineageGraph {
        let raw_columns: usize = design.raw_tables().map(|(_, t)| t.columns.len()).sum();
        let model_columns: usize = lineage.models.iter().map(|m| m.columns.len()).sum();
        let columns = raw_columns + model_columns;
        let tables =
            lineage.models.len() + design.sources.iter().map(|s| s.tables.len()).sum::<usize>();
        let mut b = Builder {
            nodes: Vec::with_capacity(tables + columns),
            tables: FastMap::with_capacity_and_hasher(tables, Default::default()),
            columns: FastMap::with_capacity_and_hasher(columns, Default::default()),
            edges: Vec::with_capacity(2 * columns),
            last: None,
        };
        let mut raw_names = Vec::new();
        for (source, table) in design.raw_tables() {
            raw_names.push(format!("{}.{}", source.system, table.name));
        }
        for ((_, table), name) in design.raw_tables().zip(&raw_names) {
            let t = b.table(name, Some(Layer::Raw), false);
            for column in &table.columns {
                b.column(t, &column.name, None);
            }
        }
        // First the model tables, so references resolve to them.
        let mut first = Vec::with_capacity(lineage.models.len());
        for model in &lineage.models {
            let fresh = !b.tables.contains_key(model.name.as_str());
            let t = b.table(&model.name, Some(model.layer), model.error.is_some());
            first.push(fresh.then_some(t));
        }
        for (model, &t) in lineage.models.iter().zip(&first) {
            if let Some(t) = t {
                for column in &model.columns {
                    b.column(t, &column.name, Some(column.transform));
                }
            }
        }
        for (model, &t) in lineage.models.iter().zip(&first) {
            let Some(t) = t else { continue };
            for upstream in &model.upstream {
                let u = b.table(upstream, None, false);
                b.edge(u, t, EdgeKind::Reads);
            }
            for column in &model.columns {
                let c = b.column(t, &column.name, Some(column.transform));
                for source in &column.sources {
                    let s = b.source(&source.relation, &source.column);
                    b.edge(s, c, EdgeKind::Value(column.transform));
                }
                for source in &column.influenced_by {
                    let s = b.source(&source.relation, &source.column);
                    b.edge(s, c, EdgeKind::Influence);
                }
            }
        }
        let Builder {
            nodes,
            tables,
            edges,
            ..
        } = b;
        let n = nodes.len();
        // Edges by upstream end (a counting sort), then each node's sorted,
        // so the whole is sorted and repeats are neighbours.
        let froms: Vec<u32> = edges.iter().map(|e| e.from.0).collect();
        let (order, start) = bucket(n, &froms);
        let mut edges: Vec<Edge> = order
            .iter()
            .filter_map(|&e| edges.get(e as usize).copied())
            .collect();
        for w in start.windows(2) {
            if let Some(group) = edges.get_mut(w[0] as usize..w[1] as usize) {
                group.sort_unstable();
            }
        }
        edges.dedup();
        let out_start = offsets(n, edges.iter().map(|e| e.from.index()));
        // Incoming: edge indices by downstream end, each group by upstream
        // end (the stable sort keeps the outgoing order).
        let tos: Vec<u32> = edges.iter().map(|e| e.to.0).collect();
        let (in_edges, in_start) = bucket(n, &tos);
        // Columns by table, in id order (their order of appearance).
        let owners: Vec<u32> = nodes
            .iter()
            .map(|d| match d.kind {
                NodeKind::Column => d.table,
                NodeKind::Table => u32::MAX,
            })
            .collect();
        let (members, member_start) = bucket(n, &owners);
        let members: Vec<NodeId> = members.into_iter().map(NodeId).collect();
        LineageGraph {
            nodes,
            edges,
            out_start,
            in_edges,
            in_start,
            members,
            member_start,
            tables,
        }
    }

    /// How many nodes (tables and columns).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Every edge, sorted by upstream end.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Every table, in id order (raw tables, models, unknown relations).
    pub fn tables(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::Table)
            .map(|(i, _)| NodeId(id(i)))
    }

    /// The table named `name` (a model, or a raw table as `system.table`).
    pub fn table(&self, name: &str) -> Option<NodeId> {
        self.tables.get(name).map(|&t| NodeId(t))
    }

    /// The column `column` of `table`.
    pub fn column(&self, table: NodeId, column: &str) -> Option<NodeId> {
        self.columns_of(table)
            .iter()
            .copied()
            .find(|&c| self.name(c) == column)
    }

    /// The node that `text` names: a table (`model`, `system.table`), or a
    /// column of one (`model.column`, `system.table.column`). A whole name
    /// that is a table wins over a column reading of it.
    pub fn find(&self, text: &str) -> Result<NodeId, FindError> {
        if let Some(t) = self.table(text) {
            return Ok(t);
        }
        let Some((table, column)) = text.rsplit_once('.') else {
            return Err(FindError::Unknown(text.to_owned()));
        };
        let Some(t) = self.table(table) else {
            return Err(FindError::Unknown(text.to_owned()));
        };
        self.column(t, column).ok_or_else(|| FindError::NoColumn {
            table: table.to_owned(),
            column: column.to_owned(),
            columns: self
                .columns_of(t)
                .iter()
                .map(|&c| self.name(c).to_owned())
                .collect(),
        })
    }

    fn data(&self, node: NodeId) -> Option<&NodeData> {
        self.nodes.get(node.index())
    }

    /// Whether `node` is a table or a column (`None`: not of this graph).
    pub fn kind(&self, node: NodeId) -> Option<NodeKind> {
        self.data(node).map(|n| n.kind)
    }

    /// A table's name, or a column's name without its table.
    pub fn name(&self, node: NodeId) -> &str {
        self.data(node).map_or("", |n| &n.name)
    }

    /// The table a column belongs to; a table itself.
    pub fn table_of(&self, node: NodeId) -> NodeId {
        self.data(node).map_or(node, |n| NodeId(n.table))
    }

    /// The layer of a table, or of a column's table; `None` for relations
    /// the design does not know.
    pub fn layer(&self, node: NodeId) -> Option<Layer> {
        self.data(node).and_then(|n| n.layer)
    }

    /// How a model's column is derived; `None` for raw and unknown columns
    /// and for tables.
    pub fn transform(&self, node: NodeId) -> Option<Transform> {
        self.data(node).and_then(|n| n.transform)
    }

    /// Whether `node` is a model whose lineage failed (it has no columns).
    pub fn failed(&self, node: NodeId) -> bool {
        self.data(node).is_some_and(|n| n.failed)
    }

    /// `table` or `table.column`.
    pub fn label(&self, node: NodeId) -> String {
        match self.data(node) {
            Some(n) if n.kind == NodeKind::Column => {
                format!("{}.{}", self.name(NodeId(n.table)), n.name)
            }
            Some(n) => n.name.to_string(),
            None => String::new(),
        }
    }

    /// A table's columns, in order.
    pub fn columns_of(&self, table: NodeId) -> &[NodeId] {
        let i = table.index();
        match (self.member_start.get(i), self.member_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.members.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The edges leaving `node` (towards its readers).
    pub fn outgoing(&self, node: NodeId) -> &[Edge] {
        let i = node.index();
        match (self.out_start.get(i), self.out_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.edges.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The edges arriving at `node` (from what it reads).
    pub fn incoming(&self, node: NodeId) -> impl Iterator<Item = &Edge> + '_ {
        let i = node.index();
        let ids = match (self.in_start.get(i), self.in_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.in_edges.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        };
        ids.iter().filter_map(|&e| self.edges.get(e as usize))
    }

    /// Breadth-first distances from `starts` (distance 0), walking
    /// downstream or upstream along edges `follow` allows, at most `hops`
    /// edges deep. `u32::MAX` marks nodes not reached.
    fn distances(
        &self,
        starts: &[NodeId],
        downstream: bool,
        hops: Option<usize>,
        follow: Follow,
    ) -> (Vec<u32>, Vec<u32>) {
        let limit = hops.map_or(u32::MAX, id);
        let mut dist = vec![u32::MAX; self.nodes.len()];
        let mut order: Vec<u32> = Vec::new();
        for s in starts {
            if let Some(d) = dist.get_mut(s.index())
                && *d == u32::MAX
            {
                *d = 0;
                order.push(s.0);
            }
        }
        let mut head = 0;
        while let Some(&u) = order.get(head) {
            head += 1;
            let du = dist[u as usize];
            if du >= limit {
                continue;
            }
            let mut visit = |v: NodeId, kind: EdgeKind| {
                if follow.allows(kind)
                    && let Some(d) = dist.get_mut(v.index())
                    && *d == u32::MAX
                {
                    *d = du + 1;
                    order.push(v.0);
                }
            };
            if downstream {
                for e in self.outgoing(NodeId(u)) {
                    visit(e.to, e.kind);
                }
            } else {
                for e in self.incoming(NodeId(u)) {
                    visit(e.from, e.kind);
                }
            }
        }
        (dist, order)
    }

    /// The nodes a walk from `starts` reached (starts excluded), sorted by
    /// distance, then id.
    fn walk(
        &self,
        starts: &[NodeId],
        downstream: bool,
        hops: Option<usize>,
        follow: Follow,
    ) -> Vec<Reached> {
        let (dist, order) = self.distances(starts, downstream, hops, follow);
        let mut reached: Vec<Reached> = order
            .into_iter()
            .filter(|&v| dist[v as usize] > 0)
            .map(|v| Reached {
                node: NodeId(v),
                hops: dist[v as usize] as usize,
            })
            .collect();
        reached.sort_unstable_by_key(|r| (r.hops, r.node));
        reached
    }

    /// What `node` comes from: for a table, the tables it reads and their
    /// inputs; for a column, the columns it is derived from (and, with
    /// [`Follow::ValuesAndInfluence`], influenced by). `hops` limits the
    /// depth (`Some(1)`: direct inputs only); `None` walks to the raw
    /// tables. The node itself is not included.
    pub fn upstream(&self, node: NodeId, hops: Option<usize>, follow: Follow) -> Vec<Reached> {
        self.walk(&[node], false, hops, follow)
    }

    /// What reads `node`, directly or not: the mirror of
    /// [`LineageGraph::upstream`].
    pub fn downstream(&self, node: NodeId, hops: Option<usize>, follow: Follow) -> Vec<Reached> {
        self.walk(&[node], true, hops, follow)
    }

    /// Every node and edge on any path between `a` and `b`, in whichever
    /// direction connects them (the upstream one first: distances count
    /// from it). Empty when they are unconnected, or one is a table and
    /// the other a column; just the node when `a == b`.
    pub fn path(&self, a: NodeId, b: NodeId, follow: Follow) -> LineagePath {
        if a.index() >= self.nodes.len() || b.index() >= self.nodes.len() {
            return LineagePath::default();
        }
        let one_way = |from: NodeId, to: NodeId| {
            let (down, _) = self.distances(&[from], true, None, follow);
            if down[to.index()] == u32::MAX {
                return None;
            }
            let (up, _) = self.distances(&[to], false, None, follow);
            let on = |v: NodeId| down[v.index()] != u32::MAX && up[v.index()] != u32::MAX;
            let mut nodes: Vec<Reached> = (0..self.nodes.len())
                .map(|i| NodeId(id(i)))
                .filter(|&v| on(v))
                .map(|v| Reached {
                    node: v,
                    hops: down[v.index()] as usize,
                })
                .collect();
            nodes.sort_unstable_by_key(|r| (r.hops, r.node));
            let mut edges: Vec<Edge> = nodes
                .iter()
                .flat_map(|r| self.outgoing(r.node))
                .filter(|e| follow.allows(e.kind) && on(e.to))
                .copied()
                .collect();
            edges.sort_by_key(|e| (down[e.from.index()], e.from, e.to));
            Some(LineagePath { nodes, edges })
        };
        one_way(a, b).or_else(|| one_way(b, a)).unwrap_or_default()
    }

    /// What a change to `node` touches downstream, by layer. For a column:
    /// every column derived from it (and influenced by it, with
    /// [`Follow::ValuesAndInfluence`]) and their tables. For a table: every
    /// table reading it, directly or not, and every column downstream of
    /// any of its columns.
    pub fn impact(&self, node: NodeId, follow: Follow) -> Impact {
        let mut tables: HashMap<NodeId, (usize, Vec<ImpactedColumn>)> = HashMap::new();
        let column_starts: &[NodeId] = match self.kind(node) {
            Some(NodeKind::Table) => {
                for r in self.downstream(node, None, follow) {
                    tables.insert(r.node, (r.hops, Vec::new()));
                }
                self.columns_of(node)
            }
            Some(NodeKind::Column) => std::slice::from_ref(&node),
            None => &[],
        };
        for r in self.walk(column_starts, true, None, follow) {
            let entry = tables
                .entry(self.table_of(r.node))
                .or_insert((r.hops, Vec::new()));
            entry.0 = entry.0.min(r.hops);
            entry.1.push(ImpactedColumn {
                node: r.node,
                name: self.name(r.node).to_owned(),
                hops: r.hops,
            });
        }
        let mut impacted: Vec<ImpactedTable> = tables
            .into_iter()
            .map(|(t, (hops, mut columns))| {
                columns.sort_by_key(|c| (c.hops, c.node));
                ImpactedTable {
                    node: t,
                    name: self.name(t).to_owned(),
                    hops,
                    failed: self.failed(t),
                    columns,
                }
            })
            .collect();
        impacted.sort_by_key(|t| (layer_key(self.layer(t.node)), t.hops, t.node));
        let mut layers: Vec<LayerImpact> = Vec::new();
        for table in impacted {
            let layer = self.layer(table.node);
            match layers.last_mut() {
                Some(last) if last.layer == layer => last.tables.push(table),
                _ => layers.push(LayerImpact {
                    layer,
                    tables: vec![table],
                }),
            }
        }
        Impact {
            changed: self.label(node),
            follow,
            layers,
        }
    }

    /// Every table, grouped by layer (layer order, unknown relations last),
    /// in id order within a layer.
    pub fn by_layer(&self) -> Vec<LayerGroup<NodeId>> {
        let all: Vec<Reached> = self
            .tables()
            .map(|node| Reached { node, hops: 0 })
            .collect();
        self.group_by_layer(&all)
            .into_iter()
            .map(|g| LayerGroup {
                layer: g.layer,
                nodes: g.nodes.into_iter().map(|r| r.node).collect(),
            })
            .collect()
    }

    /// Reached nodes grouped by their (table's) layer, in layer order
    /// (unknown relations last); each group keeps the input's order.
    pub fn group_by_layer(&self, nodes: &[Reached]) -> Vec<LayerGroup<Reached>> {
        let mut sorted: Vec<Reached> = nodes.to_vec();
        sorted.sort_by_key(|r| layer_key(self.layer(r.node)));
        let mut groups: Vec<LayerGroup<Reached>> = Vec::new();
        for r in sorted {
            let layer = self.layer(r.node);
            match groups.last_mut() {
                Some(last) if last.layer == layer => last.nodes.push(r),
                _ => groups.push(LayerGroup {
                    layer,
                    nodes: vec![r],
                }),
            }
        }
        groups
    }

    /// A reached node for display.
    pub fn view(&self, reached: Reached) -> NodeView {
        let node = reached.node;
        let kind = self.kind(node).unwrap_or(NodeKind::Table);
        NodeView {
            node,
            kind,
            table: self.name(self.table_of(node)).to_owned(),
            column: (kind == NodeKind::Column).then(|| self.name(node).to_owned()),
            layer: self.layer(node),
            transform: self.transform(node),
            hops: reached.hops,
        }
    }

    /// An edge for display, its ends as labels.
    pub fn edge_view(&self, edge: &Edge) -> EdgeView {
        let (kind, transform) = match edge.kind {
            EdgeKind::Reads => ("reads", None),
            EdgeKind::Value(transform) => ("value", Some(transform)),
            EdgeKind::Influence => ("influence", None),
        };
        EdgeView {
            from: self.label(edge.from),
            to: self.label(edge.to),
            kind,
            transform,
        }
    }

    /// One line per reached node: distance, layer, label, and how a
    /// model's column is derived.
    pub fn reached_text(&self, reached: &[Reached]) -> String {
        let mut out = String::new();
        for r in reached {
            let _ = write!(
                out,
                "{:>2}  {:<7}  {}",
                r.hops,
                layer_code(self.layer(r.node)),
                self.label(r.node)
            );
            if let Some(transform) = self.transform(r.node) {
                let _ = write!(out, " = {transform}");
            }
            if self.failed(r.node) {
                out.push_str(" [lineage failed]");
            }
            out.push('\n');
        }
        out
    }

    /// One line per edge of a path: `from -> to (kind)`.
    pub fn path_text(&self, path: &LineagePath) -> String {
        let mut out = String::new();
        for e in &path.edges {
            let _ = writeln!(
                out,
                "{} -> {} ({})",
                self.label(e.from),
                self.label(e.to),
                e.kind
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::{ColumnLineage, ColumnRef, ModelLineage};

    fn col(name: &str, sources: &[(&str, &str)], by: &[(&str, &str)]) -> ColumnLineage {
        let refs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(r, c)| ColumnRef {
                    relation: (*r).to_owned(),
                    column: (*c).to_owned(),
                })
                .collect()
        };
        ColumnLineage {
            name: name.to_owned(),
            sources: refs(sources),
            transform: if sources.is_empty() {
                Transform::Constant
            } else {
                Transform::Direct
            },
            influenced_by: refs(by),
        }
    }

    fn model(
        name: &str,
        layer: Layer,
        upstream: &[&str],
        columns: Vec<ColumnLineage>,
    ) -> ModelLineage {
        ModelLineage {
            name: name.to_owned(),
            layer,
            upstream: upstream.iter().map(|s| (*s).to_owned()).collect(),
            columns,
            error: None,
        }
    }

    /// a → b → c, and a diamond a → d → c, with an unknown relation.
    fn diamond() -> LineageGraph {
        let lineage = DesignLineage {
            models: vec![
                model(
                    "a",
                    Layer::Src,
                    &["x.t"],
                    vec![col("k", &[("x.t", "k")], &[])],
                ),
                model("b", Layer::Vin, &["a"], vec![col("k", &[("a", "k")], &[])]),
                model("d", Layer::Vlt, &["a"], vec![col("k", &[("a", "k")], &[])]),
                model(
                    "c",
                    Layer::Ana,
                    &["b", "d"],
                    vec![
                        col("k", &[("b", "k")], &[("d", "k")]),
                        col("k2", &[("d", "k")], &[]),
                    ],
                ),
            ],
        };
        LineageGraph::build(&Design::default(), &lineage)
    }

    fn labels(g: &LineageGraph, reached: &[Reached]) -> Vec<String> {
        reached
            .iter()
            .map(|r| format!("{}@{}", g.label(r.node), r.hops))
            .collect()
    }

    #[test]
    fn walks_both_ways_with_hop_limits() {
        let g = diamond();
        let ak = g.find("a.k").unwrap();
        assert_eq!(
            labels(&g, &g.downstream(ak, None, Follow::Values)),
            ["b.k@1", "d.k@1", "c.k@2", "c.k2@2"]
        );
        assert_eq!(
            labels(&g, &g.downstream(ak, Some(1), Follow::Values)),
            ["b.k@1", "d.k@1"]
        );
        assert!(g.downstream(ak, Some(0), Follow::Values).is_empty());
        let ck = g.find("c.k").unwrap();
        assert_eq!(
            labels(&g, &g.upstream(ck, None, Follow::Values)),
            ["b.k@1", "a.k@2", "x.t.k@3"]
        );
        assert_eq!(
            labels(&g, &g.upstream(ck, None, Follow::ValuesAndInfluence)),
            ["b.k@1", "d.k@1", "a.k@2", "x.t.k@3"]
        );
        let c = g.find("c").unwrap();
        assert_eq!(
            labels(&g, &g.upstream(c, None, Follow::Values)),
            ["b@1", "d@1", "a@2", "x.t@3"]
        );
        // The unknown relation has no layer and sorts last.
        let layers: Vec<Option<Layer>> = g.by_layer().iter().map(|l| l.layer).collect();
        assert_eq!(
            layers,
            [
                Some(Layer::Src),
                Some(Layer::Vin),
                Some(Layer::Vlt),
                Some(Layer::Ana),
                None
            ]
        );
    }

    #[test]
    fn path_covers_every_route_and_either_direction() {
        let g = diamond();
        let (ak, ck) = (g.find("a.k").unwrap(), g.find("c.k").unwrap());
        let values = g.path(ck, ak, Follow::Values);
        assert_eq!(labels(&g, &values.nodes), ["a.k@0", "b.k@1", "c.k@2"]);
        assert_eq!(
            g.path_text(&values),
            "a.k -> b.k (direct)\nb.k -> c.k (direct)\n"
        );
        let all = g.path(ak, ck, Follow::ValuesAndInfluence);
        assert_eq!(labels(&g, &all.nodes), ["a.k@0", "b.k@1", "d.k@1", "c.k@2"]);
        assert_eq!(all.edges.len(), 4);
        // Siblings are unconnected; a table and a column never connect.
        assert!(
            g.path(
                g.find("b.k").unwrap(),
                g.find("d.k").unwrap(),
                Follow::ValuesAndInfluence
            )
            .is_empty()
        );
        assert!(g.path(g.find("a").unwrap(), ck, Follow::Values).is_empty());
        assert_eq!(labels(&g, &g.path(ak, ak, Follow::Values).nodes), ["a.k@0"]);
    }

    #[test]
    fn adjacency_is_sorted_without_repeats() {
        // A model naming one output column twice repeats its edges.
        let lineage = DesignLineage {
            models: vec![
                model(
                    "a",
                    Layer::Src,
                    &["x.t"],
                    vec![col("k", &[("x.t", "k")], &[])],
                ),
                model(
                    "b",
                    Layer::Vin,
                    &["a", "a"],
                    vec![col("k", &[("a", "k")], &[]), col("k", &[("a", "k")], &[])],
                ),
            ],
        };
        let g = LineageGraph::build(&Design::default(), &lineage);
        let mut sorted = g.edges().to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(g.edges(), sorted.as_slice());
        assert_eq!(g.edges().len(), 4, "{:?}", g.edges());
        for i in 0..g.node_count() {
            let node = NodeId(id(i));
            assert!(g.outgoing(node).iter().all(|e| e.from == node));
            assert!(g.incoming(node).all(|e| e.to == node));
        }
        let incoming: usize = (0..g.node_count())
            .map(|i| g.incoming(NodeId(id(i))).count())
            .sum();
        assert_eq!(incoming, g.edges().len());
        let b = g.find("b").unwrap();
        assert_eq!(g.columns_of(b).len(), 1);
    }

    #[test]
    fn unknown_ids_and_names_reach_nothing() {
        let g = diamond();
        let bogus = NodeId(9_999);
        assert!(g.downstream(bogus, None, Follow::Values).is_empty());
        assert!(g.upstream(bogus, None, Follow::Values).is_empty());
        assert!(g.path(bogus, bogus, Follow::Values).is_empty());
        assert_eq!(g.impact(bogus, Follow::Values).table_count(), 0);
        assert_eq!(g.label(bogus), "");
        assert_eq!(
            g.find("nope").unwrap_err().to_string(),
            "`nope` names no model, raw table or column of the design (write MODEL, SYSTEM.TABLE, MODEL.COLUMN or SYSTEM.TABLE.COLUMN)"
        );
        assert_eq!(
            g.find("c.zz").unwrap_err().to_string(),
            "`c` has no column `zz`; its columns are k, k2"
        );
        assert_eq!(g.label(g.find("x.t.k").unwrap()), "x.t.k");
        let empty = LineageGraph::build(&Design::default(), &DesignLineage { models: Vec::new() });
        assert_eq!(empty.node_count(), 0);
        assert!(empty.by_layer().is_empty());
    }
}
