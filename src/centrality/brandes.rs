//! The shared single-source shortest-path kernel (Dijkstra with path counting, Brandes 2001)
//! and the deterministic parallel driver over sources.
//!
//! [`Graph`] is the network's [`Csr`] with parallel segments merged into one arc per ordered
//! hub pair (cost = the minimum; the segments at that minimum are remembered so that segment
//! scores can be split among them, as NetworkX does for multigraphs). [`Workspace`] holds
//! every per-source buffer; one is created per worker and reused for all its sources, so the
//! hot loop allocates nothing.
//!
//! After [`Workspace::sssp`] the workspace exposes, for the source `s`:
//! `dist[v]`, `sigma[v]` (number of shortest paths, as `f64`), the predecessors of `v` as
//! `(hub, arc)` pairs ([`Workspace::preds`]) and the settle order ([`Workspace::order`],
//! non-decreasing distance). Planning code (group betweenness over OD pairs) reuses exactly
//! this; it is `pub(crate)` on purpose.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use crate::error::Result;
use crate::exec::Exec;
use crate::network::Csr;

/// Relative tolerance under which two path lengths count as equal (a tie).
///
/// Lengths `a ≤ b` are tied when `b ≤ a · (1 + TIE_EPS)`; a new path is shorter only when it
/// is below `b · (1 − TIE_EPS)`. Sums of the same segment lengths added in different orders
/// differ by a few ulps (≈ 1e-16 relative), far below this; genuinely different routes
/// rarely differ by less than one part in 10⁹ (3 mm over 3 000 km).
pub const TIE_EPS: f64 = 1e-9;

/// Sources per block. Constant (never derived from the thread count) so that the grouping of
/// floating-point sums, and thus every result bit, is the same at any number of threads.
pub(crate) const BLOCK: usize = 32;

/// Blocks evaluated in parallel before their partial sums are folded (in order) into the
/// total; bounds memory to `WAVE` partial score vectors.
pub(crate) const WAVE: usize = 16;

/// Merged adjacency for the kernel.
#[derive(Clone, Debug)]
pub(crate) struct Graph {
    /// Arc range of each hub (`n + 1`).
    pub off: Vec<u32>,
    /// Head of each merged arc.
    pub head: Vec<u32>,
    /// Cost of each merged arc (minimum over its parallel segments).
    pub cost: Vec<f64>,
    /// `seg_off[a]..seg_off[a + 1]` index `segs`: the segments of arc `a` at its minimum cost.
    pub seg_off: Vec<u32>,
    /// Segment indices (see `seg_off`).
    pub segs: Vec<u32>,
    /// Predecessor slot range of each hub (`n + 1`), sized by merged in-degree.
    pub in_off: Vec<u32>,
    /// Whether arcs follow one-way segments.
    pub directed: bool,
}

