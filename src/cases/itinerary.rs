//! Itineraries: ordered stops resolved to hubs through a [`Gazetteer`] and routed hub to hub
//! along shortest paths of the network.
//!
//! Stop resolution, in order: a hub id; a GeoNames id (digits) matching a hub's `geonameid`
//! property; a hub name (case- and accent-insensitive); a place of `data/geonames/places.csv`
//! (same name, country when given, largest population first; the state is not used, since
//! the extract has only admin1 codes) snapped to the nearest hub; a
//! point snapped to the nearest hub. The method is reported per stop ([`Resolution`]). A stop
//! that resolves to nothing, or only to a hub farther than
//! [`ItineraryOptions::max_hub_distance_m`], is a row error, not a panic.

use std::collections::HashMap;
use std::path::Path;

use geo::{Distance, Haversine, Point};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cases::{Date, Itinerary, StopPlace};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::exec::Exec;
use crate::network::Network;
use crate::routing::{KRoutesOptions, Router, RouterOptions, Workspace};
use crate::weights::Costing;

/// How a stop was resolved to a hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Resolution {
    /// The stop named a hub id.
    HubId,
    /// The stop named a GeoNames id that a hub carries as `geonameid`.
    HubGeonameId,
    /// The stop named a hub by its name (case- and accent-insensitive).
    HubName,
    /// The stop named a GeoNames place that is not a hub; the nearest hub was taken.
    GeoNames {
        /// The GeoNames id of the place.
        geonameid: u64,
    },
    /// The stop was a point; the nearest hub was taken.
    NearestHub,
}

/// A stop resolved to a hub.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResolvedStop {
    /// Hub index.
    pub hub: usize,
    /// How.
    pub resolution: Resolution,
    /// Haversine distance from the place to the hub, metres (0 for direct hub matches).
    pub distance_m: f64,
}

#[derive(Clone, Debug)]
struct Place {
    geonameid: u64,
    country: String,
    location: Point<f64>,
    population: u64,
}

/// Lower case, accents removed, runs of other characters collapsed to one space.
///
/// ```
/// assert_eq!(corridors::cases::itinerary::normalise_place("  Cancún, Q.Roo "), "cancun q roo");
/// assert_eq!(corridors::cases::itinerary::normalise_place("CIUDAD JUÁREZ"), "ciudad juarez");
/// ```
pub fn normalise_place(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = crate::cases::types::fold_accent(c);
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

fn country_code(s: &str) -> Option<String> {
    let n = normalise_place(s);
    if n.len() == 2 && n.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(n.to_ascii_uppercase());
    }
    let code = match n.as_str() {
        "mexico" => "MX",
        "guatemala" => "GT",
        "honduras" => "HN",
        "el salvador" => "SV",
        "nicaragua" => "NI",
        "belize" | "belice" => "BZ",
        "costa rica" => "CR",
        "panama" => "PA",
        "united states" | "united states of america" | "usa" | "estados unidos" => "US",
        "cuba" => "CU",
        "haiti" => "HT",
        "venezuela" => "VE",
        "colombia" => "CO",
        "ecuador" => "EC",
        _ => return None,
    };
    Some(code.into())
}

/// Resolves stop names and points to hubs of a network.
///
/// ```
/// use corridors::cases::{Gazetteer, Resolution, StopPlace};
/// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
/// let mut b = NetworkBuilder::new();
/// b.add_hub(Hub::new("tapachula", HubKind::Entry, -92.2589, 14.9054).with_name("Tapachula"));
/// b.add_hub(Hub::new("cancun", HubKind::TouristCentre, -86.8466, 21.1743).with_name("Cancún"));
/// b.add_segment(SegmentSpec::between("t-c", "tapachula", "cancun"));
/// let (net, _) = b.build().unwrap();
/// let g = Gazetteer::new(&net);
/// let place = |n: &str| StopPlace::Place { name: n.into(), state: None, country: None };
/// let r = g.resolve(&net, &place("CANCUN"), 50_000.0).unwrap();
/// assert_eq!((r.hub, r.resolution), (1, Resolution::HubName));
/// assert!(g.resolve(&net, &place("Atlantis"), 50_000.0).is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    by_name: HashMap<String, Vec<usize>>,
    by_geonameid: HashMap<u64, usize>,
    places: HashMap<String, Vec<Place>>,
    places_by_id: HashMap<u64, Place>,
}

impl Gazetteer {
    /// A gazetteer of the network's hubs only.
    pub fn new(net: &Network) -> Self {
        let mut g = Gazetteer::default();
        for (i, h) in net.hubs().enumerate() {
            g.by_name
                .entry(normalise_place(&h.name))
                .or_default()
                .push(i);
            let gid = h.properties.get("geonameid").and_then(|v| {
                v.as_u64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            });
            if let Some(gid) = gid {
                g.by_geonameid.entry(gid).or_insert(i);
            }
        }
        g
    }

