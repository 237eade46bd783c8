//! A human-oriented summary of a network.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::topology::Adjacency;
use super::{HubKind, Mode, Network};

/// Counts, lengths and single points of failure of a network.
///
/// Components, bridges and articulation points are computed on the undirected graph (a
/// one-way segment still connects its hubs). Ids are the textual ids of the input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of hubs.
    pub hubs: usize,
    /// Number of segments.
    pub segments: usize,
    /// Hubs per kind (kinds with no hub are left out).
    pub hubs_by_kind: BTreeMap<HubKind, usize>,
    /// Segments per mode.
    pub segments_by_mode: BTreeMap<Mode, usize>,
    /// Total length per mode in metres.
    pub length_m_by_mode: BTreeMap<Mode, f64>,
    /// Connected components as lists of hub ids, largest first.
    pub components: Vec<Vec<String>>,
    /// Segments whose removal disconnects the network (ids).
    pub bridges: Vec<String>,
    /// Hubs whose removal disconnects the network (ids).
    pub articulation_points: Vec<String>,
    /// Hubs without any segment (ids).
    pub isolated_hubs: Vec<String>,
}

impl Summary {
    /// Computes the summary of `net`.
    pub fn of(net: &Network) -> Self {
        let mut hubs_by_kind = BTreeMap::new();
        for h in net.hubs() {
            *hubs_by_kind.entry(h.kind).or_insert(0) += 1;
        }
        let mut segments_by_mode = BTreeMap::new();
        let mut length_m_by_mode = BTreeMap::new();
        for s in net.segments() {
            *segments_by_mode.entry(s.mode).or_insert(0) += 1;
            *length_m_by_mode.entry(s.mode).or_insert(0.0) += s.length_m;
        }
        let adj = Adjacency::new(
            net.hub_count(),
            (0..net.segment_count()).map(|e| net.endpoints(e)),
        );
        let hub_id = |i: usize| net.hub(i).id.as_key();
        let components = adj
            .components()
            .into_iter()
            .map(|c| c.into_iter().map(hub_id).collect())
            .collect();
        let (bridges, arts) = adj.bridges_and_articulation_points();
        let isolated_hubs = (0..net.hub_count())
            .filter(|&i| net.degree(i) == 0)
            .map(hub_id)
            .collect();
        Self {
            hubs: net.hub_count(),
            segments: net.segment_count(),
            hubs_by_kind,
            segments_by_mode,
            length_m_by_mode,
            components,
            bridges: bridges
                .into_iter()
                .map(|e| net.segment(e).id.as_key())
                .collect(),
            articulation_points: arts.into_iter().map(hub_id).collect(),
            isolated_hubs,
        }
    }

    /// Total length of all segments in metres.
    pub fn total_length_m(&self) -> f64 {
        self.length_m_by_mode.values().sum()
    }
}
