//! Building a network: the builder collects hubs and segments; [`NetworkBuilder::build`]
//! validates them (`validate.rs`), resolves segment ends (`resolve.rs`) and assembles the graph.

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use super::model::{Hub, Segment};
use super::resolve::resolve_ends;
use super::spec::SegmentSpec;
use super::validate::{Validator, reference_point, sort_in_input_order};
use super::{Network, Summary};
use crate::error::{Diagnostic, Error, ProblemKind, Result, Severity, SourceLocation};
use crate::progress::{NoProgress, Progress, Unit};

/// Label used in diagnostics for elements added through the API rather than a file.
const API_LABEL: &str = "<builder>";

/// What a build found: warnings and a summary of the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildReport {
    /// Warnings (errors stop the build and are returned in [`Error::Invalid`]).
    pub diagnostics: Vec<Diagnostic>,
    /// Hubs created at line ends that matched no hub (ids).
    pub created_hubs: Vec<String>,
    /// Counts, lengths, components, bridges and articulation points.
    pub summary: Summary,
}

impl BuildReport {
    /// Warnings of one kind.
    pub fn warnings_of(&self, kind: ProblemKind) -> impl Iterator<Item = &Diagnostic> + '_ {
        self.diagnostics.iter().filter(move |d| d.kind == kind)
    }
}

/// Collects hubs and segments, then validates them and builds a [`Network`].
///
/// Every problem is collected, not just the first: [`build`](Self::build) fails with
/// [`Error::Invalid`] listing all errors (with file, feature, id and reason) and the warnings
/// found so far. Distances are in metres: end matching uses the haversine distance on the
/// sphere (R = 6 371 008.8 m), segment lengths the geodesic length on the WGS84 ellipsoid.
///
/// ```
/// use corridors::{NetworkBuilder, SegmentSpec};
/// use geo::line_string;
/// // Two bare lines sharing an end point: three hubs are created, two segments join them.
/// let mut b = NetworkBuilder::new();
/// b.add_segment(SegmentSpec::line(line_string![(x: -92.0, y: 15.0), (x: -92.5, y: 15.5)]));
/// b.add_segment(SegmentSpec::line(line_string![(x: -92.5, y: 15.5), (x: -93.0, y: 16.0)]));
/// let (net, report) = b.build().unwrap();
/// assert_eq!(net.hub_count(), 3);
/// assert_eq!(report.created_hubs.len(), 3);
/// assert_eq!(net.degree(net.hub_index("n2").unwrap()), 2); // the shared middle hub
/// ```
#[derive(Clone, Debug)]
pub struct NetworkBuilder {
    tolerance_m: f64,
    check_topology: bool,
    hubs: Vec<(Hub, SourceLocation)>,
    segments: Vec<SegmentSpec>,
    diagnostics: Vec<Diagnostic>,
}

