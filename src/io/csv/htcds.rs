//! HTCDS historic trafficking events (layout in [`crate::io::csv`]).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use geo::Point;

use crate::cases::{EventType, Itinerary, Stop, StopPlace};
use crate::error::{Diagnostic, Error, ProblemKind, Result, Severity, SourceLocation};
use crate::io::dates::DateEvidence;
use crate::io::dialect::parse_coordinate_in;
use crate::io::hxl::Axis;
use crate::io::{ReadOptions, ReadReport, open};
use crate::network::Mode;

use super::table::{Table, cell, parse_count_in};
use crate::io::aliases::{ColumnRole, find_column};

/// Reads an HTCDS events CSV file into itineraries.
///
/// ```
/// use corridors::io::ReadOptions;
/// let r = corridors::io::csv::read_htcds(
///     "data/mexico/itineraries_synthetic.csv", &ReadOptions::default())?;
/// assert!(!r.records.is_empty());
/// assert!(r.records.iter().all(|it| !it.stops.is_empty()));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`]; [`Error::Invalid`] if the case-id column or every place column is absent,
/// or (strict mode) any row error.
pub fn read_htcds(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadReport<Itinerary>> {
    let (label, file) = open(path.as_ref())?;
    read_htcds_from(&label, file, opts)
}

/// Reads HTCDS events from any reader; `label` names the source in diagnostics.
///
/// ```
/// use corridors::cases::StopPlace;
/// use corridors::io::ReadOptions;
/// let csv = "hte_CaseId,hte_Date,hte_Type,hte_Latitude,hte_Longitude,hte_City,hte_Country\n\
///            C1,2024-03-02,Exploitation,,,Cancún,MX\n\
///            C1,2024-01-10,Recruitment,14.9054,-92.2589,,\n";
/// let r = corridors::io::csv::read_htcds_from("mem.csv", csv.as_bytes(), &ReadOptions::default())?;
/// let it = &r.records[0];
/// assert_eq!(it.stops.len(), 2);
/// assert!(matches!(it.stops[0].place, StopPlace::Point(_))); // earlier date first
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_htcds`].
pub fn read_htcds_from(
    label: &str,
    reader: impl Read,
    opts: &ReadOptions,
) -> Result<ReadReport<Itinerary>> {
    let mut t = Table::read(label, reader, opts)?;
    let head = &mut t.head;
    for (n, d) in head.names.iter().zip(head.dropped.iter_mut()) {
        if matches!(
            n.as_str(),
            "hte_description" | "hte_street" | "hte_postalcode" | "description"
        ) {
            *d = true;
        }
    }
    let col = |role| find_column(role, &t.names, &t.tags);
    let case = col(ColumnRole::CaseId);
    let date = col(ColumnRole::Date);
    let kind = col(ColumnRole::EventType);
    let lat = col(ColumnRole::Latitude);
    let lon = col(ColumnRole::Longitude);
    let city = col(ColumnRole::City);
    let state = col(ColumnRole::State);
    let country = col(ColumnRole::Country);
    let victims = col(ColumnRole::Count);
    // the travel mode a case names (HTCDS has none; NGO exports often do)
    let mode = col(ColumnRole::TransportMode);
    let Some(case) = case else {
        return Err(Error::Invalid(vec![Diagnostic::error(
            ProblemKind::MissingId,
            SourceLocation::line(label, 1),
            "no case-id column (hte_CaseId, cas_Id or case_id)",
        )]));
    };
    if (lat.is_none() || lon.is_none()) && city.is_none() {
        return Err(Error::Invalid(vec![Diagnostic::error(
            ProblemKind::InvalidProperty,
            SourceLocation::line(label, 1),
            "no place columns (hte_Latitude + hte_Longitude, or hte_City)",
        )]));
    }
    let dialect = t.dialect;
    // the day-month order of the date column, decided once for the file
    let date_rule = date.map(|c| {
        let mut ev = DateEvidence::default();
        for (line, cells) in &t.rows {
            ev.observe(*line, cell(cells, Some(c)));
        }
        ev.rule(opts.date_format)
    });
    let mut errors = t.errors.clone();
    let mut warnings = t.warnings.clone();
    let mut order: Vec<String> = Vec::new();
    // per case: its stops, largest victim count and first named mode
    type Case = (Vec<Stop>, Option<u32>, Option<Mode>);
    let mut by_case: HashMap<String, Case> = HashMap::new();
    for (line, cells) in &t.rows {
        let line = *line;
        let get = |c: Option<usize>| Some(cell(cells, c)).filter(|s| !s.is_empty());
        let Some(id) = get(Some(case)) else {
            errors.push(t.row_error(line, Some(case), ProblemKind::MissingId, "missing case id"));
            continue;
        };
        let with_id = |mut d: Diagnostic| {
            d.location.id = Some(id.to_string());
            d
        };
        if let Some(w) = t.ragged(line, cells) {
            warnings.push(with_id(w));
        }
        let place = if get(lat).is_some() || get(lon).is_some() {
            match (
                parse_coordinate_in(get(lat).unwrap_or(""), Axis::Lat, &dialect),
                parse_coordinate_in(get(lon).unwrap_or(""), Axis::Lon, &dialect),
            ) {
                (Ok(la), Ok(lo)) => StopPlace::Point(Point::new(lo, la)),
                (Err(e), _) => {
                    errors.push(with_id(t.row_error(
                        line,
                        lat,
                        ProblemKind::InvalidProperty,
                        e.message,
                    )));
                    continue;
                }
                (_, Err(e)) => {
                    errors.push(with_id(t.row_error(
                        line,
                        lon,
                        ProblemKind::InvalidProperty,
                        e.message,
                    )));
                    continue;
                }
            }
        } else if let Some(name) = get(city) {
            StopPlace::Place {
                name: name.to_string(),
                state: get(state).map(str::to_string),
                country: get(country).map(str::to_string),
            }
        } else {
            errors.push(with_id(t.row_error(
                line,
                city,
                ProblemKind::InvalidProperty,
                "event has neither coordinates nor a city",
            )));
            continue;
        };
        // From here on a problem leaves the field empty and the event is kept.
        let mut warn = |c: Option<usize>, kind: ProblemKind, msg: String| {
            let mut d = with_id(t.row_error(line, c, kind, msg));
            d.severity = Severity::Warning;
            warnings.push(d);
        };
        let d = match (date, &date_rule) {
            (Some(c), Some(rule)) => match rule.parse(cell(cells, Some(c))) {
                Ok(None) => None,
                Ok(Some(p)) => match p.day() {
                    Some(d) => Some(d),
                    None => {
                        warn(
                            date,
                            ProblemKind::InvalidProperty,
                            format!("date {p} is not a day; left empty"),
                        );
                        None
                    }
                },
                Err(e) => {
                    warn(date, ProblemKind::InvalidProperty, e);
                    None
                }
            },
            _ => None,
        };
        let k = match get(kind).map(str::parse::<EventType>) {
            None => None,
            Some(Ok(k)) => Some(k),
            Some(Err(e)) => {
                warn(kind, ProblemKind::InvalidProperty, e.into());
                None
            }
        };
        let n = match victims.map(|c| parse_count_in(cell(cells, Some(c)), dialect.decimal_comma)) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(v))) => Some(v),
            Some(Err(e)) => {
                warn(victims, ProblemKind::InvalidNumber, e);
                None
            }
        };
        let m = match get(mode).map(str::parse::<Mode>) {
            None => None,
            Some(Ok(m)) => Some(m),
            Some(Err(e)) => {
                warn(mode, ProblemKind::InvalidProperty, e.to_string());
                None
            }
        };
        let entry = by_case.entry(id.to_string()).or_insert_with(|| {
            order.push(id.to_string());
            (Vec::new(), None, None)
        });
        // the first mode a case names is its mode
        entry.2 = entry.2.or(m);
        if let Some(v) = n {
            entry.1 = Some(entry.1.map_or(v, |x: u32| x.max(v)));
        }
        entry.0.push(Stop {
            place,
            date: d,
            kind: k,
            line,
        });
    }
    let rank = |k: Option<EventType>| match k {
        Some(EventType::Recruitment) => 0,
        Some(EventType::Transit) | None => 1,
        Some(EventType::Exploitation) => 2,
    };
    let mut records = Vec::with_capacity(order.len());
    for id in order {
        let Some((mut stops, victims, mode)) = by_case.remove(&id) else {
            continue;
        };
        if stops.iter().all(|s| s.date.is_some()) {
            stops.sort_by_key(|s| (s.date, rank(s.kind), s.line));
        } else {
            let undated = stops
                .iter()
                .find(|s| s.date.is_none())
                .map_or(0, |s| s.line);
            stops.sort_by_key(|s| (rank(s.kind), s.line));
            warnings.push(Diagnostic::warning(
                ProblemKind::InvalidProperty,
                SourceLocation::line(label, undated).with_field("hte_Date"),
                format!("case {id}: some events have no date; stops ordered by event type, then file order"),
            ));
        }
        records.push(Itinerary {
            case_id: id,
            stops,
            victims: victims.unwrap_or(1),
            mode,
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
