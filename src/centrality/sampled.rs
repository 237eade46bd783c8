//! Sampled betweenness with an (ε, δ) guarantee (Riondato & Kornaropoulos 2016), with an
//! early-exit bidirectional search per sampled pair and optional KADABRA-style adaptive
//! stopping (Borassi & Natale 2016).
//!
//! # How a sample is drawn
//! **Goal-directed (the usual case).** Hubs have coordinates, so with `κ` the smallest ratio
//! of an arc's cost to the chord between its hubs (any weighting: lengths, minutes or a
//! property), `h(v) = κ · chord(v, t)` is a consistent lower bound on `d(v, t)`. An A*
//! search from `s` (keys `d + h`, ties and path counts judged on `d` exactly as in
//! Brandes' kernel) settles every hub of a shortest `s–t` path before `t` and stops once the
//! smallest key passes `d(s, t)`; predecessors are then drawn back from `t` with weight `σ`.
//! Only the order of settling differs from Dijkstra, so each shortest path has probability
//! `1/σ_st`. On road-like networks the search stays near the straight line from `s` to `t`.
//!
//! **Bidirectional (when some arc costs 0 over a positive distance, so `κ = 0`).** A forward
//! Dijkstra from `s` and a backward one from `t` (on the
//! reversed graph when directed) grow alternately, the side with fewer scanned arcs first,
//! with shortest-path counting as in Brandes' kernel. They stop as soon as the smallest keys
//! of the two heaps add up to more than the best `s–t` length seen (`μ`). Let `F` be the hubs
//! the forward search settled strictly below its heap top and `B` likewise backward. Every
//! shortest `s–t` path then starts in `F` and ends in `B` (a hub `x` on it has
//! `d(s,x) + d(x,t) = μ < top_F + top_B`), so either `t ∈ F`, `s ∈ B`, or the path leaves
//! `F` through exactly one arc `(u, v)` with `u ∈ F`, `v ∉ F`, `v ∈ B`. There are
//! `σ_F(u) · σ_B(v)` shortest paths through that arc, so drawing the arc with that weight and
//! then predecessors with weight `σ` on each side yields every shortest path with the same
//! probability `1/σ_st`, exactly as a full Dijkstra from `s` would.
//!
//! Sampled paths add whole counts (integers) per hub and segment, so the estimates do not
//! depend on the order in which parallel workers finish: bit-identical at any thread count.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::CentralityOptions;
use super::brandes::{self, TIE_EPS};
use crate::demand::OdDemand;
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// How many pairs to sample.
///
/// ```
/// use corridors::centrality::SampleOptions;
/// let s = SampleOptions { epsilon: 0.02, ..Default::default() };
/// // ⌈0.5/ε² (⌊log₂ 98⌋ + 1 + ln 10)⌉ = ⌈1250 · 9.3026⌉
/// assert_eq!(s.sample_size(100), 11_629);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleOptions {
    /// Additive error bound on the pair-fraction scale (default 0.01).
    pub epsilon: f64,
    /// Failure probability (default 0.1).
    pub delta: f64,
    /// Sample exactly this many pairs instead of deriving the count from ε and δ (the
    /// reported ε is then the one this count guarantees).
    pub samples: Option<usize>,
    /// Seed of the ChaCha8 generator (default 0).
    pub seed: u64,
    /// KADABRA-style adaptive stopping (Borassi & Natale 2016): draw pairs in batches and
    /// stop as soon as every hub's and segment's confidence interval is narrower than ε,
    /// at the latest after the Riondato–Kornaropoulos count for δ/2 (default `false`; needs
    /// ε, not a fixed `samples`).
    #[serde(default)]
    pub adaptive: bool,
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            epsilon: 0.01,
            delta: 0.1,
            samples: None,
            seed: 0,
            adaptive: false,
        }
    }
}

impl SampleOptions {
    /// Riondato–Kornaropoulos sample size `⌈c/ε² (⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉` with
    /// `c = 0.5` for a vertex-diameter bound `vd` (hubs on the longest shortest path).
    pub fn sample_size(&self, vd: usize) -> usize {
        (0.5 / (self.epsilon * self.epsilon) * self.vc_term(vd)).ceil() as usize
    }

    /// `⌊log₂(VD − 2)⌋ + 1 + ln(1/δ)`.
    fn vc_term(&self, vd: usize) -> f64 {
        let log_term = if vd > 2 {
            ((vd - 2) as f64).log2().floor()
        } else {
            0.0
        };
        log_term + 1.0 + (1.0 / self.delta).ln()
    }

    /// The ε that `samples` pairs guarantee for vertex-diameter bound `vd` and this δ.
    pub fn epsilon_for(&self, samples: usize, vd: usize) -> f64 {
        (0.5 * self.vc_term(vd) / samples as f64).sqrt()
    }
}

