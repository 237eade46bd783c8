//! Snapping: agreement with a brute-force geodesic search (geo's HaversineClosestPoint on
//! every line part), exact values on simple cases, thread-count independence.

use crate::support::cases as cases_common;

use approx::assert_relative_eq;
use corridors::cases::{
    EARTH_RADIUS_M, SegmentIndex, Side, SnapOptions, SnapStatus, snap_points, snap_positions,
};
use geo::{Distance, Haversine, Line, LineString, Point};
use proptest::prelude::*;

/// Brute force with the textbook cross-track / along-track formulas (Williams' Aviation
/// Formulary), an independent formulation: distance from `p` to every part of every line,
/// sphere R = 6 371 008.8 m.
fn brute_force(lines: &[LineString<f64>], p: Point<f64>) -> Vec<f64> {
    let bearing = |a: Point<f64>, b: Point<f64>| {
        let (la1, la2, dl) = (
            a.y().to_radians(),
            b.y().to_radians(),
            (b.x() - a.x()).to_radians(),
        );
        (dl.sin() * la2.cos()).atan2(la1.cos() * la2.sin() - la1.sin() * la2.cos() * dl.cos())
    };
    let part = |l: Line<f64>| {
        let (a, b) = (l.start_point(), l.end_point());
        let (d13, d23, d12) = (
            Haversine.distance(a, p),
            Haversine.distance(b, p),
            Haversine.distance(a, b),
        );
        let ends = d13.min(d23);
        if d12 == 0.0 {
            return ends;
        }
        let (d13r, d12r) = (d13 / EARTH_RADIUS_M, d12 / EARTH_RADIUS_M);
        let dtheta = bearing(a, p) - bearing(a, b);
        let xt = (d13r.sin() * dtheta.sin()).clamp(-1.0, 1.0).asin();
        let at = ((d13r.cos() / xt.cos()).clamp(-1.0, 1.0)).acos() * dtheta.cos().signum();
        if (0.0..=d12r).contains(&at) {
            xt.abs() * EARTH_RADIUS_M
        } else {
            ends
        }
    };
    lines
        .iter()
        .map(|ls| ls.lines().map(part).fold(f64::INFINITY, f64::min))
        .collect()
}

fn coord() -> impl Strategy<Value = (f64, f64)> {
    (-110.0..-86.0f64, 14.0..33.0f64)
}

