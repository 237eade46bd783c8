//! Positions on the network, network distances between them and simulation under a null.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::Null;
use crate::error::{Error, Result};
use crate::network::Network;

/// A position on the network: a segment, an offset in metres from its `from` end (on the
/// segment's `length_m`) and a weight (1 for one case).
///
/// ```
/// use corridors::stats::NetPoint;
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let p = NetPoint::at_fraction(&net, 0, 0.25)?;
/// assert!((p.offset_m - 0.25 * net.segment(0).length_m).abs() < 1e-9);
/// assert!(NetPoint::at_fraction(&net, 0, 1.5).is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetPoint {
    /// Segment index (as in [`Network::segment`]).
    pub segment: usize,
    /// Metres from the segment's `from` end, `0 ≤ offset_m ≤ length_m`.
    pub offset_m: f64,
    /// Weight of the point (1 for one case).
    pub weight: f64,
}

impl NetPoint {
    /// A point of weight 1.
    pub fn new(segment: usize, offset_m: f64) -> Self {
        Self {
            segment,
            offset_m,
            weight: 1.0,
        }
    }

    /// The point at `fraction` of segment `segment` (offset = `fraction × length_m`), as
    /// `corridors snap` writes it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the segment does not exist or `fraction ∉ [0, 1]`.
    pub fn at_fraction(net: &Network, segment: usize, fraction: f64) -> Result<Self> {
        if segment >= net.segment_count() {
            return Err(Error::invalid("segment", format!("no segment {segment}")));
        }
        if !(0.0..=1.0).contains(&fraction) {
            return Err(Error::invalid(
                "fraction",
                format!("{fraction} is not within [0, 1]"),
            ));
        }
        Ok(Self::new(segment, fraction * net.segment(segment).length_m))
    }
}

/// Checks that every point lies on a segment of `net`.
pub(crate) fn check_points(net: &Network, pts: &[NetPoint], name: &'static str) -> Result<()> {
    for (k, p) in pts.iter().enumerate() {
        if p.segment >= net.segment_count() {
            return Err(Error::invalid(
                name,
                format!("point {k}: no segment {}", p.segment),
            ));
        }
        let l = net.segment(p.segment).length_m;
        if !(p.offset_m >= 0.0 && p.offset_m <= l) {
            return Err(Error::invalid(
                name,
                format!(
                    "point {k}: offset {} m is not within [0, {l}] m",
                    p.offset_m
                ),
            ));
        }
        if !(p.weight.is_finite() && p.weight >= 0.0) {
            return Err(Error::invalid(
                name,
                format!("point {k}: weight must be >= 0"),
            ));
        }
    }
    Ok(())
}

/// How node-to-node distances are obtained.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DistanceOracle {
    /// `Dense` when the network has at most 2 000 hubs and at most 5 000 points,
    /// `Bounded` otherwise.
    #[default]
    Auto,
    /// One hub × hub matrix, computed once and reused for every replicate (`O(V²)` memory).
    Dense,
    /// Two bounded Dijkstras from the ends of every occupied segment (memory grows with the
    /// points and the segments, never with hubs²).
    Bounded,
}

/// Every pair `i < j` of points whose network distance is at most a cutoff, sorted by
/// distance (ties by `(i, j)`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PairDistances {
    /// First point of each pair.
    pub i: Vec<u32>,
    /// Second point of each pair (`j > i`).
    pub j: Vec<u32>,
    /// Network distance, metres.
    pub d: Vec<f64>,
}

/// Node distances are stored as the bits of non-negative f64, which order like the numbers.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u64);

/// Reusable Dijkstra buffers (one per thread).
pub(crate) struct Workspace {
    dist: Vec<f64>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(Key, u32)>>,
}

impl Workspace {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            dist: vec![f64::INFINITY; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            self.dist[v as usize] = f64::INFINITY;
        }
        self.touched.clear();
        self.heap.clear();
    }

    pub(crate) fn dist(&self, v: usize) -> f64 {
        self.dist[v]
    }

    pub(crate) fn touched(&self) -> &[u32] {
        &self.touched
    }
}

/// The undirected length graph of a network with its segments' ends.
pub(crate) struct Graph {
    offsets: Vec<u32>,
    /// (neighbour, segment) per arc.
    arcs: Vec<(u32, u32)>,
    /// Length per arc.
    lens: Vec<f64>,
    /// Which end of its segment each arc leaves from (0 = `from`, 1 = `to`).
    arc_end: Vec<u8>,
    /// `(from, to)` per segment.
    pub ends: Vec<(u32, u32)>,
    /// `length_m` per segment.
    pub length: Vec<f64>,
}

