//! Reading and writing files: the only module that touches the file system ([`crate::map`]
//! returns documents: GeoJSON values, SVG text, PNG bytes; [`write_file`] and
//! [`geojson::write_feature_collection`] write them). One folder per format, as in geozero:
//! [`csv`], [`geojson`], `geoparquet` (feature `geoparquet`), [`osm`] (feature `osm`),
//! [`corridors_json`] for named corridors,
//! with [`hxl`] for the hashtag conventions of humanitarian CSV exports.
//!
//! Every reader comes as `read_<what>(path, …)` plus `read_<what>_from(label, reader, …)`,
//! where `label` names the source in diagnostics and `reader` is any [`std::io::Read`] (a
//! `&[u8]` for text in memory). A file that cannot be opened or read is an [`Error::Io`]
//! naming the path; problems in the content are [`Diagnostic`]s with file,
//! line or feature, column and reason. [`load_network`] is the one place that records an
//! unreadable network file as a diagnostic instead, so that a build lists every file's
//! problems together.

pub mod aliases;
pub mod corridors_json;
pub mod csv;
pub mod dates;
pub mod dialect;
pub mod geojson;
#[cfg(feature = "geoparquet")]
pub mod geoparquet;
pub mod hxl;
#[cfg(feature = "osm")]
pub mod osm;
mod report;

pub use report::{ReadOptions, ReadReport};

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::network::{BuildReport, Network, NetworkBuilder};
use crate::progress::{NoProgress, Progress, ProgressReader};

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
/// [`Error::Invalid`] listing every problem found in every file, an unreadable file included
/// (as a [`ProblemKind::Io`] diagnostic).
pub fn load_network<P: AsRef<Path>>(
    paths: &[P],
    tolerance_m: f64,
) -> Result<(Network, BuildReport)> {
    load_network_with(paths, tolerance_m, &geojson::NetworkReadOptions::default())
}

/// [`load_network`] with read options: e.g. only the free properties a computation needs
/// ([`geojson::KeepProperties`]), which makes a large network much smaller.
///
/// ```
/// use corridors::io::geojson::{KeepProperties, NetworkReadOptions};
/// let opts = NetworkReadOptions::default().keep_properties(KeepProperties::None);
/// let (net, _) = corridors::io::load_network_with(&["data/mexico"], 1.0, &opts)?;
/// assert!(net.hubs().all(|h| h.properties.is_empty()));
/// assert!(net.segments().all(|s| s.properties.is_empty()));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`load_network`].
pub fn load_network_with<P: AsRef<Path>>(
    paths: &[P],
    tolerance_m: f64,
    opts: &geojson::NetworkReadOptions,
) -> Result<(Network, BuildReport)> {
    load_network_with_progress(paths, tolerance_m, opts, &NoProgress)
}

/// [`load_network_with`] reporting its phases to `progress`: for each file `reading FILE`
/// and `parsing FILE` (bytes, see [`geojson::read_network_with_progress`]), then the phases
/// of [`NetworkBuilder::build_with_progress`]. The result is the one of
/// [`load_network_with`].
///
/// ```
/// use std::sync::Mutex;
/// use corridors::progress::{Progress, Unit};
/// #[derive(Default)]
/// struct Phases(Mutex<Vec<String>>);
/// impl Progress for Phases {
///     fn phase(&self, name: &str, _total: Option<u64>, _unit: Unit) {
///         self.0.lock().unwrap().push(name.to_string());
///     }
/// }
/// let phases = Phases::default();
/// let files = ["data/mexico/hubs.geojson"];
/// let (net, _) = corridors::io::load_network_with_progress(&files, 1.0, &Default::default(), &phases)?;
/// assert_eq!(net.hub_count(), corridors::io::load_network(&files, 1.0)?.0.hub_count());
/// let phases = phases.0.into_inner().unwrap();
/// assert_eq!(phases[..2], ["reading data/mexico/hubs.geojson", "parsing data/mexico/hubs.geojson"]);
/// assert!(phases.contains(&"building network".to_string()));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`load_network`].
pub fn load_network_with_progress<P: AsRef<Path>>(
    paths: &[P],
    tolerance_m: f64,
    opts: &geojson::NetworkReadOptions,
    progress: &dyn Progress,
) -> Result<(Network, BuildReport)> {
    let mut b = NetworkBuilder::new().tolerance_m(tolerance_m);
    add_network_files_with_progress(&mut b, paths, opts, progress);
    b.build_with_progress(progress)
}

