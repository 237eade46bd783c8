//! Betweenness restricted to origin → destination pairs, weighted by demand.

use super::betweenness::finish;
use super::{Betweenness, CentralityOptions, brandes};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// Demand between two hubs (e.g. people per year, or 1 per pair), by hub index: the one OD
/// pair type of the crate (centrality, planning and the demand reader all use it).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OdPair {
    /// Origin hub index.
    pub origin: usize,
    /// Destination hub index.
    pub destination: usize,
    /// Demand (finite, ≥ 0). It is never a routing cost.
    pub demand: f64,
}

impl OdPair {
    /// A pair.
    ///
    /// ```
    /// let p = corridors::centrality::OdPair::new(0, 1, 2.5);
    /// assert_eq!((p.origin, p.destination, p.demand), (0, 1, 2.5));
    /// ```
    pub fn new(origin: usize, destination: usize, demand: f64) -> Self {
        Self {
            origin,
            destination,
            demand,
        }
    }
}

/// Validated demand between hubs: [`OdPair`]s by hub index.
///
/// Pairs with `origin == destination` or zero demand carry nothing and are dropped; repeated
/// pairs add up. Build it from hub ids ([`OdDemand::all_pairs`], [`OdDemand::from_ids`]),
/// from a function ([`OdDemand::from_fn`]) or from a CSV file
/// ([`crate::io::demand::read_demand_csv`]).
///
/// ```
/// use corridors::centrality::OdDemand;
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// let mut b = NetworkBuilder::new();
/// b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
/// b.add_hub(Hub::new("b", HubKind::BorderCrossing, -92.0, 16.0));
/// b.add_segment(SegmentSpec::between("ab", "a", "b"));
/// let (net, _) = b.build()?;
/// let d = OdDemand::all_pairs(&net, &["a"], &["a", "b"])?;
/// assert_eq!(d.pairs(), &[corridors::centrality::OdPair::new(0, 1, 1.0)]);
/// assert!(OdDemand::all_pairs(&net, &["a"], &["nowhere"]).is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OdDemand {
    pairs: Vec<OdPair>,
}

impl OdDemand {
    /// Demand from index triples.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an index out of range or a demand that is negative or
    /// not finite.
    pub fn from_pairs(
        net: &Network,
        pairs: impl IntoIterator<Item = (usize, usize, f64)>,
    ) -> Result<Self> {
        let n = net.hub_count();
        let mut v: Vec<OdPair> = Vec::new();
        for (s, t, d) in pairs {
            if s >= n || t >= n {
                return Err(Error::InvalidArgument(format!(
                    "hub index {} out of range (network has {n} hubs)",
                    s.max(t)
                )));
            }
            if !(d.is_finite() && d >= 0.0) {
                return Err(Error::InvalidArgument(format!(
                    "demand from {:?} to {:?} must be finite and ≥ 0, got {d}",
                    net.hub(s).id.as_key(),
                    net.hub(t).id.as_key()
                )));
            }
            if s != t && d > 0.0 {
                v.push(OdPair::new(s, t, d));
            }
        }
        // Sort and merge repeats: one entry per pair, in a fixed order, whatever the input
        // order (repeats are added in input order: stable sort).
        v.sort_by_key(|p| (p.origin, p.destination));
        let mut merged: Vec<OdPair> = Vec::with_capacity(v.len());
        for p in v {
            match merged.last_mut() {
                Some(last) if (last.origin, last.destination) == (p.origin, p.destination) => {
                    last.demand += p.demand
                }
                _ => merged.push(p),
            }
        }
        Ok(Self { pairs: merged })
    }

    /// Demand 1 for every `source × target` pair (NetworkX `betweenness_centrality_subset`).
    ///
    /// # Errors
    /// [`Error::UnknownHub`] naming the first id the network does not have.
    pub fn all_pairs<S: AsRef<str>, T: AsRef<str>>(
        net: &Network,
        sources: &[S],
        targets: &[T],
    ) -> Result<Self> {
        let s = ids(net, sources)?;
        let t = ids(net, targets)?;
        Self::from_pairs(
            net,
            s.iter().flat_map(|&a| t.iter().map(move |&b| (a, b, 1.0))),
        )
    }

