//! Itineraries: ordered stops resolved to hubs through a [`Gazetteer`] and routed hub to hub
//! along shortest paths of the network ([`route_itineraries`], one itinerary at a time in
//! `route_one`).
//!
//! Stop resolution is the gazetteer's ([`crate::cases::gazetteer`]); the split among
//! alternative routes is [`crate::cases::route_choice`]. A stop
//! that resolves to nothing, or only to a hub farther than
//! [`ItineraryOptions::max_hub_distance_m`], is a row error, not a panic.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cases::gazetteer::{Gazetteer, ResolvedStop};
use crate::cases::route_choice::{Alternatives, Split, split_shares};
use crate::cases::{Date, Itinerary};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::exec::Exec;
use crate::network::{Mode, Network};
use crate::routing::{KRoutesOptions, OFF_MODE_PENALTY, Router, RouterOptions, Workspace};
use crate::weights::Costing;

/// Options of [`route_itineraries`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItineraryOptions {
    /// Segment cost (default: geodesic length) and direction (default: directed when the
    /// network has any one-way segment).
    pub costing: Costing,
    /// Largest distance from a point or GeoNames place to the hub it resolves to (metres,
    /// default 100 000).
    pub max_hub_distance_m: f64,
    /// `None` (default): each leg (consecutive resolved stops) follows its shortest route.
    /// `Some`: each leg also gets up to `k` loopless alternative routes
    /// ([`Router::k_routes`]) with the case's weight split among them
    /// ([`RoutedItinerary::alternatives`]). Alternatives are per leg, not for the whole stop
    /// sequence, so that the stops are always visited.
    #[serde(default)]
    pub alternatives: Option<Alternatives>,
}

impl Default for ItineraryOptions {
    fn default() -> Self {
        Self {
            costing: Costing::default(),
            max_hub_distance_m: 100_000.0,
            alternatives: None,
        }
    }
}

impl ItineraryOptions {
    /// Checks the alternatives (`k ≥ 1`, finite `theta ≥ 0`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] saying which value is wrong.
    pub fn validate(&self) -> Result<()> {
        if let Some(a) = &self.alternatives {
            if a.k == 0 {
                return Err(Error::invalid("alternatives", "k must be at least 1"));
            }
            if let Split::CostBased { theta } = a.split
                && !(theta.is_finite() && theta >= 0.0)
            {
                return Err(Error::invalid(
                    "alternatives",
                    format!("theta must be finite and ≥ 0, not {theta}"),
                ));
            }
        }
        Ok(())
    }
}

/// One alternative route of one leg, with its share of the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlternativeRoute {
    /// Leg index: 0 joins the first and second distinct resolved stops.
    pub leg: usize,
    /// Segments in travel order.
    pub segments: Vec<usize>,
    /// Hubs in travel order.
    pub hubs: Vec<usize>,
    /// Cost under the weighting.
    pub cost: f64,
    /// Share of the case on this route; the shares of one leg sum to 1.
    pub share: f64,
}

/// One itinerary routed through the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoutedItinerary {
    /// Index of the itinerary in the input slice.
    pub case_index: usize,
    /// Each stop's resolution (`None` where it could not be resolved; see the diagnostics).
    pub stops: Vec<Option<ResolvedStop>>,
    /// Segments of the shortest route, in travel order (a segment may repeat if the route
    /// does).
    pub segments: Vec<usize>,
    /// Hubs of the shortest route in travel order, intermediate hubs included.
    pub hubs: Vec<usize>,
    /// Total cost of the shortest route under the weighting.
    pub cost: f64,
    /// First and last resolved hub.
    pub origin_destination: Option<(usize, usize)>,
    /// Victims in the case.
    pub victims: u32,
    /// Earliest stop date.
    pub date: Option<Date>,
    /// With [`ItineraryOptions::alternatives`]: the alternative routes of every routed leg
    /// (the first of each leg is the shortest route's leg); empty otherwise.
    #[serde(default)]
    pub alternatives: Vec<AlternativeRoute>,
}

