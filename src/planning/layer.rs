//! A siting result as a styled GeoJSON layer.

use geojson::FeatureCollection;
use serde_json::json;

use super::{Elements, Siting};
use crate::map::{feature, hub_properties, line_geometry, point_geometry, segment_properties};
use crate::network::Network;

/// The chosen hubs (points) or segments (lines) with their base properties plus `rank`,
/// `marginal_gain` and `captured_share`, numbered red markers.
///
/// ```
/// # use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// # use corridors::planning::{CoverageOptions, DemandCoverage, OdPair, site_greedy, siting_layer};
/// # let mut b = NetworkBuilder::new();
/// # for (id, lat) in [("a", 15.0), ("b", 16.0), ("c", 17.0)] {
/// #     b.add_hub(Hub::new(id, HubKind::Transit, -92.0, lat));
/// # }
/// # b.add_segment(SegmentSpec::between("ab", "a", "b"));
/// # b.add_segment(SegmentSpec::between("bc", "b", "c"));
/// # let (net, _) = b.build()?;
/// let cov = DemandCoverage::new(&net, &[OdPair::new(0, 2, 1.0)], &CoverageOptions::default())?;
/// let plan = site_greedy(&net, &cov, 1, None)?;
/// let fc = siting_layer(&net, &plan);
/// assert_eq!(fc.features[0].properties.as_ref().unwrap()["rank"], 1);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn siting_layer(net: &Network, plan: &Siting) -> FeatureCollection {
    let features = plan
        .steps
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let (geometry, mut p) = match plan.elements {
                Elements::Hubs => (
                    point_geometry(net.hub(s.element).location),
                    hub_properties(net, s.element),
                ),
                Elements::Segments => (
                    line_geometry(&net.segment(s.element).geometry),
                    segment_properties(net, s.element),
                ),
            };
            p.insert("rank".into(), json!(k + 1));
            p.insert("marginal_gain".into(), json!(s.marginal_gain));
            p.insert("captured_share".into(), json!(s.captured_share));
            p.insert("marker-color".into(), json!("#d62728"));
            p.insert("marker-size".into(), json!("large"));
            p.insert("marker-symbol".into(), json!((k + 1).to_string()));
            feature(geometry, p)
        })
        .collect();
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}
