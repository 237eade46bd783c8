//! Case points from CSV (layouts in [`crate::io::csv`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use geo::Point;

use crate::cases::{CaseRecord, DatePrecision};
use crate::error::{Diagnostic, Error, ProblemKind, Result, Severity, SourceLocation};
use crate::io::aliases::{ColumnRole, find_column};
use crate::io::dates::{DateEvidence, period_from_year_month};
use crate::io::dialect::{parse_coordinate_in, parse_lat_lon_in, parse_number};
use crate::io::hxl::{Axis, CoordinateProblem};
use crate::io::{ReadOptions, ReadReport, open, read_all};

use super::table::{Table, cell, parse_count_in};

/// Column roles of a case-point table.
pub(crate) struct PointColumns {
    pub lat: Option<usize>,
    pub lon: Option<usize>,
    pub coord: Option<usize>,
    pub id: Option<usize>,
    pub date: Option<usize>,
    pub year: Option<usize>,
    pub month: Option<usize>,
    pub count: Option<usize>,
    pub route: Option<usize>,
}

impl PointColumns {
    /// The columns by the one alias table of [`crate::io::aliases`].
    pub fn detect(t: &Table) -> Self {
        let col = |role| find_column(role, &t.names, &t.tags);
        Self {
            lat: col(ColumnRole::Latitude),
            lon: col(ColumnRole::Longitude),
            coord: col(ColumnRole::Coordinates),
            id: col(ColumnRole::Id),
            date: col(ColumnRole::Date),
            year: col(ColumnRole::Year),
            month: col(ColumnRole::Month),
            count: col(ColumnRole::Count),
            route: col(ColumnRole::Route),
        }
    }

    /// Columns read into record fields (not copied into `properties`). Year and month count
    /// only when there is no date column (they are then the record's date).
    fn used(&self) -> [Option<usize>; 9] {
        let (year, month) = if self.date.is_none() {
            (self.year, self.month)
        } else {
            (None, None)
        };
        [
            self.lat, self.lon, self.coord, self.id, self.date, self.count, self.route, year, month,
        ]
    }
}

/// Reads a CSV of case points from a file (layouts in [`crate::io::csv`]).
///
/// ```
/// use corridors::io::ReadOptions;
/// let r = corridors::io::csv::read_cases("data/mexico/cases_synthetic.csv", &ReadOptions::default())?;
/// assert!(!r.records.is_empty());
/// assert_eq!(r.records.len() + r.errors.len(), r.rows);
/// for e in &r.errors {
///     assert!(e.location.line.is_some());
/// }
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Invalid`] if it has no header or no
/// coordinate columns, or (strict mode) any row error.
pub fn read_cases(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadReport<CaseRecord>> {
    let (label, file) = open(path.as_ref())?;
    read_cases_from(&label, file, opts)
}

/// Reads a CSV of case points from any reader; `label` names the source in diagnostics.
///
/// ```
/// use corridors::io::ReadOptions;
/// use corridors::io::csv::read_cases_from;
/// let csv = "id,lat,lon,phone,date\nA1,14.9,-92.26,555-0100,\nA2,91,-92,,\nA3,14.9,-92.26,,31/02/2021\n";
/// let r = read_cases_from("mem.csv", csv.as_bytes(), &ReadOptions::default())?;
/// // only an unusable location drops a case; a bad date is left empty with a warning
/// assert_eq!(r.records.len(), 2);
/// assert_eq!(r.records[1].date, None);
/// assert_eq!(r.warnings[0].location.line, Some(4));
/// assert_eq!(r.errors[0].location.line, Some(3));
/// assert_eq!(r.errors[0].location.field.as_deref(), Some("lat"));
/// assert_eq!(r.dropped_columns, ["phone"]);
/// assert!(r.records[0].properties.is_empty());
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
    let t = Table::read(label, &read_all(label, reader)?, opts)?;
    let cols = PointColumns::detect(&t);
    read_points(t, cols, opts)
}

