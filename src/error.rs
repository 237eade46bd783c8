//! Errors and diagnostics.
//!
//! The library never prints. Problems found while reading or building a network are
//! [`Diagnostic`]s that carry a [`SourceLocation`] (file, feature or row, id, field) and a
//! machine-readable [`ProblemKind`]. Errors stop a build; warnings are collected in the
//! [`BuildReport`](crate::BuildReport).

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the input a problem was found.
///
/// Every field is optional because a problem can concern a whole file (invalid JSON), one
/// feature of a GeoJSON file, or one row and column of a CSV table.
///
/// ```
/// use corridors::SourceLocation;
/// let loc = SourceLocation::feature("hubs.geojson", 3).with_id("tapachula");
/// assert_eq!(loc.to_string(), "hubs.geojson: feature 3 (id \"tapachula\")");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLocation {
    /// File name (or a label such as `<builder>` for values added through the API), shared
    /// by every location in the same file: a reader clones one `Arc` per feature, not the
    /// name (on a 3·10⁶-segment network that is about 200 MB less).
    pub file: Option<Arc<str>>,
    /// Zero-based index of the feature in its FeatureCollection.
    pub feature: Option<usize>,
    /// One-based line number (CSV rows, JSON syntax errors).
    pub line: Option<u64>,
    /// Column or property name.
    pub field: Option<String>,
    /// Id of the hub or segment concerned, as written in the input.
    pub id: Option<String>,
}

impl SourceLocation {
    /// A location in a file as a whole.
    pub fn file(file: impl Into<Arc<str>>) -> Self {
        Self {
            file: Some(file.into()),
            ..Self::default()
        }
    }

    /// A location at feature `index` of `file`.
    pub fn feature(file: impl Into<Arc<str>>, index: usize) -> Self {
        Self {
            file: Some(file.into()),
            feature: Some(index),
            ..Self::default()
        }
    }

    /// A location at a (one-based) line of `file`.
    pub fn line(file: impl Into<Arc<str>>, line: u64) -> Self {
        Self {
            file: Some(file.into()),
            line: Some(line),
            ..Self::default()
        }
    }

    /// Sets the id of the element concerned.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the field (property or column) concerned.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(feature) = self.feature {
            parts.push(format!("feature {feature}"));
        }
        let mut s = self.file.as_deref().unwrap_or("<input>").to_string();
        if !parts.is_empty() {
            s.push_str(": ");
            s.push_str(&parts.join(", "));
        }
        if let Some(id) = &self.id {
            s.push_str(&format!(" (id {id:?})"));
        }
        if let Some(field) = &self.field {
            s.push_str(&format!(" [{field}]"));
        }
        f.write_str(&s)
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The network is built, but the caller should look at this.
    Warning,
    /// The input is rejected.
    Error,
}

/// What kind of problem a [`Diagnostic`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file could not be read.
    Io,
    /// The file is not valid JSON.
    InvalidJson,
    /// Valid JSON but not GeoJSON of the expected shape (e.g. not a FeatureCollection).
    InvalidGeoJson,
    /// A geometry type the network cannot use (Polygon, …), or a null geometry.
    UnsupportedGeometry,
    /// A coordinate is NaN or infinite.
    NonFiniteCoordinate,
    /// Longitude outside −180…180 or latitude outside −90…90.
    CoordinateOutOfRange,
    /// The coordinate looks like it was written in (lat, lon) order.
    SwappedCoordinates,
    /// An empty geometry or a LineString with fewer than two points.
    EmptyGeometry,
    /// A hub feature without an `id` property.
    MissingId,
    /// Two hubs or two segments share an id.
    DuplicateId,
    /// A segment refers to a hub id that does not exist.
    UnknownHub,
    /// A property has the wrong type or an invalid value (unknown kind/mode, non-numeric …).
    InvalidProperty,
    /// A length, travel time, speed or weight that is negative, NaN or infinite.
    InvalidNumber,
    /// A MultiLineString whose parts do not join and cannot be split unambiguously.
    MultiLineString,
    /// A segment end lies farther than the tolerance from its `from`/`to` hub.
    EndpointFarFromHub,
    /// A segment's geometry runs from its `to` hub to its `from` hub (it was reversed).
    ReversedGeometry,
    /// A segment of zero length.
    ZeroLength,
    /// A segment that starts and ends at the same hub.
    SelfLoop,
    /// The network has more than one connected component.
    Disconnected,
    /// A hub without any segment.
    IsolatedHub,
    /// Two segments cross or touch away from a hub: a crossing that is not a junction.
    Crossing,
    /// A weighting has no usable value for a segment.
    MissingWeight,
    /// The input refers to data it does not contain (e.g. an OSM node outside the extract).
    IncompleteData,
    /// A GeoParquet file that cannot be read: not Parquet or truncated, no `geo` metadata or
    /// geometry column, a CRS other than WGS84, a codec or column type not read, or a row
    /// whose geometry or value cannot be decoded (feature `geoparquet`).
    InvalidParquet,
}

