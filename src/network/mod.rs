//! The corridor network: hubs (points) joined by segments (LineStrings).
//!
//! Build one with [`NetworkBuilder`]; read it with the accessors of [`Network`]. The graph is
//! stored in a petgraph [`DiGraph`] whose edges point from each segment's `from` hub to its
//! `to` hub (two-way segments are still two-way: direction only matters for `oneway`
//! segments). Hubs and segments are addressed by dense `usize` indices (`0..hub_count()`,
//! `0..segment_count()`) or by their ids.
//!
//! # Memory
//!
//! A hub is 96 bytes in line (id, name, kind, location, free properties) and a segment 120
//! (id, mode, geometry, length, time, speed, one-way flag, free properties), plus petgraph's
//! 8 and 16 bytes of adjacency, plus on the heap: the id and name strings, the geometry
//! (16 bytes per point) and one 8-byte index per hub and per segment in the id lookups
//! (about 9–18 bytes with the table's free slots: the ids themselves are read from the hubs
//! and segments, not copied). Without free properties that is roughly 160 bytes per hub and
//! 220 per two-point segment. Measured (`examples/load_network.rs`, whole process, Linux):
//! the 100,000-hub / 299,866-segment road-like network of `export_graph roadlike-geojson`
//! loaded with [`KeepProperties::None`](crate::io::geojson::KeepProperties) is 159 MiB
//! resident after loading (freed buffers of the build included) and 293 MiB at the peak, about
//! 420 and 770 bytes per hub or segment; with every property of that file kept (seven
//! styling and description properties per segment, six per hub, in `serde_json` maps) 528
//! and 662 MiB. Read only the properties a computation needs
//! ([`NetworkReadOptions`](crate::io::geojson::NetworkReadOptions)).

/// The items of `v` in order, handing its memory back as they are taken (every 65,536
/// items), so that turning one large vector into another (specs into segments, segments
/// into the graph) needs the larger of the two, not both: the peak of a 3·10⁶-segment build.
/// `Vec::into_iter` would keep the whole buffer until the end.
pub(crate) fn drain_in_order<T>(mut v: Vec<T>) -> impl Iterator<Item = T> {
    const CHUNK: usize = 1 << 16;
    v.reverse();
    let mut taken = 0usize;
    std::iter::from_fn(move || {
        let item = v.pop()?;
        taken += 1;
        if taken.is_multiple_of(CHUNK) && v.capacity() > 2 * CHUNK + v.len() {
            v.shrink_to_fit();
        }
        Some(item)
    })
}

pub(crate) mod boxtree;
mod builder;
mod crossings;
mod csr;
pub(crate) mod hubref;
mod index;
mod model;
mod resolve;
mod simplify;
mod spec;
mod summary;
pub(crate) mod topology;
mod validate;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use index::IdIndex;

pub use builder::{BuildReport, NetworkBuilder};
pub use csr::Csr;
pub use hubref::normalise_name;
pub use model::{FeatureId, Hub, HubKind, Mode, Properties, Segment};
pub use simplify::{SimplifyOptions, SimplifyReport, simplify, simplify_with_progress};
pub use spec::SegmentSpec;
pub use summary::Summary;

use crate::error::{Error, Result};
use crate::progress::{Progress, Unit};

/// A validated corridor network.
///
/// ```
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// // a ---- b ---- c   (road, about 111 km each)
/// let mut b = NetworkBuilder::new();
/// b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
/// b.add_hub(Hub::new("b", HubKind::Transit, -92.0, 16.0));
/// b.add_hub(Hub::new("c", HubKind::BorderCrossing, -92.0, 17.0));
/// b.add_segment(SegmentSpec::between("ab", "a", "b"));
/// b.add_segment(SegmentSpec::between("bc", "b", "c"));
/// let (net, report) = b.build().unwrap();
/// assert_eq!(net.hub_count(), 3);
/// let ab = net.segment_index("ab").unwrap();
/// // one degree of latitude at 15–16° N on the WGS84 ellipsoid
/// assert!((net.segment(ab).length_m - 110_660.0).abs() < 100.0);
/// assert_eq!(report.summary.bridges, vec!["ab".to_string(), "bc".to_string()]);
/// ```
#[derive(Clone, Debug)]
pub struct Network {
    graph: DiGraph<Hub, Segment>,
    hub_lookup: IdIndex,
    segment_lookup: IdIndex,
}

impl Network {
    pub(crate) fn from_graph(graph: DiGraph<Hub, Segment>) -> Self {
        let hub_lookup = IdIndex::of(graph.node_count(), |i| &graph.raw_nodes()[i].weight.id);
        let segment_lookup = IdIndex::of(graph.edge_count(), |i| &graph.raw_edges()[i].weight.id);
        Self {
            graph,
            hub_lookup,
            segment_lookup,
        }
    }

