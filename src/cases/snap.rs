//! Snapping case points to the nearest segment by geodesic (great-circle) distance.
//!
//! # Metric
//! Distances (`distance_m`) are great-circle distances on a sphere of radius
//! [`EARTH_RADIUS_M`] = 6 371 008.8 m (the haversine metric of `geo::Haversine`). Each
//! segment is read as a chain of great-circle arcs between its vertices, and the distance of
//! a point to a segment is the exact spherical distance to the closest point of that chain.
//! Offsets along a segment (`offset_m`) are geodesic lengths on the WGS84 ellipsoid
//! (`geo::Geodesic`), like [`Segment::length_m`](crate::Segment::length_m).
//!
//! # Method
//! One rstar R-tree holds the segments cut into *pieces* (at every vertex, and every
//! [`MAX_PIECE_M`] along long arcs), as planar lines in lon/lat degrees. The R-tree yields
//! pieces in order of planar distance in degrees; that order only shortlists candidates.
//! Every candidate is ranked by its exact spherical distance, and the search stops once a
//! conservative lower bound of the spherical distance, derived from the planar distance in
//! degrees, exceeds the best distance found (see [`SegmentIndex::nearest`]). The result is
//! therefore the exact geodesic nearest segment, not the planar one. Ties (e.g. a road and
//! a rail segment with the same geometry) go to the lower segment index.
//!
//! Networks and points must not straddle the antimeridian (±180° longitude).

use geo::{Coord, Distance, Geodesic, Line, LineString, Point};
use rayon::prelude::*;
use rstar::RTree;
use rstar::primitives::GeomWithData;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;
use crate::network::boxtree::{line_box, union};
use crate::progress::{Batched, NoProgress, Progress, Unit};

/// Mean Earth radius (GRS80/IUGG R1) in metres used for all snapping distances.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Longest piece (metres along the great circle) stored in the R-tree; longer arcs are cut
/// so that the planar chord stays within a few metres of the arc.
pub const MAX_PIECE_M: f64 = 50_000.0;

use crate::geodesy::{Vec3, angle, cross, dot, norm, scale, slerp, to_coord, unit};

/// The great-circle arc of a piece: all that ranking a candidate reads (a copy of each sits
/// next to its line in [`PieceTree`]).
#[derive(Clone, Copy, Debug)]
struct Arc {
    a: Vec3,
    b: Vec3,
    /// Unit normal `a × b` (zero for a degenerate piece).
    n: Vec3,
    /// Angle a→b (radians).
    len_rad: f64,
}

/// One great-circle arc of a segment.
#[derive(Clone, Debug)]
struct Piece {
    arc: Arc,
    /// Geodesic metres from the segment's `from` end to `a`.
    start_m: f64,
    /// Geodesic metres from `a` to `b`.
    len_m: f64,
}

/// Which side of the segment (looking from its `from` hub towards its `to` hub) a point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Left of the direction from → to.
    Left,
    /// Right of the direction from → to.
    Right,
    /// On the line (within floating-point precision).
    On,
}

impl Side {
    /// `left`, `right` or `on`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::On => "on",
        }
    }
}

/// Where a point lies on its nearest segment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snap {
    /// Index of the segment (as in [`Network::segment`], or the position in
    /// [`SegmentIndex::from_lines`]).
    pub segment: usize,
    /// Great-circle distance from the point to the segment, metres (sphere, R = 6 371 008.8 m).
    pub distance_m: f64,
    /// Geodesic length along the segment from its `from` end to the snapped point, metres.
    pub offset_m: f64,
    /// `offset_m` divided by the segment's geodesic length (0 at `from`, 1 at `to`).
    pub fraction: f64,
    /// Side of the segment the point lies on.
    pub side: Side,
    /// The closest point of the segment (WGS84 lon/lat).
    pub point: Point<f64>,
}

impl Snap {
    /// The snap without its closest point.
    pub fn position(&self) -> SnapPosition {
        SnapPosition {
            segment: self.segment,
            distance_m: self.distance_m,
            offset_m: self.offset_m,
            fraction: self.fraction,
            side: self.side,
        }
    }
}

/// Where a point lies on its nearest segment, without the closest point itself: a [`Snap`]
/// minus [`Snap::point`], as [`SegmentIndex::nearest_position`] and [`snap_positions`]
/// compute it.
///
/// Every field is the one [`SegmentIndex::nearest`] gives (the same computation, bit for
/// bit); only the closest point's lon/lat (a slerp and a conversion back to degrees: three
/// sines, three `atan2` and a `hypot` per point) is left out, for callers that use the
/// segment, distance and offset only.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapPosition {
    /// Index of the segment, as [`Snap::segment`].
    pub segment: usize,
    /// Great-circle distance from the point to the segment, metres, as [`Snap::distance_m`].
    pub distance_m: f64,
    /// Geodesic length along the segment from its `from` end to the snapped point, metres.
    pub offset_m: f64,
    /// `offset_m` divided by the segment's geodesic length (0 at `from`, 1 at `to`).
    pub fraction: f64,
    /// Side of the segment the point lies on.
    pub side: Side,
}

impl From<Snap> for SnapPosition {
    fn from(s: Snap) -> Self {
        s.position()
    }
}

/// Outcome of snapping one point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapStatus {
    /// The nearest segment is within the maximum distance.
    Matched,
    /// The nearest segment is farther than the maximum distance (or the network is empty).
    TooFar,
    /// The point is not a valid WGS84 coordinate (non-finite or out of range).
    Invalid,
}

impl SnapStatus {
    /// `matched`, `too_far` or `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            SnapStatus::Matched => "matched",
            SnapStatus::TooFar => "too_far",
            SnapStatus::Invalid => "invalid",
        }
    }
}