/// Reads GeoJSON network files into `builder` (see [`geojson::read_network`]); files named
/// `.parquet` or `.geoparquet` are read as GeoParquet (`geoparquet::read_network`, feature
/// `geoparquet`) by the same rules. A directory stands for every `*.geojson` file directly
/// inside it, in name order. A file
/// that cannot be read is recorded as an error diagnostic ([`ProblemKind::Io`], "cannot
/// read file: …"), so that [`NetworkBuilder::build`] reports it together with every other
/// problem.
///
/// ```
/// use corridors::{NetworkBuilder, ProblemKind};
/// let mut b = NetworkBuilder::new().tolerance_m(1.0);
/// corridors::io::add_network_files(&mut b, &["data/mexico/hubs.geojson", "no/such/file.geojson"]);
/// let err = b.build().unwrap_err();
/// assert_eq!(err.diagnostics()[0].kind, ProblemKind::Io);
/// // a directory: its .geojson files (hubs and segments)
/// let mut b = NetworkBuilder::new().tolerance_m(1.0);
/// corridors::io::add_network_files(&mut b, &["data/mexico"]);
/// assert_eq!(b.build().unwrap().0.hub_count(), 103);
/// ```
pub fn add_network_files<P: AsRef<Path>>(builder: &mut NetworkBuilder, paths: &[P]) {
    add_network_files_with(builder, paths, &geojson::NetworkReadOptions::default());
}

/// [`add_network_files`] with read options (see [`geojson::read_network_with`]).
///
/// ```
/// use corridors::NetworkBuilder;
/// use corridors::io::geojson::{KeepProperties, NetworkReadOptions};
/// let opts = NetworkReadOptions::default().keep_properties(KeepProperties::listed(["country"]));
/// let mut b = NetworkBuilder::new().tolerance_m(1.0);
/// corridors::io::add_network_files_with(&mut b, &["data/mexico"], &opts);
/// let (net, _) = b.build()?;
/// assert!(net.hubs().all(|h| h.properties.keys().all(|k| k == "country")));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn add_network_files_with<P: AsRef<Path>>(
    builder: &mut NetworkBuilder,
    paths: &[P],
    opts: &geojson::NetworkReadOptions,
) {
    add_network_files_with_progress(builder, paths, opts, &NoProgress);
}

