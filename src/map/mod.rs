//! Map layers: GeoJSON FeatureCollections styled with the
//! [simplestyle-spec](https://github.com/mapbox/simplestyle-spec) properties that geojson.io,
//! kepler.gl and many web maps read (`marker-color`, `marker-size`, `stroke`, `stroke-width`,
//! `title`, …). QGIS ignores them but shows every other property as an attribute.
//!
//! Coordinates are rounded to 6 decimals (about 0.1 m). Layers are plain values; writing them
//! is [`crate::io::geojson::write_feature_collection`].
//!
//! * [`network_layer`]: hubs coloured by kind, segments by mode.
//! * [`hub_measure_layer`] and [`segment_measure_layer`]: any per-hub or per-segment
//!   [`HubMeasure`] / [`SegmentMeasure`] (centrality, case counts, degree, length), classified
//!   by [`classify`] (quantiles or Jenks natural breaks, stated in the layer's metadata);
//!   suppressed aggregates are drawn grey and dashed.
//! * [`cases_layer`], [`corridor_cases_layer`]: published case counts; they accept only the
//!   output of the [`PrivacyGuard`](crate::cases::PrivacyGuard).
//! * [`centrality_layer`]: hubs and segments with their centrality scores.
//! * [`routes_layer`], [`corridors_layer`], [`siting_layer`]: routing and planning results.
//! * [`route_item_layer`], [`corridor_item_layer`], [`site_item_layer`]: plain geometry +
//!   properties.
//! * [`html`]: the layers as one self-contained, offline, interactive page (Leaflet inlined).
//! * [`svg`]: the same styling as a picture with country outlines, labels, legend and scale
//!   bar; [`png`] (feature `png`) rasterises it. Both return the document; writing it is
//!   [`crate::io::write_file`].

mod cases;
mod centrality;
mod classify;
mod format;
pub mod html;
mod items;
mod kcurve;
mod measure;
mod nkde;
#[cfg(feature = "png")]
pub mod png;
mod routes;
mod siting;
mod style;
mod styling;
pub mod svg;
mod thematic;

use geo::{Coord, LineString, Point};
use geojson::{Feature, FeatureCollection, Geometry, JsonObject};
use serde_json::{Value, json};

pub use cases::{case_load_measure, cases_layer};
pub use centrality::{CentralityLayer, CentralityScores, centrality_layer};
pub use classify::{ClassMethod, ClassOptions, Classes, JENKS_MAX_VALUES, classify};
pub use items::{LineItem, PointItem, corridor_item_layer, route_item_layer, site_item_layer};
pub use kcurve::k_curve_svg;
pub use measure::{HubMeasure, SegmentMeasure};
pub use nkde::{NKDE_RAMP, nkde_features};
#[doc(hidden)]
pub use nkde::{segment_geometry as nkde_segment_geometry, sub_geometry as nkde_sub_geometry};
pub use routes::{corridor_cases_layer, corridors_layer, routes_layer};
pub use siting::siting_layer;
pub use style::{
    MAX_CLASSES, NO_VALUE_COLOUR, SUPPRESSED_DASHARRAY, hub_class_colour, hub_colour, mode_colour,
    mode_dasharray, radius_px, segment_class_colour, width_px,
};
pub use styling::{Classing, Look, MarkerRule, SizeRule, Styling};
pub use thematic::{hub_measure_layer, segment_measure_layer};

use crate::network::Network;

/// Rounds a coordinate to 6 decimals.
///
/// ```
/// let c = corridors::map::round6(corridors::geo::coord! { x: -92.123_456_78, y: 14.9 });
/// assert_eq!((c.x, c.y), (-92.123457, 14.9));
/// ```
pub fn round6(c: Coord<f64>) -> Coord<f64> {
    let r = |v: f64| (v * 1e6).round() / 1e6;
    Coord {
        x: r(c.x),
        y: r(c.y),
    }
}

/// A GeoJSON Point geometry with rounded coordinates.
///
/// ```
/// let g = corridors::map::point_geometry(corridors::geo::Point::new(-92.262_626_2, 14.9));
/// assert!(serde_json::to_string(&g)?.contains("[-92.262626,14.9]"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn point_geometry(p: Point<f64>) -> Geometry {
    let c = round6(p.0);
    Geometry::new(geojson::GeometryValue::Point {
        coordinates: vec![c.x, c.y].into(),
    })
}

/// A GeoJSON LineString geometry with rounded coordinates.
///
/// ```
/// use corridors::geo::line_string;
/// let g = corridors::map::line_geometry(&line_string![(x: 0.123_456_7, y: 1.0), (x: 2.0, y: 3.0)]);
/// assert!(serde_json::to_string(&g)?.contains("[[0.123457,1.0],[2.0,3.0]]"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn line_geometry(l: &LineString<f64>) -> Geometry {
    Geometry::new(geojson::GeometryValue::LineString {
        coordinates: l
            .0
            .iter()
            .map(|c| {
                let c = round6(*c);
                vec![c.x, c.y].into()
            })
            .collect(),
    })
}

