//! Reading tables of case points (CSV).
//!
//! Coordinate columns are found by an HXL hashtag row (`#geo+lat`, `#geo+lon`,
//! `#geo+coord`) or by common names (`lat`/`latitude`/`y`, `lon`/`lng`/`long`/`longitude`/
//! `x`, or one "lat, lon" column such as `coordinates` or Missing Migrants'
//! `location_coodinates`). Values may be decimal degrees or degrees-minutes-seconds with
//! hemisphere letters (see [`crate::io::hxl`]). Optional columns: `id` (also `case_id`,
//! `incident_id`, `main_id`), `date`, `count` (victims; also `victims`,
//! `total_dead_and_missing`), `route` (also `migration_route`).
//!
//! Every row that cannot be read becomes one [`Diagnostic`] naming file, line, column and
//! reason; nothing is dropped silently. Columns that look like personal data (names, phone,
//! e-mail, document numbers, addresses, birth dates) are dropped on read and listed in
//! [`ReadReport::dropped_columns`] unless kept with [`ReadOptions::keep_columns`].

use std::collections::BTreeMap;
use std::path::Path;

use geo::Point;

use crate::cases::{CaseRecord, Date, ReadOptions, ReadReport};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::hxl::{Axis, HxlTag, is_hxl_row, parse_coordinate, parse_lat_lon};

/// A CSV table read leniently: header, optional HXL row, rows with their line numbers, and
/// the errors of rows that could not be split into the header's columns.
pub(crate) struct Table {
    pub label: String,
    /// Header cells as written.
    pub raw_names: Vec<String>,
    /// Header cells normalised (lower case, non-alphanumerics → `_`).
    pub names: Vec<String>,
    pub tags: Vec<Option<HxlTag>>,
    /// Whether each column is dropped as personal data.
    pub dropped: Vec<bool>,
    pub rows: Vec<(u64, Vec<String>)>,
    pub errors: Vec<Diagnostic>,
    pub data_rows: usize,
}

/// Normalises a column name: lower case, runs of non-alphanumerics become `_`.
pub(crate) fn normalise_name(s: &str) -> String {
    let mut out = String::new();
    for c in s
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .flat_map(char::to_lowercase)
        .map(crate::cases::types::fold_accent)
    {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// Whether a (normalised) column name or HXL tag looks like personal data.
pub(crate) fn looks_personal(name: &str, tag: Option<&HxlTag>) -> bool {
    if tag.is_some_and(|t| {
        t.base == "contact"
            || (t.has("name")
                && !matches!(t.base.as_str(), "geo" | "adm1" | "adm2" | "loc" | "org"))
    }) {
        return true;
    }
    let tokens: Vec<&str> = name.split('_').collect();
    let has = |w: &[&str]| tokens.iter().any(|t| w.contains(t));
    let joined = tokens.concat();
    const ALWAYS: &[&str] = &[
        "phone",
        "telephone",
        "tel",
        "mobile",
        "mobilephone",
        "homephone",
        "celular",
        "telefono",
        "email",
        "mail",
        "correo",
        "passport",
        "pasaporte",
        "document",
        "documento",
        "curp",
        "dni",
        "ssn",
        "birthdate",
        "dob",
        "address",
        "direccion",
        "street",
        "calle",
        "firstname",
        "lastname",
        "surname",
        "fullname",
        "middlename",
        "secondname",
        "givenname",
        "familyname",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "salutation",
    ];
    if has(ALWAYS)
        || [
            "emailaddress",
            "idnumber",
            "nationalid",
            "documentnumber",
            "dateofbirth",
            "birthdate",
            "mailingstreet",
        ]
        .iter()
        .any(|w| joined.contains(w))
    {
        return true;
    }
    if has(&["name", "names"]) {
        const PLACE: &[&str] = &[
            "place",
            "location",
            "hub",
            "city",
            "route",
            "site",
            "org",
            "organisation",
            "organization",
            "country",
            "region",
            "state",
            "municipality",
            "town",
            "file",
        ];
        return !has(PLACE);
    }
    false
}

impl Table {
    pub fn read(label: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = rdr.records();
        let mut errors = Vec::new();
        let header = match records.next() {
            None => {
                return Err(Error::Invalid(vec![Diagnostic::error(
                    ProblemKind::InvalidProperty,
                    SourceLocation::file(label),
                    "empty file: no header row",
                )]));
            }
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return Err(Error::Invalid(vec![Diagnostic::error(
                    ProblemKind::InvalidProperty,
                    SourceLocation::line(label, e.position().map_or(1, |p| p.line())),
                    format!("unreadable header row: {e}"),
                )]));
            }
        };
        let raw_names: Vec<String> = header.iter().map(|s| s.trim().to_string()).collect();
        let mut tags: Vec<Option<HxlTag>> = vec![None; raw_names.len()];
        let mut names: Vec<String> = raw_names.iter().map(|s| normalise_name(s)).collect();
        let mut rows = Vec::new();
        let mut data_rows = 0;
        if is_hxl_row(&raw_names) {
            // hashtags only, no text header
            tags = raw_names.iter().map(|c| HxlTag::parse(c)).collect();
            names = raw_names.iter().map(|c| normalise_name(c)).collect();
        }
        let mut first = true;
        for rec in records {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line());
                    let cells: Vec<String> = r.iter().map(|s| s.to_string()).collect();
                    if first && tags.iter().all(Option::is_none) && is_hxl_row(&cells) {
                        tags = cells.iter().map(|c| HxlTag::parse(c)).collect();
                        tags.resize(raw_names.len(), None);
                        first = false;
                        continue;
                    }
                    first = false;
                    data_rows += 1;
                    if cells.len() != raw_names.len() {
                        errors.push(Diagnostic::error(
                            ProblemKind::InvalidProperty,
                            SourceLocation::line(label, line),
                            format!(
                                "expected {} fields as in the header, found {}",
                                raw_names.len(),
                                cells.len()
                            ),
                        ));
                        continue;
                    }
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        errors.push(Diagnostic::error(
                            ProblemKind::InvalidProperty,
                            SourceLocation::line(label, line),
                            "empty row",
                        ));
                        continue;
                    }
                    rows.push((line, cells));
                }
                Err(e) => {
                    first = false;
                    data_rows += 1;
                    let line = e.position().map_or(0, |p| p.line());
                    errors.push(Diagnostic::error(
                        ProblemKind::InvalidProperty,
                        SourceLocation::line(label, line),
                        format!("unreadable row: {e}"),
                    ));
                }
            }
        }
        let keep: Vec<String> = opts
            .keep_columns
            .iter()
            .map(|k| normalise_name(k))
            .collect();
        let dropped = names
            .iter()
            .zip(&tags)
            .map(|(n, t)| looks_personal(n, t.as_ref()) && !keep.contains(n))
            .collect();
        Ok(Table {
            label: label.to_string(),
            raw_names,
            names,
            tags,
            dropped,
            rows,
            errors,
            data_rows,
        })
    }

    /// First usable column whose HXL tag satisfies `tag`, else whose normalised name is one
    /// of `names` (in order of preference).
    pub fn find(&self, names: &[&str], tag: impl Fn(&HxlTag) -> bool) -> Option<usize> {
        if let Some(i) = (0..self.names.len()).find(|&i| self.tags[i].as_ref().is_some_and(&tag)) {
            return Some(i);
        }
        names
            .iter()
            .find_map(|n| self.names.iter().position(|c| c == n))
    }

    pub fn dropped_columns(&self) -> Vec<String> {
        self.raw_names
            .iter()
            .zip(&self.dropped)
            .filter(|(_, d)| **d)
            .map(|(n, _)| n.clone())
            .collect()
    }

    pub fn row_error(
        &self,
        line: u64,
        col: Option<usize>,
        kind: ProblemKind,
        msg: impl Into<String>,
    ) -> Diagnostic {
        let mut loc = SourceLocation::line(&self.label, line);
        if let Some(c) = col {
            loc = loc.with_field(self.raw_names[c].clone());
        }
        Diagnostic::error(kind, loc, msg)
    }
}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))
}

