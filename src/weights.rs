//! Segment weights: length, travel time or any numeric property.
//!
//! A weight is a cost (an impedance): lower is easier to travel. Demand or case counts are
//! never weights; they are passed separately to the algorithms that use them.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::network::{Csr, Mode, Network, Segment};

/// Default travel speeds per mode in km/h, used when a segment has neither `minutes` nor
/// `speed_kmh`.
///
/// The defaults are deliberately plain: road 60 (federal highways with towns and checkpoints),
/// rail 20 (freight trains ridden by migrants are slow and stop often), river 8, sea 25,
/// air 600, foot 4, other 30. Override any of them with [`Speeds::set`].
///
/// ```
/// use corridors::{Mode, Speeds};
/// let s = Speeds::default().set(Mode::Rail, 30.0);
/// assert_eq!(s.get(Mode::Rail), 30.0);
/// assert_eq!(s.get(Mode::Road), 60.0);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speeds {
    per_mode: BTreeMap<Mode, f64>,
}

impl Default for Speeds {
    fn default() -> Self {
        let per_mode = [
            (Mode::Road, 60.0),
            (Mode::Rail, 20.0),
            (Mode::River, 8.0),
            (Mode::Sea, 25.0),
            (Mode::Air, 600.0),
            (Mode::Foot, 4.0),
            (Mode::Other, 30.0),
        ]
        .into_iter()
        .collect();
        Self { per_mode }
    }
}

impl Speeds {
    /// Sets the speed of one mode (km/h).
    pub fn set(mut self, mode: Mode, kmh: f64) -> Self {
        self.per_mode.insert(mode, kmh);
        self
    }

    /// Speed of a mode in km/h.
    pub fn get(&self, mode: Mode) -> f64 {
        self.per_mode.get(&mode).copied().unwrap_or(30.0)
    }
}

/// Which cost a segment has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// Length in metres.
    Length,
    /// Travel time in minutes (the default): the segment's `minutes`, else its length at `speed_kmh`, else
    /// its length at the default speed of its mode.
    Minutes(Speeds),
    /// A numeric segment property (must be present, finite and ≥ 0 on every segment).
    Property(String),
}

/// "did you mean minutes?" for near misses of the built-in weights, and the numeric
/// properties the segment does have.
fn weight_hint(name: &str, seg: &Segment) -> String {
    let n = name.trim().to_ascii_lowercase();
    let builtin = if [
        "minute",
        "min",
        "mins",
        "travel_time",
        "traveltime",
        "duration",
        "time_min",
    ]
    .contains(&n.as_str())
    {
        Some("minutes")
    } else if [
        "len",
        "lenght",
        "distance",
        "length_km",
        "metres",
        "meters",
        "dist",
    ]
    .contains(&n.as_str())
    {
        Some("length")
    } else {
        None
    };
    let numeric: Vec<&str> = seg
        .properties
        .iter()
        .filter(|(_, v)| v.is_number())
        .map(|(k, _)| k.as_str())
        .collect();
    let mut hint = String::new();
    if let Some(b) = builtin {
        hint.push_str(&format!("; did you mean {b}?"));
    }
    hint.push_str(if numeric.is_empty() {
        " (the built-in weights are minutes and length; this segment has no numeric property)"
    } else {
        " (the built-in weights are minutes and length; numeric properties here: "
    });
    if !numeric.is_empty() {
        hint.push_str(&numeric.join(", "));
        hint.push(')');
    }
    hint
}

impl Default for Weighting {
    /// Travel time in minutes at the default speeds: people choose routes by time, and a
    /// rail line a few kilometres shorter than the road beside it is not faster.
    fn default() -> Self {
        Weighting::Minutes(Speeds::default())
    }
}

impl FromStr for Weighting {
    type Err = Error;

    /// `length` (or `length_m`), `minutes` (or `time`), or the name of a numeric property.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "" => Err(Error::invalid("weighting", "empty weight name")),
            "length" | "length_m" => Ok(Weighting::Length),
            "minutes" | "time" => Ok(Weighting::Minutes(Speeds::default())),
            p => Ok(Weighting::Property(p.to_string())),
        }
    }
}

impl fmt::Display for Weighting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Weighting::Length => f.write_str("length_m"),
            Weighting::Minutes(_) => f.write_str("minutes"),
            Weighting::Property(p) => f.write_str(p),
        }
    }
}