impl Graph {
    pub(crate) fn new(net: &Network) -> Self {
        let n = net.hub_count();
        let m = net.segment_count();
        let ends: Vec<(u32, u32)> = (0..m)
            .map(|e| {
                let (a, b) = net.endpoints(e);
                (a as u32, b as u32)
            })
            .collect();
        let length: Vec<f64> = net.segments().map(|s| s.length_m).collect();
        let mut deg = vec![0u32; n + 1];
        for &(a, b) in &ends {
            deg[a as usize] += 1;
            deg[b as usize] += 1;
        }
        let mut offsets = vec![0u32; n + 1];
        for v in 0..n {
            offsets[v + 1] = offsets[v] + deg[v];
        }
        let mut fill = offsets.clone();
        let mut arcs = vec![(0u32, 0u32); 2 * m];
        let mut lens = vec![0.0; 2 * m];
        let mut arc_end = vec![0u8; 2 * m];
        for (e, &(a, b)) in ends.iter().enumerate() {
            for (end, (x, y)) in [(a, b), (b, a)].into_iter().enumerate() {
                let k = fill[x as usize] as usize;
                arcs[k] = (y, e as u32);
                lens[k] = length[e];
                arc_end[k] = end as u8;
                fill[x as usize] += 1;
            }
        }
        Self {
            offsets,
            arcs,
            lens,
            arc_end,
            ends,
            length,
        }
    }

    pub(crate) fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Segment ends at hub `v`: `(neighbour, segment)`; a loop appears twice.
    pub(crate) fn incident(&self, v: usize) -> &[(u32, u32)] {
        &self.arcs[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }

    /// Segment ends at hub `v` as `(segment, end)`, `end` 0 for `from`, 1 for `to`; a loop
    /// gives both of its ends.
    pub(crate) fn branches(&self, v: usize) -> impl Iterator<Item = (usize, u8)> + '_ {
        let r = self.offsets[v] as usize..self.offsets[v + 1] as usize;
        self.arcs[r.clone()]
            .iter()
            .zip(&self.arc_end[r])
            .map(|(&(_, t), &e)| (t as usize, e))
    }

    /// Number of segment ends at hub `v`.
    pub(crate) fn degree(&self, v: usize) -> usize {
        (self.offsets[v + 1] - self.offsets[v]) as usize
    }

    /// Dijkstra from `sources` (hub, start distance), settling hubs up to `cutoff`.
    pub(crate) fn dijkstra(&self, ws: &mut Workspace, sources: &[(usize, f64)], cutoff: f64) {
        ws.reset();
        for &(s, d0) in sources {
            if d0 <= cutoff && d0 < ws.dist[s] {
                if ws.dist[s].is_infinite() {
                    ws.touched.push(s as u32);
                }
                ws.dist[s] = d0;
                ws.heap.push(Reverse((Key(d0.to_bits()), s as u32)));
            }
        }
        while let Some(Reverse((Key(bits), v))) = ws.heap.pop() {
            let d = f64::from_bits(bits);
            let v = v as usize;
            if d > ws.dist[v] {
                continue;
            }
            for k in self.offsets[v] as usize..self.offsets[v + 1] as usize {
                let (w, _) = self.arcs[k];
                let nd = d + self.lens[k];
                let w = w as usize;
                if nd <= cutoff && nd < ws.dist[w] {
                    if ws.dist[w].is_infinite() {
                        ws.touched.push(w as u32);
                    }
                    ws.dist[w] = nd;
                    ws.heap.push(Reverse((Key(nd.to_bits()), w as u32)));
                }
            }
        }
    }

    /// All hub-to-hub distances (`V` Dijkstras), row-major, `∞` between components.
    pub(crate) fn dense(&self) -> Vec<f64> {
        let n = self.node_count();
        let mut out = vec![f64::INFINITY; n * n];
        let mut ws = Workspace::new(n);
        for s in 0..n {
            self.dijkstra(&mut ws, &[(s, 0.0)], f64::INFINITY);
            for &v in ws.touched() {
                out[s * n + v as usize] = ws.dist(v as usize);
            }
        }
        out
    }
}

/// The four-route rule between points on different segments, given the distances from the
/// ends of `a`'s segment (`du`, `dv`) to the ends of `b`'s segment.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn four_route(
    oa: f64,
    la: f64,
    ob: f64,
    lb: f64,
    du_x: f64,
    du_y: f64,
    dv_x: f64,
    dv_y: f64,
) -> f64 {
    let (ra, rb) = (la - oa, lb - ob);
    (oa + du_x + ob)
        .min(oa + du_y + rb)
        .min(ra + dv_x + ob)
        .min(ra + dv_y + rb)
}

