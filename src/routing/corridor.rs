//! Named corridors: hub sequences from the literature, resolved to segments of a network.

use serde::{Deserialize, Serialize};

use super::{Route, Router, RouterOptions};
use crate::error::{Error, Result};
use crate::network::{Mode, Network};
use crate::weights::Costing;

/// How much more a segment of another mode costs when a corridor prefers a mode: a rail
/// corridor follows rail wherever rail joins its stops, and takes a road only where no rail
/// segment does.
pub(crate) const OFF_MODE_PENALTY: f64 = 25.0;

/// A named corridor as written in `corridors.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Corridor {
    /// Short id (`gulf`, `central`, …).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Hub ids the corridor passes, in order (at least two).
    pub hubs: Vec<String>,
    /// Preferred travel mode (e.g. `rail` for the freight-rail route).
    #[serde(default)]
    pub mode: Option<Mode>,
    /// Where the sequence comes from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Whether the sequence is an approximation of the sources (it always is for
    /// hand-made corridors).
    #[serde(default)]
    pub approximate: bool,
    /// Free description.
    #[serde(default)]
    pub description: String,
}

/// The content of a `corridors.json` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorridorFile {
    /// Caveats that apply to the whole file.
    #[serde(default)]
    pub note: String,
    /// The corridors.
    pub corridors: Vec<Corridor>,
}

/// A corridor resolved to the segments of a network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolvedCorridor {
    /// The corridor as written.
    pub corridor: Corridor,
    /// The stops (hub indices of `corridor.hubs`).
    pub stops: Vec<usize>,
    /// The route through the stops: every hub and segment, length and merged geometry.
    /// Its `cost` is the length with off-mode segments penalised.
    pub route: Route,
    /// Share of the length on the preferred mode (1 when no mode is preferred).
    pub mode_share: f64,
}

/// Resolves each corridor to the shortest (by length) route through its hubs, preferring
/// segments of its `mode` (other modes cost 25× their length). One-way segments are
/// respected if the network has any.
///
/// # Arguments
/// * `net`: the network.
/// * `corridors`: the corridors, each with at least two hub ids (e.g. from
///   [`crate::io::corridors_json::read_corridors`]).
/// * `costing`: the base segment cost and direction ([`Costing::default`]: length,
///   directed when the network has one-way segments); segments off the corridor's mode
///   cost more on top of it.
///
/// # Returns
/// One [`ResolvedCorridor`] per corridor, in input order.
///
/// # Complexity
/// One router per corridor (`O(n + m)`) and one Dijkstra per consecutive pair of hubs:
/// `O(Σ h_c · (m + n log n))` for corridors of `h_c` hubs.
///
/// # Example
/// A road and a rail segment of equal length join `a` and `b`; the rail corridor takes
/// the rail:
/// ```text
///   a ==road== b
///   a ==rail== b
/// ```
/// ```
/// use corridors::routing::{Corridor, resolve_corridors};
/// use corridors::Mode;
/// let net = corridors::fixtures::road_and_rail();
/// let bestia = Corridor { id: "rail".into(), name: "Rail".into(), hubs: vec!["a".into(), "b".into()],
///     mode: Some(Mode::Rail), sources: vec![], approximate: true, description: String::new() };
/// let resolved = resolve_corridors(&net, &[bestia], &Default::default())?;
/// assert_eq!(resolved[0].route.segment_ids(&net), vec!["rail"]);
/// assert_eq!(resolved[0].mode_share, 1.0);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] naming the corridor when it has fewer than two hubs, names a
/// hub the network does not have, or has two consecutive hubs with no route between them;
/// [`Error::Weight`] when the costing has no valid value for a segment.
pub fn resolve_corridors(
    net: &Network,
    corridors: &[Corridor],
    costing: &Costing,
) -> Result<Vec<ResolvedCorridor>> {
    let lengths: Vec<f64> = costing.weights(net)?;
    let mut out = Vec::with_capacity(corridors.len());
    for c in corridors {
        let weights: Vec<f64> = net
            .segments()
            .zip(&lengths)
            .map(|(s, &l)| match c.mode {
                Some(m) if m != s.mode => l * OFF_MODE_PENALTY,
                _ => l,
            })
            .collect();
        let router = Router::with_weights(net, weights, &RouterOptions::new(costing.clone()))?;
        let stops = c
            .hubs
            .iter()
            .map(|id| {
                net.resolve_hub(id)
                    .map_err(|e| Error::invalid("corridors", format!("corridor {:?}: {e}", c.id)))
            })
            .collect::<Result<Vec<_>>>()?;
        if stops.len() < 2 {
            return Err(Error::invalid(
                "corridors",
                format!("corridor {:?}: needs at least two hubs", c.id),
            ));
        }
        let mut ws = router.workspace();
        let route = router.route_via(&mut ws, &stops, None).map_err(|u| {
            Error::invalid(
                "corridors",
                format!(
                    "corridor {:?}: no route from {:?} to {:?}",
                    c.id,
                    net.hub(u.from).id.as_key(),
                    net.hub(u.to).id.as_key()
                ),
            )
        })?;
        let on_mode: f64 = route
            .segments
            .iter()
            .filter(|&&e| c.mode.is_none_or(|m| net.segment(e).mode == m))
            .map(|&e| net.segment(e).length_m)
            .sum();
        let mode_share = if route.length_m > 0.0 {
            on_mode / route.length_m
        } else {
            1.0
        };
        out.push(ResolvedCorridor {
            corridor: c.clone(),
            stops,
            route,
            mode_share,
        });
    }
    Ok(out)
}

/// Share of `route`'s length that runs on segments of `corridor` (0 for an empty route).
///
/// # Arguments
/// * `net`: the network both were routed on (for segment lengths).
/// * `route`: any route, e.g. from [`Router::route`].
/// * `corridor`: a corridor from [`resolve_corridors`].
///
/// # Returns
/// A share in `[0, 1]`.
///
/// # Complexity
/// `O(r log r + c log c)` for a route of `r` and a corridor of `c` segments.
///
/// # Example
/// The corridor `a → b` covers half of the route `a → c`:
/// ```text
///   a ---- b ---- c
///   [corridor]
/// ```
/// ```
/// # use corridors::routing::{Corridor, Router, RouterOptions, resolve_corridors, route_overlap};
/// # let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let c = Corridor { id: "x".into(), name: "X".into(), hubs: vec!["a".into(), "b".into()],
///     mode: None, sources: vec![], approximate: true, description: String::new() };
/// let resolved = resolve_corridors(&net, &[c], &Default::default())?;
/// let router = Router::new(&net, &RouterOptions::default())?;
/// let r = router.route(&mut router.workspace(), 0, 2, None).unwrap();
/// let share = route_overlap(&net, &r, &resolved[0]);
/// assert!((share - 0.5).abs() < 0.01);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn route_overlap(net: &Network, route: &Route, corridor: &ResolvedCorridor) -> f64 {
    if route.length_m > 0.0 {
        route.shared_length_m(&corridor.route, net) / route.length_m
    } else {
        0.0
    }
}