pub(crate) fn read_points(
    t: Table,
    cols: PointColumns,
    opts: &ReadOptions,
) -> Result<ReadReport<CaseRecord>> {
    let has_pair = cols.lat.is_some() && cols.lon.is_some();
    if !has_pair && cols.coord.is_none() {
        return Err(Error::Invalid(vec![Diagnostic::error(
            ProblemKind::InvalidProperty,
            SourceLocation::line(&t.label, 1),
            format!(
                "no coordinate columns: expected lat/lon (latitude, longitude, y, x …), one \
                 \"lat, lon\" column (coordinates, location_coodinates …) or HXL #geo+lat/#geo+lon/#geo+coord; \
                 header is {:?}",
                t.raw_names
            ),
        )]));
    }
    let used = cols.used();
    let dialect = t.dialect;
    // first pass over the date column only: the day-month order of the file (never per row)
    let date_rule = cols.date.map(|c| {
        let mut ev = DateEvidence::default();
        for (line, cells) in &t.rows {
            ev.observe(*line, cell(cells, Some(c)));
        }
        ev.rule(opts.date_format)
    });
    let mut errors = t.errors.clone();
    let mut warnings = t.warnings.clone();
    let mut records = Vec::with_capacity(t.rows.len());
    for (line, cells) in &t.rows {
        let line = *line;
        // A rejected row keeps its case id (when readable) so per-row outputs can name it.
        let row_id = Some(cell(cells, cols.id)).filter(|s| !s.is_empty());
        let with_id = |mut d: Diagnostic| {
            if let Some(id) = row_id {
                d.location.id = Some(id.to_string());
            }
            d
        };
        if let Some(w) = t.ragged(line, cells) {
            warnings.push(with_id(w));
        }
        let row_error = |col: Option<usize>, kind: ProblemKind, msg: String| {
            with_id(t.row_error(line, col, kind, msg))
        };
        let mut row_warning = |col: Option<usize>, kind: ProblemKind, msg: String| {
            let mut d = with_id(t.row_error(line, col, kind, msg));
            d.severity = Severity::Warning;
            warnings.push(d);
        };
        let loc = if has_pair {
            let (la, lo) = (cols.lat.unwrap_or(0), cols.lon.unwrap_or(0));
            let (lat_s, lon_s) = (cell(cells, Some(la)), cell(cells, Some(lo)));
            match (
                parse_coordinate_in(lat_s, Axis::Lat, &dialect),
                parse_coordinate_in(lon_s, Axis::Lon, &dialect),
            ) {
                (Ok(lat), Ok(lon)) => Ok((lon, lat)),
                (Err(e), _) => {
                    let swapped = parse_coordinate_in(lat_s, Axis::Lon, &dialect).is_ok()
                        && parse_coordinate_in(lon_s, Axis::Lat, &dialect).is_ok()
                        && parse_number(lat_s, dialect.decimal_comma).is_ok_and(|v| v.abs() > 90.0);
                    let msg = if swapped {
                        format!("{e} (latitude and longitude swapped?)")
                    } else {
                        e.to_string()
                    };
                    Err((la, e.problem, msg))
                }
                (_, Err(e)) => Err((lo, e.problem, e.to_string())),
            }
        } else {
            let c = cols.coord.unwrap_or(0);
            parse_lat_lon_in(cell(cells, Some(c)), &dialect)
                .map_err(|e| (c, e.problem, e.to_string()))
        };
        let (lon, lat) = match loc {
            Ok(v) => v,
            Err((c, problem, msg)) => {
                let kind = if problem == CoordinateProblem::OutOfRange {
                    ProblemKind::CoordinateOutOfRange
                } else {
                    ProblemKind::InvalidProperty
                };
                errors.push(row_error(Some(c), kind, msg));
                continue;
            }
        };
        // From here on a problem leaves the field empty and the case is kept.
        let mut period = match (cols.date, &date_rule) {
            (Some(c), Some(rule)) => rule.parse(cell(cells, Some(c))).unwrap_or_else(|e| {
                row_warning(Some(c), ProblemKind::InvalidProperty, e);
                None
            }),
            _ => None,
        };
        let mut period_col = cols.date;
        // no date (no column, or an empty cell): the year and month columns, if any
        if cell(cells, cols.date).is_empty()
            && let Some(y) = cols.year
        {
            period_col = Some(y);
            period = period_from_year_month(cell(cells, Some(y)), cell(cells, cols.month))
                .unwrap_or_else(|e| {
                    row_warning(Some(y), ProblemKind::InvalidProperty, e);
                    None
                });
        }
        // Case records carry days: a month or a year is not made into a fake day.
        let date = match period {
            None => None,
            Some(p) => match p.day() {
                Some(d) => Some(d),
                None => {
                    row_warning(
                        period_col,
                        ProblemKind::InvalidProperty,
                        format!(
                            "date {p} is a {} and not a day; left empty",
                            if p.precision() == DatePrecision::Month {
                                "month"
                            } else {
                                "year"
                            }
                        ),
                    );
                    None
                }
            },
        };
        let count = match cols.count {
            None => None,
            Some(c) => {
                parse_count_in(cell(cells, Some(c)), dialect.decimal_comma).unwrap_or_else(|e| {
                    row_warning(Some(c), ProblemKind::InvalidNumber, e);
                    None
                })
            }
        };
        let text = |c: Option<usize>| Some(cell(cells, c).to_string()).filter(|s| !s.is_empty());
        let mut properties = BTreeMap::new();
        for (i, v) in cells.iter().enumerate().take(t.raw_names.len()) {
            if !t.dropped[i] && !used.contains(&Some(i)) && !v.trim().is_empty() {
                properties.insert(t.raw_names[i].clone(), v.trim().to_string());
            }
        }
        records.push(CaseRecord {
            id: text(cols.id),
            line,
            location: Point::new(lon, lat),
            date,
            count,
            route: text(cols.route),
            properties,
        });
    }
    errors.sort_by_key(|d| d.location.line);
    warnings.sort_by_key(|d| d.location.line);
    ReadReport {
        records,
        errors,
        warnings,
        dropped_columns: t.dropped_columns(),
        rows: t.data_rows,
        dialect: Some(dialect),
        date_order: date_rule.map(|r| r.decision().clone()),
    }
    .finish(opts)
}
