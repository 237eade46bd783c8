//! Building and validating a network.

use std::collections::{HashMap, HashSet};

use geo::{Coord, Distance, Geodesic, Haversine, Length, LineString, Point};
use petgraph::graph::{DiGraph, NodeIndex};
use rstar::RTree;
use rstar::primitives::GeomWithData;
use serde::{Deserialize, Serialize};

use super::model::{FeatureId, Hub, HubKind, Mode, Properties, Segment};
use super::{Network, Summary};
use crate::error::{Diagnostic, Error, ProblemKind, Result, Severity, SourceLocation};

/// Label used in diagnostics for elements added through the API rather than a file.
const API_LABEL: &str = "<builder>";

/// A segment as given to the builder, before its hubs are resolved.
///
/// `from`/`to` name hubs by id. When either is missing, that end of the geometry is matched to
/// the nearest hub within the builder's tolerance, or a new hub (kind `other`) is created
/// there. When `geometry` is `None` the segment is a straight line between its two hubs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegmentSpec {
    /// Segment id; generated as `s<N>` when missing.
    pub id: Option<FeatureId>,
    /// Id of the hub the geometry starts at.
    pub from: Option<FeatureId>,
    /// Id of the hub the geometry ends at.
    pub to: Option<FeatureId>,
    /// Travel mode.
    pub mode: Mode,
    /// WGS84 lon/lat geometry from `from` to `to`.
    pub geometry: Option<LineString<f64>>,
    /// Length in metres; computed geodesically (WGS84) from the geometry when `None`.
    pub length_m: Option<f64>,
    /// Travel time in minutes.
    pub minutes: Option<f64>,
    /// Speed in km/h (used for travel time when `minutes` is absent).
    pub speed_kmh: Option<f64>,
    /// One-way from `from` to `to`.
    pub oneway: bool,
    /// Other properties.
    pub properties: Properties,
    /// Where the segment came from (for diagnostics).
    pub location: SourceLocation,
}

impl SegmentSpec {
    /// A straight road segment between two hubs.
    ///
    /// ```
    /// use corridors::{Mode, SegmentSpec};
    /// let s = SegmentSpec::between("r1", "tapachula", "arriaga").with_mode(Mode::Rail);
    /// assert_eq!(s.mode, Mode::Rail);
    /// ```
    pub fn between(
        id: impl Into<FeatureId>,
        from: impl Into<FeatureId>,
        to: impl Into<FeatureId>,
    ) -> Self {
        Self {
            id: Some(id.into()),
            from: Some(from.into()),
            to: Some(to.into()),
            ..Self::default()
        }
    }

    /// A bare line: its hubs are found from its end points.
    pub fn line(geometry: LineString<f64>) -> Self {
        Self {
            geometry: Some(geometry),
            ..Self::default()
        }
    }

    /// Sets the mode.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the geometry.
    pub fn with_geometry(mut self, geometry: LineString<f64>) -> Self {
        self.geometry = Some(geometry);
        self
    }

    /// Marks the segment one-way (from → to).
    pub fn with_oneway(mut self, oneway: bool) -> Self {
        self.oneway = oneway;
        self
    }

    /// Sets the id.
    pub fn with_id(mut self, id: impl Into<FeatureId>) -> Self {
        self.id = Some(id.into());
        self
    }
}

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
    hubs: Vec<(Hub, SourceLocation)>,
    segments: Vec<SegmentSpec>,
    diagnostics: Vec<Diagnostic>,
}

impl Default for NetworkBuilder {
    fn default() -> Self {
        Self::new()
    }
}

type HubPoint = GeomWithData<[f64; 2], usize>;