/// Result of snapping one point: the status and, unless the point was invalid or the network
/// empty, the nearest segment (also when it is too far, for diagnostics).
///
/// `S` is [`Snap`] (from [`snap_points`]) or [`SnapPosition`] (from [`snap_positions`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapResult<S = Snap> {
    /// Matched, too far or invalid.
    pub status: SnapStatus,
    /// The nearest segment, whatever its distance.
    pub nearest: Option<S>,
}

/// Options of [`snap_points`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapOptions {
    /// Points farther than this from every segment are `too_far` (metres, default 10 000).
    pub max_distance_m: f64,
}

impl SnapOptions {
    /// Checks that the maximum distance is a number ≥ 0 (infinity allowed).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] otherwise.
    pub fn validate(&self) -> Result<()> {
        if self.max_distance_m.is_nan() || self.max_distance_m < 0.0 {
            return Err(Error::invalid(
                "max_distance_m",
                format!(
                    "maximum snapping distance must be ≥ 0 m, got {}",
                    self.max_distance_m
                ),
            ));
        }
        Ok(())
    }
}

impl Default for SnapOptions {
    fn default() -> Self {
        Self {
            max_distance_m: 10_000.0,
        }
    }
}

/// R-tree node sizes: wider nodes than rstar's default (6) make the tree shallower, which
/// measured faster for point queries on ~10⁵ pieces.
#[derive(Clone, Copy, Debug)]
pub struct SnapParams;

impl rstar::RTreeParams for SnapParams {
    const MIN_SIZE: usize = 4;
    const MAX_SIZE: usize = 12;
    const REINSERTION_COUNT: usize = 3;
    type DefaultInsertionStrategy = rstar::RStarInsertionStrategy;
}

/// R-tree of segment pieces for nearest-segment queries by geodesic distance.
///
/// ```
/// use corridors::cases::{SegmentIndex, Side};
/// use geo::{line_string, Point};
/// // one segment along the equator from 0° to 1° E
/// let idx = SegmentIndex::from_lines(&[line_string![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0)]]).unwrap();
/// let s = idx.nearest(Point::new(0.5, 0.01)).unwrap();
/// assert_eq!(s.segment, 0);
/// // 0.01° of arc on a sphere of radius 6 371 008.8 m
/// assert!((s.distance_m - 1_111.95).abs() < 0.01);
/// assert!((s.fraction - 0.5).abs() < 1e-9);
/// assert_eq!(s.side, Side::Left); // north of an eastbound segment
/// ```
#[derive(Clone, Debug)]
pub struct SegmentIndex {
    /// The pieces for the walk by planar distance far from the network.
    tree: RTree<GeomWithData<Line<f64>, (u32, u32)>, SnapParams>,
    /// The same pieces, packed for the box queries near the network (the common case).
    boxes: PieceTree,
    piece_start: Vec<u32>,
    pieces: Vec<Piece>,
    seg_len_m: Vec<f64>,
    /// Largest |latitude| of any vertex, degrees.
    max_abs_lat: f64,
    /// Largest planar gap (degrees) between a piece's chord and its arc, with a safety factor.
    max_dev_deg: f64,
    /// First search half-width (degrees): a quarter of the median piece extent (measured
    /// fastest among ½, ¼ and ⅛ on the benchmark network).
    initial_radius_deg: f64,
}

impl SegmentIndex {
    /// Indexes every segment of a network (segment `e` of the result is segment `e` of `net`).
    ///
    /// # Errors
    /// As [`SegmentIndex::from_lines`].
    pub fn new(net: &Network) -> Result<Self> {
        Self::new_with_progress(net, &NoProgress)
    }

    /// [`new`](Self::new) reporting the phase `indexing segments` to `progress` (one unit
    /// per segment; the R-trees are built before [`Progress::finish`]). The index is the one
    /// of [`new`](Self::new).
    ///
    /// ```
    /// use corridors::cases::SegmentIndex;
    /// use corridors::progress::NoProgress;
    /// let (net, _) = corridors::io::load_network(&["data/mexico"], 1.0)?;
    /// let index = SegmentIndex::new_with_progress(&net, &NoProgress)?;
    /// assert_eq!(index.segment_count(), net.segment_count());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`SegmentIndex::from_lines`].
    pub fn new_with_progress(net: &Network, progress: &dyn Progress) -> Result<Self> {
        progress.phase(
            "indexing segments",
            Some(net.segment_count() as u64),
            Unit::Items,
        );
        let index = Self::from_line_iter(
            "net",
            net.segments().map(|s| &s.geometry),
            &mut Batched::new(progress, 4_096),
        );
        progress.finish();
        index
    }

    /// Indexes a list of lines (segment `i` is `lines[i]`), WGS84 lon/lat.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite or out-of-range coordinate, or a line
    /// part that crosses the antimeridian (longitude jump over 180°).
    pub fn from_lines(lines: &[LineString<f64>]) -> Result<Self> {
        Self::from_line_iter(
            "lines",
            lines.iter(),
            &mut Batched::new(&NoProgress, u64::MAX),
        )
    }

