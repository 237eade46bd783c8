//! Routes between hubs: shortest route, route through stops, k alternative routes (Yen) and
//! named corridors.
//!
//! A [`Router`] holds the compact adjacency ([`Csr`]) of one weighting; a [`Workspace`] holds
//! the buffers of one search and is reused across queries. Routes carry both the hub sequence
//! and the segment sequence (segment ids tell parallel road and rail segments apart), the cost
//! under the weighting, the length in metres (geodesic, as the segments), the travel time in
//! minutes and the merged LineString. A pair with no route is a typed [`Unreachable`], not an
//! error.
//!
//! ```
//! use corridors::routing::{Router, RouterOptions};
//! //   b
//! //   | \
//! //   a--c     triangle: ab, bc and the direct ca
//! let net = corridors::fixtures::triangle();
//! let router = Router::new(&net, &RouterOptions::default())?;
//! let mut ws = router.workspace();
//! let (a, c) = (net.require_hub("a")?, net.require_hub("c")?);
//! let best = router.route(&mut ws, a, c, None).expect("connected");
//! assert_eq!(best.segment_ids(&net), vec!["ca"]);
//! let alternatives = router.k_routes(&mut ws, a, c, &Default::default(), None).unwrap();
//! assert_eq!(alternatives.len(), 2);
//! assert!(alternatives[0].cost <= alternatives[1].cost);
//! # Ok::<(), corridors::Error>(())
//! ```

mod corridor;
mod search;
mod yen;

use geo::{Coord, LineString};
use serde::{Deserialize, Serialize};

pub(crate) use corridor::OFF_MODE_PENALTY;
pub use corridor::{Corridor, CorridorFile, ResolvedCorridor, resolve_corridors, route_overlap};
pub use search::{Filter, Workspace};
pub use yen::KRoutesOptions;

use crate::error::{Error, Result};
use crate::network::{Csr, Network};
use crate::weights::{Costing, Weighting};

/// How routes are costed.
///
/// A route's `minutes` use the speeds of [`Weighting::Minutes`] when that is the weighting,
/// else [`Speeds::default`](crate::Speeds::default) ([`Costing::speeds`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RouterOptions {
    /// Segment cost (default: length in metres) and direction (default: directed when the
    /// network has any one-way segment).
    pub costing: Costing,
}

impl RouterOptions {
    /// Options with `costing`.
    pub fn new(costing: Costing) -> Self {
        Self { costing }
    }
}

/// A route: hubs and segments in travel order, with totals and geometry.
///
/// `cost` is the sum of the segment weights of the router's weighting, `length_m` the sum of
/// segment lengths (metres on the WGS84 ellipsoid) and `minutes` the sum of segment travel
/// times. The geometry is not serialised (write it with [`Route::geometry`] and
/// [`crate::map::line_geometry`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Route {
    /// Hub indices, from origin to destination (`segments.len() + 1` of them).
    pub hubs: Vec<usize>,
    /// Segment indices in travel order.
    pub segments: Vec<usize>,
    /// Total cost under the router's weighting.
    pub cost: f64,
    /// Total length in metres.
    pub length_m: f64,
    /// Total travel time in minutes.
    pub minutes: f64,
    /// Merged LineString from origin to destination (WGS84 lon/lat).
    #[serde(skip)]
    pub geometry: LineString<f64>,
}

