//! IOM Missing Migrants Project CSV exports (layout in [`crate::io::csv`]).

use std::io::{Cursor, Read};
use std::path::Path;

use crate::cases::CaseRecord;
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::{ReadOptions, ReadReport, open, read_all};

use super::points::{PointColumns, stream_cases_from};
use super::table::open_table;

/// Reads a Missing Migrants Project CSV file.
///
/// ```
/// use corridors::io::ReadOptions;
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("mmp.csv");
/// # std::fs::write(&path, "Main ID,Region of Incident,Total Number of Dead and Missing,Location Coordinates,Migration route\n\
/// #     #id,#region,#affected+killed+missing,#geo+coord,#route\n\
/// #     2023.001,Central America,3,\"14.9, -92.26\",Central America to US\n").unwrap();
/// let r = corridors::io::csv::read_mmp(&path, &ReadOptions::default())?;
/// let r0 = &r.records[0];
/// assert_eq!(r0.count, Some(3));
/// assert_eq!(r0.route.as_deref(), Some("Central America to US"));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`]; [`Error::Invalid`] if the coordinate or dead-and-missing column is absent,
/// or (strict mode) any row error.
pub fn read_mmp(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadReport<CaseRecord>> {
    let (label, file) = open(path.as_ref())?;
    read_mmp_from(&label, file, opts)
}

/// Reads a Missing Migrants Project CSV from any reader; `label` names the source in
/// diagnostics.
///
/// ```
/// use corridors::io::ReadOptions;
/// let csv = "Main ID,Total Dead and Missing,Location Coordinates\n\
///            2023.001,3,\"14.9, -92.26\"\n\
///            2023.002,x,\"14.9, -92.26\"\n";
/// let r = corridors::io::csv::read_mmp_from("mmp.csv", csv.as_bytes(), &ReadOptions::default())?;
/// // an unreadable count keeps the case, its count empty, with a warning
/// assert_eq!(r.records.len(), 2);
/// assert_eq!(r.records[1].count, None);
/// assert_eq!(r.warnings[0].location.line, Some(3));
/// assert!(corridors::io::csv::read_mmp_from("x.csv", "id,lat,lon\n".as_bytes(), &ReadOptions::default()).is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_mmp`].
pub fn read_mmp_from(
    label: &str,
    reader: impl Read,
    opts: &ReadOptions,
) -> Result<ReadReport<CaseRecord>> {
    let bytes = read_all(label, reader)?;
    let (head, _) = open_table(label, bytes.as_slice(), opts)?;
    let cols = PointColumns::detect(&head);
    let mut missing = Vec::new();
    if cols.coord.is_none() && (cols.lat.is_none() || cols.lon.is_none()) {
        missing.push("location_coodinates (#geo+coord)");
    }
    if cols.count.is_none() {
        missing.push("total_dead_and_missing");
    }
    if !missing.is_empty() {
        return Err(Error::Invalid(vec![Diagnostic::error(
            ProblemKind::InvalidProperty,
            SourceLocation::line(label, 1),
            format!(
                "not a Missing Migrants export: missing column(s) {}",
                missing.join(", ")
            ),
        )]));
    }
    stream_cases_from(label, Cursor::new(bytes), opts)?.collect_report(opts)
}
