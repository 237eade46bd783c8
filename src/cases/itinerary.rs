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

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::path::Path;

use geo::{Distance, Haversine, Point};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cases::{Date, Itinerary, StopPlace};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::network::{Csr, Network};
use crate::weights::Weighting;

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

// ---------------------------------------------------------------------------------------
// Minimal shortest path with predecessor *segments*.
// TEMPORARY: to be swapped for `crate::routing` (issue 5) once it lands. Keep it tiny.
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
struct HeapItem(f64, u32);
impl Eq for HeapItem {}
impl Ord for HeapItem {
    fn cmp(&self, o: &Self) -> Ordering {
        // min-heap on cost, then hub index, for a deterministic order
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}
impl PartialOrd for HeapItem {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Reusable Dijkstra workspace over a [`Csr`] recording the predecessor segment of every hub,
/// so that parallel segments (road and rail between the same hubs) stay distinct. Among
/// equal-cost parallel segments the lowest segment index wins (CSR arc order).
pub(crate) struct PathWorkspace {
    dist: Vec<f64>,
    pred_hub: Vec<u32>,
    pred_seg: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<HeapItem>,
}

impl PathWorkspace {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            dist: vec![f64::INFINITY; n],
            pred_hub: vec![u32::MAX; n],
            pred_seg: vec![u32::MAX; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Shortest path `s → t`: (cost, segments in travel order, hubs from s to t).
    pub(crate) fn path(
        &mut self,
        csr: &Csr,
        s: usize,
        t: usize,
    ) -> Option<(f64, Vec<usize>, Vec<usize>)> {
        for &u in &self.touched {
            self.dist[u as usize] = f64::INFINITY;
            self.pred_hub[u as usize] = u32::MAX;
            self.pred_seg[u as usize] = u32::MAX;
        }
        self.touched.clear();
        self.heap.clear();
        self.dist[s] = 0.0;
        self.touched.push(s as u32);
        self.heap.push(HeapItem(0.0, s as u32));
        while let Some(HeapItem(d, u)) = self.heap.pop() {
            let u = u as usize;
            if d > self.dist[u] {
                continue;
            }
            if u == t {
                break;
            }
            for (v, e, w) in csr.arcs(u) {
                let nd = d + w;
                if nd < self.dist[v] {
                    if self.dist[v].is_infinite() {
                        self.touched.push(v as u32);
                    }
                    self.dist[v] = nd;
                    self.pred_hub[v] = u as u32;
                    self.pred_seg[v] = e as u32;
                    self.heap.push(HeapItem(nd, v as u32));
                }
            }
        }
        if !self.dist[t].is_finite() {
            return None;
        }
        let (mut segs, mut hubs) = (Vec::new(), vec![t]);
        let mut v = t;
        while v != s {
            segs.push(self.pred_seg[v] as usize);
            v = self.pred_hub[v] as usize;
            hubs.push(v);
        }
        segs.reverse();
        hubs.reverse();
        Some((self.dist[t], segs, hubs))
    }
}

/// Options of [`route_itineraries`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItineraryOptions {
    /// Segment cost (default: geodesic length).
    pub weighting: Weighting,
    /// Respect one-way segments (default: `true` when the network has any).
    pub directed: Option<bool>,
    /// Largest distance from a point or GeoNames place to the hub it resolves to (metres,
    /// default 100 000).
    pub max_hub_distance_m: f64,
}

impl Default for ItineraryOptions {
    fn default() -> Self {
        Self {
            weighting: Weighting::Length,
            directed: None,
            max_hub_distance_m: 100_000.0,
        }
    }
}

/// One itinerary routed through the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoutedItinerary {
    /// Index of the itinerary in the input slice.
    pub case_index: usize,
    /// Each stop's resolution (`None` where it could not be resolved; see the diagnostics).
    pub stops: Vec<Option<ResolvedStop>>,
    /// Segments of the route, in travel order (a segment may repeat if the route does).
    pub segments: Vec<usize>,
    /// Hubs of the route in travel order, intermediate hubs included.
    pub hubs: Vec<usize>,
    /// Total cost under the weighting.
    pub cost: f64,
    /// First and last resolved hub.
    pub origin_destination: Option<(usize, usize)>,
    /// Victims in the case.
    pub victims: u32,
    /// Earliest stop date.
    pub date: Option<Date>,
}

/// Resolves and routes every itinerary (in parallel; the result is in input order and does
/// not depend on the number of threads). Unresolvable stops and unreachable legs are
/// returned as diagnostics (file line of the stop) and skipped.
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
/// let (routed, diags) = route_itineraries(&net, &Gazetteer::new(&net), &[it], &ItineraryOptions::default()).unwrap();
/// assert!(diags.is_empty());
/// assert_eq!(routed[0].segments.len(), 2);
/// assert_eq!(routed[0].hubs, vec![0, 1, 2]);
/// ```
///
/// # Errors
/// Only when the weighting cannot be computed for the network.
pub fn route_itineraries(
    net: &Network,
    gazetteer: &Gazetteer,
    itineraries: &[Itinerary],
    opts: &ItineraryOptions,
) -> Result<(Vec<RoutedItinerary>, Vec<Diagnostic>)> {
    let weights = opts.weighting.weights(net)?;
    let csr = Csr::new(
        net,
        &weights,
        opts.directed.unwrap_or_else(|| net.has_oneway()),
    );
    let n = net.hub_count();
    let out: Vec<(RoutedItinerary, Vec<Diagnostic>)> = itineraries
        .par_iter()
        .enumerate()
        .map_init(
            || PathWorkspace::new(n),
            |ws, (i, it)| {
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
                if let Some(&first) = seq.first() {
                    hubs.push(first);
                }
                for w in seq.windows(2) {
                    match ws.path(&csr, w[0], w[1]) {
                        Some((c, s, h)) => {
                            cost += c;
                            segments.extend(s);
                            if hubs.last() != Some(&h[0]) {
                                hubs.push(h[0]);
                            }
                            hubs.extend(&h[1..]);
                        }
                        None => diags.push(Diagnostic::error(
                            ProblemKind::Disconnected,
                            SourceLocation::line(
                                "itineraries",
                                it.stops.first().map_or(0, |s| s.line),
                            )
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
                };
                (routed, diags)
            },
        )
        .collect();
    let mut routed = Vec::with_capacity(out.len());
    let mut diags = Vec::new();
    for (r, d) in out {
        routed.push(r);
        diags.extend(d);
    }
    Ok((routed, diags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Hub, HubKind, Mode, NetworkBuilder, SegmentSpec};

    /// Brute force: enumerate simple paths on a tiny graph.
    #[test]
    fn dijkstra_picks_cheaper_parallel_segment_and_matches_brute_force() {
        let mut b = NetworkBuilder::new();
        for (i, (x, y)) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
            .iter()
            .enumerate()
        {
            b.add_hub(Hub::new(format!("h{i}").as_str(), HubKind::Transit, *x, *y));
        }
        b.add_segment(SegmentSpec::between("r01", "h0", "h1"));
        b.add_segment(SegmentSpec::between("t01", "h0", "h1").with_mode(Mode::Rail));
        b.add_segment(SegmentSpec::between("s12", "h1", "h2"));
        b.add_segment(SegmentSpec::between("s23", "h2", "h3"));
        b.add_segment(SegmentSpec::between("s30", "h3", "h0"));
        let (net, _) = b.build().unwrap();
        // rail is cheaper than road between h0 and h1
        let w = vec![5.0, 2.0, 1.0, 1.0, 10.0];
        let csr = Csr::new(&net, &w, false);
        let mut ws = PathWorkspace::new(net.hub_count());
        let (c, segs, hubs) = ws.path(&csr, 0, 2).unwrap();
        assert_eq!(c, 3.0);
        assert_eq!(segs, vec![1, 2]);
        assert_eq!(hubs, vec![0, 1, 2]);
        // workspace reuse gives the same answers as a fresh one
        for s in 0..4 {
            for t in 0..4 {
                let a = ws.path(&csr, s, t).map(|p| p.0);
                let b = PathWorkspace::new(4).path(&csr, s, t).map(|p| p.0);
                assert_eq!(a, b);
            }
        }
        let (c, segs, _) = ws.path(&csr, 0, 3).unwrap();
        assert_eq!((c, segs), (4.0, vec![1, 2, 3]));
    }
}