/// One problem found in the input, with its location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error (rejects the input) or warning.
    pub severity: Severity,
    /// The kind of problem, for programs.
    pub kind: ProblemKind,
    /// Where it is.
    pub location: SourceLocation,
    /// What is wrong, for people.
    pub message: String,
}

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(kind: ProblemKind, location: SourceLocation, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            kind,
            location,
            message: message.into(),
        }
    }

    /// A warning diagnostic.
    pub fn warning(
        kind: ProblemKind,
        location: SourceLocation,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            kind,
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}: {}", self.location, self.message)
    }
}

/// A value that could not be parsed from text (a hub kind, a mode, a date, …): the `Err` of
/// this crate's [`FromStr`](std::str::FromStr) impls. Its Display is the whole message, which
/// names the text and what was expected.
///
/// ```
/// let e = "lorry".parse::<corridors::Mode>().unwrap_err();
/// assert_eq!((e.what, e.input.as_str()), ("mode", "lorry"));
/// assert!(e.to_string().starts_with("unknown mode \"lorry\""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// What was being parsed (`"hub kind"`, `"mode"`, `"date"`, `"event type"`,
    /// `"classification"`).
    pub what: &'static str,
    /// The text that could not be parsed.
    pub input: String,
    /// The full message.
    pub message: String,
}

/// The message, for diagnostics that carry text.
impl From<ParseError> for String {
    fn from(e: ParseError) -> String {
        e.message
    }
}

impl ParseError {
    pub(crate) fn new(what: &'static str, input: &str, message: String) -> Self {
        Self {
            what,
            input: input.to_string(),
            message,
        }
    }
}

/// The error type of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input has one or more errors; all of them are listed (warnings found so far too).
    #[error("{}", invalid_summary(.0))]
    Invalid(Vec<Diagnostic>),
    /// A hub reference (id, name, `kind:KIND`, `country:CC`) that names no hub of the
    /// network; `suggestions` are the closest ids or names ("did you mean").
    #[error("unknown hub {reference:?}{}", unknown_hub_hint(.suggestions))]
    UnknownHub {
        /// The reference as given (trimmed).
        reference: String,
        /// Up to three close matches, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A weighting could not be computed for a segment.
    #[error("segment {segment:?}: {reason}")]
    Weight {
        /// Segment id.
        segment: String,
        /// What is wrong.
        reason: String,
    },
    /// An argument is out of its domain (e.g. a negative tolerance).
    #[error("invalid argument {name}: {reason}")]
    InvalidArgument {
        /// The argument as the caller writes it: a parameter name (`candidates`) or an
        /// option field (`tolerance_m`).
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Serialising or encoding output failed. The cause is the error's
    /// [`source`](std::error::Error::source), so a report of the chain (`anyhow`'s `{:#}`)
    /// reads "serialising output: `cause`".
    #[error("serialising output")]
    Serialize(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The computation was cancelled through [`crate::exec::Exec::cancel`].
    #[error("cancelled")]
    Cancelled,
}

/// The hint every unknown-hub message ends with.
pub(crate) const REFERENCE_FORMS: &str =
    "a hub is named by its id, its name, kind:KIND or country:CC";

fn unknown_hub_hint(suggestions: &[String]) -> String {
    let forms = REFERENCE_FORMS;
    if suggestions.is_empty() {
        format!(" ({forms})")
    } else {
        format!("; did you mean {}? ({forms})", suggestions.join(", "))
    }
}

fn invalid_summary(diags: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    match errors.as_slice() {
        [] => "invalid input".to_string(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more errors)", rest.len()),
    }
}

impl Error {
    /// The diagnostics of an [`Error::Invalid`], empty for other errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(d) => d,
            _ => &[],
        }
    }

    /// An [`Error::InvalidArgument`] naming the argument `name`.
    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }

    pub(crate) fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Serialize(Box::new(e))
    }
}