impl NetworkBuilder {
    /// An empty builder with a matching tolerance of 1 m.
    pub fn new() -> Self {
        Self {
            tolerance_m: 1.0,
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

    /// Adds a segment.
    pub fn add_segment(&mut self, mut segment: SegmentSpec) -> &mut Self {
        if segment.location.file.is_none() {
            segment.location.file = Some(API_LABEL.to_string());
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
    pub fn merge(&mut self, other: NetworkBuilder) -> &mut Self {
        self.hubs.extend(other.hubs);
        self.segments.extend(other.segments);
        self.diagnostics.extend(other.diagnostics);
        self
    }

    /// Problems recorded so far (readers record while adding).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Validates everything and builds the network.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every error found (and the warnings so far) when any input is
    /// invalid: coordinates non-finite, out of range or apparently swapped; missing or duplicate
    /// ids; unknown hub ids; empty or one-point geometries; negative or non-finite lengths,
    /// times or speeds; a negative tolerance.
    pub fn build(self) -> Result<(Network, BuildReport)> {
        let NetworkBuilder {
            tolerance_m,
            hubs,
            segments,
            mut diagnostics,
        } = self;
        let mut ctx = Validator {
            diags: &mut diagnostics,
        };
        if !(tolerance_m.is_finite() && tolerance_m >= 0.0) {
            return Err(Error::InvalidArgument(format!(
                "tolerance must be a finite number of metres ≥ 0, got {tolerance_m}"
            )));
        }
        let reference = reference_point(&hubs, &segments);

        // Hubs: coordinates and unique ids.
        let mut hub_lookup: HashMap<String, usize> = HashMap::new();
        let mut kept_hubs: Vec<Hub> = Vec::with_capacity(hubs.len());
        let mut hub_locs: Vec<SourceLocation> = Vec::with_capacity(hubs.len());
        for (hub, loc) in hubs {
            let ok = ctx.check_coord(hub.location.0, &loc, reference);
            let key = hub.id.as_key();
            if let Some(&first) = hub_lookup.get(&key) {
                ctx.error(
                    ProblemKind::DuplicateId,
                    loc,
                    format!("hub id {key:?} is already used at {}", hub_locs[first]),
                );
                continue;
            }
            if ok {
                hub_lookup.insert(key, kept_hubs.len());
                kept_hubs.push(hub);
                hub_locs.push(loc);
            }
        }

        // Segments: ids, numbers, geometry.
        let mut seg_ids: HashSet<String> = HashSet::new();
        for s in &segments {
            if let Some(id) = &s.id
                && !seg_ids.insert(id.as_key())
            {
                ctx.error(
                    ProblemKind::DuplicateId,
                    s.location.clone(),
                    format!("segment id {:?} is used more than once", id.as_key()),
                );
            }
        }
        let mut next_seg = 0usize;
        let mut pending: Vec<(SegmentSpec, FeatureId)> = Vec::with_capacity(segments.len());
        for s in segments {
            let id = match &s.id {
                Some(id) => id.clone(),
                None => loop {
                    next_seg += 1;
                    let cand = format!("s{next_seg}");
                    if seg_ids.insert(cand.clone()) {
                        break FeatureId::Str(cand);
                    }
                },
            };
            let mut ok = true;
            for (name, v) in [
                ("length_m", s.length_m),
                ("minutes", s.minutes),
                ("speed_kmh", s.speed_kmh),
            ] {
                if let Some(v) = v
                    && !(v.is_finite() && v >= 0.0)
                {
                    ctx.error(
                        ProblemKind::InvalidNumber,
                        s.location.clone().with_field(name),
                        format!("{name} must be a finite number ≥ 0, got {v}"),
                    );
                    ok = false;
                }
            }
            if s.speed_kmh == Some(0.0) {
                ctx.error(
                    ProblemKind::InvalidNumber,
                    s.location.clone().with_field("speed_kmh"),
                    "speed_kmh must be > 0",
                );
                ok = false;
            }
            if let Some(g) = &s.geometry {
                if g.0.is_empty() {
                    ctx.error(
                        ProblemKind::EmptyGeometry,
                        s.location.clone(),
                        "empty LineString",
                    );
                    ok = false;
                } else {
                    let mut coords_ok = true;
                    for c in &g.0 {
                        if !ctx.check_coord(*c, &s.location, reference) {
                            coords_ok = false;
                            break;
                        }
                    }
                    ok &= coords_ok;
                    if coords_ok && g.0.len() < 2 {
                        ctx.error(
                            ProblemKind::EmptyGeometry,
                            s.location.clone(),
                            "LineString has only one point (at least two are needed)",
                        );
                        ok = false;
                    }
                }
            } else if s.from.is_none() || s.to.is_none() {
                ctx.error(
                    ProblemKind::EmptyGeometry,
                    s.location.clone(),
                    "segment has neither a geometry nor both `from` and `to` hubs",
                );
                ok = false;
            }
            for (field, hid) in [("from", &s.from), ("to", &s.to)] {
                if let Some(hid) = hid
                    && !hub_lookup.contains_key(&hid.as_key())
                {
                    ctx.error(
                        ProblemKind::UnknownHub,
                        s.location.clone().with_field(field),
                        format!("unknown hub id {:?} in `{field}`", hid.as_key()),
                    );
                    ok = false;
                }
            }
            if ok {
                pending.push((s, id));
            }
        }

        // Resolve ends: given hubs are checked against the geometry; missing ones are matched.
        let mut tree: RTree<HubPoint> = RTree::bulk_load(
            kept_hubs
                .iter()
                .enumerate()
                .map(|(i, h)| GeomWithData::new([h.location.x(), h.location.y()], i))
                .collect(),
        );
        let mut created = Vec::new();
        let mut resolved: Vec<(usize, usize, Segment)> = Vec::with_capacity(pending.len());
        let mut seg_locs: Vec<SourceLocation> = Vec::with_capacity(pending.len());
        for (s, id) in pending {
            let loc = s.location.clone();
            let given = |f: &Option<FeatureId>| f.as_ref().map(|f| hub_lookup[&f.as_key()]);
            let (mut from, mut to) = (given(&s.from), given(&s.to));
            let mut geometry = match (s.geometry, from, to) {
                (Some(g), _, _) => g,
                (None, Some(a), Some(b)) => {
                    LineString::from(vec![kept_hubs[a].location.0, kept_hubs[b].location.0])
                }
                // invariant: a segment without geometry was rejected above unless both hubs are known
                (None, _, _) => continue,
            };
            let first = geometry.0[0];
            let last = geometry.0[geometry.0.len() - 1];
            if let (Some(a), Some(b)) = (from, to) {
                let (pa, pb) = (kept_hubs[a].location, kept_hubs[b].location);
                let straight = dist_m(first, pa.0).max(dist_m(last, pb.0));
                let reversed = dist_m(first, pb.0).max(dist_m(last, pa.0));
                if straight > tolerance_m && reversed <= tolerance_m && a != b {
                    geometry.0.reverse();
                    ctx.warning(
                        ProblemKind::ReversedGeometry,
                        loc.clone(),
                        "geometry runs from the `to` hub to the `from` hub; it was reversed",
                    );
                }
            }
            let first = geometry.0[0];
            let last = geometry.0[geometry.0.len() - 1];
            for (end, coord, slot) in [("from", first, &mut from), ("to", last, &mut to)] {
                match *slot {
                    Some(h) => {
                        let d = dist_m(coord, kept_hubs[h].location.0);
                        if d > tolerance_m {
                            ctx.warning(
                                ProblemKind::EndpointFarFromHub,
                                loc.clone().with_field(end),
                                format!(
                                    "the {} end of the geometry lies {:.1} m from hub {:?} (tolerance {} m)",
                                    if end == "from" { "start" } else { "last" },
                                    d,
                                    kept_hubs[h].id.as_key(),
                                    tolerance_m
                                ),
                            );
                        }
                    }
                    None => {
                        let h = match nearest_within(&tree, coord, tolerance_m) {
                            Some(h) => h,
                            None => {
                                let mut k = created.len() + 1;
                                let hid = loop {
                                    let cand = format!("n{k}");
                                    if !hub_lookup.contains_key(&cand) {
                                        break cand;
                                    }
                                    k += 1;
                                };
                                let i = kept_hubs.len();
                                kept_hubs.push(Hub::new(
                                    hid.clone(),
                                    HubKind::Other,
                                    coord.x,
                                    coord.y,
                                ));
                                hub_locs.push(loc.clone().with_id(hid.clone()));
                                hub_lookup.insert(hid.clone(), i);
                                tree.insert(GeomWithData::new([coord.x, coord.y], i));
                                created.push(hid);
                                i
                            }
                        };
                        *slot = Some(h);
                    }
                }
            }
            // invariant: both slots were filled just above
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            let length_m = s.length_m.unwrap_or_else(|| Geodesic.length(&geometry));
            seg_locs.push(loc);
            resolved.push((
                from,
                to,
                Segment {
                    id,
                    mode: s.mode,
                    geometry,
                    length_m,
                    minutes: s.minutes,
                    speed_kmh: s.speed_kmh,
                    oneway: s.oneway,
                    properties: s.properties,
                },
            ));
        }

        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            sort_in_input_order(&mut diagnostics);
            return Err(Error::Invalid(diagnostics));
        }

        let mut graph: DiGraph<Hub, Segment> =
            DiGraph::with_capacity(kept_hubs.len(), resolved.len());
        for h in kept_hubs {
            graph.add_node(h);
        }
        for (a, b, s) in resolved {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), s);
        }
        let net = Network::from_graph(graph);
        let mut ctx = Validator {
            diags: &mut diagnostics,
        };
        let summary = Summary::of(&net);
        ctx.topology_warnings(&net, &summary, tolerance_m, &hub_locs, &seg_locs);
        sort_in_input_order(&mut diagnostics);
        Ok((
            net,
            BuildReport {
                diagnostics,
                created_hubs: created,
                summary,
            },
        ))
    }
}

/// Orders diagnostics by file and feature (stable), so a report reads top to bottom.
fn sort_in_input_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.location.file, a.location.feature, a.location.line).cmp(&(
            &b.location.file,
            b.location.feature,
            b.location.line,
        ))
    });
}