    /// Demand from `(origin id, destination id, demand)` triples.
    ///
    /// # Errors
    /// [`Error::UnknownHub`] naming the id, or an invalid demand.
    pub fn from_ids<S: AsRef<str>>(
        net: &Network,
        triples: impl IntoIterator<Item = (S, S, f64)>,
    ) -> Result<Self> {
        let mut v = Vec::new();
        for (s, t, d) in triples {
            v.push((
                net.require_hub(s.as_ref())?,
                net.require_hub(t.as_ref())?,
                d,
            ));
        }
        Self::from_pairs(net, v)
    }

    /// Demand `f(origin, destination)` for every pair of distinct hubs (by index).
    ///
    /// # Errors
    /// As [`OdDemand::from_pairs`].
    pub fn from_fn(net: &Network, f: impl Fn(usize, usize) -> f64) -> Result<Self> {
        let n = net.hub_count();
        let mut v = Vec::new();
        for s in 0..n {
            for t in 0..n {
                if s != t {
                    v.push((s, t, f(s, t)));
                }
            }
        }
        Self::from_pairs(net, v)
    }

    /// The pairs, sorted by (origin, destination), repeats merged, without zero demand (the
    /// slice the planning functions take).
    pub fn pairs(&self) -> &[OdPair] {
        &self.pairs
    }

    /// Total demand.
    pub fn total(&self) -> f64 {
        self.pairs.iter().map(|p| p.demand).sum()
    }

    /// Distinct origins, with the range of their pairs in [`OdDemand::pairs`].
    pub(crate) fn by_source(&self) -> (Vec<u32>, Vec<(usize, usize)>) {
        brandes::source_ranges(&self.pairs, |p| p.origin as u32)
    }
}

fn ids<S: AsRef<str>>(net: &Network, ids: &[S]) -> Result<Vec<usize>> {
    ids.iter().map(|s| net.require_hub(s.as_ref())).collect()
}

/// Betweenness over origin → destination pairs, each pair counted with its demand.
///
/// A hub scores `Σ d(s, t) · σ_st(v) / σ_st` over pairs with `v ∉ {s, t}`; a segment scores
/// the same sum with `σ_st(e)`. One Dijkstra per distinct origin. With demand 1 on every
/// `sources × targets` pair and `normalized: false`, hub scores equal
/// `nx.betweenness_centrality_subset(G, sources, targets, normalized=False, weight=w)`.
/// Segment scores follow Brandes (2008): at every hub the dependency is split among
/// shortest-path predecessors in proportion to their path counts. They equal
/// `nx.edge_betweenness_centrality_subset` wherever shortest paths are unique; with ties
/// NetworkX 3.6 splits a non-target hub's dependency *equally* among predecessors, which
/// disagrees with its own hub scores, so corridors does not copy it.
/// Undirected networks halve the sums (each unordered pair appears as `(s, t)` and
/// `(t, s)` when both are in the demand), as NetworkX does.
///
/// ```
/// use corridors::centrality::{self, CentralityOptions, OdDemand};
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// let mut b = NetworkBuilder::new();
/// for (i, id) in ["a", "b", "c", "d"].iter().enumerate() {
///     b.add_hub(Hub::new(*id, HubKind::Transit, -92.0, 15.0 + i as f64));
/// }
/// b.add_segment(SegmentSpec::between("ab", "a", "b"));
/// b.add_segment(SegmentSpec::between("bc", "b", "c"));
/// b.add_segment(SegmentSpec::between("cd", "c", "d"));
/// let (net, _) = b.build()?;
/// let demand = OdDemand::from_ids(&net, [("a", "d", 10.0), ("a", "c", 2.0)])?;
/// let opts = CentralityOptions { normalized: false, ..Default::default() };
/// let od = centrality::od_betweenness(&net, &demand, &opts)?;
/// // b lies on both routes, c only on a→d; halved because the network is undirected
/// assert_eq!(od.hubs, vec![0.0, 6.0, 5.0, 0.0]);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Weight`] when a segment has no valid cost.
pub fn od_betweenness(
    net: &Network,
    demand: &OdDemand,
    opts: &CentralityOptions,
    exec: &Exec,
) -> Result<Betweenness> {
    let g = opts.graph(net)?;
    let n = g.n();
    let (sources, ranges) = demand.by_source();
    let mut range_of = vec![(0usize, 0usize); n];
    for (s, r) in sources.iter().zip(&ranges) {
        range_of[*s as usize] = *r;
    }
    let pairs = demand.pairs();
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
    Ok(finish(net, &g, total, opts.normalized))
}
