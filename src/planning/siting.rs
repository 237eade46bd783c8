//! Greedy checkpoint / service siting: choose p hubs (or segments) that capture the most OD
//! demand (flow capturing, Hodgson 1990; group betweenness maximisation, Puzis et al. 2007).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::{DemandCoverage, Elements, candidate_list};
use crate::error::Result;
use crate::network::Network;

/// The approximation guarantee of greedy maximisation of a monotone submodular function:
/// greedy captures at least `1 − 1/e ≈ 0.632` of the best possible set of the same size.
pub const GREEDY_GUARANTEE: f64 = 1.0 - 1.0 / std::f64::consts::E;

/// One step of the greedy choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SitingStep {
    /// Hub or segment index.
    pub element: usize,
    /// Its id.
    pub id: String,
    /// Demand it adds to what the earlier choices capture.
    pub marginal_gain: f64,
    /// Demand captured by the choices so far.
    pub captured: f64,
    /// `captured / total_demand`.
    pub captured_share: f64,
}

/// Result of [`site_greedy`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Siting {
    /// Hubs or segments.
    pub elements: Elements,
    /// The choices in order. Fewer than the budget when no remaining candidate adds demand.
    pub steps: Vec<SitingStep>,
    /// Total OD demand.
    pub total_demand: f64,
    /// Demand of pairs that have a route.
    pub reachable_demand: f64,
    /// Demand captured by all choices.
    pub captured: f64,
    /// `captured / total_demand` (0 when there is no demand).
    pub captured_share: f64,
    /// Upper bound on what the best set of the same size captures:
    /// `min(captured / (1 − 1/e), reachable_demand)`.
    pub optimum_upper_bound: f64,
    /// Number of objective evaluations the lazy greedy needed (for the curious).
    pub evaluations: usize,
}

/// Chooses up to `budget` elements from `candidates` (all hubs or segments when `None`)
/// greedily maximising the captured demand, with lazy evaluation (Minoux 1978): a
/// candidate's gain is only recomputed when its stale gain is still the largest, which is
/// exact because gains never grow as the set grows (submodularity).
///
/// Ties go to the smaller index. Greedy stops early when no candidate adds demand.
///
/// # Arguments
/// * `net`: the network `coverage` was prepared on (for the ids of the choices).
/// * `coverage`: the prepared demand, hubs or segments ([`DemandCoverage::new`]).
/// * `budget`: the most elements to choose (p).
/// * `candidates`: the elements to choose from (all when `None`).
///
/// # Returns
/// The [`Siting`]: the choices in order with their marginal and cumulative demand, the
/// captured share and an upper bound on the optimum of the same size.
///
/// # Complexity
/// At most `p · c` evaluations of [`DemandCoverage::value`] for `c` candidates (lazy
/// evaluation usually needs far fewer), each `O(o · m)` over the `o` origin DAGs
/// (`O(pairs · k)` with `robust_k = k`).
///
/// # Example
/// ```text
///   a   b   c
///    \  |  /
///       x
/// ```
/// ```
/// use corridors::planning::{CoverageOptions, DemandCoverage, site_greedy};
/// use corridors::OdDemand;
/// // every pair of leaves passes x
/// let net = corridors::fixtures::star("x", &["a", "b", "c"]);
/// let pairs = OdDemand::from_pairs(&net, [(1, 2, 1.0), (2, 3, 1.0), (1, 3, 1.0)])?;
/// let cov = DemandCoverage::new(&net, &pairs, &CoverageOptions::default(), &Default::default())?;
/// let plan = site_greedy(&net, &cov, 1, None)?;
/// assert_eq!(plan.steps[0].id, "x");
/// assert_eq!(plan.captured_share, 1.0);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for a candidate index out of range.
pub fn site_greedy(
    net: &Network,
    coverage: &DemandCoverage,
    budget: usize,
    candidates: Option<&[usize]>,
) -> Result<Siting> {
    let m = coverage.element_count();
    let cands = candidate_list(m, candidates)?;
    let mut chosen = vec![false; m];
    let mut scratch = Vec::new();
    let mut evaluations = 0usize;
    let mut current = 0.0;
    // (gain bits, smaller index first, round the gain was computed in): gains are ≥ 0 (or
    // +∞ before the first evaluation), so their IEEE bits order like the values.
    let mut heap: BinaryHeap<(u64, Reverse<usize>, usize)> = cands
        .iter()
        .map(|&e| (f64::INFINITY.to_bits(), Reverse(e), usize::MAX))
        .collect();
    let total = coverage.total_demand();
    let share = |c: f64| if total > 0.0 { c / total } else { 0.0 };
    let mut steps = Vec::new();
    while steps.len() < budget {
        let round = steps.len();
        let Some((gain_bits, Reverse(element), at)) = heap.pop() else {
            break;
        };
        if at == round {
            if f64::from_bits(gain_bits) <= 0.0 {
                break;
            }
            chosen[element] = true;
            let before = current;
            current = coverage.value_with(&chosen, &mut scratch);
            steps.push(SitingStep {
                element,
                id: coverage.elements().id(net, element),
                marginal_gain: current - before,
                captured: current,
                captured_share: share(current),
            });
            continue;
        }
        chosen[element] = true;
        let value = coverage.value_with(&chosen, &mut scratch);
        chosen[element] = false;
        evaluations += 1;
        // clamp to +0.0 (a −0.0 would have the largest bit pattern)
        let gain = if value > current {
            value - current
        } else {
            0.0
        };
        heap.push((gain.to_bits(), Reverse(element), round));
    }
    Ok(Siting {
        elements: coverage.elements(),
        steps,
        total_demand: total,
        reachable_demand: coverage.reachable_demand(),
        captured: current,
        captured_share: share(current),
        optimum_upper_bound: (current / GREEDY_GUARANTEE).min(coverage.reachable_demand()),
        evaluations,
    })
}