impl Weighting {
    /// The weight of one segment.
    ///
    /// # Errors
    /// [`Error::Weight`] naming the segment when the value is missing, not a number, negative
    /// or not finite.
    pub fn of(&self, seg: &Segment) -> Result<f64> {
        let bad = |reason: String| Error::Weight {
            segment: seg.id.as_key(),
            reason,
        };
        let w = match self {
            Weighting::Length => seg.length_m,
            Weighting::Minutes(speeds) => match (seg.minutes, seg.speed_kmh) {
                (Some(m), _) => m,
                (None, Some(v)) => seg.length_m / 1000.0 / v * 60.0,
                (None, None) => {
                    let v = speeds.get(seg.mode);
                    if !(v.is_finite() && v > 0.0) {
                        return Err(bad(format!("default speed for {} is {v} km/h", seg.mode)));
                    }
                    seg.length_m / 1000.0 / v * 60.0
                }
            },
            Weighting::Property(name) => match seg.properties.get(name) {
                None | Some(serde_json::Value::Null) => {
                    return Err(bad(format!(
                        "has no property {name:?} to use as weight{}",
                        weight_hint(name, seg)
                    )));
                }
                Some(v) => v
                    .as_f64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse::<f64>().ok()))
                    .ok_or_else(|| bad(format!("property {name:?} is not a number: {v}")))?,
            },
        };
        if !(w.is_finite() && w >= 0.0) {
            return Err(bad(format!(
                "weight {self} must be finite and ≥ 0, got {w}"
            )));
        }
        Ok(w)
    }

    /// One weight per segment of `net`, in segment order.
    ///
    /// # Arguments
    /// * `net`: the network.
    ///
    /// # Returns
    /// `net.segment_count()` finite weights ≥ 0.
    ///
    /// # Complexity
    /// `O(m)`.
    ///
    /// # Example
    /// A segment with its own speed is timed at that speed:
    /// ```
    /// use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec, Weighting};
    /// let mut b = NetworkBuilder::new();
    /// b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
    /// b.add_hub(Hub::new("b", HubKind::Transit, -92.0, 16.0));
    /// let mut s = SegmentSpec::between("ab", "a", "b");
    /// s.speed_kmh = Some(55.332);
    /// b.add_segment(s);
    /// let (net, _) = b.build().unwrap();
    /// let minutes = Weighting::Minutes(Default::default()).weights(&net).unwrap();
    /// assert!((minutes[0] - 120.0).abs() < 0.5); // ~110.66 km at 55.332 km/h
    /// assert!("lanes".parse::<Weighting>().unwrap().weights(&net).is_err());
    /// ```
    ///
    /// # Errors
    /// The first segment without a valid weight (see [`Weighting::of`]).
    pub fn weights(&self, net: &Network) -> Result<Vec<f64>> {
        net.segments().map(|s| self.of(s)).collect()
    }
}

/// Whether segments are travelled one way when they say `oneway`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Directed when any segment of the network is `oneway` (those one way, others both
    /// ways), undirected otherwise.
    #[default]
    Auto,
    /// Directed: `oneway` segments are travelled one way only.
    Directed,
    /// Every segment is two-way, `oneway` or not.
    Undirected,
}

/// Default cost of crossing an international border: 12 hours (720 minutes).
///
/// People moved without papers avoid official crossings; a route that leaves a country and
/// re-enters it crosses twice. The penalty is added to every segment whose end hubs lie in
/// different countries ([`Hub::country`](crate::Hub::country)); see [`Costing::border_penalty_minutes`].
pub const DEFAULT_BORDER_PENALTY_MINUTES: f64 = 720.0;

/// How a route is costed: the segment cost, the direction of travel, the cost of crossing a
/// border and the hubs no route may use. Every option struct that costs routes (centrality,
/// routing, siting, itineraries, corridors) holds one.
///
/// ```
/// use corridors::weights::{Costing, Direction};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let c = Costing { weighting: "length".parse()?, ..Default::default() };
/// assert!(!c.directed(&net)); // no one-way segment
/// assert_eq!(c.weights(&net)?.len(), 2);
/// assert_eq!(c.csr(&net)?.node_count(), 3);
/// assert_eq!(Costing::default().weighting.to_string(), "minutes");
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Costing {
    /// Segment cost (default: travel time in minutes).
    pub weighting: Weighting,
    /// Direction of travel (default: [`Direction::Auto`]).
    pub direction: Direction,
    /// Cost of crossing an international border, in minutes (default
    /// [`DEFAULT_BORDER_PENALTY_MINUTES`]; `0` to switch it off). It is added to each
    /// segment whose two end hubs have different [`Hub::country`](crate::Hub::country)
    /// codes (hubs without a country never trigger it). With [`Weighting::Length`] it is
    /// converted at 60 km/h (one minute costs 1,000 m); a [`Weighting::Property`] has no
    /// known unit, so the penalty is not applied to it.
    pub border_penalty_minutes: f64,
    /// Hubs no route may pass through or end at: hub references (ids, names, `kind:KIND`,
    /// `country:CC`; see [`Network::resolve_hubs`]). Their segments are closed.
    pub avoid: Vec<String>,
}

impl Default for Costing {
    fn default() -> Self {
        Self::new(Weighting::default())
    }
}

impl Costing {
    /// A costing with [`Direction::Auto`], the default border penalty and nothing avoided.
    pub fn new(weighting: Weighting) -> Self {
        Self {
            weighting,
            direction: Direction::Auto,
            border_penalty_minutes: DEFAULT_BORDER_PENALTY_MINUTES,
            avoid: Vec::new(),
        }
    }

    /// The same costing with another border penalty (minutes; `0` switches it off).
    pub fn with_border_penalty(mut self, minutes: f64) -> Self {
        self.border_penalty_minutes = minutes;
        self
    }

