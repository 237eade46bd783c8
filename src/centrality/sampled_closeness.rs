//! Closeness and harmonic centrality estimated from sampled sources (Eppstein & Wang 2004).

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{CentralityOptions, SampleOptions, brandes};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// Estimated closeness and harmonic centrality with their stated error.
///
/// Let `k` sources be drawn without replacement and `ε = √(ln(2n/δ) / (2k))`. Each hub's
/// harmonic estimate is `(n − 1)` times a mean of `k` terms `1/d(u, v)`, each in
/// `[0, 1/c_min]` (`c_min` the smallest positive segment cost); by Hoeffding's inequality
/// (which holds for sampling without replacement) and a union bound over the `n` hubs, with
/// probability at least `1 − δ` every harmonic estimate is within
/// [`harmonic_error`](Self::harmonic_error) `= (n − 1) ε / c_min` of the exact value. On a
/// connected undirected network the mean distance to each hub (`1/closeness` when every hub
/// is reached) is likewise within [`mean_distance_error`](Self::mean_distance_error)
/// `= ε Δ`, with `Δ` a diameter bound (`d₁ + d₂` from a sampled source). With `k = n` the
/// values are exact and both errors are 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampledCloseness {
    /// Estimated closeness (Wasserman–Faust improved, as [`super::closeness`]).
    pub closeness: Vec<f64>,
    /// Estimated harmonic centrality.
    pub harmonic: Vec<f64>,
    /// Whether one-way segments were respected.
    pub directed: bool,
    /// Number of sampled sources.
    pub sources: usize,
    /// Seed used.
    pub seed: u64,
    /// Failure probability.
    pub delta: f64,
    /// Hoeffding half-width `ε` on the scale of one term (see the type docs).
    pub epsilon: f64,
    /// Bound on `|harmonic estimate − harmonic|`, every hub at once, with probability ≥ 1 − δ.
    pub harmonic_error: f64,
    /// Bound on the error of each hub's mean distance from the other hubs (connected
    /// undirected networks only).
    pub mean_distance_error: Option<f64>,
}

