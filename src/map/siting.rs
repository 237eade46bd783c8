//! A siting result as a styled GeoJSON layer.

use geojson::{FeatureCollection, JsonObject};
use serde_json::json;

use super::items::{LineItem, PointItem, route_item_layer, site_item_layer};
use super::{hub_properties, segment_properties};
use crate::error::Result;
use crate::network::Network;
use crate::planning::{Elements, Siting, SitingStep};

/// The chosen hubs (points, styled by [`site_item_layer`]) or segments (lines, styled by
/// [`route_item_layer`]) with their base properties plus `rank`, `marginal_gain` and
/// `captured_share`; markers are numbered by rank.
///
/// # Errors
/// As [`site_item_layer`] / [`route_item_layer`].
///
/// ```
/// # use corridors::planning::{CoverageOptions, DemandCoverage, site_greedy};
/// # use corridors::map::siting_layer;
/// # use corridors::OdDemand;
/// # let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let cov = DemandCoverage::new(&net, &OdDemand::from_pairs(&net, [(0, 2, 1.0)])?, &CoverageOptions::default(), &Default::default())?;
/// let plan = site_greedy(&net, &cov, 1, None)?;
/// let fc = siting_layer(&net, &plan)?;
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["rank"], 1);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn siting_layer(net: &Network, plan: &Siting) -> Result<FeatureCollection> {
    let props = |k: usize, s: &SitingStep, mut p: JsonObject| {
        p.insert("rank".into(), json!(k + 1));
        p.insert("marginal_gain".into(), json!(s.marginal_gain));
        p.insert("captured_share".into(), json!(s.captured_share));
        // numbered markers: the rank is what a reader looks for first
        p.insert("marker-symbol".into(), json!((k + 1).to_string()));
        p.remove("marker-color");
        p.remove("marker-size");
        p.remove("stroke");
        p.remove("stroke-width");
        p
    };
    match plan.elements {
        Elements::Hubs => {
            let items: Vec<PointItem> = plan
                .steps
                .iter()
                .enumerate()
                .map(|(k, s)| PointItem {
                    location: net.hub(s.element).location,
                    properties: props(k, s, hub_properties(net, s.element)),
                })
                .collect();
            site_item_layer(&items)
        }
        Elements::Segments => {
            let items: Vec<LineItem> = plan
                .steps
                .iter()
                .enumerate()
                .map(|(k, s)| LineItem {
                    geometry: net.segment(s.element).geometry.clone(),
                    properties: props(k, s, segment_properties(net, s.element)),
                })
                .collect();
            route_item_layer(&items)
        }
    }
}