impl Default for NetworkBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl NetworkBuilder {
    /// An empty builder with a matching tolerance of 1 m.
    pub fn new() -> Self {
        Self {
            tolerance_m: 1.0,
            check_topology: true,
            hubs: Vec::new(),
            segments: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Sets the distance in metres within which a line end matches a hub (default 1 m).
    /// Negative or non-finite values are reported as an error at build time.
    pub fn tolerance_m(mut self, metres: f64) -> Self {
        self.tolerance_m = metres;
        self
    }

    /// Whether [`build`](Self::build) looks for topology warnings (default `true`): self-loops,
    /// zero-length segments, isolated hubs, several components and crossings that are not
    /// junctions. The crossing search is a sweep over every sub-line of every segment, the
    /// costliest part of a build; a caller that discards the [`BuildReport`]'s warnings (the
    /// CLI's `snap`, which prints none) can skip it. Errors are always checked, and the
    /// report's [`Summary`] is always computed.
    ///
    /// ```
    /// use corridors::{NetworkBuilder, SegmentSpec};
    /// use geo::line_string;
    /// // two lines that cross away from any hub
    /// let mut b = NetworkBuilder::new();
    /// b.add_segment(SegmentSpec::line(line_string![(x: -92.0, y: 15.0), (x: -91.0, y: 16.0)]));
    /// b.add_segment(SegmentSpec::line(line_string![(x: -92.0, y: 16.0), (x: -91.0, y: 15.0)]));
    /// let (_, checked) = b.clone().build()?;
    /// let (_, skipped) = b.check_topology(false).build()?;
    /// assert!(checked.diagnostics.len() > skipped.diagnostics.len());
    /// assert_eq!(checked.summary, skipped.summary);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn check_topology(mut self, yes: bool) -> Self {
        self.check_topology = yes;
        self
    }

    /// Adds a hub.
    pub fn add_hub(&mut self, hub: Hub) -> &mut Self {
        let loc = SourceLocation::file(API_LABEL).with_id(hub.id.as_key());
        self.hubs.push((hub, loc));
        self
    }

    /// Adds a hub read from `location` (used by the readers).
    pub fn add_hub_at(&mut self, hub: Hub, location: SourceLocation) -> &mut Self {
        self.hubs.push((hub, location));
        self
    }

    /// Adds hubs read from their locations, in order (a reader that builds them in parallel).
    pub(crate) fn add_hubs_at(&mut self, hubs: Vec<(Hub, SourceLocation)>) -> &mut Self {
        append(&mut self.hubs, hubs);
        self
    }

    /// Adds a segment.
    pub fn add_segment(&mut self, mut segment: SegmentSpec) -> &mut Self {
        if segment.location.file.is_none() {
            segment.location.file = Some(API_LABEL.into());
            if let Some(id) = &segment.id {
                segment.location.id = Some(id.as_key());
            }
        }
        self.segments.push(segment);
        self
    }

    /// Records a problem found by a reader.
    pub fn add_diagnostic(&mut self, diagnostic: Diagnostic) -> &mut Self {
        self.diagnostics.push(diagnostic);
        self
    }

    /// Moves everything another builder collected (hubs, segments, diagnostics) into this one;
    /// this builder's tolerance is kept.
    ///
    /// Merging into an empty builder takes the other's vectors as they are: a copy would hold
    /// every spec twice (on a 3·10⁶-segment file about 2 GB at once instead of 1).
    pub fn merge(&mut self, other: NetworkBuilder) -> &mut Self {
        append(&mut self.hubs, other.hubs);
        append(&mut self.segments, other.segments);
        append(&mut self.diagnostics, other.diagnostics);
        self
    }

    /// Keeps only the free properties (of hubs and segments) whose key passes `keep`.
    pub(crate) fn retain_properties(&mut self, keep: impl Fn(&str) -> bool) {
        for (h, _) in &mut self.hubs {
            h.properties.retain(|k, _| keep(k));
        }
        for s in &mut self.segments {
            s.properties.retain(|k, _| keep(k));
        }
    }

    /// Problems recorded so far (readers record while adding).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Validates everything and builds the network.
    ///
    /// The phases: validate hubs → validate segments → resolve segment ends → assemble the
    /// graph → report (topology warnings and the summary).
    ///
    /// # Errors
    /// [`Error::Invalid`] with every error found (and the warnings so far) when any input is
    /// invalid: coordinates non-finite, out of range or apparently swapped; missing or duplicate
    /// ids; unknown hub ids; empty or one-point geometries; negative or non-finite lengths,
    /// times or speeds. [`Error::InvalidArgument`] for a negative or non-finite tolerance.
    ///
    /// # Returns
    /// The [`Network`] and a [`BuildReport`] (warnings such as isolated hubs, and a summary
    /// with bridges and components).
    ///
    /// # Complexity
    /// `O((n + m) log n)` with the geodesic length of each segment's points and one pass for
    /// bridges and components.
    ///
    /// # Example
    /// ```
    /// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
    /// // a ---- b      plus a segment to a hub nobody declared
    /// let mut b = NetworkBuilder::new();
    /// b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
    /// b.add_hub(Hub::new("b", HubKind::Transit, -92.0, 16.0));
    /// b.add_segment(SegmentSpec::between("ab", "a", "b"));
    /// let mut bad = b.clone();
    /// bad.add_segment(SegmentSpec::between("bx", "b", "x"));
    /// assert!(bad.build().is_err());
    /// let (net, report) = b.build()?;
    /// assert_eq!((net.hub_count(), net.segment_count()), (2, 1));
    /// assert_eq!(report.summary.bridges, ["ab"]);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn build(self) -> Result<(Network, BuildReport)> {
        self.build_with_progress(&NoProgress)
    }