    /// The petgraph store (node `i` is hub `i`, edge `e` is segment `e`).
    pub fn graph(&self) -> &DiGraph<Hub, Segment> {
        &self.graph
    }

    /// Number of hubs.
    pub fn hub_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of segments.
    pub fn segment_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Hub by index.
    ///
    /// # Panics
    /// If `i >= hub_count()`.
    pub fn hub(&self, i: usize) -> &Hub {
        &self.graph[NodeIndex::new(i)]
    }

    /// Segment by index.
    ///
    /// # Panics
    /// If `e >= segment_count()`.
    pub fn segment(&self, e: usize) -> &Segment {
        &self.graph[EdgeIndex::new(e)]
    }

    /// All hubs, in index order.
    pub fn hubs(&self) -> impl ExactSizeIterator<Item = &Hub> + '_ {
        self.graph.raw_nodes().iter().map(|n| &n.weight)
    }

    /// All segments, in index order.
    pub fn segments(&self) -> impl ExactSizeIterator<Item = &Segment> + '_ {
        self.graph.raw_edges().iter().map(|e| &e.weight)
    }

    /// `(from, to)` hub indices of segment `e`.
    pub fn endpoints(&self, e: usize) -> (usize, usize) {
        let edge = &self.graph.raw_edges()[e];
        (edge.source().index(), edge.target().index())
    }

    /// Index of the hub with this id (textual form, see [`FeatureId::as_key`]).
    pub fn hub_index(&self, id: &str) -> Option<usize> {
        self.hub_lookup
            .get(id, |i| &self.graph.raw_nodes()[i].weight.id)
    }

    /// Index of the hub with this id, or [`Error::UnknownHub`].
    pub fn require_hub(&self, id: &str) -> Result<usize> {
        self.hub_index(id).ok_or_else(|| Error::UnknownHub {
            reference: id.to_string(),
            suggestions: self.suggest(&normalise_name(id)),
        })
    }

    /// Index of the segment with this id.
    pub fn segment_index(&self, id: &str) -> Option<usize> {
        self.segment_lookup
            .get(id, |i| &self.graph.raw_edges()[i].weight.id)
    }

    /// Indices of all hubs of `kind`, in index order.
    ///
    /// ```
    /// use corridors::HubKind;
    /// let net = corridors::fixtures::triangle();
    /// assert_eq!(net.hubs_of_kind(HubKind::BorderCrossing), vec![2]);
    /// assert!(net.hubs_of_kind(HubKind::Origin).is_empty());
    /// ```
    pub fn hubs_of_kind(&self, kind: HubKind) -> Vec<usize> {
        (0..self.hub_count())
            .filter(|&i| self.hub(i).kind == kind)
            .collect()
    }

    /// Whether any segment is one-way (algorithms then work on a directed graph by default).
    pub fn has_oneway(&self) -> bool {
        self.segments().any(|s| s.oneway)
    }

    /// Number of segment ends at hub `i` (a self-loop counts twice, as in NetworkX).
    pub fn degree(&self, i: usize) -> usize {
        let n = NodeIndex::new(i);
        self.graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .count()
            + self
                .graph
                .edges_directed(n, petgraph::Direction::Incoming)
                .count()
    }

    /// Compact adjacency for a weighting (see [`Csr::new`]).
    ///
    /// # Arguments
    /// * `weights`: one weight per segment, in segment order (e.g. [`crate::Costing::weights`]).
    /// * `directed`: whether one-way segments get an arc in their direction only.
    ///
    /// # Returns
    /// The [`Csr`]: one arc per direction a segment can be travelled, parallel segments kept.
    ///
    /// # Complexity
    /// `O(n + m)` time and memory.
    ///
    /// # Example
    /// ```
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let csr = net.csr(&[1.0, 2.0], false);
    /// assert_eq!(csr.node_count(), 3);
    /// assert_eq!(csr.arcs(1).count(), 2); // b -> a and b -> c
    /// ```
    pub fn csr(&self, weights: &[f64], directed: bool) -> Csr {
        Csr::new(self, weights, directed)
    }

    /// Summary: counts by kind and mode, length by mode, components, bridges, articulation
    /// points.
    pub fn summary(&self) -> Summary {
        Summary::of(self)
    }

    /// [`summary`](Self::summary) reporting the phase `summarising network` to `progress`
    /// (one unit per hub and per segment, reported when done: bridges and components are one
    /// pass with no count to report within it), then [`Progress::finish`].
    ///
    /// ```
    /// use corridors::progress::NoProgress;
    /// let (net, _) = corridors::io::load_network(&["data/mexico"], 1.0)?;
    /// assert_eq!(net.summary_with_progress(&NoProgress), net.summary());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn summary_with_progress(&self, progress: &dyn Progress) -> Summary {
        let items = (self.hub_count() + self.segment_count()) as u64;
        progress.phase("summarising network", Some(items), Unit::Items);
        let summary = Summary::of(self);
        progress.inc(items);
        progress.finish();
        summary
    }
}