/// [`add_network_files_with`] reporting, for each file, the phases `reading FILE` and
/// `parsing FILE` in bytes (see [`geojson::read_network_with_progress`]).
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use corridors::NetworkBuilder;
/// use corridors::progress::Progress;
/// struct Finished(AtomicU64);
/// impl Progress for Finished {
///     fn finish(&self) {
///         self.0.fetch_add(1, Ordering::Relaxed);
///     }
/// }
/// let done = Finished(AtomicU64::new(0));
/// let mut b = NetworkBuilder::new();
/// corridors::io::add_network_files_with_progress(&mut b, &["data/mexico"], &Default::default(), &done);
/// // two files (hubs and segments), each read and parsed
/// assert_eq!(done.0.load(Ordering::Relaxed), 4);
/// ```
pub fn add_network_files_with_progress<P: AsRef<Path>>(
    builder: &mut NetworkBuilder,
    paths: &[P],
    opts: &geojson::NetworkReadOptions,
    progress: &dyn Progress,
) {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for p in paths {
        let p = p.as_ref();
        if !p.is_dir() {
            files.push(p.to_path_buf());
            continue;
        }
        match std::fs::read_dir(p) {
            Ok(entries) => {
                let mut found: Vec<_> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| {
                        f.is_file()
                            && f.extension()
                                .and_then(|x| x.to_str())
                                .is_some_and(|x| x.eq_ignore_ascii_case("geojson"))
                    })
                    .collect();
                found.sort();
                if found.is_empty() {
                    builder.add_diagnostic(Diagnostic::error(
                        ProblemKind::Io,
                        SourceLocation::file(p.display().to_string()),
                        "the directory holds no .geojson file",
                    ));
                }
                files.extend(found);
            }
            Err(e) => {
                builder.add_diagnostic(Diagnostic::error(
                    ProblemKind::Io,
                    SourceLocation::file(p.display().to_string()),
                    format!("cannot read directory: {e}"),
                ));
            }
        }
    }
    for p in &files {
        match read_network_file(p, opts, progress) {
            Ok(b) => {
                builder.merge(b);
            }
            Err(Error::Io { path, source }) => {
                builder.add_diagnostic(Diagnostic::error(
                    ProblemKind::Io,
                    SourceLocation::file(path),
                    format!("cannot read file: {source}"),
                ));
            }
            // read_network fails only with Error::Io today; anything else is kept too.
            Err(e) => {
                builder.add_diagnostic(Diagnostic::error(
                    ProblemKind::Io,
                    SourceLocation::file(p.display().to_string()),
                    e.to_string(),
                ));
            }
        }
    }
}

/// Whether `path` names a GeoParquet file (`.parquet` or `.geoparquet`).
fn is_parquet(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("parquet") || x.eq_ignore_ascii_case("geoparquet"))
}

/// The extension of `path` in lower case, if it has one.
fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// One network file, by its extension: GeoParquet or GeoJSON.
fn read_network_file(
    path: &Path,
    opts: &geojson::NetworkReadOptions,
    progress: &dyn Progress,
) -> Result<NetworkBuilder> {
    if is_parquet(path) {
        #[cfg(feature = "geoparquet")]
        return geoparquet::read_network_with(path, opts);
        #[cfg(not(feature = "geoparquet"))]
        return Err(no_geoparquet(path));
    }
    geojson::read_network_with_progress(path, opts, progress)
}

#[cfg(not(feature = "geoparquet"))]
fn no_geoparquet(path: &Path) -> Error {
    Error::Invalid(vec![Diagnostic::error(
        ProblemKind::Io,
        SourceLocation::file(path.display().to_string()),
        "GeoParquet is not available in this build (no `geoparquet` feature)",
    )])
}

/// Reads case points from a CSV (any of the layouts of [`csv::read_cases`], Missing Migrants
/// exports included) or, for `.geojson`/`.json` files, a GeoJSON FeatureCollection of Points
/// ([`geojson::read_cases`]), or, for `.parquet`/`.geoparquet` files, GeoParquet Points
/// (`geoparquet::read_cases`, feature `geoparquet`).
///
/// ```
/// let r = corridors::io::read_cases("data/mexico/cases_synthetic.csv", &Default::default())?;
/// assert_eq!(r.records.len() + r.errors.len(), r.rows);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`csv::read_cases`] and [`geojson::read_cases`].
pub fn read_cases(
    path: impl AsRef<Path>,
    opts: &ReadOptions,
) -> Result<ReadReport<crate::cases::CaseRecord>> {
    let path = path.as_ref();
    match extension(path).as_deref() {
        Some("geojson" | "json") => geojson::read_cases(path, opts),
        #[cfg(feature = "geoparquet")]
        Some("parquet" | "geoparquet") => geoparquet::read_cases(path, opts),
        #[cfg(not(feature = "geoparquet"))]
        Some("parquet" | "geoparquet") => Err(no_geoparquet(path)),
        _ => csv::read_cases(path, opts),
    }
}