    /// `name` is the argument the lines came from, for errors.
    fn from_line_iter<'a>(
        name: &'static str,
        lines: impl Iterator<Item = &'a LineString<f64>>,
        done: &mut Batched<'_>,
    ) -> Result<Self> {
        let mut entries = Vec::new();
        let mut piece_start = vec![0u32];
        let mut pieces: Vec<Piece> = Vec::new();
        let mut seg_len_m = Vec::new();
        let mut max_abs_lat = 0.0f64;
        let mut max_dev_deg = 0.0f64;
        for (seg, ls) in lines.enumerate() {
            let mut start_m = 0.0;
            let mut part = 0u32;
            for c in &ls.0 {
                if !(c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0)
                {
                    return Err(Error::invalid(
                        name,
                        format!(
                            "segment {seg}: coordinate ({}, {}) is not a valid WGS84 lon/lat",
                            c.x, c.y
                        ),
                    ));
                }
                max_abs_lat = max_abs_lat.max(c.y.abs());
            }
            for w in ls.0.windows(2) {
                if (w[1].x - w[0].x).abs() > 180.0 {
                    return Err(Error::invalid(
                        name,
                        format!(
                            "segment {seg} crosses the antimeridian, which snapping does not support"
                        ),
                    ));
                }
                let (ua, ub) = (unit(w[0]), unit(w[1]));
                let arc = angle(ua, ub);
                let n_sub = ((arc * EARTH_RADIUS_M / MAX_PIECE_M).ceil() as usize).max(1);
                let mut prev_u = ua;
                let mut prev_c = w[0];
                for k in 1..=n_sub {
                    let (cu, cc) = if k == n_sub {
                        (ub, w[1])
                    } else {
                        let u = slerp(ua, ub, k as f64 / n_sub as f64);
                        (u, to_coord(u))
                    };
                    let len_m = Geodesic.distance(Point(prev_c), Point(cc));
                    let nv = cross(prev_u, cu);
                    let nn = norm(nv);
                    let n = if nn > 1e-15 {
                        scale(nv, 1.0 / nn)
                    } else {
                        [0.0; 3]
                    };
                    // Planar gap between chord and arc, measured at the arc's midpoint; doubled
                    // (plus a margin) to stay conservative away from the midpoint.
                    let mid = to_coord(slerp(prev_u, cu, 0.5));
                    let chord_mid = Coord {
                        x: 0.5 * (prev_c.x + cc.x),
                        y: 0.5 * (prev_c.y + cc.y),
                    };
                    let dev = (mid.x - chord_mid.x).hypot(mid.y - chord_mid.y);
                    max_dev_deg = max_dev_deg.max(2.0 * dev + 1e-9);
                    max_abs_lat = max_abs_lat.max(mid.y.abs());
                    entries.push(GeomWithData::new(Line::new(prev_c, cc), (seg as u32, part)));
                    pieces.push(Piece {
                        arc: Arc {
                            a: prev_u,
                            b: cu,
                            n,
                            len_rad: if nn > 1e-15 { angle(prev_u, cu) } else { 0.0 },
                        },
                        start_m,
                        len_m,
                    });
                    start_m += len_m;
                    part += 1;
                    prev_u = cu;
                    prev_c = cc;
                }
            }
            seg_len_m.push(start_m);
            piece_start.push(pieces.len() as u32);
            done.add(1);
        }
        let mut extents: Vec<f64> = entries
            .iter()
            .map(|e| {
                let l = e.geom();
                (l.end.x - l.start.x).abs().max((l.end.y - l.start.y).abs())
            })
            .collect();
        let initial_radius_deg = if extents.is_empty() {
            1.0
        } else {
            let mid = extents.len() / 2;
            let (_, m, _) = extents.select_nth_unstable_by(mid, f64::total_cmp);
            (0.25 * *m).clamp(1e-4, 1.0)
        };
        let boxes = PieceTree::new(&entries, &piece_start, &pieces);
        Ok(Self {
            initial_radius_deg,
            tree: RTree::bulk_load_with_params(entries),
            boxes,
            piece_start,
            pieces,
            seg_len_m,
            max_abs_lat,
            max_dev_deg,
        })
    }

    /// Number of indexed segments.
    pub fn segment_count(&self) -> usize {
        self.seg_len_m.len()
    }

    /// Number of pieces in the R-tree.
    pub fn piece_count(&self) -> usize {
        self.pieces.len()
    }

    /// Geodesic length of segment `e` computed from its geometry, metres.
    pub fn segment_length_m(&self, e: usize) -> f64 {
        self.seg_len_m[e]
    }

    /// Exact nearest segment of `p` by great-circle distance, whatever its distance; `None`
    /// for an empty index or an invalid point.
    ///
    /// The planar R-tree distance `d` (degrees) of a piece gives a lower bound of the
    /// spherical distance of every point on it: with `c = cos φmax` (φmax the largest
    /// latitude involved, plus 0.5°), haversine gives
    /// `sin²(θ/2) ≥ sin²(Δφ/2) + c² sin²(Δλ/2)`, and since `sin y ≥ y·sin Y / Y` for
    /// `y ≤ Y`, `θ ≥ 2 asin(c · sin Y/Y · min(d/2, Y))` (Y = 0.05 rad) and
    /// `θ ≥ 2 asin(c · d/π)`. The chord–arc gap of the pieces is subtracted from `d` first.
    pub fn nearest(&self, p: Point<f64>) -> Option<Snap> {
        let (seg, pi, q) = self.nearest_piece(p)?;
        let (pos, t) = self.position_on(seg, pi, q);
        let piece = &self.pieces[pi];
        Some(Snap {
            segment: pos.segment,
            distance_m: pos.distance_m,
            offset_m: pos.offset_m,
            fraction: pos.fraction,
            side: pos.side,
            point: Point(to_coord(slerp(piece.arc.a, piece.arc.b, t))),
        })
    }

    /// [`SegmentIndex::nearest`] without the closest point: the same segment, distance,
    /// offset, fraction and side (bit for bit), skipping the closest point's slerp and
    /// conversion back to lon/lat (for callers that never use [`Snap::point`], such as
    /// `corridors snap`).
    ///
    /// ```
    /// use corridors::cases::SegmentIndex;
    /// use geo::{line_string, Point};
    /// let idx = SegmentIndex::from_lines(&[line_string![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0)]]).unwrap();
    /// let p = Point::new(0.5, 0.01);
    /// assert_eq!(idx.nearest_position(p), idx.nearest(p).map(|s| s.position()));
    /// ```
    pub fn nearest_position(&self, p: Point<f64>) -> Option<SnapPosition> {
        let (seg, pi, q) = self.nearest_piece(p)?;
        Some(self.position_on(seg, pi, q).0)
    }

    /// Where unit vector `q` lies on piece `pi` of segment `seg`, and the fraction `t` of
    /// the piece at its closest point.
    fn position_on(&self, seg: usize, pi: usize, q: Vec3) -> (SnapPosition, f64) {
        let piece = &self.pieces[pi];
        let (ang, t, s) = arc_distance(&piece.arc, q);
        let offset_m = piece.start_m + t * piece.len_m;
        let len = self.seg_len_m[seg];
        let fraction = if len > 0.0 {
            (offset_m / len).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let side = if s > 0.0 {
            Side::Left
        } else if s < 0.0 {
            Side::Right
        } else {
            Side::On
        };
        let pos = SnapPosition {
            segment: seg,
            distance_m: ang * EARTH_RADIUS_M,
            offset_m,
            fraction,
            side,
        };
        (pos, t)
    }

    /// The search of [`SegmentIndex::nearest`]: the segment and piece nearest to `p`, and
    /// `p`'s unit vector.
    fn nearest_piece(&self, p: Point<f64>) -> Option<(usize, usize, Vec3)> {
        let (x, y) = (p.x(), p.y());
        if !(x.is_finite() && y.is_finite() && x.abs() <= 180.0 && y.abs() <= 90.0) {
            return None;
        }
        let q = unit(p.0);
        const Y: f64 = 0.05;
        let k = Y.sin() / Y;
        // (squared chord, segment, piece index)
        let mut best: Option<(f64, u32, usize)> = None;
        // Candidates are ranked by squared chord length (monotone in the great-circle
        // distance, and free of trigonometry); the angle is computed for the winner only.
        // Within the box search every candidate lies within 6° (+ chord gap) of p's latitude
        // (see below), which gives the local scale c_q of the lower bound.
        let c_q = (y.abs() + 6.0 + self.max_dev_deg)
            .min(90.0)
            .to_radians()
            .cos();
        // Valid while the best angle is below limit_q: a piece beyond 6° of latitude is then
        // farther than the best (|Δφ| > 6° > limit_q), and one within 6° obeys the bound
        // with c_q.
        // limit_q = 2 asin(c_q k Y), kept as its squared chord (ch = 2 sin(θ/2) is increasing
        // in θ): the hot path compares chords, without an asin per point and per improvement.
        let limit_c2 = {
            let ch = 2.0 * c_q * k * Y;
            ch * ch
        };
        // planar radius (degrees) that a piece must be within to beat squared chord c2
        let r_need = |c2: f64| (c2.sqrt() / (c_q * k)).to_degrees() + self.max_dev_deg;
        let ang_of = |c2: f64| 2.0 * (0.5 * c2.sqrt()).min(1.0).asin();
        let mut r_cut2 = f64::INFINITY;
        let mut consider = |line: &Line<f64>,
                            (seg, pi): (u32, u32),
                            arc: &Arc,
                            best: &mut Option<(f64, u32, usize)>| {
            // cheap planar pre-filter on the tree's own copy of the line
            if line_distance2(line, p.0) > r_cut2 {
                return;
            }
            let pi = pi as usize;
            let c2 = arc_chord2(arc, q);
            let better = match *best {
                None => true,
                Some(b) => c2 < b.0 || (c2 == b.0 && (seg, pi) < (b.1, b.2)),
            };
            if better {
                *best = Some((c2, seg, pi));
                if c2 < limit_c2 {
                    let r = r_need(c2);
                    r_cut2 = r * r * (1.0 + 1e-9);
                }
            }
        };
        // Search boxes of growing half-width r (degrees) around p. Once a best distance D is
        // known, every piece that can beat it lies within planar radius r_need(D) (inverse of
        // the first lower bound below with c_q, valid while D < limit_q); when the box
        // already covers that radius, the answer is exact.
        let mut r = self.initial_radius_deg;
        let mut exhaustive = false;
        loop {
            self.boxes
                .for_each_meeting([x - r, y - r, x + r, y + r], &mut |line, ids, arc| {
                    consider(line, ids, arc, &mut best)
                });
            match best {
                Some(b) if b.0 < limit_c2 => {
                    // Chord ch = 2 sin(θ/2): pieces within θ lie within planar
                    // ch / (c_q k) radians, i.e. r_need; r_need ≤ 2Y rad < 6° since θ < limit_q.
                    let need = r_need(b.0);
                    if need <= r {
                        break;
                    }
                    r = need * (1.0 + 1e-9);
                }
                Some(_) => {
                    exhaustive = true;
                    break;
                }
                None if r > 5.0 || self.pieces.is_empty() => {
                    exhaustive = true;
                    break;
                }
                None => r *= 4.0,
            }
        }
        if exhaustive {
            // Far from the network: walk pieces by planar distance until the bound stops us.
            let phi_max = (self.max_abs_lat.max(y.abs()) + 0.5).min(90.0).to_radians();
            let c = phi_max.cos();
            let lower_bound = |d2: f64| -> f64 {
                let d = (d2.sqrt() - self.max_dev_deg).max(0.0).to_radians();
                let lb1 = 2.0 * (c * k * (0.5 * d).min(Y)).min(1.0).asin();
                let lb2 = 2.0 * (c * d / std::f64::consts::PI).min(1.0).asin();
                lb1.max(lb2)
            };
            for (obj, d2) in self.tree.nearest_neighbor_iter_with_distance_2(&p) {
                if best.is_some_and(|b| lower_bound(d2) > ang_of(b.0)) {
                    break;
                }
                let (seg, part) = obj.data;
                let pi = self.piece_start[seg as usize] as usize + part as usize;
                let c2 = arc_chord2(&self.pieces[pi].arc, q);
                if best.is_none_or(|b| c2 < b.0 || (c2 == b.0 && (seg, pi) < (b.1, b.2))) {
                    best = Some((c2, seg, pi));
                }
            }
        }
        let (_, seg, pi) = best?;
        Some((seg as usize, pi, q))
    }

    /// Snaps one point with a maximum distance.
    pub fn snap(&self, p: Point<f64>, opts: &SnapOptions) -> SnapResult {
        snap_with(p, opts, |p| self.nearest(p), |s| s.distance_m)
    }

    /// [`SegmentIndex::snap`] without the closest point (see
    /// [`SegmentIndex::nearest_position`]).
    pub fn snap_position(&self, p: Point<f64>, opts: &SnapOptions) -> SnapResult<SnapPosition> {
        snap_with(p, opts, |p| self.nearest_position(p), |s| s.distance_m)
    }
}

