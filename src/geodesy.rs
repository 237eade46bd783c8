//! Geodesy helpers at the bottom of the crate: unit-vector maths on the sphere and the
//! metre/degree conversions used to size search boxes.
//!
//! Coordinates are WGS84 `[lon, lat]` in degrees. Distances here are on the sphere of mean
//! radius 6 371 008.8 m (geo's `Haversine`); segment lengths on the WGS84 ellipsoid are
//! computed with `geo::Geodesic` where the network is built.

use geo::{Coord, Distance, Haversine, Point};

/// A point on the unit sphere (earth-centred, x towards lon 0 / lat 0, z towards the north
/// pole).
pub(crate) type Vec3 = [f64; 3];

/// The unit vector of a lon/lat coordinate.
pub(crate) fn unit(c: Coord<f64>) -> Vec3 {
    let (lon, lat) = (c.x.to_radians(), c.y.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// The lon/lat coordinate of a (not necessarily unit) vector.
pub(crate) fn to_coord(v: Vec3) -> Coord<f64> {
    Coord {
        x: v[1].atan2(v[0]).to_degrees(),
        y: v[2].atan2(v[0].hypot(v[1])).to_degrees(),
    }
}

pub(crate) fn dot(a: Vec3, b: Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

pub(crate) fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

pub(crate) fn norm(a: Vec3) -> f64 {
    dot(a, a).sqrt()
}

pub(crate) fn scale(a: Vec3, s: f64) -> Vec3 {
    [a[0] * s, a[1] * s, a[2] * s]
}

/// Angle between two unit vectors (stable for small and large angles).
pub(crate) fn angle(a: Vec3, b: Vec3) -> f64 {
    norm(cross(a, b)).atan2(dot(a, b))
}

/// Spherical interpolation between unit vectors `a` and `b` at fraction `t` of the arc.
pub(crate) fn slerp(a: Vec3, b: Vec3, t: f64) -> Vec3 {
    let w = angle(a, b);
    if w < 1e-15 {
        return a;
    }
    let (sa, sb) = (((1.0 - t) * w).sin() / w.sin(), (t * w).sin() / w.sin());
    [
        sa * a[0] + sb * b[0],
        sa * a[1] + sb * b[1],
        sa * a[2] + sb * b[2],
    ]
}

/// Haversine distance in metres between two lon/lat coordinates (sphere, R = 6 371 008.8 m).
pub(crate) fn haversine_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    Haversine.distance(Point(a), Point(b))
}

/// Metres per degree of latitude, rounded down so that search boxes are never too small.
const M_PER_DEG: f64 = 110_000.0;

/// Search radius in degrees that covers `metres` around latitude `lat` in every direction.
pub(crate) fn radius_deg(metres: f64, lat: f64) -> f64 {
    let cos = lat.to_radians().cos().max(1e-3);
    metres / (M_PER_DEG * cos) + 1e-12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_vectors_round_trip() {
        for (lon, lat) in [(-92.26, 14.9), (179.9, -45.0), (0.0, 89.0), (-117.0, 32.5)] {
            let c = to_coord(unit(Coord { x: lon, y: lat }));
            assert!(
                (c.x - lon).abs() < 1e-9 && (c.y - lat).abs() < 1e-9,
                "{c:?}"
            );
            assert!((norm(unit(Coord { x: lon, y: lat })) - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn angle_times_radius_is_the_haversine_distance() {
        let (a, b) = (Coord { x: -92.26, y: 14.9 }, Coord { x: -117.0, y: 32.5 });
        let arc = angle(unit(a), unit(b)) * 6_371_008.8;
        assert!((arc - haversine_m(a, b)).abs() < 1e-6, "{arc}");
    }

    #[test]
    fn slerp_halves_the_arc() {
        let (a, b) = (
            unit(Coord { x: 0.0, y: 0.0 }),
            unit(Coord { x: 90.0, y: 0.0 }),
        );
        let m = to_coord(slerp(a, b, 0.5));
        assert!((m.x - 45.0).abs() < 1e-12 && m.y.abs() < 1e-12);
        assert_eq!(slerp(a, a, 0.3), a);
    }

    #[test]
    fn radius_covers_the_distance_at_every_latitude() {
        for lat in [0.0, 30.0, 60.0, 85.0] {
            let c = Coord { x: 10.0, y: lat };
            let r = radius_deg(1_000.0, lat);
            // a point 1 km east lies within r degrees of longitude
            let east = Coord {
                x: 10.0 + r,
                y: lat,
            };
            assert!(haversine_m(c, east) >= 1_000.0, "{lat}");
            let north = Coord {
                x: 10.0,
                y: lat + r,
            };
            assert!(haversine_m(c, north) >= 1_000.0, "{lat}");
        }
    }
}
