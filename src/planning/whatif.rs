//! Interdiction what-ifs: remove hubs or segments (a filter, not a rebuild) and measure what
//! happens to the OD routes.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::coverage::check_demand;
use super::{Elements, candidate_list};
use crate::demand::{OdDemand, OdPair};
use crate::error::Result;
use crate::exec::Exec;
use crate::network::Network;
use crate::routing::{Filter, Router, RouterOptions, Workspace};

/// Effect of a removal on one OD pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairImpact {
    /// Origin hub index.
    pub origin: usize,
    /// Destination hub index.
    pub destination: usize,
    /// Demand of the pair.
    pub demand: f64,
    /// Shortest cost on the full network (`None`: no route even before).
    pub base_cost: Option<f64>,
    /// Shortest cost without the removed elements (`None`: no route).
    pub new_cost: Option<f64>,
    /// `new_cost − base_cost` when both exist.
    pub cost_increase: Option<f64>,
    /// Had a route before, has none now.
    pub disconnected: bool,
}

/// Effect of a removal on all OD pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Removed hub indices.
    pub removed_hubs: Vec<usize>,
    /// Removed segment indices.
    pub removed_segments: Vec<usize>,
    /// One entry per OD pair, in input order.
    pub pairs: Vec<PairImpact>,
    /// Total demand.
    pub total_demand: f64,
    /// Demand with a route on the remaining network (still served by it).
    pub connected_demand: f64,
    /// Number of pairs that lost their route.
    pub disconnected_pairs: usize,
    /// Demand of the pairs that lost their route.
    pub disconnected_demand: f64,
    /// Σ demand × cost increase over the pairs that still have a route.
    pub cost_increase: f64,
}

/// Impact of removing one element ([`rank_by_vitality`]) or one more element
/// ([`greedy_removal`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Impact {
    /// Hub or segment index.
    pub element: usize,
    /// Its id.
    pub id: String,
    /// Demand that loses its route (cumulative for [`greedy_removal`]).
    pub disconnected_demand: f64,
    /// Σ demand × cost increase over pairs still connected (cumulative for
    /// [`greedy_removal`]).
    pub cost_increase: f64,
}

/// Shortest costs of all OD pairs with and without removals, one Dijkstra per origin.
#[derive(Clone, Debug)]
pub struct Interdiction<'a> {
    router: Router<'a>,
    demand: Vec<OdPair>,
    origins: Vec<usize>,
    base: Vec<Option<f64>>,
}

