//! Sampled betweenness with an (ε, δ) guarantee (Riondato & Kornaropoulos 2016).

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{CentralityOptions, brandes};
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
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            epsilon: 0.01,
            delta: 0.1,
            samples: None,
            seed: 0,
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
}

/// Sampled betweenness over all ordered pairs of distinct hubs.
///
/// Pairs are drawn uniformly with a seeded ChaCha8 generator before any parallel work; for
/// each pair one shortest path is drawn uniformly (each predecessor with probability
/// `σ_p / σ_v`) and its inner hubs and segments gain `1/r`. Same seed, same result, at any
/// thread count. The vertex-diameter bound is `min(component size, 2·ecc/min cost + 1)`
/// per component for undirected networks and the largest weak component's size for
/// directed ones.
///
/// # Arguments
/// * `net`: the network.
/// * `opts`: costing (normalisation is NetworkX's normalised scale).
/// * `sample`: ε, δ or a fixed number of samples, and the seed.
/// * `exec`: progress (one unit per distinct sampled origin), cancellation and the parallel
///   threshold; the result is the same sequential or parallel and at any thread count.
///
/// # Returns
/// Estimated scores with the guarantee used (ε, δ, samples, vertex-diameter bound).
///
/// # Complexity
/// One Dijkstra per distinct sampled origin: `O(min(r, n) (m + n log n))` for `r` samples.
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
    let g = opts.graph(net)?;
    let n = g.n();
    let vd = vertex_diameter_bound(&g);
    let (r, eps) = size(sample, vd)?;
    let mut rng = ChaCha8Rng::seed_from_u64(sample.seed);
    let mut pairs = Vec::with_capacity(r);
    if n >= 2 {
        for _ in 0..r {
            let s = rng.random_range(0..n);
            let mut t = rng.random_range(0..n - 1);
            if t >= s {
                t += 1;
            }
            pairs.push((s as u32, t as u32, rng.random::<u64>()));
        }
    }
    let (mut hubs, segments) = run(net, &g, pairs, 1.0 / r as f64, exec)?;
    // Pair fraction → NetworkX's normalised hub scale.
    if n > 2 {
        let f = n as f64 / (n - 2) as f64;
        hubs.iter_mut().for_each(|x| *x *= f);
    }
    Ok(SampledBetweenness {
        hubs,
        segments,
        ..meta(sample, r, eps, vd, g.directed)
    })
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
    let g = opts.graph(net)?;
    let vd = vertex_diameter_bound(&g);
    let (r, eps) = size(sample, vd)?;
    let pairs_in = demand.pairs();
    let total = demand.total();
    let mut cum = Vec::with_capacity(pairs_in.len());
    let mut acc = 0.0;
    for p in pairs_in {
        acc += p.demand;
        cum.push(acc);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(sample.seed);
    let mut pairs = Vec::with_capacity(r);
    if total > 0.0 {
        for _ in 0..r {
            let x = rng.random::<f64>() * total;
            let i = cum.partition_point(|&c| c <= x).min(pairs_in.len() - 1);
            pairs.push((
                pairs_in[i].origin as u32,
                pairs_in[i].destination as u32,
                rng.random::<u64>(),
            ));
        }
    }
    // NetworkX's subset convention halves undirected sums; the demand convention does not.
    let half = if g.directed || opts.od_convention == super::OdConvention::Demand {
        1.0
    } else {
        0.5
    };
    let (hubs, segments) = run(net, &g, pairs, total * half / r as f64, exec)?;
    Ok(SampledBetweenness {
        hubs,
        segments,
        ..meta(sample, r, eps, vd, g.directed)
    })
}

/// The result's metadata (scores left empty).
fn meta(
    sample: &SampleOptions,
    r: usize,
    eps: f64,
    vd: usize,
    directed: bool,
) -> SampledBetweenness {
    SampledBetweenness {
        hubs: Vec::new(),
        segments: Vec::new(),
        epsilon: eps,
        delta: sample.delta,
        samples: r,
        seed: sample.seed,
        vertex_diameter_bound: vd,
        directed,
    }
}

fn size(sample: &SampleOptions, vd: usize) -> Result<(usize, f64)> {
    if !(sample.delta > 0.0 && sample.delta < 1.0) {
        return Err(Error::invalid(
            "delta",
            format!("must lie in (0, 1), got {}", sample.delta),
        ));
    }
    match sample.samples {
        Some(0) => Err(Error::invalid("samples", "must be ≥ 1")),
        Some(r) => Ok((r, sample.epsilon_for(r, vd))),
        None if !(sample.epsilon > 0.0 && sample.epsilon < 1.0) => Err(Error::invalid(
            "epsilon",
            format!("must lie in (0, 1), got {}", sample.epsilon),
        )),
        None => Ok((sample.sample_size(vd).max(1), sample.epsilon)),
    }
}

/// Runs the sampled pairs grouped by source; each pair's path adds `weight`.
fn run(
    net: &Network,
    g: &brandes::Graph,
    mut pairs: Vec<(u32, u32, u64)>,
    weight: f64,
    exec: &Exec,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let n = g.n();
    // Group by source; keep draw order within a source (stable) for reproducibility.
    pairs.sort_by_key(|p| p.0);
    let (sources, ranges) = crate::demand::source_ranges(&pairs, |p| p.0);
    let mut range_of = vec![(0usize, 0usize); n];
    for (s, r) in sources.iter().zip(ranges) {
        range_of[*s as usize] = r;
    }
    let total = brandes::par_sum(g, &sources, n + g.arcs(), exec, |ws, s, acc| {
        let (node, arc) = acc.split_at_mut(n);
        ws.sssp(g, s);
        let (lo, hi) = range_of[s];
        for &(_, t, seed) in &pairs[lo..hi] {
            let mut v = t as usize;
            if ws.sigma[v] == 0.0 {
                continue; // unreachable: the pair contributes nothing
            }
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            while v != s {
                let preds = ws.preds(g, v);
                let mut x = rng.random::<f64>() * ws.sigma[v];
                let mut pick = preds[preds.len() - 1];
                for &p in preds {
                    x -= ws.sigma[p.0 as usize];
                    if x < 0.0 {
                        pick = p;
                        break;
                    }
                }
                arc[pick.1 as usize] += weight;
                v = pick.0 as usize;
                if v != s {
                    node[v] += weight;
                }
            }
        }
    })?;
    let mut hubs = total;
    let arcs = hubs.split_off(n);
    let segments = g.arc_to_segments(&arcs, net.segment_count());
    Ok((hubs, segments))
}

/// Upper bound on the number of hubs on any shortest path (see [`sampled_betweenness`]).
fn vertex_diameter_bound(g: &brandes::Graph) -> usize {
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
    let min_cost = g.cost.iter().copied().fold(f64::INFINITY, f64::min);
    let mut ws = brandes::Workspace::new(g);
    let mut vd = 1;
    for r in 0..n {
        if size[r] == 0 {
            continue;
        }
        let mut b = size[r];
        if !g.directed && min_cost > 0.0 {
            ws.sssp(g, first[r] as usize);
            let ecc = ws
                .order()
                .last()
                .map(|&v| ws.dist[v as usize])
                .unwrap_or(0.0);
            let hops = (2.0 * ecc / min_cost).floor() + 1.0;
            if hops < b as f64 {
                b = hops as usize;
            }
        }
        vd = vd.max(b);
    }
    vd
}