    /// The same costing with hubs to avoid (hub references).
    pub fn avoiding<S: Into<String>>(mut self, references: impl IntoIterator<Item = S>) -> Self {
        self.avoid.extend(references.into_iter().map(Into::into));
        self
    }

    /// The border penalty in the unit of the weighting (`0` for property weights).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`border_penalty_minutes`) when it is negative or not finite.
    pub fn border_penalty(&self) -> Result<f64> {
        let p = self.border_penalty_minutes;
        if !(p.is_finite() && p >= 0.0) {
            return Err(Error::invalid(
                "border_penalty_minutes",
                format!("must be finite and ≥ 0, got {p}"),
            ));
        }
        Ok(match self.weighting {
            Weighting::Minutes(_) => p,
            Weighting::Length => p * 1000.0,
            Weighting::Property(_) => 0.0,
        })
    }

    /// Which hubs [`Costing::avoid`] closes on `net` (one flag per hub).
    ///
    /// # Errors
    /// [`Error::UnknownHub`] for a reference that names no hub.
    pub fn avoided(&self, net: &Network) -> Result<Vec<bool>> {
        let mut closed = vec![false; net.hub_count()];
        for i in net.resolve_hub_list(&self.avoid)? {
            closed[i] = true;
        }
        Ok(closed)
    }

    /// Whether routes on `net` respect one-way segments: `Directed` always, `Undirected`
    /// never, `Auto` when any segment is one-way (`O(m)` for `Auto`, `O(1)` otherwise).
    pub fn directed(&self, net: &Network) -> bool {
        match self.direction {
            Direction::Auto => net.has_oneway(),
            Direction::Directed => true,
            Direction::Undirected => false,
        }
    }

    /// One cost per segment of `net`, in segment order: [`Weighting::weights`], plus the
    /// border penalty on segments between hubs of different countries, and `+∞` (closed) on
    /// segments touching an avoided hub.
    ///
    /// # Arguments
    /// * `net`: the network.
    ///
    /// # Returns
    /// `net.segment_count()` costs ≥ 0, finite except for closed segments.
    ///
    /// # Complexity
    /// `O(m)`.
    ///
    /// # Errors
    /// [`Error::Weight`] for the first segment without a valid weight; [`Error::UnknownHub`]
    /// for an unknown avoided hub; [`Error::InvalidArgument`] for a bad border penalty.
    ///
    /// # Example
    /// ```
    /// use corridors::{Costing, Weighting};
    /// let mut net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let length = Costing::new(Weighting::Length);
    /// let w = length.weights(&net)?;
    /// assert_eq!(w, [net.segment(0).length_m, net.segment(1).length_m]);
    /// assert!(Costing::new("lanes".parse()?).weights(&net).is_err());
    /// // closing c closes b–c
    /// assert!(length.clone().avoiding(["c"]).weights(&net)?[1].is_infinite());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn weights(&self, net: &Network) -> Result<Vec<f64>> {
        let mut w = self.weighting.weights(net)?;
        let penalty = self.border_penalty()?;
        let closed = self.avoided(net)?;
        if penalty == 0.0 && !closed.contains(&true) {
            return Ok(w);
        }
        let countries: Vec<Option<String>> = if penalty > 0.0 {
            net.hubs().map(|h| h.country()).collect()
        } else {
            vec![None; net.hub_count()]
        };
        for (e, w) in w.iter_mut().enumerate() {
            let (a, b) = net.endpoints(e);
            if closed[a] || closed[b] {
                *w = f64::INFINITY;
            } else if let (Some(ca), Some(cb)) = (&countries[a], &countries[b])
                && ca != cb
            {
                *w += penalty;
            }
        }
        Ok(w)
    }

    /// The compact adjacency of `net` under this costing.
    ///
    /// # Arguments
    /// * `net`: the network.
    ///
    /// # Returns
    /// A [`Csr`] with one arc per direction each segment can be travelled.
    ///
    /// # Complexity
    /// `O(n + m)`.
    ///
    /// # Errors
    /// [`Error::Weight`] for the first segment without a valid weight.
    ///
    /// # Example
    /// ```
    /// use corridors::{Costing, Direction, Weighting};
    /// let net = corridors::fixtures::path(&["a", "b"]);
    /// let both_ways = Costing::new(Weighting::Length).csr(&net)?;
    /// assert_eq!(both_ways.arcs(1).count(), 1); // b -> a
    /// let forced = Costing { direction: Direction::Directed, ..Costing::new(Weighting::Length) };
    /// assert_eq!(forced.csr(&net)?.node_count(), 2);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn csr(&self, net: &Network) -> Result<Csr> {
        let w = self.weights(net)?;
        Ok(Csr::new(net, &w, self.directed(net)))
    }

    /// The speeds for travel times in minutes: those of [`Weighting::Minutes`] when that is
    /// the weighting, else [`Speeds::default`].
    pub fn speeds(&self) -> Speeds {
        match &self.weighting {
            Weighting::Minutes(s) => s.clone(),
            _ => Speeds::default(),
        }
    }
}
