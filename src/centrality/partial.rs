//! Exact betweenness split into source chunks: a prepared, serialisable graph
//! ([`CentralityGraph`]), one chunk's raw sums ([`betweenness_partial`]) and their ordered
//! merge ([`BetweennessMerge`]), so that other processes or machines (Dask, Ray, Spark, MPI)
//! can share the work and still return the single-process result bit for bit.
//!
//! # The numeric contract
//! Exact betweenness is a sum over sources. Floating-point addition is not associative, so
//! the grouping of that sum is fixed, never derived from threads or workers:
//! 1. sources are the hubs in index order, cut into chunks of `source_chunk` sources
//!    ([`SOURCE_CHUNK`] by default) and each chunk into blocks of 32 sources;
//! 2. each block's raw dependencies are summed source by source, and the blocks of a chunk
//!    are added in order, from `+0.0`, into the **chunk partial**;
//! 3. chunk partials are added in chunk order, from `+0.0`, into the raw total;
//! 4. the split of merged arcs onto segments and the NetworkX rescaling run once, on the total.
//!
//! [`betweenness`](super::betweenness) follows the same contract with [`SOURCE_CHUNK`], so a
//! distributed run with the default chunk equals it bit for bit. With at most
//! [`SOURCE_CHUNK`] hubs there is a single chunk and step 3 adds to `+0.0` only, which leaves
//! every bit as it was before chunks existed.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::betweenness::{Betweenness, finish_parts};
use super::{CentralityOptions, brandes};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// Sources per chunk of exact betweenness (part of its numeric contract, see
/// [`CentralityGraph`]). 4 096 keeps networks of a few thousand hubs in one chunk and
/// gives about 245 tasks of a few minutes each at 10⁶ hubs.
pub const SOURCE_CHUNK: usize = 4096;

/// Magic bytes and format version of [`CentralityGraph::to_bytes`].
const MAGIC: &[u8; 8] = b"CORRCG\x00\x01";

/// A network prepared for exact betweenness: the merged kernel graph (no geometry, costs
/// already validated), the source-chunk size and a fingerprint identifying both.
///
/// # The numeric contract
/// Exact betweenness is a sum over sources, and floating-point addition is not associative,
/// so the grouping of that sum is fixed, never derived from threads or workers:
/// 1. sources are the hubs in index order, cut into chunks of `source_chunk` sources
///    ([`SOURCE_CHUNK`] by default) and each chunk into blocks of 32 sources;
/// 2. each block's dependencies are summed source by source, and the blocks of a chunk are
///    added in order, from `+0.0`, into the chunk partial ([`betweenness_partial`]);
/// 3. chunk partials are added in chunk order, from `+0.0`, into the raw total
///    ([`BetweennessMerge`]);
/// 4. the split of merged arcs onto segments and the rescaling run once, on the total.
///
/// [`betweenness`](super::betweenness) follows it with [`SOURCE_CHUNK`]; with at most that
/// many hubs there is one chunk, and step 3 only adds to `+0.0`, which keeps every bit of
/// the results from before chunks existed.
///
/// It is cheap to ship (about 58 bytes per hub on road graphs) and serialises with serde or
/// as versioned bytes ([`to_bytes`](Self::to_bytes) / [`from_bytes`](Self::from_bytes));
/// deserialising validates every array, so corrupted input is an error, never a panic.
///
/// ```
/// use corridors::centrality::{CentralityGraph, SOURCE_CHUNK};
/// use corridors::fixtures;
/// let net = fixtures::path(&["a", "b", "c"]);
/// let g = CentralityGraph::new(&net, &Default::default(), SOURCE_CHUNK)?;
/// assert_eq!((g.hub_count(), g.chunks()), (3, 1));
/// let back = CentralityGraph::from_bytes(&g.to_bytes())?;
/// assert_eq!(back.fingerprint(), g.fingerprint());
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "RawGraph", into = "RawGraph")]
pub struct CentralityGraph {
    g: brandes::Graph,
    segment_count: usize,
    source_chunk: usize,
    fingerprint: u64,
}

