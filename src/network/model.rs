//! Plain data types of the network: hubs, segments, their kinds and ids.

use std::fmt;
use std::str::FromStr;

use geo::{LineString, Point};
use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// Free-form properties carried through from the input (a JSON object).
pub type Properties = serde_json::Map<String, serde_json::Value>;

/// An id as written in the input: a string or an integer.
///
/// Integer ids are kept as integers so that output echoes them unchanged; lookups use the
/// textual form ([`FeatureId::as_key`]), so `5` and `"5"` name the same element and may not
/// both be used.
///
/// ```
/// use corridors::FeatureId;
/// let a: FeatureId = serde_json::from_str("17").unwrap();
/// assert_eq!(a, FeatureId::Int(17));
/// assert_eq!(a.as_key(), "17");
/// assert_eq!(serde_json::to_string(&a).unwrap(), "17");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FeatureId {
    /// An integer id.
    Int(i64),
    /// A string id.
    Str(String),
}

impl FeatureId {
    /// The textual form used for lookups and messages.
    pub fn as_key(&self) -> String {
        match self {
            FeatureId::Int(i) => i.to_string(),
            FeatureId::Str(s) => s.clone(),
        }
    }

    /// Calls `f` with the textual form, written on the stack for an integer: the id lookups
    /// hash and compare millions of keys without an allocation each.
    pub(crate) fn with_key<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            FeatureId::Str(s) => f(s),
            FeatureId::Int(i) => f(itoa::Buffer::new().format(*i)),
        }
    }

    /// Whether two ids have the same textual form ([`as_key`](Self::as_key)), without
    /// writing it for two integers or two strings.
    pub(crate) fn same_key(&self, other: &FeatureId) -> bool {
        match (self, other) {
            (FeatureId::Int(a), FeatureId::Int(b)) => a == b,
            (FeatureId::Str(a), FeatureId::Str(b)) => a == b,
            _ => self.with_key(|a| other.with_key(|b| a == b)),
        }
    }

    /// Reads an id from a JSON value: strings and integers are accepted.
    pub fn from_json(value: &serde_json::Value) -> Option<FeatureId> {
        match value {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(FeatureId::Str(s.clone())),
            serde_json::Value::Number(n) => n.as_i64().map(FeatureId::Int),
            _ => None,
        }
    }

    /// The id as a JSON value (integer or string).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FeatureId::Int(i) => serde_json::Value::from(*i),
            FeatureId::Str(s) => serde_json::Value::from(s.clone()),
        }
    }
}

impl fmt::Display for FeatureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeatureId::Int(i) => write!(f, "{i}"),
            FeatureId::Str(s) => f.write_str(s),
        }
    }
}

impl From<&str> for FeatureId {
    fn from(s: &str) -> Self {
        FeatureId::Str(s.to_string())
    }
}

impl From<String> for FeatureId {
    fn from(s: String) -> Self {
        FeatureId::Str(s)
    }
}

impl From<i64> for FeatureId {
    fn from(i: i64) -> Self {
        FeatureId::Int(i)
    }
}

/// The role a hub plays in the corridor system.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum HubKind {
    /// Where people enter the country (e.g. Tapachula on the Guatemalan border).
    Entry,
    /// A hub on the way (rail junctions, highway cities).
    Transit,
    /// A tourist centre where victims may be exploited (Cancún, Acapulco …).
    TouristCentre,
    /// A border city or crossing to the next country north (Tijuana, Ciudad Juárez …).
    BorderCrossing,
    /// A place of origin (e.g. Central American capitals).
    Origin,
    /// A final destination.
    Destination,
    /// Anything else, and hubs created at unmatched line ends.
    #[default]
    Other,
}

impl HubKind {
    /// All kinds, in a fixed order (for summaries).
    pub const ALL: [HubKind; 7] = [
        HubKind::Entry,
        HubKind::Transit,
        HubKind::TouristCentre,
        HubKind::BorderCrossing,
        HubKind::Origin,
        HubKind::Destination,
        HubKind::Other,
    ];

