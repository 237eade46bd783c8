//! The map's geometry: picture size, map frame and the equirectangular projection.

use geo::{Distance, Geodesic, Point};

use super::SvgOptions;
use crate::network::Network;

/// Margin around the map frame in pixels.
pub(super) const MARGIN: f64 = 16.0;
/// Height of the title block above the frame.
pub(super) const HEADER: f64 = 66.0;
/// Height of the attribution line below the frame.
pub(super) const FOOTER: f64 = 26.0;
/// Smallest extent of the map frame, east–west and north–south, in metres (on a sphere of
/// 6,371 km): a town fills the frame, a single hub still shows 1 km around it.
pub const MIN_EXTENT_M: f64 = 1_000.0;

/// The map's geometry: picture size, map frame and projection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Picture width in pixels.
    pub width: f64,
    /// Picture height in pixels.
    pub height: f64,
    /// Map frame `(x, y, w, h)` in pixels.
    pub frame: (f64, f64, f64, f64),
    /// Central longitude λ₀ (degrees).
    pub lon0: f64,
    /// Central latitude φ₀ (degrees).
    pub lat0: f64,
    /// Pixels per degree of latitude.
    pub scale: f64,
}

impl Layout {
    /// Fits the network (hubs and segment geometry) into a picture `opts.width_px` wide.
    ///
    /// ```
    /// use corridors::map::svg::{Layout, SvgOptions};
    /// let (net, _) = corridors::io::load_network(
    ///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
    /// let l = Layout::fit(&net, &SvgOptions::default());
    /// let (x, y) = l.project(l.lon0, l.lat0);
    /// let (fx, fy, fw, fh) = l.frame;
    /// assert!((x - (fx + fw / 2.0)).abs() < 1e-9 && (y - (fy + fh / 2.0)).abs() < 1e-9);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn fit(net: &Network, opts: &SvgOptions) -> Self {
        let coords = net
            .hubs()
            .map(|h| h.location.0)
            .chain(net.segments().flat_map(|s| s.geometry.0.iter().copied()));
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for c in coords {
            x0 = x0.min(c.x);
            x1 = x1.max(c.x);
            y0 = y0.min(c.y);
            y1 = y1.max(c.y);
        }
        if x0 > x1 {
            // empty network: a 2° square at (0, 0)
            (x0, x1, y0, y1) = (-1.0, 1.0, -1.0, 1.0);
        }
        let lon0 = (x0 + x1) / 2.0;
        let lat0 = (y0 + y1) / 2.0;
        let cos0 = lat0.to_radians().cos().max(0.05);
        // projected extents in "degrees of latitude", padded 6 % and at least MIN_EXTENT_M
        let min_deg = (MIN_EXTENT_M / 6_371_000.0).to_degrees();
        let dx = ((x1 - x0) * cos0 * 1.12).max(min_deg);
        let dy = ((y1 - y0) * 1.12).max(min_deg);
        let frame_w = opts.width_px - 2.0 * MARGIN;
        let mut scale = frame_w / dx;
        let mut frame_h = dy * scale;
        if frame_h > opts.max_map_height_px {
            scale = opts.max_map_height_px / dy;
            frame_h = opts.max_map_height_px;
        }
        // keep room for the legend in flat maps
        frame_h = frame_h.max(0.5 * frame_w);
        Self {
            width: opts.width_px,
            height: HEADER + frame_h + FOOTER,
            frame: (MARGIN, HEADER, frame_w, frame_h),
            lon0,
            lat0,
            scale,
        }
    }

    /// Pixel position of a lon/lat.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (fx, fy, fw, fh) = self.frame;
        let cos0 = self.lat0.to_radians().cos().max(0.05);
        (
            fx + fw / 2.0 + (lon - self.lon0) * cos0 * self.scale,
            fy + fh / 2.0 - (lat - self.lat0) * self.scale,
        )
    }

    /// Lon/lat of a pixel position (inverse of [`Layout::project`]).
    pub fn unproject(&self, x: f64, y: f64) -> (f64, f64) {
        let (fx, fy, fw, fh) = self.frame;
        let cos0 = self.lat0.to_radians().cos().max(0.05);
        (
            self.lon0 + (x - fx - fw / 2.0) / (cos0 * self.scale),
            self.lat0 - (y - fy - fh / 2.0) / self.scale,
        )
    }

    /// Pixels per kilometre east–west at the map centre, from the geodesic length of 1° of
    /// longitude at φ₀ on the WGS84 ellipsoid.
    pub fn px_per_km(&self) -> f64 {
        let a = Point::new(self.lon0 - 0.5, self.lat0);
        let b = Point::new(self.lon0 + 0.5, self.lat0);
        let km = Geodesic.distance(a, b) / 1000.0;
        let cos0 = self.lat0.to_radians().cos().max(0.05);
        cos0 * self.scale / km
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Hub, HubKind, NetworkBuilder, SegmentSpec};

    #[test]
    fn projection_round_trips_and_keeps_scale() {
        let mut b = NetworkBuilder::new();
        b.add_hub(Hub::new("a", HubKind::Entry, -100.0, 20.0));
        b.add_hub(Hub::new("b", HubKind::Transit, -90.0, 30.0));
        b.add_segment(SegmentSpec::between("ab", "a", "b"));
        let (net, _) = b.build().unwrap();
        let l = Layout::fit(&net, &SvgOptions::default());
        let (x, y) = l.project(-95.5, 27.25);
        let (lon, lat) = l.unproject(x, y);
        assert!((lon + 95.5).abs() < 1e-9 && (lat - 27.25).abs() < 1e-9);
        // north is up, east is right
        assert!(l.project(-95.0, 26.0).1 < l.project(-95.0, 25.0).1);
        assert!(l.project(-94.0, 25.0).0 > l.project(-95.0, 25.0).0);
        // 1° of longitude at φ₀ is ≈ 111.3·cos φ₀ km on the ellipsoid, drawn cos φ₀·scale px wide
        let km_per_degree = l.scale / l.px_per_km();
        assert!((km_per_degree - 111.3).abs() < 0.5, "{km_per_degree}");
    }
}
