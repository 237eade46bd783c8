//! `map.html`: one self-contained, offline, interactive page of already-built map layers.
//!
//! The page inlines a pinned Leaflet release (`data/vendor/leaflet/`, vendored by
//! `scripts/vendor_leaflet.sh`, BSD-2-Clause licence kept beside it), the layers as GeoJSON and
//! the country outlines as the base map. It makes no network request of any kind when opened:
//! no tiles, no CDN, no web fonts; it opens from a USB stick.
//!
//! This module does not classify or colour anything: every feature is drawn with the
//! simplestyle properties (`stroke`, `stroke-width`, `stroke-opacity`, `stroke-dasharray`,
//! `marker-color`, `marker-size`, `radius_px`) that the layer functions of [`crate::map`]
//! already wrote, and the legend rows are read from the layers' `legend` metadata, so the page,
//! the GeoJSON files and the SVG picture share one styling path.
//!
//! On the page: one switchable overlay per [`HtmlLayer`], a tooltip on hover (the feature's
//! title and the layer's value), every published property on click, a legend for the visible
//! layers, a metric scale bar, the title, the data attribution and the privacy note.
//! Below [`SVG_FEATURE_LIMIT`] features the layers are drawn as SVG elements (one `<path>` per
//! feature, each with `data-id`, so that a test can find them). Above it every layer is drawn
//! on one shared canvas: each layer keeps its vertices in flat arrays projected once, draws
//! its features in one path per style (a legend class, a mode), markers as copies of one
//! pre-drawn disc, and redraws only when a pan leaves the drawn area (the view padded by half
//! its size); hover and click find the feature through a grid index. This keeps a
//! 50,000-segment network smooth to pan (numbers in the README). Coordinates are embedded
//! rounded to 6 decimals (≈ 0.11 m); [`HtmlOptions::simplify_m`] simplifies lines and rings
//! for display only.
//!
//! # More layers (hot spots, NKDE, any published layer)
//!
//! [`render_html`] draws whatever [`HtmlLayer`]s it is given, so a layer from another module
//! (e.g. the hot spots or the network kernel density of the statistics module) joins the page
//! by building a styled [`FeatureCollection`] (simplestyle properties such as `stroke`,
//! `stroke-width`, `marker-color`, `radius_px`, `fill`, `fill-opacity`, and optionally a
//! `legend` foreign member with `classes` rows, as the layer functions of [`crate::map`]
//! write), wrapping it with [`HtmlLayer::new`] and appending it to the slice; the CLI and the
//! flagship example collect their layers in one `Vec<HtmlLayer>` for this. Lines, points and
//! polygons are drawn. The page refuses a layer that would publish a count below k (see
//! [`render_html`], Errors).

use std::fmt::Write as _;

use geo::{BoundingRect, MapCoords};
use geojson::{FeatureCollection, JsonObject};
use serde::Serialize;
use serde_json::{Value, json};

mod display;

use super::format::esc;
use super::network_layer;
use super::svg::Boundaries;
use crate::error::{Error, Result};
use crate::network::{Mode, Network};

/// Leaflet's minified JavaScript (version in `data/vendor/leaflet/VERSION`).
const LEAFLET_JS: &str = include_str!("../../data/vendor/leaflet/leaflet.js");
/// Leaflet's stylesheet.
const LEAFLET_CSS: &str = include_str!("../../data/vendor/leaflet/leaflet.css");
/// The page's own script: reads the embedded data and builds the map.
const PAGE_JS: &str = include_str!("html/page.js");
/// The page's own stylesheet.
const PAGE_CSS: &str = include_str!("html/page.css");

/// Above this many features in all layers, the page draws on a canvas instead of one SVG
/// element per feature (Leaflet's SVG renderer slows down past a few tens of thousands).
pub const SVG_FEATURE_LIMIT: usize = 20_000;

/// The symbol of one legend row.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LegendSymbol {
    /// A line of this colour and width in pixels, dashed when `dasharray` is given.
    Line {
        /// CSS colour.
        colour: String,
        /// Stroke width in pixels.
        width_px: f64,
        /// SVG dash pattern.
        dasharray: Option<String>,
    },
    /// A disc of this colour and radius in pixels.
    Disc {
        /// CSS colour.
        colour: String,
        /// Radius in pixels.
        radius_px: f64,
    },
}

