//! Plain item layers: lines (routes, corridors) and points (sited hubs) from geometry and
//! properties, styled by simplestyle defaults that the items' own properties override.

use geo::{LineString, Point};
use geojson::{FeatureCollection, JsonObject};
use serde_json::{Value, json};

use super::style;
use super::{feature, line_geometry, point_geometry};
use crate::error::{Error, Result};

/// A line to map (a route, a corridor) with its properties.
#[derive(Clone, Debug, PartialEq)]
pub struct LineItem {
    /// WGS84 lon/lat geometry.
    pub geometry: LineString<f64>,
    /// Properties; simplestyle keys given here override the layer's defaults.
    pub properties: JsonObject,
}

/// A point to map (a sited hub) with its properties.
#[derive(Clone, Debug, PartialEq)]
pub struct PointItem {
    /// WGS84 lon/lat location.
    pub location: Point<f64>,
    /// Properties; simplestyle keys given here override the layer's defaults.
    pub properties: JsonObject,
}

/// `name` is the argument the items came from (`routes`, `corridors`, `sites`).
fn check_coord(name: &'static str, item: usize, x: f64, y: f64) -> Result<()> {
    if !x.is_finite()
        || !y.is_finite()
        || !(-180.0..=180.0).contains(&x)
        || !(-90.0..=90.0).contains(&y)
    {
        return Err(Error::invalid(
            name,
            format!("item {item}: coordinate ({x}, {y}) is not a finite WGS84 lon/lat"),
        ));
    }
    Ok(())
}

fn with_defaults(mut p: JsonObject, defaults: &[(&str, Value)]) -> JsonObject {
    for (k, v) in defaults {
        p.entry(k.to_string()).or_insert_with(|| v.clone());
    }
    p
}

fn line_layer(
    layer: &'static str,
    items: &[LineItem],
    style: impl Fn(usize) -> Vec<(&'static str, Value)>,
    legend: &str,
) -> Result<FeatureCollection> {
    let mut features = Vec::with_capacity(items.len());
    for (n, it) in items.iter().enumerate() {
        if it.geometry.0.len() < 2 {
            return Err(Error::invalid(
                layer,
                format!("item {n}: a line needs at least two points"),
            ));
        }
        for c in &it.geometry.0 {
            check_coord(layer, n, c.x, c.y)?;
        }
        let p = with_defaults(it.properties.clone(), &style(n));
        features.push(feature(line_geometry(&it.geometry), p));
    }
    let mut fc = FeatureCollection::new(features);
    let mut fm = JsonObject::new();
    fm.insert("name".into(), json!(layer));
    fm.insert("legend".into(), json!({ "description": legend }));
    fc.foreign_members = Some(fm);
    Ok(fc)
}

/// Routes (e.g. itineraries routed on the network), each in its own colour from a
/// colour-blind-safe categorical palette, 4 px wide.
///
/// ```
/// use corridors::map::{route_item_layer, LineItem};
/// use corridors::geo::line_string;
/// let r = LineItem {
///     geometry: line_string![(x: -92.26, y: 14.91), (x: -99.13, y: 19.43)],
///     properties: serde_json::json!({"title": "Tapachula → CDMX"}).as_object().unwrap().clone(),
/// };
/// let fc = route_item_layer(&[r])?;
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["stroke-width"], 4.0);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a line with fewer than two points or a coordinate that is
/// not a finite lon/lat.
pub fn route_item_layer(routes: &[LineItem]) -> Result<FeatureCollection> {
    line_layer(
        "routes",
        routes,
        |n| {
            vec![
                ("stroke", json!(style::categorical_colour(n))),
                ("stroke-width", json!(4.0)),
                ("stroke-opacity", json!(0.8)),
            ]
        },
        "Routes, one colour each.",
    )
}

/// Corridors: wide translucent red bands meant to lie under the network.
///
/// ```
/// use corridors::map::{corridor_item_layer, LineItem};
/// use corridors::geo::line_string;
/// let c = LineItem {
///     geometry: line_string![(x: -92.26, y: 14.91), (x: -106.49, y: 31.69)],
///     properties: Default::default(),
/// };
/// let fc = corridor_item_layer(&[c])?;
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["stroke-opacity"], 0.35);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`route_item_layer`].
pub fn corridor_item_layer(corridors: &[LineItem]) -> Result<FeatureCollection> {
    line_layer(
        "corridors",
        corridors,
        |_| {
            vec![
                ("stroke", json!("#e31a1c")),
                ("stroke-width", json!(9.0)),
                ("stroke-opacity", json!(0.35)),
            ]
        },
        "Corridors: translucent red bands.",
    )
}

/// Sited hubs (e.g. proposed shelters or checkpoints): large purple star markers.
///
/// ```
/// use corridors::map::{site_item_layer, PointItem};
/// let s = PointItem {
///     location: corridors::geo::Point::new(-92.26, 14.91),
///     properties: Default::default(),
/// };
/// let fc = site_item_layer(&[s])?;
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["marker-symbol"], "star");
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a location that is not a finite lon/lat.
pub fn site_item_layer(sites: &[PointItem]) -> Result<FeatureCollection> {
    let mut features = Vec::with_capacity(sites.len());
    for (n, s) in sites.iter().enumerate() {
        check_coord("sites", n, s.location.x(), s.location.y())?;
        let p = with_defaults(
            s.properties.clone(),
            &[
                ("marker-color", json!("#6a3d9a")),
                ("marker-size", json!("large")),
                ("marker-symbol", json!("star")),
            ],
        );
        features.push(feature(point_geometry(s.location), p));
    }
    let mut fc = FeatureCollection::new(features);
    let mut fm = JsonObject::new();
    fm.insert("name".into(), json!("sited hubs"));
    fm.insert(
        "legend".into(),
        json!({"description": "Sited hubs: purple stars."}),
    );
    fc.foreign_members = Some(fm);
    Ok(fc)
}
