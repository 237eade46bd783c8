//! OpenStreetMap import (feature `osm`): a road (and optionally rail and ferry) network from
//! an `.osm.pbf` extract.
//!
//! Two passes over the file, each decoding blobs in parallel (rayon): the first keeps the
//! selected ways, the second the coordinates of the nodes they use. Node ids are mapped to
//! compact indices (a sorted id array, `u32` positions), so memory grows with the nodes the
//! network uses (about 8 bytes of id + 16 of coordinates + 1 of use count each), not with
//! the extract. The result does not depend on the thread count (ways are put back in id
//! order). Ways tagged `access=no` or `access=private` are left out unless
//! [`OsmOptions::include_private`]. Chains of ways that meet end to end leave hubs of degree
//! 2; [`crate::network::simplify`] merges them (the CLI's `--simplify`).
//!
//! Ways are split at every node they share with another selected way and at their ends, so
//! hubs are the junctions and dead ends of the network (OSMnx's "simplified" topology). Hub
//! ids are the OSM node ids (integers); segment ids are `w<way id>/<k>` for the k-th piece of
//! a way. Tags: `oneway=yes|true|1` (and `highway=motorway`, `junction=roundabout`) make a
//! segment one-way, `oneway=-1` one-way against the way's direction; `maxspeed` in km/h or
//! mph becomes `speed_kmh`; `highway`, `railway`, `route`, `name`, `ref`, `maxspeed` and the
//! way id are kept as properties. Lengths are geodesic on WGS84, as for every segment.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use geo::{Coord, LineString};
use osmpbf::{Element, ElementReader};
use rayon::prelude::*;
use serde_json::json;

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::geojson::KeepProperties;
use crate::network::{
    BuildReport, FeatureId, Hub, HubKind, Mode, Network, NetworkBuilder, Properties, SegmentSpec,
};
use crate::progress::{NoProgress, Progress, ProgressReader};

/// Which ways become segments.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmOptions {
    /// `highway=*` values taken as roads. Default: the drivable classes (motorway … residential,
    /// their `_link`s, `unclassified`, `living_street`).
    pub highways: Vec<String>,
    /// Also take `railway=rail` ways (as mode `rail`).
    pub rail: bool,
    /// Also take `route=ferry` ways (as mode `sea`, property `route: "ferry"`).
    pub ferries: bool,
    /// Keep ways tagged `access=no` or `access=private` (left out by default).
    pub include_private: bool,
    /// Which free properties hubs (`osm_node`) and segments (`highway`, `railway`, `route`,
    /// `name`, `ref`, `maxspeed`, `osm_way`) keep. Default: all. Modes, one-way flags and
    /// speeds are read from the tags whatever is kept; a computation that uses none of these
    /// properties saves their memory (about a fifth of a country-scale import's).
    pub properties: KeepProperties,
}

impl Default for OsmOptions {
    fn default() -> Self {
        let highways = [
            "motorway",
            "motorway_link",
            "trunk",
            "trunk_link",
            "primary",
            "primary_link",
            "secondary",
            "secondary_link",
            "tertiary",
            "tertiary_link",
            "unclassified",
            "residential",
            "living_street",
        ];
        Self {
            highways: highways.iter().map(|s| s.to_string()).collect(),
            rail: false,
            ferries: false,
            include_private: false,
            properties: KeepProperties::All,
        }
    }
}

struct OsmWay {
    id: i64,
    refs: Vec<i64>,
    mode: Mode,
    oneway: Oneway,
    speed_kmh: Option<f64>,
    props: Properties,
}

#[derive(Clone, Copy, PartialEq)]
enum Oneway {
    No,
    Forward,
    Backward,
}

/// Reads `path` into a builder (so that callers can add more before building), the same
/// shape as [`crate::io::geojson::read_network`].
///
/// ```
/// use corridors::io::osm::{read_osm_pbf, OsmOptions};
/// let mut b = read_osm_pbf("data/osm/helsinki.osm.pbf", &OsmOptions::default())?;
/// b.merge(corridors::io::geojson::read_network_from("extra", r#"{"type":"FeatureCollection",
///     "features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[24.94,60.17]},
///     "properties":{"id":"station","kind":"transit"}}]}"#.as_bytes())?);
/// let (net, _) = b.build()?;
/// assert!(net.hub_index("station").is_some());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the file cannot be read or is not a valid PBF. Ways that refer to nodes
/// missing from the extract are cut there, and each cut is recorded as a warning diagnostic.
pub fn read_osm_pbf(path: impl AsRef<Path>, options: &OsmOptions) -> Result<NetworkBuilder> {
    read_osm_pbf_with_progress(path, options, &NoProgress)
}

