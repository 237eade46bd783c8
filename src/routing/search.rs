//! Dijkstra over the [`Csr`] with predecessor segments, a reusable workspace and removal
//! filters.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::error::Result;
use crate::network::{Csr, Network};

/// Hubs and segments taken out of the network for a query (a what-if), without rebuilding it.
///
/// A removed hub can be neither passed through nor reached; a removed segment is not
/// travelled in either direction.
///
/// ```
/// use corridors::routing::Filter;
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let f = Filter::from_ids(&net, &["b"]).unwrap();
/// assert!(f.hub_removed(1) && !f.segment_removed(0));
/// assert!(Filter::from_ids(&net, &["nowhere"]).is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    hubs: Vec<bool>,
    segments: Vec<bool>,
}

impl Filter {
    /// A filter that removes nothing.
    pub fn none(net: &Network) -> Self {
        Self {
            hubs: vec![false; net.hub_count()],
            segments: vec![false; net.segment_count()],
        }
    }

    /// Removes the elements named by `ids`: each is a segment id when the network has a
    /// segment of that id and no hub does, else a hub reference (id, name, `kind:KIND`,
    /// `country:CC`; see [`Network::resolve_hubs`]).
    ///
    /// # Errors
    /// [`Error::UnknownHub`](crate::Error::UnknownHub) (with suggestions) for the first entry that names neither a hub
    /// nor a segment.
    ///
    /// # Example
    /// ```
    /// use corridors::routing::Filter;
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let f = Filter::from_ids(&net, &["B", net.segment(1).id.as_key().as_str()])?;
    /// assert!(f.hub_removed(1) && f.segment_removed(1));
    /// assert!(Filter::from_ids(&net, &["atlantis"]).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn from_ids<S: AsRef<str>>(net: &Network, ids: &[S]) -> Result<Self> {
        let mut f = Self::none(net);
        for id in ids {
            let id = id.as_ref().trim();
            match (net.hub_index(id), net.segment_index(id)) {
                (None, Some(e)) => f.segments[e] = true,
                _ => {
                    for i in net.resolve_hubs(id)? {
                        f.hubs[i] = true;
                    }
                }
            }
        }
        Ok(f)
    }

    /// Removes hub `i`.
    pub fn remove_hub(&mut self, i: usize) -> &mut Self {
        self.hubs[i] = true;
        self
    }

    /// Removes segment `e`.
    pub fn remove_segment(&mut self, e: usize) -> &mut Self {
        self.segments[e] = true;
        self
    }

    /// Puts hub `i` back.
    pub fn restore_hub(&mut self, i: usize) -> &mut Self {
        self.hubs[i] = false;
        self
    }

    /// Puts segment `e` back.
    pub fn restore_segment(&mut self, e: usize) -> &mut Self {
        self.segments[e] = false;
        self
    }

    /// Whether hub `i` is removed.
    pub fn hub_removed(&self, i: usize) -> bool {
        self.hubs.get(i).copied().unwrap_or(false)
    }

    /// Whether segment `e` is removed.
    pub fn segment_removed(&self, e: usize) -> bool {
        self.segments.get(e).copied().unwrap_or(false)
    }

    /// Indices of the removed hubs.
    pub fn removed_hubs(&self) -> Vec<usize> {
        (0..self.hubs.len()).filter(|&i| self.hubs[i]).collect()
    }

    /// Indices of the removed segments.
    pub fn removed_segments(&self) -> Vec<usize> {
        (0..self.segments.len())
            .filter(|&e| self.segments[e])
            .collect()
    }
}

const NONE: u32 = u32::MAX;