/// The serialised form (the predecessor offsets are derived, never trusted).
#[derive(Serialize, Deserialize)]
struct RawGraph {
    off: Vec<u32>,
    head: Vec<u32>,
    cost: Vec<f64>,
    seg_off: Vec<u32>,
    segs: Vec<u32>,
    directed: bool,
    segment_count: usize,
    source_chunk: usize,
}

impl From<CentralityGraph> for RawGraph {
    fn from(c: CentralityGraph) -> Self {
        let g = c.g;
        RawGraph {
            off: g.off,
            head: g.head,
            cost: g.cost,
            seg_off: g.seg_off,
            segs: g.segs,
            directed: g.directed,
            segment_count: c.segment_count,
            source_chunk: c.source_chunk,
        }
    }
}

impl TryFrom<RawGraph> for CentralityGraph {
    type Error = Error;
    fn try_from(r: RawGraph) -> Result<Self> {
        let bad = |reason: &str| Error::invalid("graph", reason.to_string());
        if r.source_chunk == 0 {
            return Err(bad("source_chunk is 0"));
        }
        let n = r
            .off
            .len()
            .checked_sub(1)
            .ok_or_else(|| bad("empty offsets"))?;
        let m = r.head.len();
        if n > u32::MAX as usize || m > u32::MAX as usize || r.segs.len() > u32::MAX as usize {
            return Err(bad("too large"));
        }
        if r.off[0] != 0 || r.off.windows(2).any(|w| w[0] > w[1]) || r.off[n] as usize != m {
            return Err(bad("arc offsets are not a valid CSR"));
        }
        if r.head.iter().any(|&v| v as usize >= n) {
            return Err(bad("arc head out of range"));
        }
        if r.cost.len() != m || r.cost.iter().any(|c| !c.is_finite() || *c < 0.0) {
            return Err(bad("arc costs must be finite, non-negative, one per arc"));
        }
        if r.seg_off.len() != m + 1
            || r.seg_off[0] != 0
            || r.seg_off.windows(2).any(|w| w[0] >= w[1])
            || r.seg_off[m] as usize != r.segs.len()
        {
            return Err(bad(
                "segment offsets are not valid (every arc needs a segment)",
            ));
        }
        if r.segs.iter().any(|&e| e as usize >= r.segment_count) {
            return Err(bad("segment index out of range"));
        }
        let mut in_off = vec![0u32; n + 1];
        for &v in &r.head {
            in_off[v as usize + 1] += 1;
        }
        for i in 0..n {
            in_off[i + 1] += in_off[i];
        }
        let g = brandes::Graph {
            off: r.off,
            head: r.head,
            cost: r.cost,
            seg_off: r.seg_off,
            segs: r.segs,
            in_off,
            directed: r.directed,
        };
        Ok(Self::with_fingerprint(g, r.segment_count, r.source_chunk))
    }
}

impl fmt::Debug for CentralityGraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CentralityGraph")
            .field("hubs", &self.hub_count())
            .field("arcs", &self.g.arcs())
            .field("segments", &self.segment_count)
            .field("directed", &self.g.directed)
            .field("source_chunk", &self.source_chunk)
            .field("fingerprint", &format_args!("{:016x}", self.fingerprint))
            .finish()
    }
}

impl PartialEq for CentralityGraph {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

/// FNV-1a, 64 bit: stable across processes, platforms and Rust versions (unlike `std`'s hasher).
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl CentralityGraph {
    /// Prepares `net` for exact betweenness under `opts.costing` (normalisation is chosen at
    /// [`BetweennessMerge::new`]).
    ///
    /// # Arguments
    /// * `net`: the network.
    /// * `opts`: costing (weighting and direction); `opts.normalized` is not used here.
    /// * `source_chunk`: sources per chunk ([`SOURCE_CHUNK`] to match
    ///   [`betweenness`](super::betweenness) bit for bit).
    ///
    /// # Returns
    /// The prepared graph with `ceil(n / source_chunk)` chunks.
    ///
    /// # Complexity
    /// `O(m log m)` time, `O(n + m)` memory.
    ///
    /// # Errors
    /// [`Error::Weight`](crate::Error::Weight) when a segment has no valid cost;
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when `source_chunk` is 0.
    ///
    /// # Example
    /// ```
    /// use corridors::centrality::CentralityGraph;
    /// let net = corridors::fixtures::path(&["a", "b", "c", "d", "e"]);
    /// let g = CentralityGraph::new(&net, &Default::default(), 2)?;
    /// assert_eq!(g.chunks(), 3);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn new(net: &Network, opts: &CentralityOptions, source_chunk: usize) -> Result<Self> {
        if source_chunk == 0 {
            return Err(Error::invalid("source_chunk", "must be at least 1"));
        }
        let g = opts.graph(net)?;
        Ok(Self::with_fingerprint(g, net.segment_count(), source_chunk))
    }

