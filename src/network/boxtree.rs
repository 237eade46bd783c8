//! A packed R-tree of axis-aligned boxes (sort-tile-recursive), built in parallel, for one
//! question: which boxes meet this one (borders included, as rstar's
//! `locate_in_envelope_intersecting`). The crossing check of a build asks it once per
//! sub-line; rstar's sequential bulk load was a tenth of an OSM import's wall time.

use geo::Line;
use rayon::prelude::*;

/// Boxes per node.
const NODE: usize = 16;

/// `[min x, min y, max x, max y]`.
pub(crate) type Box2 = [f64; 4];

fn meets(a: &Box2, b: &Box2) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// The union of boxes (an empty union has min > max and meets nothing).
pub(crate) fn union(boxes: impl Iterator<Item = Box2>) -> Box2 {
    boxes.fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |u, b| {
            [
                u[0].min(b[0]),
                u[1].min(b[1]),
                u[2].max(b[2]),
                u[3].max(b[3]),
            ]
        },
    )
}

/// The bounding box of a line (as rstar's envelope of a `Line`).
pub(crate) fn line_box(l: &Line<f64>) -> Box2 {
    [
        l.start.x.min(l.end.x),
        l.start.y.min(l.end.y),
        l.start.x.max(l.end.x),
        l.start.y.max(l.end.y),
    ]
}

/// The tree: the boxes in tree order with their ids, and the node boxes level by level
/// (level 0 groups [`NODE`] boxes, each next level [`NODE`] nodes of the one below).
#[derive(Debug)]
pub(crate) struct BoxTree {
    boxes: Vec<Box2>,
    ids: Vec<u32>,
    levels: Vec<Vec<Box2>>,
}

impl BoxTree {
    /// Indexes `boxes`; box `i` is found as id `i`. Boxes with a NaN coordinate meet
    /// nothing.
    pub fn new(boxes: &[Box2]) -> Self {
        let centre = |b: &Box2, axis: usize| 0.5 * (b[axis] + b[axis + 2]);
        let mut items: Vec<(Box2, u32)> = boxes
            .par_iter()
            .enumerate()
            .map(|(i, b)| (*b, i as u32))
            .collect();
        // vertical slabs of about √(leaves) leaves each, then each slab by y
        items.par_sort_unstable_by(|a, b| centre(&a.0, 0).total_cmp(&centre(&b.0, 0)));
        let leaves = items.len().div_ceil(NODE);
        let per_slab = NODE * (leaves as f64).sqrt().ceil().max(1.0) as usize;
        items
            .par_chunks_mut(per_slab)
            .for_each(|s| s.sort_unstable_by(|a, b| centre(&a.0, 1).total_cmp(&centre(&b.0, 1))));
        let (boxes, ids): (Vec<Box2>, Vec<u32>) = items.into_iter().unzip();
        let mut levels: Vec<Vec<Box2>> = Vec::new();
        let mut below: &[Box2] = &boxes;
        loop {
            let level: Vec<Box2> = below
                .par_chunks(NODE)
                .map(|c| union(c.iter().copied()))
                .collect();
            let top = level.len() <= 1;
            levels.push(level);
            if top {
                break;
            }
            below = levels.last().map_or(&[], Vec::as_slice);
        }
        Self { boxes, ids, levels }
    }

    /// Calls `found` with the id of every box that meets `q`, in no particular order.
    pub fn for_each_meeting(&self, q: &Box2, mut found: impl FnMut(usize)) {
        let Some(top) = self.levels.len().checked_sub(1) else {
            return;
        };
        // (level, node) pairs still to open; level usize::MAX marks a box
        let mut stack: Vec<(usize, usize)> =
            (0..self.levels[top].len()).map(|k| (top, k)).collect();
        while let Some((level, k)) = stack.pop() {
            if !meets(&self.levels[level][k], q) {
                continue;
            }
            let children = k * NODE..((k + 1) * NODE);
            if level == 0 {
                for i in children.start..children.end.min(self.boxes.len()) {
                    if meets(&self.boxes[i], q) {
                        found(self.ids[i] as usize);
                    }
                }
            } else {
                let end = children.end.min(self.levels[level - 1].len());
                stack.extend((children.start..end).map(|c| (level - 1, c)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use rstar::primitives::{GeomWithData, Rectangle};
    use rstar::{RTree, RTreeObject};

    use super::*;

    /// Boxes of a seeded generator: many small, some long and thin, some points, duplicates.
    fn boxes(n: usize, seed: u64) -> Vec<Box2> {
        let mut s = seed;
        let mut next = move || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|i| {
                let (x, y) = (next() * 100.0 - 50.0, next() * 60.0 - 30.0);
                let (w, h) = match i % 7 {
                    0 => (next() * 40.0, 0.0),
                    1 => (0.0, 0.0),
                    _ => (next() * 0.5, next() * 0.5),
                };
                [x, y, x + w, y + h]
            })
            .collect()
    }

    #[test]
    fn finds_exactly_what_rstar_finds() {
        for (n, seed) in [
            (0, 1),
            (1, 2),
            (15, 3),
            (16, 4),
            (17, 5),
            (1_000, 6),
            (20_000, 7),
        ] {
            let b = boxes(n, seed);
            let tree = BoxTree::new(&b);
            let reference = RTree::bulk_load(
                b.iter()
                    .enumerate()
                    .map(|(i, b)| {
                        GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), i)
                    })
                    .collect(),
            );
            for q in boxes(300, seed + 100).iter().chain(b.iter().take(300)) {
                let mut mine = Vec::new();
                tree.for_each_meeting(q, |i| mine.push(i));
                mine.sort_unstable();
                let env = Rectangle::from_corners([q[0], q[1]], [q[2], q[3]]).envelope();
                let mut theirs: Vec<usize> = reference
                    .locate_in_envelope_intersecting(&env)
                    .map(|g| g.data)
                    .collect();
                theirs.sort_unstable();
                assert_eq!(mine, theirs, "n {n}, query {q:?}");
            }
        }
    }
}
