//! Humanitarian Exchange Language (HXL) hashtag rows and coordinate parsing.
//!
//! HXL files carry a row of hashtags (`#geo+lat`, `#affected+killed`, …) under the header
//! row; [`is_hxl_row`] recognises it and [`HxlTag`] parses one tag. Coordinates in the wild
//! come as decimal degrees (`19.4326`, `-99.1332`), with hemisphere letters (`19.4326N`),
//! or as degrees-minutes-seconds (`19°25'57.4"N`, `99 07 59.5 W`, `N 19° 25.957'`);
//! [`parse_coordinate`] reads them all, [`parse_lat_lon`] a single "lat, lon" cell.

/// A parsed HXL hashtag: `#geo+lat` → base `geo`, attributes `["lat"]` (lower case).
///
/// ```
/// use corridors::io::hxl::HxlTag;
/// let t = HxlTag::parse("#Geo +Lat").unwrap();
/// assert_eq!(t.base, "geo");
/// assert!(t.has("lat"));
/// assert!(HxlTag::parse("Latitude").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HxlTag {
    /// The hashtag without `#`, lower case.
    pub base: String,
    /// The attributes without `+`, lower case.
    pub attributes: Vec<String>,
}

impl HxlTag {
    /// Parses one cell as a hashtag; `None` if it is not one.
    pub fn parse(cell: &str) -> Option<HxlTag> {
        let s = cell.trim();
        let rest = s.strip_prefix('#')?;
        let mut parts = rest.split('+').map(|p| p.trim().to_ascii_lowercase());
        let base = parts.next()?;
        if base.is_empty() || !base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        Some(HxlTag {
            base,
            attributes: parts.filter(|p| !p.is_empty()).collect(),
        })
    }

    /// Whether the tag has this attribute.
    pub fn has(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute)
    }
}

/// Whether a row is an HXL hashtag row: at least one cell is a hashtag and every non-empty
/// cell is one.
///
/// ```
/// use corridors::io::hxl::is_hxl_row;
/// assert!(is_hxl_row(&["#event+id", "", "#geo+coord"]));
/// assert!(!is_hxl_row(&["#1", "Tapachula"]));
/// ```
pub fn is_hxl_row<S: AsRef<str>>(cells: &[S]) -> bool {
    let mut any = false;
    for c in cells {
        let c = c.as_ref().trim();
        if c.is_empty() {
            continue;
        }
        if HxlTag::parse(c).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// Latitude or longitude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Latitude (−90…90, hemisphere N/S).
    Lat,
    /// Longitude (−180…180, hemisphere E/W; `O` for Spanish *oeste* is read as W).
    Lon,
}

impl Axis {
    fn name(self) -> &'static str {
        match self {
            Axis::Lat => "latitude",
            Axis::Lon => "longitude",
        }
    }
}

/// What kind of problem a coordinate cell has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CoordinateProblem {
    /// The cell is empty.
    Missing,
    /// Not a number in decimal degrees or degrees-minutes-seconds (or not finite, or minutes
    /// or seconds ≥ 60, or not two values where a "lat, lon" pair is expected).
    Malformed,
    /// A hemisphere letter that does not fit the axis, two of them, or a sign and a letter.
    Hemisphere,
    /// Outside −90…90 (latitude) or −180…180 (longitude).
    OutOfRange,
}

/// A coordinate cell that could not be read: the kind of problem, for programs, and a message
/// that quotes the cell, for people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CoordinateError {
    /// What kind of problem.
    pub problem: CoordinateProblem,
    /// What is wrong, for people.
    pub message: String,
}

impl CoordinateError {
    pub(crate) fn new(problem: CoordinateProblem, message: impl Into<String>) -> Self {
        Self {
            problem,
            message: message.into(),
        }
    }
}