/// Snaps one point with `nearest` (a snap, or a snap without its point) and its distance.
fn snap_with<S>(
    p: Point<f64>,
    opts: &SnapOptions,
    nearest: impl Fn(Point<f64>) -> Option<S>,
    distance_m: impl Fn(&S) -> f64,
) -> SnapResult<S> {
    let valid =
        p.x().is_finite() && p.y().is_finite() && p.x().abs() <= 180.0 && p.y().abs() <= 90.0;
    if !valid {
        return SnapResult {
            status: SnapStatus::Invalid,
            nearest: None,
        };
    }
    let nearest = nearest(p);
    let status = match &nearest {
        Some(s) if distance_m(s) <= opts.max_distance_m => SnapStatus::Matched,
        _ => SnapStatus::TooFar,
    };
    SnapResult { status, nearest }
}

/// Whether the closest point of the piece's great circle to `q` (direction `proj`) lies on
/// the arc a→b.
fn inside_arc(pc: &Arc, proj: Vec3) -> bool {
    dot(cross(pc.a, proj), pc.n) >= 0.0 && dot(cross(proj, pc.b), pc.n) >= 0.0
}

/// Squared chord length from `q` to the closest point of the arc (monotone in the
/// great-circle distance; the same case analysis as [`arc_distance`]).
fn arc_chord2(pc: &Arc, q: Vec3) -> f64 {
    let s = dot(q, pc.n);
    if pc.len_rad > 0.0 {
        let proj = [q[0] - s * pc.n[0], q[1] - s * pc.n[1], q[2] - s * pc.n[2]];
        let pn = norm(proj);
        if pn > 1e-15 && inside_arc(pc, proj) {
            // |q - c|² with c = proj/|proj|: 2 - 2 cos θ, written without cancellation
            return 2.0 * s * s / (1.0 + pn);
        }
    }
    let da = [q[0] - pc.a[0], q[1] - pc.a[1], q[2] - pc.a[2]];
    let db = [q[0] - pc.b[0], q[1] - pc.b[1], q[2] - pc.b[2]];
    dot(da, da).min(dot(db, db))
}