impl Graph {
    /// Builds the merged graph from a CSR (self-loops are already gone there).
    pub fn from_csr(csr: &Csr) -> Self {
        let n = csr.node_count();
        let mut off = Vec::with_capacity(n + 1);
        off.push(0u32);
        let mut head = Vec::with_capacity(csr.arc_count());
        let mut cost = Vec::with_capacity(csr.arc_count());
        let mut seg_off = vec![0u32];
        let mut segs = Vec::with_capacity(csr.arc_count());
        let mut indeg = vec![0u32; n + 1];
        let mut arcs: Vec<(u32, f64, u32)> = Vec::new();
        for u in 0..n {
            arcs.clear();
            arcs.extend(csr.arcs(u).map(|(v, e, c)| (v as u32, c, e as u32)));
            // Group parallel arcs by head; cheapest first, then by segment for stability.
            arcs.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2))
            });
            let mut i = 0;
            while i < arcs.len() {
                let (v, c, _) = arcs[i];
                let mut j = i;
                while j < arcs.len() && arcs[j].0 == v {
                    if arcs[j].1 <= c * (1.0 + TIE_EPS) {
                        segs.push(arcs[j].2);
                    }
                    j += 1;
                }
                head.push(v);
                cost.push(c);
                seg_off.push(segs.len() as u32);
                indeg[v as usize + 1] += 1;
                i = j;
            }
            off.push(head.len() as u32);
        }
        for i in 0..n {
            indeg[i + 1] += indeg[i];
        }
        Self {
            off,
            head,
            cost,
            seg_off,
            segs,
            in_off: indeg,
            directed: csr.directed,
        }
    }

    /// Number of hubs.
    pub fn n(&self) -> usize {
        self.off.len() - 1
    }

    /// Number of merged arcs.
    pub fn arcs(&self) -> usize {
        self.head.len()
    }

    /// Spreads per-arc scores onto segments: each arc's score is split equally among its
    /// minimum-cost parallel segments; both directions of a two-way segment add up.
    pub fn arc_to_segments(&self, arc_scores: &[f64], segment_count: usize) -> Vec<f64> {
        let mut out = vec![0.0; segment_count];
        for (a, &v) in arc_scores.iter().enumerate() {
            let (lo, hi) = (self.seg_off[a] as usize, self.seg_off[a + 1] as usize);
            let share = v / (hi - lo) as f64;
            for &e in &self.segs[lo..hi] {
                out[e as usize] += share;
            }
        }
        out
    }
}

/// Per-worker buffers of the single-source kernel.
pub(crate) struct Workspace {
    /// Distance from the source (`f64::INFINITY` when not reached).
    pub dist: Vec<f64>,
    /// Number of shortest paths from the source.
    pub sigma: Vec<f64>,
    /// Dependency accumulator (zero between sources).
    pub delta: Vec<f64>,
    /// Free per-hub scratch for callers (e.g. demand per target); callers restore it to 0.
    pub aux: Vec<f64>,
    settled: Vec<bool>,
    pred_len: Vec<u32>,
    /// `(pred hub, arc)` slots, `Graph::in_off` ranges.
    pred: Vec<(u32, u32)>,
    order: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl Workspace {
    /// Buffers for graph `g`, all in the "no source" state.
    pub fn new(g: &Graph) -> Self {
        let n = g.n();
        Self {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            aux: vec![0.0; n],
            settled: vec![false; n],
            pred_len: vec![0; n],
            pred: vec![(0, 0); g.in_off[n] as usize],
            order: Vec::with_capacity(n),
            heap: BinaryHeap::with_capacity(n),
        }
    }

    /// Hubs reached from the last source, in settle order (non-decreasing distance).
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Shortest-path predecessors of `v` as `(hub, arc)`.
    pub fn preds<'a>(&'a self, g: &Graph, v: usize) -> &'a [(u32, u32)] {
        let lo = g.in_off[v] as usize;
        &self.pred[lo..lo + self.pred_len[v] as usize]
    }

    /// Clears what the last source touched (only those entries: O(reached)).
    fn reset(&mut self) {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = f64::INFINITY;
            self.sigma[v] = 0.0;
            self.delta[v] = 0.0;
            self.settled[v] = false;
            self.pred_len[v] = 0;
        }
        self.order.clear();
    }

    /// Dijkstra from `s` with path counting (ties within [`TIE_EPS`]).
    pub fn sssp(&mut self, g: &Graph, s: usize) {
        self.reset();
        self.heap.clear();
        self.dist[s] = 0.0;
        self.sigma[s] = 1.0;
        // Costs are ≥ 0, so the IEEE bit pattern orders like the value.
        self.heap.push(Reverse((0f64.to_bits(), s as u32)));
        while let Some(Reverse((key, u))) = self.heap.pop() {
            let ui = u as usize;
            if self.settled[ui] || key != self.dist[ui].to_bits() {
                continue; // stale entry
            }
            self.settled[ui] = true;
            self.order.push(u);
            let du = self.dist[ui];
            let su = self.sigma[ui];
            let (lo, hi) = (g.off[ui] as usize, g.off[ui + 1] as usize);
            for a in lo..hi {
                let v = g.head[a] as usize;
                let nd = du + g.cost[a];
                let dv = self.dist[v];
                if nd < dv * (1.0 - TIE_EPS) {
                    self.dist[v] = nd;
                    self.sigma[v] = su;
                    self.pred_len[v] = 1;
                    self.pred[g.in_off[v] as usize] = (u, a as u32);
                    self.heap.push(Reverse((nd.to_bits(), v as u32)));
                } else if nd <= dv * (1.0 + TIE_EPS) && !self.settled[v] {
                    self.sigma[v] += su;
                    let k = g.in_off[v] as usize + self.pred_len[v] as usize;
                    self.pred[k] = (u, a as u32);
                    self.pred_len[v] += 1;
                }
            }
        }
    }

    /// Brandes' dependency accumulation after [`Workspace::sssp`] from `s`.
    ///
    /// `seed(v)` is what the pair `(s, v)` contributes when `v` is a target (1 for plain
    /// betweenness, the demand for OD betweenness, 0 for non-targets). Hub scores (`v ≠ s`)
    /// go to `node`, arc scores to `arc` (indexed like `Graph::head`).
    #[inline]
    pub fn accumulate(
        &mut self,
        g: &Graph,
        s: usize,
        seed: impl Fn(usize) -> f64,
        node: &mut [f64],
        arc: &mut [f64],
    ) {
        for i in (0..self.order.len()).rev() {
            let w = self.order[i] as usize;
            let coeff = (seed(w) + self.delta[w]) / self.sigma[w];
            let lo = g.in_off[w] as usize;
            for k in lo..lo + self.pred_len[w] as usize {
                let (p, a) = self.pred[k];
                let c = self.sigma[p as usize] * coeff;
                arc[a as usize] += c;
                self.delta[p as usize] += c;
            }
            if w != s {
                node[w] += self.delta[w];
            }
        }
    }
}

