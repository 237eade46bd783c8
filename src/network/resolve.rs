//! Resolving segment ends to hubs: given hubs are checked against the geometry (a reversed
//! geometry is turned round), missing ones are matched to the nearest hub within the
//! tolerance through an R-tree, or a new hub is created there.

use geo::{Coord, Geodesic, Length, LineString};
use rayon::prelude::*;
use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::model::{FeatureId, Hub, HubKind, Segment};
use super::spec::SegmentSpec;
use super::validate::{ValidHubs, Validator};
use crate::error::{Diagnostic, ProblemKind, SourceLocation};
use crate::geodesy::{haversine_m, radius_deg};

type HubPoint = GeomWithData<[f64; 2], usize>;

/// Segments with both ends resolved to hub indices, in input order.
pub(super) struct Resolved {
    /// `(from, to, segment)`.
    pub segments: Vec<(usize, usize, Segment)>,
    /// Where each segment came from.
    pub locs: Vec<SourceLocation>,
    /// Ids of the hubs created at unmatched line ends.
    pub created: Vec<String>,
}

/// Resolves the ends of every validated segment; created hubs are appended to `hubs`.
pub(super) fn resolve_ends(
    v: &mut Validator<'_>,
    hubs: &mut ValidHubs,
    pending: Vec<SegmentSpec>,
    tolerance_m: f64,
) -> Resolved {
    // built at the first segment end without a hub (never for files that name both hubs
    // of every segment, such as an OSM import)
    let mut tree: Option<RTree<HubPoint>> = None;
    let mut created = Vec::new();
    let mut resolved: Vec<(usize, usize, Segment)> = Vec::with_capacity(pending.len());
    let mut seg_locs: Vec<SourceLocation> = Vec::with_capacity(pending.len());
    let mut specs = super::drain_in_order(pending).peekable();
    while specs.peek().is_some() {
        // A block of specs; those whose two hubs are given are resolved in parallel (their
        // checks and length depend on nothing else), the rest in order below. Warnings keep
        // the input order either way.
        let block: Vec<SegmentSpec> = specs.by_ref().take(RESOLVE_BLOCK).collect();
        let pre: Vec<Option<Given>> = block
            .par_iter()
            .with_min_len(256)
            .map(|s| given_ends(s, hubs, tolerance_m))
            .collect();
        for (s, pre) in block.into_iter().zip(pre) {
            // invariant: validate_segments gave every kept segment an id
            let Some(id) = s.id else { continue };
            let loc = s.location;
            let (from, to, geometry, length_m) = if let Some(g) = pre {
                let Given {
                    from,
                    to,
                    reverse,
                    warnings,
                    length_m,
                } = g;
                let mut geometry = match s.geometry {
                    Some(g) => g,
                    None => {
                        LineString::from(vec![hubs.hubs[from].location.0, hubs.hubs[to].location.0])
                    }
                };
                if reverse {
                    geometry.0.reverse();
                }
                v.diags.extend(warnings);
                (from, to, geometry, length_m)
            } else {
                // At most one hub is given (both given: resolved above, in parallel).
                // invariant: validate_segments kept only segments whose given hubs exist
                let given = |f: &Option<FeatureId>| f.as_ref().and_then(|f| hubs.index_of_id(f));
                let (mut from, mut to) = (given(&s.from), given(&s.to));
                // invariant: a segment without geometry was rejected above unless both hubs
                // are known
                let Some(geometry) = s.geometry else { continue };
                let first = geometry.0[0];
                let last = geometry.0[geometry.0.len() - 1];
                for (end, coord, slot) in [("from", first, &mut from), ("to", last, &mut to)] {
                    match *slot {
                        Some(h) => {
                            let d = haversine_m(coord, hubs.hubs[h].location.0);
                            if d > tolerance_m {
                                v.warning(
                                    ProblemKind::EndpointFarFromHub,
                                    loc.clone().with_field(end),
                                    far_from_hub(end, d, &hubs.hubs[h].id, tolerance_m),
                                );
                            }
                        }
                        None => {
                            let tree = tree.get_or_insert_with(|| {
                                RTree::bulk_load(
                                    hubs.hubs
                                        .iter()
                                        .enumerate()
                                        .map(|(i, h)| {
                                            GeomWithData::new([h.location.x(), h.location.y()], i)
                                        })
                                        .collect(),
                                )
                            });
                            let h = match nearest_within(tree, coord, tolerance_m) {
                                Some(h) => h,
                                None => {
                                    let (i, hid) = create_hub(hubs, coord, &loc, created.len());
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
                // NaN: computed below, in parallel (a given length is finite: validated)
                (from, to, geometry, s.length_m.unwrap_or(f64::NAN))
            };
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
    }
    // The geodesic lengths (Karney's inverse per vertex pair: the costliest step of an OSM
    // import) in parallel; each depends on its own geometry only, so the result is the same
    // at any thread count.
    resolved
        .par_iter_mut()
        .with_min_len(1_024)
        .filter(|(_, _, s)| s.length_m.is_nan())
        .for_each(|(_, _, s)| s.length_m = Geodesic.length(&s.geometry));
    Resolved {
        segments: resolved,
        locs: seg_locs,
        created,
    }
}

/// Specs resolved per parallel block.
const RESOLVE_BLOCK: usize = 1 << 16;

/// A segment whose two hubs are given, resolved: its hubs, whether its geometry runs from
/// `to` to `from` (turned round), its warnings and its length (NaN: computed later).
struct Given {
    from: usize,
    to: usize,
    reverse: bool,
    warnings: Vec<Diagnostic>,
    length_m: f64,
}

/// What the sequential resolution below does for a segment whose two hubs are given (the
/// same checks, warnings and length), or `None` for any other segment.
fn given_ends(s: &SegmentSpec, hubs: &ValidHubs, tolerance_m: f64) -> Option<Given> {
    let given = |f: &Option<FeatureId>| f.as_ref().and_then(|f| hubs.index_of_id(f));
    let (a, b) = (given(&s.from)?, given(&s.to)?);
    let (pa, pb) = (hubs.hubs[a].location, hubs.hubs[b].location);
    let straight_line;
    let points: &[Coord<f64>] = match &s.geometry {
        Some(g) => &g.0,
        None => {
            straight_line = [pa.0, pb.0];
            &straight_line
        }
    };
    let (first, last) = (*points.first()?, *points.last()?);
    let mut warnings = Vec::new();
    let straight = haversine_m(first, pa.0).max(haversine_m(last, pb.0));
    let reversed = haversine_m(first, pb.0).max(haversine_m(last, pa.0));
    let reverse = straight > tolerance_m && reversed <= tolerance_m && a != b;
    if reverse {
        warnings.push(Diagnostic::warning(
            ProblemKind::ReversedGeometry,
            s.location.clone(),
            "geometry runs from the `to` hub to the `from` hub; it was reversed",
        ));
    }
    let (first, last) = if reverse {
        (last, first)
    } else {
        (first, last)
    };
    for (end, coord, h) in [("from", first, a), ("to", last, b)] {
        let d = haversine_m(coord, hubs.hubs[h].location.0);
        if d > tolerance_m {
            warnings.push(Diagnostic::warning(
                ProblemKind::EndpointFarFromHub,
                s.location.clone().with_field(end),
                far_from_hub(end, d, &hubs.hubs[h].id, tolerance_m),
            ));
        }
    }
    let length_m = match s.length_m {
        Some(l) => l,
        None if reverse => {
            let mut line = points.to_vec();
            line.reverse();
            Geodesic.length(&LineString::from(line))
        }
        None => Geodesic.length(&LineString::from(points.to_vec())),
    };
    Some(Given {
        from: a,
        to: b,
        reverse,
        warnings,
        length_m,
    })
}

/// The message of an [`ProblemKind::EndpointFarFromHub`] warning.
fn far_from_hub(end: &str, d: f64, hub: &FeatureId, tolerance_m: f64) -> String {
    format!(
        "the {} end of the geometry lies {:.1} m from hub {:?} (tolerance {} m)",
        if end == "from" { "start" } else { "last" },
        d,
        hub.as_key(),
        tolerance_m
    )
}

/// Creates a hub (kind `other`) at `coord` with the first free id `n<k>`, `k` counting from
/// the number of hubs created so far plus one. Returns its index and id.
fn create_hub(
    hubs: &mut ValidHubs,
    coord: Coord<f64>,
    loc: &SourceLocation,
    created_so_far: usize,
) -> (usize, String) {
    let mut k = created_so_far + 1;
    let hid = loop {
        let cand = format!("n{k}");
        if hubs.index_of(&cand).is_none() {
            break cand;
        }
        k += 1;
    };
    let i = hubs.push(
        Hub::new(hid.clone(), HubKind::Other, coord.x, coord.y),
        loc.clone().with_id(hid.clone()),
    );
    (i, hid)
}

/// The hub nearest to `c` within `tol_m` metres (haversine), ties to the lower index.
fn nearest_within(tree: &RTree<HubPoint>, c: Coord<f64>, tol_m: f64) -> Option<usize> {
    let r = radius_deg(tol_m, c.y);
    tree.locate_within_distance([c.x, c.y], r * r)
        .map(|p| {
            let g = p.geom();
            (haversine_m(c, Coord { x: g[0], y: g[1] }), p.data)
        })
        .filter(|(d, _)| *d <= tol_m)
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(points: &[(f64, f64)]) -> RTree<HubPoint> {
        RTree::bulk_load(
            points
                .iter()
                .enumerate()
                .map(|(i, &(x, y))| GeomWithData::new([x, y], i))
                .collect(),
        )
    }

    #[test]
    fn nearest_within_respects_the_tolerance_in_metres() {
        // Two hubs about 111 m and 222 m north of the query point.
        let t = tree(&[(-92.0, 15.002), (-92.0, 15.001)]);
        let q = Coord { x: -92.0, y: 15.0 };
        assert_eq!(nearest_within(&t, q, 150.0), Some(1));
        assert_eq!(nearest_within(&t, q, 300.0), Some(1));
        assert_eq!(nearest_within(&t, q, 100.0), None);
        assert_eq!(nearest_within(&t, q, 0.0), None);
        assert_eq!(
            nearest_within(
                &t,
                Coord {
                    x: -92.0,
                    y: 15.002
                },
                0.0
            ),
            Some(0)
        );
    }

    #[test]
    fn nearest_within_breaks_ties_by_index_and_works_at_high_latitude() {
        let t = tree(&[(10.0, 70.0), (10.0, 70.0)]);
        assert_eq!(nearest_within(&t, Coord { x: 10.0, y: 70.0 }, 1.0), Some(0));
        // 1 km east at 70° N is about 0.026° of longitude: inside a 1.1 km tolerance.
        let t = tree(&[(10.0263, 70.0)]);
        assert_eq!(
            nearest_within(&t, Coord { x: 10.0, y: 70.0 }, 1_100.0),
            Some(0)
        );
        assert_eq!(nearest_within(&t, Coord { x: 10.0, y: 70.0 }, 900.0), None);
    }
}