/// Parses an optional non-negative integer count (`"3"`, `"3.0"`; empty → `None`).
pub(crate) fn parse_count(s: &str) -> std::result::Result<Option<u32>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let v: f64 = t.parse().map_err(|_| format!("{t:?} is not a number"))?;
    if !v.is_finite() || v < 0.0 || v.fract() != 0.0 || v > f64::from(u32::MAX) {
        return Err(format!("{t:?} is not a non-negative whole number"));
    }
    Ok(Some(v as u32))
}

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

/// Reads a CSV of case points from a file.
///
/// ```
/// use corridors::cases::ReadOptions;
/// let r = corridors::io::cases_csv::read_cases_csv(
///     "tests/fixtures/cases/ngo_dms.csv", &ReadOptions::default()).unwrap();
/// assert!(!r.records.is_empty());
/// for e in &r.errors {
///     assert!(e.location.line.is_some());
/// }
/// ```
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Invalid`] if it has no header or no
/// coordinate columns, or (strict mode) any row error.
pub fn read_cases_csv(
    path: impl AsRef<Path>,
    opts: &ReadOptions,
) -> Result<ReadReport<CaseRecord>> {
    let path = path.as_ref();
    read_cases_csv_bytes(&path.display().to_string(), &read_bytes(path)?, opts)
}

/// Reads a CSV of case points from memory; `label` names the source in diagnostics.
///
/// ```
/// use corridors::cases::ReadOptions;
/// use corridors::io::cases_csv::read_cases_csv_bytes;
/// let csv = "id,lat,lon,phone\nA1,14.9,-92.26,555-0100\nA2,91,-92,\n";
/// let r = read_cases_csv_bytes("mem.csv", csv.as_bytes(), &ReadOptions::default()).unwrap();
/// assert_eq!(r.records.len(), 1);
/// assert_eq!(r.errors[0].location.line, Some(3));
/// assert_eq!(r.errors[0].location.field.as_deref(), Some("lat"));
/// assert_eq!(r.dropped_columns, ["phone"]);
/// assert!(r.records[0].properties.is_empty());
/// ```
///
/// # Errors
/// As [`read_cases_csv`].
pub fn read_cases_csv_bytes(
    label: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<ReadReport<CaseRecord>> {
    let t = Table::read(label, bytes, opts)?;
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
                    Err((
                        la,
                        if swapped {
                            format!("{e} (latitude and longitude swapped?)")
                        } else {
                            e
                        },
                    ))
                }
                (_, Err(e)) => Err((lo, e)),
            }
        } else {
            let c = cols.coord.unwrap_or(0);
            parse_lat_lon(&cells[c]).map_err(|e| (c, e))
        };
        let (lon, lat) = match loc {
            Ok(v) => v,
            Err((c, msg)) => {
                let kind = if msg.contains("out of range") {
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
                    errors.push(row_error(Some(c), ProblemKind::InvalidProperty, e));
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
