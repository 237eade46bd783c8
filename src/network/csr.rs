//! Compact adjacency (CSR) for the hot loops of the algorithms.

use super::Network;

/// Compressed sparse row adjacency with `u32` indices, built once per weighting.
///
/// Arc `k` of hub `u` (for `k` in `offsets[u]..offsets[u + 1]`) leads to `targets[k]` over
/// segment `edges[k]` at cost `weights[k]`. Two-way segments give an arc in each direction;
/// one-way segments (when the CSR is directed) only `from → to`. Self-loops are left out: a
/// loop never lies on a shortest path between two different hubs.
///
/// ```
/// use corridors::Csr;
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let csr = Csr::new(&net, &[1.0], false);
/// assert_eq!(csr.node_count(), 2);
/// assert_eq!(csr.arcs(0).collect::<Vec<_>>(), vec![(1, 0, 1.0)]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Csr {
    /// `offsets[u]..offsets[u + 1]` are the arcs of hub `u`; length `n + 1`.
    pub offsets: Vec<u32>,
    /// Head hub of each arc.
    pub targets: Vec<u32>,
    /// Segment index of each arc.
    pub edges: Vec<u32>,
    /// Cost of each arc.
    pub weights: Vec<f64>,
    /// Whether one-way segments were kept one-way.
    pub directed: bool,
}

impl Csr {
    /// Builds the adjacency of `net` with one weight per segment (indexed like the segments).
    ///
    /// With `directed == false` every segment is two-way, whatever its `oneway` flag. A
    /// segment whose weight is `+∞` is closed (see [`Costing::avoid`](crate::Costing::avoid))
    /// and gets no arc.
    ///
    /// # Panics
    /// If `weights.len()` differs from the number of segments (a programming error).
    pub fn new(net: &Network, weights: &[f64], directed: bool) -> Self {
        assert_eq!(
            weights.len(),
            net.segment_count(),
            "one weight per segment" // invariant: callers build weights from this network
        );
        let n = net.hub_count();
        let mut arcs: Vec<(u32, u32, u32)> = Vec::with_capacity(2 * net.segment_count());
        for (e, seg) in net.segments().enumerate() {
            let (a, b) = net.endpoints(e);
            if a == b || weights[e] == f64::INFINITY {
                continue;
            }
            arcs.push((a as u32, b as u32, e as u32));
            if !(directed && seg.oneway) {
                arcs.push((b as u32, a as u32, e as u32));
            }
        }
        Self::from_arcs(n, arcs, weights, directed)
    }

    fn from_arcs(
        n: usize,
        mut arcs: Vec<(u32, u32, u32)>,
        weights: &[f64],
        directed: bool,
    ) -> Self {
        // Stable order (tail, segment, head) so that results never depend on input hashing.
        arcs.sort_unstable();
        let mut offsets = vec![0u32; n + 1];
        for &(u, _, _) in &arcs {
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Self {
            offsets,
            targets: arcs.iter().map(|a| a.1).collect(),
            edges: arcs.iter().map(|a| a.2).collect(),
            weights: arcs.iter().map(|a| weights[a.2 as usize]).collect(),
            directed,
        }
    }

    /// Number of hubs.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of arcs.
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    /// Arcs leaving hub `u`: `(head, segment, cost)`.
    pub fn arcs(&self, u: usize) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        let (lo, hi) = (self.offsets[u] as usize, self.offsets[u + 1] as usize);
        (lo..hi).map(move |k| {
            (
                self.targets[k] as usize,
                self.edges[k] as usize,
                self.weights[k],
            )
        })
    }

    /// The same adjacency with every arc reversed (for distances *to* a hub).
    pub fn reversed(&self) -> Self {
        let n = self.node_count();
        let mut arcs = Vec::with_capacity(self.arc_count());
        let mut w = vec![
            0.0;
            self.edges
                .iter()
                .map(|&e| e as usize + 1)
                .max()
                .unwrap_or(0)
        ];
        for u in 0..n {
            for (v, e, c) in self.arcs(u) {
                arcs.push((v as u32, u as u32, e as u32));
                w[e] = c;
            }
        }
        Self::from_arcs(n, arcs, &w, self.directed)
    }
}
