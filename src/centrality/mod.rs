//! Hub and segment centrality on weighted corridor networks.
//!
//! * [`betweenness`]: exact shortest-path betweenness of hubs and segments (Brandes with
//!   Dijkstra), normalised like NetworkX.
//! * [`od_betweenness`]: betweenness restricted to origin → destination pairs, each pair
//!   weighted by its demand.
//! * [`sampled_betweenness`] / [`sampled_od_betweenness`]: Riondato–Kornaropoulos sampling
//!   with an (ε, δ) guarantee, seeded and reproducible.
//! * [`CentralityGraph`], [`betweenness_partial`], [`BetweennessMerge`]: exact betweenness
//!   in source chunks ([`SOURCE_CHUNK`]) for other processes or machines, merged in order
//!   into the single-process result bit for bit.
//! * [`closeness`]: closeness (Wasserman–Faust improved) and harmonic centrality;
//!   [`sampled_closeness`]: both estimated from sampled sources, with a stated error.
//! * [`Measures`]: which of hub betweenness, segment betweenness, closeness and harmonic
//!   centrality a run asks for (the CLI's `--measures`).
//!
//! # Conventions (equal to NetworkX 3.6)
//!
//! * **Weights** are costs from a [`Weighting`](crate::Weighting) (length, minutes or a property); a path's
//!   length is the sum of its segment costs.
//! * **Direction.** When any segment is `oneway` the network is directed (one-way segments
//!   one way, others both ways), unless the costing's direction says otherwise
//!   ([`Direction`](crate::Direction)).
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
//! fixed-size blocks with an ordered reduction: results are bit-identical at any thread count,
//! and equal to a sequential run (below [`Exec::parallel_threshold`](crate::Exec) sources).
//! Every function takes an [`Exec`](crate::Exec): progress is one unit per source, and
//! cancellation is polled before every block of 32 sources.

mod betweenness;
pub(crate) mod brandes;
mod closeness;
mod measures;
mod od;
mod partial;
mod sampled;
mod sampled_closeness;

pub use betweenness::{Betweenness, betweenness};
pub use brandes::TIE_EPS;
pub use closeness::{Closeness, closeness};
pub use measures::Measures;
pub use od::od_betweenness;
pub use partial::{
    BetweennessMerge, BetweennessPartial, CentralityGraph, SOURCE_CHUNK, betweenness_partial,
};
pub use sampled::{SampleOptions, SampledBetweenness, sampled_betweenness, sampled_od_betweenness};
pub use sampled_closeness::{SampledCloseness, sampled_closeness};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::network::Network;
use crate::weights::Costing;

/// Options shared by the centrality functions (progress and cancellation go in the
/// [`Exec`](crate::Exec) argument).
///
/// ```
/// use corridors::centrality::CentralityOptions;
/// use corridors::{Costing, Direction};
/// let o = CentralityOptions { costing: Costing::new("minutes".parse()?), ..Default::default() };
/// assert!(o.normalized && o.costing.direction == Direction::Auto);
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CentralityOptions {
    /// Segment cost and direction ([`Direction::Undirected`](crate::Direction::Undirected)
    /// treats every segment as two-way even when some are `oneway`).
    pub costing: Costing,
    /// Normalise like NetworkX's `normalized=True` (default `true`). For OD betweenness
    /// under [`OdConvention::Demand`] it gives each score as a share of the total demand.
    pub normalized: bool,
    /// How OD betweenness counts pairs (default [`OdConvention::Demand`]).
    pub od_convention: OdConvention,
}

impl Default for CentralityOptions {
    fn default() -> Self {
        Self {
            costing: Costing::default(),
            normalized: true,
            od_convention: OdConvention::Demand,
        }
    }
}

/// How OD betweenness counts origin → destination pairs.
///
/// ```
/// use corridors::centrality::{self, CentralityOptions, OdConvention};
/// use corridors::OdDemand;
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let d = OdDemand::from_ids(&net, [("a", "c", 4.0)])?;
/// let flow = CentralityOptions { normalized: false, ..Default::default() };
/// assert_eq!(centrality::od_betweenness(&net, &d, &flow, &Default::default())?.hubs[1], 4.0);
/// let nx = CentralityOptions { od_convention: OdConvention::NetworkxSubset, ..flow };
/// assert_eq!(centrality::od_betweenness(&net, &d, &nx, &Default::default())?.hubs[1], 2.0);
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OdConvention {
    /// The demand whose shortest paths pass the hub or segment: `Σ d(s, t) · σ_st(v) / σ_st`,
    /// the same on directed and undirected networks. Normalised, it is the share of the
    /// total demand. This is the number `plan` gains and what researchers read as flow.
    #[default]
    Demand,
    /// NetworkX's `betweenness_centrality_subset`: on undirected networks the sum is halved
    /// (each unordered pair is expected as `(s, t)` and `(t, s)`); normalised, it is divided
    /// like NetworkX's betweenness. Kept for parity with NetworkX.
    NetworkxSubset,
}

impl CentralityOptions {
    /// Whether the computation runs on a directed graph for `net`.
    pub fn directed(&self, net: &Network) -> bool {
        self.costing.directed(net)
    }

    /// The kernel graph (costs validated by the weighting).
    pub(crate) fn graph(&self, net: &Network) -> Result<brandes::Graph> {
        Ok(brandes::Graph::from_csr(&self.costing.csr(net)?))
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
