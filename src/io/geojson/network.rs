//! Hubs and segments from GeoJSON (schema in [`crate::io::geojson`]).

use std::io::Read;
use std::path::Path;

use geo::{Coord, LineString};
use serde_json::Value;

use crate::error::{Diagnostic, ProblemKind, Result, SourceLocation};
use crate::io::{open, read_text};
use crate::network::{FeatureId, Hub, HubKind, Mode, NetworkBuilder, Properties, SegmentSpec};

/// Reads the hubs and segments of a GeoJSON file (schema in [`crate::io::geojson`]) into a new
/// builder, the same shape as [`read_osm_pbf`](crate::io::osm) for OpenStreetMap. Problems in
/// the content are recorded in the builder and reported by
/// [`build`](NetworkBuilder::build) with file, feature, id and reason; set the tolerance and
/// merge other sources before building.
///
/// ```
/// let (net, report) = corridors::io::geojson::read_network("data/mexico/hubs.geojson")?
///     .tolerance_m(1.0)
///     .build()?;
/// assert!(net.hub_count() >= 70);
/// assert_eq!(report.summary.segments, 0);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) naming the path when the file cannot be read (or is not
/// UTF-8). [`crate::io::load_network`] records that as a diagnostic instead, so that every
/// file's problems are listed together.
pub fn read_network(path: impl AsRef<Path>) -> Result<NetworkBuilder> {
    let (label, file) = open(path.as_ref())?;
    read_network_from(&label, file)
}

/// Reads the hubs and segments of GeoJSON text from any reader into a new builder; `label`
/// names the source in diagnostics. See [`read_network`].
///
/// ```
/// let text = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[-92.26,14.9]},"properties":{"id":"a"}},
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[-93.0,16.0]},"properties":{"id":"b"}},
///   {"type":"Feature","geometry":{"type":"LineString","coordinates":[[-92.26,14.9],[-93.0,16.0]]},
///    "properties":{"from":"a","to":"b"}}]}"#;
/// let (net, _) = corridors::io::geojson::read_network_from("mem.geojson", text.as_bytes())?.build()?;
/// assert_eq!((net.hub_count(), net.segment_count()), (2, 1));
/// let bad = corridors::io::geojson::read_network_from("bad.geojson", "{".as_bytes())?.build();
/// assert_eq!(bad.unwrap_err().diagnostics()[0].kind, corridors::ProblemKind::InvalidJson);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) naming `label` when the reader fails or the text is not
/// UTF-8.
pub fn read_network_from(label: &str, reader: impl Read) -> Result<NetworkBuilder> {
    let text = read_text(label, reader)?;
    let mut builder = NetworkBuilder::new();
    read_features(&mut builder, label, &text);
    Ok(builder)
}

/// Reads the features of one GeoJSON text into `builder`, recording every problem as a
/// diagnostic (nothing is dropped silently).
fn read_features(builder: &mut NetworkBuilder, label: &str, text: &str) {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            builder.add_diagnostic(Diagnostic::error(
                ProblemKind::InvalidJson,
                SourceLocation::line(label, e.line() as u64),
                format!("invalid JSON: {e}"),
            ));
            return;
        }
    };
    let features: Vec<&Value> = match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => match root.get("features").and_then(Value::as_array) {
            Some(a) => a.iter().collect(),
            None => {
                builder.add_diagnostic(Diagnostic::error(
                    ProblemKind::InvalidGeoJson,
                    SourceLocation::file(label),
                    "FeatureCollection has no `features` array",
                ));
                return;
            }
        },
        Some("Feature") => vec![&root],
        other => {
            builder.add_diagnostic(Diagnostic::error(
                ProblemKind::InvalidGeoJson,
                SourceLocation::file(label),
                format!(
                    "expected a GeoJSON FeatureCollection or Feature, found type {}",
                    other.map_or("(none)".to_string(), |t| format!("{t:?}"))
                ),
            ));
            return;
        }
    };
    for (i, f) in features.into_iter().enumerate() {
        let loc = SourceLocation::feature(label, i);
        if let Err(d) = read_feature(builder, f, loc) {
            builder.add_diagnostic(*d);
        }
    }
}

type FeatureResult = std::result::Result<(), Box<Diagnostic>>;

fn err(kind: ProblemKind, loc: &SourceLocation, msg: impl Into<String>) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(kind, loc.clone(), msg))
}