/// Spherical distance (radians) from unit vector `q` to an arc, the fraction along it of the
/// closest point, and the signed sine of the offset from the arc's great circle (> 0: left).
fn arc_distance(pc: &Arc, q: Vec3) -> (f64, f64, f64) {
    let s = dot(q, pc.n);
    if pc.len_rad > 0.0 {
        let proj = [q[0] - s * pc.n[0], q[1] - s * pc.n[1], q[2] - s * pc.n[2]];
        let pn = norm(proj);
        if pn > 1e-15 && inside_arc(pc, proj) {
            let cpt = scale(proj, 1.0 / pn);
            {
                let ang = s.abs().atan2(pn);
                let t = (angle(pc.a, cpt) / pc.len_rad).clamp(0.0, 1.0);
                return (ang, t, s);
            }
        }
    }
    let da = [q[0] - pc.a[0], q[1] - pc.a[1], q[2] - pc.a[2]];
    let db = [q[0] - pc.b[0], q[1] - pc.b[1], q[2] - pc.b[2]];
    if dot(db, db) < dot(da, da) {
        (angle(q, pc.b), 1.0, s)
    } else {
        (angle(q, pc.a), 0.0, s)
    }
}

/// Snaps many points in parallel (rayon); the result has one entry per point, in order, and
/// does not depend on the number of threads (each point is snapped independently).
///
/// # Arguments
/// * `index`: the segments to snap to.
/// * `points`: WGS84 `[lon, lat]` points; invalid ones come back [`SnapStatus::Invalid`].
/// * `opts`: the largest snapping distance.
/// * `exec`: progress (one unit per point), cancellation (polled every 1 024 points) and the
///   parallel threshold (in points).
///
/// # Returns
/// One [`SnapResult`] per point, in input order.
///
/// # Complexity
/// `O(p log p)` to sort the points in Z-order, then one R-tree query per point
/// (`O(log m)` typical for `m` segment pieces).
///
/// # Errors
/// [`crate::Error::Cancelled`] when `exec` asks to stop.
///
/// # Example
/// ```
/// use corridors::cases::{snap_points, SegmentIndex, SnapOptions, SnapStatus};
/// use geo::{line_string, Point};
/// let idx = SegmentIndex::from_lines(&[line_string![(x: -99.0, y: 19.0), (x: -98.0, y: 19.0)]]).unwrap();
/// let pts = [Point::new(-98.5, 19.001), Point::new(-98.5, 21.0), Point::new(f64::NAN, 0.0)];
/// let r = snap_points(&idx, &pts, &SnapOptions { max_distance_m: 5_000.0 }, &Default::default())?;
/// let st: Vec<_> = r.iter().map(|r| r.status).collect();
/// assert_eq!(st, [SnapStatus::Matched, SnapStatus::TooFar, SnapStatus::Invalid]);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn snap_points(
    index: &SegmentIndex,
    points: &[Point<f64>],
    opts: &SnapOptions,
    exec: &Exec,
) -> Result<Vec<SnapResult>> {
    snap_all(points, exec, |p| index.snap(p, opts))
}

