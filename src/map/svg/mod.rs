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

mod labels;
mod layout;
mod legend;
mod scale_bar;

use std::fmt::Write as _;

use geo::{BoundingRect, Contains, Coord, Point, Polygon};

use super::classify::ClassOptions;
use super::format::{esc, fmt_value};
use super::measure::{HubMeasure, SegmentMeasure};
use super::style::{
    NO_VALUE_COLOUR, SUPPRESSED_DASHARRAY, hub_colour, mode_colour, mode_dasharray,
};
use super::styling::{Scale, Styling};
use super::thematic::order_by_value;
pub use crate::boundaries::{Boundaries, Country};
use crate::error::{Error, Result};
use crate::network::Network;
use labels::BoxPx;
use layout::MARGIN;
pub use layout::{Layout, MIN_EXTENT_M};
use legend::Legend;

/// Attribution of the data shipped with corridors.
pub const DEFAULT_ATTRIBUTION: &str = "GeoNames (CC BY 4.0), Natural Earth (public domain)";

const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";
const SEA: &str = "#d9e7f1";
const LAND: &str = "#efebe3";
const LAND_FOCUS: &str = "#fdfcf8";
const BORDER: &str = "#a9a196";

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
    /// Hubs labelled before (and besides) the top `labels`: e.g. the origins and
    /// destinations of an OD measure, which score 0 by definition and would otherwise be
    /// unlabelled dots. Empty by default.
    pub endpoint_hubs: Vec<usize>,
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
            endpoint_hubs: Vec::new(),
            classes: ClassOptions::default(),
            attribution: DEFAULT_ATTRIBUTION.into(),
        }
    }
}

/// The SVG document being written: a text buffer, written in order (so the same input gives
/// the same bytes).
pub(crate) struct SvgWriter {
    out: String,
}

impl SvgWriter {
    fn new() -> Self {
        Self {
            out: String::with_capacity(256 * 1024),
        }
    }

    /// Appends raw markup.
    fn push_str(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn finish(self) -> String {
        self.out
    }
}

impl std::fmt::Write for SvgWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        Ok(())
    }
}

/// What one picture draws and how: the inputs, the styling and scales of the measures, and
/// the layout.
struct Picture<'a> {
    net: &'a Network,
    layers: &'a MapLayers<'a>,
    opts: &'a SvgOptions,
    styling: Styling,
    /// The segment measure's own styling (case counts), else `styling`.
    seg_styling: Styling,
    hub_classes: Option<Scale>,
    seg_classes: Option<Scale>,
    l: Layout,
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

/// Estimated width of text in DejaVu Sans (average advance ≈ 0.6 em).
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.6
}

/// Draws the map as an SVG document.
///
/// ```
/// use corridors::map::{HubMeasure, svg::{render_svg, MapLayers, SvgOptions}};
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let outlines =
///     corridors::io::geojson::read_boundaries("data/boundaries/countries_50m.geojson")?;
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
        return Err(Error::invalid(
            "width_px",
            format!(
                "picture width must be at least 300 px, got {}",
                opts.width_px
            ),
        ));
    }
    // the picture draws both measures with the styling of the measure layers
    let styling = Styling::classified(opts.classes);
    let hub_classes = match layers.hub_measure {
        Some(m) => styling.scale(&m.values)?,
        None => None,
    };
    let seg_styling = match layers.segment_measure {
        Some(m) => m.styling_or(opts.classes),
        None => styling.clone(),
    };
    let seg_classes = match layers.segment_measure {
        Some(m) => seg_styling.scale(&m.values)?,
        None => None,
    };
    let p = Picture {
        net,
        layers,
        opts,
        styling,
        seg_styling,
        hub_classes,
        seg_classes,
        l: Layout::fit(net, opts),
    };
    let mut o = SvgWriter::new();
    draw_header(&mut o, &p);
    draw_outlines(&mut o, &p);
    let mut points_px = draw_segments(&mut o, &p);
    let (radius, discs) = draw_hubs(&mut o, &p, &mut points_px);
    draw_frame(&mut o, &p.l);
    let legend = Legend::new(&p);
    let (w, h) = (legend.width, legend.block_height);
    let (lx, ly) = legend::pick_corner(p.l.frame, w, h, &points_px);
    labels::draw_labels(&mut o, &p, &radius, &discs, (lx, ly, lx + w, ly + h));
    legend.draw(&mut o, (lx, ly));
    scale_bar::draw_scale_bar(&mut o, &p.l, (lx, ly), w, legend.height);
    draw_titles(&mut o, &p);
    o.push_str("</svg>\n");
    Ok(o.finish())
}

