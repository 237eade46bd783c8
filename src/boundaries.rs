//! Country outlines: the base of the pictures in [`crate::map::svg`]. Read them with
//! [`crate::io::geojson::read_boundaries`].

use geo::MultiPolygon;

/// One country outline.
#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    /// Name (`name`, `NAME` or `ADMIN` property; `iso_a2` otherwise).
    pub name: String,
    /// Outline, WGS84 lon/lat.
    pub shape: MultiPolygon<f64>,
}

/// Country outlines drawn as the base of the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boundaries {
    /// The countries, in file order.
    pub countries: Vec<Country>,
}