/// One row of a layer's legend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegendRow {
    /// What the row stands for (a class range, a mode, a kind, a route).
    pub label: String,
    /// Its symbol.
    pub symbol: LegendSymbol,
}

/// One switchable layer of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct HtmlLayer {
    /// Name in the layer control and above the layer's legend.
    pub title: String,
    /// The styled features, as built by the layer functions of [`crate::map`].
    pub features: FeatureCollection,
    /// The property shown in the hover tooltip beside the feature's title (e.g. `cases`).
    pub value_property: Option<String>,
    /// Legend rows, already computed by the map module.
    pub legend: Vec<LegendRow>,
    /// One sentence under the legend rows (how to read the layer).
    pub note: Option<String>,
    /// Whether the layer is shown when the page opens.
    pub visible: bool,
}

/// Marker radius in pixels of a simplestyle `marker-size` (the same radii as the page script).
fn marker_radius(size: Option<&str>) -> f64 {
    match size {
        Some("large") => 9.0,
        Some("medium") => 6.0,
        _ => 4.0,
    }
}

fn str_of<'a>(o: &'a JsonObject, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

/// A legend row from a legend object that carries simplestyle keys.
fn styled_row(label: String, o: &JsonObject) -> Option<LegendRow> {
    if let Some(c) = str_of(o, "stroke") {
        return Some(LegendRow {
            label,
            symbol: LegendSymbol::Line {
                colour: c.to_string(),
                width_px: o.get("stroke-width").and_then(Value::as_f64).unwrap_or(2.5),
                dasharray: str_of(o, "stroke-dasharray").map(str::to_string),
            },
        });
    }
    str_of(o, "marker-color").map(|c| LegendRow {
        label,
        symbol: LegendSymbol::Disc {
            colour: c.to_string(),
            radius_px: o
                .get("radius_px")
                .and_then(Value::as_f64)
                .unwrap_or_else(|| marker_radius(str_of(o, "marker-size"))),
        },
    })
}

