//! Hubs and segments from GeoJSON (schema in [`crate::io::geojson`]).

use std::io::Read;
use std::path::Path;

use geo::{Coord, LineString};
use serde_json::Value;

use crate::error::{Diagnostic, ProblemKind, Result, SourceLocation};
use crate::io::{open, read_text};
use crate::network::{FeatureId, Hub, HubKind, Mode, NetworkBuilder, Properties, SegmentSpec};
use crate::progress::{NoProgress, Progress, ProgressReader, Unit};

/// Which free properties of hubs and segments a reader keeps (in [`Hub::properties`] and
/// [`Segment::properties`](crate::Segment::properties)).
///
/// The properties the reader interprets itself (`id`, `name`, `kind`, `from`, `to`, `mode`,
/// `length_m`, `minutes`, `speed_kmh`, `oneway`) are always read and checked; this only
/// decides what else is kept. Values that are not kept are skipped without being built,
/// which saves most of the memory of a large network whose features carry styling or
/// descriptions.
///
/// ```
/// use corridors::io::geojson::KeepProperties;
/// assert!(KeepProperties::All.keeps("country"));
/// assert!(!KeepProperties::None.keeps("country"));
/// let listed = KeepProperties::listed(["country", "geonameid"]);
/// assert!(listed.keeps("geonameid") && !listed.keeps("stroke"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum KeepProperties {
    /// Every property (the default, and what [`read_network`] does).
    #[default]
    All,
    /// No free property.
    None,
    /// Only these keys.
    Listed(Vec<String>),
}

impl KeepProperties {
    /// Only the given keys.
    pub fn listed<S: Into<String>>(keys: impl IntoIterator<Item = S>) -> Self {
        KeepProperties::Listed(keys.into_iter().map(Into::into).collect())
    }

    /// Whether the free property `key` is kept.
    pub fn keeps(&self, key: &str) -> bool {
        match self {
            KeepProperties::All => true,
            KeepProperties::None => false,
            KeepProperties::Listed(keys) => keys.iter().any(|k| k == key),
        }
    }
}

/// How [`read_network_with`] and [`crate::io::load_network_with`] read network GeoJSON.
///
/// ```
/// use corridors::io::geojson::{KeepProperties, NetworkReadOptions};
/// let opts = NetworkReadOptions::default().keep_properties(KeepProperties::None);
/// assert_eq!(opts.properties, KeepProperties::None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkReadOptions {
    /// The free properties kept (default: all).
    pub properties: KeepProperties,
}

impl NetworkReadOptions {
    /// Sets which free properties are kept.
    pub fn keep_properties(mut self, properties: KeepProperties) -> Self {
        self.properties = properties;
        self
    }
}

/// Reads the hubs and segments of a GeoJSON file (schema in [`crate::io::geojson`]) into a new
/// builder, the same shape as [`read_osm_pbf`](crate::io::osm) for OpenStreetMap. Problems in
/// the content are recorded in the builder and reported by
/// [`build`](NetworkBuilder::build) with file, feature, id and reason; set the tolerance and
/// merge other sources before building. Every free property is kept; see
/// [`read_network_with`] to keep fewer.
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
    read_network_with(path, &NetworkReadOptions::default())
}

/// [`read_network`] with options: which free properties to keep.
///
/// The FeatureCollection is read feature by feature with serde visitors (no JSON document
/// is built): each feature becomes a hub or segment as it is parsed, and the properties
/// that are not kept are skipped.
///
/// ```
/// use corridors::io::geojson::{KeepProperties, NetworkReadOptions, read_network_with};
/// let opts = NetworkReadOptions::default().keep_properties(KeepProperties::listed(["country"]));
/// let (net, _) = read_network_with("data/mexico/hubs.geojson", &opts)?.build()?;
/// assert!(net.hubs().all(|h| h.properties.keys().all(|k| k == "country")));
/// assert!(net.hubs().any(|h| h.country().is_some()));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_network`].
pub fn read_network_with(
    path: impl AsRef<Path>,
    opts: &NetworkReadOptions,
) -> Result<NetworkBuilder> {
    read_network_with_progress(path, opts, &NoProgress)
}