/// Sampled betweenness with its guarantee.
///
/// With probability at least `1 − delta`, every hub and segment score is within `epsilon`
/// of the exact score **on the pair-fraction scale** (the share of all sampled-from pairs).
/// For segments that scale is NetworkX's normalised one; hub scores are reported on
/// NetworkX's normalised hub scale, which is the pair fraction times `n / (n − 2)`, so their
/// bound is `epsilon · n / (n − 2)`. OD variants report raw demand sums (like
/// [`super::od_betweenness`] with `normalized: false`); their bound is `epsilon` times the
/// total demand (halved when undirected).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampledBetweenness {
    /// Estimated score per hub.
    pub hubs: Vec<f64>,
    /// Estimated score per segment.
    pub segments: Vec<f64>,
    /// Guaranteed additive error (pair-fraction scale).
    pub epsilon: f64,
    /// Failure probability.
    pub delta: f64,
    /// Number of sampled pairs.
    pub samples: usize,
    /// Seed used.
    pub seed: u64,
    /// Vertex-diameter bound used for the sample size.
    pub vertex_diameter_bound: usize,
    /// Whether one-way segments were respected.
    pub directed: bool,
    /// Whether adaptive (KADABRA) stopping decided the number of samples.
    #[serde(default)]
    pub adaptive: bool,
}

/// Sampled betweenness over all ordered pairs of distinct hubs.
///
/// Pairs are drawn uniformly with a seeded ChaCha8 generator before any parallel work; for
/// each pair one shortest path is drawn uniformly among all shortest paths and its inner
/// hubs and segments gain `1/r`. The search per pair stops early: an A* search with the
/// lower bound `κ · chord(v, t)` (`κ` the smallest cost per unit of chord over all segments,
/// valid for any weighting; ties and path counts judged on distances as in Brandes'
/// kernel), or, when some segment costs 0 over a positive distance, a bidirectional Dijkstra
/// that stops when the two heap tops add up to more than the best `s–t` length. Either way
/// every shortest path has probability `1/σ_st`. Same seed, same result, at any thread count.
///
/// The sample size `r` follows Riondato–Kornaropoulos from a vertex-diameter bound (hubs on
/// the longest shortest path): per weak component, the smaller of its size and `h + 1`, where
/// `h` is the largest number of distinct segments whose cheapest costs add up to at most a
/// diameter bound. Undirected, the diameter bound is `d₁ + d₂` (the two largest distances
/// from a hub) minimised over three sweeps (a first hub, the hub farthest from it, and the
/// midpoint of the path between them); directed, it is `ecc_in + ecc_out` of one hub when
/// that hub reaches and is reached by its whole component, else the component's size is used.
///
/// With [`SampleOptions::adaptive`], pairs are drawn in batches and the run stops once
/// KADABRA's bounds (failure probability δ/2, split evenly over hubs and arcs) are below ε
/// for every hub and segment; the Riondato–Kornaropoulos count for δ/2 caps it.
///
/// # Arguments
/// * `net`: the network.
/// * `opts`: costing (normalisation is NetworkX's normalised scale).
/// * `sample`: ε, δ or a fixed number of samples, and the seed.
/// * `exec`: progress (one unit per sampled pair), cancellation and the parallel threshold
///   (in pairs); the result is the same sequential or parallel and at any thread count.
///
/// # Returns
/// Estimated scores with the guarantee used (ε, δ, samples, vertex-diameter bound).
///
/// # Complexity
/// Three to four full Dijkstra runs for the bound, then one early-exit search per sample:
/// at worst `O(r (m + n log n))`, on road-like networks a small part of that (the hubs near
/// the straight line from `s` to `t`). Memory `O(n + m)` per worker thread.
///
/// # Errors
/// [`Error::Weight`] for a missing cost; [`Error::InvalidArgument`] for ε or δ outside
/// (0, 1); [`Error::Cancelled`].
///
/// # Example
/// ```
/// use corridors::centrality::{self, SampleOptions};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let s = SampleOptions { epsilon: 0.05, seed: 7, ..Default::default() };
/// let est = centrality::sampled_betweenness(&net, &Default::default(), &s, &Default::default())?;
/// let exact = centrality::betweenness(&net, &Default::default(), &Default::default())?;
/// let bound = est.epsilon * 3.0 / 1.0; // n / (n − 2) = 3
/// assert!((est.hubs[1] - exact.hubs[1]).abs() <= bound);
/// assert_eq!(est.seed, 7);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn sampled_betweenness(
    net: &Network,
    opts: &CentralityOptions,
    sample: &SampleOptions,
    exec: &Exec,
) -> Result<SampledBetweenness> {
    let e = Engine::new(net, opts)?;
    let n = e.g.n();
    let draw = move |rng: &mut ChaCha8Rng| {
        let s = rng.random_range(0..n);
        let mut t = rng.random_range(0..n - 1);
        if t >= s {
            t += 1;
        }
        (s as u32, t as u32, rng.random::<u64>())
    };
    let can_draw = n >= 2;
    let (mut out, hubs, segments) = e.estimate(net, sample, can_draw, draw, 1.0, exec)?;
    // Pair fraction → NetworkX's normalised hub scale.
    out.hubs = hubs;
    if n > 2 {
        let f = n as f64 / (n - 2) as f64;
        out.hubs.iter_mut().for_each(|x| *x *= f);
    }
    out.segments = segments;
    Ok(out)
}