impl Route {
    /// The countries the route passes through, in travel order, each stretch once (hubs
    /// without a [`country`](crate::Hub::country) are skipped).
    ///
    /// ```
    /// use corridors::routing::{Router, RouterOptions};
    /// let mut net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let router = Router::new(&net, &RouterOptions::default())?;
    /// let r = router.make_route(vec![0, 1, 2], vec![0, 1]);
    /// assert!(r.countries(&net).is_empty() && !r.reenters_country(&net));
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn countries(&self, net: &Network) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.hubs.iter().filter_map(|&h| net.hub(h).country()) {
            if out.last() != Some(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Whether the route leaves a country and enters it again (e.g. Mexico → Guatemala →
    /// Mexico): people without papers avoid such routes, so outputs flag them.
    pub fn reenters_country(&self, net: &Network) -> bool {
        let c = self.countries(net);
        c.iter().enumerate().any(|(i, x)| c[i + 1..].contains(x))
    }

    /// Hub ids in travel order.
    pub fn hub_ids(&self, net: &Network) -> Vec<String> {
        self.hubs.iter().map(|&i| net.hub(i).id.as_key()).collect()
    }

    /// Segment ids in travel order.
    pub fn segment_ids(&self, net: &Network) -> Vec<String> {
        self.segments
            .iter()
            .map(|&e| net.segment(e).id.as_key())
            .collect()
    }

    /// Length in metres of the segments this route shares with `other`.
    pub fn shared_length_m(&self, other: &Route, net: &Network) -> f64 {
        let mut mine = self.segments.clone();
        mine.sort_unstable();
        mine.dedup();
        let mut theirs = other.segments.clone();
        theirs.sort_unstable();
        theirs.dedup();
        mine.iter()
            .filter(|e| theirs.binary_search(e).is_ok())
            .map(|&e| net.segment(e).length_m)
            .sum()
    }
}

/// No route exists between two hubs (under the filter in force): a result, not an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreachable {
    /// Hub index the leg starts from.
    pub from: usize,
    /// Hub index the leg should reach.
    pub to: usize,
}

/// Shortest routes on one network under one weighting.
#[derive(Clone, Debug)]
pub struct Router<'a> {
    net: &'a Network,
    csr: Csr,
    weights: Vec<f64>,
    minutes: Vec<f64>,
}

impl<'a> Router<'a> {
    /// Prepares routing on `net`: the segment weights of `options.costing`, the travel
    /// minutes and the compact adjacency.
    ///
    /// # Arguments
    /// * `net`: the network (borrowed for the router's lifetime).
    /// * `options`: the costing (weighting and direction).
    ///
    /// # Returns
    /// A router; make one [`Workspace`] per thread with [`Router::workspace`].
    ///
    /// # Complexity
    /// `O(n + m)` time and memory.
    ///
    /// # Errors
    /// [`Error::Weight`] when the weighting has no valid value for a segment.
    ///
    /// # Example
    /// ```
    /// use corridors::routing::{Router, RouterOptions};
    /// use corridors::{Costing, Direction, Weighting};
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let costing = Costing { direction: Direction::Undirected, ..Costing::new(Weighting::Length) };
    /// let router = Router::new(&net, &RouterOptions::new(costing))?;
    /// assert_eq!(router.weights().len(), net.segment_count());
    /// // a segment property that no segment has is no weighting
    /// assert!(Router::new(&net, &RouterOptions::new(Costing::new("lanes".parse()?))).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn new(net: &'a Network, options: &RouterOptions) -> Result<Self> {
        let weights = options.costing.weights(net)?;
        Self::with_weights(net, weights, options)
    }

    /// Prepares routing on `net` with one weight per segment given by the caller
    /// (`options.costing.weighting` is then ignored).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `weights` does not have one non-negative value per
    /// segment, finite or `+∞` (a closed segment, see [`Costing::avoid`](crate::Costing::avoid)).
    pub fn with_weights(
        net: &'a Network,
        weights: Vec<f64>,
        options: &RouterOptions,
    ) -> Result<Self> {
        if weights.len() != net.segment_count() {
            return Err(Error::invalid(
                "weights",
                format!(
                    "{} weights for {} segments",
                    weights.len(),
                    net.segment_count()
                ),
            ));
        }
        if let Some(e) = weights
            .iter()
            .position(|w| w.is_nan() || *w < 0.0 || *w == f64::NEG_INFINITY)
        {
            return Err(Error::invalid(
                "weights",
                format!(
                    "segment {:?}: weight {} is not a non-negative number",
                    net.segment(e).id.as_key(),
                    weights[e]
                ),
            ));
        }
        let minutes = Weighting::Minutes(options.costing.speeds()).weights(net)?;
        let directed = options.costing.directed(net);
        Ok(Self {
            csr: Csr::new(net, &weights, directed),
            net,
            weights,
            minutes,
        })
    }