impl RoutedItinerary {
    /// Share of the case on each segment it may use, by segment index: 1 on every segment of
    /// the shortest route without alternatives; with alternatives, the sum over legs of the
    /// shares of the alternatives using the segment, capped at 1 (a case counts at most once
    /// per segment).
    pub fn segment_shares(&self) -> Vec<(usize, f64)> {
        if self.alternatives.is_empty() {
            return Self::ones(&self.segments);
        }
        Self::capped(self.alternatives.iter().map(|a| (&a.segments, a.share)))
    }

    /// Share of the case at each hub it may pass, as [`segment_shares`](Self::segment_shares);
    /// the resolved stops on the route always have share 1.
    pub fn hub_shares(&self) -> Vec<(usize, f64)> {
        if self.alternatives.is_empty() {
            return Self::ones(&self.hubs);
        }
        let stops: Vec<usize> = self
            .stops
            .iter()
            .flatten()
            .map(|s| s.hub)
            .filter(|h| self.hubs.contains(h))
            .collect();
        Self::capped(
            self.alternatives
                .iter()
                .map(|a| (&a.hubs, a.share))
                .chain(std::iter::once((&stops, 1.0))),
        )
    }

    fn ones(items: &[usize]) -> Vec<(usize, f64)> {
        let mut v: Vec<usize> = items.to_vec();
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(|i| (i, 1.0)).collect()
    }

    fn capped<'a>(routes: impl Iterator<Item = (&'a Vec<usize>, f64)>) -> Vec<(usize, f64)> {
        let mut all: Vec<(usize, f64)> = Vec::new();
        for (items, share) in routes {
            let mut v = items.clone();
            v.sort_unstable();
            v.dedup();
            all.extend(v.into_iter().map(|i| (i, share)));
        }
        all.sort_by_key(|p| p.0);
        let mut out: Vec<(usize, f64)> = Vec::new();
        for (i, s) in all {
            match out.last_mut() {
                Some(last) if last.0 == i => last.1 += s,
                _ => out.push((i, s)),
            }
        }
        for p in &mut out {
            p.1 = p.1.min(1.0);
        }
        out.retain(|p| p.1 > 0.0);
        out
    }
}