/// Sampled OD betweenness: pairs drawn with probability proportional to demand; scores are
/// estimates of [`super::od_betweenness`] with `normalized: false`.
///
/// # Arguments
/// * `net`: the network.
/// * `demand`: the OD pairs; pairs are drawn in proportion to their demand.
/// * `opts`: costing.
/// * `sample`: ε, δ or a fixed number of samples, and the seed.
/// * `exec`: as [`sampled_betweenness`].
///
/// # Returns
/// Estimated OD scores (unnormalised), with the guarantee used.
///
/// # Complexity
/// As [`sampled_betweenness`].
///
/// # Errors
/// As [`sampled_betweenness`].
///
/// # Example
/// ```
/// use corridors::centrality::{self, SampleOptions};
/// use corridors::OdDemand;
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let d = OdDemand::from_ids(&net, [("a", "c", 4.0)])?;
/// let est = centrality::sampled_od_betweenness(&net, &d, &Default::default(),
///     &SampleOptions { samples: Some(50), ..Default::default() }, &Default::default())?;
/// assert!((est.hubs[1] - 4.0).abs() < 1e-12); // the only route carries all 4
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn sampled_od_betweenness(
    net: &Network,
    demand: &OdDemand,
    opts: &CentralityOptions,
    sample: &SampleOptions,
    exec: &Exec,
) -> Result<SampledBetweenness> {
    let e = Engine::new(net, opts)?;
    let pairs_in = demand.pairs();
    let total = demand.total();
    let mut cum = Vec::with_capacity(pairs_in.len());
    let mut acc = 0.0;
    for p in pairs_in {
        acc += p.demand;
        cum.push(acc);
    }
    let draw = |rng: &mut ChaCha8Rng| {
        let x = rng.random::<f64>() * total;
        let i = cum.partition_point(|&c| c <= x).min(pairs_in.len() - 1);
        (
            pairs_in[i].origin as u32,
            pairs_in[i].destination as u32,
            rng.random::<u64>(),
        )
    };
    // NetworkX's subset convention halves undirected sums; the demand convention does not.
    let half = if e.g.directed || opts.od_convention == super::OdConvention::Demand {
        1.0
    } else {
        0.5
    };
    let can_draw = total > 0.0 && !pairs_in.is_empty();
    let (mut out, hubs, segments) = e.estimate(net, sample, can_draw, draw, total * half, exec)?;
    out.hubs = hubs;
    out.segments = segments;
    Ok(out)
}

/// The sample size and the ε it guarantees: `(r, ε)`.
fn size(sample: &SampleOptions, vd: usize) -> Result<(usize, f64)> {
    if !(sample.delta > 0.0 && sample.delta < 1.0) {
        return Err(Error::invalid(
            "delta",
            format!("must lie in (0, 1), got {}", sample.delta),
        ));
    }
    match sample.samples {
        Some(_) if sample.adaptive => Err(Error::invalid(
            "adaptive",
            "adaptive stopping chooses the number of samples itself; give epsilon, not samples",
        )),
        Some(0) => Err(Error::invalid("samples", "must be ≥ 1")),
        Some(r) => Ok((r, sample.epsilon_for(r, vd))),
        None if !(sample.epsilon > 0.0 && sample.epsilon < 1.0) => Err(Error::invalid(
            "epsilon",
            format!("must lie in (0, 1), got {}", sample.epsilon),
        )),
        None => Ok((sample.sample_size(vd).max(1), sample.epsilon)),
    }
}

/// Pairs (with their path seeds) evaluated between two adaptive checks, and per worker task.
const CHUNK: usize = 64;

/// The forward graph and, when directed, the reversed one for the backward search.
struct Engine {
    g: brandes::Graph,
    gr: Option<brandes::Graph>,
    /// Hub positions on the unit sphere, and `κ` such that every arc costs at least `κ` times
    /// its chord: `h(v) = κ · chord(v, t)` is then a consistent lower bound on `d(v, t)`
    /// (triangle inequality of chords). `None` when some arc has cost 0 over a positive
    /// chord (no useful bound): the bidirectional search is used instead.
    goal: Option<(Vec<[f64; 3]>, f64)>,
}

/// Whole-number counts of sampled paths through each hub and arc.
struct Counts {
    node: Vec<u32>,
    arc_f: Vec<u32>,
    arc_b: Vec<u32>,
}

/// The hubs and arcs of sampled paths (concatenated; only their counts matter).
#[derive(Default)]
struct Paths {
    node: Vec<u32>,
    arc_f: Vec<u32>,
    arc_b: Vec<u32>,
}

