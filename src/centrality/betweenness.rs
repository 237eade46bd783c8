//! Exact weighted betweenness of hubs and segments.

use serde::{Deserialize, Serialize};

use super::partial::{CentralityGraph, SOURCE_CHUNK};
use super::{CentralityOptions, brandes, rescale};
use crate::error::Result;
use crate::exec::Exec;
use crate::network::Network;

/// Hub and segment betweenness (see the [module conventions](super)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Betweenness {
    /// One score per hub, in hub index order.
    pub hubs: Vec<f64>,
    /// One score per segment, in segment index order.
    pub segments: Vec<f64>,
    /// Whether one-way segments were respected.
    pub directed: bool,
    /// Whether the scores are normalised.
    pub normalized: bool,
}

/// Exact betweenness of every hub and segment: one Dijkstra per hub (Brandes 2001).
///
/// Equals `nx.betweenness_centrality(G, weight=w, normalized=…)` for hubs and
/// `nx.edge_betweenness_centrality(G, weight=w, normalized=…)` for segments, with `G` a
/// NetworkX `MultiGraph` (or `MultiDiGraph` when directed) of the network.
///
/// # Arguments
/// * `net`: the network.
/// * `opts`: costing (weighting and direction) and normalisation.
/// * `exec`: progress (one unit per source hub), cancellation (polled every 32 sources) and
///   the parallel threshold (in source hubs); the result is the same sequential or parallel.
///
/// # Returns
/// One score per hub and per segment, in index order.
///
/// # Complexity
/// `O(n (m + n log n))` time, `O(n + m)` memory per worker thread.
///
/// # Errors
/// [`Error::Weight`](crate::Error::Weight) when a segment has no valid cost;
/// [`Error::Cancelled`](crate::Error::Cancelled).
///
/// # Example
/// ```
/// use corridors::{centrality, fixtures};
/// let net = fixtures::path(&["a", "b", "c"]); // every a–c route runs through b
/// let bc = centrality::betweenness(&net, &Default::default(), &Default::default())?;
/// assert_eq!(bc.hubs, vec![0.0, 1.0, 0.0]);
/// // each segment carries 2 of the 3 unordered pairs: 2 / 3
/// assert!((bc.segments[0] - 2.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn betweenness(net: &Network, opts: &CentralityOptions, exec: &Exec) -> Result<Betweenness> {
    // The source-chunk contract of `partial` (one chunk up to SOURCE_CHUNK hubs), so that
    // distributed runs with the default chunk equal this one bit for bit.
    CentralityGraph::new(net, opts, SOURCE_CHUNK)?.betweenness(opts.normalized, exec)
}

/// Splits a raw `[hubs | arcs]` accumulator into rescaled hub and segment scores.
pub(crate) fn finish(
    net: &Network,
    g: &brandes::Graph,
    total: Vec<f64>,
    normalized: bool,
) -> Betweenness {
    finish_parts(g, total, net.segment_count(), normalized)
}

/// [`finish`] for a graph of `segment_count` segments (no network at hand).
pub(crate) fn finish_parts(
    g: &brandes::Graph,
    total: Vec<f64>,
    segment_count: usize,
    normalized: bool,
) -> Betweenness {
    let n = g.n();
    let mut hubs = total;
    let arcs = hubs.split_off(n);
    let mut segments = g.arc_to_segments(&arcs, segment_count);
    rescale(&mut hubs, n.saturating_sub(1), normalized, g.directed);
    rescale(&mut segments, n, normalized, g.directed);
    Betweenness {
        hubs,
        segments,
        directed: g.directed,
        normalized,
    }
}