/// Resolves and routes every itinerary (in parallel; the result is in input order and does
/// not depend on the number of threads). An itinerary with a stop that cannot be resolved
/// or a leg that cannot be routed is returned without segments or hubs (so it is counted
/// nowhere, never with part of its route) and its problems as diagnostics (file line of
/// the stop).
///
/// Legs are routed with [`crate::routing`] under `opts.costing` (travel time by default:
/// people choose routes by time, not by polyline length), one [`Router`] for the batch and
/// one workspace per worker thread.
///
/// **Mode.** An itinerary whose record names a mode ([`Itinerary::mode`]) prefers it: each
/// leg is routed with segments of other modes costing 25 times as much, so it follows that
/// mode wherever that mode joins its stops (the rule named corridors use). Its reported
/// cost is the plain cost of the route taken.
///
/// **Equal-cost parallel segments** (a road and a rail line between the same two hubs that
/// cost the same, within [`TIE_EPS`](crate::centrality::TIE_EPS)): the itinerary's own mode
/// wins, then the earlier mode in [`Mode::ALL`] order (road before rail), then the lower
/// segment index; never the order of the input file alone.
///
/// # Arguments
/// * `net`: the network.
/// * `gazetteer`: resolves stops to hubs.
/// * `itineraries`: the cases, stops in travel order.
/// * `opts`: costing, hub distance limit, alternatives per leg.
/// * `exec`: progress (one unit per itinerary), cancellation (polled every 64 itineraries)
///   and the parallel threshold (in itineraries); the result is the same either way.
///
/// # Returns
/// One [`RoutedItinerary`] per itinerary (input order) and the diagnostics.
///
/// # Complexity
/// One early-exit Dijkstra per leg, `O(m + n log n)` each (Yen's `O(k n (m + n log n))` with
/// alternatives); stop resolution is linear in the hubs for points and GeoNames places.
///
/// # Example
/// ```
/// use corridors::cases::{route_itineraries, Gazetteer, Itinerary, ItineraryOptions, Stop, StopPlace};
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec, Mode};
/// // a ==road== b ---- c, plus a rail segment a–b parallel to the road
/// let mut b = NetworkBuilder::new();
/// b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
/// b.add_hub(Hub::new("b", HubKind::Transit, -92.0, 16.0));
/// b.add_hub(Hub::new("c", HubKind::BorderCrossing, -92.0, 17.0));
/// b.add_segment(SegmentSpec::between("ab_road", "a", "b"));
/// b.add_segment(SegmentSpec::between("ab_rail", "a", "b").with_mode(Mode::Rail));
/// b.add_segment(SegmentSpec::between("bc", "b", "c"));
/// let (net, _) = b.build().unwrap();
/// let stop = |n: &str| Stop { place: StopPlace::Place { name: n.into(), state: None, country: None }, date: None, kind: None, line: 2 };
/// let it = Itinerary { case_id: "k1".into(), stops: vec![stop("a"), stop("c")], victims: 2, mode: None };
/// let (routed, diags) = route_itineraries(&net, &Gazetteer::new(&net), &[it], &ItineraryOptions::default(), &Default::default()).unwrap();
/// assert!(diags.is_empty());
/// assert_eq!(routed[0].segments.len(), 2);
/// assert_eq!(routed[0].hubs, vec![0, 1, 2]);
/// ```
///
/// # Errors
/// When the weighting cannot be computed for the network, or the alternatives are invalid
/// ([`ItineraryOptions::validate`]); [`Error::Cancelled`].
pub fn route_itineraries(
    net: &Network,
    gazetteer: &Gazetteer,
    itineraries: &[Itinerary],
    opts: &ItineraryOptions,
    exec: &Exec,
) -> Result<(Vec<RoutedItinerary>, Vec<Diagnostic>)> {
    opts.validate()?;
    // one adjacency for the whole batch (one more per mode that a case prefers), one search
    // workspace per rayon worker
    let router = Router::new(net, &RouterOptions::new(opts.costing.clone()))?;
    let mut by_mode: Vec<(Mode, Router<'_>)> = Vec::new();
    for m in Mode::ALL {
        if itineraries.iter().any(|it| it.mode == Some(m)) {
            let w = (router.weights().iter().zip(net.segments()))
                .map(|(&w, s)| if s.mode == m { w } else { w * OFF_MODE_PENALTY })
                .collect();
            let r = Router::with_weights(net, w, &RouterOptions::new(opts.costing.clone()))?;
            by_mode.push((m, r));
        }
    }
    let routers = Routers {
        base: &router,
        by_mode: &by_mode,
    };
    let k_opts = opts.alternatives.map(|a| KRoutesOptions {
        k: a.k,
        max_shared: None,
        ..KRoutesOptions::default()
    });
    // blocks of itineraries: cancellation is polled before each, results stay in input order
    const BLOCK: usize = 64;
    exec.progress.start(itineraries.len() as u64);
    let run_block = |ws: &mut Workspace, (b, block): (usize, &[Itinerary])| -> Result<Vec<_>> {
        exec.check()?;
        let v: Vec<_> = (block.iter().enumerate())
            .map(|(j, it)| {
                route_one(
                    net,
                    gazetteer,
                    &routers,
                    ws,
                    opts,
                    k_opts.as_ref(),
                    b * BLOCK + j,
                    it,
                )
            })
            .collect();
        exec.progress.inc(block.len() as u64);
        Ok(v)
    };
    let out: Vec<Vec<(RoutedItinerary, Vec<Diagnostic>)>> = if exec.parallel(itineraries.len()) {
        (itineraries.par_chunks(BLOCK).enumerate())
            .map_init(|| router.workspace(), run_block)
            .collect::<Result<_>>()?
    } else {
        let mut ws = router.workspace();
        (itineraries.chunks(BLOCK).enumerate())
            .map(|x| run_block(&mut ws, x))
            .collect::<Result<_>>()?
    };
    exec.progress.finish();
    let mut routed = Vec::with_capacity(out.len());
    let mut diags = Vec::new();
    for (r, d) in out.into_iter().flatten() {
        routed.push(r);
        diags.extend(d);
    }
    Ok((routed, diags))
}

/// The plain router and one per preferred mode.
struct Routers<'r, 'a> {
    base: &'r Router<'a>,
    by_mode: &'r [(Mode, Router<'a>)],
}