impl Engine {
    fn new(net: &Network, opts: &CentralityOptions) -> Result<Self> {
        let csr = opts.costing.csr(net)?;
        let g = brandes::Graph::from_csr(&csr);
        let gr = g
            .directed
            .then(|| brandes::Graph::from_csr(&csr.reversed()));
        let xyz: Vec<[f64; 3]> = net
            .hubs()
            .map(|h| {
                let (lon, lat) = (h.location.x().to_radians(), h.location.y().to_radians());
                [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
            })
            .collect();
        let mut kappa = f64::INFINITY;
        for u in 0..g.n() {
            for a in g.off[u] as usize..g.off[u + 1] as usize {
                let c = chord(&xyz[u], &xyz[g.head[a] as usize]);
                if c > 0.0 {
                    kappa = kappa.min(g.cost[a] / c);
                }
            }
        }
        // A margin keeps reduced costs of real arcs strictly positive despite rounding.
        let kappa = kappa * (1.0 - 1e-6);
        let goal = (kappa.is_finite() && kappa > 0.0).then_some((xyz, kappa));
        Ok(Self { g, gr, goal })
    }

    /// The graph the backward search runs on.
    fn back(&self) -> &brandes::Graph {
        self.gr.as_ref().unwrap_or(&self.g)
    }

    /// Draws pairs with `draw` and estimates scores scaled by `scale / r`; returns the
    /// metadata and the (hub, segment) estimates.
    fn estimate<D>(
        &self,
        net: &Network,
        sample: &SampleOptions,
        can_draw: bool,
        mut draw: D,
        scale: f64,
        exec: &Exec,
    ) -> Result<(SampledBetweenness, Vec<f64>, Vec<f64>)>
    where
        D: FnMut(&mut ChaCha8Rng) -> (u32, u32, u64),
    {
        let g = &self.g;
        let vd = vertex_diameter_bound(g, self.gr.as_ref());
        let (r_max, eps) = size(sample, vd)?;
        let mut rng = ChaCha8Rng::seed_from_u64(sample.seed);
        let mut counts = Counts {
            node: vec![0; g.n()],
            arc_f: vec![0; g.arcs()],
            arc_b: vec![0; self.back().arcs()],
        };
        let mut taken = 0usize;
        if sample.adaptive {
            let omega = SampleOptions {
                delta: sample.delta / 2.0,
                ..sample.clone()
            }
            .sample_size(vd)
            .max(1);
            exec.progress.start(omega as u64);
            let mut batch = (omega / 16).clamp(CHUNK.min(omega), omega);
            let items = (g.n() + net.segment_count()).max(1) as f64;
            let log_inv = (4.0 * items / sample.delta).ln();
            loop {
                let pairs: Vec<_> = (0..batch).map(|_| draw(&mut rng)).collect();
                if can_draw {
                    self.run(&pairs, &mut counts, exec)?;
                }
                taken += batch;
                if taken >= omega || !can_draw {
                    break;
                }
                let (hubs, segs) = self.scores(net, &counts, 1.0 / taken as f64);
                let tau = taken as f64;
                let wide = |b: f64| {
                    kadabra_lower(b, tau, omega as f64, log_inv) >= eps
                        || kadabra_upper(b, tau, omega as f64, log_inv) >= eps
                };
                if !hubs.iter().chain(&segs).any(|&b| wide(b)) {
                    break;
                }
                batch = ((tau * 0.25).ceil() as usize).clamp(1, omega - taken);
            }
        } else {
            exec.progress.start(r_max as u64);
            let pairs: Vec<_> = if can_draw {
                (0..r_max).map(|_| draw(&mut rng)).collect()
            } else {
                Vec::new()
            };
            self.run(&pairs, &mut counts, exec)?;
            taken = r_max;
        }
        exec.progress.finish();
        let (hubs, segments) = self.scores(net, &counts, scale / taken as f64);
        let meta = SampledBetweenness {
            hubs: Vec::new(),
            segments: Vec::new(),
            epsilon: eps,
            delta: sample.delta,
            samples: taken,
            seed: sample.seed,
            vertex_diameter_bound: vd,
            directed: g.directed,
            adaptive: sample.adaptive,
        };
        Ok((meta, hubs, segments))
    }

    /// Hub and segment scores from the counts, each count times `w`.
    fn scores(&self, net: &Network, c: &Counts, w: f64) -> (Vec<f64>, Vec<f64>) {
        let hubs = c.node.iter().map(|&k| k as f64 * w).collect();
        let f: Vec<f64> = c.arc_f.iter().map(|&k| k as f64 * w).collect();
        let b: Vec<f64> = c.arc_b.iter().map(|&k| k as f64 * w).collect();
        let mut segs = self.g.arc_to_segments(&f, net.segment_count());
        let back = self.back().arc_to_segments(&b, net.segment_count());
        segs.iter_mut().zip(back).for_each(|(x, y)| *x += y);
        (hubs, segs)
    }

    /// Draws one shortest `s → t` path uniformly: goal-directed (A*) when a lower bound
    /// exists, else bidirectional.
    fn sample_one(&self, ws: &mut BiSearch, s: usize, t: usize, seed: u64, p: &mut Paths) {
        match &self.goal {
            Some((xyz, kappa)) => {
                let target = xyz[t];
                let h = |v: usize| kappa * chord(&xyz[v], &target);
                if ws.fwd.run_to(&self.g, s, t, h) {
                    let mut rng = ChaCha8Rng::seed_from_u64(seed);
                    ws.fwd.walk(&self.g, t, &mut rng, &mut p.node, &mut p.arc_f);
                }
            }
            None => ws.sample(&self.g, self.back(), s, t, seed, p),
        }
    }

    /// Samples one path per pair and adds it to `counts` (order-free integer counts).
    fn run(&self, pairs: &[(u32, u32, u64)], counts: &mut Counts, exec: &Exec) -> Result<()> {
        let one = |ws: &mut BiSearch, chunk: &[(u32, u32, u64)]| -> Result<Paths> {
            exec.check()?;
            let mut p = Paths::default();
            for &(s, t, seed) in chunk {
                self.sample_one(ws, s as usize, t as usize, seed, &mut p);
            }
            exec.progress.inc(chunk.len() as u64);
            Ok(p)
        };
        let parts: Vec<Paths> = if exec.parallel(pairs.len()) {
            pairs
                .par_chunks(CHUNK)
                .map_init(|| BiSearch::new(&self.g, self.back()), one)
                .collect::<Result<_>>()?
        } else {
            let mut ws = BiSearch::new(&self.g, self.back());
            pairs
                .chunks(CHUNK)
                .map(|c| one(&mut ws, c))
                .collect::<Result<_>>()?
        };
        for p in parts {
            p.node.iter().for_each(|&v| counts.node[v as usize] += 1);
            p.arc_f.iter().for_each(|&a| counts.arc_f[a as usize] += 1);
            p.arc_b.iter().for_each(|&a| counts.arc_b[a as usize] += 1);
        }
        Ok(())
    }
}

/// Chord length between two points on the unit sphere.
#[inline]
fn chord(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (x, y, z) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    (x * x + y * y + z * z).sqrt()
}

/// KADABRA's lower deviation `f` (Borassi & Natale 2016, Thm. 10): with `τ` samples out of
/// at most `ω` and failure probability `exp(−log_inv)`, the true value is above `b − f`.
fn kadabra_lower(b: f64, tau: f64, omega: f64, log_inv: f64) -> f64 {
    let t = omega / tau - 1.0 / 3.0;
    let e = log_inv / tau * (-t + (t * t + 2.0 * b * omega / log_inv).sqrt());
    e.min(b)
}

/// KADABRA's upper deviation `g`: the true value is below `b + g`.
fn kadabra_upper(b: f64, tau: f64, omega: f64, log_inv: f64) -> f64 {
    let t = omega / tau + 1.0 / 3.0;
    let e = log_inv / tau * (t + (t * t + 2.0 * b * omega / log_inv).sqrt());
    e.min(1.0 - b)
}

/// One side of the bidirectional search: Dijkstra with path counting, stoppable.
struct Side {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    settled: Vec<bool>,
    pred_len: Vec<u32>,
    pred: Vec<(u32, u32)>,
    order: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
    /// Arcs scanned so far (the balance criterion).
    scanned: usize,
}

impl Side {
    fn new(g: &brandes::Graph) -> Self {
        let n = g.n();
        Self {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            settled: vec![false; n],
            pred_len: vec![0; n],
            pred: vec![(0, 0); g.in_off[n] as usize],
            order: Vec::new(),
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            scanned: 0,
        }
    }

