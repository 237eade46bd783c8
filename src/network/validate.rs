//! Validation of the builder's input: coordinates (with the swapped-coordinate heuristic),
//! ids, numbers and geometries, then topology warnings on the built network.

use geo::Coord;
use rayon::prelude::*;

use super::index::IdIndex;
use super::model::{FeatureId, Hub};
use super::spec::SegmentSpec;
use super::{Network, Summary};
use crate::error::{Diagnostic, ProblemKind, SourceLocation};
use crate::geodesy::haversine_m;

/// The hubs that passed validation, with their locations and an id → index lookup.
pub(super) struct ValidHubs {
    pub hubs: Vec<Hub>,
    pub locs: Vec<SourceLocation>,
    /// Indices into `hubs` by id.
    pub lookup: IdIndex,
}

impl ValidHubs {
    /// The index of the hub with this id (textual form).
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.lookup.get(key, |i| &self.hubs[i].id)
    }

    /// The index of the hub with this id.
    pub fn index_of_id(&self, id: &FeatureId) -> Option<usize> {
        self.lookup.get_id(id, |i| &self.hubs[i].id)
    }

    /// Appends a hub whose id is not used yet; returns its index.
    pub fn push(&mut self, hub: Hub, loc: SourceLocation) -> usize {
        let i = self.hubs.len();
        self.hubs.push(hub);
        self.locs.push(loc);
        let hubs = &self.hubs;
        self.lookup.insert_new(i, |j| &hubs[j].id);
        i
    }
}

/// The id of spec `j`, which the segment id index holds only for specs with an id.
fn id_at(segments: &[SegmentSpec], j: usize) -> &FeatureId {
    static NONE: FeatureId = FeatureId::Int(i64::MIN);
    // invariant: only specs with an id are entered in the index
    segments[j].id.as_ref().unwrap_or(&NONE)
}