    /// The snake_case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            HubKind::Entry => "entry",
            HubKind::Transit => "transit",
            HubKind::TouristCentre => "tourist_centre",
            HubKind::BorderCrossing => "border_crossing",
            HubKind::Origin => "origin",
            HubKind::Destination => "destination",
            HubKind::Other => "other",
        }
    }
}

impl fmt::Display for HubKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for HubKind {
    type Err = ParseError;

    /// Parses the snake_case name; `tourist_center` (US spelling) is accepted too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        match norm.as_str() {
            "tourist_center" => return Ok(HubKind::TouristCentre),
            "border" => return Ok(HubKind::BorderCrossing),
            _ => {}
        }
        HubKind::ALL
            .into_iter()
            .find(|k| k.as_str() == norm)
            .ok_or_else(|| {
                ParseError::new(
                    "hub kind",
                    s,
                    format!(
                        "unknown hub kind {s:?} (expected one of: {})",
                        HubKind::ALL.map(HubKind::as_str).join(", ")
                    ),
                )
            })
    }
}

/// How a segment is travelled.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Road (the default).
    #[default]
    Road,
    /// Rail, including freight trains ridden by migrants.
    Rail,
    /// River crossing or river route.
    River,
    /// Sea route.
    Sea,
    /// Air route.
    Air,
    /// On foot (paths, border crossings away from roads).
    Foot,
    /// Anything else.
    Other,
}

impl Mode {
    /// All modes, in a fixed order (for summaries).
    pub const ALL: [Mode; 7] = [
        Mode::Road,
        Mode::Rail,
        Mode::River,
        Mode::Sea,
        Mode::Air,
        Mode::Foot,
        Mode::Other,
    ];

    /// The snake_case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Road => "road",
            Mode::Rail => "rail",
            Mode::River => "river",
            Mode::Sea => "sea",
            Mode::Air => "air",
            Mode::Foot => "foot",
            Mode::Other => "other",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase();
        Mode::ALL
            .into_iter()
            .find(|m| m.as_str() == norm)
            .ok_or_else(|| {
                ParseError::new(
                    "mode",
                    s,
                    format!(
                        "unknown mode {s:?} (expected one of: {})",
                        Mode::ALL.map(Mode::as_str).join(", ")
                    ),
                )
            })
    }
}

/// A place in the corridor system.
///
/// `location` is WGS84 with x = longitude and y = latitude (GeoJSON order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hub {
    /// Id as written in the input.
    pub id: FeatureId,
    /// Display name (defaults to the id).
    pub name: String,
    /// Role of the hub.
    pub kind: HubKind,
    /// Location, WGS84 lon/lat.
    pub location: Point<f64>,
    /// Other properties of the input feature (e.g. `geonameid`).
    pub properties: Properties,
}

impl Hub {
    /// A hub with no extra properties; the name is the id.
    ///
    /// ```
    /// use corridors::{Hub, HubKind};
    /// let h = Hub::new("tapachula", HubKind::Entry, -92.25891, 14.90541);
    /// assert_eq!(h.name, "tapachula");
    /// ```
    pub fn new(id: impl Into<FeatureId>, kind: HubKind, lon: f64, lat: f64) -> Self {
        let id = id.into();
        Self {
            name: id.to_string(),
            id,
            kind,
            location: Point::new(lon, lat),
            properties: Properties::new(),
        }
    }

    /// Sets the display name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }
}

/// A corridor segment between two hubs.
///
/// The geometry runs from the `from` hub to the `to` hub (WGS84 lon/lat).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Id as written in the input (generated as `s<N>` when the input has none).
    pub id: FeatureId,
    /// Travel mode.
    pub mode: Mode,
    /// Geometry from the `from` hub to the `to` hub.
    pub geometry: LineString<f64>,
    /// Length in metres: geodesic on the WGS84 ellipsoid, unless given as `length_m`.
    pub length_m: f64,
    /// Travel time in minutes, when the input gives one.
    pub minutes: Option<f64>,
    /// Travel speed in km/h, when the input gives one.
    pub speed_kmh: Option<f64>,
    /// Travelled only from `from` to `to`.
    pub oneway: bool,
    /// Other properties of the input feature.
    pub properties: Properties,
}