    fn start(&mut self, s: usize) {
        for &v in &self.touched {
            let v = v as usize;
            self.dist[v] = f64::INFINITY;
            self.sigma[v] = 0.0;
            self.settled[v] = false;
            self.pred_len[v] = 0;
        }
        self.touched.clear();
        self.order.clear();
        self.heap.clear();
        self.scanned = 0;
        self.dist[s] = 0.0;
        self.sigma[s] = 1.0;
        self.touched.push(s as u32);
        self.heap.push(Reverse((0f64.to_bits(), s as u32)));
    }

    /// The smallest live key (∞ when the search is exhausted); drops stale entries.
    fn top(&mut self) -> f64 {
        while let Some(&Reverse((key, u))) = self.heap.peek() {
            let u = u as usize;
            if self.settled[u] || key != self.dist[u].to_bits() {
                self.heap.pop();
                continue;
            }
            return f64::from_bits(key);
        }
        f64::INFINITY
    }

    /// Settles the hub at the top (call after [`Side::top`] returned a finite key).
    fn settle(&mut self, g: &brandes::Graph) -> usize {
        let Some(Reverse((_, u))) = self.heap.pop() else {
            return usize::MAX; // invariant: top() was finite, so the heap is not empty
        };
        self.settle_hub(g, u as usize, |_| 0.0);
        u as usize
    }

    /// Marks `u` settled and relaxes its arcs; heap keys are distance + `h(head)`.
    #[inline]
    fn settle_hub(&mut self, g: &brandes::Graph, ui: usize, h: impl Fn(usize) -> f64) {
        let u = ui as u32;
        self.settled[ui] = true;
        self.order.push(u);
        let (du, su) = (self.dist[ui], self.sigma[ui]);
        let (lo, hi) = (g.off[ui] as usize, g.off[ui + 1] as usize);
        self.scanned += hi - lo + 1;
        for a in lo..hi {
            let v = g.head[a] as usize;
            let nd = du + g.cost[a];
            let dv = self.dist[v];
            if nd < dv * (1.0 - TIE_EPS) {
                if dv == f64::INFINITY {
                    self.touched.push(v as u32);
                }
                self.dist[v] = nd;
                self.sigma[v] = su;
                self.pred_len[v] = 1;
                self.pred[g.in_off[v] as usize] = (u, a as u32);
                self.heap.push(Reverse(((nd + h(v)).to_bits(), v as u32)));
            } else if nd <= dv * (1.0 + TIE_EPS) && !self.settled[v] {
                self.sigma[v] += su;
                let k = g.in_off[v] as usize + self.pred_len[v] as usize;
                self.pred[k] = (u, a as u32);
                self.pred_len[v] += 1;
            }
        }
    }

    /// Goal-directed search (A*) from `s` until every shortest path to `t` is counted:
    /// heap keys are `d(s, v) + h(v)` with a consistent lower bound `h` (`h(t) = 0`). Ties are
    /// still judged on the distances, so `σ` and the predecessors are those of Dijkstra. `t`
    /// is never marked settled, so that a tied predecessor popped after it still counts;
    /// the search stops once the smallest key exceeds `d(s, t)` by the tie tolerance.
    /// Returns whether `t` was reached.
    fn run_to(&mut self, g: &brandes::Graph, s: usize, t: usize, h: impl Fn(usize) -> f64) -> bool {
        self.start(s);
        self.heap.clear();
        self.heap.push(Reverse((h(s).to_bits(), s as u32)));
        let mut reached: Option<f64> = None;
        while let Some(Reverse((key, u))) = self.heap.pop() {
            let ui = u as usize;
            if self.settled[ui] || key != (self.dist[ui] + h(ui)).to_bits() {
                continue; // stale entry
            }
            if let Some(dt) = reached
                && f64::from_bits(key) > dt * (1.0 + 2.0 * TIE_EPS)
            {
                break;
            }
            if ui == t {
                reached = Some(self.dist[t]);
                continue;
            }
            self.settle_hub(g, ui, &h);
        }
        reached.is_some()
    }

