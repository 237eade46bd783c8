//! Routes and corridors as styled GeoJSON layers.

use geojson::{FeatureCollection, JsonObject};
use serde_json::json;

use super::items::{LineItem, corridor_item_layer, route_item_layer};
use super::style::mode_colour;
use crate::cases::PublishedTable;
use crate::error::{Error, Result};
use crate::network::Network;
use crate::routing::{ResolvedCorridor, Route};

/// Routes as a styled GeoJSON layer ([`route_item_layer`]): one LineString per route with `rank`
/// (1 = best), `cost`, `length_m`, `minutes`, `hubs` and `segments` (ids).
///
/// # Errors
/// As [`route_item_layer`] (a route geometry that is not finite WGS84).
///
/// ```
/// # use corridors::routing::{Router, RouterOptions};
/// # use corridors::map::routes_layer;
/// # let net = corridors::fixtures::path(&["a", "b"]);
/// let router = Router::new(&net, &RouterOptions::default())?;
/// let r = router.route(&mut router.workspace(), 0, 1, None).unwrap();
/// let fc = routes_layer(&net, &[r])?;
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["rank"], 1);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn routes_layer(net: &Network, routes: &[Route]) -> Result<FeatureCollection> {
    let items: Vec<LineItem> = routes
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
            p.insert("countries".into(), json!(r.countries(net)));
            p.insert("reenters_country".into(), json!(r.reenters_country(net)));
            p.insert(
                "title".into(),
                json!(format!("route {}: {}", rank + 1, names.join(" → "))),
            );
            LineItem {
                geometry: r.geometry.clone(),
                properties: p,
            }
        })
        .collect();
    route_item_layer(&items)
}

/// The corridors as a styled GeoJSON layer ([`corridor_item_layer`]): one LineString per
/// corridor with `id`, `name`, `mode`, `length_km`, `hubs`, `stops`, `mode_share`, `sources`
/// and `approximate`, stroked in the colour of the corridor's mode.
///
/// ```
/// # use corridors::routing::{Corridor, resolve_corridors};
/// # let net = corridors::fixtures::path(&["a", "b"]);
/// let c = Corridor { id: "x".into(), name: "X".into(), hubs: vec!["a".into(), "b".into()],
///     mode: None, sources: vec![], approximate: true, description: String::new() };
/// let fc = corridors::map::corridors_layer(&net, &resolve_corridors(&net, &[c], &Default::default())?)?;
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["id"], "x");
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`corridor_item_layer`].
pub fn corridors_layer(net: &Network, corridors: &[ResolvedCorridor]) -> Result<FeatureCollection> {
    corridor_item_layer(&corridor_items(net, corridors))
}

/// The corridors layer ([`corridors_layer`]) with per-corridor case counts **through the
/// privacy guard**: `cases`, `victims` (numbers, or `null` when suppressed) and `suppressed`
/// per corridor, and the guard's thresholds in the collection's `privacy` member. Pass raw
/// counts, e.g. from [`corridor_case_counts`](crate::cases::corridor_case_counts), through
/// [`PrivacyGuard::publish_counts`](crate::cases::PrivacyGuard::publish_counts); no count from
/// 1 to `min_count − 1` can be written.
///
/// ```
/// # use corridors::cases::{Counts, PrivacyGuard};
/// # use corridors::routing::{Corridor, resolve_corridors};
/// # use corridors::map::corridor_cases_layer;
/// # let net = corridors::fixtures::path(&["a", "b"]);
/// let c = Corridor { id: "x".into(), name: "X".into(), hubs: vec!["a".into(), "b".into()],
///     mode: None, sources: vec![], approximate: true, description: String::new() };
/// let resolved = resolve_corridors(&net, &[c], &Default::default())?;
/// let raw = [Counts { cases: 4, victims: 12 }];
/// let published = PrivacyGuard::default().publish_counts(&raw)?;
/// let fc = corridor_cases_layer(&net, &resolved, &published)?;
/// let p = fc.features[0].properties.as_ref().unwrap();
/// assert!(p["cases"].is_null() && p["suppressed"] == true);
/// assert_eq!(fc.foreign_members.unwrap()["privacy"]["min_count"], 11);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if `counts` does not have one entry per corridor; otherwise as
/// [`corridor_item_layer`].
pub fn corridor_cases_layer(
    net: &Network,
    corridors: &[ResolvedCorridor],
    counts: &PublishedTable,
) -> Result<FeatureCollection> {
    let (privacy, counts) = (counts.privacy_metadata(), counts.counts());
    if counts.len() != corridors.len() {
        return Err(Error::invalid(
            "counts",
            format!(
                "{} case counts for {} corridors",
                counts.len(),
                corridors.len()
            ),
        ));
    }
    let mut items = corridor_items(net, corridors);
    for (item, c) in items.iter_mut().zip(counts) {
        c.write_to(&mut item.properties);
    }
    let mut fc = corridor_item_layer(&items)?;
    fc.foreign_members
        .get_or_insert_with(Default::default)
        .insert("privacy".into(), privacy);
    Ok(fc)
}

fn corridor_items(net: &Network, corridors: &[ResolvedCorridor]) -> Vec<LineItem> {
    corridors
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
            p.insert("title".into(), json!(c.corridor.name));
            LineItem {
                geometry: c.route.geometry.clone(),
                properties: p,
            }
        })
        .collect()
}
