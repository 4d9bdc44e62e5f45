//! Placing cards in lanes: the canvas and the lineage view both draw the
//! seven layers as lanes left to right, and within each lane order their
//! nodes so that edges cross as little as possible.
//!
//! The ordering is the classic barycenter heuristic of layered graph
//! drawing (Sugiyama): sweep the lanes left to right, sorting each lane by
//! the mean position of each node's neighbours in the lanes before it, then
//! right to left by the lanes after it, a few times over, and keep the best
//! order seen. It is linear in the edges per sweep, so a 1,000-model design
//! orders in well under a millisecond natively.

use std::collections::BTreeMap;

use crate::Layer;
use crate::design::{Design, Position};
use crate::edit;

/// How many left-right-left sweeps to make. Orders rarely improve after a
/// handful; the best one seen is kept.
const SWEEPS: usize = 6;

/// The order of nodes within each lane: `lanes[l]` lists the node indexes
/// in lane `l`, top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneOrder {
    pub lanes: Vec<Vec<usize>>,
}

/// Orders `lane_of.len()` nodes, node `i` in lane `lane_of[i]` (lanes are
/// `0..lane_count`), to reduce crossings of `edges` (pairs of node indexes;
/// out-of-range ones are ignored). Ties keep the input order, so a stable
/// input gives a stable picture.
pub fn order(lane_of: &[usize], lane_count: usize, edges: &[(usize, usize)]) -> LaneOrder {
    let n = lane_of.len();
    let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); lane_count];
    for (i, &lane) in lane_of.iter().enumerate() {
        if let Some(l) = lanes.get_mut(lane) {
            l.push(i);
        }
    }
    // Neighbours split by side, as compact adjacency lists.
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        let (Some(&la), Some(&lb)) = (lane_of.get(a), lane_of.get(b)) else {
            continue;
        };
        if la < lb {
            before[b].push(a);
            after[a].push(b);
        } else if lb < la {
            before[a].push(b);
            after[b].push(a);
        }
    }
    let mut rank = vec![0.0f64; n];
    let set_ranks = |lanes: &[Vec<usize>], rank: &mut [f64]| {
        for lane in lanes {
            let len = lane.len().max(1) as f64;
            for (r, &node) in lane.iter().enumerate() {
                rank[node] = (r as f64 + 0.5) / len;
            }
        }
    };
    set_ranks(&lanes, &mut rank);
    let mut best = lanes.clone();
    let mut best_crossings = crossings(&lanes, lane_of, edges);
    for _ in 0..SWEEPS {
        for lane in lanes.iter_mut() {
            sort_by_barycenter(lane, &before, &mut rank);
        }
        for lane in lanes.iter_mut().rev() {
            sort_by_barycenter(lane, &after, &mut rank);
        }
        let c = crossings(&lanes, lane_of, edges);
        if c < best_crossings {
            best_crossings = c;
            best = lanes.clone();
        }
        if best_crossings == 0 {
            break;
        }
    }
    LaneOrder { lanes: best }
}