    fn preds<'a>(&'a self, g: &brandes::Graph, v: usize) -> &'a [(u32, u32)] {
        let lo = g.in_off[v] as usize;
        &self.pred[lo..lo + self.pred_len[v] as usize]
    }

    /// Walks from `v` to this side's root choosing predecessors in proportion to `σ`,
    /// recording the arcs and the hubs passed (neither `v` nor the root).
    fn walk(
        &self,
        g: &brandes::Graph,
        mut v: usize,
        rng: &mut ChaCha8Rng,
        nodes: &mut Vec<u32>,
        arcs: &mut Vec<u32>,
    ) {
        while self.pred_len[v] > 0 {
            let preds = self.preds(g, v);
            let Some(&last) = preds.last() else { break };
            let mut x = rng.random::<f64>() * self.sigma[v];
            let mut pick = last;
            for &p in preds {
                x -= self.sigma[p.0 as usize];
                if x < 0.0 {
                    pick = p;
                    break;
                }
            }
            arcs.push(pick.1);
            v = pick.0 as usize;
            if self.pred_len[v] > 0 {
                nodes.push(v as u32); // not the root (the root has no predecessor)
            }
        }
    }
}

/// Forward and backward searches for one worker.
struct BiSearch {
    fwd: Side,
    bwd: Side,
    /// `(u, arc, weight)` candidates for the crossing arc.
    cross: Vec<(u32, u32, f64)>,
}

impl BiSearch {
    fn new(g: &brandes::Graph, gr: &brandes::Graph) -> Self {
        Self {
            fwd: Side::new(g),
            bwd: Side::new(gr),
            cross: Vec::new(),
        }
    }

    /// Draws one shortest `s → t` path uniformly (nothing when `t` is unreachable).
    fn sample(
        &mut self,
        g: &brandes::Graph,
        gr: &brandes::Graph,
        s: usize,
        t: usize,
        seed: u64,
        out: &mut Paths,
    ) {
        let (fwd, bwd) = (&mut self.fwd, &mut self.bwd);
        fwd.start(s);
        bwd.start(t);
        let mut mu = f64::INFINITY;
        let (tf, tb) = loop {
            let (tf, tb) = (fwd.top(), bwd.top());
            if tf == f64::INFINITY || tb == f64::INFINITY || tf + tb > mu * (1.0 + 4.0 * TIE_EPS) {
                break (tf, tb);
            }
            let (me, other, graph) = if fwd.scanned <= bwd.scanned {
                (&mut *fwd, &*bwd, g)
            } else {
                (&mut *bwd, &*fwd, gr)
            };
            let u = me.settle(graph);
            let du = me.dist[u];
            mu = mu.min(du + other.dist[u]);
            for a in graph.off[u] as usize..graph.off[u + 1] as usize {
                mu = mu.min(du + graph.cost[a] + other.dist[graph.head[a] as usize]);
            }
        };
        let in_f = |x: usize| fwd.settled[x] && fwd.dist[x] < tf;
        let in_b = |x: usize| bwd.settled[x] && bwd.dist[x] < tb;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        if in_f(t) {
            fwd.walk(g, t, &mut rng, &mut out.node, &mut out.arc_f);
            return;
        }
        if in_b(s) {
            bwd.walk(gr, s, &mut rng, &mut out.node, &mut out.arc_b);
            return;
        }
        // Every shortest path leaves F through exactly one arc into B.
        let mut best = f64::INFINITY;
        self.cross.clear();
        for &u in &fwd.order {
            let u = u as usize;
            if !in_f(u) {
                continue;
            }
            for a in g.off[u] as usize..g.off[u + 1] as usize {
                let v = g.head[a] as usize;
                if in_f(v) || !in_b(v) {
                    continue;
                }
                let len = fwd.dist[u] + g.cost[a] + bwd.dist[v];
                if len <= best * (1.0 + TIE_EPS) {
                    best = best.min(len);
                    self.cross
                        .push((u as u32, a as u32, fwd.sigma[u] * bwd.sigma[v]));
                }
            }
        }
        // Keep the candidates tied with the best length.
        let limit = best * (1.0 + TIE_EPS);
        self.cross.retain(|&(u, a, _)| {
            let v = g.head[a as usize] as usize;
            fwd.dist[u as usize] + g.cost[a as usize] + bwd.dist[v] <= limit
        });
        let total: f64 = self.cross.iter().map(|c| c.2).sum();
        let Some(&last) = self.cross.last() else {
            return; // unreachable
        };
        let mut x = rng.random::<f64>() * total;
        let mut pick = last;
        for &c in &self.cross {
            x -= c.2;
            if x < 0.0 {
                pick = c;
                break;
            }
        }
        let (u, a) = (pick.0 as usize, pick.1 as usize);
        let v = g.head[a] as usize;
        out.arc_f.push(a as u32);
        if u != s {
            out.node.push(u as u32);
        }
        if v != t {
            out.node.push(v as u32);
        }
        fwd.walk(g, u, &mut rng, &mut out.node, &mut out.arc_f);
        bwd.walk(gr, v, &mut rng, &mut out.node, &mut out.arc_b);
    }
}

