//! The centrality layer: hubs and segments with their scores, sized by value.

use geojson::{Feature, FeatureCollection, JsonObject};
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
    CentralityLayer::new(net, s).into_collection()
}

/// The layer of [`centrality_layer`] without holding it: each feature is built when it is
/// asked for, so a caller can stream 4·10⁶ features of a country-scale network to a file
/// (`io::geojson::write_features`) instead of keeping every property map in memory at once
/// (about 2 KB per feature). Features come in the same order as in [`centrality_layer`]:
/// every segment, then every hub; [`CentralityLayer::feature`] of `k` is the `k`-th feature
/// of that collection.
///
/// ```
/// use corridors::{centrality, map};
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let opts = Default::default();
/// let b = centrality::betweenness(&net, &opts, &Default::default())?;
/// let c = centrality::closeness(&net, &opts, &Default::default())?;
/// let scores = map::CentralityScores::all(&b, &c);
/// let layer = map::CentralityLayer::new(&net, scores);
/// assert_eq!(layer.len(), net.hub_count() + net.segment_count());
/// let fc = map::centrality_layer(&net, scores);
/// assert_eq!(layer.feature(3), fc.features[3]);
/// assert_eq!(layer.features().count(), fc.features.len());
/// assert_eq!(Some(layer.foreign_members()), fc.foreign_members);
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Debug)]
pub struct CentralityLayer<'a> {
    net: &'a Network,
    s: CentralityScores<'a>,
    styling: Styling,
    seg_scale: Option<super::styling::Scale>,
    hub_scale: Option<super::styling::Scale>,
}

impl<'a> CentralityLayer<'a> {
    /// Prepares the layer: the size scales need the maximum of every score, so this reads
    /// all of them once (O(hubs + segments), no per-feature allocation).
    pub fn new(net: &'a Network, s: CentralityScores<'a>) -> Self {
        let styling = Styling::centrality();
        let seg_values: Vec<Option<f64>> = (0..net.segment_count())
            .map(|e| Some(Self::seg_key(&s, e)))
            .collect();
        let hub_values: Vec<Option<f64>> = (0..net.hub_count())
            .map(|i| Some(Self::hub_key(&s, i)))
            .collect();
        // unclassed: the scale is only the maximum, so it cannot fail
        let seg_scale = styling.scale(&seg_values).unwrap_or(None);
        let hub_scale = styling.scale(&hub_values).unwrap_or(None);
        Self {
            net,
            s,
            styling,
            seg_scale,
            hub_scale,
        }
    }

    /// The number of features: segments plus hubs.
    pub fn len(&self) -> usize {
        self.net.segment_count() + self.net.hub_count()
    }

    /// Whether the layer has no feature (an empty network).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The segment score that sizes the line: OD edge betweenness, else edge betweenness,
    /// else 0.
    fn seg_key(s: &CentralityScores<'_>, e: usize) -> f64 {
        let m = s.measures;
        s.od.filter(|_| m.edge)
            .or(s.betweenness.filter(|_| m.edge))
            .map_or(0.0, |b| b.segments[e])
    }

    /// The hub score that sizes the marker: OD betweenness, else betweenness, else
    /// harmonic, else closeness, else 0.
    fn hub_key(s: &CentralityScores<'_>, i: usize) -> f64 {
        let m = s.measures;
        match (
            s.od.filter(|_| m.betweenness)
                .or(s.betweenness.filter(|_| m.betweenness)),
            s.closeness.filter(|_| m.harmonic),
            s.closeness.filter(|_| m.closeness),
        ) {
            (Some(b), _, _) => b.hubs.get(i).copied().unwrap_or(0.0),
            (None, Some(c), _) => c.harmonic.get(i).copied().unwrap_or(0.0),
            (None, None, Some(c)) => c.closeness.get(i).copied().unwrap_or(0.0),
            (None, None, None) => 0.0,
        }
    }

    fn share(&self, x: f64) -> Option<f64> {
        match self.s.od_total_demand {
            Some(t) if t > 0.0 => Some(x / t),
            _ => None,
        }
    }

    /// Feature `k`: segment `k` for `k < segment_count`, else hub `k − segment_count`.
    ///
    /// # Panics
    /// If `k >= self.len()`.
    pub fn feature(&self, k: usize) -> Feature {
        let (net, s) = (self.net, &self.s);
        let m = s.measures;
        let ns = net.segment_count();
        if k < ns {
            let e = k;
            let mut p = segment_properties(net, e);
            if let Some(b) = s.betweenness.filter(|_| m.edge) {
                p.insert("edge_betweenness".into(), json!(b.segments[e]));
            }
            if let Some(od) = s.od.filter(|_| m.edge) {
                p.insert("od_edge_betweenness".into(), json!(od.segments[e]));
                if let Some(x) = self.share(od.segments[e]) {
                    p.insert("od_share".into(), json!(x));
                }
            }
            let w = self
                .styling
                .segment(Some(Self::seg_key(s, e)), self.seg_scale.as_ref())
                .size_px;
            p.insert("stroke-width".into(), json!((w * 10.0).round() / 10.0));
            return feature(line_geometry(&net.segment(e).geometry), p);
        }
        let i = k - ns;
        let mut p = hub_properties(net, i);
        if let Some(b) = s.betweenness.filter(|_| m.betweenness) {
            p.insert("betweenness".into(), json!(b.hubs[i]));
        }
        if let Some(c) = s.closeness.filter(|_| m.closeness) {
            p.insert("closeness".into(), json!(c.closeness[i]));
        }
        if let Some(c) = s.closeness.filter(|_| m.harmonic) {
            p.insert("harmonic".into(), json!(c.harmonic[i]));
        }
        if let Some(od) = s.od.filter(|_| m.betweenness) {
            p.insert("od_betweenness".into(), json!(od.hubs[i]));
            if let Some(x) = self.share(od.hubs[i]) {
                p.insert("od_share".into(), json!(x));
            }
        }
        let size = self
            .styling
            .hub(Some(Self::hub_key(s, i)), self.hub_scale.as_ref())
            .marker;
        p.insert("marker-size".into(), json!(size));
        feature(point_geometry(net.hub(i).location), p)
    }

    /// Every feature in order, built one at a time.
    pub fn features(&self) -> impl Iterator<Item = Feature> + '_ {
        (0..self.len()).map(|k| self.feature(k))
    }

    /// The collection's foreign members: `name`, `directed` (when a score says) and
    /// `measures`.
    pub fn foreign_members(&self) -> JsonObject {
        let s = &self.s;
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
        fm.insert("measures".into(), json!(s.measures.to_string()));
        fm
    }

    /// The whole FeatureCollection (what [`centrality_layer`] returns).
    pub fn into_collection(self) -> FeatureCollection {
        let mut fc = FeatureCollection::new(self.features());
        fc.foreign_members = Some(self.foreign_members());
        fc
    }
}