/// A feature from a geometry and properties.
///
/// ```
/// use corridors::map::{feature, point_geometry};
/// let mut p = geojson::JsonObject::new();
/// p.insert("name".into(), "Tapachula".into());
/// let f = feature(point_geometry(corridors::geo::Point::new(-92.26, 14.91)), p);
/// assert_eq!(f.properties.unwrap()["name"], "Tapachula");
/// ```
pub fn feature(geometry: Geometry, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(geometry),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

/// Base properties of hub `i`: `id` (as in the input), `name`, `kind`, its free properties,
/// `degree`, and simplestyle marker styling by kind.
///
/// ```
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let p = corridors::map::hub_properties(&net, 0);
/// assert_eq!(p["degree"], net.degree(0));
/// assert!(p.contains_key("marker-color"));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn hub_properties(net: &Network, i: usize) -> JsonObject {
    let h = net.hub(i);
    let mut p = JsonObject::new();
    p.insert("id".into(), h.id.to_json());
    p.insert("name".into(), json!(h.name));
    p.insert("kind".into(), json!(h.kind.as_str()));
    for (k, v) in &h.properties {
        p.entry(k.clone()).or_insert_with(|| v.clone());
    }
    p.insert("degree".into(), json!(net.degree(i)));
    p.insert("marker-color".into(), json!(hub_colour(h.kind)));
    p.insert("marker-size".into(), json!("small"));
    p.insert("marker-symbol".into(), json!(style::hub_symbol(h.kind)));
    p.insert("title".into(), json!(h.name));
    p.insert(
        "description".into(),
        json!(format!(
            "{} ({})",
            h.name,
            h.kind.as_str().replace('_', " ")
        )),
    );
    p
}

/// Base properties of segment `e`: `id`, `from`, `to`, `mode`, `length_m`, `length_km`,
/// `oneway`, its free properties, and simplestyle stroke styling by mode.
///
/// ```
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let p = corridors::map::segment_properties(&net, 0);
/// assert_eq!(p["mode"], net.segment(0).mode.as_str());
/// assert_eq!(p["stroke-width"], 2.5);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn segment_properties(net: &Network, e: usize) -> JsonObject {
    let s = net.segment(e);
    let (a, b) = net.endpoints(e);
    let mut p = JsonObject::new();
    p.insert("id".into(), s.id.to_json());
    p.insert("from".into(), net.hub(a).id.to_json());
    p.insert("to".into(), net.hub(b).id.to_json());
    p.insert("mode".into(), json!(s.mode.as_str()));
    p.insert("length_m".into(), json!((s.length_m * 10.0).round() / 10.0));
    p.insert(
        "length_km".into(),
        json!((s.length_m / 100.0).round() / 10.0),
    );
    if let Some(m) = s.minutes {
        p.insert("minutes".into(), json!(m));
    }
    if let Some(v) = s.speed_kmh {
        p.insert("speed_kmh".into(), json!(v));
    }
    p.insert("oneway".into(), json!(s.oneway));
    for (k, v) in &s.properties {
        p.entry(k.clone()).or_insert_with(|| v.clone());
    }
    p.insert("stroke".into(), json!(mode_colour(s.mode)));
    p.insert("stroke-width".into(), json!(2.5));
    p.insert("stroke-opacity".into(), json!(0.85));
    let title = match s.properties.get("name").and_then(Value::as_str) {
        Some(n) => format!("{} → {} ({n})", net.hub(a).name, net.hub(b).name),
        None => format!("{} → {}", net.hub(a).name, net.hub(b).name),
    };
    p.insert("title".into(), json!(title));
    p.insert(
        "description".into(),
        json!(format!(
            "{}, {:.0} km",
            s.mode.as_str(),
            s.length_m / 1000.0
        )),
    );
    p
}

/// The network as one styled layer: segments first (drawn below), then hubs.
///
/// Hubs are coloured by kind and segments by mode; the legend is in the collection's
/// foreign member `legend`.
///
/// ```
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0).unwrap();
/// let fc = corridors::map::network_layer(&net);
/// assert_eq!(fc.features.len(), net.hub_count() + net.segment_count());
/// let first = fc.features[0].properties.as_ref().unwrap();
/// assert!(first.contains_key("stroke"));
/// ```
pub fn network_layer(net: &Network) -> FeatureCollection {
    let mut features = Vec::with_capacity(net.hub_count() + net.segment_count());
    for e in 0..net.segment_count() {
        features.push(feature(
            line_geometry(&net.segment(e).geometry),
            segment_properties(net, e),
        ));
    }
    for i in 0..net.hub_count() {
        features.push(feature(
            point_geometry(net.hub(i).location),
            hub_properties(net, i),
        ));
    }
    let mut fc = FeatureCollection::new(features);
    let mut fm = JsonObject::new();
    fm.insert("name".into(), json!("corridor network"));
    fm.insert("legend".into(), style::network_legend());
    fc.foreign_members = Some(fm);
    fc
}