/// The feature's own label: `title`, else `name`, else `id`.
fn feature_label(p: &JsonObject, n: usize) -> String {
    ["title", "name", "id"]
        .iter()
        .find_map(|k| match p.get(*k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(v)) => Some(v.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| format!("feature {}", n + 1))
}

impl HtmlLayer {
    /// A layer from a styled collection; the legend rows and note are read from the
    /// collection's `legend` member as written by [`super::hub_measure_layer`],
    /// [`super::segment_measure_layer`], [`super::network_layer`] and the route, corridor and siting layers. A legend without classes (routes, corridors,
    /// sites) gets one row per feature (its own colour and title) when there are at most 12.
    ///
    /// ```
    /// use corridors::map::{html::HtmlLayer, hub_measure_layer, ClassOptions, HubMeasure};
    /// # use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
    /// # let mut b = NetworkBuilder::new();
    /// # b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0).with_name("A"));
    /// # b.add_hub(Hub::new("b", HubKind::Transit, -93.0, 16.5).with_name("B"));
    /// # b.add_segment(SegmentSpec::between("ab", "a", "b"));
    /// # let (net, _) = b.build()?;
    /// let fc = hub_measure_layer(&net, &HubMeasure::degree(&net), &ClassOptions::default())?;
    /// let layer = HtmlLayer::new("Hubs by degree", fc, Some("degree"));
    /// assert!(!layer.legend.is_empty()); // rows read from the layer's legend
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn new(title: &str, features: FeatureCollection, value_property: Option<&str>) -> Self {
        let meta = features
            .foreign_members
            .as_ref()
            .and_then(|m| m.get("legend"))
            .and_then(Value::as_object);
        let mut legend = Vec::new();
        let mut note = None;
        if let Some(m) = meta {
            note = str_of(m, "description").map(str::to_string);
            if let Some(rows) = m.get("classes").and_then(Value::as_array) {
                for r in rows.iter().filter_map(Value::as_object) {
                    let label = str_of(r, "label").unwrap_or("").to_string();
                    legend.extend(styled_row(label, r));
                }
            }
            for (key, label) in [
                ("suppressed", "suppressed (small count or to protect one)"),
                ("no_value", "no value"),
            ] {
                if let Some(o) = m.get(key).and_then(Value::as_object) {
                    // a no-value row is only useful when some feature has no value
                    let used = value_property.is_none_or(|vp| {
                        features.features.iter().any(|f| {
                            let p = f.properties.as_ref();
                            match key {
                                "suppressed" => p
                                    .and_then(|p| p.get("suppressed"))
                                    .and_then(Value::as_bool)
                                    .unwrap_or(false),
                                _ => p.is_none_or(|p| p.get(vp).is_none_or(Value::is_null)),
                            }
                        })
                    });
                    if used && !legend.is_empty() {
                        // the SVG legend's own wording when the layer carries it
                        let label = str_of(o, "label").unwrap_or(label);
                        legend.extend(styled_row(label.to_string(), o));
                    }
                }
            }
            if legend.is_empty() && !m.contains_key("classes") && features.features.len() <= 12 {
                for (n, f) in features.features.iter().enumerate() {
                    if let Some(p) = &f.properties {
                        legend.extend(styled_row(feature_label(p, n), p));
                    }
                }
            }
        }
        Self {
            title: title.to_string(),
            features,
            value_property: value_property.map(str::to_string),
            legend,
            note,
            visible: true,
        }
    }
}

/// The network as switchable layers: one per mode present (segments styled by mode, as in
/// [`network_layer`]), in order of first appearance, then, last, one of the hubs coloured by
/// kind (when there are hubs).
///
/// Segments gain the mode's `stroke-dasharray` (the SVG picture's dash pattern) so that rail,
/// sea, air and foot look as in the picture.
///
/// ```
/// # use corridors::{Hub, HubKind, Mode, NetworkBuilder, SegmentSpec};
/// # let mut b = NetworkBuilder::new();
/// # b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0).with_name("A"));
/// # b.add_hub(Hub::new("b", HubKind::Transit, -93.0, 16.5).with_name("B"));
/// # b.add_hub(Hub::new("c", HubKind::Destination, -94.0, 17.0).with_name("C"));
/// # b.add_segment(SegmentSpec::between("ab", "a", "b").with_mode(Mode::Road));
/// # b.add_segment(SegmentSpec::between("bc", "b", "c").with_mode(Mode::Rail));
/// # let (net, _) = b.build()?;
/// let layers = corridors::map::html::network_layers(&net);
/// let titles: Vec<&str> = layers.iter().map(|l| l.title.as_str()).collect();
/// assert_eq!(titles, ["Network: road", "Network: rail", "Hubs by kind"]);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn network_layers(net: &Network) -> Vec<HtmlLayer> {
    let all = network_layer(net);
    let mut by_mode: Vec<(Mode, Vec<geojson::Feature>)> = Vec::new();
    let mut hubs = Vec::new();
    // network_layer writes the segments first, in index order, then the hubs
    for (n, mut f) in all.features.into_iter().enumerate() {
        if n >= net.segment_count() {
            hubs.push(f);
            continue;
        }
        let mode = net.segment(n).mode;
        if let (Some(p), Some(d)) = (f.properties.as_mut(), super::mode_dasharray(mode)) {
            p.insert("stroke-dasharray".into(), json!(d));
        }
        match by_mode.iter_mut().find(|(m, _)| *m == mode) {
            Some((_, v)) => v.push(f),
            None => by_mode.push((mode, vec![f])),
        }
    }
    let mut out: Vec<HtmlLayer> = by_mode
        .into_iter()
        .map(|(mode, features)| {
            let dash = super::mode_dasharray(mode).map(str::to_string);
            HtmlLayer {
                title: format!("Network: {}", mode.as_str()),
                legend: vec![LegendRow {
                    label: mode.as_str().to_string(),
                    symbol: LegendSymbol::Line {
                        colour: super::mode_colour(mode).to_string(),
                        width_px: 2.5,
                        dasharray: dash,
                    },
                }],
                features: FeatureCollection::new(features),
                value_property: Some("length_km".into()),
                note: None,
                visible: true,
            }
        })
        .collect();
    let mut kinds: Vec<crate::network::HubKind> = Vec::new();
    for i in 0..net.hub_count() {
        let k = net.hub(i).kind;
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    kinds.sort_by_key(|k| crate::network::HubKind::ALL.iter().position(|a| a == k));
    if !hubs.is_empty() {
        out.push(HtmlLayer {
            title: "Hubs by kind".into(),
            legend: kinds
                .iter()
                .map(|k| LegendRow {
                    label: k.as_str().replace('_', " "),
                    symbol: LegendSymbol::Disc {
                        colour: super::hub_colour(*k).to_string(),
                        radius_px: marker_radius(Some("small")),
                    },
                })
                .collect(),
            features: FeatureCollection::new(hubs),
            value_property: Some("kind".into()),
            note: None,
            visible: true,
        });
    }
    out
}

/// Title, attribution and privacy note of the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HtmlOptions {
    /// Page and map title.
    pub title: String,
    /// One line under the title.
    pub subtitle: Option<String>,
    /// Data attribution, shown at the bottom right (e.g. "© OpenStreetMap contributors (ODbL)").
    pub attribution: String,
    /// The privacy guard's smallest published count k; the page says "counts below k are not
    /// shown", and [`render_html`] refuses a layer whose count properties hold 1..k−1.
    pub min_count: u32,
    /// Simplify lines and polygon rings for display to this tolerance in metres
    /// (Douglas–Peucker in a local equirectangular projection on the sphere, centred on each
    /// line's mean latitude); `None` (the default) embeds every vertex. Only the page's copy
    /// of the geometry changes, never the network or the analysis.
    pub simplify_m: Option<f64>,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        Self {
            title: "Corridor network".into(),
            subtitle: None,
            attribution: super::svg::DEFAULT_ATTRIBUTION.into(),
            min_count: crate::cases::PrivacyGuard::default().min_count,
            simplify_m: None,
        }
    }
}