/// [`read_osm_pbf`] reporting its two passes over the file to `progress`: `reading ways in
/// FILE` and `reading nodes in FILE`, each in [`Unit::Bytes`](crate::progress::Unit::Bytes) with the file's size as total
/// and ended with [`Progress::finish`]. The builder is the one of [`read_osm_pbf`].
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use corridors::io::osm::{OsmOptions, read_osm_pbf_with_progress};
/// use corridors::progress::Progress;
/// struct Bytes(AtomicU64);
/// impl Progress for Bytes {
///     fn inc(&self, n: u64) {
///         self.0.fetch_add(n, Ordering::Relaxed);
///     }
/// }
/// let bytes = Bytes(AtomicU64::new(0));
/// let path = "data/osm/helsinki.osm.pbf";
/// read_osm_pbf_with_progress(path, &OsmOptions::default(), &bytes)?;
/// let size = std::fs::metadata(path).unwrap().len();
/// assert_eq!(bytes.0.load(Ordering::Relaxed), 2 * size); // two passes
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_osm_pbf`].
pub fn read_osm_pbf_with_progress(
    path: impl AsRef<Path>,
    options: &OsmOptions,
    progress: &dyn Progress,
) -> Result<NetworkBuilder> {
    let path = path.as_ref();
    let label = path.display().to_string();
    // The `osmpbf` decoder's coordinate arithmetic overflows on some corrupt blocks, which
    // panics where overflow checks are on (found by the `osm_pbf` fuzz target,
    // `tests/api/fuzz_regressions.rs`): a decoder panic is an error naming the file.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        decode(path, options, progress)
    }))
    .unwrap_or_else(|_| {
        Err(Error::io(
            label,
            std::io::Error::other("corrupt OSM PBF data: the decoder failed"),
        ))
    })
}

/// The two passes of [`read_osm_pbf`].
fn decode(path: &Path, options: &OsmOptions, progress: &dyn Progress) -> Result<NetworkBuilder> {
    let label = path.display().to_string();
    let pbf_err = |e: osmpbf::Error| Error::io(label.clone(), std::io::Error::other(e.to_string()));
    // the file read through a byte counter, as `ElementReader::from_path` reads it
    let reader = |pass: &str| -> Result<_> {
        let file = std::fs::File::open(path).map_err(|e| pbf_err(e.into()))?;
        let size = file.metadata().map(|m| m.len()).ok();
        let name = format!("reading {pass} in {label}");
        let counted = ProgressReader::new(file, progress, &name, size);
        Ok(ElementReader::new(std::io::BufReader::new(counted)))
    };

    // Pass 1 (blobs in parallel): the selected ways, back in id order afterwards.
    let ways = reader("ways")?.par_map_reduce(
        |el| match el {
            Element::Way(w) => select_way(&w, options).into_iter().collect(),
            _ => Vec::new(),
        },
        Vec::new,
        |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            a.append(&mut b);
            a
        },
    );
    progress.finish();
    let mut ways: Vec<OsmWay> = ways.map_err(pbf_err)?;
    ways.sort_by_key(|w| w.id);

    // Compact node indices: the sorted ids the ways use; uses per node (2 = junction).
    let mut ids: Vec<i64> = ways.iter().flat_map(|w| w.refs.iter().copied()).collect();
    ids.par_sort_unstable();
    ids.dedup();
    let index = |id: i64| ids.binary_search(&id).ok();
    // the searches in parallel, the counting (a few instructions per reference) in order
    let at: Vec<usize> = ways
        .par_iter()
        .flat_map_iter(|w| w.refs.iter().filter_map(|&r| index(r)))
        .collect();
    let mut uses = vec![0u8; ids.len()];
    for i in at {
        uses[i] = uses[i].saturating_add(1);
    }

    // Pass 2 (blobs in parallel): coordinates of those nodes, as bit patterns (NaN = absent).
    let nan = f64::NAN.to_bits();
    let lon: Vec<AtomicU64> = (0..ids.len()).map(|_| AtomicU64::new(nan)).collect();
    let lat: Vec<AtomicU64> = (0..ids.len()).map(|_| AtomicU64::new(nan)).collect();
    let nodes = reader("nodes")?.par_map_reduce(
        |el| {
            let (id, x, y) = match el {
                Element::Node(n) => (n.id(), n.lon(), n.lat()),
                Element::DenseNode(n) => (n.id(), n.lon(), n.lat()),
                _ => return,
            };
            if let Some(i) = index(id) {
                lon[i].store(x.to_bits(), Ordering::Relaxed);
                lat[i].store(y.to_bits(), Ordering::Relaxed);
            }
        },
        || (),
        |(), ()| (),
    );
    progress.finish();
    nodes.map_err(pbf_err)?;
    let coords: Vec<Option<Coord<f64>>> = lon
        .into_iter()
        .zip(lat)
        .map(|(x, y)| {
            let (x, y) = (
                f64::from_bits(x.into_inner()),
                f64::from_bits(y.into_inner()),
            );
            (!x.is_nan() && !y.is_nan()).then_some(Coord { x, y })
        })
        .collect();
    let coord = |id: i64| index(id).and_then(|i| coords[i]);
    let junction = |id: i64| index(id).is_some_and(|i| uses[i] >= 2);

    // one shared name for every hub's and way's location
    let file: std::sync::Arc<str> = label.as_str().into();
    // Each way's pieces (split at junctions) in parallel, in way order, a batch of ways at a
    // time (so that the pieces are not held twice, in the batch and in the builder); hubs are
    // then added in the order of first use, as a sequential pass would.
    const WAYS_PER_BATCH: usize = 8_192;
    let (keep_way_id, keep_node_id) = (
        options.properties.keeps("osm_way"),
        options.properties.keeps("osm_node"),
    );
    let mut builder = NetworkBuilder::new().tolerance_m(0.0);
    let mut hub_added = vec![false; ids.len()];
    let mut hub_order: Vec<NodeAt> = Vec::new();
    for batch in ways.chunks(WAYS_PER_BATCH) {
        let pieces: Vec<WayPieces> = batch
            .par_iter()
            .with_min_len(64)
            .map(|w| way_pieces(w, &file, &coord, &junction, keep_way_id))
            .collect();
        for way in pieces {
            for d in way.diagnostics {
                builder.add_diagnostic(d);
            }
            for (ends, spec) in way.segments {
                for (node, c) in ends {
                    let Some(i) = index(node) else { continue };
                    if !hub_added[i] {
                        hub_added[i] = true;
                        hub_order.push((node, c));
                    }
                }
                builder.add_segment(spec);
            }
        }
    }
    // the hubs themselves in parallel, in the order of first use
    let hubs: Vec<(Hub, SourceLocation)> = hub_order
        .par_iter()
        .with_min_len(1_024)
        .map(|&(node, c)| {
            let mut hub = Hub::new(FeatureId::Int(node), HubKind::Other, c.x, c.y);
            if keep_node_id {
                hub.properties.insert("osm_node".into(), json!(node));
            }
            let loc = SourceLocation::file(file.clone()).with_id(node.to_string());
            (hub, loc)
        })
        .collect();
    drop(hub_order);
    builder.add_hubs_at(hubs);
    Ok(builder)
}

/// A node id and its coordinate.
type NodeAt = (i64, Coord<f64>);

/// One way split at junctions: its segments, each with the (node, coordinate) of its first
/// and last node in the way's own order, and its warnings.
struct WayPieces {
    segments: Vec<([NodeAt; 2], SegmentSpec)>,
    diagnostics: Vec<Diagnostic>,
}

/// Splits way `w` at its junctions (and where a node is missing from the extract).
fn way_pieces(
    w: &OsmWay,
    file: &std::sync::Arc<str>,
    coord: &(impl Fn(i64) -> Option<Coord<f64>> + Sync),
    junction: &(impl Fn(i64) -> bool + Sync),
    keep_way_id: bool,
) -> WayPieces {
    let mut out = WayPieces {
        segments: Vec::new(),
        diagnostics: Vec::new(),
    };
    let loc = SourceLocation::file(file.clone()).with_id(format!("way {}", w.id));
    // Runs of consecutive nodes that have coordinates.
    let mut runs: Vec<Vec<(i64, Coord<f64>)>> = vec![Vec::new()];
    for r in &w.refs {
        if let Some(c) = coord(*r) {
            if let Some(run) = runs.last_mut() {
                run.push((*r, c));
            }
        } else {
            out.diagnostics.push(Diagnostic::warning(
                ProblemKind::IncompleteData,
                loc.clone(),
                format!("node {r} is not in the extract; the way is cut there"),
            ));
            runs.push(Vec::new());
        }
    }
    let mut piece = 0usize;
    for run in runs.into_iter().filter(|r| r.len() >= 2) {
        let mut start = 0usize;
        for i in 1..run.len() {
            let last = i == run.len() - 1;
            if !last && !junction(run[i].0) {
                continue;
            }
            let nodes = &run[start..=i];
            let (first, end) = (nodes[0], nodes[nodes.len() - 1]);
            let mut line: Vec<Coord<f64>> = nodes.iter().map(|n| n.1).collect();
            let (mut from, mut to) = (first.0, end.0);
            if w.oneway == Oneway::Backward {
                line.reverse();
                std::mem::swap(&mut from, &mut to);
            }
            let mut props = w.props.clone();
            if keep_way_id {
                props.insert("osm_way".into(), json!(w.id));
            }
            out.segments.push((
                [first, end],
                SegmentSpec {
                    id: Some(FeatureId::Str(format!("w{}/{piece}", w.id))),
                    from: Some(FeatureId::Int(from)),
                    to: Some(FeatureId::Int(to)),
                    mode: w.mode,
                    geometry: Some(LineString::from(line)),
                    length_m: None,
                    minutes: None,
                    speed_kmh: w.speed_kmh,
                    oneway: w.oneway != Oneway::No,
                    properties: props,
                    location: loc.clone(),
                },
            ));
            piece += 1;
            start = i;
        }
    }
    out
}

/// Reads and builds a network from an `.osm.pbf` extract.
///
/// ```
/// use corridors::io::osm::{load_osm_pbf, OsmOptions};
/// let (net, report) = load_osm_pbf("data/osm/helsinki.osm.pbf", &OsmOptions::default()).unwrap();
/// assert!(net.hub_count() > 500); // junctions and dead ends of central Helsinki
/// assert!(net.has_oneway());
/// assert!(report.summary.total_length_m() > 10_000.0);
/// ```
///
/// # Errors
/// As [`read_osm_pbf`], and [`Error::Invalid`] if the extract yields invalid elements.
pub fn load_osm_pbf(
    path: impl AsRef<Path>,
    options: &OsmOptions,
) -> Result<(Network, BuildReport)> {
    read_osm_pbf(path, options)?.build()
}