/// Parses one coordinate in decimal degrees or degrees-minutes-seconds, with an optional
/// sign or hemisphere letter before or after. Returns decimal degrees, range-checked.
///
/// ```
/// use corridors::io::hxl::{parse_coordinate, Axis, CoordinateProblem};
/// assert_eq!(parse_coordinate("-99.5", Axis::Lon).unwrap(), -99.5);
/// let lat = parse_coordinate("19°25'57.36\"N", Axis::Lat).unwrap();
/// assert!((lat - 19.4326).abs() < 1e-9);
/// assert!((parse_coordinate("99 07 59.5 W", Axis::Lon).unwrap() + 99.133194).abs() < 1e-6);
/// assert!(parse_coordinate("19°75'N", Axis::Lat).is_err()); // 75 minutes
/// let e = parse_coordinate("95.5", Axis::Lat).unwrap_err();
/// assert_eq!(e.problem, CoordinateProblem::OutOfRange);
/// assert_eq!(e.to_string(), "latitude 95.5 is out of range −90…90");
/// assert!(parse_coordinate("19.4N", Axis::Lon).is_err()); // N on a longitude
/// ```
///
/// # Errors
/// A [`CoordinateError`] saying what is wrong (empty, not a number, minutes or seconds ≥ 60,
/// wrong hemisphere for the axis, out of range, non-finite).
pub fn parse_coordinate(cell: &str, axis: Axis) -> Result<f64, CoordinateError> {
    let s = cell.trim();
    if s.is_empty() {
        return Err(CoordinateError::new(
            CoordinateProblem::Missing,
            format!("missing {}", axis.name()),
        ));
    }
    let upper = s.to_uppercase();
    let mut body = upper.as_str();
    let mut hemi: Option<char> = None;
    if let Some(c) = body.chars().next().filter(|c| "NSEWO".contains(*c)) {
        hemi = Some(c);
        body = &body[c.len_utf8()..];
    }
    if let Some(c) = body
        .trim_end()
        .chars()
        .last()
        .filter(|c| "NSEWO".contains(*c))
    {
        if hemi.is_some() {
            return Err(CoordinateError::new(
                CoordinateProblem::Hemisphere,
                format!("{s:?}: two hemisphere letters"),
            ));
        }
        hemi = Some(c);
        let t = body.trim_end();
        body = &t[..t.len() - c.len_utf8()];
    }
    let body = body.trim();
    let (neg, body) = match body.strip_prefix('-') {
        Some(b) => (true, b.trim_start()),
        None => (false, body.strip_prefix('+').unwrap_or(body).trim_start()),
    };
    let nums: Vec<&str> = body
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|p| !p.is_empty())
        .collect();
    // anything else than digits, dots, separators (° ' " ′ ″ º d m s : space) is an error
    if body
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == '.' || " \t°º'\"′″’”:".contains(c)))
        || nums.is_empty()
        || nums.len() > 3
    {
        return Err(CoordinateError::new(
            CoordinateProblem::Malformed,
            format!(
                "{s:?} is not a {} (decimal degrees or D°M'S\"H)",
                axis.name()
            ),
        ));
    }
    let mut v = [0.0f64; 3];
    for (i, n) in nums.iter().enumerate() {
        v[i] = n.parse::<f64>().map_err(|_| {
            CoordinateError::new(
                CoordinateProblem::Malformed,
                format!("{s:?} is not a {}", axis.name()),
            )
        })?;
    }
    if nums.len() > 1 {
        if nums[..nums.len() - 1].iter().any(|n| n.contains('.')) {
            return Err(CoordinateError::new(
                CoordinateProblem::Malformed,
                format!("{s:?}: only the last of degrees/minutes/seconds may have decimals"),
            ));
        }
        if v[1] >= 60.0 || v[2] >= 60.0 {
            return Err(CoordinateError::new(
                CoordinateProblem::Malformed,
                format!("{s:?}: minutes and seconds must be below 60"),
            ));
        }
    }
    let mut deg = v[0] + v[1] / 60.0 + v[2] / 3600.0;
    if let Some(h) = hemi {
        let ok = match axis {
            Axis::Lat => h == 'N' || h == 'S',
            Axis::Lon => "EWO".contains(h),
        };
        if !ok {
            return Err(CoordinateError::new(
                CoordinateProblem::Hemisphere,
                format!("{s:?}: hemisphere {h} does not fit a {}", axis.name()),
            ));
        }
        if neg {
            return Err(CoordinateError::new(
                CoordinateProblem::Hemisphere,
                format!("{s:?}: both a minus sign and a hemisphere letter"),
            ));
        }
        if h == 'S' || h == 'W' || h == 'O' {
            deg = -deg;
        }
    } else if neg {
        deg = -deg;
    }
    let limit = match axis {
        Axis::Lat => 90.0,
        Axis::Lon => 180.0,
    };
    if !deg.is_finite() {
        return Err(CoordinateError::new(
            CoordinateProblem::Malformed,
            format!("{s:?} is not finite"),
        ));
    }
    if deg.abs() > limit {
        return Err(CoordinateError::new(
            CoordinateProblem::OutOfRange,
            format!("{} {deg} is out of range −{limit}…{limit}", axis.name()),
        ));
    }
    Ok(deg)
}

/// Parses a "lat, lon" cell (comma, semicolon or whitespace-separated), as in Missing
/// Migrants' `location_coodinates`. When hemisphere letters show the order is "lon, lat",
/// the values are swapped. Returns `(lon, lat)`.
///
/// ```
/// use corridors::io::hxl::parse_lat_lon;
/// assert_eq!(parse_lat_lon("32.5149, -117.0382").unwrap(), (-117.0382, 32.5149));
/// assert_eq!(parse_lat_lon("117.0382W 32.5149N").unwrap(), (-117.0382, 32.5149));
/// assert!(parse_lat_lon("32.5").is_err());
/// ```
///
/// # Errors
/// A [`CoordinateError`] when the cell does not hold exactly two valid coordinates.
pub fn parse_lat_lon(cell: &str) -> Result<(f64, f64), CoordinateError> {
    let s = cell.trim();
    if s.is_empty() {
        return Err(CoordinateError::new(
            CoordinateProblem::Missing,
            "missing coordinates",
        ));
    }
    let parts: Vec<&str> = if s.contains([',', ';']) {
        s.split([',', ';']).map(str::trim).collect()
    } else {
        s.split_whitespace().collect()
    };
    if parts.len() != 2 {
        return Err(CoordinateError::new(
            CoordinateProblem::Malformed,
            format!("{s:?}: expected \"lat, lon\""),
        ));
    }
    let ends_with = |p: &str, set: &str| {
        p.trim()
            .to_uppercase()
            .chars()
            .last()
            .is_some_and(|c| set.contains(c))
            || p.trim()
                .to_uppercase()
                .chars()
                .next()
                .is_some_and(|c| set.contains(c))
    };
    let (a, b) = if ends_with(parts[0], "EWO") && ends_with(parts[1], "NS") {
        (parts[1], parts[0])
    } else {
        (parts[0], parts[1])
    };
    let lat = parse_coordinate(a, Axis::Lat)?;
    let lon = parse_coordinate(b, Axis::Lon)?;
    Ok((lon, lat))
}
