//! Case points from GeoJSON.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use geo::Point;
use serde_json::Value;

use crate::cases::CaseRecord;
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::csv::{looks_personal, normalise_name, parse_count};
use crate::io::dates::DateEvidence;
use crate::io::dialect::TextEncoding;
use crate::io::{ReadOptions, ReadReport, open, read_all};

/// Reads case points from a GeoJSON file: a FeatureCollection of Point features.
///
/// Properties `id` (or the feature id), `date`, `count` (or `victims`) and `route` are read;
/// other properties are kept unless they look like personal data. Features that are not
/// Points, or whose coordinates are invalid, are reported (feature index, reason).
///
/// ```
/// use corridors::io::ReadOptions;
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("cases.geojson");
/// # std::fs::write(&path, r#"{"type":"FeatureCollection","features":[
/// #   {"type":"Feature","geometry":{"type":"Point","coordinates":[-92.26,14.9]},"properties":{"id":"a","count":2}}]}"#).unwrap();
/// let r = corridors::io::geojson::read_cases(&path, &ReadOptions::default())?;
/// assert_eq!(r.records[0].count, Some(2));
/// assert!(corridors::io::geojson::read_cases("no/such/file.geojson", &ReadOptions::default()).is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`]; [`Error::Invalid`] if the text is not a FeatureCollection, or
/// (strict mode) any feature error.
pub fn read_cases(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadReport<CaseRecord>> {
    let (label, file) = open(path.as_ref())?;
    read_cases_from(&label, file, opts)
}

/// Reads case points from GeoJSON text in any reader; `label` names the source in
/// diagnostics. See [`read_cases`].
///
/// ```
/// use corridors::io::ReadOptions;
/// use corridors::io::geojson::read_cases_from;
/// let text = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","geometry":{"type":"Point","coordinates":[-92.26,14.9]},"properties":{"id":"a","email":"x@y"}},
///   {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{}}]}"#;
/// let r = read_cases_from("mem.geojson", text.as_bytes(), &ReadOptions::default())?;
/// assert_eq!(r.records.len(), 1);
/// assert_eq!(r.errors[0].location.feature, Some(1));
/// assert_eq!(r.dropped_columns, ["email"]);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_cases`]; [`Error::Io`] naming `label` when the reader fails.
pub fn read_cases_from(
    label: &str,
    reader: impl Read,
    opts: &ReadOptions,
) -> Result<ReadReport<CaseRecord>> {
    let bytes = read_all(label, reader)?;
    // RFC 7946 asks for UTF-8, but files saved by desktop tools may carry a BOM, be
    // UTF-16 or Windows-1252: decoded by the same rule as case CSVs, and said so.
    let decoded = crate::io::dialect::decode(&bytes, opts.dialect.encoding);
    let mut file_notes = Vec::new();
    let utf8 = matches!(decoded.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom);
    if !utf8 || decoded.replaced {
        file_notes.push(Diagnostic::warning(
            ProblemKind::InvalidJson,
            SourceLocation::file(label),
            format!(
                "read as {}{} (GeoJSON should be UTF-8)",
                decoded.encoding,
                if decoded.replaced {
                    "; some bytes could not be decoded and were replaced by U+FFFD"
                } else {
                    ""
                }
            ),
        ));
    }
    let text = decoded.text.as_ref();
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let mut loc = SourceLocation::file(label);
        loc.line = Some(e.line() as u64);
        Error::Invalid(vec![Diagnostic::error(
            ProblemKind::InvalidJson,
            loc,
            e.to_string(),
        )])
    })?;
    let Some(features) = root.get("features").and_then(Value::as_array) else {
        return Err(Error::Invalid(vec![Diagnostic::error(
            ProblemKind::InvalidGeoJson,
            SourceLocation::file(label),
            "not a FeatureCollection (no \"features\" array)",
        )]));
    };
    read_case_features(label, features, Vec::new(), file_notes, opts)
}

