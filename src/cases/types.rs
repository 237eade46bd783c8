//! Plain data types of case records and itineraries.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use geo::Point;
use serde::{Deserialize, Serialize};

use crate::cases::DatePeriod;
use crate::error::ParseError;

/// Folds common Latin accented letters to ASCII (á → a, ñ → n …), for name matching.
pub(crate) fn fold_accent(c: char) -> char {
    crate::network::hubref::fold_accent(c)
}

/// A calendar date (no time zone), parsed from `YYYY-MM-DD` (optionally followed by a time)
/// or `YYYY/MM/DD`. Day-first and month-first forms are rejected as ambiguous.
///
/// ```
/// use corridors::cases::Date;
/// let d: Date = "2023-07-04T10:00:00Z".parse().unwrap();
/// assert_eq!(d.to_string(), "2023-07-04");
/// assert!("04/07/2023".parse::<Date>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31 (checked against the month, with leap years).
    pub day: u8,
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let t = s.trim();
        let head: String = t.chars().take_while(|c| *c != 'T' && *c != ' ').collect();
        let parts: Vec<&str> = head.split(['-', '/']).collect();
        let bad = || {
            ParseError::new(
                "date",
                s,
                format!("unrecognised date {s:?} (expected YYYY-MM-DD)"),
            )
        };
        if parts.len() != 3 || parts[0].len() != 4 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let dim = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => {
                return Err(ParseError::new(
                    "date",
                    s,
                    format!("invalid month in date {s:?}"),
                ));
            }
        };
        if day == 0 || day > dim {
            return Err(ParseError::new(
                "date",
                s,
                format!("invalid day in date {s:?}"),
            ));
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One case (incident) read from a table of points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// Case id as written in the input (sensitive: never written by aggregate outputs).
    pub id: Option<String>,
    /// One-based line of the row in its file (the feature index for GeoJSON input).
    pub line: u64,
    /// Location, WGS84 lon/lat (sensitive: never written by aggregate outputs).
    pub location: Point<f64>,
    /// Date of the incident, as precisely as the source gives it: a day, or a month or a
    /// year (`2023-07`, `2023`) kept as that period rather than made into a fake day.
    /// Date filters ([`crate::cases::AggregateOptions`]) compare periods by overlap.
    pub date: Option<DatePeriod>,
    /// Number of victims (or dead and missing) in the case, when given.
    pub count: Option<u32>,
    /// Route label (e.g. Missing Migrants' `migration_route`).
    pub route: Option<String>,
    /// Other columns kept (personal-data columns are dropped unless kept explicitly).
    pub properties: BTreeMap<String, String>,
}

impl CaseRecord {
    /// Victims counted for this case: `count`, or 1 when the input gives none.
    pub fn victims(&self) -> u32 {
        self.count.unwrap_or(1)
    }
}

/// Type of an HTCDS historic trafficking event (`hte_Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Where the victim was recruited.
    Recruitment,
    /// A place passed through.
    Transit,
    /// Where the victim was exploited.
    Exploitation,
}

impl FromStr for EventType {
    type Err = ParseError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "recruitment" => Ok(EventType::Recruitment),
            "transit" => Ok(EventType::Transit),
            "exploitation" => Ok(EventType::Exploitation),
            _ => Err(ParseError::new(
                "event type",
                s,
                format!("unknown event type {s:?} (expected Recruitment, Transit or Exploitation)"),
            )),
        }
    }
}

/// Where a stop is: a point, a place name, or a hub id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopPlace {
    /// WGS84 lon/lat.
    Point(Point<f64>),
    /// A place name with optional state/province and country (name or ISO code).
    Place {
        /// City or place name, a hub id, or a GeoNames id.
        name: String,
        /// State or province.
        state: Option<String>,
        /// Country name or ISO 3166 alpha-2 code.
        country: Option<String>,
    },
}

/// One stop of an itinerary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stop {
    /// Where.
    pub place: StopPlace,
    /// When.
    pub date: Option<Date>,
    /// Event type, if known.
    pub kind: Option<EventType>,
    /// One-based line of the stop in its file.
    pub line: u64,
}

/// The ordered stops of one case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Itinerary {
    /// Case id (sensitive).
    pub case_id: String,
    /// Stops in travel order (by date, then input order).
    pub stops: Vec<Stop>,
    /// Number of victims in the case (1 when not given).
    pub victims: u32,
    /// The travel mode the record names for the case (e.g. `rail` for La Bestia), when it
    /// names one: its legs prefer segments of that mode (see
    /// [`route_itineraries`](crate::cases::route_itineraries)).
    #[serde(default)]
    pub mode: Option<crate::network::Mode>,
}