/// [`read_network_with`] reporting its two phases to `progress`: `reading FILE` (the bytes
/// read from the file) and `parsing FILE` (the bytes parsed), both in [`Unit::Bytes`] with
/// the file's size as total, each ended with [`Progress::finish`]. Reports come once per
/// 64 KiB or so; the builder is the one [`read_network_with`] returns.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use corridors::io::geojson::read_network_with_progress;
/// use corridors::progress::Progress;
/// struct Bytes(AtomicU64);
/// impl Progress for Bytes {
///     fn inc(&self, n: u64) {
///         self.0.fetch_add(n, Ordering::Relaxed);
///     }
/// }
/// let bytes = Bytes(AtomicU64::new(0));
/// let path = "data/mexico/segments.geojson";
/// let b = read_network_with_progress(path, &Default::default(), &bytes)?;
/// // read once, parsed once
/// let size = std::fs::metadata(path).unwrap().len();
/// assert_eq!(bytes.0.load(Ordering::Relaxed), 2 * size);
/// assert!(b.diagnostics().is_empty());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_network`].
pub fn read_network_with_progress(
    path: impl AsRef<Path>,
    opts: &NetworkReadOptions,
    progress: &dyn Progress,
) -> Result<NetworkBuilder> {
    let (label, file) = open(path.as_ref())?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > READ_WHOLE_UP_TO {
        return read_file_buffered(&label, path.as_ref(), file, size, opts, progress);
    }
    let text = {
        let reader = ProgressReader::new(file, progress, &format!("reading {label}"), Some(size));
        read_text_sized(&label, reader, size)
    };
    progress.finish();
    let text = text?;
    progress.phase(
        &format!("parsing {label}"),
        Some(text.len() as u64),
        Unit::Bytes,
    );
    let builder = read_text_into_builder(&label, &text, opts, progress);
    progress.finish();
    Ok(builder)
}

/// Files up to this size (256 MiB) are read into memory whole and parsed from the text,
/// which is fastest; larger ones are parsed from a 1 MiB buffer, so that reading a
/// country-scale network (a 1.4 GB file for 10⁶ hubs) does not hold its text. Both give the
/// same builder (only the column named in a few JSON syntax errors can be one further on).
pub(crate) const READ_WHOLE_UP_TO: u64 = 256 << 20;

/// Parses an open file through a buffer (see [`READ_WHOLE_UP_TO`]). A root that is not a
/// FeatureCollection, or a feature the streaming reader hands to the reference reader,
/// reads the file again as a whole text (small or unusual files only).
pub(crate) fn read_file_buffered(
    label: &str,
    path: &Path,
    file: std::fs::File,
    size: u64,
    opts: &NetworkReadOptions,
    progress: &dyn Progress,
) -> Result<NetworkBuilder> {
    let mut builder = NetworkBuilder::new();
    let keep = &opts.properties;
    // one phase: the file is read as it is parsed
    let reader = ProgressReader::new(file, progress, &format!("parsing {label}"), Some(size));
    let de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 20, reader));
    let outcome = super::network_stream::stream_from(&mut builder, label, de, keep, None, progress);
    progress.finish();
    match outcome {
        Ok(super::network_stream::Outcome::Collection) => Ok(builder),
        Ok(super::network_stream::Outcome::Other(root)) => {
            let mut builder = NetworkBuilder::new();
            read_root(&mut builder, label, &root);
            builder.retain_properties(|k| keep.keeps(k));
            Ok(builder)
        }
        Ok(super::network_stream::Outcome::Irregular) => {
            let (_, file) = open(path)?;
            let text = read_text_sized(label, file, size)?;
            Ok(read_text_into_builder(label, &text, opts, &NoProgress))
        }
        Err(e) if e.is_io() => Err(crate::Error::io(label, std::io::Error::from(e))),
        Err(e) => {
            let mut builder = NetworkBuilder::new();
            builder.add_diagnostic(invalid_json(label, &e));
            Ok(builder)
        }
    }
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
    read_network_from_with(label, reader, &NetworkReadOptions::default())
}

/// [`read_network_from`] with options (see [`read_network_with`]).
///
/// ```
/// use corridors::io::geojson::{KeepProperties, NetworkReadOptions, read_network_from_with};
/// let text = r##"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[-92.26,14.9]},
///    "properties":{"id":"a","country":"MX","stroke":"#000"}}]}"##;
/// let opts = NetworkReadOptions::default().keep_properties(KeepProperties::listed(["country"]));
/// let (net, _) = read_network_from_with("mem.geojson", text.as_bytes(), &opts)?.build()?;
/// assert_eq!(net.hub(0).properties.len(), 1);
/// assert_eq!(net.hub(0).country().as_deref(), Some("MX"));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_network_from`].
pub fn read_network_from_with(
    label: &str,
    reader: impl Read,
    opts: &NetworkReadOptions,
) -> Result<NetworkBuilder> {
    let text = read_text(label, reader)?;
    Ok(read_text_into_builder(label, &text, opts, &NoProgress))
}