/// Reusable buffers for many shortest-path queries on one network (no allocation per query).
///
/// After [`Workspace::run`], [`dist`](Workspace::dist), [`pred`](Workspace::pred) and
/// [`settled`](Workspace::settled) describe the search until the next run.
///
/// ```
/// use corridors::Csr;
/// use corridors::routing::Workspace;
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let csr = Csr::new(&net, &[2.0, 3.0], false);
/// let mut ws = Workspace::new(net.hub_count());
/// ws.run(&csr, 0, None, |_, _| false);
/// assert_eq!(ws.dist(2), Some(5.0));
/// assert_eq!(ws.pred(2), Some((1, 1)));
/// assert_eq!(ws.settled(), &[0, 1, 2]);
/// ```
#[derive(Clone, Debug)]
pub struct Workspace {
    dist: Vec<f64>,
    pred_hub: Vec<u32>,
    pred_seg: Vec<u32>,
    done: Vec<bool>,
    touched: Vec<u32>,
    order: Vec<u32>,
    /// `(cost bits, hub)`: costs are ≥ 0, so their IEEE bits order like the values, and
    /// ties go to the smaller hub index (deterministic).
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl Workspace {
    /// Buffers for a network of `hubs` hubs.
    pub fn new(hubs: usize) -> Self {
        Self {
            dist: vec![f64::INFINITY; hubs],
            pred_hub: vec![NONE; hubs],
            pred_seg: vec![NONE; hubs],
            done: vec![false; hubs],
            touched: Vec::new(),
            order: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn reset(&mut self) {
        for &u in &self.touched {
            let u = u as usize;
            self.dist[u] = f64::INFINITY;
            self.pred_hub[u] = NONE;
            self.pred_seg[u] = NONE;
            self.done[u] = false;
        }
        self.touched.clear();
        self.order.clear();
        self.heap.clear();
    }

    /// Runs Dijkstra from `source` over `csr`, stopping once `target` (if any) is settled.
    ///
    /// `blocked(hub, segment)` is asked before relaxing the arc into `hub` over `segment`;
    /// `true` skips the arc (this is how filters and Yen's bans work without a rebuild).
    /// Ties keep the first predecessor found (arcs in CSR order), so results are
    /// deterministic.
    ///
    /// # Panics
    /// If `source` is not a hub of `csr` or the workspace is smaller than `csr`.
    pub fn run<F: Fn(usize, usize) -> bool>(
        &mut self,
        csr: &Csr,
        source: usize,
        target: Option<usize>,
        blocked: F,
    ) {
        self.reset();
        self.dist[source] = 0.0;
        self.touched.push(source as u32);
        self.heap.push(Reverse((0f64.to_bits(), source as u32)));
        while let Some(Reverse((bits, hub))) = self.heap.pop() {
            let u = hub as usize;
            let cost = f64::from_bits(bits);
            if self.done[u] || cost > self.dist[u] {
                continue;
            }
            self.done[u] = true;
            self.order.push(hub);
            if Some(u) == target {
                break;
            }
            let (lo, hi) = (csr.offsets[u] as usize, csr.offsets[u + 1] as usize);
            for k in lo..hi {
                let v = csr.targets[k] as usize;
                if self.done[v] {
                    continue;
                }
                let e = csr.edges[k] as usize;
                if blocked(v, e) {
                    continue;
                }
                let nd = cost + csr.weights[k];
                if nd < self.dist[v] {
                    if self.dist[v].is_infinite() {
                        self.touched.push(v as u32);
                    }
                    self.dist[v] = nd;
                    self.pred_hub[v] = hub;
                    self.pred_seg[v] = e as u32;
                    self.heap.push(Reverse((nd.to_bits(), v as u32)));
                }
            }
        }
    }

    /// Cost from the last source to `hub`, if it was reached.
    pub fn dist(&self, hub: usize) -> Option<f64> {
        let d = self.dist[hub];
        d.is_finite().then_some(d)
    }

    /// `(previous hub, segment)` on the shortest path to `hub`, if `hub` was reached and is
    /// not the source.
    pub fn pred(&self, hub: usize) -> Option<(usize, usize)> {
        let p = self.pred_hub[hub];
        (p != NONE).then(|| (p as usize, self.pred_seg[hub] as usize))
    }

    /// Hubs in the order they were settled (non-decreasing cost).
    pub fn settled(&self) -> &[u32] {
        &self.order
    }

    /// Whether `hub` was settled (its cost is final) in the last run.
    pub fn is_settled(&self, hub: usize) -> bool {
        self.done[hub]
    }

    /// Hubs and segments of the shortest path from the last source to `target`
    /// (`None` if `target` was not settled).
    pub fn path_to(&self, target: usize) -> Option<(Vec<usize>, Vec<usize>)> {
        if !self.done[target] {
            return None;
        }
        let mut hubs = vec![target];
        let mut segs = Vec::new();
        let mut v = target;
        while let Some((u, e)) = self.pred(v) {
            hubs.push(u);
            segs.push(e);
            v = u;
        }
        hubs.reverse();
        segs.reverse();
        Some((hubs, segs))
    }
}