    fn with_fingerprint(g: brandes::Graph, segment_count: usize, source_chunk: usize) -> Self {
        let mut c = Self {
            g,
            segment_count,
            source_chunk,
            fingerprint: 0,
        };
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.bytes(&c.payload());
        c.fingerprint = h.0;
        c
    }

    /// Number of hubs (sources).
    pub fn hub_count(&self) -> usize {
        self.g.n()
    }

    /// Number of segments of the network the graph was prepared from.
    pub fn segment_count(&self) -> usize {
        self.segment_count
    }

    /// Whether one-way segments are respected.
    pub fn directed(&self) -> bool {
        self.g.directed
    }

    /// Sources per chunk.
    pub fn source_chunk(&self) -> usize {
        self.source_chunk
    }

    /// Number of chunks: `ceil(hub_count / source_chunk)` (0 for an empty network).
    pub fn chunks(&self) -> usize {
        self.hub_count().div_ceil(self.source_chunk)
    }

    /// Identifies the graph, its costs and its chunk size (FNV-1a of [`to_bytes`](Self::to_bytes)'
    /// payload): partials of a different graph are refused by [`BetweennessMerge::add`].
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Length of one chunk's raw vector: one entry per hub, then one per merged arc.
    pub fn raw_len(&self) -> usize {
        self.g.n() + self.g.arcs()
    }

    /// The sources of chunk `chunk`.
    fn chunk_range(&self, chunk: usize) -> std::ops::Range<usize> {
        let lo = chunk.saturating_mul(self.source_chunk).min(self.g.n());
        lo..(lo.saturating_add(self.source_chunk)).min(self.g.n())
    }

    /// Little-endian arrays (without the magic and the fingerprint).
    fn payload(&self) -> Vec<u8> {
        let g = &self.g;
        let mut b = Vec::with_capacity(
            64 + 4 * (g.off.len() + g.head.len() + g.seg_off.len() + g.segs.len())
                + 8 * g.cost.len(),
        );
        for x in [
            self.source_chunk as u64,
            self.segment_count as u64,
            u64::from(g.directed),
        ] {
            b.extend_from_slice(&x.to_le_bytes());
        }
        for a in [&g.off, &g.head, &g.seg_off, &g.segs] {
            b.extend_from_slice(&(a.len() as u64).to_le_bytes());
            a.iter().for_each(|x| b.extend_from_slice(&x.to_le_bytes()));
        }
        b.extend_from_slice(&(g.cost.len() as u64).to_le_bytes());
        g.cost
            .iter()
            .for_each(|x| b.extend_from_slice(&x.to_le_bytes()));
        b
    }

