//! Intervention planning on origin–destination demand: where a handful of checkpoints,
//! shelters or outreach posts would reach the most people, and what happens to the routes
//! when hubs or segments are taken out.
//!
//! * [`DemandCoverage`] + [`site_greedy`]: choose p hubs (or segments) maximising the captured
//!   OD demand. A pair is captured in the share of its equal-cost shortest paths that pass a
//!   chosen element (group betweenness restricted to the OD pairs), or with `robust_k` in the
//!   share of its k shortest loopless routes. The objective is monotone submodular, so greedy
//!   captures at least `1 − 1/e` of the optimum ([`GREEDY_GUARANTEE`]).
//! * [`group_betweenness`]: the captured demand of a fixed set of hubs, with NetworkX's
//!   conventions available.
//! * [`Interdiction`], [`rank_by_vitality`], [`greedy_removal`]: what-ifs by removal, applied
//!   as a filter during the searches (the network is never rebuilt).
//!
//! Path counting reuses the single-source kernel of [`crate::centrality`] (Dijkstra with
//! predecessor lists and settle order) for one shortest-path DAG per origin; equal costs are
//! recognised with the relative tolerance [`crate::centrality::TIE_EPS`]. Paths avoiding a set are counted
//! by dynamic programming over that DAG, so any set is evaluated in O(arcs) per origin.

mod coverage;
mod siting;
mod whatif;

use serde::{Deserialize, Serialize};

pub use coverage::{CoverageOptions, DemandCoverage};
pub use siting::{GREEDY_GUARANTEE, Siting, SitingStep, site_greedy};
pub use whatif::{Impact, Interdiction, PairImpact, WhatIf, greedy_removal, rank_by_vitality};

use crate::demand::OdDemand;
use crate::error::Result;
use crate::network::Network;

/// Whether a plan chooses hubs or segments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Elements {
    /// Hubs (checkpoints, shelters, outreach posts in towns).
    #[default]
    Hubs,
    /// Segments (inspection points on a road or rail line).
    Segments,
}

impl Elements {
    /// Number of hubs or segments of `net`.
    pub fn count(self, net: &Network) -> usize {
        match self {
            Elements::Hubs => net.hub_count(),
            Elements::Segments => net.segment_count(),
        }
    }

    /// Id of hub or segment `i`.
    pub fn id(self, net: &Network, i: usize) -> String {
        match self {
            Elements::Hubs => net.hub(i).id.as_key(),
            Elements::Segments => net.segment(i).id.as_key(),
        }
    }
}

/// Sorted, deduplicated candidate indices (all `0..m` when `None`).
pub(crate) fn candidate_list(m: usize, candidates: Option<&[usize]>) -> Result<Vec<usize>> {
    match candidates {
        Some(c) => {
            if let Some(bad) = c.iter().find(|&&e| e >= m) {
                return Err(crate::Error::invalid(
                    "candidates",
                    format!("candidate index {bad} out of range ({m} elements)"),
                ));
            }
            let mut c = c.to_vec();
            c.sort_unstable();
            c.dedup();
            Ok(c)
        }
        None => Ok((0..m).collect()),
    }
}

/// Group betweenness of the hubs `group` restricted to `demand`: Σ over pairs of
/// demand × (share of the pair's shortest paths through at least one hub of the group).
///
/// With `endpoints == false`, pairs whose origin or destination is in the group are left
/// out, as in NetworkX. NetworkX's unnormalised `group_betweenness_centrality(G, C,
/// normalized=False, endpoints=False)` on an undirected graph equals this value for demand 1
/// on every ordered pair divided by 2; with `normalized=True` divide by
/// `(n − |C|)(n − |C| − 1)` instead.
///
/// # Arguments
/// * `net`: the network.
/// * `group`: hub indices of the group C.
/// * `demand`: the OD pairs and their demand.
/// * `endpoints`: whether a group hub at a pair's origin or destination captures it.
/// * `costing`: routing cost and direction.
///
/// # Returns
/// Σ demand × share of shortest paths through C.
///
/// # Complexity
/// One Dijkstra per distinct origin, `O(o (m + n log n))`, then `O(o · m)` to count paths.
///
/// # Example
/// ```
/// use corridors::planning::group_betweenness;
/// use corridors::OdDemand;
/// // path a - b - c
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let all = OdDemand::between_indices(&net, &[0, 1, 2], &[0, 1, 2])?;
/// let gb = group_betweenness(&net, &[1], &all, false, &Default::default())?;
/// assert_eq!(gb, 2.0); // a→c and c→a
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`DemandCoverage::new`]; [`crate::Error::InvalidArgument`] for a group hub out of
/// range.
pub fn group_betweenness(
    net: &Network,
    group: &[usize],
    demand: &OdDemand,
    endpoints: bool,
    costing: &crate::weights::Costing,
) -> Result<f64> {
    let cov = DemandCoverage::new(
        net,
        demand,
        &CoverageOptions {
            costing: costing.clone(),
            elements: Elements::Hubs,
            robust_k: None,
            endpoints,
        },
        &crate::exec::Exec::default(),
    )?;
    let mut chosen = vec![false; net.hub_count()];
    for &h in group {
        *chosen.get_mut(h).ok_or_else(|| {
            crate::Error::invalid("group", format!("hub index {h} out of range"))
        })? = true;
    }
    Ok(cov.value(&chosen))
}
