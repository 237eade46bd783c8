//! Display-only geometry for the page: coordinates rounded to 6 decimals (≈ 0.11 m) and,
//! when asked, lines and rings simplified with Douglas–Peucker to a tolerance in metres.
//!
//! Simplification runs in a local equirectangular projection on the sphere of mean radius
//! 6,371,008.8 m, centred on the mean latitude of each line or ring (x = R·λ·cos φ₀,
//! y = R·φ): within one line the scale error is below 1 % of the tolerance up to a few
//! hundred kilometres of north–south extent, which is far below what a tolerance meant for
//! drawing can notice. It only changes the copy of the geometry embedded in the page, never
//! the network or any analysis.

use geo::{Coord, LineString, SimplifyIdx};
use geojson::{GeometryValue, Position};

/// Mean radius of the Earth (IUGG), metres: the sphere of the local projection.
const MEAN_EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Rounds a position to 6 decimals (other members, such as a height, are kept as they are).
fn round(p: &Position) -> Position {
    let v: Vec<f64> = p
        .as_slice()
        .iter()
        .enumerate()
        .map(|(i, &x)| if i < 2 { (x * 1e6).round() / 1e6 } else { x })
        .collect();
    Position::from(v)
}

/// A line (or ring, `min_len` 4) of positions, simplified to `tol_m` metres when given, then
/// rounded; a result shorter than `min_len` keeps the original positions (rounded).
fn line(ps: &[Position], tol_m: Option<f64>, min_len: usize) -> Vec<Position> {
    let Some(tol) = tol_m.filter(|_| ps.len() > 2) else {
        return ps.iter().map(round).collect();
    };
    let lat0 = ps.iter().filter_map(|p| p.as_slice().get(1)).sum::<f64>() / ps.len() as f64;
    let kx = MEAN_EARTH_RADIUS_M * lat0.to_radians().cos();
    let ky = MEAN_EARTH_RADIUS_M;
    let projected: LineString<f64> = ps
        .iter()
        .map(|p| {
            let s = p.as_slice();
            let (x, y) = (
                s.first().copied().unwrap_or(0.0),
                s.get(1).copied().unwrap_or(0.0),
            );
            Coord {
                x: kx * x.to_radians(),
                y: ky * y.to_radians(),
            }
        })
        .collect();
    let keep = projected.simplify_idx(tol);
    if keep.len() < min_len {
        return ps.iter().map(round).collect();
    }
    keep.iter().filter_map(|&i| ps.get(i)).map(round).collect()
}

/// The geometry as drawn on the page: rounded, and simplified when `tol_m` is given.
/// Points keep their place (rounded); rings keep at least 4 positions.
pub(super) fn display_geometry(g: &GeometryValue, tol_m: Option<f64>) -> GeometryValue {
    use GeometryValue as G;
    let ring = |r: &Vec<Position>| line(r, tol_m, 4);
    match g {
        G::Point { coordinates } => G::new_point(round(coordinates)),
        G::MultiPoint { coordinates } => G::new_multi_point(coordinates.iter().map(round)),
        G::LineString { coordinates } => G::new_line_string(line(coordinates, tol_m, 2)),
        G::MultiLineString { coordinates } => {
            G::new_multi_line_string(coordinates.iter().map(|l| line(l, tol_m, 2)))
        }
        G::Polygon { coordinates } => G::new_polygon(coordinates.iter().map(ring)),
        G::MultiPolygon { coordinates } => G::new_multi_polygon(
            coordinates
                .iter()
                .map(|p| p.iter().map(ring).collect::<Vec<_>>()),
        ),
        G::GeometryCollection { geometries } => G::new_geometry_collection(
            geometries
                .iter()
                .map(|g| geojson::Geometry::new(display_geometry(&g.value, tol_m))),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls(g: &GeometryValue) -> Vec<Vec<f64>> {
        match g {
            GeometryValue::LineString { coordinates } => {
                coordinates.iter().map(|p| p.as_slice().to_vec()).collect()
            }
            _ => panic!("not a line"),
        }
    }

    #[test]
    fn rounds_to_six_decimals_without_simplifying() {
        let g = GeometryValue::new_line_string(vec![
            vec![-92.123_456_78, 14.0],
            vec![-92.0, 14.000_000_4],
            vec![-91.9, 14.1],
        ]);
        let out = ls(&display_geometry(&g, None));
        assert_eq!(out, [[-92.123457, 14.0], [-92.0, 14.0], [-91.9, 14.1]]);
    }

    #[test]
    fn simplifies_by_metres_not_degrees() {
        // a straight east–west line at 60° N with a bump of 40 m (0.00036° of latitude)
        let g = GeometryValue::new_line_string(vec![
            vec![24.0, 60.0],
            vec![24.01, 60.000_36],
            vec![24.02, 60.0],
        ]);
        // 50 m tolerance: the bump goes; 30 m: it stays
        assert_eq!(ls(&display_geometry(&g, Some(50.0))).len(), 2);
        assert_eq!(ls(&display_geometry(&g, Some(30.0))).len(), 3);
    }

    #[test]
    fn rings_keep_at_least_four_positions() {
        let ring = vec![
            vec![0.0, 0.0],
            vec![0.001, 0.0],
            vec![0.001, 0.001],
            vec![0.0, 0.0],
        ];
        let g = GeometryValue::new_polygon(vec![ring]);
        match display_geometry(&g, Some(1_000_000.0)) {
            GeometryValue::Polygon { coordinates } => assert_eq!(coordinates[0].len(), 4),
            _ => panic!("not a polygon"),
        }
    }
}
