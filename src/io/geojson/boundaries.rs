//! Country outlines from a GeoJSON FeatureCollection of (Multi)Polygons, e.g. the Natural
//! Earth outlines in `data/boundaries/countries_50m.geojson`.

use std::io::Read;
use std::path::Path;

use geo::MultiPolygon;
use serde_json::Value;

use crate::boundaries::{Boundaries, Country};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};

/// Reads country outlines from a GeoJSON file.
///
/// # Arguments
/// * `path`: a FeatureCollection of Polygon and MultiPolygon features.
///
/// # Returns
/// The outlines in file order, named by the `name`, `NAME`, `ADMIN` or `iso_a2` property.
///
/// # Example
/// ```
/// let b = corridors::io::geojson::read_boundaries("data/boundaries/countries_50m.geojson")?;
/// assert!(b.countries.iter().any(|c| c.name == "Mexico"));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; otherwise as [`read_boundaries_from`].
pub fn read_boundaries(path: impl AsRef<Path>) -> Result<Boundaries> {
    let (label, file) = crate::io::open(path.as_ref())?;
    read_boundaries_from(&label, file)
}

/// Reads country outlines from any reader; `label` names the input in messages.
///
/// # Example
/// ```
/// let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
///   "properties": {"name": "Square"}, "geometry": {"type": "Polygon",
///   "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}]}"#;
/// let b = corridors::io::geojson::read_boundaries_from("inline", text.as_bytes())?;
/// assert_eq!(b.countries[0].name, "Square");
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the reader fails; [`Error::Invalid`] naming the input and feature for
/// invalid JSON, a non-FeatureCollection, or a feature that is not a (Multi)Polygon.
pub fn read_boundaries_from(label: &str, reader: impl Read) -> Result<Boundaries> {
    let text = crate::io::read_text(label, reader)?;
    let invalid = |kind, loc: SourceLocation, msg: String| {
        Error::Invalid(vec![Diagnostic::error(kind, loc, msg)])
    };
    let gj: geojson::GeoJson = text.parse().map_err(|e: geojson::Error| {
        invalid(
            ProblemKind::InvalidGeoJson,
            SourceLocation::file(label),
            format!("not valid GeoJSON: {e}"),
        )
    })?;
    let fc = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc,
        _ => {
            return Err(invalid(
                ProblemKind::InvalidGeoJson,
                SourceLocation::file(label),
                "expected a FeatureCollection of country outlines".into(),
            ));
        }
    };
    let mut countries = Vec::with_capacity(fc.features.len());
    for (i, f) in fc.features.into_iter().enumerate() {
        let loc = SourceLocation::feature(label, i);
        let props = f.properties.unwrap_or_default();
        let name = ["name", "NAME", "ADMIN", "iso_a2"]
            .iter()
            .find_map(|k| props.get(*k).and_then(Value::as_str))
            .map_or_else(|| format!("country {i}"), str::to_string);
        let Some(g) = f.geometry else {
            return Err(invalid(
                ProblemKind::UnsupportedGeometry,
                loc,
                "null geometry; expected a Polygon or MultiPolygon".into(),
            ));
        };
        if !positions_ok(&g.value) {
            return Err(invalid(
                ProblemKind::InvalidGeoJson,
                loc,
                "invalid position: needs at least [lon, lat]".into(),
            ));
        }
        let shape = match geo::Geometry::<f64>::try_from(g) {
            Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
            Ok(geo::Geometry::MultiPolygon(m)) => m,
            Ok(other) => {
                return Err(invalid(
                    ProblemKind::UnsupportedGeometry,
                    loc,
                    format!(
                        "expected a Polygon or MultiPolygon outline, found {}",
                        geometry_name(&other)
                    ),
                ));
            }
            Err(e) => {
                return Err(invalid(ProblemKind::InvalidGeoJson, loc, e.to_string()));
            }
        };
        countries.push(Country { name, shape });
    }
    Ok(Boundaries { countries })
}

fn geometry_name(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) => "a Point",
        geo::Geometry::Line(_) | geo::Geometry::LineString(_) => "a LineString",
        geo::Geometry::MultiPoint(_) => "a MultiPoint",
        geo::Geometry::MultiLineString(_) => "a MultiLineString",
        geo::Geometry::GeometryCollection(_) => "a GeometryCollection",
        _ => "another geometry type",
    }
}

/// Whether every position of a geometry has at least `[lon, lat]`. `geojson`'s conversion to
/// `geo` indexes the second value without checking and panics on `[-79]` (found by the
/// `boundaries_geojson` fuzz target; see `tests/api/fuzz_regressions.rs`).
fn positions_ok(v: &geojson::GeometryValue) -> bool {
    use geojson::GeometryValue as G;
    let all = |ps: &[geojson::Position]| ps.iter().all(|p| p.len() >= 2);
    match v {
        G::Point { coordinates } => coordinates.len() >= 2,
        G::MultiPoint { coordinates } | G::LineString { coordinates } => all(coordinates),
        G::MultiLineString { coordinates } | G::Polygon { coordinates } => {
            coordinates.iter().all(|l| all(l))
        }
        G::MultiPolygon { coordinates } => coordinates.iter().flatten().all(|l| all(l)),
        G::GeometryCollection { geometries } => geometries.iter().all(|g| positions_ok(&g.value)),
    }
}
