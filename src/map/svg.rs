//! `map.svg`: a picture of the network for reports.
//!
//! An equirectangular projection centred on the data (x = (λ − λ₀)·cos φ₀, y = φ − φ₀, so that
//! distances are true east–west at the central latitude φ₀), country outlines as the base,
//! segments and hubs styled as in the GeoJSON layers, labels for the top hubs, a legend, a
//! scale bar (length measured geodesically on the WGS84 ellipsoid at the map centre), a title
//! and the data attribution.
//!
//! The SVG is written as text, deterministically (same input, same bytes). Every drawn element
//! has an id (`outline-<k>`, `seg-<e>`, `hub-<i>`, `label-<i>`, groups `legend`, `scale-bar`)
//! so that tests and stylesheets can find it.

use std::fmt::Write as _;
use std::path::Path;

use geo::{BoundingRect, Contains, Coord, Distance, Geodesic, MultiPolygon, Point, Polygon};
use serde_json::Value;

use super::classify::ClassOptions;
use super::layers::{
    HUB_RADIUS_PX, NO_VALUE_WIDTH_PX, fmt_value, hub_style, measure_classes, order_by_value,
    segment_style,
};
use super::measure::{HubMeasure, SegmentMeasure};
use super::style::{
    NO_VALUE_COLOUR, SUPPRESSED_DASHARRAY, hub_colour, mode_colour, mode_dasharray,
};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::network::{HubKind, Mode, Network};

/// Attribution of the data shipped with corridors.
pub const DEFAULT_ATTRIBUTION: &str = "GeoNames (CC BY 4.0), Natural Earth (public domain)";

const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";
const SEA: &str = "#d9e7f1";
const LAND: &str = "#efebe3";
const LAND_FOCUS: &str = "#fdfcf8";
const BORDER: &str = "#a9a196";
const MARGIN: f64 = 16.0;
const HEADER: f64 = 66.0;
const FOOTER: f64 = 26.0;
/// Smallest extent of the map frame, east–west and north–south, in metres (on a sphere of
/// 6,371 km): a town fills the frame, a single hub still shows 1 km around it.
pub const MIN_EXTENT_M: f64 = 1_000.0;

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

impl Boundaries {
    /// Reads Polygon and MultiPolygon features of a GeoJSON FeatureCollection (e.g. the Natural
    /// Earth outlines in `data/boundaries/countries_50m.geojson`).
    ///
    /// ```
    /// let text = std::fs::read_to_string("data/boundaries/countries_50m.geojson").unwrap();
    /// let b = corridors::map::svg::Boundaries::from_geojson_str("countries", &text)?;
    /// assert!(b.countries.iter().any(|c| c.name == "Mexico"));
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the file and feature for invalid JSON, a non-FeatureCollection,
    /// or a feature that is not a (Multi)Polygon.
    pub fn from_geojson_str(label: &str, text: &str) -> Result<Self> {
        let invalid = |kind, loc: SourceLocation, msg: String| {
            Error::Invalid(vec![Diagnostic::error(kind, loc, msg)])
        };
        let gj: geojson::GeoJson = text.parse().map_err(|e: geojson::Error| {
            invalid(
                ProblemKind::InvalidGeoJson,
                SourceLocation::file(label),
                format!("not valid GeoJSON: {e}"),
            )
        })?;
        let fc = match gj {
            geojson::GeoJson::FeatureCollection(fc) => fc,
            _ => {
                return Err(invalid(
                    ProblemKind::InvalidGeoJson,
                    SourceLocation::file(label),
                    "expected a FeatureCollection of country outlines".into(),
                ));
            }
        };
        let mut countries = Vec::with_capacity(fc.features.len());
        for (i, f) in fc.features.into_iter().enumerate() {
            let loc = SourceLocation::feature(label, i);
            let props = f.properties.unwrap_or_default();
            let name = ["name", "NAME", "ADMIN", "iso_a2"]
                .iter()
                .find_map(|k| props.get(*k).and_then(Value::as_str))
                .map_or_else(|| format!("country {i}"), str::to_string);
            let Some(g) = f.geometry else {
                return Err(invalid(
                    ProblemKind::UnsupportedGeometry,
                    loc,
                    "null geometry; expected a Polygon or MultiPolygon".into(),
                ));
            };
            let shape = match geo::Geometry::<f64>::try_from(g) {
                Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
                Ok(geo::Geometry::MultiPolygon(m)) => m,
                Ok(other) => {
                    return Err(invalid(
                        ProblemKind::UnsupportedGeometry,
                        loc,
                        format!(
                            "expected a Polygon or MultiPolygon outline, found {}",
                            geometry_name(&other)
                        ),
                    ));
                }
                Err(e) => {
                    return Err(invalid(ProblemKind::InvalidGeoJson, loc, e.to_string()));
                }
            };
            countries.push(Country { name, shape });
        }
        Ok(Self { countries })
    }

