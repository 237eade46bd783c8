//! GeoJSON output.

use std::path::Path;

use crate::error::Result;

/// Serialises a FeatureCollection to `path` (pretty-printed JSON, UTF-8).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out/empty.geojson");
/// let fc = geojson::FeatureCollection { bbox: None, features: vec![], foreign_members: None };
/// corridors::io::geojson::write_feature_collection(&path, &fc)?;
/// assert!(std::fs::read_to_string(&path).unwrap().contains("FeatureCollection"));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`](crate::Error::Io) naming the directory or file that could not be written;
/// [`Error::Serialize`](crate::Error::Serialize) if serialising fails.
pub fn write_feature_collection(
    path: impl AsRef<Path>,
    fc: &geojson::FeatureCollection,
) -> Result<()> {
    let text = serde_json::to_string(fc)?;
    crate::io::write_file(path, text.as_bytes())
}

/// Streams a FeatureCollection to `writer` one feature at a time: the same bytes as
/// serialising the whole collection (`{"type":"FeatureCollection","features":[…]` then the
/// foreign members), but only one feature is held at once, so country-scale layers
/// (millions of features) can be written without building them in memory. The writer is
/// not buffered here: pass a `BufWriter` for files.
///
/// # Arguments
/// * `writer` — where the JSON goes.
/// * `features` — the features in order (e.g. `map::CentralityLayer::features`).
/// * `foreign_members` — the collection's members after `features` (e.g. `parameters`),
///   written in the map's order; `None` or an empty map writes none.
///
/// # Returns
/// The number of features written.
///
/// # Complexity
/// O(output size) time; memory of the largest feature.
///
/// ```
/// let f = geojson::Feature::from(geojson::Geometry::new_point([-92.26, 14.9]));
/// let mut fm = geojson::JsonObject::new();
/// fm.insert("name".into(), "one hub".into());
/// let mut out = Vec::new();
/// let n = corridors::io::geojson::write_features(&mut out, [f.clone()], Some(&fm))?;
/// let whole = geojson::FeatureCollection { bbox: None, features: vec![f], foreign_members: Some(fm) };
/// assert_eq!(n, 1);
/// assert_eq!(out, serde_json::to_vec(&whole).unwrap());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Serialize`](crate::Error::Serialize) if a feature cannot be serialised or the
/// writer fails (the I/O error is carried inside).
pub fn write_features<W: std::io::Write>(
    mut writer: W,
    features: impl IntoIterator<Item = geojson::Feature>,
    foreign_members: Option<&geojson::JsonObject>,
) -> Result<usize> {
    let io = |e: std::io::Error| crate::Error::Serialize(Box::new(e));
    writer
        .write_all(br#"{"type":"FeatureCollection","features":["#)
        .map_err(io)?;
    let mut n = 0;
    for f in features {
        if n > 0 {
            writer.write_all(b",").map_err(io)?;
        }
        serde_json::to_writer(&mut writer, &f)?;
        n += 1;
    }
    writer.write_all(b"]").map_err(io)?;
    for (k, v) in foreign_members.into_iter().flatten() {
        writer.write_all(b",").map_err(io)?;
        serde_json::to_writer(&mut writer, k)?;
        writer.write_all(b":").map_err(io)?;
        serde_json::to_writer(&mut writer, v)?;
    }
    writer.write_all(b"}").map_err(io)?;
    writer.flush().map_err(io)?;
    Ok(n)
}