/// [`snap_points`] without the closest points: one [`SnapResult<SnapPosition>`] per point, in
/// input order, each the [`Snap::position`] of what [`snap_points`] returns (the same
/// segment, distance, offset, fraction and side, bit for bit), skipping the slerp and lon/lat
/// conversion of the closest point. For callers that never use [`Snap::point`]; each result
/// is also a quarter smaller (48 bytes instead of 64 on 64-bit targets).
///
/// # Arguments, Returns, Complexity, Errors
/// As [`snap_points`].
///
/// # Example
/// ```
/// use corridors::cases::{snap_points, snap_positions, SegmentIndex, SnapOptions};
/// use geo::{line_string, Point};
/// let idx = SegmentIndex::from_lines(&[line_string![(x: -99.0, y: 19.0), (x: -98.0, y: 19.0)]]).unwrap();
/// let pts = [Point::new(-98.5, 19.001), Point::new(-98.5, 21.0), Point::new(f64::NAN, 0.0)];
/// let opts = SnapOptions { max_distance_m: 5_000.0 };
/// let full = snap_points(&idx, &pts, &opts, &Default::default())?;
/// let lean = snap_positions(&idx, &pts, &opts, &Default::default())?;
/// for (f, l) in full.iter().zip(&lean) {
///     assert_eq!(f.status, l.status);
///     assert_eq!(f.nearest.map(|s| s.position()), l.nearest);
/// }
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn snap_positions(
    index: &SegmentIndex,
    points: &[Point<f64>],
    opts: &SnapOptions,
    exec: &Exec,
) -> Result<Vec<SnapResult<SnapPosition>>> {
    snap_all(points, exec, |p| index.snap_position(p, opts))
}

/// The body of [`snap_points`] and [`snap_positions`]: `snap_one` on every point, in Z-order,
/// results in input order.
fn snap_all<S: Copy + Send>(
    points: &[Point<f64>],
    exec: &Exec,
    snap_one: impl Fn(Point<f64>) -> SnapResult<S> + Sync,
) -> Result<Vec<SnapResult<S>>> {
    // Query in Z-order (Morton code of the quantised lon/lat): consecutive queries then walk
    // the same R-tree nodes while they are still in cache. Results go back to input order,
    // and each point's answer is independent of the order it is asked in.
    const BLOCK: usize = 1024;
    exec.check()?;
    exec.progress.start(points.len() as u64);
    let parallel = exec.parallel(points.len());
    let mut order: Vec<(u32, usize)> = if parallel {
        points
            .par_iter()
            .enumerate()
            .map(|(i, p)| (morton_key(*p), i))
            .collect()
    } else {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| (morton_key(*p), i))
            .collect()
    };
    // (key, index) pairs are distinct, so an unstable sort has one possible result
    if parallel {
        order.par_sort_unstable();
    } else {
        order.sort_unstable();
    }
    let run_block = |block: &[(u32, usize)]| -> Result<Vec<SnapResult<S>>> {
        exec.check()?;
        // The block's points first, in query order: this loop's loads are independent, so
        // their cache misses overlap (inside the queries each waited for the one before).
        let pts: Vec<Point<f64>> = block.iter().map(|&(_, i)| points[i]).collect();
        let v: Vec<SnapResult<S>> = pts.iter().map(|&p| snap_one(p)).collect();
        exec.progress.inc(block.len() as u64);
        Ok(v)
    };
    let blocks: Vec<Vec<SnapResult<S>>> = if parallel {
        order
            .par_chunks(BLOCK)
            .map(run_block)
            .collect::<Result<_>>()?
    } else {
        order.chunks(BLOCK).map(run_block).collect::<Result<_>>()?
    };
    exec.progress.finish();
    let snapped = blocks.into_iter().flatten();
    let mut out = vec![
        SnapResult {
            status: SnapStatus::Invalid,
            nearest: None,
        };
        points.len()
    ];
    for (&(_, i), r) in order.iter().zip(snapped) {
        out[i] = r;
    }
    Ok(out)
}

/// Squared planar distance (degrees²) from `p` to a line: the textbook projection, without
/// the `hypot` of geo's `distance_2`. Only the pre-filter of [`SegmentIndex::nearest`] uses
/// it, against a cut with a relative margin of 10⁻⁹, far above the rounding difference.
fn line_distance2(l: &Line<f64>, p: Coord<f64>) -> f64 {
    let (s, e) = (l.start, l.end);
    let d2 = |a: Coord<f64>| (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y);
    let (dx, dy) = (e.x - s.x, e.y - s.y);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return d2(s);
    }
    let r = ((p.x - s.x) * dx + (p.y - s.y) * dy) / len2;
    if r <= 0.0 {
        d2(s)
    } else if r >= 1.0 {
        d2(e)
    } else {
        let c = (s.y - p.y) * dx - (s.x - p.x) * dy;
        c * c / len2
    }
}