/// Sorts one lane by the mean rank of each node's neighbours on one side;
/// a node without neighbours there keeps its own rank. Updates the ranks.
fn sort_by_barycenter(lane: &mut [usize], side: &[Vec<usize>], rank: &mut [f64]) {
    let mut keyed: Vec<(f64, usize)> = lane
        .iter()
        .map(|&node| {
            let neighbours = &side[node];
            let key = if neighbours.is_empty() {
                rank[node]
            } else {
                neighbours.iter().map(|&m| rank[m]).sum::<f64>() / neighbours.len() as f64
            };
            (key, node)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let len = lane.len().max(1) as f64;
    for (r, (slot, (_, node))) in lane.iter_mut().zip(keyed).enumerate() {
        *slot = node;
        rank[node] = (r as f64 + 0.5) / len;
    }
}

/// How many pairs of edges cross when every lane is drawn in the given
/// order. Edges between the same pair of lanes cross when their ends are in
/// opposite order; edges within a lane are not counted. Counts inversions
/// per lane pair by sorting, so it stays fast on large graphs.
pub fn crossings(lanes: &[Vec<usize>], lane_of: &[usize], edges: &[(usize, usize)]) -> u64 {
    let n = lane_of.len();
    let mut pos = vec![0usize; n];
    for lane in lanes {
        for (r, &node) in lane.iter().enumerate() {
            if let Some(p) = pos.get_mut(node) {
                *p = r;
            }
        }
    }
    let mut by_pair: BTreeMap<(usize, usize), Vec<(usize, usize)>> = BTreeMap::new();
    for &(a, b) in edges {
        let (Some(&la), Some(&lb)) = (lane_of.get(a), lane_of.get(b)) else {
            continue;
        };
        if la == lb {
            continue;
        }
        let (a, b, la, lb) = if la < lb {
            (a, b, la, lb)
        } else {
            (b, a, lb, la)
        };
        by_pair.entry((la, lb)).or_default().push((pos[a], pos[b]));
    }
    let mut total = 0u64;
    for (_, mut ends) in by_pair {
        ends.sort_unstable();
        let rights: Vec<usize> = ends.iter().map(|e| e.1).collect();
        total += inversions(&rights);
    }
    total
}

/// Pairs `i < j` with `rights[i] > rights[j]`, by merge sort. With the
/// edges sorted by (left, right) end, edges sharing an end never count, as
/// they do not cross.
fn inversions(rights: &[usize]) -> u64 {
    let mut v = rights.to_vec();
    let mut buf = vec![0usize; v.len()];
    merge_count(&mut v, &mut buf)
}

fn merge_count(v: &mut [usize], buf: &mut [usize]) -> u64 {
    let n = v.len();
    if n < 2 {
        return 0;
    }
    let mid = n / 2;
    let mut count = {
        let (l, r) = v.split_at_mut(mid);
        let (bl, br) = buf.split_at_mut(mid);
        merge_count(l, bl) + merge_count(r, br)
    };
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if v[i] <= v[j] {
            buf[k] = v[i];
            i += 1;
        } else {
            buf[k] = v[j];
            count += (mid - i) as u64;
            j += 1;
        }
        k += 1;
    }
    buf[k..k + mid - i].copy_from_slice(&v[i..mid]);
    let k2 = k + mid - i;
    buf[k2..n].copy_from_slice(&v[j..n]);
    v.copy_from_slice(&buf[..n]);
    count
}

/// Canvas geometry, in canvas units: lanes are `LANE_WIDTH` wide with
/// `LANE_GAP` between them; cards are `CARD_WIDTH` × `CARD_HEIGHT`, stacked
/// `CARD_GAP` apart below the lane header.
pub const LANE_WIDTH: f64 = 240.0;
pub const LANE_GAP: f64 = 24.0;
pub const CARD_WIDTH: f64 = 208.0;
pub const CARD_HEIGHT: f64 = 64.0;
pub const CARD_GAP: f64 = 16.0;
pub const LANE_TOP: f64 = 56.0;

/// The left edge of a layer's lane.
pub fn lane_x(layer: Layer) -> f64 {
    f64::from(layer.order()) * (LANE_WIDTH + LANE_GAP)
}

/// The left edge of a card in a layer's lane: cards always sit centred in
/// their lane, so only their height on the canvas is the user's choice.
pub fn card_x(layer: Layer) -> f64 {
    lane_x(layer) + (LANE_WIDTH - CARD_WIDTH) / 2.0
}

/// Every card of the design (raw tables as `system.table`, then models)
/// with its layer, in design order.
pub fn cards(design: &Design) -> Vec<(String, Layer)> {
    let mut out: Vec<(String, Layer)> = design
        .raw_tables()
        .map(|(s, t)| (format!("{}.{}", s.system, t.name), Layer::Raw))
        .collect();
    out.extend(design.models.iter().map(|m| (m.name.clone(), m.layer)));
    out
}

/// A tidy position for every card: each in its lane, ordered to reduce
/// crossings, stacked from the top. Used for cards the design has no
/// position for, and by "arrange" to redo the whole canvas.
pub fn arrange(design: &Design) -> BTreeMap<String, Position> {
    let cards = cards(design);
    let index: BTreeMap<&str, usize> = cards
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.as_str(), i))
        .collect();
    let lane_of: Vec<usize> = cards.iter().map(|(_, l)| usize::from(l.order())).collect();
    let mut edges = Vec::new();
    for model in &design.models {
        let Some(&to) = index.get(model.name.as_str()) else {
            continue;
        };
        for (upstream, _) in edit::inputs(model) {
            if let Some(&from) = index.get(upstream.as_str()) {
                edges.push((from, to));
            }
        }
    }
    let order = order(&lane_of, Layer::ALL.len(), &edges);
    let mut out = BTreeMap::new();
    for (lane, nodes) in order.lanes.iter().enumerate() {
        let x = Layer::ALL.get(lane).map_or(0.0, |&l| card_x(l));
        for (r, &node) in nodes.iter().enumerate() {
            let y = LANE_TOP + r as f64 * (CARD_HEIGHT + CARD_GAP);
            out.insert(cards[node].0.clone(), Position { x, y });
        }
    }
    out
}