/// Reads all of `reader` as UTF-8, reserving `size` bytes first (the file's length).
fn read_text_sized(label: &str, mut reader: impl Read, size: u64) -> Result<String> {
    let mut text = String::new();
    text.try_reserve_exact(usize::try_from(size).unwrap_or(0).saturating_add(1))
        .map_err(|e| crate::Error::io(label, std::io::Error::other(e.to_string())))?;
    reader
        .read_to_string(&mut text)
        .map_err(|e| crate::Error::io(label, e))?;
    Ok(text)
}

/// The streaming reader, with the document reader for what it does not describe itself;
/// `progress` receives the bytes of `text` parsed (all of them, whatever the outcome).
fn read_text_into_builder(
    label: &str,
    text: &str,
    opts: &NetworkReadOptions,
    progress: &dyn Progress,
) -> NetworkBuilder {
    let mut builder = NetworkBuilder::new();
    let keep = &opts.properties;
    match super::network_stream::stream(&mut builder, label, text, keep, progress) {
        Ok(super::network_stream::Outcome::Collection) => {}
        Ok(super::network_stream::Outcome::Other(root)) => {
            builder = NetworkBuilder::new();
            read_root(&mut builder, label, &root);
            builder.retain_properties(|k| keep.keeps(k));
        }
        Ok(super::network_stream::Outcome::Irregular) => {
            builder = NetworkBuilder::new();
            read_features(&mut builder, label, text);
            builder.retain_properties(|k| keep.keeps(k));
        }
        Err(e) => {
            builder = NetworkBuilder::new();
            builder.add_diagnostic(invalid_json(label, &e));
        }
    }
    builder
}

fn invalid_json(label: &str, e: &serde_json::Error) -> Diagnostic {
    Diagnostic::error(
        ProblemKind::InvalidJson,
        SourceLocation::line(label, e.line() as u64),
        format!("invalid JSON: {e}"),
    )
}

/// Reads the features of one GeoJSON text into `builder` through a `serde_json::Value`
/// document, recording every problem as a diagnostic (nothing is dropped silently). The
/// reference for the streaming reader, and its fallback for irregular geometries.
pub(super) fn read_features(builder: &mut NetworkBuilder, label: &str, text: &str) {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            builder.add_diagnostic(invalid_json(label, &e));
            return;
        }
    };
    read_root(builder, label, &root);
}

/// The features of a parsed document.
fn read_root(builder: &mut NetworkBuilder, label: &str, root: &Value) {
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
        Some("Feature") => vec![root],
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
    let label: std::sync::Arc<str> = label.into();
    for (i, f) in features.into_iter().enumerate() {
        let loc = SourceLocation::feature(label.clone(), i);
        if let Err(d) = read_feature(builder, f, loc) {
            builder.add_diagnostic(*d);
        }
    }
}

pub(crate) type FeatureResult = std::result::Result<(), Box<Diagnostic>>;

pub(super) fn err(
    kind: ProblemKind,
    loc: &SourceLocation,
    msg: impl Into<String>,
) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(kind, loc.clone(), msg))
}

/// A feature's id (the `id` property, else the Feature's `id` member): `null` or absent is
/// none; otherwise a non-empty string or an integer (both readers share this rule).
pub(super) fn feature_id(
    v: Option<Value>,
    loc: &SourceLocation,
) -> std::result::Result<Option<FeatureId>, Box<Diagnostic>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => FeatureId::from_json(&v).map(Some).ok_or_else(|| {
            err(
                ProblemKind::InvalidProperty,
                &loc.clone().with_field("id"),
                format!("id must be a non-empty string or an integer, got {v}"),
            )
        }),
    }
}