/// Two points on one segment: the direct stretch, or out through one end and back through
/// the other (a loop, or a shorter parallel), with `d_uv` the hub distance between the ends.
#[inline]
pub(crate) fn same_segment(oa: f64, ob: f64, l: f64, d_uv: f64) -> f64 {
    let (lo, hi) = if oa <= ob { (oa, ob) } else { (ob, oa) };
    (hi - lo).min(lo + d_uv + (l - hi))
}

/// Points grouped by segment (a counting sort).
pub(crate) struct Indexed<'a> {
    pub pts: &'a [NetPoint],
    start: Vec<u32>,
    order: Vec<u32>,
}

impl<'a> Indexed<'a> {
    pub(crate) fn new(pts: &'a [NetPoint], m: usize) -> Self {
        let mut start = vec![0u32; m + 1];
        for p in pts {
            start[p.segment + 1] += 1;
        }
        for s in 0..m {
            start[s + 1] += start[s];
        }
        let mut fill = start.clone();
        let mut order = vec![0u32; pts.len()];
        for (k, p) in pts.iter().enumerate() {
            order[fill[p.segment] as usize] = k as u32;
            fill[p.segment] += 1;
        }
        Self { pts, start, order }
    }

    /// Indices of the points on segment `s`, in input order.
    pub(crate) fn on(&self, s: usize) -> &[u32] {
        &self.order[self.start[s] as usize..self.start[s + 1] as usize]
    }

    /// Segments with at least one point, ascending.
    pub(crate) fn occupied(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.start.len() - 1).filter(|&s| self.start[s + 1] > self.start[s])
    }
}

/// Which pairs [`Engine::pairs_from`] reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairMode {
    /// `src` and `dst` are the same set: each unordered pair `i ≠ j` once.
    Auto,
    /// Different sets: every `(i ∈ src, j ∈ dst)`.
    Cross,
}

/// Network distances between point sets, with a dense or a bounded oracle.
pub(crate) struct Engine {
    pub g: Graph,
    dense: Option<Vec<f64>>,
}

/// Hubs up to which `Auto` keeps a dense matrix.
const DENSE_MAX_HUBS: usize = 2_000;
/// Points up to which `Auto` enumerates all pairs with the dense matrix.
const DENSE_MAX_POINTS: usize = 5_000;

impl Engine {
    pub(crate) fn new(net: &Network, oracle: DistanceOracle, points: usize) -> Self {
        let g = Graph::new(net);
        let dense = match oracle {
            DistanceOracle::Dense => true,
            DistanceOracle::Bounded => false,
            DistanceOracle::Auto => g.node_count() <= DENSE_MAX_HUBS && points <= DENSE_MAX_POINTS,
        };
        let dense = dense.then(|| g.dense());
        Self { g, dense }
    }

    pub(crate) fn workspaces(&self) -> (Workspace, Workspace, Vec<u32>) {
        let n = self.g.node_count();
        (
            Workspace::new(n),
            Workspace::new(n),
            vec![u32::MAX; self.g.ends.len()],
        )
    }

    /// Calls `f(i, j, d)` for every pair with `d ≤ cutoff` (finite), `i` from `src`, `j` from
    /// `dst`, in a fixed order (source segments ascending).
    pub(crate) fn pairs(
        &self,
        src: &Indexed,
        dst: &Indexed,
        cutoff: f64,
        mode: PairMode,
        f: &mut dyn FnMut(usize, usize, f64),
    ) {
        let (mut wa, mut wb, mut stamp) = self.workspaces();
        for s in src.occupied() {
            self.pairs_from(s, src, dst, cutoff, mode, &mut wa, &mut wb, &mut stamp, f);
        }
    }