/// Among the equal-cost parallel arcs `u → v` of `router`, the one the documented rule picks:
/// the preferred mode, then [`Mode::ALL`] order, then the lower segment index.
fn pick_parallel(
    net: &Network,
    router: &Router<'_>,
    u: usize,
    v: usize,
    e: usize,
    prefer: Option<Mode>,
) -> usize {
    let w = router.weights()[e];
    let tie = w * (1.0 + crate::centrality::TIE_EPS);
    let rank = |s: usize| {
        let m = net.segment(s).mode;
        let pos = Mode::ALL
            .iter()
            .position(|&x| x == m)
            .unwrap_or(Mode::ALL.len());
        (prefer.is_some_and(|p| p != m), pos, s)
    };
    router
        .csr()
        .arcs(u)
        .filter(|&(t, _, c)| t == v && c <= tie)
        .map(|(_, s, _)| s)
        .min_by_key(|&s| rank(s))
        .unwrap_or(e)
}

/// Routes one itinerary (stops resolved by `gazetteer`, legs by `routers`): the itinerary and
/// its diagnostics (unknown places, disconnected legs).
#[allow(clippy::too_many_arguments)]
fn route_one(
    net: &Network,
    gazetteer: &Gazetteer,
    routers: &Routers<'_, '_>,
    ws: &mut Workspace,
    opts: &ItineraryOptions,
    k_opts: Option<&KRoutesOptions>,
    i: usize,
    it: &Itinerary,
) -> (RoutedItinerary, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let stops: Vec<Option<ResolvedStop>> = it
        .stops
        .iter()
        .map(
            |s| match gazetteer.resolve(net, &s.place, opts.max_hub_distance_m) {
                Ok(r) => Some(r),
                Err(e) => {
                    diags.push(Diagnostic::error(
                        ProblemKind::UnknownHub,
                        SourceLocation::line("itineraries", s.line)
                            .with_id(it.case_id.clone())
                            .with_field("place"),
                        e.to_string(),
                    ));
                    None
                }
            },
        )
        .collect();
    let mut seq: Vec<usize> = stops.iter().flatten().map(|r| r.hub).collect();
    seq.dedup();
    let (mut segments, mut hubs, mut cost) = (Vec::new(), Vec::new(), 0.0);
    let mut alternatives = Vec::new();
    if let Some(&first) = seq.first() {
        hubs.push(first);
    }
    let router = it
        .mode
        .and_then(|m| routers.by_mode.iter().find(|(x, _)| *x == m))
        .map_or(routers.base, |(_, r)| r);
    let plain = routers.base.weights();
    for (leg, w) in seq.windows(2).enumerate() {
        // the shortest leg without building its geometry
        ws.run(router.csr(), w[0], Some(w[1]), |_, _| false);
        match (ws.dist(w[1]), ws.path_to(w[1])) {
            (Some(_), Some((h, s))) => {
                for (k, &e) in s.iter().enumerate() {
                    let e = pick_parallel(net, router, h[k], h[k + 1], e, it.mode);
                    cost += plain[e];
                    segments.push(e);
                }
                if hubs.last() != Some(&h[0]) {
                    hubs.push(h[0]);
                }
                hubs.extend(&h[1..]);
                if let (Some(a), Some(k)) = (&opts.alternatives, k_opts)
                    && let Ok(routes) = router.k_routes(ws, w[0], w[1], k, None)
                {
                    let costs: Vec<f64> = routes.iter().map(|r| r.cost).collect();
                    let shares = split_shares(&costs, a.split);
                    alternatives.extend(routes.into_iter().zip(shares).map(|(r, share)| {
                        AlternativeRoute {
                            leg,
                            segments: r.segments,
                            hubs: r.hubs,
                            cost: r.cost,
                            share,
                        }
                    }));
                }
            }
            _ => diags.push(Diagnostic::error(
                ProblemKind::Disconnected,
                SourceLocation::line("itineraries", it.stops.first().map_or(0, |s| s.line))
                    .with_id(it.case_id.clone()),
                format!("no route from {} to {}", net.hub(w[0]).id, net.hub(w[1]).id),
            )),
        }
    }
    if !diags.is_empty() {
        // a case is counted on its whole route or not at all
        segments.clear();
        hubs.clear();
        alternatives.clear();
        cost = 0.0;
    }
    let od = match (seq.first(), seq.last()) {
        (Some(&a), Some(&b)) if diags.is_empty() => Some((a, b)),
        _ => None,
    };
    let routed = RoutedItinerary {
        case_index: i,
        stops,
        segments,
        hubs,
        cost,
        origin_destination: od,
        victims: it.victims,
        date: it.stops.iter().filter_map(|s| s.date).min(),
        alternatives,
    };
    (routed, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{Stop, StopPlace};
    use crate::{Hub, HubKind, Mode, NetworkBuilder, SegmentSpec};

    /// Square h0–h1–h2–h3–h0 with a rail h0–h1 parallel to the road; costs from the `w`
    /// property: road h0–h1 5, rail h0–h1 2, h1–h2 1, h2–h3 1, h3–h0 10.
    fn square() -> Network {
        let mut b = NetworkBuilder::new();
        for (i, (x, y)) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
            .iter()
            .enumerate()
        {
            b.add_hub(Hub::new(format!("h{i}").as_str(), HubKind::Transit, *x, *y));
        }
        let seg = |id: &str, a: &str, z: &str, w: f64| {
            let mut s = SegmentSpec::between(id, a, z);
            s.properties.insert("w".into(), w.into());
            s
        };
        b.add_segment(seg("r01", "h0", "h1", 5.0));
        b.add_segment(seg("t01", "h0", "h1", 2.0).with_mode(Mode::Rail));
        b.add_segment(seg("s12", "h1", "h2", 1.0));
        b.add_segment(seg("s23", "h2", "h3", 1.0));
        b.add_segment(seg("s30", "h3", "h0", 10.0));
        b.build().unwrap().0
    }

    fn itinerary(stops: &[&str]) -> Itinerary {
        let stop = |n: &&str| Stop {
            place: StopPlace::Place {
                name: (*n).into(),
                state: None,
                country: None,
            },
            date: None,
            kind: None,
            line: 2,
        };
        Itinerary {
            case_id: "k".into(),
            stops: stops.iter().map(stop).collect(),
            victims: 4,
            mode: None,
        }
    }

    fn route(net: &Network, stops: &[&str], alt: Option<Alternatives>) -> RoutedItinerary {
        let opts = ItineraryOptions {
            costing: crate::Costing::new(crate::Weighting::Property("w".into())),
            alternatives: alt,
            ..Default::default()
        };
        let (r, d) = route_itineraries(
            net,
            &Gazetteer::new(net),
            &[itinerary(stops)],
            &opts,
            &Default::default(),
        )
        .unwrap();
        assert!(d.is_empty());
        r.into_iter().next().unwrap()
    }

    #[test]
    fn legs_take_the_cheaper_parallel_segment() {
        let net = square();
        let r = route(&net, &["h0", "h2"], None);
        assert_eq!(
            (r.cost, r.segments.clone(), r.hubs.clone()),
            (3.0, vec![1, 2], vec![0, 1, 2])
        );
        let r = route(&net, &["h0", "h3"], None);
        assert_eq!((r.cost, r.segments), (4.0, vec![1, 2, 3]));
        // through a stop: h0 → h3 → h1 (legs 0→3 and 3→1)
        let r = route(&net, &["h0", "h3", "h1"], None);
        assert_eq!(r.segments, vec![1, 2, 3, 3, 2]);
        assert_eq!(r.hubs, vec![0, 1, 2, 3, 2, 1]);
        assert!(r.alternatives.is_empty());
    }

    #[test]
    fn one_alternative_is_the_plain_route() {
        let net = square();
        let plain = route(&net, &["h0", "h3", "h1"], None);
        let one = route(
            &net,
            &["h0", "h3", "h1"],
            Some(Alternatives {
                k: 1,
                split: Split::CostBased { theta: 5.0 },
            }),
        );
        assert_eq!(one.segments, plain.segments);
        assert_eq!(one.alternatives.len(), 2); // one per leg
        for a in &one.alternatives {
            assert_eq!(a.share, 1.0);
        }
        assert_eq!(one.segment_shares(), plain.segment_shares());
        assert_eq!(one.hub_shares(), plain.hub_shares());
    }

    #[test]
    fn alternatives_are_distinct_loopless_and_shares_sum_to_one() {
        let net = square();
        let eq = route(
            &net,
            &["h0", "h2"],
            Some(Alternatives {
                k: 3,
                split: Split::Equal,
            }),
        );
        // h0→h2: rail+s12 (3), road+s12 (6), s30+s23 (11)
        let segs: Vec<Vec<usize>> = eq.alternatives.iter().map(|a| a.segments.clone()).collect();
        assert_eq!(segs, vec![vec![1, 2], vec![0, 2], vec![4, 3]]);
        for a in &eq.alternatives {
            assert!((a.share - 1.0 / 3.0).abs() < 1e-12);
            let mut h = a.hubs.clone();
            h.sort_unstable();
            h.dedup();
            assert_eq!(h.len(), a.hubs.len(), "loopless");
        }
        let shares: std::collections::HashMap<usize, f64> =
            eq.segment_shares().into_iter().collect();
        assert!((shares[&2] - 2.0 / 3.0).abs() < 1e-12);
        assert!((shares[&4] - 1.0 / 3.0).abs() < 1e-12);
        let cost = route(
            &net,
            &["h0", "h2"],
            Some(Alternatives {
                k: 3,
                split: Split::CostBased { theta: 1.0 },
            }),
        );
        let s: Vec<f64> = cost.alternatives.iter().map(|a| a.share).collect();
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(s[0] > s[1] && s[1] > s[2]);
        // shares ∝ exp(−θ (c/best − 1)): costs 3, 6, 11
        assert!((s[1] / s[0] - (-1.0f64).exp()).abs() < 1e-12);
        // bad options are errors, not panics
        let bad = ItineraryOptions {
            alternatives: Some(Alternatives {
                k: 0,
                split: Split::Equal,
            }),
            ..Default::default()
        };
        assert!(
            route_itineraries(&net, &Gazetteer::new(&net), &[], &bad, &Default::default()).is_err()
        );
    }

    #[test]
    fn route_shares_add_over_legs_and_cap_at_one() {
        use crate::cases::Resolution;
        let alt = |leg, segments: Vec<usize>, hubs: Vec<usize>, share| AlternativeRoute {
            leg,
            segments,
            hubs,
            cost: 1.0,
            share,
        };
        let stop = |hub| {
            Some(ResolvedStop {
                hub,
                resolution: Resolution::HubId,
                distance_m: 0.0,
            })
        };
        let mut r = RoutedItinerary {
            case_index: 0,
            stops: vec![stop(0), stop(2)],
            segments: vec![0, 1],
            hubs: vec![0, 1, 2],
            cost: 2.0,
            origin_destination: Some((0, 2)),
            victims: 1,
            date: None,
            alternatives: Vec::new(),
        };
        // no alternatives: 1 on every segment and hub of the route (repeats once)
        assert_eq!(r.segment_shares(), vec![(0, 1.0), (1, 1.0)]);
        assert_eq!(r.hub_shares(), vec![(0, 1.0), (1, 1.0), (2, 1.0)]);
        // two alternatives of leg 0 share segment 5; a leg-1 route reuses it: capped at 1
        r.alternatives = vec![
            alt(0, vec![5, 6], vec![0, 3, 2], 0.75),
            alt(0, vec![5, 7], vec![0, 4, 2], 0.25),
            alt(1, vec![5], vec![2, 0], 1.0),
        ];
        assert_eq!(r.segment_shares(), vec![(5, 1.0), (6, 0.75), (7, 0.25)]);
        // stops on the route keep share 1; inner hubs get their alternatives' shares
        assert_eq!(
            r.hub_shares(),
            vec![(0, 1.0), (2, 1.0), (3, 0.75), (4, 0.25)]
        );
    }
}