/// Case records from the features of a collection (the GeoJSON case reader after
/// parsing; also the GeoParquet case reader's). `rejected` are rows already rejected by the
/// caller, at their feature index (their entries in `features` are skipped); `file_notes`
/// are file-level warnings.
pub(crate) fn read_case_features(
    label: &str,
    features: &[Value],
    rejected: Vec<Diagnostic>,
    file_notes: Vec<Diagnostic>,
    opts: &ReadOptions,
) -> Result<ReadReport<CaseRecord>> {
    let keep: Vec<String> = opts
        .keep_columns
        .iter()
        .map(|k| normalise_name(k))
        .collect();
    let mut dropped: Vec<String> = Vec::new();
    let skipped: std::collections::BTreeSet<usize> =
        rejected.iter().filter_map(|d| d.location.feature).collect();
    let mut errors = rejected;
    let mut warnings = file_notes;
    let mut records = Vec::new();
    let text_of = |v: &Value| match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    let date_of = |f: &Value| {
        f.get("properties")
            .and_then(|p| p.get("date"))
            .filter(|v| !v.is_null())
            .map(text_of)
    };
    // the day-month order of the `date` property, decided once for the file
    let has_dates = features.iter().any(|f| date_of(f).is_some());
    let date_rule = has_dates.then(|| {
        let mut ev = DateEvidence::default();
        for (i, f) in features.iter().enumerate() {
            if let Some(s) = date_of(f) {
                ev.observe(i as u64, &s);
            }
        }
        ev.rule(opts.date_format)
    });
    let label: std::sync::Arc<str> = label.into();
    for (i, f) in features.iter().enumerate() {
        if skipped.contains(&i) {
            continue;
        }
        let loc = || SourceLocation::feature(label.clone(), i);
        let geom = f.get("geometry");
        let coords = match geom {
            Some(g) if g.get("type").and_then(Value::as_str) == Some("Point") => {
                g.get("coordinates").and_then(Value::as_array)
            }
            Some(Value::Null) | None => {
                errors.push(Diagnostic::error(
                    ProblemKind::UnsupportedGeometry,
                    loc(),
                    "feature has no geometry",
                ));
                continue;
            }
            Some(g) => {
                let ty = g.get("type").and_then(Value::as_str).unwrap_or("?");
                errors.push(Diagnostic::error(
                    ProblemKind::UnsupportedGeometry,
                    loc(),
                    format!("geometry {ty} is not a Point"),
                ));
                continue;
            }
        };
        let xy = coords.and_then(|c| Some((c.first()?.as_f64()?, c.get(1)?.as_f64()?)));
        let Some((lon, lat)) = xy else {
            errors.push(Diagnostic::error(
                ProblemKind::InvalidGeoJson,
                loc(),
                "Point coordinates are not two numbers",
            ));
            continue;
        };
        if lon.abs() > 180.0 || lat.abs() > 90.0 {
            errors.push(Diagnostic::error(
                ProblemKind::CoordinateOutOfRange,
                loc(),
                format!("coordinate [{lon}, {lat}] out of range (GeoJSON order is [lon, lat])"),
            ));
            continue;
        }
        let props = f.get("properties").and_then(Value::as_object);
        let prop = |k: &str| props.and_then(|p| p.get(k)).filter(|v| !v.is_null());
        let as_text = text_of;
        let id = prop("id")
            .or_else(|| f.get("id").filter(|v| !v.is_null()))
            .map(as_text);
        // From here on a problem leaves the field empty and the case is kept.
        let mut warn = |field: &str, kind: ProblemKind, msg: String| {
            let mut l = loc().with_field(field);
            l.id = id.clone();
            warnings.push(Diagnostic::warning(kind, l, msg));
        };
        let date = match (prop("date").map(as_text), &date_rule) {
            (Some(s), Some(rule)) => match rule.parse(&s) {
                // a month or a year is kept as that period, not made into a fake day
                Ok(p) => p,
                Err(e) => {
                    warn("date", ProblemKind::InvalidProperty, e);
                    None
                }
            },
            _ => None,
        };
        let count = match prop("count").or_else(|| prop("victims")).map(as_text) {
            None => None,
            Some(s) => parse_count(&s).unwrap_or_else(|e| {
                warn("count", ProblemKind::InvalidNumber, e);
                None
            }),
        };
        let mut properties = BTreeMap::new();
        if let Some(p) = props {
            for (k, v) in p {
                if matches!(k.as_str(), "id" | "date" | "count" | "victims" | "route")
                    || v.is_null()
                {
                    continue;
                }
                let n = normalise_name(k);
                if looks_personal(&n, None) && !keep.contains(&n) {
                    if !dropped.contains(k) {
                        dropped.push(k.clone());
                    }
                    continue;
                }
                properties.insert(k.clone(), as_text(v));
            }
        }
        records.push(CaseRecord {
            id,
            line: i as u64,
            location: Point::new(lon, lat),
            date,
            count,
            route: prop("route").map(as_text),
            properties,
        });
    }
    ReadReport {
        records,
        errors,
        warnings,
        dropped_columns: dropped,
        rows: features.len(),
        dialect: None,
        date_order: date_rule.map(|r| r.decision().clone()),
    }
    .finish(opts)
}