    /// The pairs whose first point lies on segment `s`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pairs_from(
        &self,
        s: usize,
        src: &Indexed,
        dst: &Indexed,
        cutoff: f64,
        mode: PairMode,
        wa: &mut Workspace,
        wb: &mut Workspace,
        stamp: &mut [u32],
        f: &mut dyn FnMut(usize, usize, f64),
    ) {
        let g = &self.g;
        let (u, v) = (g.ends[s].0 as usize, g.ends[s].1 as usize);
        let ls = g.length[s];
        let mine = src.on(s);
        let n = g.node_count();
        let mut visit = |t: usize, du: &dyn Fn(usize) -> f64, dv: &dyn Fn(usize) -> f64| {
            if mode == PairMode::Auto && t < s {
                return;
            }
            let theirs = dst.on(t);
            if theirs.is_empty() {
                return;
            }
            let (x, y) = (g.ends[t].0 as usize, g.ends[t].1 as usize);
            let lt = g.length[t];
            if t == s {
                let d_uv = du(v);
                for (a, &i) in mine.iter().enumerate() {
                    let pi = &src.pts[i as usize];
                    let rest: &[u32] = if mode == PairMode::Auto {
                        &mine[a + 1..]
                    } else {
                        theirs
                    };
                    for &j in rest {
                        let pj = &dst.pts[j as usize];
                        let d = same_segment(pi.offset_m, pj.offset_m, ls, d_uv);
                        if d <= cutoff && d.is_finite() {
                            f(i as usize, j as usize, d);
                        }
                    }
                }
                return;
            }
            let (dux, duy, dvx, dvy) = (du(x), du(y), dv(x), dv(y));
            for &i in mine {
                let pi = &src.pts[i as usize];
                for &j in theirs {
                    let pj = &dst.pts[j as usize];
                    let d = four_route(pi.offset_m, ls, pj.offset_m, lt, dux, duy, dvx, dvy);
                    if d <= cutoff && d.is_finite() {
                        f(i as usize, j as usize, d);
                    }
                }
            }
        };
        if let Some(dm) = &self.dense {
            let du = |x: usize| dm[u * n + x];
            let dv = |x: usize| dm[v * n + x];
            for t in dst.occupied() {
                visit(t, &du, &dv);
            }
            return;
        }
        g.dijkstra(wa, &[(u, 0.0)], cutoff);
        g.dijkstra(wb, &[(v, 0.0)], cutoff);
        // the target segments: every segment with an end reached from u or v, in ascending
        // order so that the calls to `f` do not depend on the heap's visiting order
        let mut targets: Vec<u32> = Vec::new();
        let tag = s as u32;
        for ws in [&*wa, &*wb] {
            for &h in ws.touched() {
                for &(_, t) in g.incident(h as usize) {
                    if stamp[t as usize] != tag {
                        stamp[t as usize] = tag;
                        targets.push(t);
                    }
                }
            }
        }
        if stamp[s] != tag {
            stamp[s] = tag;
            targets.push(s as u32);
        }
        targets.sort_unstable();
        let du = |x: usize| wa.dist(x);
        let dv = |x: usize| wb.dist(x);
        for &t in &targets {
            visit(t as usize, &du, &dv);
        }
        // stamps are per source segment; reset those of this one so that the tag can recur
        for &t in &targets {
            stamp[t as usize] = u32::MAX;
        }
    }
}

/// Network distance between two points (`None` when they lie in different components).
///
/// Different segments: the shortest of the four routes through the segments' ends
/// (spaghetti's `allneighbordistances`); the same segment: the direct stretch or the way
/// round through both ends (a loop, or a shorter parallel), which spaghetti omits.
///
/// # Complexity
/// One Dijkstra from each end of `a`'s segment: `O((V + E) log V)`.
///
/// # Example
/// ```
/// use corridors::stats::{network_distance, NetPoint};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let (l0, l1) = (net.segment(0).length_m, net.segment(1).length_m);
/// let d = network_distance(&net, &NetPoint::new(0, 10.0), &NetPoint::new(1, 5.0)).unwrap();
/// assert!((d - (l0 - 10.0 + 5.0)).abs() < 1e-6);
/// # let _ = l1;
/// ```
pub fn network_distance(net: &Network, a: &NetPoint, b: &NetPoint) -> Option<f64> {
    let g = Graph::new(net);
    if a.segment >= g.ends.len() || b.segment >= g.ends.len() {
        return None;
    }
    let n = g.node_count();
    let (mut wa, mut wb) = (Workspace::new(n), Workspace::new(n));
    let (u, v) = (g.ends[a.segment].0 as usize, g.ends[a.segment].1 as usize);
    g.dijkstra(&mut wa, &[(u, 0.0)], f64::INFINITY);
    g.dijkstra(&mut wb, &[(v, 0.0)], f64::INFINITY);
    let d = if a.segment == b.segment {
        same_segment(a.offset_m, b.offset_m, g.length[a.segment], wa.dist(v))
    } else {
        let (x, y) = (g.ends[b.segment].0 as usize, g.ends[b.segment].1 as usize);
        four_route(
            a.offset_m,
            g.length[a.segment],
            b.offset_m,
            g.length[b.segment],
            wa.dist(x),
            wa.dist(y),
            wb.dist(x),
            wb.dist(y),
        )
    };
    d.is_finite().then_some(d)
}