fn line() -> impl Strategy<Value = LineString<f64>> {
    // a start and 1–4 steps of up to 3° (so that long arcs are cut into pieces)
    (
        coord(),
        prop::collection::vec((-3.0..3.0f64, -3.0..3.0f64), 1..5),
    )
        .prop_map(|(s, steps)| {
            let mut pts = vec![s];
            for (dx, dy) in steps {
                let (x, y) = *pts.last().unwrap();
                pts.push((x + dx, (y + dy).clamp(-80.0, 80.0)));
            }
            LineString::from(pts)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn nearest_segment_agrees_with_brute_force(
        lines in prop::collection::vec(line(), 1..30),
        points in prop::collection::vec(coord(), 1..40),
    ) {
        let idx = SegmentIndex::from_lines(&lines).unwrap();
        for (x, y) in points {
            let p = Point::new(x, y);
            let s = idx.nearest(p).unwrap();
            let bf = brute_force(&lines, p);
            let best = bf.iter().copied().fold(f64::INFINITY, f64::min);
            // the same distance as the brute-force minimum …
            prop_assert!((s.distance_m - best).abs() <= 0.01 + 1e-8 * best,
                "ours {} vs brute force {}", s.distance_m, best);
            // … and it is the distance to a real point of the chosen segment: the snapped
            // point lies on one of its great-circle arcs
            prop_assert!((Haversine.distance(p, s.point) - s.distance_m).abs() < 1e-3 + 1e-9 * best);
            let on_arc = lines[s.segment].lines().any(|l: Line<f64>| {
                let (a, b) = (l.start_point(), l.end_point());
                let detour = Haversine.distance(a, s.point) + Haversine.distance(s.point, b) - Haversine.distance(a, b);
                detour.abs() < 1e-3
            });
            prop_assert!(on_arc, "snapped point is not on the segment");
            // … and the chosen segment is one of the nearest
            prop_assert!(bf[s.segment] - best <= 0.01 + 1e-8 * best);
            prop_assert!((0.0..=1.0).contains(&s.fraction));
            prop_assert!(s.offset_m >= 0.0 && s.offset_m <= idx.segment_length_m(s.segment) + 1e-6);
        }
    }
}

/// Points over and around the lines' box, with a few invalid ones.
fn query_point() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        8 => coord(),
        2 => (-180.0..180.0f64, -90.0..90.0f64),
        1 => Just((f64::NAN, 20.0)),
        1 => Just((-200.0, 20.0)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// `snap_positions` / `nearest_position` are `snap_points` / `nearest` without the point:
    /// the same status, segment, distance, offset, fraction and side, bit for bit.
    #[test]
    fn positions_equal_snaps_without_the_point(
        lines in prop::collection::vec(line(), 1..40),
        points in prop::collection::vec(query_point(), 1..80),
        max_km in prop_oneof![Just(0.0), 0.0..500.0f64, Just(f64::INFINITY)],
    ) {
        let idx = SegmentIndex::from_lines(&lines).unwrap();
        let pts: Vec<Point<f64>> = points.iter().map(|&(x, y)| Point::new(x, y)).collect();
        let opts = SnapOptions { max_distance_m: max_km * 1000.0 };
        let full = snap_points(&idx, &pts, &opts, &Default::default()).unwrap();
        let lean = snap_positions(&idx, &pts, &opts, &Default::default()).unwrap();
        prop_assert_eq!(full.len(), lean.len());
        for ((f, l), p) in full.iter().zip(&lean).zip(&pts) {
            prop_assert_eq!(f.status, l.status);
            prop_assert_eq!(f.nearest.map(|s| s.position()), l.nearest);
            prop_assert_eq!(idx.nearest(*p).map(|s| s.position()), idx.nearest_position(*p));
            prop_assert_eq!(idx.snap_position(*p, &opts), *l);
        }
    }
}

#[test]
fn point_on_meridian_segment_has_exact_offset_and_side() {
    // 1° of latitude along the meridian 92° W
    let ls = LineString::from(vec![(-92.0, 15.0), (-92.0, 16.0)]);
    let idx = SegmentIndex::from_lines(std::slice::from_ref(&ls)).unwrap();
    let s = idx.nearest(Point::new(-92.0, 15.5)).unwrap();
    assert!(s.distance_m < 1e-6);
    assert_relative_eq!(s.fraction, 0.5, epsilon = 1e-3);
    // east of a northbound segment is its right side
    let e = idx.nearest(Point::new(-91.99, 15.25)).unwrap();
    assert_eq!(e.side, Side::Right);
    let w = idx.nearest(Point::new(-92.01, 15.25)).unwrap();
    assert_eq!(w.side, Side::Left);
    // distance of 0.01° of longitude at 15.25° N on the sphere (closest point is abeam)
    let expect = EARTH_RADIUS_M * (0.01f64.to_radians() * 15.25f64.to_radians().cos());
    assert_relative_eq!(e.distance_m, expect, max_relative = 1e-4);
    // offset: geodesic metres from the `from` end, about a quarter of the segment
    assert_relative_eq!(e.offset_m / idx.segment_length_m(0), 0.25, epsilon = 1e-3);
    // beyond the `from` end: the end point is nearest, fraction 0
    let b = idx.nearest(Point::new(-92.0, 14.9)).unwrap();
    assert_eq!(b.fraction, 0.0);
    assert_relative_eq!(
        b.distance_m,
        EARTH_RADIUS_M * 0.1f64.to_radians(),
        max_relative = 1e-9
    );
}

#[test]
fn geodesic_choice_differs_from_planar_degrees() {
    // At 30° N, 1° of longitude is ~96 km but 1° of latitude ~111 km: a segment 0.9° east is
    // nearer in metres than one 0.8° north, although farther in planar degrees.
    let east = LineString::from(vec![(-99.1, 29.0), (-99.1, 31.0)]);
    let north = LineString::from(vec![(-101.0, 30.8), (-99.0, 30.8)]);
    let idx = SegmentIndex::from_lines(&[north, east]).unwrap();
    let s = idx.nearest(Point::new(-100.0, 30.0)).unwrap();
    assert_eq!(s.segment, 1, "metres, not degrees, decide");
}

#[test]
fn parallel_identical_segments_tie_to_lowest_index() {
    let net = cases_common::network();
    let idx = SegmentIndex::new(&net).unwrap();
    let road = net.segment_index("tap_arr_road").unwrap();
    let rail = net.segment_index("tap_arr_rail").unwrap();
    let s = idx.nearest(Point::new(-93.0, 15.6)).unwrap();
    assert_eq!(s.segment, road.min(rail));
}

#[test]
fn statuses_and_thread_count_independence() {
    let net = cases_common::network();
    let idx = SegmentIndex::new(&net).unwrap();
    let mut pts: Vec<Point<f64>> = (0..5000)
        .map(|i| {
            let t = i as f64 / 5000.0;
            Point::new(
                -106.0 + 20.0 * t,
                15.0 + 16.0 * ((i * 7919) % 5000) as f64 / 5000.0,
            )
        })
        .collect();
    pts.push(Point::new(f64::NAN, 10.0));
    pts.push(Point::new(-200.0, 10.0));
    let opts = SnapOptions {
        max_distance_m: 50_000.0,
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let a = one.install(|| snap_points(&idx, &pts, &opts, &Default::default()).unwrap());
    let b = three.install(|| snap_points(&idx, &pts, &opts, &Default::default()).unwrap());
    assert_eq!(a, b);
    let la = one.install(|| snap_positions(&idx, &pts, &opts, &Default::default()).unwrap());
    let lb = three.install(|| snap_positions(&idx, &pts, &opts, &Default::default()).unwrap());
    assert_eq!(la, lb);
    for (f, l) in a.iter().zip(&la) {
        assert_eq!(
            (f.status, f.nearest.map(|s| s.position())),
            (l.status, l.nearest)
        );
    }
    assert_eq!(a[5000].status, SnapStatus::Invalid);
    assert_eq!(a[5001].status, SnapStatus::Invalid);
    assert!(a.iter().any(|r| r.status == SnapStatus::Matched));
    assert!(a.iter().any(|r| r.status == SnapStatus::TooFar));
    for r in &a[..5000] {
        let n = r.nearest.unwrap();
        assert_eq!(r.status == SnapStatus::Matched, n.distance_m <= 50_000.0);
    }
}

#[test]
fn invalid_network_coordinates_are_errors_not_panics() {
    let bad = LineString::from(vec![(-92.0, 95.0), (-92.0, 16.0)]);
    assert!(SegmentIndex::from_lines(&[bad]).is_err());
    let anti = LineString::from(vec![(179.5, 0.0), (-179.5, 0.0)]);
    assert!(SegmentIndex::from_lines(&[anti]).is_err());
    let empty = SegmentIndex::from_lines(&[]).unwrap();
    assert!(empty.nearest(Point::new(0.0, 0.0)).is_none());
    assert_eq!(
        empty
            .snap(Point::new(0.0, 0.0), &SnapOptions::default())
            .status,
        SnapStatus::TooFar
    );
}