impl<'a> Interdiction<'a> {
    /// Prepares `demand` on `net` and computes the costs on the full network.
    ///
    /// # Arguments
    /// * `net`: the network.
    /// * `demand`: the OD pairs and their demand.
    /// * `options`: routing cost and direction.
    ///
    /// # Returns
    /// The baseline, to be compared with [`Interdiction::evaluate`], [`rank_by_vitality`]
    /// and [`greedy_removal`].
    ///
    /// # Complexity
    /// One Dijkstra per distinct origin: `O(o (m + n log n))`.
    ///
    /// # Errors
    /// As [`crate::planning::DemandCoverage::new`].
    ///
    /// # Example
    /// ```text
    ///   a ---- b ---- c      removing b disconnects a → c
    /// ```
    /// ```
    /// use corridors::planning::Interdiction;
    /// use corridors::OdDemand;
    /// use corridors::routing::{Filter, RouterOptions};
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let w = Interdiction::new(&net, &OdDemand::from_pairs(&net, [(0, 2, 4.0)])?, &RouterOptions::default())?;
    /// let r = w.evaluate(&Filter::from_ids(&net, &["b"])?);
    /// assert_eq!(r.disconnected_demand, 4.0);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn new(net: &'a Network, demand: &OdDemand, options: &RouterOptions) -> Result<Self> {
        let demand = demand.pairs();
        check_demand(net, demand)?;
        let router = Router::new(net, options)?;
        let mut origins: Vec<usize> = demand.iter().map(|p| p.origin).collect();
        origins.sort_unstable();
        origins.dedup();
        let mut me = Self {
            router,
            demand: demand.to_vec(),
            origins,
            base: Vec::new(),
        };
        let mut ws = me.router.workspace();
        me.base = me.costs(&mut ws, &Filter::none(net));
        Ok(me)
    }

    /// Costs of every pair (input order) under `filter`.
    fn costs(&self, ws: &mut Workspace, filter: &Filter) -> Vec<Option<f64>> {
        let mut out = vec![None; self.demand.len()];
        for &s in &self.origins {
            if filter.hub_removed(s) {
                continue;
            }
            ws.run(self.router.csr(), s, None, |v, e| {
                filter.hub_removed(v) || filter.segment_removed(e)
            });
            for (k, p) in self.demand.iter().enumerate() {
                if p.origin == s {
                    out[k] = ws.dist(p.destination);
                }
            }
        }
        out
    }

    fn evaluate_with(&self, ws: &mut Workspace, filter: &Filter) -> WhatIf {
        let new = self.costs(ws, filter);
        let mut r = WhatIf {
            removed_hubs: filter.removed_hubs(),
            removed_segments: filter.removed_segments(),
            pairs: Vec::with_capacity(self.demand.len()),
            total_demand: 0.0,
            connected_demand: 0.0,
            disconnected_pairs: 0,
            disconnected_demand: 0.0,
            cost_increase: 0.0,
        };
        for (k, p) in self.demand.iter().enumerate() {
            let (base, now) = (self.base[k], new[k]);
            let increase = base.zip(now).map(|(b, n)| n - b);
            let disconnected = base.is_some() && now.is_none();
            r.total_demand += p.demand;
            if now.is_some() {
                r.connected_demand += p.demand;
            }
            if disconnected {
                r.disconnected_pairs += 1;
                r.disconnected_demand += p.demand;
            }
            if let Some(d) = increase {
                r.cost_increase += p.demand * d;
            }
            r.pairs.push(PairImpact {
                origin: p.origin,
                destination: p.destination,
                demand: p.demand,
                base_cost: base,
                new_cost: now,
                cost_increase: increase,
                disconnected,
            });
        }
        r
    }

    /// What happens to every pair when `filter`'s hubs and segments are removed.
    ///
    /// # Arguments
    /// * `filter`: the hubs and segments taken out (the network is not rebuilt).
    ///
    /// # Returns
    /// The [`WhatIf`]: per pair the cost before and after, and the totals.
    ///
    /// # Complexity
    /// One Dijkstra per distinct origin: `O(o (m + n log n))`.
    ///
    /// # Example
    /// ```text
    ///   b
    ///   | \
    ///   a--c      without ca, a → c detours through b
    /// ```
    /// ```
    /// use corridors::planning::Interdiction;
    /// use corridors::routing::{Filter, RouterOptions};
    /// use corridors::OdDemand;
    /// let net = corridors::fixtures::triangle();
    /// let w = Interdiction::new(&net, &OdDemand::from_ids(&net, [("a", "c", 1.0)])?, &RouterOptions::default())?;
    /// let r = w.evaluate(&Filter::from_ids(&net, &["ca"])?);
    /// assert_eq!(r.disconnected_pairs, 0);
    /// assert!(r.pairs[0].cost_increase.is_some_and(|c| c > 0.0));
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn evaluate(&self, filter: &Filter) -> WhatIf {
        let mut ws = self.router.workspace();
        self.evaluate_with(&mut ws, filter)
    }

    fn candidates(&self, elements: Elements, candidates: Option<&[usize]>) -> Result<Vec<usize>> {
        candidate_list(elements.count(self.router.network()), candidates)
    }

    /// Impact of adding each candidate to `base` removals, in candidate order (parallel from
    /// the `exec` threshold on, deterministic either way; cancellation polled every
    /// [`IMPACT_BLOCK`] candidates, progress one unit per candidate).
    fn impacts(
        &self,
        elements: Elements,
        cands: &[usize],
        base: &Filter,
        exec: &Exec,
    ) -> Result<Vec<Impact>> {
        let net = self.router.network();
        let one = |(ws, f): &mut (Workspace, Filter), e: usize| {
            match elements {
                Elements::Hubs => f.remove_hub(e),
                Elements::Segments => f.remove_segment(e),
            };
            let r = self.evaluate_with(ws, f);
            match elements {
                Elements::Hubs if !base.hub_removed(e) => f.restore_hub(e),
                Elements::Segments if !base.segment_removed(e) => f.restore_segment(e),
                _ => f,
            };
            Impact {
                element: e,
                id: elements.id(net, e),
                disconnected_demand: r.disconnected_demand,
                cost_increase: r.cost_increase,
            }
        };
        let run_block = |state: &mut (Workspace, Filter), block: &[usize]| -> Result<Vec<Impact>> {
            exec.check()?;
            let v: Vec<Impact> = block.iter().map(|&e| one(state, e)).collect();
            exec.progress.inc(block.len() as u64);
            Ok(v)
        };
        exec.progress.start(cands.len() as u64);
        let init = || (self.router.workspace(), base.clone());
        let out: Vec<Vec<Impact>> = if exec.parallel(cands.len()) {
            cands
                .par_chunks(IMPACT_BLOCK)
                .map_init(init, run_block)
                .collect::<Result<_>>()?
        } else {
            let mut state = init();
            cands
                .chunks(IMPACT_BLOCK)
                .map(|b| run_block(&mut state, b))
                .collect::<Result<_>>()?
        };
        exec.progress.finish();
        Ok(out.into_iter().flatten().collect())
    }
}