    /// Adds the places of a GeoNames extract (`geonameid,name,country,admin1,lat,lon,population`,
    /// as `data/geonames/places.csv`).
    ///
    /// # Errors
    /// [`Error::Io`]; [`Error::Invalid`] for rows that cannot be read (all listed).
    pub fn with_geonames(mut self, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let mut rdr = csv::ReaderBuilder::new()
            .from_path(path)
            .map_err(|e| Error::io(&label, std::io::Error::other(e.to_string())))?;
        let mut errors = Vec::new();
        for rec in rdr.records() {
            let parsed = rec.map_err(|e| e.to_string()).and_then(|r| {
                let line = r.position().map_or(0, |p| p.line());
                let f = |i: usize| r.get(i).unwrap_or("").trim().to_string();
                let num = |i: usize| {
                    f(i).parse::<f64>()
                        .map_err(|_| format!("line {line}: bad number {:?}", f(i)))
                };
                Ok((
                    f(1),
                    Place {
                        geonameid: f(0)
                            .parse()
                            .map_err(|_| format!("line {line}: bad geonameid"))?,
                        country: f(2),
                        location: Point::new(num(5)?, num(4)?),
                        population: f(6).parse().unwrap_or(0),
                    },
                ))
            });
            match parsed {
                Ok((name, p)) => {
                    self.places_by_id.insert(p.geonameid, p.clone());
                    self.places
                        .entry(normalise_place(&name))
                        .or_default()
                        .push(p);
                }
                Err(e) => errors.push(Diagnostic::error(
                    ProblemKind::InvalidProperty,
                    SourceLocation::file(&label),
                    e,
                )),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        for v in self.places.values_mut() {
            v.sort_by(|a, b| {
                b.population
                    .cmp(&a.population)
                    .then(a.geonameid.cmp(&b.geonameid))
            });
        }
        Ok(self)
    }

    fn nearest_hub(net: &Network, p: Point<f64>) -> Option<(usize, f64)> {
        net.hubs()
            .enumerate()
            .map(|(i, h)| (i, Haversine.distance(p, h.location)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
    }

    /// Resolves one stop; `max_hub_distance_m` bounds the distance from a point or GeoNames
    /// place to its nearest hub.
    ///
    /// # Errors
    /// A message saying why the stop could not be resolved.
    pub fn resolve(
        &self,
        net: &Network,
        place: &StopPlace,
        max_hub_distance_m: f64,
    ) -> std::result::Result<ResolvedStop, String> {
        let snap = |p: Point<f64>, resolution: Resolution, what: &str| {
            let (hub, d) = Self::nearest_hub(net, p).ok_or("the network has no hubs")?;
            if d > max_hub_distance_m {
                return Err(format!(
                    "{what}: nearest hub {:?} is {:.0} km away (limit {:.0} km)",
                    net.hub(hub).name,
                    d / 1000.0,
                    max_hub_distance_m / 1000.0
                ));
            }
            Ok(ResolvedStop {
                hub,
                resolution,
                distance_m: d,
            })
        };
        let direct = |hub: usize, resolution: Resolution| {
            Ok(ResolvedStop {
                hub,
                resolution,
                distance_m: 0.0,
            })
        };
        match place {
            StopPlace::Point(p) => snap(*p, Resolution::NearestHub, "point"),
            StopPlace::Place { name, country, .. } => {
                let name = name.trim();
                if let Some(h) = net.hub_index(name) {
                    return direct(h, Resolution::HubId);
                }
                if let Ok(gid) = name.parse::<u64>() {
                    if let Some(&h) = self.by_geonameid.get(&gid) {
                        return direct(h, Resolution::HubGeonameId);
                    }
                    if let Some(p) = self.places_by_id.get(&gid) {
                        return snap(
                            p.location,
                            Resolution::GeoNames { geonameid: gid },
                            &format!("GeoNames {gid}"),
                        );
                    }
                    return Err(format!("no hub or GeoNames place with id {gid}"));
                }
                let key = normalise_place(name);
                if let Some(hs) = self.by_name.get(&key) {
                    return direct(hs[0], Resolution::HubName);
                }
                let cc = country.as_deref().and_then(country_code);
                let cand = self.places.get(&key).and_then(|v| {
                    v.iter()
                        .find(|p| cc.as_ref().is_none_or(|c| &p.country == c))
                });
                match cand {
                    Some(p) => snap(
                        p.location,
                        Resolution::GeoNames {
                            geonameid: p.geonameid,
                        },
                        name,
                    ),
                    None => Err(format!(
                        "no hub or GeoNames place named {name:?}{}",
                        cc.map(|c| format!(" in {c}")).unwrap_or_default()
                    )),
                }
            }
        }
    }
}

/// How a case's weight is split among the alternative routes of one leg.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "split")]
pub enum Split {
    /// Every alternative gets the same share, `1/k`.
    Equal,
    /// Logit on the relative detour: alternative `i` of cost `c_i` gets a share proportional
    /// to `exp(−theta · (c_i / c_best − 1))`, so with `theta = 10` a route 10 % costlier than
    /// the best weighs `e^-1 ≈ 0.37` as much. When the best cost is 0, alternatives of cost 0
    /// share the weight and costlier ones get none.
    CostBased {
        /// Sensitivity to the detour (≥ 0; 0 is the equal split).
        theta: f64,
    },
}

/// Alternative routes per leg of an itinerary: see [`ItineraryOptions::alternatives`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternatives {
    /// Loopless routes per leg (Yen, cheapest first; fewer where fewer exist). At least 1.
    pub k: usize,
    /// How the case's weight is split among them.
    pub split: Split,
}

impl Default for Alternatives {
    fn default() -> Self {
        Self {
            k: 3,
            split: Split::Equal,
        }
    }
}

/// Shares of a case among routes of the given costs (cheapest first or not): non-negative,
/// summing to 1 (empty for no routes).
///
/// ```
/// use corridors::cases::itinerary::{split_shares, Split};
/// assert_eq!(split_shares(&[10.0, 11.0, 20.0], Split::Equal), vec![1.0 / 3.0; 3]);
/// let s = split_shares(&[10.0, 11.0], Split::CostBased { theta: 10.0 });
/// assert!((s[0] + s[1] - 1.0).abs() < 1e-12);
/// assert!((s[1] / s[0] - (-1.0f64).exp()).abs() < 1e-12); // 10 % costlier: e^-1 as much
/// ```
pub fn split_shares(costs: &[f64], split: Split) -> Vec<f64> {
    if costs.is_empty() {
        return Vec::new();
    }
    let raw: Vec<f64> = match split {
        Split::Equal => vec![1.0; costs.len()],
        Split::CostBased { theta } => {
            let best = costs.iter().copied().fold(f64::INFINITY, f64::min);
            costs
                .iter()
                .map(|&c| {
                    let excess = if best > 0.0 {
                        c / best - 1.0
                    } else if c > best {
                        f64::INFINITY
                    } else {
                        0.0
                    };
                    if theta == 0.0 {
                        1.0
                    } else {
                        (-theta * excess).exp()
                    }
                })
                .collect()
        }
    };
    let total: f64 = raw.iter().sum();
    raw.iter().map(|w| w / total).collect()
}

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
                return Err(Error::InvalidArgument(
                    "alternatives: k must be at least 1".into(),
                ));
            }
            if let Split::CostBased { theta } = a.split
                && !(theta.is_finite() && theta >= 0.0)
            {
                return Err(Error::InvalidArgument(format!(
                    "alternatives: theta must be finite and ≥ 0, not {theta}"
                )));
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
/// not depend on the number of threads). Unresolvable stops and unreachable legs are
/// returned as diagnostics (file line of the stop) and skipped.
///
/// Legs are routed with [`crate::routing`] (one [`Router`] for the batch, one workspace per
/// worker thread). Among equal-cost parallel segments the lower segment index wins (CSR arc
/// order).
///
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
/// let it = Itinerary { case_id: "k1".into(), stops: vec![stop("a"), stop("c")], victims: 2 };
/// let (routed, diags) = route_itineraries(&net, &Gazetteer::new(&net), &[it], &ItineraryOptions::default(), &Default::default()).unwrap();
/// assert!(diags.is_empty());
/// assert_eq!(routed[0].segments.len(), 2);
/// assert_eq!(routed[0].hubs, vec![0, 1, 2]);
/// ```
///
/// # Errors
/// When the weighting cannot be computed for the network, or the alternatives are invalid
/// ([`ItineraryOptions::validate`]).
pub fn route_itineraries(
    net: &Network,
    gazetteer: &Gazetteer,
    itineraries: &[Itinerary],
    opts: &ItineraryOptions,
    exec: &Exec,
) -> Result<(Vec<RoutedItinerary>, Vec<Diagnostic>)> {
    opts.validate()?;
    // one adjacency for the whole batch, one search workspace per rayon worker
    let router = Router::new(net, &RouterOptions::new(opts.costing.clone()))?;
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
                    &router,
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

/// Routes one itinerary (stops resolved by `gazetteer`, legs by `router`): the itinerary and
/// its diagnostics (unknown places, disconnected legs).
#[allow(clippy::too_many_arguments)]
fn route_one(
    net: &Network,
    gazetteer: &Gazetteer,
    router: &Router<'_>,
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
                        e,
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
    for (leg, w) in seq.windows(2).enumerate() {
        // the shortest leg without building its geometry
        ws.run(router.csr(), w[0], Some(w[1]), |_, _| false);
        match (ws.dist(w[1]), ws.path_to(w[1])) {
            (Some(c), Some((h, s))) => {
                cost += c;
                segments.extend(s);
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
    let od = match (seq.first(), seq.last()) {
        (Some(&a), Some(&b)) => Some((a, b)),
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
}
