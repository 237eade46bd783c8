//! IOM Missing Migrants Project (MMP) CSV exports.
//!
//! The export has a header row, an HXL hashtag row, one "lat, lon" column spelled
//! `location_coodinates` (sic; `location_coordinates` and the HXL tag `#geo+coord` are
//! accepted too), `migration_route` and `total_dead_and_missing` (or
//! `total_number_of_dead_and_missing`). Each row becomes a [`CaseRecord`] whose `route` is
//! the migration route and whose `count` is the number of dead and missing.

use std::path::Path;

use crate::cases::{CaseRecord, ReadOptions, ReadReport};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::cases_csv::{PointColumns, Table, read_bytes, read_points};

/// Reads a Missing Migrants Project CSV file.
///
/// ```
/// use corridors::cases::ReadOptions;
/// let r = corridors::io::mmp::read_mmp_csv(
///     "tests/fixtures/cases/mmp_sample.csv", &ReadOptions::default()).unwrap();
/// let r0 = &r.records[0];
/// assert!(r0.route.is_some());
/// assert!(r0.count.is_some());
/// ```
///
/// # Errors
/// [`Error::Io`]; [`Error::Invalid`] if the coordinate or dead-and-missing column is absent,
/// or (strict mode) any row error.
pub fn read_mmp_csv(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadReport<CaseRecord>> {
    let path = path.as_ref();
    read_mmp_bytes(&path.display().to_string(), &read_bytes(path)?, opts)
}

/// Reads a Missing Migrants Project CSV from memory.
///
/// # Errors
/// As [`read_mmp_csv`].
pub fn read_mmp_bytes(
    label: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<ReadReport<CaseRecord>> {
    let t = Table::read(label, bytes, opts)?;
    let cols = PointColumns::detect(&t);
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
    read_points(t, cols, opts)
}