fn read_feature(builder: &mut NetworkBuilder, f: &Value, mut loc: SourceLocation) -> FeatureResult {
    if f.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(err(
            ProblemKind::InvalidGeoJson,
            &loc,
            "not a GeoJSON Feature",
        ));
    }
    let mut props: Properties = match f.get("properties") {
        None | Some(Value::Null) => Properties::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return Err(err(
                ProblemKind::InvalidGeoJson,
                &loc,
                "`properties` is not an object",
            ));
        }
    };
    let id = match props
        .remove("id")
        .filter(|v| !v.is_null())
        .or_else(|| f.get("id").cloned())
    {
        None | Some(Value::Null) => None,
        Some(v) => Some(FeatureId::from_json(&v).ok_or_else(|| {
            err(
                ProblemKind::InvalidProperty,
                &loc.clone().with_field("id"),
                format!("id must be a non-empty string or an integer, got {v}"),
            )
        })?),
    };
    if let Some(id) = &id {
        loc = loc.with_id(id.as_key());
    }
    let geometry = match f.get("geometry") {
        None | Some(Value::Null) => {
            return Err(err(
                ProblemKind::UnsupportedGeometry,
                &loc,
                "feature has no geometry",
            ));
        }
        Some(g) => g,
    };
    let gtype = geometry
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("(none)");
    let coords = geometry.get("coordinates");
    match gtype {
        "Point" => {
            let c = position(coords, &loc)?;
            let id = id.ok_or_else(|| {
                err(
                    ProblemKind::MissingId,
                    &loc,
                    "hub (Point feature) has no `id` property",
                )
            })?;
            let name = take_string(&mut props, "name", &loc)?.unwrap_or_else(|| id.to_string());
            let kind = match take_string(&mut props, "kind", &loc)? {
                None => HubKind::Other,
                Some(k) => k.parse::<HubKind>().map_err(|m| {
                    err(
                        ProblemKind::InvalidProperty,
                        &loc.clone().with_field("kind"),
                        m,
                    )
                })?,
            };
            let hub = Hub {
                id,
                name,
                kind,
                location: c.into(),
                properties: props,
            };
            builder.add_hub_at(hub, loc);
            Ok(())
        }
        "LineString" => {
            let line = line_string(coords, &loc)?;
            let spec = segment_spec(id, line, props, &loc)?;
            builder.add_segment(spec);
            Ok(())
        }
        "MultiLineString" => {
            let parts: Vec<LineString<f64>> = match coords.and_then(Value::as_array) {
                Some(a) => a
                    .iter()
                    .map(|p| line_string(Some(p), &loc))
                    .collect::<std::result::Result<_, _>>()?,
                None => {
                    return Err(err(
                        ProblemKind::InvalidGeoJson,
                        &loc,
                        "MultiLineString without coordinate array",
                    ));
                }
            };
            if parts.is_empty() {
                return Err(err(
                    ProblemKind::EmptyGeometry,
                    &loc,
                    "empty MultiLineString",
                ));
            }
            if let Some(merged) = join_parts(&parts) {
                let spec = segment_spec(id, merged, props, &loc)?;
                builder.add_segment(spec);
                return Ok(());
            }
            if props.get("from").is_some_and(|v| !v.is_null())
                || props.get("to").is_some_and(|v| !v.is_null())
            {
                return Err(err(
                    ProblemKind::MultiLineString,
                    &loc,
                    format!(
                        "MultiLineString with {} disjoint parts and `from`/`to` hubs: it is unclear which part ends at which hub; split it into LineString features",
                        parts.len()
                    ),
                ));
            }
            for (k, part) in parts.into_iter().enumerate() {
                let part_id = id.as_ref().map(|i| FeatureId::Str(format!("{i}/{k}")));
                let spec = segment_spec(part_id, part, props.clone(), &loc)?;
                builder.add_segment(spec);
            }
            Ok(())
        }
        other => Err(err(
            ProblemKind::UnsupportedGeometry,
            &loc,
            format!("geometry type {other} is not a hub (Point) or a segment (LineString)"),
        )),
    }
}

/// Joins parts that continue each other (end of one equals start of the next).
fn join_parts(parts: &[LineString<f64>]) -> Option<LineString<f64>> {
    let mut out: Vec<Coord<f64>> = parts[0].0.clone();
    for p in &parts[1..] {
        let last = *out.last()?;
        let first = *p.0.first()?;
        if (last.x - first.x).abs() > 1e-9 || (last.y - first.y).abs() > 1e-9 {
            return None;
        }
        out.extend_from_slice(&p.0[1..]);
    }
    Some(LineString::from(out))
}