/// Runs `per_source(ws, s, acc)` for every source with one reused [`Workspace`] per worker,
/// in fixed blocks of [`BLOCK`] sources whose partial accumulators (`len` floats each) are
/// added in block order. The result is bit-identical for any thread count, and sequential
/// (fewer sources than the [`Exec`] threshold) or parallel. Cancellation is polled before
/// every block; progress advances by one unit per source.
pub(crate) fn par_sum<F>(
    g: &Graph,
    sources: &[u32],
    len: usize,
    exec: &Exec,
    per_source: F,
) -> Result<Vec<f64>>
where
    F: Fn(&mut Workspace, usize, &mut [f64]) + Sync,
{
    let run_block = |ws: &mut Workspace, block: &[u32]| -> Result<Vec<f64>> {
        exec.check()?;
        let mut acc = vec![0.0; len];
        for &s in block {
            per_source(ws, s as usize, &mut acc);
        }
        exec.progress.inc(block.len() as u64);
        Ok(acc)
    };
    let mut total = vec![0.0; len];
    exec.progress.start(sources.len() as u64);
    let mut sequential = (!exec.parallel(sources.len())).then(|| Workspace::new(g));
    for wave in sources.chunks(BLOCK * WAVE) {
        let partials: Vec<Vec<f64>> = match sequential.as_mut() {
            Some(ws) => wave
                .chunks(BLOCK)
                .map(|block| run_block(ws, block))
                .collect::<Result<_>>()?,
            None => wave
                .par_chunks(BLOCK)
                .map_init(|| Workspace::new(g), |ws, block| run_block(ws, block))
                .collect::<Result<_>>()?,
        };
        for p in partials {
            for (t, v) in total.iter_mut().zip(&p) {
                *t += v;
            }
        }
    }
    exec.progress.finish();
    Ok(total)
}

