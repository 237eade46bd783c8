//! Case points from CSV (layouts in [`crate::io::csv`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use geo::Point;

use crate::cases::{CaseRecord, Date};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::hxl::{Axis, CoordinateProblem, parse_coordinate, parse_lat_lon};
use crate::io::{ReadOptions, ReadReport, open, read_all};

use super::table::{Table, parse_count};

/// Column roles of a case-point table.
pub(crate) struct PointColumns {
    pub lat: Option<usize>,
    pub lon: Option<usize>,
    pub coord: Option<usize>,
    pub id: Option<usize>,
    pub date: Option<usize>,
    pub count: Option<usize>,
    pub route: Option<usize>,
}

impl PointColumns {
    pub fn detect(t: &Table) -> Self {
        let lat = t.find(
            &[
                "lat",
                "latitude",
                "latitud",
                "y",
                "hte_latitude",
                "location_latitude",
            ],
            |g| g.base == "geo" && g.has("lat"),
        );
        let lon = t.find(
            &[
                "lon",
                "lng",
                "long",
                "longitude",
                "longitud",
                "x",
                "hte_longitude",
                "location_longitude",
            ],
            |g| g.base == "geo" && (g.has("lon") || g.has("long")),
        );
        let coord = t.find(
            &[
                "coordinates",
                "coords",
                "coordinate",
                "location_coodinates",
                "location_coordinates",
                "lat_lon",
                "latlon",
                "lat_long",
                "latlng",
                "geo",
            ],
            |g| g.base == "geo" && g.has("coord"),
        );
        let id = t.find(
            &[
                "case_id",
                "incident_id",
                "id",
                "main_id",
                "event_id",
                "folio",
                "case_no",
                "caso",
                "no_caso",
            ],
            |g| (g.base == "event" || g.base == "case") && g.has("id"),
        );
        let date = t.find(
            &[
                "date",
                "incident_date",
                "date_of_incident",
                "reported_date",
                "date_reported",
                "event_date",
                "fecha",
            ],
            |g| g.base == "date" && !g.has("year") && !g.has("month"),
        );
        let count = t.find(
            &[
                "count",
                "victims",
                "victimas",
                "number_of_victims",
                "total_dead_and_missing",
                "total_number_of_dead_and_missing",
            ],
            |g| g.base == "affected" && g.has("killed") && g.has("missing"),
        );
        let route = t.find(&["route", "migration_route", "corridor", "ruta"], |g| {
            g.base == "route" || (g.base == "geo" && g.has("route"))
        });
        Self {
            lat,
            lon,
            coord,
            id,
            date,
            count,
            route,
        }
    }

    fn used(&self) -> [Option<usize>; 7] {
        [
            self.lat, self.lon, self.coord, self.id, self.date, self.count, self.route,
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
/// let csv = "id,lat,lon,phone\nA1,14.9,-92.26,555-0100\nA2,91,-92,\n";
/// let r = read_cases_from("mem.csv", csv.as_bytes(), &ReadOptions::default())?;
/// assert_eq!(r.records.len(), 1);
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
    let mut errors = t.errors.clone();
    let mut records = Vec::with_capacity(t.rows.len());
    for (line, cells) in &t.rows {
        let line = *line;
        // A rejected row keeps its case id (when readable) so per-row outputs can name it.
        let row_id = cols.id.map(|c| cells[c].trim()).filter(|s| !s.is_empty());
        let row_error = |col: Option<usize>, kind: ProblemKind, msg: String| {
            let mut d = t.row_error(line, col, kind, msg);
            if let Some(id) = row_id {
                d.location.id = Some(id.to_string());
            }
            d
        };
        let loc = if has_pair {
            let (la, lo) = (cols.lat.unwrap_or(0), cols.lon.unwrap_or(0));
            match (
                parse_coordinate(&cells[la], Axis::Lat),
                parse_coordinate(&cells[lo], Axis::Lon),
            ) {
                (Ok(lat), Ok(lon)) => Ok((lon, lat)),
                (Err(e), _) => {
                    let swapped = parse_coordinate(&cells[la], Axis::Lon).is_ok()
                        && parse_coordinate(&cells[lo], Axis::Lat).is_ok()
                        && cells[la]
                            .trim()
                            .parse::<f64>()
                            .is_ok_and(|v| v.abs() > 90.0);
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
            parse_lat_lon(&cells[c]).map_err(|e| (c, e.problem, e.to_string()))
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
        let date = match cols.date.map(|c| (c, cells[c].trim())) {
            Some((_, "")) | None => None,
            Some((c, s)) => match s.parse::<Date>() {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(row_error(Some(c), ProblemKind::InvalidProperty, e.message));
                    continue;
                }
            },
        };
        let count = match cols.count {
            None => None,
            Some(c) => match parse_count(&cells[c]) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(row_error(Some(c), ProblemKind::InvalidNumber, e));
                    continue;
                }
            },
        };
        let text = |c: Option<usize>| {
            c.map(|c| cells[c].trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let mut properties = BTreeMap::new();
        for (i, v) in cells.iter().enumerate() {
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
    ReadReport {
        records,
        errors,
        dropped_columns: t.dropped_columns(),
        rows: t.data_rows,
    }
    .finish(opts)
}
