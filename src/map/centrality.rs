//! The centrality layer: hubs and segments with their scores, sized by value.

use geojson::{FeatureCollection, JsonObject};
use serde_json::json;

use super::styling::Styling;
use super::{feature, hub_properties, line_geometry, point_geometry, segment_properties};
use crate::centrality::{Betweenness, Closeness, Measures};
use crate::network::Network;

/// Scores to put on the map (all indexed like the network's hubs and segments).
#[derive(Clone, Copy, Debug)]
pub struct CentralityScores<'a> {
    /// Hub `betweenness` and segment `edge_betweenness`, when computed.
    pub betweenness: Option<&'a Betweenness>,
    /// Hub `closeness` and `harmonic`, when computed.
    pub closeness: Option<&'a Closeness>,
    /// Hub `od_betweenness` and segment `od_edge_betweenness`, when an OD demand was given.
    pub od: Option<&'a Betweenness>,
    /// Which properties to write: `betweenness` / `od_betweenness` (hub betweenness),
    /// `edge_betweenness` / `od_edge_betweenness` (edge), `closeness`, `harmonic`. A measure
    /// is written only when it is both asked for here and present above.
    pub measures: Measures,
    /// The total OD demand: with `od`, each hub and segment also gets `od_share`, its OD
    /// score divided by this total (the share of all demand that passes it).
    pub od_total_demand: Option<f64>,
}

impl<'a> CentralityScores<'a> {
    /// Every measure, from an exact or sampled betweenness run and a closeness run.
    pub fn all(betweenness: &'a Betweenness, closeness: &'a Closeness) -> Self {
        Self {
            betweenness: Some(betweenness),
            closeness: Some(closeness),
            od: None,
            measures: Measures::ALL,
            od_total_demand: None,
        }
    }
}

/// One FeatureCollection: every segment (LineString: `id`, `from`, `to`, `edge_betweenness`,
/// `od_edge_betweenness`, `od_share`, plus the base segment properties) and every hub (Point:
/// `id`, `name`, `kind`, `degree`, `betweenness`, `closeness`, `harmonic`, `od_betweenness`,
/// `od_share`, plus the base hub properties); a score is written when it is present and in
/// [`CentralityScores::measures`]. Ids are echoed as in the input. Stroke width (1–9 px) and
/// marker size (small / medium / large) grow with the OD score when there is one, else with
/// betweenness, else (hubs) with harmonic centrality, else closeness.
///
/// ```
/// use corridors::{centrality, map};
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let opts = Default::default();
/// let b = centrality::betweenness(&net, &opts, &Default::default())?;
/// let c = centrality::closeness(&net, &opts, &Default::default())?;
/// let fc = map::centrality_layer(&net, map::CentralityScores::all(&b, &c));
/// assert_eq!(fc.features.len(), net.hub_count() + net.segment_count());
/// let hub = fc.features.last().unwrap().properties.as_ref().unwrap();
/// assert!(hub.contains_key("harmonic") && !hub.contains_key("od_betweenness"));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn centrality_layer(net: &Network, s: CentralityScores<'_>) -> FeatureCollection {
    let m = s.measures;
    let hub_b = s.betweenness.filter(|_| m.betweenness);
    let edge_b = s.betweenness.filter(|_| m.edge);
    let od_hub = s.od.filter(|_| m.betweenness);
    let od_edge = s.od.filter(|_| m.edge);
    let clo = s.closeness.filter(|_| m.closeness);
    let har = s.closeness.filter(|_| m.harmonic);
    let zeros_s = vec![0.0; net.segment_count()];
    let seg_key: &[f64] = od_edge
        .or(edge_b)
        .map_or(&zeros_s, |b| b.segments.as_slice());
    let hub_key: &[f64] = match (od_hub.or(hub_b), har, clo) {
        (Some(b), _, _) => &b.hubs,
        (None, Some(c), _) => &c.harmonic,
        (None, None, Some(c)) => &c.closeness,
        (None, None, None) => &[],
    };
    let styling = Styling::centrality();
    let share = |x: f64| match s.od_total_demand {
        Some(t) if t > 0.0 => Some(x / t),
        _ => None,
    };
    let seg_values: Vec<Option<f64>> = seg_key.iter().copied().map(Some).collect();
    let mut hub_values: Vec<Option<f64>> = hub_key.iter().copied().map(Some).collect();
    hub_values.resize(net.hub_count(), Some(0.0));
    // unclassed: the scale is only the maximum, so it cannot fail
    let seg_scale = styling.scale(&seg_values).unwrap_or(None);
    let hub_scale = styling.scale(&hub_values).unwrap_or(None);
    let mut features = Vec::with_capacity(net.hub_count() + net.segment_count());
    for (e, &key) in seg_values.iter().enumerate() {
        let mut p = segment_properties(net, e);
        if let Some(b) = edge_b {
            p.insert("edge_betweenness".into(), json!(b.segments[e]));
        }
        if let Some(od) = od_edge {
            p.insert("od_edge_betweenness".into(), json!(od.segments[e]));
            if let Some(x) = share(od.segments[e]) {
                p.insert("od_share".into(), json!(x));
            }
        }
        let w = styling.segment(key, seg_scale.as_ref()).size_px;
        p.insert("stroke-width".into(), json!((w * 10.0).round() / 10.0));
        features.push(feature(line_geometry(&net.segment(e).geometry), p));
    }
    for (i, &key) in hub_values.iter().enumerate() {
        let mut p = hub_properties(net, i);
        if let Some(b) = hub_b {
            p.insert("betweenness".into(), json!(b.hubs[i]));
        }
        if let Some(c) = clo {
            p.insert("closeness".into(), json!(c.closeness[i]));
        }
        if let Some(c) = har {
            p.insert("harmonic".into(), json!(c.harmonic[i]));
        }
        if let Some(od) = od_hub {
            p.insert("od_betweenness".into(), json!(od.hubs[i]));
            if let Some(x) = share(od.hubs[i]) {
                p.insert("od_share".into(), json!(x));
            }
        }
        let size = styling.hub(key, hub_scale.as_ref()).marker;
        p.insert("marker-size".into(), json!(size));
        features.push(feature(point_geometry(net.hub(i).location), p));
    }
    let mut fc = FeatureCollection::new(features);
    let mut fm = JsonObject::new();
    fm.insert("name".into(), json!("hub centrality"));
    let directed = s
        .betweenness
        .or(s.od)
        .map(|b| b.directed)
        .or(s.closeness.map(|c| c.directed));
    if let Some(d) = directed {
        fm.insert("directed".into(), json!(d));
    }
    fm.insert("measures".into(), json!(m.to_string()));
    fc.foreign_members = Some(fm);
    fc
}