/// The embedded data: what the page script reads.
#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    attribution: &'a str,
    privacy_note: String,
    canvas: bool,
    base: Option<FeatureCollection>,
    layers: Vec<PageLayer<'a>>,
}

#[derive(Serialize)]
struct PageLayer<'a> {
    title: &'a str,
    value_property: Option<&'a str>,
    legend: &'a [LegendRow],
    note: Option<&'a str>,
    visible: bool,
    data: &'a FeatureCollection,
}

/// Extends `bbox` `(x0, y0, x1, y1)` by every position of a geometry.
fn extend_bbox(g: &geojson::GeometryValue, bbox: &mut (f64, f64, f64, f64)) {
    use geojson::GeometryValue as G;
    let mut add = |p: &geojson::Position| {
        if let (Some(&x), Some(&y)) = (p.as_slice().first(), p.as_slice().get(1)) {
            *bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
        }
    };
    match g {
        G::Point { coordinates } => add(coordinates),
        G::MultiPoint { coordinates } | G::LineString { coordinates } => {
            coordinates.iter().for_each(add)
        }
        G::MultiLineString { coordinates } | G::Polygon { coordinates } => {
            coordinates.iter().flatten().for_each(add)
        }
        G::MultiPolygon { coordinates } => coordinates.iter().flatten().flatten().for_each(add),
        G::GeometryCollection { geometries } => {
            geometries.iter().for_each(|g| extend_bbox(&g.value, bbox))
        }
    }
}

/// The country outlines near the layers, as one GeoJSON collection (coordinates rounded to 6
/// decimals), or `None` when no outline comes near: then the page has no sea colour either.
fn base_collection(b: &Boundaries, layers: &[HtmlLayer]) -> Option<FeatureCollection> {
    let mut bbox = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for f in layers.iter().flat_map(|l| &l.features.features) {
        if let Some(g) = &f.geometry {
            extend_bbox(&g.value, &mut bbox);
        }
    }
    // outlines within the data extent padded by half of it, and at least 1°
    let pad_x = ((bbox.2 - bbox.0) / 2.0).max(1.0);
    let pad_y = ((bbox.3 - bbox.1) / 2.0).max(1.0);
    // polygon by polygon: a country's own box may span the globe (Alaska and the Aleutians)
    let near = |c: &&super::svg::Country| {
        c.shape.0.iter().any(|p| {
            p.bounding_rect().is_some_and(|r| {
                r.min().x <= bbox.2 + pad_x
                    && r.max().x >= bbox.0 - pad_x
                    && r.min().y <= bbox.3 + pad_y
                    && r.max().y >= bbox.1 - pad_y
            })
        })
    };
    let features: Vec<geojson::Feature> = b
        .countries
        .iter()
        .filter(near)
        .map(|c| {
            let shape = c.shape.map_coords(super::round6);
            let mut props = JsonObject::new();
            props.insert("name".into(), json!(c.name));
            super::feature(
                geojson::Geometry::new(geojson::GeometryValue::from(&shape)),
                props,
            )
        })
        .collect();
    (!features.is_empty()).then(|| FeatureCollection::new(features))
}

