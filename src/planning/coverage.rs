//! Demand captured by a set of hubs or segments: the share of each OD pair's shortest paths
//! (or k alternative routes) that pass through the set.

use serde::{Deserialize, Serialize};

use super::Elements;
use crate::centrality::brandes;
use crate::demand::{OdDemand, OdPair};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::{Csr, Network};
use crate::routing::{KRoutesOptions, Router, RouterOptions};
use crate::weights::Costing;
use rayon::prelude::*;

/// How demand is counted as captured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageOptions {
    /// Routing cost and direction.
    pub costing: Costing,
    /// Hubs or segments.
    pub elements: Elements,
    /// `None` (default): a pair counts with the share of its equal-cost shortest paths that
    /// pass the set (group betweenness restricted to the OD pairs). `Some(k)`: the share of
    /// its k shortest loopless routes (Yen) that pass the set, robust to rerouting.
    pub robust_k: Option<usize>,
    /// Whether a chosen hub at a pair's origin or destination captures the pair (default
    /// `true`: a post at the entry city reaches everyone who enters there). NetworkX's
    /// `group_betweenness_centrality(endpoints=False)` instead leaves such pairs out; the
    /// objective is then no longer monotone (choosing an origin drops its pairs), so the
    /// `1 − 1/e` guarantee of [`crate::planning::site_greedy`] needs `true`.
    pub endpoints: bool,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        Self {
            costing: Costing::default(),
            elements: Elements::Hubs,
            robust_k: None,
            endpoints: true,
        }
    }
}

/// Shortest-path DAG of one origin, in settle order, with path counts.
#[derive(Clone, Debug)]
struct SourceDag {
    /// Hubs in settle order (position 0 is the origin).
    order: Vec<u32>,
    /// `pred_off[j]..pred_off[j + 1]` index `preds` for position `j`.
    pred_off: Vec<u32>,
    /// `(position of predecessor, segment)`.
    preds: Vec<(u32, u32)>,
    /// Number of shortest paths from the origin to each position.
    sigma: Vec<f64>,
    /// `(position, demand)` of the destinations reached.
    targets: Vec<(u32, f64)>,
}

/// Demand of one pair spread over explicit routes (robust variant).
#[derive(Clone, Debug)]
struct RouteSet {
    weight: f64,
    origin: u32,
    destination: u32,
    hubs: Vec<u32>,
    segments: Vec<u32>,
}

#[derive(Clone, Debug)]
enum Model {
    Dags(Vec<SourceDag>),
    Routes(Vec<RouteSet>),
}

/// Prepared OD demand over a network: evaluates how much demand any set of hubs (or
/// segments) captures.
///
/// ```
/// use corridors::planning::{CoverageOptions, DemandCoverage};
/// use corridors::OdDemand;
/// // a diamond a-b-d / a-c-d, mirrored about the equator: two equal shortest a→d paths
/// let net = corridors::fixtures::diamond();
/// let cov = DemandCoverage::new(&net, &OdDemand::from_pairs(&net, [(0, 3, 10.0)])?, &CoverageOptions::default(), &Default::default())?;
/// let mut chosen = vec![false; 4];
/// chosen[1] = true; // hub b lies on one of the two shortest paths
/// assert!((cov.value(&chosen) - 5.0).abs() < 1e-9);
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct DemandCoverage {
    model: Model,
    elements: Elements,
    endpoints: bool,
    element_count: usize,
    total_demand: f64,
    reachable_demand: f64,
}