/// Children per node of [`PieceTree`].
const NODE: usize = 16;

/// A static packed R-tree of the pieces for the box queries of [`SegmentIndex::nearest`]:
/// the lines sorted in Z-order of their midpoints, grouped [`NODE`] at a time, the groups'
/// bounding boxes grouped again up to one root, every level in one flat array.
///
/// It answers the same question as rstar's `locate_in_envelope_intersecting` (every line
/// whose bounding box meets the query box, bounds inclusive), so the candidates, and with
/// them the answer, are the same; what it saves is the walk: no node enum, no per-query
/// stack allocation, and each line sits next to its arc (`arcs`) and ids, in tree order, so
/// that neighbouring candidates are neighbours in memory. The box walk was a fifth of the
/// whole `corridors snap` run with rstar's tree.
#[derive(Clone, Debug)]
struct PieceTree {
    /// The pieces' planar lines (lon/lat degrees), in tree order.
    lines: Vec<Line<f64>>,
    /// (segment, piece index) of each line.
    ids: Vec<(u32, u32)>,
    /// The arc of each line.
    arcs: Vec<Arc>,
    /// Bounding boxes `[min x, min y, max x, max y]` of the nodes, level by level: first the
    /// groups of [`NODE`] lines, last the root.
    boxes: Vec<[f64; 4]>,
    /// Where each level starts in `boxes`, and the end of the last.
    levels: Vec<usize>,
}

impl PieceTree {
    fn new(
        entries: &[GeomWithData<Line<f64>, (u32, u32)>],
        piece_start: &[u32],
        pieces: &[Piece],
    ) -> Self {
        let all = union(entries.iter().map(|e| line_box(e.geom())));
        let mut order: Vec<(u32, u32)> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let l = e.geom();
                let mid = Point::new(0.5 * (l.start.x + l.end.x), 0.5 * (l.start.y + l.end.y));
                (hilbert_key_in(mid, all), i as u32)
            })
            .collect();
        order.sort_unstable();
        let mut tree = PieceTree {
            lines: Vec::with_capacity(order.len()),
            ids: Vec::with_capacity(order.len()),
            arcs: Vec::with_capacity(order.len()),
            boxes: Vec::new(),
            levels: vec![0],
        };
        for &(_, i) in &order {
            let e = &entries[i as usize];
            let (seg, part) = e.data;
            let pi = piece_start[seg as usize] + part;
            tree.lines.push(*e.geom());
            tree.ids.push((seg, pi));
            tree.arcs.push(pieces[pi as usize].arc);
        }
        for group in tree.lines.chunks(NODE) {
            tree.boxes.push(union(group.iter().map(line_box)));
        }
        tree.levels.push(tree.boxes.len());
        while let [.., start, end] = tree.levels[..]
            && end - start > 1
        {
            for g in (start..end).step_by(NODE) {
                let b = union(tree.boxes[g..(g + NODE).min(end)].iter().copied());
                tree.boxes.push(b);
            }
            tree.levels.push(tree.boxes.len());
        }
        tree
    }

    /// Calls `f` on every line whose bounding box meets `env` (`[min x, min y, max x, max y]`,
    /// bounds inclusive), with its ids and arc.
    fn for_each_meeting(&self, env: [f64; 4], f: &mut impl FnMut(&Line<f64>, (u32, u32), &Arc)) {
        if self.lines.is_empty() {
            return;
        }
        let root = self.levels.len() - 1;
        if meets(&self.boxes[self.levels[root - 1]], &env) {
            self.visit(root, 0, &env, f);
        }
    }

    /// Visits the children of node `node` of level `level` (level 1: groups of lines).
    fn visit(
        &self,
        level: usize,
        node: usize,
        env: &[f64; 4],
        f: &mut impl FnMut(&Line<f64>, (u32, u32), &Arc),
    ) {
        let first = node * NODE;
        if level == 1 {
            for i in first..(first + NODE).min(self.lines.len()) {
                let l = &self.lines[i];
                if meets(&line_box(l), env) {
                    f(l, self.ids[i], &self.arcs[i]);
                }
            }
        } else {
            let (start, end) = (self.levels[level - 2], self.levels[level - 1]);
            for c in first..(first + NODE).min(end - start) {
                if meets(&self.boxes[start + c], env) {
                    self.visit(level - 1, c, env, f);
                }
            }
        }
    }
}

/// Whether two boxes `[min x, min y, max x, max y]` meet (bounds inclusive, as rstar's
/// `AABB::intersects`).
fn meets(b: &[f64; 4], env: &[f64; 4]) -> bool {
    b[0] <= env[2] && env[0] <= b[2] && b[1] <= env[3] && env[1] <= b[3]
}

