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