    /// Versioned bytes: magic, format version, little-endian arrays, fingerprint.
    ///
    /// ```
    /// use corridors::centrality::CentralityGraph;
    /// let net = corridors::fixtures::path(&["a", "b"]);
    /// let g = CentralityGraph::new(&net, &Default::default(), 64)?;
    /// let mut bytes = g.to_bytes();
    /// assert_eq!(CentralityGraph::from_bytes(&bytes)?, g);
    /// bytes.truncate(bytes.len() - 1);
    /// assert!(CentralityGraph::from_bytes(&bytes).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&self.payload());
        b.extend_from_slice(&self.fingerprint.to_le_bytes());
        b
    }

    /// Reads [`to_bytes`](Self::to_bytes) output, validating the version, every length and
    /// offset, and the fingerprint.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for bytes that are truncated,
    /// corrupted or of another format version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bad = |reason: &str| Error::invalid("graph", reason.to_string());
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| bad("not a corridors centrality graph (or another format version)"))?;
        let mut r = Reader(rest);
        let source_chunk = usize::try_from(r.u64()?).map_err(|_| bad("source_chunk"))?;
        let segment_count = usize::try_from(r.u64()?).map_err(|_| bad("segment count"))?;
        let directed = match r.u64()? {
            0 => false,
            1 => true,
            _ => return Err(bad("directed flag")),
        };
        let off = r.u32s()?;
        let head = r.u32s()?;
        let seg_off = r.u32s()?;
        let segs = r.u32s()?;
        let cost = r.f64s()?;
        let fingerprint = r.u64()?;
        if !r.0.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let g = Self::try_from(RawGraph {
            off,
            head,
            cost,
            seg_off,
            segs,
            directed,
            segment_count,
            source_chunk,
        })?;
        if g.fingerprint != fingerprint {
            return Err(bad("fingerprint mismatch (corrupted bytes)"));
        }
        Ok(g)
    }

    /// Exact betweenness of the whole graph on this process, following the chunk contract
    /// (equal bit for bit to merging every [`betweenness_partial`] in order).
    ///
    /// # Errors
    /// [`Error::Cancelled`](crate::Error::Cancelled).
    ///
    /// # Example
    /// ```
    /// use corridors::centrality::{self, CentralityGraph, SOURCE_CHUNK};
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let g = CentralityGraph::new(&net, &Default::default(), SOURCE_CHUNK)?;
    /// let bc = g.betweenness(true, &Default::default())?;
    /// assert_eq!(bc, centrality::betweenness(&net, &Default::default(), &Default::default())?);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn betweenness(&self, normalized: bool, exec: &Exec) -> Result<Betweenness> {
        let n = self.g.n();
        let total = chunked_sum(&self.g, 0..n, self.source_chunk, exec)?;
        Ok(finish_parts(&self.g, total, self.segment_count, normalized))
    }
}

/// Cursor over little-endian bytes.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, k: usize) -> Result<&[u8]> {
        if self.0.len() < k {
            return Err(Error::invalid("graph", "truncated bytes".to_string()));
        }
        let (a, b) = self.0.split_at(k);
        self.0 = b;
        Ok(a)
    }
    fn u64(&mut self) -> Result<u64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn len(&mut self, width: usize) -> Result<usize> {
        let k = usize::try_from(self.u64()?)
            .ok()
            .filter(|k| k.checked_mul(width).is_some_and(|b| b <= self.0.len()))
            .ok_or_else(|| Error::invalid("graph", "truncated bytes".to_string()))?;
        Ok(k)
    }
    fn u32s(&mut self) -> Result<Vec<u32>> {
        let k = self.len(4)?;
        let b = self.take(4 * k)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    fn f64s(&mut self) -> Result<Vec<f64>> {
        let k = self.len(8)?;
        let b = self.take(8 * k)?;
        Ok(b.chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                f64::from_le_bytes(a)
            })
            .collect())
    }
}

/// The raw sums of one source chunk: `raw[..n]` per hub, `raw[n..]` per merged arc.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BetweennessPartial {
    /// The chunk index (`0..graph.chunks()`).
    pub chunk: usize,
    /// The [`CentralityGraph::fingerprint`] it was computed on.
    pub fingerprint: u64,
    /// Raw (unscaled) dependencies: one per hub, then one per merged arc.
    pub raw: Vec<f64>,
}