fn segment_spec(
    id: Option<FeatureId>,
    line: LineString<f64>,
    mut props: Properties,
    loc: &SourceLocation,
) -> std::result::Result<SegmentSpec, Box<Diagnostic>> {
    let from = take_id(&mut props, "from", loc)?;
    let to = take_id(&mut props, "to", loc)?;
    let mode = match take_string(&mut props, "mode", loc)? {
        None => Mode::Road,
        Some(m) => m.parse::<Mode>().map_err(|msg| {
            err(
                ProblemKind::InvalidProperty,
                &loc.clone().with_field("mode"),
                msg,
            )
        })?,
    };
    let length_m = take_number(&mut props, "length_m", loc)?;
    let minutes = take_number(&mut props, "minutes", loc)?;
    let speed_kmh = take_number(&mut props, "speed_kmh", loc)?;
    let oneway = take_bool(&mut props, "oneway", loc)?.unwrap_or(false);
    Ok(SegmentSpec {
        id,
        from,
        to,
        mode,
        geometry: Some(line),
        length_m,
        minutes,
        speed_kmh,
        oneway,
        properties: props,
        location: loc.clone(),
    })
}

fn take_string(
    props: &mut Properties,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<String>, Box<Diagnostic>> {
    match props.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(err(
            ProblemKind::InvalidProperty,
            &loc.clone().with_field(key),
            format!("`{key}` must be a string, got {v}"),
        )),
    }
}

fn take_id(
    props: &mut Properties,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<FeatureId>, Box<Diagnostic>> {
    match props.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => FeatureId::from_json(&v).map(Some).ok_or_else(|| {
            err(
                ProblemKind::InvalidProperty,
                &loc.clone().with_field(key),
                format!("`{key}` must be a hub id (non-empty string or integer), got {v}"),
            )
        }),
    }
}

fn take_number(
    props: &mut Properties,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<f64>, Box<Diagnostic>> {
    match props.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(x) => Ok(Some(x)),
            Err(_) => Err(err(
                ProblemKind::InvalidNumber,
                &loc.clone().with_field(key),
                format!("`{key}` must be a number, got {s:?}"),
            )),
        },
        Some(v) => Err(err(
            ProblemKind::InvalidNumber,
            &loc.clone().with_field(key),
            format!("`{key}` must be a number, got {v}"),
        )),
    }
}

fn take_bool(
    props: &mut Properties,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<bool>, Box<Diagnostic>> {
    match props.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(Value::Number(n)) if n.as_i64() == Some(0) => Ok(Some(false)),
        Some(Value::Number(n)) if n.as_i64() == Some(1) => Ok(Some(true)),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" => Ok(Some(true)),
            "no" | "false" | "0" => Ok(Some(false)),
            _ => Err(err(
                ProblemKind::InvalidProperty,
                &loc.clone().with_field(key),
                format!("`{key}` must be true or false, got {s:?}"),
            )),
        },
        Some(v) => Err(err(
            ProblemKind::InvalidProperty,
            &loc.clone().with_field(key),
            format!("`{key}` must be true or false, got {v}"),
        )),
    }
}

fn position(
    v: Option<&Value>,
    loc: &SourceLocation,
) -> std::result::Result<Coord<f64>, Box<Diagnostic>> {
    let bad = |why: &str| {
        err(
            ProblemKind::InvalidGeoJson,
            loc,
            format!("invalid position: {why}"),
        )
    };
    let a = v
        .and_then(Value::as_array)
        .ok_or_else(|| bad("not an array of numbers"))?;
    if a.len() < 2 {
        return Err(if a.is_empty() {
            err(ProblemKind::EmptyGeometry, loc, "empty Point coordinates")
        } else {
            bad("needs at least [lon, lat]")
        });
    }
    let x = a[0]
        .as_f64()
        .ok_or_else(|| bad(&format!("longitude {} is not a number", a[0])))?;
    let y = a[1]
        .as_f64()
        .ok_or_else(|| bad(&format!("latitude {} is not a number", a[1])))?;
    Ok(Coord { x, y })
}

fn line_string(
    v: Option<&Value>,
    loc: &SourceLocation,
) -> std::result::Result<LineString<f64>, Box<Diagnostic>> {
    let a = v.and_then(Value::as_array).ok_or_else(|| {
        err(
            ProblemKind::InvalidGeoJson,
            loc,
            "LineString coordinates are not an array",
        )
    })?;
    let coords = a
        .iter()
        .map(|p| position(Some(p), loc))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(LineString::from(coords))
}
