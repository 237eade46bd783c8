//! OpenStreetMap import (feature `osm`): a road (and optionally rail) network from an
//! `.osm.pbf` extract.
//!
//! Ways are split at every node they share with another selected way and at their ends, so
//! hubs are the junctions and dead ends of the network (OSMnx's "simplified" topology). Hub
//! ids are the OSM node ids (integers); segment ids are `w<way id>/<k>` for the k-th piece of
//! a way. Tags: `oneway=yes|true|1` (and `highway=motorway`, `junction=roundabout`) make a
//! segment one-way, `oneway=-1` one-way against the way's direction; `maxspeed` in km/h or
//! mph becomes `speed_kmh`; `highway`, `railway`, `name`, `ref` and the way id are kept as
//! properties. Lengths are geodesic on WGS84, as for every segment.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use geo::{Coord, LineString};
use osmpbf::{Element, ElementReader};
use serde_json::json;

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::network::{
    BuildReport, FeatureId, Hub, HubKind, Mode, Network, NetworkBuilder, Properties, SegmentSpec,
};

/// Which ways become segments.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmOptions {
    /// `highway=*` values taken as roads. Default: the drivable classes (motorway … residential,
    /// their `_link`s, `unclassified`, `living_street`).
    pub highways: Vec<String>,
    /// Also take `railway=rail` ways (as mode `rail`).
    pub rail: bool,
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
    let path = path.as_ref();
    let label = path.display().to_string();
    // The `osmpbf` decoder's coordinate arithmetic overflows on some corrupt blocks, which
    // panics where overflow checks are on (found by the `osm_pbf` fuzz target,
    // `tests/api/fuzz_regressions.rs`): a decoder panic is an error naming the file.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode(path, options))).unwrap_or_else(
        |_| {
            Err(Error::io(
                label,
                std::io::Error::other("corrupt OSM PBF data: the decoder failed"),
            ))
        },
    )
}

/// The two passes of [`read_osm_pbf`].
fn decode(path: &Path, options: &OsmOptions) -> Result<NetworkBuilder> {
    let label = path.display().to_string();
    let pbf_err = |e: osmpbf::Error| Error::io(label.clone(), std::io::Error::other(e.to_string()));
    let wanted: HashSet<&str> = options.highways.iter().map(String::as_str).collect();

    // Pass 1: the selected ways.
    let mut ways: Vec<OsmWay> = Vec::new();
    ElementReader::from_path(path)
        .map_err(pbf_err)?
        .for_each(|el| {
            if let Element::Way(w) = el {
                let tags: HashMap<&str, &str> = w.tags().collect();
                let mode = if tags.get("highway").is_some_and(|h| wanted.contains(h)) {
                    Mode::Road
                } else if options.rail && tags.get("railway") == Some(&"rail") {
                    Mode::Rail
                } else {
                    return;
                };
                ways.push(parse_way(w.id(), w.refs().collect(), mode, &tags));
            }
        })
        .map_err(pbf_err)?;

    // How often each node is used: junctions are nodes used more than once.
    let mut uses: HashMap<i64, u32> = HashMap::new();
    for w in &ways {
        for r in &w.refs {
            *uses.entry(*r).or_insert(0) += 1;
        }
    }

    // Pass 2: coordinates of the nodes those ways use.
    let mut coords: HashMap<i64, Coord<f64>> = HashMap::with_capacity(uses.len());
    ElementReader::from_path(path)
        .map_err(pbf_err)?
        .for_each(|el| {
            let (id, lon, lat) = match el {
                Element::Node(n) => (n.id(), n.lon(), n.lat()),
                Element::DenseNode(n) => (n.id(), n.lon(), n.lat()),
                _ => return,
            };
            if uses.contains_key(&id) {
                coords.insert(id, Coord { x: lon, y: lat });
            }
        })
        .map_err(pbf_err)?;

    let mut builder = NetworkBuilder::new().tolerance_m(0.0);
    let mut hubs_added: HashSet<i64> = HashSet::new();
    let mut add_hub = |b: &mut NetworkBuilder, node: i64| {
        if hubs_added.insert(node) {
            let c = coords[&node];
            let mut hub = Hub::new(FeatureId::Int(node), HubKind::Other, c.x, c.y);
            hub.properties.insert("osm_node".into(), json!(node));
            b.add_hub_at(
                hub,
                SourceLocation::file(label.clone()).with_id(node.to_string()),
            );
        }
    };
    for w in &ways {
        let loc = SourceLocation::file(label.clone()).with_id(format!("way {}", w.id));
        // Runs of consecutive nodes that have coordinates.
        let mut runs: Vec<Vec<i64>> = vec![Vec::new()];
        for r in &w.refs {
            if coords.contains_key(r) {
                if let Some(run) = runs.last_mut() {
                    run.push(*r);
                }
            } else {
                builder.add_diagnostic(Diagnostic::warning(
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
                if !last && uses[&run[i]] < 2 {
                    continue;
                }
                let nodes = &run[start..=i];
                add_hub(&mut builder, nodes[0]);
                add_hub(&mut builder, nodes[nodes.len() - 1]);
                let mut line: Vec<Coord<f64>> = nodes.iter().map(|n| coords[n]).collect();
                let (mut from, mut to) = (nodes[0], nodes[nodes.len() - 1]);
                if w.oneway == Oneway::Backward {
                    line.reverse();
                    std::mem::swap(&mut from, &mut to);
                }
                let mut props = w.props.clone();
                props.insert("osm_way".into(), json!(w.id));
                builder.add_segment(SegmentSpec {
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
                });
                piece += 1;
                start = i;
            }
        }
    }
    Ok(builder)
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

fn parse_way(id: i64, refs: Vec<i64>, mode: Mode, tags: &HashMap<&str, &str>) -> OsmWay {
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
    for key in ["highway", "railway", "name", "ref", "maxspeed"] {
        if let Some(v) = tags.get(key) {
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
