//! Crossings that are not junctions: places where two segments meet away from a hub.

use super::Network;
use super::boxtree::{Box2, BoxTree, line_box};
use crate::progress::{Progress, Unit};
use geo::line_intersection::line_intersection;
use geo::{Coord, Distance, Haversine, Line, LineIntersection, Point};

/// Sub-lines tested per task, and per progress report.
const BLOCK: usize = 1024;

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
/// The result of the sweep of [`geo::sweep::Intersections`] (sub-lines sorted by their
/// smallest x, each tested against the following ones that start before it ends, in that
/// order), computed in parallel: the tests that can succeed (bounding boxes that meet) are
/// found with a packed R-tree ([`BoxTree`]), a test whose every point lies at a shared hub cannot report
/// anything, and the others are taken in the sweep's order. The same crossings as the
/// sequential sweep, at any thread count.
///
/// `progress` gets the phase `checking crossings`, one unit per sub-line, reported per
/// block of [`BLOCK`] sub-lines.
pub(crate) fn find(net: &Network, tol_m: f64, progress: &dyn Progress) -> Vec<Crossing> {
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
    // stable, as the sweep's sort (rayon's parallel sort is stable too)
    intervals.par_sort_by(|a, b| a.0.total_cmp(&b.0));
    let near = |c: Coord<f64>, h: usize| {
        let hub = net.hub(h).location;
        // a point at the hub is at distance 0 (the common case: segments meeting there)
        c == hub.0 || Haversine.distance(Point(c), hub) <= tol_m.max(1e-6)
    };
    // the first point of an intersection that is not at a hub both segments end at
    let reported = |p: &Piece, q: &Piece| -> Option<(usize, usize, Coord<f64>)> {
        if p.seg == q.seg || !y_ranges_overlap(p.line, q.line) {
            // no intersection: line_intersection starts with the same bounding-box test
            return None;
        }
        let (a, b) = (p.seg.min(q.seg), p.seg.max(q.seg));
        let (a0, a1) = net.endpoints(a);
        let (b0, b1) = net.endpoints(b);
        let shared = |h: usize| h == b0 || h == b1;
        let off_hubs =
            |c: Coord<f64>| !((shared(a0) && near(c, a0)) || (shared(a1) && near(c, a1)));
        if let Some(c) = shared_end_only(p.line, q.line) {
            return off_hubs(c).then_some((a, b, c));
        }
        match line_intersection(p.line, q.line)? {
            LineIntersection::SinglePoint { intersection, .. } => {
                off_hubs(intersection).then_some((a, b, intersection))
            }
            LineIntersection::Collinear { intersection } => [intersection.start, intersection.end]
                .into_iter()
                .find(|&c| off_hubs(c))
                .map(|c| (a, b, c)),
        }
    };
    // the sweep tests sub-line i against each later j that starts (in x) before i ends; the
    // tests that can succeed are those whose bounding boxes meet, found here with a packed
    // R-tree built in parallel
    let boxes: Vec<Box2> = intervals
        .par_iter()
        .map(|(_, _, p)| line_box(&p.line))
        .collect();
    let tree = BoxTree::new(&boxes);
    drop(boxes);
    let n = intervals.len();
    progress.phase("checking crossings", Some(n as u64), Unit::Items);
    // blocks of sub-lines in order, each tested in order: the candidates come out in sweep
    // order whatever the thread count
    let candidates: Vec<(usize, usize, Coord<f64>)> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .flat_map_iter(|block| {
            let range = block * BLOCK..((block + 1) * BLOCK).min(n);
            let done = range.len() as u64;
            let mut out = Vec::new();
            let mut later: Vec<usize> = Vec::new();
            for i in range {
                let (_, _, p) = &intervals[i];
                later.clear();
                tree.for_each_meeting(&line_box(&p.line), |j| {
                    if j > i {
                        later.push(j);
                    }
                });
                later.sort_unstable();
                out.extend(later.iter().filter_map(|&j| reported(p, &intervals[j].2)));
            }
            progress.inc(done);
            out
        })
        .collect();
    progress.finish();
    let mut found: std::collections::BTreeMap<(usize, usize), Coord<f64>> = Default::default();
    for (a, b, c) in candidates {
        found.entry((a, b)).or_insert(c);
    }
    found
        .into_iter()
        .map(|((a, b), at)| Crossing { a, b, at })
        .collect()
}

/// Whether the y ranges of two lines overlap (their x ranges do, in the sweep).
fn y_ranges_overlap(p: Line<f64>, q: Line<f64>) -> bool {
    let (p0, p1) = (p.start.y.min(p.end.y), p.start.y.max(p.end.y));
    let (q0, q1) = (q.start.y.min(q.end.y), q.start.y.max(q.end.y));
    p0 <= q1 && q0 <= p1
}

/// When two lines share an end point and are not collinear, that point is all
/// [`line_intersection`] returns (as a single point): it is returned here without the full
/// test. `None` means: run the full test.
fn shared_end_only(p: Line<f64>, q: Line<f64>) -> Option<Coord<f64>> {
    use geo::kernels::{Kernel, Orientation, RobustKernel};
    // the point line_intersection picks, in its order
    let c = if p.start == q.start || p.start == q.end {
        p.start
    } else if p.end == q.start || p.end == q.end {
        p.end
    } else {
        return None;
    };
    let o1 = RobustKernel::orient2d(p.start, p.end, q.start);
    let o2 = RobustKernel::orient2d(p.start, p.end, q.end);
    (o1 != Orientation::Collinear || o2 != Orientation::Collinear).then_some(c)
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
                let par = find(net, tol, &crate::progress::NoProgress);
                assert_eq!(par, find_sequential(net, tol));
                crossings += par.len();
            }
        }
        assert!(crossings > 100, "{crossings}");
    }
}