    /// Reads outlines from a file (see [`Boundaries::from_geojson_str`]).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; otherwise as `from_geojson_str`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(label.clone(), e))?;
        Self::from_geojson_str(&label, &text)
    }
}

fn geometry_name(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) => "a Point",
        geo::Geometry::Line(_) | geo::Geometry::LineString(_) => "a LineString",
        geo::Geometry::MultiPoint(_) => "a MultiPoint",
        geo::Geometry::MultiLineString(_) => "a MultiLineString",
        geo::Geometry::GeometryCollection(_) => "a GeometryCollection",
        _ => "another geometry type",
    }
}

/// What to draw on top of the network.
#[derive(Clone, Copy, Debug, Default)]
pub struct MapLayers<'a> {
    /// Size and colour hubs by this measure (otherwise: colour by kind, fixed size).
    pub hub_measure: Option<&'a HubMeasure>,
    /// Width and colour segments by this measure (otherwise: colour by mode).
    pub segment_measure: Option<&'a SegmentMeasure>,
    /// Country outlines as the base.
    pub boundaries: Option<&'a Boundaries>,
}

/// Picture settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SvgOptions {
    /// Picture width in pixels (SVG user units).
    pub width_px: f64,
    /// Largest height of the map frame in pixels (tall data is fitted to it).
    pub max_map_height_px: f64,
    /// Title at the top.
    pub title: String,
    /// Line under the title (e.g. what the sizes mean); none when `None`.
    pub subtitle: Option<String>,
    /// Number of hubs labelled: the top hubs by the hub measure (by degree without one; ties
    /// go to the hub with the larger `population` property, if any).
    /// Labels that would collide with others or with the legend are left out.
    pub labels: usize,
    /// Classification of both measures.
    pub classes: ClassOptions,
    /// Data attribution at the bottom right.
    pub attribution: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self {
            width_px: 1200.0,
            max_map_height_px: 1000.0,
            title: "Corridor network".into(),
            subtitle: None,
            labels: 14,
            classes: ClassOptions::default(),
            attribution: DEFAULT_ATTRIBUTION.into(),
        }
    }
}

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