/// Records diagnostics while validating.
pub(super) struct Validator<'a> {
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Validator<'_> {
    pub fn error(&mut self, kind: ProblemKind, loc: SourceLocation, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(kind, loc, msg));
    }

    pub fn warning(&mut self, kind: ProblemKind, loc: SourceLocation, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(kind, loc, msg));
    }

    /// Hubs: coordinates and unique ids. A duplicate id is an error naming the first use; a
    /// hub with an unusable coordinate is dropped (its error is recorded).
    pub fn validate_hubs(
        &mut self,
        hubs: Vec<(Hub, SourceLocation)>,
        reference: Option<Coord<f64>>,
    ) -> ValidHubs {
        let mut valid = ValidHubs {
            lookup: IdIndex::with_capacity(hubs.len()),
            hubs: Vec::with_capacity(hubs.len()),
            locs: Vec::with_capacity(hubs.len()),
        };
        for (hub, loc) in super::drain_in_order(hubs) {
            let ok = self.check_coord(hub.location.0, &loc, reference);
            if let Some(first) = valid.index_of_id(&hub.id) {
                self.error(
                    ProblemKind::DuplicateId,
                    loc,
                    format!(
                        "hub id {:?} is already used at {}",
                        hub.id.as_key(),
                        valid.locs[first]
                    ),
                );
                continue;
            }
            if ok {
                valid.push(hub, loc);
            }
        }
        valid
    }

    /// Segments: unique ids (missing ones generated as `s<N>`), numbers, geometry and known
    /// hub ids. Returns the segments that passed, each with its id.
    pub fn validate_segments(
        &mut self,
        segments: Vec<SegmentSpec>,
        hubs: &ValidHubs,
        reference: Option<Coord<f64>>,
    ) -> Vec<SegmentSpec> {
        // the index of the first spec with each id (the specs' own ids, not a copy of them)
        let mut seg_ids = IdIndex::with_capacity(segments.len());
        for (i, s) in segments.iter().enumerate() {
            if let Some(id) = &s.id
                && seg_ids.insert_new(i, |j| id_at(&segments, j)).is_some()
            {
                self.error(
                    ProblemKind::DuplicateId,
                    s.location.clone(),
                    format!("segment id {:?} is used more than once", id.as_key()),
                );
            }
        }
        // missing ids: `s<N>`, the first N not used by any segment so far
        let mut segments = segments;
        let mut next_seg = 0usize;
        for i in 0..segments.len() {
            if segments[i].id.is_some() {
                continue;
            }
            let cand = loop {
                next_seg += 1;
                let cand = format!("s{next_seg}");
                if seg_ids.get(&cand, |j| id_at(&segments, j)).is_none() {
                    break cand;
                }
            };
            segments[i].id = Some(FeatureId::Str(cand));
            seg_ids.insert_new(i, |j| id_at(&segments, j));
        }
        drop(seg_ids);
        // Each segment checked on its own, in parallel, a block at a time (so that only a
        // block's diagnostics wait), the diagnostics kept in input order: the result of a
        // sequential pass at any thread count.
        const CHECK_BLOCK: usize = 1 << 16;
        let mut usable: Vec<bool> = Vec::with_capacity(segments.len());
        for block in segments.chunks(CHECK_BLOCK) {
            let checked: Vec<(bool, Vec<Diagnostic>)> = block
                .par_iter()
                .with_min_len(256)
                .map(|s| {
                    let mut diags = Vec::new();
                    let ok = Validator { diags: &mut diags }.check_segment(s, hubs, reference);
                    (ok, diags)
                })
                .collect();
            for (ok, diags) in checked {
                usable.push(ok);
                self.diags.extend(diags);
            }
        }
        // In place: a second vector of specs would double the largest buffer of a build
        // (3·10⁶ segments of a country-scale network are about 0.8 GB of specs).
        let mut usable = usable.into_iter();
        // invariant: one flag per segment
        segments.retain(|_| usable.next().unwrap_or(false));
        segments
    }

    /// Checks one segment's numbers, geometry and hub ids; records every problem and returns
    /// whether the segment can be used.
    fn check_segment(
        &mut self,
        s: &SegmentSpec,
        hubs: &ValidHubs,
        reference: Option<Coord<f64>>,
    ) -> bool {
        let mut ok = true;
        for (name, v) in [
            ("length_m", s.length_m),
            ("minutes", s.minutes),
            ("speed_kmh", s.speed_kmh),
        ] {
            if let Some(v) = v
                && !(v.is_finite() && v >= 0.0)
            {
                self.error(
                    ProblemKind::InvalidNumber,
                    s.location.clone().with_field(name),
                    format!("{name} must be a finite number ≥ 0, got {v}"),
                );
                ok = false;
            }
        }
        if s.speed_kmh == Some(0.0) {
            self.error(
                ProblemKind::InvalidNumber,
                s.location.clone().with_field("speed_kmh"),
                "speed_kmh must be > 0",
            );
            ok = false;
        }
        if let Some(g) = &s.geometry {
            if g.0.is_empty() {
                self.error(
                    ProblemKind::EmptyGeometry,
                    s.location.clone(),
                    "empty LineString",
                );
                ok = false;
            } else {
                let mut coords_ok = true;
                for c in &g.0 {
                    if !self.check_coord(*c, &s.location, reference) {
                        coords_ok = false;
                        break;
                    }
                }
                ok &= coords_ok;
                if coords_ok && g.0.len() < 2 {
                    self.error(
                        ProblemKind::EmptyGeometry,
                        s.location.clone(),
                        "LineString has only one point (at least two are needed)",
                    );
                    ok = false;
                }
            }
        } else if s.from.is_none() || s.to.is_none() {
            self.error(
                ProblemKind::EmptyGeometry,
                s.location.clone(),
                "segment has neither a geometry nor both `from` and `to` hubs",
            );
            ok = false;
        }
        for (field, hid) in [("from", &s.from), ("to", &s.to)] {
            if let Some(hid) = hid
                && hubs.index_of_id(hid).is_none()
            {
                self.error(
                    ProblemKind::UnknownHub,
                    s.location.clone().with_field(field),
                    format!("unknown hub id {:?} in `{field}`", hid.as_key()),
                );
                ok = false;
            }
        }
        ok
    }

    /// The whole-file check of coordinate order: data centred beyond ±80° latitude (where
    /// few corridors run) was most likely written `[lat, lon]`; one warning for the file,
    /// since every point can be in range either way (a region east of 90° W read swapped
    /// lies in Antarctica).
    pub fn centred_near_a_pole(
        &mut self,
        reference: Option<Coord<f64>>,
        file: Option<&SourceLocation>,
    ) {
        if let Some(r) = reference
            && r.y.abs() > 80.0
        {
            let loc = file
                .and_then(|l| l.file.clone())
                .map_or_else(SourceLocation::default, SourceLocation::file);
            self.warning(
                ProblemKind::SwappedCoordinates,
                loc,
                format!(
                    "the data is centred at {:.1}° latitude, {:.1}° longitude: coordinates may be [lat, lon] (GeoJSON wants [lon, lat]); read the other way it is centred at {:.1}°, {:.1}°",
                    r.y, r.x, r.x, r.y
                ),
            );
        }
    }

    /// Collapses many unknown hub ids in segment `from`/`to` into one error with a hint: a
    /// segments file loaded without its hubs file gives one per segment end otherwise.
    /// Fewer than `MANY_UNKNOWN_HUBS` distinct ids (with some hubs defined) stay as they are.
    pub fn summarise_unknown_hubs(&mut self, hubs_defined: usize) {
        const MANY_UNKNOWN_HUBS: usize = 10;
        let unknown: Vec<&Diagnostic> = self
            .diags
            .iter()
            .filter(|d| d.kind == ProblemKind::UnknownHub && d.location.field.is_some())
            .collect();
        let mut ids: Vec<&str> = unknown
            .iter()
            .filter_map(|d| d.message.split('"').nth(1))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if unknown.is_empty() || (hubs_defined > 0 && ids.len() < MANY_UNKNOWN_HUBS) {
            return;
        }
        let message = format!(
            "segments refer to {} hub id(s) that no input defines ({} references; e.g. {}){}: did you pass the hubs file (with --network in the CLI)?",
            ids.len(),
            unknown.len(),
            ids.iter()
                .take(3)
                .map(|i| format!("{i:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            if hubs_defined == 0 {
                "; no hub was loaded at all".to_string()
            } else {
                format!("; {hubs_defined} hubs were loaded")
            }
        );
        let loc = unknown[0]
            .location
            .file
            .clone()
            .map_or_else(SourceLocation::default, SourceLocation::file);
        self.diags
            .retain(|d| !(d.kind == ProblemKind::UnknownHub && d.location.field.is_some()));
        self.error(ProblemKind::UnknownHub, loc, message);
    }

    /// Checks one coordinate; records an error and returns `false` when it is unusable.
    pub fn check_coord(
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
            && let Some((d, ds)) = looks_swapped(c, r)
        {
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
        true
    }

    /// Warnings on the built network: self-loops, zero lengths, isolated hubs, several
    /// components, crossings that are not junctions (the crossing search reports to
    /// `progress`).
    pub fn topology_warnings(
        &mut self,
        net: &Network,
        summary: &Summary,
        tol_m: f64,
        hub_locs: &[SourceLocation],
        seg_locs: &[SourceLocation],
        progress: &dyn crate::progress::Progress,
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
        for c in super::crossings::find(net, tol_m, progress) {
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

/// The swapped-coordinate heuristic: `c` (in range, and in range read as `[lat, lon]`) is
/// taken as swapped when it lies far from the centre `reference` of the data while its
/// swapped reading sits right among it. Returns both distances in metres when it looks
/// swapped.
fn looks_swapped(c: Coord<f64>, reference: Coord<f64>) -> Option<(f64, f64)> {
    let d = haversine_m(c, reference);
    let ds = haversine_m(Coord { x: c.y, y: c.x }, reference);
    (d > 2_000_000.0 && ds < 0.25 * d && ds < 1_500_000.0).then_some((d, ds))
}

/// The median lon/lat of all finite, in-range coordinates: the "centre" of the data, used to
/// recognise coordinates whose swapped (lat, lon) reading lies close to the rest.
pub(super) fn reference_point(
    hubs: &[(Hub, SourceLocation)],
    segments: &[SegmentSpec],
) -> Option<Coord<f64>> {
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
    // the element a full sort would put in the middle, found in linear time
    let (mx, my) = (xs.len() / 2, ys.len() / 2);
    let x = *xs.select_nth_unstable_by(mx, f64::total_cmp).1;
    let y = *ys.select_nth_unstable_by(my, f64::total_cmp).1;
    Some(Coord { x, y })
}

fn in_range(c: Coord<f64>) -> bool {
    c.x.is_finite()
        && c.y.is_finite()
        && (-180.0..=180.0).contains(&c.x)
        && (-90.0..=90.0).contains(&c.y)
}

/// Orders diagnostics by file and feature (stable), so a report reads top to bottom.
pub(super) fn sort_in_input_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.location.file, a.location.feature, a.location.line).cmp(&(
            &b.location.file,
            b.location.feature,
            b.location.line,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HubKind;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    // Data centred on southern Mexico.
    const MEXICO: Coord<f64> = Coord { x: -96.0, y: 18.0 };

    #[test]
    fn swapped_coordinate_is_recognised_near_the_data() {
        // Mérida [-89.6, 20.97] written as [lat, lon]: read as [lon, lat] it lies near the
        // south pole, read swapped it sits among the data.
        let (d, ds) = looks_swapped(c(20.97, -89.6), MEXICO).expect("looks swapped");
        assert!(d > 2_000_000.0 && ds < 1_500_000.0, "{d} {ds}");
        // The right reading is not flagged.
        assert_eq!(looks_swapped(c(-89.6, 20.97), MEXICO), None);
    }

    #[test]
    fn far_point_whose_swap_is_also_far_is_kept() {
        // Madrid [-3.7, 40.4]: far from Mexico either way, so it is not "swapped".
        assert_eq!(looks_swapped(c(-3.7, 40.4), MEXICO), None);
        // A point near the reference whose swap is far is kept as written.
        assert_eq!(looks_swapped(c(-95.0, 17.0), MEXICO), None);
    }

    #[test]
    fn check_coord_records_one_located_error() {
        let mut diags = Vec::new();
        let mut v = Validator { diags: &mut diags };
        let loc = SourceLocation::feature("hubs.geojson", 4).with_id("merida");
        assert!(v.check_coord(c(-89.6, 20.97), &loc, Some(MEXICO)));
        assert!(!v.check_coord(c(20.97, -89.6), &loc, Some(MEXICO)));
        assert!(!v.check_coord(c(f64::NAN, 1.0), &loc, Some(MEXICO)));
        assert!(!v.check_coord(c(15.0, -92.0), &loc, None)); // lat −92 out of range
        let kinds: Vec<ProblemKind> = diags.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                ProblemKind::SwappedCoordinates,
                ProblemKind::NonFiniteCoordinate,
                ProblemKind::CoordinateOutOfRange
            ]
        );
        assert!(diags.iter().all(|d| d.location == loc));
    }

    #[test]
    fn reference_point_is_the_median_of_usable_coordinates() {
        let hubs: Vec<(Hub, SourceLocation)> =
            [(-92.0, 15.0), (-96.0, 18.0), (-99.0, 19.5), (500.0, 0.0)]
                .into_iter()
                .enumerate()
                .map(|(i, (x, y))| {
                    (
                        Hub::new(format!("h{i}"), HubKind::Other, x, y),
                        SourceLocation::default(),
                    )
                })
                .collect();
        assert_eq!(reference_point(&hubs, &[]), Some(c(-96.0, 18.0)));
        assert_eq!(reference_point(&hubs[..2], &[]), None);
    }
}
