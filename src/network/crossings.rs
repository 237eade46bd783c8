//! Crossings that are not junctions: places where two segments meet away from a hub.

use geo::sweep::{Cross, Intersections};
use geo::{Coord, Distance, Haversine, Line, LineIntersection, Point};

use super::Network;

/// Two segments that cross or touch away from any hub they share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Crossing {
    /// Lower segment index.
    pub a: usize,
    /// Higher segment index.
    pub b: usize,
    /// A point where they meet.
    pub at: Coord<f64>,
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    line: Line<f64>,
    seg: usize,
}

impl Cross for Piece {
    type Scalar = f64;

    fn line(&self) -> Line<f64> {
        self.line
    }
}

/// Finds each pair of segments that meet somewhere other than a hub both of them end at
/// (within `tol_m` metres). Bentley–Ottmann sweep over all sub-lines; one report per pair.
pub(crate) fn find(net: &Network, tol_m: f64) -> Vec<Crossing> {
    let pieces: Vec<Piece> = net
        .segments()
        .enumerate()
        .flat_map(|(seg, s)| {
            s.geometry
                .lines()
                .filter(|l| l.start != l.end)
                .map(move |line| Piece { line, seg })
        })
        .collect();
    let near = |c: Coord<f64>, h: usize| {
        Haversine.distance(Point(c), net.hub(h).location) <= tol_m.max(1e-6)
    };
    let mut found: std::collections::BTreeMap<(usize, usize), Coord<f64>> = Default::default();
    for (p, q, inter) in Intersections::from_iter(pieces) {
        if p.seg == q.seg {
            continue;
        }
        let (a, b) = (p.seg.min(q.seg), p.seg.max(q.seg));
        if found.contains_key(&(a, b)) {
            continue;
        }
        let points: Vec<Coord<f64>> = match inter {
            LineIntersection::SinglePoint { intersection, .. } => vec![intersection],
            LineIntersection::Collinear { intersection } => {
                vec![intersection.start, intersection.end]
            }
        };
        let (a0, a1) = net.endpoints(a);
        let (b0, b1) = net.endpoints(b);
        let shared: Vec<usize> = [a0, a1]
            .into_iter()
            .filter(|h| *h == b0 || *h == b1)
            .collect();
        for c in points {
            if !shared.iter().any(|&h| near(c, h)) {
                found.insert((a, b), c);
                break;
            }
        }
    }
    found
        .into_iter()
        .map(|((a, b), at)| Crossing { a, b, at })
        .collect()
}