/// Closeness and harmonic centrality from a sample of source hubs.
///
/// Sources are drawn without replacement (a seeded partial Fisher–Yates shuffle); one full
/// Dijkstra from each gives its distance to every hub. For hub `v` with `k_v` sampled
/// sources other than itself, of which `c_v` reach it at total distance `S_v`, the estimates
/// are `harmonic = (n − 1)/k_v · Σ 1/d(u, v)` and `closeness = c_v² / (S_v k_v)` (the
/// Wasserman–Faust formula with `r − 1` and the distance sum scaled up by `(n − 1)/k_v`).
/// The sample size is `⌈ln(2n/δ) / (2ε²)⌉` sources for [`SampleOptions::epsilon`] (at most
/// `n`), or [`SampleOptions::samples`]; the error stated is explained on
/// [`SampledCloseness`].
///
/// # Arguments
/// * `net`: the network.
/// * `opts`: costing (weighting and direction); `normalized` is not used.
/// * `sample`: ε, δ or a fixed number of sources, and the seed (`adaptive` is not used).
/// * `exec`: progress (one unit per source), cancellation and the parallel threshold; the
///   result is the same sequential or parallel and at any thread count.
///
/// # Returns
/// Estimates in hub index order with the error bounds.
///
/// # Complexity
/// One Dijkstra per sampled source: `O(k (m + n log n))`.
///
/// # Errors
/// [`Error::Weight`] for a missing cost; [`Error::InvalidArgument`] for ε or δ outside
/// (0, 1) or 0 samples; [`Error::Cancelled`].
///
/// # Example
/// ```
/// use corridors::centrality::{self, SampleOptions};
/// let net = corridors::fixtures::path(&["a", "b", "c", "d"]);
/// let s = SampleOptions { samples: Some(4), ..Default::default() }; // every source: exact
/// let est = centrality::sampled_closeness(&net, &Default::default(), &s, &Default::default())?;
/// let exact = centrality::closeness(&net, &Default::default(), &Default::default())?;
/// for (a, b) in est.harmonic.iter().zip(&exact.harmonic) {
///     assert!((a - b).abs() < 1e-12);
/// }
/// assert_eq!(est.harmonic_error, 0.0);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn sampled_closeness(
    net: &Network,
    opts: &CentralityOptions,
    sample: &SampleOptions,
    exec: &Exec,
) -> Result<SampledCloseness> {
    if !(sample.delta > 0.0 && sample.delta < 1.0) {
        return Err(Error::invalid(
            "delta",
            format!("must lie in (0, 1), got {}", sample.delta),
        ));
    }
    let g = opts.graph(net)?;
    let n = g.n();
    let log_term = (2.0 * n.max(1) as f64 / sample.delta).ln();
    let k = match sample.samples {
        Some(0) => return Err(Error::invalid("samples", "must be ≥ 1")),
        Some(k) => k.min(n),
        None if !(sample.epsilon > 0.0 && sample.epsilon < 1.0) => {
            return Err(Error::invalid(
                "epsilon",
                format!("must lie in (0, 1), got {}", sample.epsilon),
            ));
        }
        None => ((log_term / (2.0 * sample.epsilon * sample.epsilon)).ceil() as usize).min(n),
    };
    // Seeded partial Fisher–Yates: the first k of a uniform permutation.
    let mut rng = ChaCha8Rng::seed_from_u64(sample.seed);
    let mut perm: Vec<u32> = (0..n as u32).collect();
    for i in 0..k {
        let j = rng.random_range(i..n);
        perm.swap(i, j);
    }
    let sources = perm[..k].to_vec();
    let mut is_source = vec![false; n];
    sources.iter().for_each(|&s| is_source[s as usize] = true);
    // [harmonic sums | reach counts | distance sums], one per hub each
    let acc = brandes::par_sum(&g, &sources, 3 * n, exec, |ws, s, acc| {
        ws.sssp(&g, s);
        for &v in ws.order() {
            let v = v as usize;
            if v == s {
                continue;
            }
            let d = ws.dist[v];
            if d > 0.0 {
                acc[v] += 1.0 / d;
            }
            acc[n + v] += 1.0;
            acc[2 * n + v] += d;
        }
    })?;
    let mut closeness = vec![0.0; n];
    let mut harmonic = vec![0.0; n];
    for v in 0..n {
        let kv = (k - usize::from(is_source[v])) as f64;
        if kv == 0.0 {
            continue;
        }
        harmonic[v] = acc[v] * (n - 1) as f64 / kv;
        let (c, sum) = (acc[n + v], acc[2 * n + v]);
        if sum > 0.0 {
            closeness[v] = c * c / (sum * kv);
        }
    }
    let epsilon = if k >= n {
        0.0
    } else {
        (log_term / (2.0 * k as f64)).sqrt()
    };
    let min_cost = g
        .cost
        .iter()
        .copied()
        .filter(|&c| c > 0.0)
        .fold(f64::INFINITY, f64::min);
    let harmonic_error = if epsilon == 0.0 {
        0.0
    } else if min_cost.is_finite() {
        (n - 1) as f64 * epsilon / min_cost
    } else {
        0.0 // no positive cost: every term is 0
    };
    // A diameter bound from the first source, when it reaches every hub (connected).
    let mean_distance_error = match sources.first() {
        Some(&s) if !g.directed => {
            let mut ws = brandes::Workspace::new(&g);
            ws.sssp(&g, s as usize);
            let o = ws.order();
            (o.len() == n).then(|| {
                let d = |i: usize| o.get(i).map_or(0.0, |&v| ws.dist[v as usize]);
                epsilon * (d(n - 1) + if n >= 2 { d(n - 2) } else { 0.0 })
            })
        }
        _ => None,
    };
    Ok(SampledCloseness {
        closeness,
        harmonic,
        directed: g.directed,
        sources: k,
        seed: sample.seed,
        delta: sample.delta,
        epsilon,
        harmonic_error,
        mean_distance_error,
    })
}
