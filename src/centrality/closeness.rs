//! Weighted closeness and harmonic centrality.

use serde::{Deserialize, Serialize};

use super::{CentralityOptions, all_sources, brandes};
use crate::error::Result;
use crate::exec::Exec;
use crate::network::Network;

/// Closeness and harmonic centrality per hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Closeness {
    /// Closeness with the Wasserman–Faust correction for disconnected networks.
    pub closeness: Vec<f64>,
    /// Harmonic centrality `Σ_{u ≠ v} 1 / d(u, v)`.
    pub harmonic: Vec<f64>,
    /// Whether one-way segments were respected.
    pub directed: bool,
}

/// Closeness and harmonic centrality over weighted distances.
///
/// For hub `v` with `r` hubs (itself included) that can reach it at total distance `D`,
/// `closeness = (r − 1)/D · (r − 1)/(n − 1)` (0 when `D = 0`), equal to
/// `nx.closeness_centrality(G, distance=w)` (`wf_improved=True`); `harmonic = Σ 1/d(u, v)`
/// over the hubs `u ≠ v` that reach `v`, equal to `nx.harmonic_centrality(G, distance=w)`.
/// In a directed network both use distances *to* `v`, as NetworkX does. Pairs at distance 0
/// (zero-cost segments) add nothing to the harmonic sum (NetworkX would divide by zero).
///
/// # Arguments
/// * `net`: the network.
/// * `opts`: costing (weighting and direction); `normalized` is not used.
/// * `exec`: progress (one unit per hub), cancellation (polled every 32 hubs) and the
///   parallel threshold (in hubs); the result is the same sequential or parallel.
///
/// # Returns
/// Closeness and harmonic centrality per hub, in index order.
///
/// # Complexity
/// One Dijkstra per hub: `O(n (m + n log n))` time, `O(n + m)` memory per worker thread.
///
/// # Errors
/// [`Error::Weight`](crate::Error::Weight) when a segment has no valid cost;
/// [`Error::Cancelled`](crate::Error::Cancelled).
///
/// # Example
/// ```
/// use corridors::centrality::{self, CentralityOptions};
/// use corridors::{Costing, Hub, HubKind, NetworkBuilder, SegmentSpec};
/// let mut b = NetworkBuilder::new();
/// for (i, id) in ["a", "b", "c"].iter().enumerate() {
///     b.add_hub(Hub::new(*id, HubKind::Transit, -92.0, 15.0 + i as f64));
/// }
/// let mut ab = SegmentSpec::between("ab", "a", "b");
/// ab.properties.insert("cost".into(), 1.0.into());
/// let mut bc = SegmentSpec::between("bc", "b", "c");
/// bc.properties.insert("cost".into(), 2.0.into());
/// b.add_segment(ab);
/// b.add_segment(bc);
/// let (net, _) = b.build()?;
/// let opts = CentralityOptions { costing: Costing::new("cost".parse()?), ..Default::default() };
/// let c = centrality::closeness(&net, &opts, &Default::default())?;
/// assert_eq!(c.closeness[1], 2.0 / 3.0); // b: 2 hubs at total distance 1 + 2
/// assert_eq!(c.harmonic[0], 1.0 + 1.0 / 3.0);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn closeness(net: &Network, opts: &CentralityOptions, exec: &Exec) -> Result<Closeness> {
    let w = opts.costing.weights(net)?;
    let directed = opts.directed(net);
    let mut csr = net.csr(&w, directed);
    if directed {
        csr = csr.reversed(); // distances *to* each hub
    }
    let g = brandes::Graph::from_csr(&csr);
    let n = g.n();
    let per_hub = brandes::par_map(&g, &all_sources(n), exec, |ws, s| {
        ws.sssp(&g, s);
        let (mut tot, mut harm) = (0.0, 0.0);
        for &v in ws.order() {
            let d = ws.dist[v as usize];
            tot += d;
            if d > 0.0 {
                harm += 1.0 / d;
            }
        }
        let r = ws.order().len() as f64;
        let cc = if tot > 0.0 && n > 1 {
            (r - 1.0) / tot * ((r - 1.0) / (n - 1) as f64)
        } else {
            0.0
        };
        (cc, harm)
    })?;
    let (closeness, harmonic) = per_hub.into_iter().unzip();
    Ok(Closeness {
        closeness,
        harmonic,
        directed,
    })
}