/// Whether a property holds a count of cases or victims (the numbers the privacy guard
/// protects): `cases`, `victims`, `count`, or a name ending in `_cases`, `_victims` or
/// `_count`.
fn is_count_property(key: &str) -> bool {
    matches!(key, "cases" | "victims" | "count")
        || ["_cases", "_victims", "_count"]
            .iter()
            .any(|s| key.ends_with(s))
}

/// Refuses a layer with a count from 1 to k−1 in a count property: the page embeds only
/// published layers, whichever module built them.
fn check_published(layer: &HtmlLayer, k: u32) -> Result<()> {
    for (n, f) in layer.features.features.iter().enumerate() {
        let Some(p) = &f.properties else { continue };
        for (key, v) in p {
            if let Some(x) = v.as_f64()
                && is_count_property(key)
                && x >= 1.0
                && x < f64::from(k)
            {
                return Err(Error::invalid(
                    "layers",
                    format!(
                        "layer \"{}\" feature {} ({}) has {key} = {x}, a count below k = {k}: \
                         pass only published (privacy-guarded) layers",
                        layer.title,
                        n + 1,
                        feature_label(p, n)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The self-contained HTML page of `layers` over the country outlines `base`.
///
/// # Arguments
/// * `layers`: the switchable layers, drawn in this order (the last on top; on large pages
///   lines and areas first, then markers). Any published layer can be added here, such as
///   hot spots or a network kernel density from the statistics module (see the module
///   documentation, "More layers").
/// * `base`: country outlines drawn under everything (land filled, sea around it), or `None`
///   for a plain white background. Only outlines near the layers are embedded; when none is
///   near, the background stays white (no sea where no outline is drawn).
/// * `opts`: title, subtitle, attribution and the privacy guard's k.
///
/// # Returns
/// The page as one HTML string (UTF-8): Leaflet, the page script and the data inlined; write
/// it with [`crate::io::write_file`].
///
/// # Complexity
/// O(size of the layers): the layers are serialised once.
///
/// # Example
/// ```
/// use corridors::map::html::{network_layers, render_html, HtmlOptions};
/// # use corridors::{Hub, HubKind, Mode, NetworkBuilder, SegmentSpec};
/// # let mut b = NetworkBuilder::new();
/// # b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0).with_name("A"));
/// # b.add_hub(Hub::new("b", HubKind::Transit, -93.0, 16.5).with_name("B"));
/// # b.add_hub(Hub::new("c", HubKind::Destination, -94.0, 17.0).with_name("C"));
/// # b.add_segment(SegmentSpec::between("ab", "a", "b").with_mode(Mode::Road));
/// # b.add_segment(SegmentSpec::between("bc", "b", "c").with_mode(Mode::Rail));
/// # let (net, _) = b.build()?;
/// let page = render_html(&network_layers(&net), None, &HtmlOptions::default())?;
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(!page.contains("https://unpkg")); // nothing loaded from outside
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] when the layers hold no feature at all (nothing to centre the
/// map on), when `opts.simplify_m` is not a positive number, or when a feature of a layer has
/// a count property (`cases`, `victims`, `count`, `*_cases`, `*_victims`, `*_count`) from 1 to
/// k−1 (`opts.min_count`): only published, privacy-guarded layers go on the page.
pub fn render_html(
    layers: &[HtmlLayer],
    base: Option<&Boundaries>,
    opts: &HtmlOptions,
) -> Result<String> {
    let count: usize = layers.iter().map(|l| l.features.features.len()).sum();
    if count == 0 {
        return Err(Error::invalid(
            "layers",
            "the HTML map needs at least one feature",
        ));
    }
    // `description` (a sentence repeating the title and value) and `marker-symbol` (a Maki
    // icon name) are simplestyle keys the page does not draw: left out, they save a sixth of
    // the page on large networks; every other property is embedded and shown on click
    // geometry rounded to 6 decimals, and simplified when asked
    if let Some(t) = opts.simplify_m
        && !(t.is_finite() && t > 0.0)
    {
        return Err(Error::invalid(
            "simplify_m",
            format!("the tolerance must be a positive number of metres, not {t}"),
        ));
    }
    for l in layers {
        check_published(l, opts.min_count)?;
    }
    let trimmed: Vec<FeatureCollection> = layers
        .iter()
        .map(|l| {
            let mut fc = FeatureCollection::new(l.features.features.clone());
            for f in &mut fc.features {
                if let Some(p) = f.properties.as_mut() {
                    p.remove("description");
                    p.remove("marker-symbol");
                }
                if let Some(g) = f.geometry.as_mut() {
                    g.value = display::display_geometry(&g.value, opts.simplify_m);
                    g.bbox = None;
                }
                f.bbox = None;
            }
            fc
        })
        .collect();
    let data = PageData {
        title: &opts.title,
        subtitle: opts.subtitle.as_deref(),
        attribution: &opts.attribution,
        privacy_note: format!(
            "Privacy: counts below k = {} are not shown.",
            opts.min_count
        ),
        canvas: count > SVG_FEATURE_LIMIT,
        base: base.and_then(|b| base_collection(b, layers)),
        layers: layers
            .iter()
            .zip(&trimmed)
            .map(|(l, fc)| PageLayer {
                title: &l.title,
                value_property: l.value_property.as_deref(),
                legend: &l.legend,
                note: l.note.as_deref(),
                visible: l.visible,
                data: fc,
            })
            .collect(),
    };
    let json = serde_json::to_string(&data)
        .map_err(|e| Error::invalid("layers", format!("not serialisable: {e}")))?
        // `</script>` inside a string must not end the data block; `<\/` is the same JSON text
        .replace("</", "<\\/");
    let mut o = String::with_capacity(json.len() + LEAFLET_JS.len() + 32_768);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Forbids every request to anything but the page itself and inline data: a second guard
    // (beside the browser test) that the page works offline.
    o.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    let _ = writeln!(o, "<title>{}</title>", esc(&opts.title));
    // Leaflet's CSS points its control icons at images/*.png, which a single file does not
    // have; the page never shows them (the layer control is expanded, no default markers),
    // and dropping the urls keeps the browser from even trying.
    let css = LEAFLET_CSS
        .replace("url(images/layers.png)", "none")
        .replace("url(images/layers-2x.png)", "none")
        .replace("url(images/marker-icon.png)", "none");
    let _ = writeln!(o, "<style>\n{css}\n{PAGE_CSS}</style>");
    o.push_str("</head>\n<body>\n<header id=\"header\">");
    let _ = write!(o, "<h1 id=\"title\">{}</h1>", esc(&opts.title));
    if let Some(s) = &opts.subtitle {
        let _ = write!(o, "<p id=\"subtitle\">{}</p>", esc(s));
    }
    o.push_str("</header>\n<div id=\"map\"></div>\n");
    let _ = writeln!(
        o,
        "<script id=\"corridors-data\" type=\"application/json\">{json}</script>"
    );
    let _ = writeln!(
        o,
        "<script>\n{LEAFLET_JS}\n</script>\n<script>\n{PAGE_JS}</script>"
    );
    o.push_str("</body>\n</html>\n");
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Hub, HubKind, NetworkBuilder, SegmentSpec};

    fn net() -> Network {
        let mut b = NetworkBuilder::new();
        b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0).with_name("A </script>"));
        b.add_hub(Hub::new("b", HubKind::Transit, -93.0, 16.5).with_name("B"));
        b.add_hub(Hub::new("c", HubKind::BorderCrossing, -94.0, 17.0).with_name("C"));
        b.add_segment(SegmentSpec::between("ab", "a", "b").with_mode(Mode::Road));
        b.add_segment(SegmentSpec::between("bc", "b", "c").with_mode(Mode::Sea));
        b.build().unwrap().0
    }

    fn embedded(page: &str) -> Value {
        let start = page.find("type=\"application/json\">").unwrap() + 24;
        let end = start + page[start..].find("</script>").unwrap();
        serde_json::from_str(&page[start..end]).unwrap()
    }

    #[test]
    fn page_embeds_every_layer_and_escapes_script_ends() {
        let net = net();
        let page = render_html(&network_layers(&net), None, &HtmlOptions::default()).unwrap();
        let d = embedded(&page);
        let layers = d["layers"].as_array().unwrap();
        assert_eq!(layers.len(), 3);
        let n: usize = layers
            .iter()
            .map(|l| l["data"]["features"].as_array().unwrap().len())
            .sum();
        assert_eq!(n, net.hub_count() + net.segment_count());
        // the hub name with `</script>` survived as data, not as markup
        assert!(page.contains("A <\\/script>"));
        assert_eq!(d["canvas"], false);
        assert_eq!(
            layers[1]["data"]["features"][0]["properties"]["stroke-dasharray"],
            "8 4 2 4"
        );
    }

    #[test]
    fn page_loads_nothing_from_outside() {
        let page = render_html(&network_layers(&net()), None, &HtmlOptions::default()).unwrap();
        // Leaflet's source names its web site in comments and the attribution prefix is plain
        // text; what would load something is a src/href attribute, a CSS url() or @import
        for needle in [" src=", "<link", "@import", "url(images/", "url(http"] {
            assert!(!page.contains(needle), "page contains {needle}");
        }
        assert!(page.contains("Content-Security-Policy"));
    }

    #[test]
    fn only_outlines_near_the_data_are_embedded() {
        let square = |x: f64, y: f64| super::super::svg::Country {
            name: format!("{x}"),
            shape: geo::MultiPolygon(vec![geo::Polygon::new(
                geo::LineString::from(vec![(x, y), (x + 1.0, y), (x + 1.0, y + 1.0), (x, y)]),
                vec![],
            )]),
        };
        let near = square(-93.5, 15.5);
        let far = square(24.0, 60.0); // Helsinki
        let layers = network_layers(&net());
        let b = Boundaries {
            countries: vec![near.clone(), far.clone()],
        };
        let page = render_html(&layers, Some(&b), &HtmlOptions::default()).unwrap();
        let base = &embedded(&page)["base"]["features"];
        assert_eq!(base.as_array().unwrap().len(), 1);
        assert_eq!(base[0]["properties"]["name"], "-93.5");
        let only_far = Boundaries {
            countries: vec![far],
        };
        let page = render_html(&layers, Some(&only_far), &HtmlOptions::default()).unwrap();
        assert!(embedded(&page)["base"].is_null());
    }

    #[test]
    fn a_layer_with_a_small_count_is_refused() {
        let net = net();
        let mut layers = network_layers(&net);
        let mut fc = layers[0].features.clone();
        for (v, ok) in [(json!(0), true), (json!(11), true), (json!(3), false)] {
            if let Some(p) = fc.features[0].properties.as_mut() {
                p.insert("hot_spot_cases".into(), v);
            }
            layers.push(HtmlLayer::new(
                "Hot spots",
                fc.clone(),
                Some("hot_spot_cases"),
            ));
            let r = render_html(&layers, None, &HtmlOptions::default());
            assert_eq!(r.is_ok(), ok, "{r:?}");
            layers.pop();
        }
    }

    #[test]
    fn simplify_tolerance_must_be_positive() {
        for t in [0.0, -5.0, f64::NAN] {
            let opts = HtmlOptions {
                simplify_m: Some(t),
                ..HtmlOptions::default()
            };
            assert!(matches!(
                render_html(&network_layers(&net()), None, &opts),
                Err(Error::InvalidArgument {
                    name: "simplify_m",
                    ..
                })
            ));
        }
    }

    #[test]
    fn empty_layers_are_an_error() {
        assert!(matches!(
            render_html(&[], None, &HtmlOptions::default()),
            Err(Error::InvalidArgument { name: "layers", .. })
        ));
    }
}