/// Positions for the cards that have none yet, below the lowest card of
/// their lane, leaving placed cards where the user put them.
pub fn place_new(design: &Design) -> BTreeMap<String, Position> {
    let placed = &design.canvas.positions;
    let mut bottom: BTreeMap<u8, f64> = BTreeMap::new();
    let cards = cards(design);
    for (name, layer) in &cards {
        if let Some(p) = placed.get(name) {
            let b = bottom.entry(layer.order()).or_insert(LANE_TOP);
            *b = b.max(p.y + CARD_HEIGHT + CARD_GAP);
        }
    }
    let mut out = BTreeMap::new();
    for (name, layer) in cards {
        if placed.contains_key(&name) {
            continue;
        }
        let y = bottom.entry(layer.order()).or_insert(LANE_TOP);
        out.insert(
            name,
            Position {
                x: card_x(layer),
                y: *y,
            },
        );
        *y += CARD_HEIGHT + CARD_GAP;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    #[test]
    fn crossings_are_counted_between_lanes() {
        // a→d, b→c with lanes [a b] [c d]: one crossing; swapping fixes it.
        let lane_of = [0, 0, 1, 1];
        let edges = [(0, 3), (1, 2)];
        assert_eq!(crossings(&[vec![0, 1], vec![2, 3]], &lane_of, &edges), 1);
        assert_eq!(crossings(&[vec![0, 1], vec![3, 2]], &lane_of, &edges), 0);
        // Two edges from one node never cross.
        assert_eq!(
            crossings(&[vec![0, 1], vec![2, 3]], &lane_of, &[(0, 3), (0, 2)]),
            0
        );
    }

    #[test]
    fn ordering_removes_avoidable_crossings() {
        // Three chains a_i → b_i → c_i, listed so that every lane is shuffled.
        let lane_of = [0, 0, 0, 1, 1, 1, 2, 2, 2];
        let edges = [(0, 5), (1, 3), (2, 4), (5, 7), (3, 8), (4, 6)];
        let input = [vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8]];
        assert!(crossings(&input, &lane_of, &edges) > 0);
        let ordered = order(&lane_of, 3, &edges);
        assert_eq!(crossings(&ordered.lanes, &lane_of, &edges), 0);
        let mut all: Vec<usize> = ordered.lanes.concat();
        all.sort_unstable();
        assert_eq!(all, (0..9).collect::<Vec<_>>(), "every node placed once");
    }

    #[test]
    fn bad_input_is_ignored_not_fatal() {
        let ordered = order(&[0, 9, 1], 2, &[(0, 2), (0, 99), (7, 8)]);
        assert_eq!(ordered.lanes, vec![vec![0], vec![2]]);
    }

    #[test]
    fn arrange_puts_every_card_in_its_lane() {
        let design = examples::example("retail").unwrap().design().unwrap();
        let at = arrange(&design);
        let cards = cards(&design);
        assert_eq!(at.len(), cards.len());
        for (name, layer) in &cards {
            let p = at[name];
            assert!(
                p.x >= lane_x(*layer) && p.x + CARD_WIDTH <= lane_x(*layer) + LANE_WIDTH,
                "{name} sits outside the {} lane",
                layer.code()
            );
        }
        let mut ys: Vec<(u64, u64)> = at.values().map(|p| (p.x as u64, p.y as u64)).collect();
        ys.sort_unstable();
        ys.dedup();
        assert_eq!(ys.len(), cards.len(), "no two cards on the same spot");
    }

    #[test]
    fn new_cards_go_below_placed_ones() {
        let mut design = examples::example("cafe").unwrap().design().unwrap();
        design.canvas.positions.clear();
        design.canvas.positions.insert(
            "src_till__orders".to_owned(),
            Position { x: 500.0, y: 300.0 },
        );
        let new = place_new(&design);
        assert!(!new.contains_key("src_till__orders"));
        let p = new["src_till__customers"];
        assert_eq!(p.y, 300.0 + CARD_HEIGHT + CARD_GAP);
        assert!(new.contains_key("till.orders"));
    }
}