/// The XML prolog, the `<svg>` element, title, description, clip path, background and sea.
fn draw_header(o: &mut SvgWriter, p: &Picture<'_>) {
    let (net, opts, l) = (p.net, p.opts, &p.l);
    let (fx, fy, fw, fh) = l.frame;
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
    let any_outline = p.layers.boundaries.is_some_and(|b| {
        b.countries.iter().any(|c| {
            c.shape.0.iter().any(|poly| {
                poly.bounding_rect().is_some_and(|r| {
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
}

/// Country outlines clipped to the frame; countries holding a hub are drawn lighter.
fn draw_outlines(o: &mut SvgWriter, p: &Picture<'_>) {
    let (net, layers, l) = (p.net, p.layers, &p.l);
    let (fx, fy, fw, fh) = l.frame;
    // base: country outlines
    o.push_str("<g id=\"outlines\" clip-path=\"url(#frame-clip)\">\n");
    if let Some(b) = layers.boundaries {
        let (lon_a, lat_a) = l.unproject(fx, fy + fh);
        let (lon_b, lat_b) = l.unproject(fx + fw, fy);
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
                    ring_path(&mut d, l, &ring.0);
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
}

/// Segments, lightest first (or by mode); returns the drawn points for the legend corner.
fn draw_segments(o: &mut SvgWriter, p: &Picture<'_>) -> Vec<(f64, f64)> {
    let (net, layers, l, styling, seg_classes) =
        (p.net, p.layers, &p.l, &p.seg_styling, &p.seg_classes);
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
                let st = styling.segment(m.values[e], seg_classes.as_ref());
                let dash = m.suppressed[e].then_some(SUPPRESSED_DASHARRAY);
                (st.colour.unwrap_or(NO_VALUE_COLOUR), st.size_px, dash)
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
    points_px
}

/// Hub discs, biggest first so that small discs stay visible; returns the radius of each hub
/// and the box of each drawn disc, and adds the hubs to `points_px`.
fn draw_hubs(
    o: &mut SvgWriter,
    p: &Picture<'_>,
    points_px: &mut Vec<(f64, f64)>,
) -> (Vec<f64>, Vec<(usize, BoxPx)>) {
    let (net, layers, l, styling, hub_classes) =
        (p.net, p.layers, &p.l, &p.styling, &p.hub_classes);
    // hubs: biggest first so that small discs stay visible
    let hub_look: Vec<(&'static str, f64)> = (0..net.hub_count())
        .map(|i| match layers.hub_measure {
            Some(m) => {
                let st = styling.hub(m.values[i], hub_classes.as_ref());
                (st.colour.unwrap_or(NO_VALUE_COLOUR), st.size_px)
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
    (hub_look.iter().map(|h| h.1).collect(), hub_boxes)
}

/// The frame around the map.
fn draw_frame(o: &mut SvgWriter, l: &Layout) {
    let (fx, fy, fw, fh) = l.frame;
    let _ = writeln!(
        o,
        r##"<rect id="frame" x="{fx:.1}" y="{fy:.1}" width="{fw:.1}" height="{fh:.1}" fill="none" stroke="#8a8a8a" stroke-width="1"/>"##
    );
}

/// Title, subtitle, attribution and projection note.
fn draw_titles(o: &mut SvgWriter, p: &Picture<'_>) {
    let (opts, l) = (p.opts, &p.l);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_names() {
        assert_eq!(esc("A & <b> \"c\""), "A &amp; &lt;b&gt; &quot;c&quot;");
        assert_eq!(pretty("od_betweenness"), "OD betweenness");
    }
}
