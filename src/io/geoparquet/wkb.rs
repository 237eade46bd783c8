//! Well-known binary (WKB) for the geometry column: GeoJSON geometries to ISO WKB
//! (little-endian, 2D) and back.
//!
//! The reader accepts what GeoPandas (shapely/GEOS), GDAL and DuckDB write: either byte
//! order, ISO type codes (`1…7`, plus `1000` Z, `2000` M, `3000` ZM) and the extended
//! (PostGIS EWKB) flags for Z, M and an SRID. Z and M values are dropped, as the GeoJSON
//! readers ignore a third coordinate; an empty point (`NaN NaN`, how GEOS writes
//! `POINT EMPTY`) is no geometry.

use geojson::{Geometry, GeometryValue, Position};

/// Deepest nesting of geometry collections accepted (a guard against crafted input).
const MAX_DEPTH: usize = 32;

/// Appends the ISO WKB of `g` (little-endian, x y only) to `out`.
pub(crate) fn encode(g: &Geometry, out: &mut Vec<u8>) {
    encode_value(&g.value, out);
}

fn header(out: &mut Vec<u8>, code: u32) {
    out.push(1); // little-endian
    out.extend_from_slice(&code.to_le_bytes());
}

fn count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn xy(out: &mut Vec<u8>, p: &Position) {
    let s = p.as_slice();
    out.extend_from_slice(&s.first().copied().unwrap_or(f64::NAN).to_le_bytes());
    out.extend_from_slice(&s.get(1).copied().unwrap_or(f64::NAN).to_le_bytes());
}

fn points(out: &mut Vec<u8>, ps: &[Position]) {
    count(out, ps.len());
    for p in ps {
        xy(out, p);
    }
}

fn rings(out: &mut Vec<u8>, rs: &[Vec<Position>]) {
    count(out, rs.len());
    for r in rs {
        points(out, r);
    }
}

