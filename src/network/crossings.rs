//! Crossings that are not junctions: places where two segments meet away from a hub.

use geo::line_intersection::line_intersection;
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

/// Finds each pair of segments that meet somewhere other than a hub both of them end at
/// (within `tol_m` metres); one report per pair, with the first such point in sweep order.
///
/// The sweep of [`geo::sweep::Intersections`] (sub-lines sorted by their smallest x, each
/// tested against the following ones that start before it ends), with the intersection tests
/// run in parallel: a test whose every point lies at a shared hub cannot report anything, so
/// only the others are kept, and they are taken in the sweep's order. The result is the same
/// as the sequential sweep's at any thread count.
pub(crate) fn find(net: &Network, tol_m: f64) -> Vec<Crossing> {
    use rayon::prelude::*;
    let mut intervals: Vec<(f64, f64, Piece)> = net
        .segments()
        .enumerate()
        .flat_map(|(seg, s)| {
            s.geometry
                .lines()
                .filter(|l| l.start != l.end)
                .map(move |line| Piece { line, seg })
        })
        .map(|p| {
            let (a, b) = (p.line.start.x, p.line.end.x);
            if a < b { (a, b, p) } else { (b, a, p) }
        })
        .collect();
    // stable, as the sweep's sort
    intervals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let near = |c: Coord<f64>, h: usize| {
        Haversine.distance(Point(c), net.hub(h).location) <= tol_m.max(1e-6)
    };
    // the first point of an intersection that is not at a hub both segments end at
    let reported = |p: &Piece, q: &Piece| -> Option<(usize, usize, Coord<f64>)> {
        if p.seg == q.seg {
            return None;
        }
        let inter = line_intersection(p.line, q.line)?;
        let (a, b) = (p.seg.min(q.seg), p.seg.max(q.seg));
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
        points
            .into_iter()
            .find(|&c| !shared.iter().any(|&h| near(c, h)))
            .map(|c| (a, b, c))
    };
    let candidates: Vec<(usize, usize, Coord<f64>)> = (0..intervals.len())
        .into_par_iter()
        .with_min_len(1024)
        .flat_map_iter(|i| {
            let (_, end, p) = &intervals[i];
            intervals[i + 1..]
                .iter()
                // as the sweep: stop at the first sub-line that starts after this one ends
                .take_while(move |(start, _, _)| !start.gt(end))
                .filter_map(move |(_, _, q)| reported(p, q))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut found: std::collections::BTreeMap<(usize, usize), Coord<f64>> = Default::default();
    for (a, b, c) in candidates {
        found.entry((a, b)).or_insert(c);
    }
    found
        .into_iter()
        .map(|((a, b), at)| Crossing { a, b, at })
        .collect()
}

#[cfg(test)]
mod tests {
    use geo::sweep::{Cross, Intersections};

    use super::*;

    impl Cross for Piece {
        type Scalar = f64;

        fn line(&self) -> Line<f64> {
            self.line
        }
    }

    /// The sequential sweep (the implementation before the parallel one).
    fn find_sequential(net: &Network, tol_m: f64) -> Vec<Crossing> {
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

    #[test]
    fn parallel_sweep_equals_the_sequential_one() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut nets = vec![
            crate::io::load_network(&[root.join("data/mexico")], 1.0)
                .unwrap()
                .0,
        ];
        // lines that cross each other several times, away from hubs
        let mut b = crate::NetworkBuilder::new();
        for k in 0..40 {
            let y = f64::from(k) * 0.01;
            let zig: Vec<(f64, f64)> = (0..30)
                .map(|i| {
                    (
                        f64::from(i) * 0.01,
                        y + if (i + k) % 2 == 0 { 0.0 } else { 0.25 },
                    )
                })
                .collect();
            b.add_segment(crate::SegmentSpec::line(geo::LineString::from(zig)));
        }
        nets.push(b.build().unwrap().0);
        let mut crossings = 0;
        for net in &nets {
            for tol in [0.0, 1.0, 500.0] {
                let par = find(net, tol);
                assert_eq!(par, find_sequential(net, tol));
                crossings += par.len();
            }
        }
        assert!(crossings > 100, "{crossings}");
    }
}