/// The way as a network way, when the options select it.
fn select_way(w: &osmpbf::Way<'_>, options: &OsmOptions) -> Option<OsmWay> {
    let tags: HashMap<&str, &str> = w.tags().collect();
    let mode = if tags
        .get("highway")
        .is_some_and(|h| options.highways.iter().any(|x| x == h))
    {
        Mode::Road
    } else if options.rail && tags.get("railway") == Some(&"rail") {
        Mode::Rail
    } else if options.ferries && tags.get("route") == Some(&"ferry") {
        Mode::Sea
    } else {
        return None;
    };
    if !options.include_private && matches!(tags.get("access"), Some(&("no" | "private"))) {
        return None;
    }
    Some(parse_way(
        w.id(),
        w.refs().collect(),
        mode,
        &tags,
        &options.properties,
    ))
}

fn parse_way(
    id: i64,
    refs: Vec<i64>,
    mode: Mode,
    tags: &HashMap<&str, &str>,
    keep: &KeepProperties,
) -> OsmWay {
    let oneway = match tags.get("oneway").copied() {
        Some("yes" | "true" | "1") => Oneway::Forward,
        Some("-1" | "reverse") => Oneway::Backward,
        Some(_) => Oneway::No,
        None if tags.get("highway") == Some(&"motorway")
            || tags.get("junction") == Some(&"roundabout") =>
        {
            Oneway::Forward
        }
        None => Oneway::No,
    };
    let mut props = Properties::new();
    for key in ["highway", "railway", "route", "name", "ref", "maxspeed"] {
        if let Some(v) = tags.get(key)
            && keep.keeps(key)
        {
            props.insert(key.into(), json!(v));
        }
    }
    OsmWay {
        id,
        refs,
        mode,
        oneway,
        speed_kmh: tags.get("maxspeed").and_then(|s| parse_maxspeed(s)),
        props,
    }
}

/// `"50"`, `"50 km/h"`, `"30 mph"` → km/h; anything else (`"signals"`, `"FI:urban"`) → `None`.
fn parse_maxspeed(s: &str) -> Option<f64> {
    let s = s.trim();
    let (num, factor) = match s.strip_suffix("mph") {
        Some(n) => (n, 1.609_344),
        None => (s.strip_suffix("km/h").unwrap_or(s), 1.0),
    };
    num.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .map(|v| v * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maxspeed_units() {
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed("80 km/h"), Some(80.0));
        assert!(parse_maxspeed("30 mph").is_some_and(|v| (v - 48.28).abs() < 0.01));
        assert_eq!(parse_maxspeed("signals"), None);
        assert_eq!(parse_maxspeed("0"), None);
    }
}