/// Maps every source to a value with one reused [`Workspace`] per worker; the output is in
/// source order (so independent of the thread count and of sequential or parallel runs).
/// Cancellation is polled before every block of [`BLOCK`] sources.
pub(crate) fn par_map<T, F>(g: &Graph, sources: &[u32], exec: &Exec, f: F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(&mut Workspace, usize) -> T + Sync,
{
    let run_block = |ws: &mut Workspace, block: &[u32]| -> Result<Vec<T>> {
        exec.check()?;
        let v: Vec<T> = block.iter().map(|&s| f(ws, s as usize)).collect();
        exec.progress.inc(block.len() as u64);
        Ok(v)
    };
    exec.progress.start(sources.len() as u64);
    let out: Vec<Vec<T>> = if exec.parallel(sources.len()) {
        sources
            .par_chunks(BLOCK)
            .map_init(|| Workspace::new(g), |ws, block| run_block(ws, block))
            .collect::<Result<_>>()?
    } else {
        let mut ws = Workspace::new(g);
        sources
            .chunks(BLOCK)
            .map(|block| run_block(&mut ws, block))
            .collect::<Result<_>>()?
    };
    exec.progress.finish();
    Ok(out.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Hub, HubKind, Network, NetworkBuilder, SegmentSpec};

    /// The diamond a → {b, c} → d (segments ab, ac, bd, cd, in that order).
    fn diamond() -> Network {
        let mut b = NetworkBuilder::new();
        for (id, lon, lat) in [("a", -92.0, 15.0), ("b", -92.5, 15.5), ("c", -91.5, 15.5)] {
            b.add_hub(Hub::new(id, HubKind::Transit, lon, lat));
        }
        b.add_hub(Hub::new("d", HubKind::Transit, -92.0, 16.0));
        for (id, s, t) in [
            ("ab", "a", "b"),
            ("ac", "a", "c"),
            ("bd", "b", "d"),
            ("cd", "c", "d"),
        ] {
            b.add_segment(SegmentSpec::between(id, s, t));
        }
        b.build().unwrap().0
    }

    /// Shortest-path counts and predecessors of `d` from `a` under `weights`.
    fn from_a(weights: &[f64]) -> (f64, f64, usize) {
        let net = diamond();
        let g = Graph::from_csr(&net.csr(weights, false));
        let mut ws = Workspace::new(&g);
        ws.sssp(&g, 0);
        (ws.dist[3], ws.sigma[3], ws.preds(&g, 3).len())
    }

    #[test]
    fn equal_routes_are_both_counted() {
        let (d, sigma, preds) = from_a(&[1.0, 1.0, 1.0, 1.0]);
        assert_eq!((d, sigma, preds), (2.0, 2.0, 2));
    }

    #[test]
    fn ties_within_a_relative_tolerance_count_as_equal() {
        // 0.1 + 0.2 = 0.30000000000000004 and 0.15 + 0.15 = 0.3 differ in the last ulp only
        let (_, sigma, preds) = from_a(&[0.1, 0.15, 0.2, 0.15]);
        assert_eq!((sigma, preds), (2.0, 2));
        // a real difference is not a tie
        let (d, sigma, preds) = from_a(&[0.1, 0.15, 0.2, 0.16]);
        assert_eq!((sigma, preds), (1.0, 1));
        assert!((d - 0.3).abs() < 1e-12);
    }

    #[test]
    fn dependencies_split_by_path_counts() {
        // unit weights: the pair (a, d) puts half a path through b and half through c
        let net = diamond();
        let g = Graph::from_csr(&net.csr(&[1.0; 4], false));
        let mut ws = Workspace::new(&g);
        let (mut node, mut arc) = (vec![0.0; 4], vec![0.0; g.arcs()]);
        ws.sssp(&g, 0);
        ws.accumulate(
            &g,
            0,
            |v| if v == 3 { 1.0 } else { 0.0 },
            &mut node,
            &mut arc,
        );
        assert_eq!(node, vec![0.0, 0.5, 0.5, 0.0]);
        let seg = g.arc_to_segments(&arc, net.segment_count());
        assert_eq!(seg, vec![0.5, 0.5, 0.5, 0.5]);
        // the workspace is reusable: a second source leaves no trace of the first
        ws.sssp(&g, 3);
        assert_eq!(ws.sigma[0], 2.0);
        assert_eq!(ws.delta.iter().sum::<f64>(), 0.0);
    }
}