/// Upper bound on the number of hubs on any shortest path (see [`sampled_betweenness`]).
pub(crate) fn vertex_diameter_bound(g: &brandes::Graph, gr: Option<&brandes::Graph>) -> usize {
    let n = g.n();
    // Weak components via union-find over arcs.
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x
    }
    for u in 0..n {
        for a in g.off[u] as usize..g.off[u + 1] as usize {
            let (ru, rv) = (find(&mut parent, u as u32), find(&mut parent, g.head[a]));
            if ru != rv {
                parent[ru as usize] = rv;
            }
        }
    }
    let mut size = vec![0usize; n];
    let mut first = vec![u32::MAX; n];
    for u in 0..n as u32 {
        let r = find(&mut parent, u) as usize;
        size[r] += 1;
        if first[r] == u32::MAX {
            first[r] = u;
        }
    }
    // Cheapest distinct segments first: a path of h segments costs at least the sum of the
    // h smallest (each segment once: undirected arcs u < v only).
    let mut costs: Vec<f64> = (0..n)
        .flat_map(|u| (g.off[u] as usize..g.off[u + 1] as usize).map(move |a| (u, a)))
        .filter(|&(u, a)| g.directed || (u as u32) < g.head[a])
        .map(|(_, a)| g.cost[a])
        .collect();
    costs.sort_by(f64::total_cmp);
    let mut prefix = Vec::with_capacity(costs.len());
    let mut acc = 0.0;
    for c in costs {
        acc += c;
        prefix.push(acc);
    }
    let max_hops = |diam: f64| prefix.partition_point(|&p| p <= diam * (1.0 + 1e-9));
    let mut ws = brandes::Workspace::new(g);
    let mut ws_r = gr.map(brandes::Workspace::new);
    let mut vd = 1;
    for r in 0..n {
        if size[r] < 2 {
            continue;
        }
        let v0 = first[r] as usize;
        let diam = match (gr, ws_r.as_mut()) {
            (Some(gr), Some(wr)) => {
                // d(a, b) ≤ d(a, v0) + d(v0, b) when v0 reaches and is reached by all.
                ws.sssp(g, v0);
                wr.sssp(gr, v0);
                if ws.order().len() == size[r] && wr.order().len() == size[r] {
                    far(&ws).1 + far(wr).1
                } else {
                    f64::INFINITY
                }
            }
            _ => {
                ws.sssp(g, v0);
                let (u, _) = far(&ws);
                let b1 = two_largest(&ws);
                ws.sssp(g, u);
                let b2 = two_largest(&ws);
                let (w, d_uw) = far(&ws);
                // The midpoint of the u–w path: a central hub.
                let mut c = w;
                while ws.dist[c] > d_uw / 2.0 {
                    match ws.preds(g, c).first() {
                        Some(&(p, _)) => c = p as usize,
                        None => break,
                    }
                }
                ws.sssp(g, c);
                b1.min(b2).min(two_largest(&ws))
            }
        };
        let b = if diam.is_finite() {
            size[r].min(max_hops(diam) + 1)
        } else {
            size[r]
        };
        vd = vd.max(b);
    }
    vd
}

/// The last hub settled by the workspace's last search and its distance.
fn far(ws: &brandes::Workspace) -> (usize, f64) {
    ws.order()
        .last()
        .map_or((0, 0.0), |&v| (v as usize, ws.dist[v as usize]))
}