/// Haversine distance in metres between two lon/lat coordinates.
fn dist_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    Haversine.distance(Point(a), Point(b))
}

/// Metres per degree of latitude, rounded down so that search boxes are never too small.
const M_PER_DEG: f64 = 110_000.0;

/// Search radius in degrees that covers `metres` around latitude `lat` in every direction.
pub(crate) fn radius_deg(metres: f64, lat: f64) -> f64 {
    let cos = lat.to_radians().cos().max(1e-3);
    metres / (M_PER_DEG * cos) + 1e-12
}

fn nearest_within(tree: &RTree<HubPoint>, c: Coord<f64>, tol_m: f64) -> Option<usize> {
    let r = radius_deg(tol_m, c.y);
    tree.locate_within_distance([c.x, c.y], r * r)
        .map(|p| {
            let g = p.geom();
            (dist_m(c, Coord { x: g[0], y: g[1] }), p.data)
        })
        .filter(|(d, _)| *d <= tol_m)
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, i)| i)
}

/// The median lon/lat of all finite, in-range coordinates: the "centre" of the data, used to
/// recognise coordinates whose swapped (lat, lon) reading lies close to the rest.
fn reference_point(hubs: &[(Hub, SourceLocation)], segments: &[SegmentSpec]) -> Option<Coord<f64>> {
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    let coords = hubs.iter().map(|(h, _)| h.location.0).chain(
        segments
            .iter()
            .filter_map(|s| s.geometry.as_ref().and_then(|g| g.0.first().copied())),
    );
    for c in coords {
        if in_range(c) {
            xs.push(c.x);
            ys.push(c.y);
        }
    }
    if xs.len() < 3 {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    ys.sort_by(f64::total_cmp);
    Some(Coord {
        x: xs[xs.len() / 2],
        y: ys[ys.len() / 2],
    })
}

fn in_range(c: Coord<f64>) -> bool {
    c.x.is_finite()
        && c.y.is_finite()
        && (-180.0..=180.0).contains(&c.x)
        && (-90.0..=90.0).contains(&c.y)
}

struct Validator<'a> {
    diags: &'a mut Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error(&mut self, kind: ProblemKind, loc: SourceLocation, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(kind, loc, msg));
    }

    fn warning(&mut self, kind: ProblemKind, loc: SourceLocation, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(kind, loc, msg));
    }

    /// Checks one coordinate; records an error and returns `false` when it is unusable.
    fn check_coord(
        &mut self,
        c: Coord<f64>,
        loc: &SourceLocation,
        reference: Option<Coord<f64>>,
    ) -> bool {
        if !(c.x.is_finite() && c.y.is_finite()) {
            self.error(
                ProblemKind::NonFiniteCoordinate,
                loc.clone(),
                format!("coordinate ({}, {}) is not finite", c.x, c.y),
            );
            return false;
        }
        let swapped = Coord { x: c.y, y: c.x };
        if !in_range(c) {
            let hint = if in_range(swapped) {
                "; it looks like (lat, lon) order: GeoJSON wants [lon, lat]"
            } else {
                ""
            };
            self.error(
                ProblemKind::CoordinateOutOfRange,
                loc.clone(),
                format!(
                    "coordinate [{}, {}] is out of range (lon −180…180, lat −90…90){hint}",
                    c.x, c.y
                ),
            );
            return false;
        }
        if let Some(r) = reference
            && in_range(swapped)
        {
            let d = dist_m(c, r);
            let ds = dist_m(swapped, r);
            // Far from the rest of the data while its swapped reading sits right among it.
            if d > 2_000_000.0 && ds < 0.25 * d && ds < 1_500_000.0 {
                self.error(
                    ProblemKind::SwappedCoordinates,
                    loc.clone(),
                    format!(
                        "coordinate [{}, {}] looks swapped: read as [lon, lat] it lies {:.0} km from the rest of the data, read as [lat, lon] {:.0} km",
                        c.x,
                        c.y,
                        d / 1000.0,
                        ds / 1000.0
                    ),
                );
                return false;
            }
        }
        true
    }

    fn topology_warnings(
        &mut self,
        net: &Network,
        summary: &Summary,
        tol_m: f64,
        hub_locs: &[SourceLocation],
        seg_locs: &[SourceLocation],
    ) {
        let seg_loc = |e: usize| seg_locs[e].clone();
        for (e, s) in net.segments().enumerate() {
            let (a, b) = net.endpoints(e);
            if a == b {
                self.warning(
                    ProblemKind::SelfLoop,
                    seg_loc(e),
                    format!(
                        "segment starts and ends at hub {:?}",
                        net.hub(a).id.as_key()
                    ),
                );
            }
            if s.length_m == 0.0 {
                self.warning(
                    ProblemKind::ZeroLength,
                    seg_loc(e),
                    "segment has zero length",
                );
            }
        }
        for id in &summary.isolated_hubs {
            self.warning(
                ProblemKind::IsolatedHub,
                net.hub_index(id)
                    .map(|i| hub_locs[i].clone())
                    .unwrap_or_default(),
                "hub has no segment",
            );
        }
        if summary.components.len() > 1 {
            let sizes: Vec<String> = summary
                .components
                .iter()
                .map(|c| c.len().to_string())
                .collect();
            self.warning(
                ProblemKind::Disconnected,
                SourceLocation::default(),
                format!(
                    "the network has {} connected components (hub counts {}); routes cannot cross between them",
                    summary.components.len(),
                    sizes.join(", ")
                ),
            );
        }
        for c in super::crossings::find(net, tol_m) {
            self.warning(
                ProblemKind::Crossing,
                seg_loc(c.a),
                format!(
                    "segment crosses segment {:?} at [{:.6}, {:.6}], which is not a hub: a crossing that is not a junction (split both at a hub if they connect)",
                    net.segment(c.b).id.as_key(),
                    c.at.x,
                    c.at.y
                ),
            );
        }
    }
}