    /// [`build`](Self::build) reporting its phases to `progress`: `building network` (one
    /// unit per hub and per segment: validated, ends resolved, graph assembled),
    /// `summarising network` (bridges and components: one unit per hub and per segment,
    /// reported when done) and, with
    /// [`check_topology`](Self::check_topology), `checking crossings` (one unit per
    /// sub-line of every segment), each ended with [`Progress::finish`]. The result is the
    /// one of [`build`](Self::build).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use corridors::progress::Progress;
    /// struct Units(AtomicU64);
    /// impl Progress for Units {
    ///     fn inc(&self, n: u64) {
    ///         self.0.fetch_add(n, Ordering::Relaxed);
    ///     }
    /// }
    /// let b = corridors::io::geojson::read_network("data/mexico/hubs.geojson")?;
    /// let units = Units(AtomicU64::new(0));
    /// let (net, _) = b.check_topology(false).build_with_progress(&units)?;
    /// // one unit per hub built, and one per hub summarised (the file has no segments)
    /// assert_eq!(units.0.load(Ordering::Relaxed), 2 * net.hub_count() as u64);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`build`](Self::build).
    pub fn build_with_progress(self, progress: &dyn Progress) -> Result<(Network, BuildReport)> {
        let NetworkBuilder {
            tolerance_m,
            check_topology,
            hubs,
            segments,
            mut diagnostics,
        } = self;
        if !(tolerance_m.is_finite() && tolerance_m >= 0.0) {
            return Err(Error::invalid(
                "tolerance_m",
                format!("must be a finite number of metres ≥ 0, got {tolerance_m}"),
            ));
        }
        let (hub_count, segment_count) = (hubs.len() as u64, segments.len() as u64);
        progress.phase(
            "building network",
            Some(hub_count + segment_count),
            Unit::Items,
        );
        let reference = reference_point(&hubs, &segments);
        let mut v = Validator {
            diags: &mut diagnostics,
        };
        let first_file = hubs
            .first()
            .map(|(_, l)| l.clone())
            .or_else(|| segments.first().map(|s| s.location.clone()));
        v.centred_near_a_pole(reference, first_file.as_ref());
        let mut hubs = v.validate_hubs(hubs, reference);
        progress.inc(hub_count);
        let pending = v.validate_segments(segments, &hubs, reference);
        v.summarise_unknown_hubs(hubs.hubs.len());
        let resolved = resolve_ends(&mut v, &mut hubs, pending, tolerance_m);

        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            progress.finish();
            sort_in_input_order(&mut diagnostics);
            return Err(Error::Invalid(diagnostics));
        }

        let net = assemble(hubs.hubs, resolved.segments);
        progress.inc(segment_count);
        progress.finish();
        let summary = net.summary_with_progress(progress);
        if check_topology {
            Validator {
                diags: &mut diagnostics,
            }
            .topology_warnings(
                &net,
                &summary,
                tolerance_m,
                &hubs.locs,
                &resolved.locs,
                progress,
            );
        }
        sort_in_input_order(&mut diagnostics);
        Ok((
            net,
            BuildReport {
                diagnostics,
                created_hubs: resolved.created,
                summary,
            },
        ))
    }
}

/// Appends `from` to `into`, taking `from`'s buffer when `into` is empty (no copy).
fn append<T>(into: &mut Vec<T>, mut from: Vec<T>) {
    if into.is_empty() && into.capacity() <= from.capacity() {
        *into = from;
    } else {
        into.append(&mut from);
    }
}

/// The graph of validated hubs and resolved segments, in input order.
fn assemble(hubs: Vec<Hub>, segments: Vec<(usize, usize, Segment)>) -> Network {
    let mut graph: DiGraph<Hub, Segment> = DiGraph::with_capacity(hubs.len(), segments.len());
    for h in hubs {
        graph.add_node(h);
    }
    for (a, b, s) in super::drain_in_order(segments) {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), s);
    }
    Network::from_graph(graph)
}