    /// The network routed on.
    pub fn network(&self) -> &'a Network {
        self.net
    }

    /// The adjacency (one arc per direction a segment can be travelled).
    pub fn csr(&self) -> &Csr {
        &self.csr
    }

    /// Weight of each segment (indexed like the segments).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// A workspace sized for this network.
    pub fn workspace(&self) -> Workspace {
        Workspace::new(self.net.hub_count())
    }

    /// Builds a [`Route`] (totals and merged geometry) from its hubs and segments.
    pub fn make_route(&self, hubs: Vec<usize>, segments: Vec<usize>) -> Route {
        let mut coords: Vec<Coord<f64>> = Vec::new();
        let (mut cost, mut length_m, mut minutes) = (0.0, 0.0, 0.0);
        for (k, &e) in segments.iter().enumerate() {
            let seg = self.net.segment(e);
            cost += self.weights[e];
            length_m += seg.length_m;
            minutes += self.minutes[e];
            let forward = self.net.endpoints(e).0 == hubs[k];
            let pts: Box<dyn Iterator<Item = &Coord<f64>>> = if forward {
                Box::new(seg.geometry.0.iter())
            } else {
                Box::new(seg.geometry.0.iter().rev())
            };
            for (j, c) in pts.enumerate() {
                // the first point of each later segment repeats the hub just reached
                if j == 0 && !coords.is_empty() {
                    continue;
                }
                coords.push(*c);
            }
        }
        if coords.is_empty()
            && let Some(&h) = hubs.first()
        {
            coords.push(self.net.hub(h).location.0);
        }
        Route {
            hubs,
            segments,
            cost,
            length_m,
            minutes,
            geometry: LineString::new(coords),
        }
    }

    /// Shortest route from hub `from` to hub `to`, avoiding what `filter` removes
    /// (Dijkstra, stopped once `to` is settled; ties go to the first arc found, so the
    /// result is deterministic).
    ///
    /// # Arguments
    /// * `ws`: reusable search buffers from [`Router::workspace`].
    /// * `from`, `to`: hub indices.
    /// * `filter`: hubs and segments to avoid (`None`: the whole network).
    ///
    /// # Returns
    /// The [`Route`], or [`Unreachable`] when no route exists under the filter.
    ///
    /// # Complexity
    /// `O(m + n log n)` time, no allocation besides the returned route.
    ///
    /// # Panics
    /// If a hub index is out of range.
    ///
    /// # Example
    /// ```
    /// use corridors::routing::{Filter, Router, RouterOptions};
    /// //   b
    /// //   | \
    /// //   a--c
    /// let net = corridors::fixtures::triangle();
    /// let router = Router::new(&net, &RouterOptions::default())?;
    /// let mut ws = router.workspace();
    /// let direct = router.route(&mut ws, 0, 2, None).unwrap();
    /// assert_eq!(direct.hub_ids(&net), ["a", "c"]);
    /// let detour = router.route(&mut ws, 0, 2, Some(&Filter::from_ids(&net, &["ca"])?)).unwrap();
    /// assert_eq!(detour.hub_ids(&net), ["a", "b", "c"]);
    /// assert!(detour.length_m > direct.length_m);
    /// assert!(router.route(&mut ws, 0, 2, Some(&Filter::from_ids(&net, &["c"])?)).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn route(
        &self,
        ws: &mut Workspace,
        from: usize,
        to: usize,
        filter: Option<&Filter>,
    ) -> std::result::Result<Route, Unreachable> {
        let unreachable = Unreachable { from, to };
        if let Some(f) = filter
            && (f.hub_removed(from) || f.hub_removed(to))
        {
            return Err(unreachable);
        }
        match filter {
            Some(f) => ws.run(&self.csr, from, Some(to), |v, e| {
                f.hub_removed(v) || f.segment_removed(e)
            }),
            None => ws.run(&self.csr, from, Some(to), |_, _| false),
        }
        let (hubs, segs) = ws.path_to(to).ok_or(unreachable)?;
        Ok(self.make_route(hubs, segs))
    }

    /// Shortest route through `stops` in order (origin, intermediate stops, destination):
    /// the concatenation of the shortest legs. The first unreachable leg is returned as
    /// [`Unreachable`].
    ///
    /// # Arguments
    /// * `ws`: reusable search buffers from [`Router::workspace`].
    /// * `stops`: hub indices in travel order (see [`Router::stops`] to resolve ids); fewer
    ///   than two give a route of at most one hub and no segment.
    /// * `filter`: hubs and segments to avoid.
    ///
    /// # Returns
    /// One [`Route`] through every stop, or the first unreachable leg.
    ///
    /// # Complexity
    /// One [`Router::route`] per leg: `O(s (m + n log n))` for `s` stops.
    ///
    /// # Panics
    /// If a hub index is out of range.
    ///
    /// # Example
    /// ```
    /// use corridors::routing::{Router, RouterOptions};
    /// let net = corridors::fixtures::triangle();
    /// let router = Router::new(&net, &RouterOptions::default())?;
    /// let stops = router.stops(&["a", "b", "c"])?;
    /// let r = router.route_via(&mut router.workspace(), &stops, None).unwrap();
    /// assert_eq!(r.segment_ids(&net), ["ab", "bc"]);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn route_via(
        &self,
        ws: &mut Workspace,
        stops: &[usize],
        filter: Option<&Filter>,
    ) -> std::result::Result<Route, Unreachable> {
        let mut hubs: Vec<usize> = stops.iter().take(1).copied().collect();
        let mut segs = Vec::new();
        for leg in stops.windows(2) {
            let r = self.route(ws, leg[0], leg[1], filter)?;
            hubs.extend_from_slice(&r.hubs[1..]);
            segs.extend_from_slice(&r.segments);
        }
        Ok(self.make_route(hubs, segs))
    }

    /// Resolves hub references (origin, stops…, destination: ids or names, see
    /// [`Network::resolve_hub`]) to indices.
    ///
    /// # Errors
    /// [`Error::UnknownHub`] for the first reference that names no hub (with suggestions),
    /// and [`Error::InvalidArgument`] for fewer than two stops or a reference naming
    /// several hubs.
    ///
    /// # Complexity
    /// One hash lookup per id; `O(n)` per name.
    ///
    /// # Example
    /// ```
    /// use corridors::routing::{Router, RouterOptions};
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let router = Router::new(&net, &RouterOptions::default())?;
    /// assert_eq!(router.stops(&["c", "A"])?, [2, 0]);
    /// assert!(router.stops(&["a", "atlantis"]).is_err());
    /// assert!(router.stops(&["a"]).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn stops<S: AsRef<str>>(&self, ids: &[S]) -> Result<Vec<usize>> {
        if ids.len() < 2 {
            return Err(Error::invalid(
                "ids",
                "a route needs an origin and a destination",
            ));
        }
        ids.iter()
            .map(|s| self.net.resolve_hub(s.as_ref()))
            .collect()
    }
}
