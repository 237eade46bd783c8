//! Case points from CSV (layouts in [`crate::io::csv`]).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use csv::StringRecord;
use geo::Point;

use crate::cases::CaseRecord;
use crate::error::{Diagnostic, Error, ProblemKind, Result, Severity, SourceLocation};
use crate::io::aliases::{ColumnRole, find_column};
use crate::io::dates::{DateDecision, DateEvidence, DateFormat, DateRule, period_from_year_month};
use crate::io::dialect::{Dialect, parse_coordinate_in, parse_lat_lon_in, parse_number};
use crate::io::hxl::{Axis, CoordinateProblem};
use crate::io::{ReadOptions, ReadReport, open, read_all};

use super::table::{Head, RawRow, Rows, cell, open_table, parse_count_in};

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
    pub fn detect(t: &Head) -> Self {
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
/// The file is read as a stream ([`stream_cases`]), in two passes when it has a date column
/// whose day-month order must be decided; memory is the returned records and diagnostics.
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
    stream_cases(path, opts)?.collect_report(opts)
}

/// Reads a CSV of case points from any reader; `label` names the source in diagnostics.
///
/// The input is read into memory first (the day-month order of dates is decided over the
/// whole file before any row is read); use [`stream_cases_from`] for a seekable input.
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
    let bytes = read_all(label, reader)?;
    stream_cases_from(label, Cursor::new(bytes), opts)?.collect_report(opts)
}

/// Opens a CSV file of case points as a stream of rows ([`CaseRows`]).
///
/// ```
/// use corridors::io::ReadOptions;
/// let mut rows = corridors::io::csv::stream_cases("data/mexico/cases_synthetic.csv", &ReadOptions::default())?;
/// let first = rows.next().unwrap()?;
/// assert_eq!(first.line, 2);
/// assert!(first.record.is_ok());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`stream_cases_from`].
pub fn stream_cases(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<CaseRows<File>> {
    let (label, file) = open(path.as_ref())?;
    stream_cases_from(&label, file, opts)
}

/// Opens case points from a seekable reader as a stream of rows ([`CaseRows`]): one
/// [`CaseRow`] per data row, in file order, read as it is asked for.
///
/// When the file has a date column and [`ReadOptions::date_format`] is `Auto`, a first pass
/// reads the date column only, to decide the day-month order of the file (never per row, see
/// [`crate::io::dates`]); the reader is then rewound. Memory does not grow with the number of
/// rows: one row, the decoder's 64 KiB chunks and the CSV parser's buffer.
///
/// [`ReadOptions::strict`] is not applied by the stream (it has no place to fail but the rows
/// themselves): a row with `record` an error, or with warnings, is what strict mode refuses.
///
/// ```
/// use std::io::Cursor;
/// use corridors::io::ReadOptions;
/// use corridors::io::csv::stream_cases_from;
/// let csv = "folio;fecha;latitud;longitud\nA1;13/02/2021;14,9;-92,26\nA2;02/03/2021;91;-92\n";
/// let rows = stream_cases_from("mem.csv", Cursor::new(csv), &ReadOptions::default())?;
/// let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
/// let a1 = rows[0].record.as_ref().unwrap();
/// assert_eq!((a1.id.as_deref(), a1.location.y()), (Some("A1"), 14.9));
/// // the day-first order comes from line 2 (13/02) and is used on line 3
/// assert_eq!(rows[1].line, 3);
/// assert_eq!(rows[1].record.as_ref().unwrap_err().location.id.as_deref(), Some("A2"));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the reader fails; [`Error::Invalid`] when there is no header row or
/// no coordinate columns.
pub fn stream_cases_from<R: Read + Seek>(
    label: &str,
    reader: R,
    opts: &ReadOptions,
) -> Result<CaseRows<R>> {
    let (head, rows) = open_table(label, reader, opts)?;
    let cols = PointColumns::detect(&head);
    check_coordinates(&head, &cols)?;
    let (head, rows, date_rule) = match cols.date {
        Some(c) if opts.date_format == DateFormat::Auto => {
            let mut rows = rows;
            let mut ev = DateEvidence::default();
            while let Some(r) = rows.next_row() {
                match r {
                    RawRow::Cells(line, rec) => ev.observe(line, cell(rec, Some(c))),
                    RawRow::Bad(_) => {}
                    RawRow::Failed(e) => return Err(e),
                }
            }
            let mut reader = rows.into_inner();
            reader
                .seek(SeekFrom::Start(0))
                .map_err(|e| Error::io(label.to_string(), e))?;
            let (head, rows) = open_table(label, reader, opts)?;
            (head, rows, Some(ev.rule(opts.date_format)))
        }
        Some(_) => (head, rows, Some(DateRule::new(opts.date_format))),
        None => (head, rows, None),
    };
    Ok(CaseRows::new(head, rows, cols, date_rule))
}

/// The error of a table without coordinate columns.
fn check_coordinates(head: &Head, cols: &PointColumns) -> Result<()> {
    let has_pair = cols.lat.is_some() && cols.lon.is_some();
    if has_pair || cols.coord.is_some() {
        return Ok(());
    }
    Err(Error::Invalid(vec![Diagnostic::error(
        ProblemKind::InvalidProperty,
        SourceLocation::line(head.label.clone(), 1),
        format!(
            "no coordinate columns: expected lat/lon (latitude, longitude, y, x …), one \
             \"lat, lon\" column (coordinates, location_coodinates …) or HXL #geo+lat/#geo+lon/#geo+coord; \
             header is {:?}",
            head.raw_names
        ),
    )]))
}

/// One data row of a case file, as read by [`CaseRows`].
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    /// One-based line of the row in its file.
    pub line: u64,
    /// The case, or why the row is unusable (its location, or a row that cannot be read);
    /// the diagnostic carries the case id when it could be read.
    pub record: std::result::Result<CaseRecord, Diagnostic>,
    /// Fields of a kept case left empty (a date, a count …), and a row with more or fewer
    /// fields than the header, each naming line, column and value.
    pub warnings: Vec<Diagnostic>,
}