/// [`read_cases`] reporting the bytes read to `progress`: the phase `reading FILE` in
/// [`Unit::Bytes`](crate::progress::Unit::Bytes) with the file's size as total (announced
/// again when a CSV is read a second time after its dates were looked at), ended with
/// [`Progress::finish`]. The report is the one of [`read_cases`].
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use corridors::progress::Progress;
/// struct Bytes(AtomicU64);
/// impl Progress for Bytes {
///     fn start(&self, _total: u64) {
///         self.0.store(0, Ordering::Relaxed); // a new pass
///     }
///     fn inc(&self, n: u64) {
///         self.0.fetch_add(n, Ordering::Relaxed);
///     }
/// }
/// let bytes = Bytes(AtomicU64::new(0));
/// let path = "data/mexico/cases_synthetic.csv";
/// let r = corridors::io::read_cases_with_progress(path, &Default::default(), &bytes)?;
/// assert_eq!(r, corridors::io::read_cases(path, &Default::default())?);
/// assert_eq!(bytes.0.load(Ordering::Relaxed), std::fs::metadata(path).unwrap().len());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_cases`].
pub fn read_cases_with_progress(
    path: impl AsRef<Path>,
    opts: &ReadOptions,
    progress: &dyn Progress,
) -> Result<ReadReport<crate::cases::CaseRecord>> {
    let path = path.as_ref();
    if is_parquet(path) {
        // read by row groups, without a byte count
        return read_cases(path, opts);
    }
    let (label, reader) = open_with_progress(path, progress)?;
    let report = match extension(path).as_deref() {
        Some("geojson" | "json") => geojson::read_cases_from(&label, reader, opts),
        _ => csv::stream_cases_from(&label, reader, opts).and_then(|r| r.collect_report(opts)),
    };
    progress.finish();
    report
}

/// Opens `path` for reading through a [`ProgressReader`] that reports the bytes read to
/// `progress` as the phase `reading FILE` (the file's size as total); returns the label that
/// names the file in diagnostics, for the `read_…_from` readers. The caller ends the phase
/// with [`Progress::finish`].
///
/// ```
/// use corridors::progress::NoProgress;
/// let (label, reader) = corridors::io::open_with_progress("data/mexico/itineraries_synthetic.csv", &NoProgress)?;
/// let r = corridors::io::csv::read_htcds_from(&label, reader, &Default::default())?;
/// assert!(!r.records.is_empty());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming the path when it cannot be opened.
pub fn open_with_progress<'p>(
    path: impl AsRef<Path>,
    progress: &'p dyn Progress,
) -> Result<(String, ProgressReader<'p, File>)> {
    let (label, file) = open(path.as_ref())?;
    let size = file.metadata().map(|m| m.len()).ok();
    let reader = ProgressReader::new(file, progress, &format!("reading {label}"), size);
    Ok((label, reader))
}

/// Opens `path` for reading: the one open helper of the readers. Returns the label that names
/// the file in diagnostics (its display form) with the file.
pub(crate) fn open(path: &Path) -> Result<(String, File)> {
    let label = path.display().to_string();
    match File::open(path) {
        Ok(f) => Ok((label, f)),
        Err(e) => Err(Error::io(label, e)),
    }
}

/// Reads everything from `reader`; a failure is an [`Error::Io`] naming `label`.
pub(crate) fn read_all(label: &str, mut reader: impl Read) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(label, e))?;
    Ok(bytes)
}

/// Reads everything from `reader` as UTF-8 text; a read failure or invalid UTF-8 is an
/// [`Error::Io`] naming `label` (as [`std::fs::read_to_string`] reports it).
pub(crate) fn read_text(label: &str, mut reader: impl Read) -> Result<String> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| Error::io(label, e))?;
    Ok(text)
}

/// Writes bytes to `path`, creating its directory first.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("new/dir/out.csv");
/// corridors::io::write_file(&path, b"a,b\n")?;
/// assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
/// # Ok::<(), corridors::Error>(())
/// ```
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