/// Hilbert-curve key of a point within the box `all` on a 65 536 × 65 536 grid: runs of
/// consecutive keys are compact blobs (the Z-order jumps across the box), which keeps the
/// packed nodes of [`PieceTree`] small. The bit-parallel construction of Flatbush
/// (V. Agafonkin, after "Fast Hilbert curve generation" by rawrunprotected).
fn hilbert_key_in(p: Point<f64>, all: [f64; 4]) -> u32 {
    let span = |lo: f64, hi: f64| if hi > lo { hi - lo } else { 1.0 };
    let x = q16(p.x(), all[0], span(all[0], all[2]));
    let y = q16(p.y(), all[1], span(all[1], all[3]));
    let mut a = x ^ y;
    let mut b = 0xffff ^ a;
    let mut c = 0xffff ^ (x | y);
    let mut d = x & (y ^ 0xffff);
    let mut aa = a | (b >> 1);
    let mut bb = (a >> 1) ^ a;
    let mut cc = ((c >> 1) ^ (b & (d >> 1))) ^ c;
    let mut dd = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
    for shift in [2, 4] {
        (a, b, c, d) = (aa, bb, cc, dd);
        aa = (a & (a >> shift)) ^ (b & (b >> shift));
        bb = (a & (b >> shift)) ^ (b & ((a ^ b) >> shift));
        cc ^= (a & (c >> shift)) ^ (b & (d >> shift));
        dd ^= (b & (c >> shift)) ^ ((a ^ b) & (d >> shift));
    }
    (a, b, c, d) = (aa, bb, cc, dd);
    cc ^= (a & (c >> 8)) ^ (b & (d >> 8));
    dd ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
    let a = cc ^ (cc >> 1);
    let b = dd ^ (dd >> 1);
    let i0 = x ^ y;
    let i1 = b | (0xffff ^ (i0 | a));
    (spread(i1) << 1) | spread(i0)
}

/// `v` quantised to 16 bits over `[lo, lo + span]` (non-finite: the top).
fn q16(v: f64, lo: f64, span: f64) -> u32 {
    if v.is_finite() {
        (((v - lo) / span).clamp(0.0, 1.0) * 65_535.0) as u32
    } else {
        65_535
    }
}

/// Spreads the 16 low bits of `v` over the even bits of a u32.
fn spread(v: u32) -> u32 {
    let mut v = v & 0xffff;
    v = (v | (v << 8)) & 0x00ff_00ff;
    v = (v | (v << 4)) & 0x0f0f_0f0f;
    v = (v | (v << 2)) & 0x3333_3333;
    (v | (v << 1)) & 0x5555_5555
}

/// Z-order key of a lon/lat point on a 65 536 × 65 536 grid (invalid points sort last).
fn morton_key(p: Point<f64>) -> u32 {
    spread(q16(p.x(), -180.0, 360.0)) | (spread(q16(p.y(), -90.0, 180.0)) << 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lines() -> impl Strategy<Value = Vec<LineString<f64>>> {
        // clustered and spread lines, short and up to 3° long (cut into several pieces)
        let coord = (-110.0..-86.0f64, 14.0..33.0f64);
        let line = (
            coord,
            prop::collection::vec((-3.0..3.0f64, -3.0..3.0f64), 1..4),
        )
            .prop_map(|(s, steps)| {
                let mut pts = vec![s];
                for (dx, dy) in steps {
                    let (x, y) = *pts.last().unwrap();
                    pts.push((x + dx, (y + dy).clamp(-80.0, 80.0)));
                }
                LineString::from(pts)
            });
        prop::collection::vec(line, 0..400)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The packed tree finds exactly the pieces rstar's `locate_in_envelope_intersecting`
        /// finds (the box walk of `nearest` relies on it), with the right ids and arcs.
        #[test]
        fn packed_tree_meets_what_rstar_meets(
            lines in lines(),
            boxes in prop::collection::vec(
                (-115.0..-80.0f64, 10.0..38.0f64, 0.0..4.0f64, 0.0..4.0f64), 1..20),
        ) {
            let idx = SegmentIndex::from_lines(&lines).unwrap();
            for (x, y, w, h) in boxes {
                let env = rstar::AABB::from_corners(Point::new(x, y), Point::new(x + w, y + h));
                let mut want: Vec<(u32, u32)> = idx
                    .tree
                    .locate_in_envelope_intersecting(&env)
                    .map(|o| (o.data.0, idx.piece_start[o.data.0 as usize] + o.data.1))
                    .collect();
                let mut got = Vec::new();
                idx.boxes.for_each_meeting([x, y, x + w, y + h], &mut |l, (seg, pi), arc| {
                    let piece = &idx.pieces[pi as usize];
                    assert_eq!((arc.a, arc.b, arc.n), (piece.arc.a, piece.arc.b, piece.arc.n));
                    assert_eq!(line_box(l), {
                        let e = rstar::RTreeObject::envelope(&Line::new(l.start, l.end));
                        [e.lower().x(), e.lower().y(), e.upper().x(), e.upper().y()]
                    });
                    got.push((seg, pi));
                });
                want.sort_unstable();
                got.sort_unstable();
                prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn position_results_are_a_quarter_smaller() {
        assert_eq!(std::mem::size_of::<SnapResult<SnapPosition>>(), 48);
        assert_eq!(std::mem::size_of::<SnapResult>(), 64);
    }

    #[test]
    fn packed_tree_levels_end_in_one_root() {
        let ls: Vec<LineString<f64>> = (0..1000)
            .map(|i| {
                let x = -100.0 + (i % 40) as f64 * 0.3;
                let y = 15.0 + (i / 40) as f64 * 0.3;
                LineString::from(vec![(x, y), (x + 0.2, y + 0.1)])
            })
            .collect();
        let idx = SegmentIndex::from_lines(&ls).unwrap();
        let t = &idx.boxes;
        assert_eq!(t.lines.len(), 1000);
        assert_eq!(
            t.levels[t.levels.len() - 1] - t.levels[t.levels.len() - 2],
            1
        );
        // every piece once
        let mut ids: Vec<u32> = t.ids.iter().map(|&(_, pi)| pi).collect();
        ids.sort_unstable();
        assert!(ids.iter().copied().eq(0..1000));
    }
}