pub(crate) fn read_feature(
    builder: &mut NetworkBuilder,
    f: &Value,
    mut loc: SourceLocation,
) -> FeatureResult {
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
    let id = feature_id(
        props
            .remove("id")
            .filter(|v| !v.is_null())
            .or_else(|| f.get("id").cloned()),
        &loc,
    )?;
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
pub(super) fn join_parts(parts: &[LineString<f64>]) -> Option<LineString<f64>> {
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

pub(super) fn segment_spec(
    id: Option<FeatureId>,
    line: LineString<f64>,
    mut props: Properties,
    loc: &SourceLocation,
) -> std::result::Result<SegmentSpec, Box<Diagnostic>> {
    let values = SegmentValues {
        from: props.remove("from"),
        to: props.remove("to"),
        mode: props.remove("mode"),
        length_m: props.remove("length_m"),
        minutes: props.remove("minutes"),
        speed_kmh: props.remove("speed_kmh"),
        oneway: props.remove("oneway"),
    };
    segment_spec_of(id, line, values, props, loc)
}

/// The properties a segment reader interprets, as read (`None`: absent).
#[derive(Clone, Debug, Default)]
pub(super) struct SegmentValues {
    pub from: Option<Value>,
    pub to: Option<Value>,
    pub mode: Option<Value>,
    pub length_m: Option<Value>,
    pub minutes: Option<Value>,
    pub speed_kmh: Option<Value>,
    pub oneway: Option<Value>,
}

/// [`segment_spec`] with the interpreted properties apart from the free ones (checked in
/// the same order).
pub(super) fn segment_spec_of(
    id: Option<FeatureId>,
    line: LineString<f64>,
    v: SegmentValues,
    props: Properties,
    loc: &SourceLocation,
) -> std::result::Result<SegmentSpec, Box<Diagnostic>> {
    let from = value_id(v.from, "from", loc)?;
    let to = value_id(v.to, "to", loc)?;
    let mode = match value_string(v.mode, "mode", loc)? {
        None => Mode::Road,
        Some(m) => m.parse::<Mode>().map_err(|msg| {
            err(
                ProblemKind::InvalidProperty,
                &loc.clone().with_field("mode"),
                msg,
            )
        })?,
    };
    let length_m = value_number(v.length_m, "length_m", loc)?;
    let minutes = value_number(v.minutes, "minutes", loc)?;
    let speed_kmh = value_number(v.speed_kmh, "speed_kmh", loc)?;
    let oneway = value_bool(v.oneway, "oneway", loc)?.unwrap_or(false);
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

pub(super) fn take_string(
    props: &mut Properties,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<String>, Box<Diagnostic>> {
    value_string(props.remove(key), key, loc)
}

/// As [`take_string`], on the value itself (`None`: absent).
pub(super) fn value_string(
    value: Option<Value>,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<String>, Box<Diagnostic>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(err(
            ProblemKind::InvalidProperty,
            &loc.clone().with_field(key),
            format!("`{key}` must be a string, got {v}"),
        )),
    }
}

/// An id property (`None`: absent) (`None`: absent).
pub(super) fn value_id(
    value: Option<Value>,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<FeatureId>, Box<Diagnostic>> {
    match value {
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

/// A number property (`None`: absent) (`None`: absent).
pub(super) fn value_number(
    value: Option<Value>,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<f64>, Box<Diagnostic>> {
    match value {
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

/// A boolean property (`None`: absent) (`None`: absent).
pub(super) fn value_bool(
    value: Option<Value>,
    key: &str,
    loc: &SourceLocation,
) -> std::result::Result<Option<bool>, Box<Diagnostic>> {
    match value {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The document reader with the properties filtered afterwards: what the streaming
    /// reader must give.
    fn reference(text: &str, keep: &KeepProperties) -> String {
        let mut b = NetworkBuilder::new();
        read_features(&mut b, "t.geojson", text);
        b.retain_properties(|k| keep.keeps(k));
        format!("{b:?}")
    }

    fn streamed(text: &str, keep: &KeepProperties) -> String {
        let opts = NetworkReadOptions::default().keep_properties(keep.clone());
        format!(
            "{:?}",
            read_text_into_builder("t.geojson", text, &opts, &NoProgress)
        )
    }

    /// The buffered parse of large files (see [`READ_WHOLE_UP_TO`]), on `text` written to a
    /// file.
    fn buffered(text: &str, keep: &KeepProperties) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.geojson");
        std::fs::write(&path, text).unwrap();
        let opts = NetworkReadOptions::default().keep_properties(keep.clone());
        let file = std::fs::File::open(&path).unwrap();
        let size = text.len() as u64;
        format!(
            "{:?}",
            read_file_buffered("t.geojson", &path, file, size, &opts, &NoProgress).unwrap()
        )
    }

    /// `s` with every "column N" as "column _".
    fn without_columns(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("column ") {
            out.push_str(&rest[..i + 7]);
            rest = rest[i + 7..].trim_start_matches(|c: char| c.is_ascii_digit());
            out.push('_');
        }
        out.push_str(rest);
        out
    }

    fn same(text: &str) {
        for keep in [
            KeepProperties::All,
            KeepProperties::None,
            KeepProperties::listed(["country", "mode", "name"]),
        ] {
            let want = reference(text, &keep);
            assert_eq!(streamed(text, &keep), want, "{keep:?} on {text}");
            // serde_json's reader counts the column of some syntax errors (a number out of
            // range) one character further on than its text parser; nothing else differs
            assert_eq!(
                without_columns(&buffered(text, &keep)),
                without_columns(&want),
                "buffered, {keep:?} on {text}"
            );
        }
    }

    #[test]
    fn streaming_matches_the_document_reader_on_edge_cases() {
        let cases = [
            "",
            "{",
            "[]",
            "[1, {\"a\": 2}]",
            "null",
            "5",
            "{}",
            r#"{"type": 5}"#,
            r#"{"type": "Foo"}"#,
            r#"{"type": "FeatureCollection"}"#,
            r#"{"type": "FeatureCollection", "features": {"a": 1}}"#,
            r#"{"type": "FeatureCollection", "features": 3}"#,
            r#"{"features": [], "type": "FeatureCollection"}"#,
            r#"{"type": "FeatureCollection", "features": [1, "x", null, [], {}]} "#,
            r#"{"type": "FeatureCollection", "features": []} x"#,
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature"}], "features": 1}"#,
            r#"{"type": "FeatureCollection", "features": 1, "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "id": 7}]}"#,
            r#"{"features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "id": 7}], "type": "Feature", "geometry": {"coordinates": [3, 4], "type": "Point"}, "properties": {"id": "root", "stroke": 1}}"#,
            r#"{"type": "Feature", "geometry": null, "properties": {"id": "x"}}"#,
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1e400, 2], [3, 4]]}}]}"#,
            r#"{"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": 5},
                {"type": "Feature", "properties": [1], "geometry": null},
                {"type": "Feature", "properties": null, "geometry": {"type": "Point", "coordinates": [1, 2]}},
                {"type": "Feature", "properties": {"id": ""}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
                {"type": "Feature", "properties": {"id": 1.5}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
                {"type": "Feature", "properties": {"id": null}, "id": "f", "geometry": {"type": "Point", "coordinates": [1, 2, 3]}},
                {"type": "Feature", "id": null, "geometry": {"type": "Point", "coordinates": [1, 2, "alt", null, [1]]}},
                {"type": "Feature", "properties": {"id": "p", "name": 3}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
                {"type": "Feature", "properties": {"id": "q", "kind": "nope"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
                {"type": "Feature", "properties": {"id": "r", "kind": "Tourist Center", "mode": "rail", "from": 1, "x": {"y": [1]}}, "geometry": {"coordinates": [-92.1, 15.2], "type": "Point", "bbox": [1]}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Point"}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Point", "coordinates": []}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Point", "coordinates": [1]}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Point", "coordinates": 5}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Point", "coordinates": ["a", 2]}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Point", "coordinates": [1, "b"]}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Point", "coordinates": [[1, 2], [3, 4]]}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": 7, "coordinates": [1, 2]}},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": "Point"},
                {"type": "Feature", "properties": {"id": "s"}, "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [1, 2]]]}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {"from": "a", "to": 2, "mode": "Rail", "length_m": "12.5", "minutes": 3, "speed_kmh": null, "oneway": "yes", "stroke": "white", "country": "MX"}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2]]}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [1, 2]}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": 1}},
                {"type": "Feature", "geometry": {"type": "LineString"}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], []]}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3]]}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[[1, 2], [3, 4]]]}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {"oneway": 2}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {"length_m": "x"}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {"mode": "boat"}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {"from": ""}},
                {"type": "Feature", "id": "m", "geometry": {"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], [[3, 4], [5, 6]]]}},
                {"type": "Feature", "id": "m", "geometry": {"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], [[7, 4], [5, 6]]]}},
                {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], [[7, 4], [5, 6]]]}, "properties": {"from": "a"}},
                {"type": "Feature", "id": 3, "geometry": {"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], []]}},
                {"type": "Feature", "id": 3, "geometry": {"type": "MultiLineString", "coordinates": [[], [[1, 2], [3, 4]]]}},
                {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": []}},
                {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": [1, 2]}},
                {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": [[1, 2], [3, 4]]}},
                {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": 4}},
                {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]]]}, "properties": {"length_m": -1}},
                {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {"\u0073troke": "\ud83d\ude00", "id": "e\u0301"}}
            ]}"#,
        ];
        for text in cases {
            same(text);
        }
    }

    #[test]
    fn streaming_matches_the_document_reader_on_the_fuzz_corpus_and_data() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "fuzz/corpus/network_geojson",
            "fuzz/seeds/network_geojson",
            "tests/fixtures/network",
            "data/mexico",
        ] {
            if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
                files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            }
        }
        files.sort();
        let mut checked = 0;
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue; // not UTF-8: an I/O error before any parsing
            };
            same(&text);
            checked += 1;
        }
        assert!(checked > 20, "{checked} files");
    }
}