/// Escapes text for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A measure name for people: `od_betweenness` → `OD betweenness`.
fn pretty(name: &str) -> String {
    name.split('_')
        .map(|w| match w {
            "od" => "OD".to_string(),
            "km" => "km".to_string(),
            w => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Axis-aligned box `(x0, y0, x1, y1)`.
type BoxPx = (f64, f64, f64, f64);

fn overlaps(a: BoxPx, b: BoxPx) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Estimated width of text in DejaVu Sans (average advance ≈ 0.6 em).
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.6
}

enum LegendRow {
    Heading(String),
    Disc {
        colour: &'static str,
        r: f64,
        label: String,
    },
    Line {
        colour: &'static str,
        width: f64,
        dash: Option<&'static str>,
        label: String,
    },
}

impl LegendRow {
    fn height(&self) -> f64 {
        match self {
            LegendRow::Heading(_) => 22.0,
            LegendRow::Disc { r, .. } => (2.0 * r + 5.0).max(18.0),
            LegendRow::Line { .. } => 18.0,
        }
    }
}

/// Draws the map as an SVG document.
///
/// ```
/// use corridors::map::{HubMeasure, svg::{render_svg, Boundaries, MapLayers, SvgOptions}};
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let outlines = Boundaries::from_file("data/boundaries/countries_50m.geojson")?;
/// let degree = HubMeasure::degree(&net);
/// let layers = MapLayers {
///     hub_measure: Some(&degree),
///     boundaries: Some(&outlines),
///     ..Default::default()
/// };
/// let svg = render_svg(&net, &layers, &SvgOptions::default())?;
/// assert!(svg.starts_with("<?xml"));
/// assert_eq!(svg.matches("class=\"hub\"").count(), net.hub_count());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] when a measure does not fit the network or the classification
/// options are out of range.
pub fn render_svg(net: &Network, layers: &MapLayers<'_>, opts: &SvgOptions) -> Result<String> {
    if let Some(m) = layers.hub_measure {
        m.check(net)?;
    }
    if let Some(m) = layers.segment_measure {
        m.check(net)?;
    }
    if !(opts.width_px.is_finite() && opts.width_px >= 300.0) {
        return Err(Error::InvalidArgument(format!(
            "picture width must be at least 300 px, got {}",
            opts.width_px
        )));
    }
    let hub_classes = match layers.hub_measure {
        Some(m) => measure_classes(&m.values, &opts.classes)?,
        None => None,
    };
    let seg_classes = match layers.segment_measure {
        Some(m) => measure_classes(&m.values, &opts.classes)?,
        None => None,
    };
    let l = Layout::fit(net, opts);
    let (fx, fy, fw, fh) = l.frame;
    let mut o = String::with_capacity(256 * 1024);
    let _ = writeln!(o, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="{FONT_FAMILY}">"#,
        w = l.width,
        h = l.height
    );
    let _ = writeln!(o, "<title>{}</title>", esc(&opts.title));
    let _ = writeln!(
        o,
        "<desc>{} hubs, {} segments. Equirectangular projection centred at {:.2}, {:.2}. Data: {}</desc>",
        net.hub_count(),
        net.segment_count(),
        l.lat0,
        l.lon0,
        esc(&opts.attribution)
    );
    let _ = writeln!(
        o,
        r##"<defs><clipPath id="frame-clip"><rect x="{fx:.1}" y="{fy:.1}" width="{fw:.1}" height="{fh:.1}"/></clipPath></defs>"##
    );
    let _ = writeln!(
        o,
        r##"<rect id="background" x="0" y="0" width="{:.0}" height="{:.0}" fill="#ffffff"/>"##,
        l.width, l.height
    );
    // sea colour only where outlines are drawn: without them the frame stays white
    let (lon_a, lat_a) = l.unproject(fx, fy + fh);
    let (lon_b, lat_b) = l.unproject(fx + fw, fy);
    let any_outline = layers.boundaries.is_some_and(|b| {
        b.countries.iter().any(|c| {
            c.shape.0.iter().any(|p| {
                p.bounding_rect().is_some_and(|r| {
                    r.min().x <= lon_b
                        && r.max().x >= lon_a
                        && r.min().y <= lat_b
                        && r.max().y >= lat_a
                })
            })
        })
    });
    let sea = if any_outline { SEA } else { "#ffffff" };
    let _ = writeln!(
        o,
        r##"<rect id="sea" x="{fx:.1}" y="{fy:.1}" width="{fw:.1}" height="{fh:.1}" fill="{sea}"/>"##
    );

    // base: country outlines
    o.push_str("<g id=\"outlines\" clip-path=\"url(#frame-clip)\">\n");
    if let Some(b) = layers.boundaries {
        let hubs: Vec<Point<f64>> = net.hubs().map(|h| h.location).collect();
        for (k, c) in b.countries.iter().enumerate() {
            let visible: Vec<&Polygon<f64>> = c
                .shape
                .0
                .iter()
                .filter(|p| {
                    p.bounding_rect().is_some_and(|r| {
                        r.min().x <= lon_b
                            && r.max().x >= lon_a
                            && r.min().y <= lat_b
                            && r.max().y >= lat_a
                    })
                })
                .collect();
            if visible.is_empty() {
                continue;
            }
            let mut d = String::new();
            for p in &visible {
                for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                    ring_path(&mut d, &l, &ring.0);
                }
            }
            if d.is_empty() {
                continue;
            }
            let focus = hubs.iter().any(|h| c.shape.contains(h));
            let _ = writeln!(
                o,
                r#"<path id="outline-{k}" class="outline" d="{d}" fill="{}" fill-rule="evenodd" stroke="{BORDER}" stroke-width="0.8" stroke-linejoin="round"><title>{}</title></path>"#,
                if focus { LAND_FOCUS } else { LAND },
                esc(&c.name)
            );
        }
    }
    o.push_str("</g>\n");

    // segments
    let seg_order = match layers.segment_measure {
        Some(m) => order_by_value(&m.values),
        None => {
            let mut o: Vec<usize> = (0..net.segment_count()).collect();
            o.sort_by_key(|&e| (net.segment(e).mode, e));
            o
        }
    };
    o.push_str("<g id=\"segments\" clip-path=\"url(#frame-clip)\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n");
    let mut points_px: Vec<(f64, f64)> = Vec::new();
    for &e in &seg_order {
        let s = net.segment(e);
        let (colour, width, dash) = match layers.segment_measure {
            Some(m) => {
                let (c, w, _) = segment_style(m.values[e], seg_classes.as_ref());
                let dash = m.suppressed[e].then_some(SUPPRESSED_DASHARRAY);
                (c, w, dash)
            }
            None => (mode_colour(s.mode), 2.2, mode_dasharray(s.mode)),
        };
        let mut d = String::new();
        for (n, c) in s.geometry.0.iter().enumerate() {
            let (x, y) = l.project(c.x, c.y);
            points_px.push((x, y));
            let _ = write!(d, "{}{x:.1},{y:.1}", if n == 0 { "M" } else { " L" });
        }
        let (a, b) = net.endpoints(e);
        let _ = write!(
            o,
            r#"<path id="seg-{e}" class="segment" d="{d}" stroke="{colour}" stroke-width="{width:.1}" stroke-opacity="0.9""#
        );
        if let Some(dash) = dash {
            let _ = write!(o, r#" stroke-dasharray="{dash}""#);
        }
        let _ = writeln!(
            o,
            "><title>{} – {}</title></path>",
            esc(&net.hub(a).name),
            esc(&net.hub(b).name)
        );
    }
    o.push_str("</g>\n");

    // hubs: biggest first so that small discs stay visible
    let hub_look: Vec<(&'static str, f64)> = (0..net.hub_count())
        .map(|i| match layers.hub_measure {
            Some(m) => {
                let (c, r, _) = hub_style(m.values[i], hub_classes.as_ref());
                (c, r)
            }
            None => (hub_colour(net.hub(i).kind), 4.0),
        })
        .collect();
    let mut hub_order: Vec<usize> = (0..net.hub_count()).collect();
    hub_order.sort_by(|&a, &b| hub_look[b].1.total_cmp(&hub_look[a].1).then(a.cmp(&b)));
    o.push_str("<g id=\"hubs\" stroke=\"#2b2b2b\" stroke-width=\"0.9\">\n");
    let mut hub_boxes: Vec<(usize, BoxPx)> = Vec::with_capacity(net.hub_count());
    for &i in &hub_order {
        let h = net.hub(i);
        let (x, y) = l.project(h.location.x(), h.location.y());
        points_px.push((x, y));
        let (colour, r) = hub_look[i];
        hub_boxes.push((i, (x - r, y - r, x + r, y + r)));
        let value = layers
            .hub_measure
            .and_then(|m| m.values[i].map(|v| format!(": {} {}", pretty(&m.name), fmt_value(v))))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            r#"<circle id="hub-{i}" class="hub" cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{colour}" fill-opacity="0.92"><title>{}{}</title></circle>"#,
            esc(&h.name),
            esc(&value)
        );
    }
    o.push_str("</g>\n");
    let _ = writeln!(
        o,
        r##"<rect id="frame" x="{fx:.1}" y="{fy:.1}" width="{fw:.1}" height="{fh:.1}" fill="none" stroke="#8a8a8a" stroke-width="1"/>"##
    );

    // legend rows
    let mut rows: Vec<LegendRow> = Vec::new();
    match (layers.hub_measure, &hub_classes) {
        (Some(m), Some(cm)) => {
            rows.push(LegendRow::Heading(format!("Hubs: {}", pretty(&m.name))));
            for k in 0..cm.0.count() {
                let (lo, hi) = cm.0.range(k);
                let (colour, r, _) = hub_style(Some(hi), Some(cm));
                rows.push(LegendRow::Disc {
                    colour,
                    r,
                    label: format!("{} – {}", fmt_value(lo), fmt_value(hi)),
                });
            }
            if m.values.iter().any(Option::is_none) {
                rows.push(LegendRow::Disc {
                    colour: NO_VALUE_COLOUR,
                    r: HUB_RADIUS_PX.0 * 0.8,
                    label: "no value".into(),
                });
            }
        }
        _ => {
            rows.push(LegendRow::Heading("Hubs".into()));
            for kind in HubKind::ALL {
                if net.hubs().any(|h| h.kind == kind) {
                    rows.push(LegendRow::Disc {
                        colour: hub_colour(kind),
                        r: 4.0,
                        label: kind.as_str().replace('_', " "),
                    });
                }
            }
        }
    }
    match (layers.segment_measure, &seg_classes) {
        (Some(m), Some(cm)) => {
            rows.push(LegendRow::Heading(format!("Segments: {}", pretty(&m.name))));
            for k in 0..cm.0.count() {
                let (lo, hi) = cm.0.range(k);
                let (colour, width, _) = segment_style(Some(hi), Some(cm));
                rows.push(LegendRow::Line {
                    colour,
                    width,
                    dash: None,
                    label: format!("{} – {}", fmt_value(lo), fmt_value(hi)),
                });
            }
            if m.suppressed.iter().any(|s| *s) {
                rows.push(LegendRow::Line {
                    colour: NO_VALUE_COLOUR,
                    width: NO_VALUE_WIDTH_PX,
                    dash: Some(SUPPRESSED_DASHARRAY),
                    label: "suppressed (small count)".into(),
                });
            }
            if (0..m.values.len()).any(|e| m.values[e].is_none() && !m.suppressed[e]) {
                rows.push(LegendRow::Line {
                    colour: NO_VALUE_COLOUR,
                    width: NO_VALUE_WIDTH_PX,
                    dash: None,
                    label: "no value".into(),
                });
            }
        }
        _ => {
            rows.push(LegendRow::Heading("Segments".into()));
            for mode in Mode::ALL {
                if net.segments().any(|s| s.mode == mode) {
                    rows.push(LegendRow::Line {
                        colour: mode_colour(mode),
                        width: 2.2,
                        dash: mode_dasharray(mode),
                        label: mode.as_str().into(),
                    });
                }
            }
        }
    }
    let classes_note = match (&hub_classes, &seg_classes) {
        (None, None) => None,
        _ => Some(format!(
            "classes: {}",
            match opts.classes.method {
                super::ClassMethod::Jenks => "Jenks natural breaks",
                super::ClassMethod::Quantiles => "quantiles",
            }
        )),
    };
    let label_w = rows
        .iter()
        .map(|r| match r {
            LegendRow::Heading(t) => text_width(t, 13.0),
            LegendRow::Disc { label, .. } | LegendRow::Line { label, .. } => {
                46.0 + text_width(label, 12.0)
            }
        })
        .chain(classes_note.iter().map(|t| text_width(t, 11.0)))
        .fold(0.0, f64::max);
    let legend_w = (label_w + 24.0).max(170.0);
    let legend_h = rows.iter().map(LegendRow::height).sum::<f64>()
        + if classes_note.is_some() { 18.0 } else { 0.0 }
        + 14.0;
    let scale_h = 44.0;
    let block_h = legend_h + 8.0 + scale_h;

    // legend corner: the one covering the fewest drawn points (ties: bottom-left first)
    let pad = 10.0;
    let corners = [
        (fx + pad, fy + fh - pad - block_h),
        (fx + fw - pad - legend_w, fy + fh - pad - block_h),
        (fx + fw - pad - legend_w, fy + pad),
        (fx + pad, fy + pad),
    ];
    let (lx, ly) = corners
        .iter()
        .copied()
        .min_by_key(|&(x, y)| {
            points_px
                .iter()
                .filter(|p| {
                    p.0 >= x - 8.0
                        && p.0 <= x + legend_w + 8.0
                        && p.1 >= y - 8.0
                        && p.1 <= y + block_h + 8.0
                })
                .count()
        })
        .unwrap_or(corners[0]);
    let legend_box: BoxPx = (lx, ly, lx + legend_w, ly + block_h);

    // labels for the top hubs
    let mut ranked: Vec<usize> = (0..net.hub_count()).collect();
    let rank_value = |i: usize| match layers.hub_measure {
        Some(m) => m.values[i].unwrap_or(f64::NEG_INFINITY),
        None => net.degree(i) as f64,
    };
    // ties (common with degree) go to the larger place when hubs carry a `population`
    let population = |i: usize| {
        net.hub(i)
            .properties
            .get("population")
            .and_then(Value::as_f64)
            .unwrap_or(0.0)
    };
    ranked.sort_by(|&a, &b| {
        rank_value(b)
            .total_cmp(&rank_value(a))
            .then(population(b).total_cmp(&population(a)))
            .then(a.cmp(&b))
    });
    let mut taken: Vec<BoxPx> = vec![legend_box];
    o.push_str(
        "<g id=\"labels\" font-size=\"12.5\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3.2\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n",
    );
    let frame_box: BoxPx = (fx + 2.0, fy + 2.0, fx + fw - 2.0, fy + fh - 2.0);
    let mut labelled = 0;
    for &i in ranked.iter() {
        if labelled >= opts.labels || rank_value(i) == f64::NEG_INFINITY {
            break;
        }
        let h = net.hub(i);
        // only hubs with a name of their own: a raw id (an OSM node number) is no label
        if h.name.trim().is_empty() || h.name == h.id.to_string() {
            continue;
        }
        let (x, y) = l.project(h.location.x(), h.location.y());
        let r = hub_look[i].1;
        let size = 12.5;
        let tw = text_width(&h.name, size);
        let asc = size * 0.76;
        // (anchor x, baseline y, text-anchor): beside, above, below, diagonal; then the same
        // farther out, for hubs in clusters
        let mut candidates = Vec::with_capacity(16);
        for gap in [r + 3.0, r + 14.0] {
            candidates.extend([
                (x + gap, y + asc / 2.0 - 1.0, "start"),
                (x - gap, y + asc / 2.0 - 1.0, "end"),
                (x, y - gap - 2.0, "middle"),
                (x, y + gap + asc, "middle"),
                (x + gap * 0.7, y - gap * 0.7 - 1.0, "start"),
                (x + gap * 0.7, y + gap * 0.7 + asc, "start"),
                (x - gap * 0.7, y - gap * 0.7 - 1.0, "end"),
                (x - gap * 0.7, y + gap * 0.7 + asc, "end"),
            ]);
        }
        let placed = candidates.iter().find_map(|&(ax, by, anchor)| {
            let x0 = match anchor {
                "start" => ax,
                "end" => ax - tw,
                _ => ax - tw / 2.0,
            };
            let b: BoxPx = (
                x0 - 1.0,
                by - asc - 1.0,
                x0 + tw + 1.0,
                by + size * 0.24 + 1.0,
            );
            let inside = b.0 >= frame_box.0
                && b.2 <= frame_box.2
                && b.1 >= frame_box.1
                && b.3 <= frame_box.3;
            let free = taken.iter().all(|t| !overlaps(*t, b))
                && hub_boxes.iter().all(|(j, hb)| *j == i || !overlaps(*hb, b));
            (inside && free).then_some((ax, by, anchor, b))
        });
        if let Some((ax, by, anchor, b)) = placed {
            taken.push(b);
            labelled += 1;
            let _ = writeln!(
                o,
                r#"<text id="label-{i}" class="label" x="{ax:.1}" y="{by:.1}" text-anchor="{anchor}">{}</text>"#,
                esc(&h.name)
            );
        }
    }
    o.push_str("</g>\n");

    // legend
    let _ = writeln!(o, r##"<g id="legend" font-size="12" fill="#1a1a1a">"##);
    let _ = writeln!(
        o,
        r##"<rect id="legend-box" x="{lx:.1}" y="{ly:.1}" width="{legend_w:.1}" height="{block_h:.1}" rx="4" fill="#ffffff" fill-opacity="0.92" stroke="#9a9a9a" stroke-width="0.8"/>"##
    );
    let mut y = ly + 8.0;
    for (n, row) in rows.iter().enumerate() {
        let h = row.height();
        let mid = y + h / 2.0;
        match row {
            LegendRow::Heading(t) => {
                let _ = writeln!(
                    o,
                    r#"<text id="legend-{n}" x="{:.1}" y="{:.1}" font-size="13" font-weight="bold">{}</text>"#,
                    lx + 10.0,
                    y + 16.0,
                    esc(t)
                );
            }
            LegendRow::Disc { colour, r, label } => {
                let _ = writeln!(
                    o,
                    r##"<circle id="legend-{n}" cx="{:.1}" cy="{mid:.1}" r="{r:.1}" fill="{colour}" stroke="#2b2b2b" stroke-width="0.9"/><text x="{:.1}" y="{:.1}">{}</text>"##,
                    lx + 10.0 + 16.0,
                    lx + 10.0 + 38.0,
                    mid + 4.0,
                    esc(label)
                );
            }
            LegendRow::Line {
                colour,
                width,
                dash,
                label,
            } => {
                let dash = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
                let _ = writeln!(
                    o,
                    r#"<path id="legend-{n}" d="M{:.1},{mid:.1} H{:.1}" stroke="{colour}" stroke-width="{width:.1}" stroke-linecap="round"{dash}/><text x="{:.1}" y="{:.1}">{}</text>"#,
                    lx + 12.0,
                    lx + 40.0,
                    lx + 10.0 + 38.0,
                    mid + 4.0,
                    esc(label)
                );
            }
        }
        y += h;
    }
    if let Some(note) = &classes_note {
        let _ = writeln!(
            o,
            r##"<text id="legend-classes" x="{:.1}" y="{:.1}" font-size="11" fill="#555555">{}</text>"##,
            lx + 10.0,
            y + 13.0,
            esc(note)
        );
    }
    o.push_str("</g>\n");

    // scale bar: a round length near a fifth of the legend width … frame width
    let px_km = l.px_per_km();
    let target_km = (legend_w - 40.0).max(60.0) / px_km;
    let km = nice_length(target_km);
    let bar = km * px_km;
    let sx = lx + 12.0;
    let sy = ly + legend_h + 8.0 + 24.0;
    let _ = writeln!(
        o,
        r##"<g id="scale-bar" font-size="11" fill="#1a1a1a"><rect x="{sx:.1}" y="{:.1}" width="{:.1}" height="5" fill="#1a1a1a"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="5" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.8"/><text x="{sx:.1}" y="{:.1}" text-anchor="middle">0</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text x="{sx:.1}" y="{:.1}" font-size="10" fill="#555555">scale true east–west at {:.1}°{}</text></g>"##,
        sy - 5.0,
        bar / 2.0,
        sx + bar / 2.0,
        sy - 5.0,
        bar / 2.0,
        sy - 9.0,
        sx + bar,
        sy - 9.0,
        if km < 1.0 {
            format!("{} m", fmt_value(km * 1000.0))
        } else {
            format!("{} km", fmt_value(km))
        },
        sy + 14.0,
        l.lat0.abs(),
        if l.lat0 >= 0.0 { "N" } else { "S" },
    );

    // title, subtitle, attribution
    let _ = writeln!(
        o,
        r##"<text id="title" x="{MARGIN:.1}" y="30" font-size="22" font-weight="bold" fill="#1a1a1a">{}</text>"##,
        esc(&opts.title)
    );
    if let Some(sub) = &opts.subtitle {
        let _ = writeln!(
            o,
            r##"<text id="subtitle" x="{MARGIN:.1}" y="52" font-size="13" fill="#4a4a4a">{}</text>"##,
            esc(sub)
        );
    }
    let _ = writeln!(
        o,
        r##"<text id="attribution" x="{:.1}" y="{:.1}" font-size="11" fill="#555555" text-anchor="end">Data: {}</text>"##,
        l.width - MARGIN,
        l.height - 9.0,
        esc(&opts.attribution)
    );
    let _ = writeln!(
        o,
        r##"<text id="projection" x="{MARGIN:.1}" y="{:.1}" font-size="11" fill="#555555">Equirectangular projection centred at {:.2}°{}, {:.2}°{}</text>"##,
        l.height - 9.0,
        l.lat0.abs(),
        if l.lat0 >= 0.0 { "N" } else { "S" },
        l.lon0.abs(),
        if l.lon0 >= 0.0 { "E" } else { "W" },
    );
    o.push_str("</svg>\n");
    Ok(o)
}

/// The largest 1-2-5 × 10ⁿ length not above `km` (at least 10 m).
fn nice_length(km: f64) -> f64 {
    if !(km.is_finite() && km > 0.01) {
        return 0.01;
    }
    // divide for negative powers so that 0.25 is exactly 2.5 / 10
    let e = km.log10().floor() as i32;
    let scaled = |m: f64| {
        if e >= 0 {
            m * 10f64.powi(e)
        } else {
            m / 10f64.powi(-e)
        }
    };
    [5.0, 2.5, 2.0, 1.0]
        .into_iter()
        .map(scaled)
        .find(|&v| v <= km)
        .unwrap_or(scaled(1.0))
}

/// Appends one ring as a closed subpath, dropping vertices closer than 0.4 px to the last kept
/// one (50 m outlines carry far more detail than a 1200 px picture shows).
fn ring_path(d: &mut String, l: &Layout, ring: &[Coord<f64>]) {
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
    for c in ring {
        let p = l.project(c.x, c.y);
        if let Some(last) = pts.last()
            && (p.0 - last.0).abs() < 0.4
            && (p.1 - last.1).abs() < 0.4
        {
            continue;
        }
        pts.push(p);
    }
    if pts.len() < 3 {
        return;
    }
    for (n, (x, y)) in pts.iter().enumerate() {
        let _ = write!(d, "{}{x:.1},{y:.1}", if n == 0 { "M" } else { "L" });
    }
    d.push('Z');
}

/// Writes an SVG document to `path` (creating the directory).
///
/// # Errors
/// [`Error::Io`] when the file cannot be written.
pub fn write_svg(path: impl AsRef<Path>, svg: &str) -> Result<()> {
    crate::io::write_file(path, svg.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_lengths() {
        assert_eq!(nice_length(730.0), 500.0);
        assert_eq!(nice_length(260.0), 250.0);
        assert_eq!(nice_length(199.0), 100.0);
        assert_eq!(nice_length(0.3), 0.25);
        assert_eq!(nice_length(0.001), 0.01);
    }

    #[test]
    fn escaping_and_names() {
        assert_eq!(esc("A & <b> \"c\""), "A &amp; &lt;b&gt; &quot;c&quot;");
        assert_eq!(pretty("od_betweenness"), "OD betweenness");
    }
}
