//! Routes and corridors as styled GeoJSON layers.

use geojson::{FeatureCollection, JsonObject};
use serde_json::json;

use super::{ResolvedCorridor, Route};
use crate::map::{feature, line_geometry, mode_colour};
use crate::network::Network;

/// Routes as a styled GeoJSON layer: one LineString per route with `rank` (1 = best),
/// `cost`, `length_m`, `minutes`, `hubs` and `segments` (ids). The best route is drawn red.
///
/// ```
/// # use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// # use corridors::routing::{Router, RouterOptions, routes_layer};
/// # let mut b = NetworkBuilder::new();
/// # b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
/// # b.add_hub(Hub::new("b", HubKind::BorderCrossing, -92.0, 16.0));
/// # b.add_segment(SegmentSpec::between("ab", "a", "b"));
/// # let (net, _) = b.build()?;
/// let router = Router::new(&net, &RouterOptions::default())?;
/// let r = router.route(&mut router.workspace(), 0, 1, None).unwrap();
/// let fc = routes_layer(&net, &[r]);
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["rank"], 1);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn routes_layer(net: &Network, routes: &[Route]) -> FeatureCollection {
    let features = routes
        .iter()
        .enumerate()
        .map(|(rank, r)| {
            let names: Vec<&str> = r.hubs.iter().map(|&h| net.hub(h).name.as_str()).collect();
            let mut p = JsonObject::new();
            p.insert("rank".into(), json!(rank + 1));
            p.insert("cost".into(), json!(r.cost));
            p.insert("length_m".into(), json!((r.length_m * 10.0).round() / 10.0));
            p.insert("minutes".into(), json!((r.minutes * 10.0).round() / 10.0));
            p.insert("hubs".into(), json!(r.hub_ids(net)));
            p.insert("segments".into(), json!(r.segment_ids(net)));
            p.insert(
                "stroke".into(),
                json!(if rank == 0 { "#d62728" } else { "#ff7f0e" }),
            );
            p.insert("stroke-width".into(), json!(if rank == 0 { 4 } else { 2 }));
            p.insert(
                "title".into(),
                json!(format!("route {}: {}", rank + 1, names.join(" → "))),
            );
            feature(line_geometry(&r.geometry), p)
        })
        .collect();
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}

/// The corridors as a styled GeoJSON layer: one LineString per corridor with `id`, `name`,
/// `mode`, `length_km`, `hubs`, `stops`, `mode_share`, `sources` and `approximate`.
pub fn corridors_layer(net: &Network, corridors: &[ResolvedCorridor]) -> FeatureCollection {
    let features = corridors
        .iter()
        .map(|c| {
            let mut p = JsonObject::new();
            p.insert("id".into(), json!(c.corridor.id));
            p.insert("name".into(), json!(c.corridor.name));
            p.insert(
                "mode".into(),
                json!(c.corridor.mode.map(|m| m.as_str().to_string())),
            );
            p.insert(
                "length_km".into(),
                json!((c.route.length_m / 100.0).round() / 10.0),
            );
            p.insert("hubs".into(), json!(c.route.hub_ids(net)));
            p.insert("stops".into(), json!(c.corridor.hubs));
            p.insert(
                "mode_share".into(),
                json!((c.mode_share * 1000.0).round() / 1000.0),
            );
            p.insert("sources".into(), json!(c.corridor.sources));
            p.insert("approximate".into(), json!(c.corridor.approximate));
            p.insert(
                "stroke".into(),
                json!(mode_colour(c.corridor.mode.unwrap_or_default())),
            );
            p.insert("stroke-width".into(), json!(4));
            p.insert("stroke-opacity".into(), json!(0.6));
            p.insert("title".into(), json!(c.corridor.name));
            feature(line_geometry(&c.route.geometry), p)
        })
        .collect();
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}