/// `d₁ + d₂`, the two largest distances from the last source (a diameter bound).
fn two_largest(ws: &brandes::Workspace) -> f64 {
    let o = ws.order();
    match o.len() {
        0 | 1 => 0.0,
        k => ws.dist[o[k - 1] as usize] + ws.dist[o[k - 2] as usize],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Hub, HubKind, NetworkBuilder, SegmentSpec};
    use rand::rngs::ChaCha8Rng;

    /// A seeded random grid-like network with small integer costs (ties everywhere) and,
    /// when `oneway`, every third segment one-way.
    fn tied_grid(w: usize, h: usize, seed: u64, oneway: bool) -> Network {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut b = NetworkBuilder::new();
        for y in 0..h {
            for x in 0..w {
                let id = format!("h{x}_{y}");
                b.add_hub(Hub::new(
                    id,
                    HubKind::Transit,
                    x as f64 * 0.1,
                    y as f64 * 0.1,
                ));
            }
        }
        let mut k = 0;
        for y in 0..h {
            for x in 0..w {
                for (dx, dy) in [(1, 0), (0, 1), (1, 1)] {
                    let (x2, y2) = (x + dx, y + dy);
                    if x2 >= w || y2 >= h || (dx == 1 && dy == 1 && rng.random::<f64>() < 0.7) {
                        continue;
                    }
                    let mut s = SegmentSpec::between(
                        format!("e{k}"),
                        format!("h{x}_{y}"),
                        format!("h{x2}_{y2}"),
                    );
                    let c = rng.random_range(1..3) as f64;
                    s.properties.insert("c".into(), c.into());
                    if oneway && k % 3 == 0 {
                        s.oneway = true;
                    }
                    b.add_segment(s);
                    k += 1;
                }
            }
        }
        b.build().unwrap().0
    }

    fn opts() -> CentralityOptions {
        CentralityOptions {
            costing: crate::Costing::new("c".parse().unwrap()),
            ..Default::default()
        }
    }

    /// The exact share of shortest `s → t` paths through each hub, from two full searches.
    fn exact_shares(e: &Engine, s: usize, t: usize) -> Option<Vec<f64>> {
        let mut f = brandes::Workspace::new(&e.g);
        let mut b = brandes::Workspace::new(e.back());
        f.sssp(&e.g, s);
        b.sssp(e.back(), t);
        let d = f.dist[t];
        if !d.is_finite() {
            return None;
        }
        let st = f.sigma[t];
        Some(
            (0..e.g.n())
                .map(|v| {
                    let on = (f.dist[v] + b.dist[v] - d).abs() <= 1e-9 * d;
                    if on && v != s && v != t {
                        f.sigma[v] * b.sigma[v] / st
                    } else {
                        0.0
                    }
                })
                .collect(),
        )
    }

    /// Every pair's sampled paths pass each hub with the exact share σ_sv σ_vt / σ_st.
    #[test]
    fn path_sampling_is_uniform_over_shortest_paths() {
        for (oneway, seed, goal) in [
            (false, 1, false),
            (true, 2, false),
            (false, 1, true),
            (true, 2, true),
        ] {
            let net = tied_grid(9, 7, seed, oneway);
            let e = Engine::new(&net, &opts()).unwrap();
            assert_eq!(e.g.directed, oneway);
            let mut ws = BiSearch::new(&e.g, e.back());
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut checked = 0;
            for _ in 0..12 {
                let s = rng.random_range(0..e.g.n());
                let t = rng.random_range(0..e.g.n());
                if s == t {
                    continue;
                }
                let exact = exact_shares(&e, s, t);
                let reps = 4000;
                let mut count = vec![0u32; e.g.n()];
                let mut arcs = 0usize;
                for r in 0..reps {
                    let mut p = Paths::default();
                    let seed = r as u64 * 7919 + seed;
                    if goal {
                        assert!(e.goal.is_some());
                        e.sample_one(&mut ws, s, t, seed, &mut p);
                    } else {
                        ws.sample(&e.g, e.back(), s, t, seed, &mut p);
                    }
                    p.node.iter().for_each(|&v| count[v as usize] += 1);
                    arcs += p.arc_f.len() + p.arc_b.len();
                    // a path of h arcs has h − 1 inner hubs
                    if !p.arc_f.is_empty() || !p.arc_b.is_empty() {
                        assert_eq!(p.node.len() + 1, p.arc_f.len() + p.arc_b.len());
                    }
                }
                match exact {
                    None => assert_eq!(arcs, 0, "unreachable pair sampled a path"),
                    Some(x) => {
                        checked += 1;
                        for v in 0..e.g.n() {
                            let got = count[v] as f64 / reps as f64;
                            // 4000 Bernoulli draws: 5 standard deviations ≤ 0.04
                            assert!(
                                (got - x[v]).abs() <= 0.04,
                                "pair {s}->{t} hub {v}: sampled {got}, exact {}",
                                x[v]
                            );
                            if x[v] == 0.0 {
                                assert_eq!(count[v], 0, "hub {v} is on no shortest path");
                            }
                        }
                    }
                }
            }
            assert!(checked >= 8);
        }
    }

    /// Largest number of hubs on a shortest path, by brute force over every source.
    fn true_vertex_diameter(g: &brandes::Graph) -> usize {
        let mut ws = brandes::Workspace::new(g);
        let mut best = 1;
        let mut hops = vec![0usize; g.n()];
        for s in 0..g.n() {
            ws.sssp(g, s);
            for &v in ws.order() {
                let v = v as usize;
                hops[v] = ws
                    .preds(g, v)
                    .iter()
                    .map(|p| hops[p.0 as usize] + 1)
                    .max()
                    .unwrap_or(0);
                best = best.max(hops[v] + 1);
            }
        }
        best
    }

    #[test]
    fn vertex_diameter_bound_is_an_upper_bound_and_beats_n() {
        for (oneway, seed) in [(false, 3), (true, 4)] {
            let net = tied_grid(12, 10, seed, oneway);
            let e = Engine::new(&net, &opts()).unwrap();
            let bound = vertex_diameter_bound(&e.g, e.gr.as_ref());
            let truth = true_vertex_diameter(&e.g);
            assert!(bound >= truth, "bound {bound} < true {truth}");
            if !oneway {
                assert!(bound < e.g.n() / 2, "bound {bound} not better than n");
            }
        }
        // a path: every hub on the one shortest path
        let net = crate::fixtures::path(&["a", "b", "c", "d", "e"]);
        let e = Engine::new(&net, &CentralityOptions::default()).unwrap();
        assert_eq!(vertex_diameter_bound(&e.g, None), 5);
    }

    #[test]
    fn kadabra_bounds_shrink_with_samples() {
        let (omega, l) = (10_000.0, (4.0e4f64 / 0.1).ln());
        let a = kadabra_upper(0.1, 1_000.0, omega, l);
        let b = kadabra_upper(0.1, 10_000.0, omega, l);
        assert!(b < a && b > 0.0);
        assert!(kadabra_lower(0.0, 500.0, omega, l) == 0.0);
        assert!(kadabra_lower(0.2, 10_000.0, omega, l) < kadabra_upper(0.2, 10_000.0, omega, l));
    }
}
