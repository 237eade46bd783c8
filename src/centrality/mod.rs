//! Hub and segment centrality on weighted corridor networks.
//!
//! * [`betweenness`]: exact shortest-path betweenness of hubs and segments (Brandes with
//!   Dijkstra), normalised like NetworkX.
//! * [`od_betweenness`]: betweenness restricted to origin → destination pairs, each pair
//!   weighted by its demand.
//! * [`sampled_betweenness`] / [`sampled_od_betweenness`]: Riondato–Kornaropoulos sampling
//!   with an (ε, δ) guarantee, seeded and reproducible.
//! * [`closeness`]: closeness (Wasserman–Faust improved) and harmonic centrality.
//!
//! # Conventions (equal to NetworkX 3.6)
//!
//! * **Weights** are costs from a [`Weighting`] (length, minutes or a property); a path's
//!   length is the sum of its segment costs.
//! * **Direction.** When any segment is `oneway` the network is directed (one-way segments
//!   one way, others both ways), unless [`CentralityOptions::undirected`] is set.
//! * **Pairs.** Betweenness sums, over ordered pairs `(s, t)` with `s ≠ t`, the share of
//!   shortest `s → t` paths through the hub (endpoints excluded) or the segment. Undirected
//!   networks count each unordered pair once (the ordered sum is halved when not normalised).
//!   Normalised hub scores divide the ordered sum by `(n − 1)(n − 2)`, normalised segment
//!   scores by `n (n − 1)`: `nx.betweenness_centrality(G, weight=w, normalized=True)` and
//!   `nx.edge_betweenness_centrality(G, weight=w, normalized=True)`.
//! * **Parallel segments** between the same two hubs are separate segments. A path uses the
//!   cheapest of them; hub scores count paths as sequences of hubs (not multiplied by
//!   parallel copies), and a pair of hubs' segment score is split equally among its
//!   parallel segments of minimum cost (NetworkX `MultiGraph` semantics). In a directed
//!   network a two-way segment's score is the sum of both directions.
//! * **Ties.** Two path lengths are equal when they differ by at most a relative
//!   [`TIE_EPS`] (10⁻⁹). NetworkX compares with `==`; on integer or dyadic weights both
//!   agree, while on decimal weights (sums like `0.1 + 0.2` vs `0.3` differing in the last
//!   ulp) NetworkX splits ties arbitrarily and corridors counts every equal-length route.
//! * Self-loops never lie on a shortest path and score 0.
//!
//! # Engine
//! CSR adjacency with `u32` indices, one reusable workspace per worker, rayon over sources in
//! fixed-size blocks with an ordered reduction: results are bit-identical at any thread count.

mod betweenness;
pub(crate) mod brandes;
mod closeness;
mod od;
mod sampled;

pub use betweenness::{Betweenness, betweenness};
pub use brandes::TIE_EPS;
pub use closeness::{Closeness, closeness};
pub use od::{OdDemand, OdPair, od_betweenness};
pub use sampled::{SampleOptions, SampledBetweenness, sampled_betweenness, sampled_od_betweenness};

use crate::error::Result;
use crate::network::Network;
use crate::progress::{NoProgress, Progress};
use crate::weights::Weighting;

/// Options shared by the centrality functions.
///
/// ```
/// use corridors::centrality::CentralityOptions;
/// use corridors::Weighting;
/// let minutes: Weighting = "minutes".parse()?;
/// let o = CentralityOptions { weighting: &minutes, ..Default::default() };
/// assert!(o.normalized && !o.undirected);
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct CentralityOptions<'a> {
    /// Segment cost.
    pub weighting: &'a Weighting,
    /// Treat every segment as two-way even when some are `oneway`.
    pub undirected: bool,
    /// Normalise like NetworkX's `normalized=True` (default `true`; OD betweenness is usually
    /// reported with `false`, NetworkX's subset convention).
    pub normalized: bool,
    /// Receives progress (one unit per shortest-path source).
    pub progress: &'a dyn Progress,
}

static LENGTH: Weighting = Weighting::Length;

impl Default for CentralityOptions<'_> {
    fn default() -> Self {
        Self {
            weighting: &LENGTH,
            undirected: false,
            normalized: true,
            progress: &NoProgress,
        }
    }
}

impl std::fmt::Debug for CentralityOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CentralityOptions")
            .field("weighting", self.weighting)
            .field("undirected", &self.undirected)
            .field("normalized", &self.normalized)
            .finish_non_exhaustive()
    }
}

impl CentralityOptions<'_> {
    /// Whether the computation runs on a directed graph for `net`.
    pub fn directed(&self, net: &Network) -> bool {
        !self.undirected && net.has_oneway()
    }

    /// The kernel graph (costs validated by the weighting).
    pub(crate) fn graph(&self, net: &Network) -> Result<brandes::Graph> {
        let w = self.weighting.weights(net)?;
        Ok(brandes::Graph::from_csr(&net.csr(&w, self.directed(net))))
    }
}

/// NetworkX's rescaling of raw ordered-pair sums (`_rescale`): `pairs_n` is `n − 1` for hubs
/// (endpoints excluded) and `n` for segments.
pub(crate) fn rescale(v: &mut [f64], pairs_n: usize, normalized: bool, directed: bool) {
    if pairs_n < 2 {
        return;
    }
    let scale = if normalized {
        1.0 / (pairs_n as f64 * (pairs_n - 1) as f64)
    } else if directed {
        1.0
    } else {
        0.5
    };
    if scale != 1.0 {
        v.iter_mut().for_each(|x| *x *= scale);
    }
}

/// All hub indices as `u32` sources.
pub(crate) fn all_sources(n: usize) -> Vec<u32> {
    (0..n as u32).collect()
}