/// Every pair of points within `cutoff_m` of each other.
///
/// # Arguments
/// * `net`: the network; `pts`: the points; `cutoff_m`: the largest distance kept
///   (`f64::INFINITY` for every connected pair); `oracle`: dense or bounded search.
///
/// # Returns
/// The pairs `i < j`, sorted by distance.
///
/// # Complexity
/// Bounded: two Dijkstras limited to `cutoff_m` per occupied segment, memory `O(V + E + pairs)`.
///
/// # Errors
/// [`Error::InvalidArgument`] for a point off the network or a negative cutoff.
///
/// # Example
/// ```
/// use corridors::stats::{pair_distances, DistanceOracle, NetPoint};
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let pts = [NetPoint::new(0, 1.0), NetPoint::new(0, 4.0), NetPoint::new(0, 100.0)];
/// let p = pair_distances(&net, &pts, 10.0, DistanceOracle::Bounded)?;
/// assert_eq!((p.i.clone(), p.j.clone(), p.d.clone()), (vec![0], vec![1], vec![3.0]));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn pair_distances(
    net: &Network,
    pts: &[NetPoint],
    cutoff_m: f64,
    oracle: DistanceOracle,
) -> Result<PairDistances> {
    check_points(net, pts, "points")?;
    if cutoff_m.is_nan() || cutoff_m < 0.0 {
        return Err(Error::invalid("cutoff_m", "must be >= 0"));
    }
    let eng = Engine::new(net, oracle, pts.len());
    let idx = Indexed::new(pts, net.segment_count());
    let mut all: Vec<(f64, u32, u32)> = Vec::new();
    eng.pairs(&idx, &idx, cutoff_m, PairMode::Auto, &mut |i, j, d| {
        let (a, b) = if i < j { (i, j) } else { (j, i) };
        all.push((d, a as u32, b as u32));
    });
    all.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    Ok(PairDistances {
        i: all.iter().map(|x| x.1).collect(),
        j: all.iter().map(|x| x.2).collect(),
        d: all.iter().map(|x| x.0).collect(),
    })
}

/// Cumulative selection weights of a null model, for repeated draws.
pub(crate) struct Sampler {
    cum: Vec<f64>,
    length: Vec<f64>,
    by_length: bool,
}

impl Sampler {
    pub(crate) fn new(net: &Network, null: &Null) -> Result<Self> {
        let w = null.weights(net)?;
        let mut cum = Vec::with_capacity(w.len());
        let mut acc = 0.0;
        for x in &w {
            acc += x;
            cum.push(acc);
        }
        Ok(Self {
            cum,
            length: net.segments().map(|s| s.length_m).collect(),
            by_length: matches!(null, Null::UniformByLength),
        })
    }

    /// One point: `r ~ U(0, total)` picks the first segment whose cumulative weight exceeds
    /// `r`; under the length null the offset is `r` minus the cumulative length before it
    /// (one draw, as spaghetti), under an exposure null a second uniform draw.
    pub(crate) fn draw(&self, rng: &mut ChaCha8Rng) -> NetPoint {
        let total = *self.cum.last().unwrap_or(&0.0);
        let r = rng.random::<f64>() * total;
        let mut s = self.cum.partition_point(|&c| c <= r);
        if s >= self.cum.len() {
            s = self.cum.len() - 1; // invariant: total > 0 (checked by Null::weights), so cum is non-empty
        }
        let before = if s == 0 { 0.0 } else { self.cum[s - 1] };
        let l = self.length[s];
        let off = if self.by_length {
            (r - before).clamp(0.0, l)
        } else {
            rng.random::<f64>() * l
        };
        NetPoint::new(s, off)
    }
}

/// `n` points drawn under `null` (weight 1 each).
///
/// # Errors
/// [`Error::InvalidArgument`] for an invalid exposure (see [`Null::weights`]).
///
/// # Example
/// ```
/// use corridors::stats::{simulate, Mc, Null};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let mut rng = Mc::default().rng(0);
/// let pts = simulate(&net, 100, &Null::UniformByLength, &mut rng)?;
/// assert_eq!(pts.len(), 100);
/// assert!(pts.iter().all(|p| p.offset_m <= net.segment(p.segment).length_m));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn simulate(
    net: &Network,
    n: usize,
    null: &Null,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<NetPoint>> {
    let s = Sampler::new(net, null)?;
    Ok((0..n).map(|_| s.draw(rng)).collect())
}
