//! GeoJSON output.

use std::path::Path;

use crate::error::{Error, Result};

/// Serialises a FeatureCollection to `path` (pretty-printed JSON, UTF-8).
///
/// # Errors
/// [`Error::Io`] when the file cannot be written.
pub fn write_feature_collection(
    path: impl AsRef<Path>,
    fc: &geojson::FeatureCollection,
) -> Result<()> {
    let text = serde_json::to_string(fc).map_err(|e| Error::Serialize(e.to_string()))?;
    crate::io::write_file(path, text.as_bytes())
}