/// Case points read one row at a time (made by [`stream_cases`] / [`stream_cases_from`]);
/// yields one [`CaseRow`] per data row, in file order, or the [`Error::Io`] that ends the
/// stream.
pub struct CaseRows<R: Read> {
    head: Head,
    rows: Rows<R>,
    cols: PointColumns,
    used: [Option<usize>; 9],
    date_rule: Option<DateRule>,
}

impl<R: Read> CaseRows<R> {
    fn new(head: Head, rows: Rows<R>, cols: PointColumns, date_rule: Option<DateRule>) -> Self {
        let used = cols.used();
        CaseRows {
            head,
            rows,
            cols,
            used,
            date_rule,
        }
    }

    /// How the file is decoded and split (the encoding is final once every row has been
    /// read: a UTF-8 file with stray Windows-1252 bytes becomes `Mixed` where they are).
    pub fn dialect(&self) -> Dialect {
        self.rows.dialect()
    }

    /// How the day-month order of the date column was decided (`None` without one).
    pub fn date_order(&self) -> Option<&DateDecision> {
        self.date_rule.as_ref().map(DateRule::decision)
    }

    /// Columns dropped because they look like personal data.
    pub fn dropped_columns(&self) -> Vec<String> {
        self.head.dropped_columns()
    }

    /// The header as written.
    pub fn header(&self) -> &[String] {
        &self.head.raw_names
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> usize {
        self.rows.data_rows
    }

    /// File-level warnings (bytes that could not be decoded); complete at the end.
    pub fn file_warnings(&self) -> Vec<Diagnostic> {
        self.rows.file_warnings()
    }

    /// Reads every row into a [`ReadReport`] (applying [`ReadOptions::strict`]).
    ///
    /// # Errors
    /// The stream's [`Error::Io`]; in strict mode [`Error::Invalid`] with every row problem.
    pub fn collect_report(mut self, opts: &ReadOptions) -> Result<ReadReport<CaseRecord>> {
        let mut records = Vec::new();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for row in &mut self {
            let row = row?;
            warnings.extend(row.warnings);
            match row.record {
                Ok(r) => records.push(r),
                Err(d) => errors.push(d),
            }
        }
        warnings.extend(self.file_warnings());
        // file-level notes first, then by line (stable: a row's own order is kept)
        warnings.sort_by_key(|d| d.location.line);
        ReadReport {
            records,
            errors,
            warnings,
            dropped_columns: self.dropped_columns(),
            rows: self.rows_read(),
            dialect: Some(self.dialect()),
            date_order: self.date_order().cloned(),
        }
        .finish(opts)
    }
}

impl<R: Read> Iterator for CaseRows<R> {
    type Item = Result<CaseRow>;

    fn next(&mut self) -> Option<Self::Item> {
        let CaseRows {
            head,
            rows,
            cols,
            used,
            date_rule,
        } = self;
        Some(match rows.next_row()? {
            RawRow::Failed(e) => Err(e),
            RawRow::Bad(d) => Ok(CaseRow {
                line: d.location.line.unwrap_or(0),
                record: Err(d),
                warnings: Vec::new(),
            }),
            RawRow::Cells(line, cells) => {
                Ok(read_row(head, cols, used, date_rule.as_ref(), line, cells))
            }
        })
    }
}

/// Reads one row of a case table.
fn read_row(
    t: &Head,
    cols: &PointColumns,
    used: &[Option<usize>; 9],
    date_rule: Option<&DateRule>,
    line: u64,
    cells: &StringRecord,
) -> CaseRow {
    let dialect = t.dialect;
    let mut warnings = Vec::new();
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
    let mut row_warning = |col: Option<usize>, kind: ProblemKind, msg: String| {
        let mut d = with_id(t.row_error(line, col, kind, msg));
        d.severity = Severity::Warning;
        warnings.push(d);
    };
    let has_pair = cols.lat.is_some() && cols.lon.is_some();
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
        parse_lat_lon_in(cell(cells, Some(c)), &dialect).map_err(|e| (c, e.problem, e.to_string()))
    };
    let (lon, lat) = match loc {
        Ok(v) => v,
        Err((c, problem, msg)) => {
            let kind = if problem == CoordinateProblem::OutOfRange {
                ProblemKind::CoordinateOutOfRange
            } else {
                ProblemKind::InvalidProperty
            };
            let d = with_id(t.row_error(line, Some(c), kind, msg));
            return CaseRow {
                line,
                record: Err(d),
                warnings,
            };
        }
    };
    // From here on a problem leaves the field empty and the case is kept.
    let mut period = match (cols.date, date_rule) {
        (Some(c), Some(rule)) => rule.parse(cell(cells, Some(c))).unwrap_or_else(|e| {
            row_warning(Some(c), ProblemKind::InvalidProperty, e);
            None
        }),
        _ => None,
    };
    // no date (no column, or an empty cell): the year and month columns, if any
    if cell(cells, cols.date).is_empty()
        && let Some(y) = cols.year
    {
        period = period_from_year_month(cell(cells, Some(y)), cell(cells, cols.month))
            .unwrap_or_else(|e| {
                row_warning(Some(y), ProblemKind::InvalidProperty, e);
                None
            });
    }
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
    CaseRow {
        line,
        record: Ok(CaseRecord {
            id: text(cols.id),
            line,
            location: Point::new(lon, lat),
            date: period,
            count,
            route: text(cols.route),
            properties,
        }),
        warnings,
    }
}