impl DemandCoverage {
    /// Prepares `demand` on `net`: one Dijkstra per origin (or Yen's k routes per pair with
    /// `robust_k`).
    ///
    /// # Arguments
    /// * `net`: the network.
    /// * `demand`: the OD pairs (hub indices, demand ≥ 0).
    /// * `options`: costing, hubs or segments, shortest paths or `robust_k` routes, endpoints.
    /// * `exec`: with `robust_k`, progress is one unit per pair and cancellation is polled
    ///   every 16 pairs; pairs run in parallel from the threshold on (same result either way).
    ///
    /// # Returns
    /// The prepared coverage; evaluate sets with [`DemandCoverage::value`].
    ///
    /// # Complexity
    /// One Dijkstra per distinct origin, `O(o (m + n log n))`; with `robust_k = k`, Yen's
    /// `O(k n (m + n log n))` per pair.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a hub index out of range or a demand that is negative
    /// or not finite; weighting errors as [`Router::new`]; [`Error::Cancelled`].
    ///
    /// # Example
    /// ```text
    ///       b
    ///     /   \
    ///   a       d      two equal a → d routes
    ///     \   /
    ///       c
    /// ```
    /// ```
    /// use corridors::planning::{CoverageOptions, DemandCoverage};
    /// use corridors::OdDemand;
    /// let net = corridors::fixtures::diamond();
    /// let demand = OdDemand::from_ids(&net, [("a", "d", 10.0)])?;
    /// let opts = CoverageOptions { robust_k: Some(2), ..Default::default() };
    /// let cov = DemandCoverage::new(&net, &demand, &opts, &Default::default())?;
    /// assert_eq!(cov.reachable_demand(), 10.0);
    /// assert!((cov.value(&[false, true, false, false]) - 5.0).abs() < 1e-9); // b: one route of two
    /// assert!((cov.value(&[false, true, true, false]) - 10.0).abs() < 1e-9);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn new(
        net: &Network,
        demand: &OdDemand,
        options: &CoverageOptions,
        exec: &Exec,
    ) -> Result<Self> {
        let demand = demand.pairs();
        check_demand(net, demand)?;
        exec.check()?;
        let router = Router::new(net, &RouterOptions::new(options.costing.clone()))?;
        let total_demand = demand.iter().map(|p| p.demand).sum();
        let (model, reachable_demand) = match options.robust_k {
            None => {
                let dags = build_dags(router.csr(), demand);
                let reach = dags
                    .iter()
                    .flat_map(|d| d.targets.iter().map(|t| t.1))
                    .sum();
                (Model::Dags(dags), reach)
            }
            Some(k) => {
                let kopt = KRoutesOptions {
                    k: k.max(1),
                    ..KRoutesOptions::default()
                };
                // Each pair's routes are independent; they are gathered and summed in pair
                // order, so the result is the same sequential or parallel.
                const BLOCK: usize = 16;
                let pairs: Vec<&OdPair> = demand
                    .iter()
                    .filter(|p| p.origin != p.destination)
                    .collect();
                exec.progress.start(pairs.len() as u64);
                let run_block = |ws: &mut crate::routing::Workspace,
                                 block: &[&OdPair]|
                 -> Result<Vec<Option<Vec<RouteSet>>>> {
                    exec.check()?;
                    let v = block
                        .iter()
                        .map(|p| {
                            let routes = router
                                .k_routes(ws, p.origin, p.destination, &kopt, None)
                                .ok()?;
                            let w = p.demand / routes.len() as f64;
                            Some(
                                routes
                                    .into_iter()
                                    .map(|r| RouteSet {
                                        weight: w,
                                        origin: p.origin as u32,
                                        destination: p.destination as u32,
                                        hubs: r.hubs.iter().map(|&h| h as u32).collect(),
                                        segments: r.segments.iter().map(|&e| e as u32).collect(),
                                    })
                                    .collect(),
                            )
                        })
                        .collect();
                    exec.progress.inc(block.len() as u64);
                    Ok(v)
                };
                let per_pair: Vec<Vec<Option<Vec<RouteSet>>>> = if exec.parallel(pairs.len()) {
                    pairs
                        .par_chunks(BLOCK)
                        .map_init(|| router.workspace(), run_block)
                        .collect::<Result<_>>()?
                } else {
                    let mut ws = router.workspace();
                    pairs
                        .chunks(BLOCK)
                        .map(|b| run_block(&mut ws, b))
                        .collect::<Result<_>>()?
                };
                exec.progress.finish();
                let mut sets = Vec::new();
                let mut reach = 0.0;
                for (p, routes) in pairs.iter().zip(per_pair.into_iter().flatten()) {
                    if let Some(r) = routes {
                        reach += p.demand;
                        sets.extend(r);
                    }
                }
                (Model::Routes(sets), reach)
            }
        };
        Ok(Self {
            model,
            elements: options.elements,
            endpoints: options.endpoints,
            element_count: options.elements.count(net),
            total_demand,
            reachable_demand,
        })
    }

    /// Sum of all OD demand (pairs with no route and pairs with origin = destination
    /// included).
    pub fn total_demand(&self) -> f64 {
        self.total_demand
    }

    /// Demand of the pairs that have a route (the most any set can capture).
    pub fn reachable_demand(&self) -> f64 {
        self.reachable_demand
    }

    /// Number of elements (hubs or segments) a set is chosen from.
    pub fn element_count(&self) -> usize {
        self.element_count
    }

    /// Hubs or segments.
    pub fn elements(&self) -> Elements {
        self.elements
    }

    /// Demand captured by the set marked `true` in `chosen` (indexed by hub or segment).
    ///
    /// # Panics
    /// If `chosen` is shorter than [`element_count`](Self::element_count).
    pub fn value(&self, chosen: &[bool]) -> f64 {
        let mut scratch = Vec::new();
        self.value_with(chosen, &mut scratch)
    }

    pub(crate) fn value_with(&self, chosen: &[bool], scratch: &mut Vec<f64>) -> f64 {
        let hubs = self.elements == Elements::Hubs;
        match &self.model {
            Model::Dags(dags) => {
                let mut total = 0.0;
                for dag in dags {
                    let s = dag.order[0] as usize;
                    if hubs && !self.endpoints && chosen[s] {
                        continue;
                    }
                    // avoid[j]: shortest paths to position j that avoid the set
                    scratch.clear();
                    scratch.resize(dag.order.len(), 0.0);
                    scratch[0] = if hubs && chosen[s] { 0.0 } else { 1.0 };
                    for j in 1..dag.order.len() {
                        if hubs && chosen[dag.order[j] as usize] {
                            continue;
                        }
                        let (lo, hi) = (dag.pred_off[j] as usize, dag.pred_off[j + 1] as usize);
                        let mut a = 0.0;
                        for &(p, e) in &dag.preds[lo..hi] {
                            if hubs || !chosen[e as usize] {
                                a += scratch[p as usize];
                            }
                        }
                        scratch[j] = a;
                    }
                    for &(t, d) in &dag.targets {
                        let t = t as usize;
                        if hubs && !self.endpoints && chosen[dag.order[t] as usize] {
                            continue;
                        }
                        total += d * (1.0 - scratch[t] / dag.sigma[t]);
                    }
                }
                total
            }
            Model::Routes(sets) => sets
                .iter()
                .filter(|r| {
                    if hubs {
                        if !self.endpoints
                            && (chosen[r.origin as usize] || chosen[r.destination as usize])
                        {
                            return false;
                        }
                        r.hubs.iter().any(|&h| chosen[h as usize])
                    } else {
                        r.segments.iter().any(|&e| chosen[e as usize])
                    }
                })
                .map(|r| r.weight)
                .sum(),
        }
    }
}