/// The raw betweenness sums of source chunk `chunk` of `graph`.
///
/// # Arguments
/// * `graph`: the prepared graph.
/// * `chunk`: which chunk, `0..graph.chunks()`.
/// * `exec`: progress (one unit per source), cancellation (every 32 sources), parallel
///   threshold; the result does not depend on threads.
///
/// # Returns
/// The chunk partial, to be added with [`BetweennessMerge::add`] in chunk order.
///
/// # Complexity
/// `O(c (m + n log n))` time for `c = graph.source_chunk()` sources, `O(n + m)` memory per
/// worker thread.
///
/// # Errors
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a chunk out of range;
/// [`Error::Cancelled`](crate::Error::Cancelled).
///
/// # Example
/// ```
/// use corridors::centrality::{BetweennessMerge, CentralityGraph, betweenness_partial};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let g = CentralityGraph::new(&net, &Default::default(), 2)?;
/// let mut merge = BetweennessMerge::new(&g, true);
/// for chunk in 0..g.chunks() {
///     merge.add(&betweenness_partial(&g, chunk, &Default::default())?)?;
/// }
/// assert_eq!(merge.finish(&g)?.hubs, vec![0.0, 1.0, 0.0]);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn betweenness_partial(
    graph: &CentralityGraph,
    chunk: usize,
    exec: &Exec,
) -> Result<BetweennessPartial> {
    if chunk >= graph.chunks() {
        return Err(Error::invalid(
            "chunk",
            format!("{chunk} is not below the graph's {} chunks", graph.chunks()),
        ));
    }
    let range = graph.chunk_range(chunk);
    let raw = chunked_sum(&graph.g, range, graph.source_chunk, exec)?;
    Ok(BetweennessPartial {
        chunk,
        fingerprint: graph.fingerprint,
        raw,
    })
}

/// The ordered merge of chunk partials into exact betweenness.
///
/// [`add`](Self::add) accepts chunk 0, then 1, … of the same graph and refuses anything else,
/// so a merged result is always the single-process one, bit for bit. The merge holds one
/// raw vector, so partials can be released as soon as they are added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BetweennessMerge {
    fingerprint: u64,
    chunks: usize,
    next: usize,
    normalized: bool,
    total: Vec<f64>,
}

impl BetweennessMerge {
    /// An empty merge for `graph`, normalised like NetworkX when `normalized`.
    pub fn new(graph: &CentralityGraph, normalized: bool) -> Self {
        Self {
            fingerprint: graph.fingerprint,
            chunks: graph.chunks(),
            next: 0,
            normalized,
            total: vec![0.0; graph.raw_len()],
        }
    }

    /// The chunk that [`add`](Self::add) expects next.
    pub fn next_chunk(&self) -> usize {
        self.next
    }

    /// Adds the next chunk partial.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) (nothing is added) when the
    /// partial is of another graph (fingerprint), not the next chunk, or of the wrong length.
    pub fn add(&mut self, p: &BetweennessPartial) -> Result<()> {
        if p.fingerprint != self.fingerprint {
            return Err(Error::invalid(
                "partial",
                format!(
                    "computed on another graph (fingerprint {:016x}, expected {:016x})",
                    p.fingerprint, self.fingerprint
                ),
            ));
        }
        if p.chunk != self.next {
            return Err(Error::invalid(
                "partial",
                format!(
                    "chunk {} out of order: chunks are merged in order and {} is next",
                    p.chunk, self.next
                ),
            ));
        }
        if p.raw.len() != self.total.len() {
            return Err(Error::invalid(
                "partial",
                format!("{} values, expected {}", p.raw.len(), self.total.len()),
            ));
        }
        for (t, v) in self.total.iter_mut().zip(&p.raw) {
            *t += v;
        }
        self.next += 1;
        Ok(())
    }

    /// Hub and segment betweenness once every chunk is in.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when chunks are missing or
    /// `graph` is not the merge's graph.
    pub fn finish(self, graph: &CentralityGraph) -> Result<Betweenness> {
        if graph.fingerprint != self.fingerprint {
            return Err(Error::invalid("graph", "not the graph of this merge"));
        }
        if self.next != self.chunks {
            return Err(Error::invalid(
                "merge",
                format!("{} of {} chunks merged", self.next, self.chunks),
            ));
        }
        Ok(finish_parts(
            &graph.g,
            self.total,
            graph.segment_count,
            self.normalized,
        ))
    }
}