fn encode_value(v: &GeometryValue, out: &mut Vec<u8>) {
    match v {
        GeometryValue::Point { coordinates } => {
            header(out, 1);
            xy(out, coordinates);
        }
        GeometryValue::LineString { coordinates } => {
            header(out, 2);
            points(out, coordinates);
        }
        GeometryValue::Polygon { coordinates } => {
            header(out, 3);
            rings(out, coordinates);
        }
        GeometryValue::MultiPoint { coordinates } => {
            header(out, 4);
            count(out, coordinates.len());
            for p in coordinates {
                header(out, 1);
                xy(out, p);
            }
        }
        GeometryValue::MultiLineString { coordinates } => {
            header(out, 5);
            count(out, coordinates.len());
            for l in coordinates {
                header(out, 2);
                points(out, l);
            }
        }
        GeometryValue::MultiPolygon { coordinates } => {
            header(out, 6);
            count(out, coordinates.len());
            for p in coordinates {
                header(out, 3);
                rings(out, p);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            header(out, 7);
            count(out, geometries.len());
            for g in geometries {
                encode_value(&g.value, out);
            }
        }
    }
}

/// Decodes one WKB geometry; `Ok(None)` for an empty point. The error says what is wrong
/// (the caller adds file, row and column).
pub(crate) fn decode(bytes: &[u8]) -> Result<Option<Geometry>, String> {
    let mut r = Cursor { bytes, at: 0 };
    let g = r.geometry(0)?;
    if r.at != bytes.len() {
        return Err(format!(
            "WKB has {} bytes after the geometry",
            bytes.len() - r.at
        ));
    }
    Ok(g.map(Geometry::new))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// The byte order and dimensions of one WKB geometry.
#[derive(Clone, Copy)]
struct Head {
    little: bool,
    /// 2, 3 or 4 numbers per position (x y, then Z and/or M, which are dropped)
    dims: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(format!(
                "WKB ends early (byte {} of {}, {n} more needed)",
                self.at,
                self.bytes.len()
            ));
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self, little: bool) -> Result<u32, String> {
        let b: [u8; 4] = self.take(4)?.try_into().map_err(|_| "WKB ends early")?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Result<f64, String> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| "WKB ends early")?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A count of items each at least `min_bytes` long, checked against what is left (so a
    /// corrupt count cannot allocate gigabytes).
    fn count(&mut self, h: Head, min_bytes: usize) -> Result<usize, String> {
        let n = self.u32(h.little)? as usize;
        let left = self.bytes.len() - self.at;
        if n.saturating_mul(min_bytes) > left {
            return Err(format!(
                "WKB count {n} is larger than the {left} bytes left allow"
            ));
        }
        Ok(n)
    }

    /// Byte order and type code: (head, base type 1…7).
    fn head(&mut self) -> Result<(Head, u32), String> {
        let little = match self.take(1)?[0] {
            0 => false,
            1 => true,
            b => return Err(format!("WKB byte order {b} is neither 0 nor 1")),
        };
        let raw = self.u32(little)?;
        // EWKB flags
        let (mut z, mut m) = (raw & 0x8000_0000 != 0, raw & 0x4000_0000 != 0);
        if raw & 0x2000_0000 != 0 {
            self.u32(little)?; // SRID
        }
        let code = raw & 0x0fff_ffff;
        let base = code % 1000;
        match code / 1000 {
            0 => {}
            1 => z = true,
            2 => m = true,
            3 => (z, m) = (true, true),
            _ => return Err(format!("unknown WKB geometry type {raw}")),
        }
        if !(1..=7).contains(&base) {
            return Err(format!(
                "WKB geometry type {raw} is not a Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection"
            ));
        }
        let dims = 2 + usize::from(z) + usize::from(m);
        Ok((Head { little, dims }, base))
    }

    fn position(&mut self, h: Head) -> Result<Position, String> {
        let x = self.f64(h.little)?;
        let y = self.f64(h.little)?;
        for _ in 2..h.dims {
            self.f64(h.little)?;
        }
        Ok(Position::from([x, y]))
    }

    fn positions(&mut self, h: Head) -> Result<Vec<Position>, String> {
        let n = self.count(h, 16)?;
        (0..n).map(|_| self.position(h)).collect()
    }

    fn rings(&mut self, h: Head) -> Result<Vec<Vec<Position>>, String> {
        let n = self.count(h, 4)?;
        (0..n).map(|_| self.positions(h)).collect()
    }

    /// A member of a multi-geometry: a whole WKB geometry of the given base type.
    fn member(&mut self, want: u32, depth: usize) -> Result<GeometryValue, String> {
        let (h, base) = self.head()?;
        if base != want {
            return Err(format!(
                "WKB multi-geometry holds a {} where a {} belongs",
                type_name(base),
                type_name(want)
            ));
        }
        self.body(h, base, depth)?
            .ok_or_else(|| "WKB multi-point holds an empty point".to_string())
    }

    fn geometry(&mut self, depth: usize) -> Result<Option<GeometryValue>, String> {
        if depth > MAX_DEPTH {
            return Err(format!("WKB nests more than {MAX_DEPTH} collections"));
        }
        let (h, base) = self.head()?;
        self.body(h, base, depth)
    }

    fn body(&mut self, h: Head, base: u32, depth: usize) -> Result<Option<GeometryValue>, String> {
        Ok(Some(match base {
            1 => {
                let p = self.position(h)?;
                if p[0].is_nan() && p[1].is_nan() {
                    return Ok(None);
                }
                GeometryValue::Point { coordinates: p }
            }
            2 => GeometryValue::LineString {
                coordinates: self.positions(h)?,
            },
            3 => GeometryValue::Polygon {
                coordinates: self.rings(h)?,
            },
            4 => {
                let n = self.count(h, 21)?;
                let mut coordinates = Vec::with_capacity(n);
                for _ in 0..n {
                    if let GeometryValue::Point { coordinates: p } = self.member(1, depth)? {
                        coordinates.push(p);
                    }
                }
                GeometryValue::MultiPoint { coordinates }
            }
            5 => {
                let n = self.count(h, 9)?;
                let mut coordinates = Vec::with_capacity(n);
                for _ in 0..n {
                    if let GeometryValue::LineString { coordinates: l } = self.member(2, depth)? {
                        coordinates.push(l);
                    }
                }
                GeometryValue::MultiLineString { coordinates }
            }
            6 => {
                let n = self.count(h, 9)?;
                let mut coordinates = Vec::with_capacity(n);
                for _ in 0..n {
                    if let GeometryValue::Polygon { coordinates: p } = self.member(3, depth)? {
                        coordinates.push(p);
                    }
                }
                GeometryValue::MultiPolygon { coordinates }
            }
            _ => {
                let n = self.count(h, 5)?;
                let mut geometries = Vec::with_capacity(n);
                for _ in 0..n {
                    if let Some(g) = self.geometry(depth + 1)? {
                        geometries.push(Geometry::new(g));
                    }
                }
                GeometryValue::GeometryCollection { geometries }
            }
        }))
    }
}

fn type_name(base: u32) -> &'static str {
    match base {
        1 => "Point",
        2 => "LineString",
        3 => "Polygon",
        4 => "MultiPoint",
        5 => "MultiLineString",
        6 => "MultiPolygon",
        _ => "GeometryCollection",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(v: GeometryValue) {
        let g = Geometry::new(v);
        let mut bytes = Vec::new();
        encode(&g, &mut bytes);
        assert_eq!(decode(&bytes).unwrap(), Some(g));
    }

    #[test]
    fn every_type_round_trips() {
        round_trip(GeometryValue::new_point([-92.5, 14.9]));
        round_trip(GeometryValue::new_line_string([[0.0, 1.0], [2.0, 3.0]]));
        round_trip(GeometryValue::new_multi_line_string([
            vec![[0.0, 1.0], [2.0, 3.0]],
            vec![[4.0, 5.0], [6.0, 7.0]],
        ]));
        round_trip(GeometryValue::new_polygon([vec![
            [0.0, 0.0],
            [1.0, 0.0],
            [1.0, 1.0],
            [0.0, 0.0],
        ]]));
        round_trip(GeometryValue::new_multi_point([[0.0, 1.0], [2.0, 3.0]]));
        round_trip(GeometryValue::new_multi_polygon([vec![vec![
            [0.0, 0.0],
            [1.0, 0.0],
            [0.0, 0.0],
        ]]]));
        round_trip(GeometryValue::GeometryCollection {
            geometries: vec![Geometry::new_point([1.0, 2.0])],
        });
    }

    #[test]
    fn big_endian_z_and_ewkb_are_read_in_2d() {
        // big-endian ISO Point Z (1001)
        let mut b = vec![0u8];
        b.extend_from_slice(&1001u32.to_be_bytes());
        for v in [1.5f64, 2.5, 99.0] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        assert_eq!(decode(&b).unwrap(), Some(Geometry::new_point([1.5, 2.5])));
        // EWKB little-endian Point with Z flag and SRID 4326
        let mut b = vec![1u8];
        b.extend_from_slice(&(0x8000_0001u32 | 0x2000_0000).to_le_bytes());
        b.extend_from_slice(&4326u32.to_le_bytes());
        for v in [1.5f64, 2.5, 99.0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap(), Some(Geometry::new_point([1.5, 2.5])));
    }

    #[test]
    fn empty_point_is_no_geometry_and_bad_bytes_are_errors() {
        let mut b = vec![1u8];
        b.extend_from_slice(&1u32.to_le_bytes());
        b.extend_from_slice(&f64::NAN.to_le_bytes());
        b.extend_from_slice(&f64::NAN.to_le_bytes());
        assert_eq!(decode(&b).unwrap(), None);
        assert!(decode(&b[..7]).unwrap_err().contains("ends early"));
        assert!(decode(&[]).is_err());
        assert!(decode(&[7]).unwrap_err().contains("byte order"));
        let mut huge = vec![1u8];
        huge.extend_from_slice(&2u32.to_le_bytes());
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&huge).unwrap_err().contains("larger than"));
        let mut unknown = vec![1u8];
        unknown.extend_from_slice(&17u32.to_le_bytes());
        assert!(decode(&unknown).unwrap_err().contains("not a Point"));
    }
}