/// Checks hub indices and demand values.
pub(crate) fn check_demand(net: &Network, demand: &[OdPair]) -> Result<()> {
    let n = net.hub_count();
    for (k, p) in demand.iter().enumerate() {
        if p.origin >= n || p.destination >= n {
            return Err(Error::invalid(
                "demand",
                format!("OD pair {k}: hub index out of range ({n} hubs)"),
            ));
        }
        if !p.demand.is_finite() || p.demand < 0.0 {
            return Err(Error::invalid(
                "demand",
                format!(
                    "OD pair {k} ({} → {}): demand {} is not finite and non-negative",
                    net.hub(p.origin).id,
                    net.hub(p.destination).id,
                    p.demand
                ),
            ));
        }
    }
    Ok(())
}

/// One shortest-path DAG per distinct origin, from the centrality kernel (Dijkstra with
/// predecessor lists, ties within [`crate::centrality::TIE_EPS`]). The kernel merges parallel segments into
/// one arc; here each arc is expanded back to its minimum-cost segments, so parallel
/// segments count as distinct paths (the share through a set of hubs is the same either way).
fn build_dags(csr: &Csr, demand: &[OdPair]) -> Vec<SourceDag> {
    let g = brandes::Graph::from_csr(csr);
    let mut ws = brandes::Workspace::new(&g);
    let n = csr.node_count();
    let mut origins: Vec<usize> = demand.iter().map(|p| p.origin).collect();
    origins.sort_unstable();
    origins.dedup();
    let mut pos = vec![u32::MAX; n];
    let mut dags = Vec::with_capacity(origins.len());
    for s in origins {
        ws.sssp(&g, s);
        let order: Vec<u32> = ws.order().to_vec();
        for (j, &v) in order.iter().enumerate() {
            pos[v as usize] = j as u32;
        }
        let mut pred_off = Vec::with_capacity(order.len() + 1);
        pred_off.push(0u32);
        let mut preds: Vec<(u32, u32)> = Vec::new();
        let mut sigma = vec![0.0; order.len()];
        sigma[0] = 1.0;
        for (j, &v) in order.iter().enumerate() {
            for &(p, a) in ws.preds(&g, v as usize) {
                let (lo, hi) = (
                    g.seg_off[a as usize] as usize,
                    g.seg_off[a as usize + 1] as usize,
                );
                for &e in &g.segs[lo..hi] {
                    // invariant: a predecessor is settled before the hub it leads to
                    let jp = pos[p as usize];
                    preds.push((jp, e));
                    sigma[j] += sigma[jp as usize];
                }
            }
            pred_off.push(preds.len() as u32);
        }
        let targets = demand
            .iter()
            .filter(|p| p.origin == s && p.destination != s && pos[p.destination] != u32::MAX)
            .map(|p| (pos[p.destination], p.demand))
            .collect();
        for &v in &order {
            pos[v as usize] = u32::MAX;
        }
        dags.push(SourceDag {
            order,
            pred_off,
            preds,
            sigma,
            targets,
        });
    }
    dags
}