/// Candidates per block of [`Interdiction`]'s impact evaluation (cancellation granularity).
const IMPACT_BLOCK: usize = 8;

/// Orders impacts: most demand disconnected first, then largest cost increase, then index.
fn by_impact(a: &Impact, b: &Impact) -> std::cmp::Ordering {
    b.disconnected_demand
        .total_cmp(&a.disconnected_demand)
        .then_with(|| b.cost_increase.total_cmp(&a.cost_increase))
        .then_with(|| a.element.cmp(&b.element))
}

/// Ranks single hubs or segments by their vitality: the demand that loses its route when
/// the element alone is removed, then the demand-weighted cost increase of the rest.
///
/// # Arguments
/// * `w`: the prepared demand and costs on the full network.
/// * `elements`: hubs or segments.
/// * `candidates`: the elements to try (all when `None`).
/// * `exec`: progress (one unit per candidate), cancellation (polled every 8 candidates) and
///   the parallel threshold (in candidates); the result is the same either way.
///
/// # Returns
/// One [`Impact`] per candidate, most harmful first.
///
/// # Complexity
/// One Dijkstra per origin and candidate: `O(c · o (m + n log n))`.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for a candidate index out of range;
/// [`crate::Error::Cancelled`].
///
/// # Example
/// ```
/// use corridors::planning::{rank_by_vitality, Elements, Interdiction};
/// use corridors::{fixtures, OdDemand};
/// let net = fixtures::path(&["a", "b", "c"]);
/// let w = Interdiction::new(&net, &OdDemand::from_ids(&net, [("a", "c", 4.0)])?, &Default::default())?;
/// let r = rank_by_vitality(&w, Elements::Hubs, Some(&[1]), &Default::default())?;
/// assert_eq!((r[0].id.as_str(), r[0].disconnected_demand), ("b", 4.0));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn rank_by_vitality(
    w: &Interdiction<'_>,
    elements: Elements,
    candidates: Option<&[usize]>,
    exec: &Exec,
) -> Result<Vec<Impact>> {
    let cands = w.candidates(elements, candidates)?;
    let none = Filter::none(w.router.network());
    let mut v = w.impacts(elements, &cands, &none, exec)?;
    v.sort_by(by_impact);
    Ok(v)
}

/// Greedy k-removal: removes, one at a time, the element that most increases the impact
/// (disconnected demand first, then demand-weighted cost increase). Each step reports the
/// cumulative impact. Stops early when no candidate adds impact.
///
/// # Arguments
/// * `w`: the prepared demand and costs on the full network.
/// * `k`: the most elements to remove.
/// * `elements`: hubs or segments.
/// * `candidates`: the elements to choose from (all when `None`).
/// * `exec`: as [`rank_by_vitality`], for each of the up to `k` rounds.
///
/// # Returns
/// The removals in order, each with the cumulative impact.
///
/// # Complexity
/// `k` rounds of [`rank_by_vitality`]: `O(k · c · o (m + n log n))`.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for a candidate index out of range;
/// [`crate::Error::Cancelled`].
///
/// # Example
/// ```
/// use corridors::planning::{greedy_removal, Elements, Interdiction};
/// use corridors::{fixtures, OdDemand};
/// let net = fixtures::path(&["a", "b", "c"]);
/// let w = Interdiction::new(&net, &OdDemand::from_ids(&net, [("a", "c", 4.0)])?, &Default::default())?;
/// let steps = greedy_removal(&w, 2, Elements::Segments, None, &Default::default())?;
/// assert_eq!(steps.len(), 1); // one cut disconnects everything; a second adds nothing
/// assert_eq!(steps[0].disconnected_demand, 4.0);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn greedy_removal(
    w: &Interdiction<'_>,
    k: usize,
    elements: Elements,
    candidates: Option<&[usize]>,
    exec: &Exec,
) -> Result<Vec<Impact>> {
    let mut cands = w.candidates(elements, candidates)?;
    let mut filter = Filter::none(w.router.network());
    let mut steps: Vec<Impact> = Vec::new();
    while steps.len() < k && !cands.is_empty() {
        let mut v = w.impacts(elements, &cands, &filter, exec)?;
        v.sort_by(by_impact);
        let best = v.swap_remove(0);
        let (pd, pc) = steps
            .last()
            .map_or((0.0, 0.0), |s| (s.disconnected_demand, s.cost_increase));
        if best.disconnected_demand <= pd && best.cost_increase <= pc {
            break;
        }
        match elements {
            Elements::Hubs => filter.remove_hub(best.element),
            Elements::Segments => filter.remove_segment(best.element),
        };
        cands.retain(|&e| e != best.element);
        steps.push(best);
    }
    Ok(steps)
}
