//! Betweenness restricted to origin → destination pairs, weighted by demand.

use super::betweenness::finish;
use super::{Betweenness, CentralityOptions, OdConvention, brandes};

use crate::demand::OdDemand;
use crate::error::Result;
use crate::exec::Exec;
use crate::network::Network;

/// Betweenness over origin → destination pairs, each pair counted with its demand: the OD
/// flow through each hub and segment.
///
/// A hub scores `Σ d(s, t) · σ_st(v) / σ_st` over pairs with `v ∉ {s, t}`; a segment scores
/// the same sum with `σ_st(e)`. One Dijkstra per distinct origin. Under
/// [`OdConvention::Demand`] (the default) that sum is the score, on directed and undirected
/// networks alike (normalised: divided by the total demand, a share). Under
/// [`OdConvention::NetworkxSubset`], with demand 1 on every `sources × targets` pair and
/// `normalized: false`, hub scores equal
/// `nx.betweenness_centrality_subset(G, sources, targets, normalized=False, weight=w)`.
/// Segment scores follow Brandes (2008): at every hub the dependency is split among
/// shortest-path predecessors in proportion to their path counts. They equal
/// `nx.edge_betweenness_centrality_subset` wherever shortest paths are unique; with ties
/// NetworkX 3.6 splits a non-target hub's dependency *equally* among predecessors, which
/// disagrees with its own hub scores, so corridors does not copy it.
/// NetworkX halves the sums on undirected networks (it expects each unordered pair as
/// `(s, t)` and `(t, s)`); only [`OdConvention::NetworkxSubset`] copies that.
///
/// # Arguments
/// * `net`: the network.
/// * `demand`: the OD pairs and their demand.
/// * `opts`: costing and normalisation (usually `normalized: false`).
/// * `exec`: progress (one unit per distinct origin), cancellation (polled every 32
///   origins) and the parallel threshold (in origins).
///
/// # Returns
/// One score per hub and per segment, in index order.
///
/// # Complexity
/// One Dijkstra per distinct origin `o`: `O(o (m + n log n))` time.
///
/// # Errors
/// [`Error::Weight`](crate::Error::Weight) when a segment has no valid cost;
/// [`Error::Cancelled`](crate::Error::Cancelled).
///
/// # Example
/// ```
/// use corridors::centrality::{self, CentralityOptions};
/// use corridors::{fixtures, OdDemand};
/// let net = fixtures::path(&["a", "b", "c", "d"]);
/// let demand = OdDemand::from_ids(&net, [("a", "d", 10.0), ("a", "c", 2.0)])?;
/// let opts = CentralityOptions { normalized: false, ..Default::default() };
/// let od = centrality::od_betweenness(&net, &demand, &opts, &Default::default())?;
/// // b carries both flows (10 + 2), c only a→d (10)
/// assert_eq!(od.hubs, vec![0.0, 12.0, 10.0, 0.0]);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn od_betweenness(
    net: &Network,
    demand: &OdDemand,
    opts: &CentralityOptions,
    exec: &Exec,
) -> Result<Betweenness> {
    let g = opts.graph(net)?;
    let n = g.n();
    let (pairs, sources, ranges) = demand.by_source();
    let mut range_of = vec![(0usize, 0usize); n];
    for (s, r) in sources.iter().zip(&ranges) {
        range_of[*s as usize] = *r;
    }
    let total = brandes::par_sum(&g, &sources, n + g.arcs(), exec, |ws, s, acc| {
        let (node, arc) = acc.split_at_mut(n);
        let (lo, hi) = range_of[s];
        ws.sssp(&g, s);
        for p in &pairs[lo..hi] {
            ws.aux[p.destination] = p.demand;
        }
        let mut aux = std::mem::take(&mut ws.aux);
        ws.accumulate(&g, s, |v| aux[v], node, arc);
        for p in &pairs[lo..hi] {
            aux[p.destination] = 0.0;
        }
        ws.aux = aux;
    })?;
    Ok(match opts.od_convention {
        OdConvention::NetworkxSubset => finish(net, &g, total, opts.normalized),
        OdConvention::Demand => demand_flow(net, &g, total, demand.total(), opts.normalized),
    })
}

/// Splits a raw `[hubs | arcs]` accumulator into flows (or shares of `total_demand`).
pub(crate) fn demand_flow(
    net: &Network,
    g: &brandes::Graph,
    total: Vec<f64>,
    total_demand: f64,
    normalized: bool,
) -> Betweenness {
    let n = g.n();
    let mut hubs = total;
    let arcs = hubs.split_off(n);
    let mut segments = g.arc_to_segments(&arcs, net.segment_count());
    if normalized && total_demand > 0.0 {
        hubs.iter_mut().for_each(|x| *x /= total_demand);
        segments.iter_mut().for_each(|x| *x /= total_demand);
    }
    Betweenness {
        hubs,
        segments,
        directed: g.directed,
        normalized,
    }
}
