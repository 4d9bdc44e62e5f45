//! The lineage picture: where every table (model or raw table) and each of
//! its columns sits, and the path of every edge, laid out by layer (lanes
//! left to right, crossing-reduced order within lanes). The workbench draws
//! it and exports it; [`svg`] writes it as a standalone SVG file.
//!
//! Tables are boxes in their layer's lane; a table whose columns are shown
//! lists them one per row, and column edges run from a source column's row
//! to the column it feeds, styled by how the value is derived.

use std::collections::HashMap;
use std::fmt::Write;

use crate::Layer;
use crate::layout;
use crate::lineage::{DesignLineage, Transform};

/// Geometry, in picture units.
pub const TABLE_WIDTH: f64 = 264.0;
pub const HEADER_HEIGHT: f64 = 30.0;
pub const ROW_HEIGHT: f64 = 20.0;
pub const TABLE_GAP: f64 = 18.0;
pub const LANE_WIDTH: f64 = 300.0;
pub const TOP: f64 = 44.0;

/// What to draw.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Tables whose columns are listed; the others are drawn as a header
    /// only and their column edges meet at the header.
    pub expanded: Vec<String>,
    /// Layers drawn as a narrow strip without their tables; edges through
    /// them are drawn straight across.
    pub collapsed: Vec<Layer>,
    /// Draw influence edges (join keys, filters) as well as value edges.
    pub influences: bool,
}

/// A table in the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct TableBox {
    pub name: String,
    pub layer: Layer,
    pub x: f64,
    pub y: f64,
    pub height: f64,
    /// Listed columns with the y of their row's middle; empty when the
    /// table is not expanded.
    pub columns: Vec<(String, f64)>,
    /// How many columns the table has (known from lineage).
    pub column_count: usize,
    /// The model's lineage failed: its columns are unknown.
    pub failed: bool,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeStyle {
    /// Table reads table.
    Table,
    /// A column's value flows from another (with the transform kind).
    Value(Transform),
    /// A column decides which rows exist or their order.
    Influence,
}

impl EdgeStyle {
    /// A CSS class name for the style.
    pub fn class(self) -> &'static str {
        match self {
            EdgeStyle::Table => "table",
            EdgeStyle::Value(Transform::Direct) => "direct",
            EdgeStyle::Value(Transform::Expression) => "expression",
            EdgeStyle::Value(Transform::Aggregate) => "aggregate",
            EdgeStyle::Value(Transform::Window) => "window",
            EdgeStyle::Value(Transform::Constant) => "constant",
            EdgeStyle::Influence => "influence",
        }
    }
}

/// An edge: from a table (and column) to a table (and column).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeLine {
    pub from: (String, Option<String>),
    pub to: (String, Option<String>),
    pub style: EdgeStyle,
    /// SVG path data.
    pub path: String,
}

/// The laid-out picture.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    pub tables: Vec<TableBox>,
    pub edges: Vec<EdgeLine>,
    /// The left edge and width of each layer's lane, in layer order.
    pub lanes: Vec<(Layer, f64, f64)>,
    pub width: f64,
    pub height: f64,
}