/// The raw `[hubs | arcs]` betweenness sums over `sources`, following the chunk contract:
/// `sources.start` must be a chunk boundary. Blocks run in parallel in waves; each block's
/// partial is added in order to its chunk's partial, and each finished chunk partial in order
/// to the total.
pub(crate) fn chunked_sum(
    g: &brandes::Graph,
    sources: std::ops::Range<usize>,
    source_chunk: usize,
    exec: &Exec,
) -> Result<Vec<f64>> {
    use rayon::prelude::*;
    let n = g.n();
    let len = n + g.arcs();
    // (chunk-relative index, block range): blocks never straddle a chunk boundary.
    let mut blocks: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut lo = sources.start;
    while lo < sources.end {
        let chunk_end = (lo + source_chunk).min(sources.end);
        let mut b = lo;
        while b < chunk_end {
            let e = (b + brandes::BLOCK).min(chunk_end);
            blocks.push((lo, b..e));
            b = e;
        }
        lo = chunk_end;
    }
    let run_block = |ws: &mut brandes::Workspace, r: &std::ops::Range<usize>| -> Result<Vec<f64>> {
        exec.check()?;
        let mut acc = vec![0.0; len];
        let (node, arc) = acc.split_at_mut(n);
        for s in r.clone() {
            ws.sssp(g, s);
            ws.accumulate(g, s, |_| 1.0, node, arc);
        }
        exec.progress.inc(r.len() as u64);
        Ok(acc)
    };
    let mut total = vec![0.0; len];
    let mut chunk_acc = vec![0.0; len];
    let mut current = blocks.first().map(|b| b.0);
    let fold_chunk = |total: &mut Vec<f64>, chunk_acc: &mut Vec<f64>| {
        for (t, v) in total.iter_mut().zip(chunk_acc.iter_mut()) {
            *t += *v;
            *v = 0.0;
        }
    };
    exec.progress.start(sources.len() as u64);
    let mut sequential = (!exec.parallel(sources.len())).then(|| brandes::Workspace::new(g));
    for wave in blocks.chunks(brandes::WAVE) {
        let partials: Vec<Vec<f64>> = match sequential.as_mut() {
            Some(ws) => wave
                .iter()
                .map(|(_, r)| run_block(ws, r))
                .collect::<Result<_>>()?,
            None => wave
                .par_iter()
                .map_init(|| brandes::Workspace::new(g), |ws, (_, r)| run_block(ws, r))
                .collect::<Result<_>>()?,
        };
        for ((chunk, _), p) in wave.iter().zip(partials) {
            if current != Some(*chunk) {
                fold_chunk(&mut total, &mut chunk_acc);
                current = Some(*chunk);
            }
            for (t, v) in chunk_acc.iter_mut().zip(&p) {
                *t += v;
            }
        }
    }
    if current.is_some() {
        fold_chunk(&mut total, &mut chunk_acc);
    }
    exec.progress.finish();
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Hub, HubKind, NetworkBuilder, SegmentSpec};
    use crate::{Costing, Weighting};

    /// A `side × side` grid with unit costs (`cost` property): ties everywhere, so raw sums
    /// are non-integer and their grouping shows in the last bits.
    fn grid(side: usize) -> Network {
        let mut b = NetworkBuilder::new();
        let id = |r: usize, c: usize| format!("h{r}_{c}");
        for r in 0..side {
            for c in 0..side {
                let (lon, lat) = (c as f64 * 0.01, r as f64 * 0.01);
                b.add_hub(Hub::new(id(r, c), HubKind::Transit, lon, lat));
            }
        }
        for r in 0..side {
            for c in 0..side {
                for (r2, c2) in [(r + 1, c), (r, c + 1)] {
                    if r2 < side && c2 < side {
                        let mut s = SegmentSpec::between(
                            format!("{}-{}", id(r, c), id(r2, c2)),
                            id(r, c),
                            id(r2, c2),
                        );
                        s.properties.insert("cost".into(), 1.0.into());
                        b.add_segment(s);
                    }
                }
            }
        }
        b.build().unwrap().0
    }

    fn unit() -> CentralityOptions {
        CentralityOptions {
            costing: Costing::new(Weighting::Property("cost".into())),
            ..Default::default()
        }
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn merged_partials_equal_the_whole_run_bit_for_bit() {
        let net = grid(12);
        let g = CentralityGraph::new(&net, &unit(), 40).unwrap();
        assert_eq!(g.chunks(), 4);
        let whole = g.betweenness(true, &Exec::default()).unwrap();
        let seq = Exec {
            parallel_threshold: usize::MAX,
            ..Exec::default()
        };
        let mut merge = BetweennessMerge::new(&g, true);
        let mut parts: Vec<_> = (0..g.chunks())
            .rev()
            .map(|c| betweenness_partial(&g, c, &seq).unwrap())
            .collect();
        parts.reverse();
        assert!(parts.iter().flat_map(|p| &p.raw).any(|x| x.fract() != 0.0));
        for p in &parts {
            merge.add(p).unwrap();
        }
        let merged = merge.finish(&g).unwrap();
        assert_eq!(bits(&merged.hubs), bits(&whole.hubs));
        assert_eq!(bits(&merged.segments), bits(&whole.segments));
    }

    #[test]
    fn the_default_chunk_leaves_small_networks_unchanged() {
        // one chunk: the total equals the old flat fold of blocks
        let net = grid(10);
        let g = brandes::Graph::from_csr(&unit().costing.csr(&net).unwrap());
        let n = g.n();
        let sources: Vec<u32> = (0..n as u32).collect();
        let flat = brandes::par_sum(
            &g,
            &sources,
            n + g.arcs(),
            &Exec::default(),
            |ws, s, acc| {
                let (node, arc) = acc.split_at_mut(n);
                ws.sssp(&g, s);
                ws.accumulate(&g, s, |_| 1.0, node, arc);
            },
        )
        .unwrap();
        let chunked = chunked_sum(&g, 0..n, SOURCE_CHUNK, &Exec::default()).unwrap();
        assert_eq!(bits(&flat), bits(&chunked));
        // and a small chunk does regroup the sums (the contract is not vacuous)
        let small = chunked_sum(&g, 0..n, 7, &Exec::default()).unwrap();
        assert_ne!(bits(&flat), bits(&small));
    }

    #[test]
    fn the_merge_refuses_out_of_order_foreign_and_missing_chunks() {
        let net = grid(6);
        let g = CentralityGraph::new(&net, &unit(), 10).unwrap();
        let other = CentralityGraph::new(&net, &unit(), 12).unwrap();
        assert_ne!(g.fingerprint(), other.fingerprint());
        let p = |c| betweenness_partial(&g, c, &Exec::default()).unwrap();
        let mut m = BetweennessMerge::new(&g, true);
        assert!(m.add(&p(1)).is_err());
        let foreign = betweenness_partial(&other, 0, &Exec::default()).unwrap();
        assert!(m.add(&foreign).is_err());
        m.add(&p(0)).unwrap();
        assert!(m.add(&p(0)).is_err());
        assert_eq!(m.next_chunk(), 1);
        assert!(m.clone().finish(&g).is_err());
        assert!(betweenness_partial(&g, g.chunks(), &Exec::default()).is_err());
        for c in 1..g.chunks() {
            m.add(&p(c)).unwrap();
        }
        assert!(m.clone().finish(&other).is_err());
        assert!(m.finish(&g).is_ok());
    }

    #[test]
    fn bytes_and_serde_round_trip_and_corruption_is_an_error() {
        let net = grid(5);
        let g = CentralityGraph::new(&net, &unit(), 8).unwrap();
        let b = g.to_bytes();
        assert_eq!(CentralityGraph::from_bytes(&b).unwrap(), g);
        let json = serde_json::to_string(&g).unwrap();
        let back: CentralityGraph = serde_json::from_str(&json).unwrap();
        assert_eq!(back.fingerprint(), g.fingerprint());
        for k in 0..b.len() {
            assert!(CentralityGraph::from_bytes(&b[..k]).is_err(), "prefix {k}");
        }
        // flipping any byte is caught (structure checks or the fingerprint)
        for k in (0..b.len()).step_by(7) {
            let mut c = b.clone();
            c[k] ^= 0x5a;
            assert!(CentralityGraph::from_bytes(&c).is_err(), "byte {k}");
        }
        // serde input is validated too
        let bad = json.replacen("\"head\":[", "\"head\":[4000000000,", 1);
        assert!(serde_json::from_str::<CentralityGraph>(&bad).is_err());
    }
}
