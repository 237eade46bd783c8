//! Reading and writing files. The only module, with [`crate::map`]'s writers, that touches
//! the file system.

pub mod aliases;
pub mod cases_csv;
pub mod cases_geojson;
pub mod dates;
pub mod demand;
pub mod dialect;
pub mod geojson;
pub mod htcds;
pub mod hxl;
pub mod mmp;
#[cfg(feature = "osm")]
pub mod osm;

use std::path::Path;

use crate::error::{Error, Result};
use crate::network::{BuildReport, Network, NetworkBuilder};

/// Loads a network from one or more GeoJSON files (hubs and segments may be in the same file
/// or in separate ones) with the given end-matching tolerance in metres.
///
/// ```
/// let (net, report) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
///     1.0,
/// ).unwrap();
/// assert!(net.hub_count() >= 70);
/// assert_eq!(report.summary.components.len(), 1);
/// ```
///
/// # Errors
/// [`Error::Invalid`] listing every problem found in every file.
pub fn load_network<P: AsRef<Path>>(
    paths: &[P],
    tolerance_m: f64,
) -> Result<(Network, BuildReport)> {
    let mut b = NetworkBuilder::new().tolerance_m(tolerance_m);
    for p in paths {
        b.add_geojson_file(p);
    }
    b.build()
}

/// Reads case points from a CSV (any of the layouts of [`cases_csv`], Missing Migrants
/// exports included) or, for `.geojson`/`.json` files, a GeoJSON FeatureCollection of Points.
///
/// ```
/// let r = corridors::io::read_cases("tests/fixtures/cases/mmp_sample.csv", &Default::default()).unwrap();
/// assert!(r.records.len() + r.errors.len() >= r.rows);
/// ```
///
/// # Errors
/// As [`cases_csv::read_cases_csv`] and [`cases_geojson::read_cases_geojson`].
pub fn read_cases(
    path: impl AsRef<Path>,
    opts: &crate::cases::ReadOptions,
) -> Result<crate::cases::ReadReport<crate::cases::CaseRecord>> {
    let path = path.as_ref();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("geojson" | "json") => cases_geojson::read_cases_geojson(path, opts),
        _ => cases_csv::read_cases_csv(path, opts),
    }
}

/// Writes bytes to `path`, creating its directory first.
///
/// # Errors
/// [`Error::Io`] naming the directory or file that could not be written.
pub fn write_file(path: impl AsRef<Path>, bytes: &[u8]) -> Result<()> {
    let path = path.as_ref();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path.display().to_string(), e))
}