impl Diagram {
    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&TableBox> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// Lays out the lineage of a design: every raw table and model that
/// lineage knows, in its lane.
pub fn layout(
    lineage: &DesignLineage,
    raw_tables: &[(String, Vec<String>)],
    options: &Options,
) -> Diagram {
    // Nodes: raw tables first, then models, as lineage lists them.
    let mut names: Vec<&str> = Vec::new();
    let mut layers: Vec<Layer> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut failed: Vec<bool> = Vec::new();
    let mut columns: Vec<Vec<&str>> = Vec::new();
    for (name, cols) in raw_tables {
        names.push(name);
        layers.push(Layer::Raw);
        counts.push(cols.len());
        failed.push(false);
        columns.push(cols.iter().map(String::as_str).collect());
    }
    for m in &lineage.models {
        names.push(&m.name);
        layers.push(m.layer);
        counts.push(m.columns.len());
        failed.push(m.error.is_some());
        columns.push(m.columns.iter().map(|c| c.name.as_str()).collect());
    }
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let collapsed = |layer: Layer| options.collapsed.contains(&layer);

    // Table edges, for ordering and for drawing.
    let mut table_edges: Vec<(usize, usize)> = Vec::new();
    for m in &lineage.models {
        let Some(&to) = index.get(m.name.as_str()) else {
            continue;
        };
        for up in &m.upstream {
            if let Some(&from) = index.get(up.as_str()) {
                table_edges.push((from, to));
            }
        }
    }
    let lane_of: Vec<usize> = layers.iter().map(|l| usize::from(l.order())).collect();
    let order = layout::order(&lane_of, Layer::ALL.len(), &table_edges);

    // Lanes: collapsed ones are a narrow strip.
    let mut lanes = Vec::new();
    let mut x = 0.0;
    for layer in Layer::ALL {
        let width = if collapsed(layer) { 44.0 } else { LANE_WIDTH };
        lanes.push((layer, x, width));
        x += width + 12.0;
    }
    let width = x;

    let mut boxes: Vec<Option<TableBox>> = vec![None; names.len()];
    let mut height = TOP;
    for (lane, nodes) in order.lanes.iter().enumerate() {
        let Some(&(layer, lane_x, _)) = lanes.get(lane) else {
            continue;
        };
        if collapsed(layer) {
            continue;
        }
        let mut y = TOP;
        for &node in nodes {
            let expanded = options.expanded.iter().any(|e| e == names[node]);
            let rows: Vec<(String, f64)> = if expanded {
                columns[node]
                    .iter()
                    .enumerate()
                    .map(|(r, c)| {
                        (
                            (*c).to_owned(),
                            y + HEADER_HEIGHT + ROW_HEIGHT * (r as f64 + 0.5),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let h = HEADER_HEIGHT + ROW_HEIGHT * rows.len() as f64;
            boxes[node] = Some(TableBox {
                name: names[node].to_owned(),
                layer,
                x: lane_x + (LANE_WIDTH - TABLE_WIDTH) / 2.0,
                y,
                height: h,
                columns: rows,
                column_count: counts[node],
                failed: failed[node],
            });
            y += h + TABLE_GAP;
        }
        height = f64::max(height, y);
    }

    // Where an edge starts or ends: a column's row when listed, else the
    // table's header; a collapsed lane's strip at the table's rank.
    let lane_strip = |layer: Layer| {
        lanes
            .iter()
            .find(|(l, ..)| *l == layer)
            .map_or(0.0, |(_, x, w)| x + w / 2.0)
    };
    let anchor = |node: usize, column: Option<&str>, out: bool| -> (f64, f64) {
        match &boxes[node] {
            Some(b) => {
                let y = column
                    .and_then(|c| b.columns.iter().find(|(n, _)| n == c).map(|(_, y)| *y))
                    .unwrap_or(b.y + HEADER_HEIGHT / 2.0);
                (if out { b.x + TABLE_WIDTH } else { b.x }, y)
            }
            None => (lane_strip(layers[node]), TOP + 10.0),
        }
    };

    let mut edges = Vec::new();
    for &(from, to) in &table_edges {
        if collapsed(layers[from]) && collapsed(layers[to]) {
            continue;
        }
        edges.push(EdgeLine {
            from: (names[from].to_owned(), None),
            to: (names[to].to_owned(), None),
            style: EdgeStyle::Table,
            path: curve(anchor(from, None, true), anchor(to, None, false)),
        });
    }
    for m in &lineage.models {
        let Some(&to) = index.get(m.name.as_str()) else {
            continue;
        };
        let to_expanded = options.expanded.contains(&m.name);
        for c in &m.columns {
            let mut add = |r: &crate::lineage::ColumnRef, style: EdgeStyle| {
                let Some(&from) = index.get(r.relation.as_str()) else {
                    return;
                };
                let from_expanded = options.expanded.contains(&r.relation);
                // Column edges are drawn where at least one end is listed.
                if !to_expanded && !from_expanded {
                    return;
                }
                edges.push(EdgeLine {
                    from: (r.relation.clone(), Some(r.column.clone())),
                    to: (m.name.clone(), Some(c.name.clone())),
                    style,
                    path: curve(
                        anchor(from, Some(&r.column), true),
                        anchor(to, Some(&c.name), false),
                    ),
                });
            };
            for r in &c.sources {
                add(r, EdgeStyle::Value(c.transform));
            }
            if options.influences {
                for r in &c.influenced_by {
                    add(r, EdgeStyle::Influence);
                }
            }
        }
    }
    Diagram {
        tables: boxes.into_iter().flatten().collect(),
        edges,
        lanes,
        width,
        height: height + TABLE_GAP,
    }
}

/// A left-to-right cubic curve; edges within a lane bow out to the right.
fn curve(from: (f64, f64), to: (f64, f64)) -> String {
    let dx = if to.0 > from.0 {
        ((to.0 - from.0) / 2.0).max(30.0)
    } else {
        60.0 + (from.1 - to.1).abs() / 4.0
    };
    let (c1, c2) = (from.0 + dx, to.0 - dx);
    format!(
        "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        from.0, from.1, c1, from.1, c2, to.1, to.0, to.1
    )
}

/// Escapes text for XML (and HTML: the documentation export uses it too).
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The layer colours (Okabe–Ito), as the workbench uses them.
pub fn layer_colour(layer: Layer) -> &'static str {
    match layer {
        Layer::Raw => "#7f7f7f",
        Layer::Src => "#e69f00",
        Layer::Vin => "#c9b400",
        Layer::Vlt => "#009e73",
        Layer::Ain => "#56b4e9",
        Layer::Ana => "#0072b2",
        Layer::Mrt => "#cc79a7",
    }
}

/// The picture as a standalone SVG document (for export), with the given
/// tables and columns highlighted (`table` or `table.column` names) when
/// any are.
pub fn svg(diagram: &Diagram, highlighted: &[String]) -> String {
    let lit = |table: &str, column: Option<&str>| {
        highlighted.is_empty()
            || highlighted.iter().any(|h| match column {
                Some(c) => {
                    h.len() == table.len() + 1 + c.len()
                        && h.starts_with(table)
                        && h[table.len()..].starts_with('.')
                        && h.ends_with(c)
                }
                None => h == table,
            })
    };
    let mut out = String::with_capacity(256 * (diagram.tables.len() + diagram.edges.len()));
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="DejaVu Sans, sans-serif" font-size="12">"##,
        w = diagram.width,
        h = diagram.height
    );
    out.push_str(r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    for (layer, x, w) in &diagram.lanes {
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="0" width="{w:.1}" height="{h:.1}" fill="{c}" fill-opacity="0.07"/><text x="{tx:.1}" y="22" font-weight="700" fill="#1d2330">{code}</text>"##,
            h = diagram.height,
            c = layer_colour(*layer),
            tx = x + 10.0,
            code = layer.code()
        );
    }
    for e in &diagram.edges {
        let dim = !(lit(&e.from.0, e.from.1.as_deref()) && lit(&e.to.0, e.to.1.as_deref()));
        let (stroke, width, dash) = match e.style {
            EdgeStyle::Table => ("#9aa3b5", 1.2, ""),
            EdgeStyle::Value(Transform::Direct) => ("#0072b2", 1.5, ""),
            EdgeStyle::Value(Transform::Expression) => ("#0072b2", 1.5, "5 3"),
            EdgeStyle::Value(Transform::Aggregate) => ("#d55e00", 2.5, ""),
            EdgeStyle::Value(Transform::Window) => ("#cc79a7", 2.0, "2 3"),
            EdgeStyle::Value(Transform::Constant) => ("#9aa3b5", 1.0, "1 3"),
            EdgeStyle::Influence => ("#9aa3b5", 1.0, "1 4"),
        };
        let _ = write!(
            out,
            r##"<path d="{}" fill="none" stroke="{stroke}" stroke-width="{width}" stroke-dasharray="{dash}" opacity="{}"/>"##,
            e.path,
            if dim { 0.15 } else { 0.9 }
        );
    }
    for t in &diagram.tables {
        let dim = !lit(&t.name, None) && !t.columns.iter().any(|(c, _)| lit(&t.name, Some(c)));
        let _ = write!(
            out,
            r##"<g opacity="{o}"><rect x="{x:.1}" y="{y:.1}" width="{TABLE_WIDTH}" height="{h:.1}" rx="5" fill="#ffffff" stroke="{c}" stroke-width="1.5"/><rect x="{x:.1}" y="{y:.1}" width="6" height="{h:.1}" rx="2" fill="{c}"/><text x="{tx:.1}" y="{ty:.1}" font-weight="600" fill="#1d2330">{name}</text>"##,
            o = if dim { 0.3 } else { 1.0 },
            x = t.x,
            y = t.y,
            h = t.height,
            c = layer_colour(t.layer),
            tx = t.x + 12.0,
            ty = t.y + 19.0,
            name = xml(&t.name)
        );
        for (c, y) in &t.columns {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" fill="{}">{}</text>"##,
                t.x + 16.0,
                y + 4.0,
                if lit(&t.name, Some(c)) {
                    "#1d2330"
                } else {
                    "#9aa3b5"
                },
                xml(c)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;
    use crate::lineage::analyze_design;

    fn cafe() -> (DesignLineage, Vec<(String, Vec<String>)>) {
        let design = examples::example("cafe").unwrap().design().unwrap();
        let raw = design
            .raw_tables()
            .map(|(s, t)| {
                (
                    format!("{}.{}", s.system, t.name),
                    t.columns.iter().map(|c| c.name.clone()).collect(),
                )
            })
            .collect();
        (analyze_design(&design), raw)
    }

    #[test]
    fn tables_sit_in_their_lanes_without_overlapping() {
        let (lineage, raw) = cafe();
        let d = layout(&lineage, &raw, &Options::default());
        assert_eq!(d.tables.len(), lineage.models.len() + raw.len());
        for t in &d.tables {
            let (_, x, w) = d.lanes[usize::from(t.layer.order())];
            assert!(
                t.x >= x && t.x + TABLE_WIDTH <= x + w,
                "{} outside its lane",
                t.name
            );
            for u in &d.tables {
                if u.name != t.name && u.layer == t.layer {
                    assert!(
                        u.y >= t.y + t.height || t.y >= u.y + u.height,
                        "{} overlaps {}",
                        t.name,
                        u.name
                    );
                }
            }
        }
        let table_edges = d
            .edges
            .iter()
            .filter(|e| e.style == EdgeStyle::Table)
            .count();
        let upstream: usize = lineage.models.iter().map(|m| m.upstream.len()).sum();
        assert_eq!(table_edges, upstream, "one edge per table read");
        assert!(
            d.edges.iter().all(|e| e.style == EdgeStyle::Table),
            "no columns listed"
        );
    }

    #[test]
    fn expanded_tables_list_columns_and_draw_their_edges() {
        let (lineage, raw) = cafe();
        let options = Options {
            expanded: vec!["src_till__orders".to_owned(), "vlt_evt_order".to_owned()],
            ..Options::default()
        };
        let d = layout(&lineage, &raw, &options);
        let vlt = d.table("vlt_evt_order").unwrap();
        assert_eq!(vlt.columns.len(), vlt.column_count);
        assert!(vlt.height > HEADER_HEIGHT);
        let direct = d
            .edges
            .iter()
            .find(|e| e.to == ("vlt_evt_order".to_owned(), Some("ordered_at".to_owned())))
            .unwrap();
        assert_eq!(
            direct.from,
            ("src_till__orders".to_owned(), Some("ordered_at".to_owned()))
        );
        assert_eq!(direct.style, EdgeStyle::Value(Transform::Direct));
        let with_influences = layout(
            &lineage,
            &raw,
            &Options {
                influences: true,
                ..options
            },
        );
        assert!(with_influences.edges.len() >= d.edges.len());
    }

    #[test]
    fn collapsed_layers_hide_their_tables() {
        let (lineage, raw) = cafe();
        let d = layout(
            &lineage,
            &raw,
            &Options {
                collapsed: vec![Layer::Src],
                ..Options::default()
            },
        );
        assert!(d.tables.iter().all(|t| t.layer != Layer::Src));
        assert!(d.lanes[1].2 < LANE_WIDTH);
        // Edges into and out of SRC still show where data flows.
        assert!(d.edges.iter().any(|e| e.to.0 == "src_till__orders"));
    }

    #[test]
    fn svg_is_well_formed_and_escapes_names() {
        let (mut lineage, raw) = cafe();
        lineage.models[0].name = "odd<&>\"name".to_owned();
        let d = layout(&lineage, &raw, &Options::default());
        let svg = svg(&d, &["ana_customer".to_owned()]);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("odd&lt;&amp;&gt;&quot;name"));
        assert!(!svg.contains("odd<&>"));
        assert_eq!(svg.matches("<g ").count(), d.tables.len());
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
    }
}
