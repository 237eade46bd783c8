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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// Length in metres.
    #[default]
    Length,
    /// Travel time in minutes: the segment's `minutes`, else its length at `speed_kmh`, else
    /// its length at the default speed of its mode.
    Minutes(Speeds),
    /// A numeric segment property (must be present, finite and ≥ 0 on every segment).
    Property(String),
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
                    return Err(bad(format!("has no property {name:?} to use as weight")));
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

/// How a route is costed: the segment cost and the direction of travel. Every option struct
/// that costs routes (centrality, routing, siting, itineraries, corridors) holds one.
///
/// ```
/// use corridors::weights::{Costing, Direction};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let c = Costing { weighting: "minutes".parse()?, direction: Direction::Auto };
/// assert!(!c.directed(&net)); // no one-way segment
/// assert_eq!(c.weights(&net)?.len(), 2);
/// assert_eq!(c.csr(&net)?.node_count(), 3);
/// assert_eq!(Costing::default().weighting, corridors::Weighting::Length);
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Costing {
    /// Segment cost (default: length in metres).
    pub weighting: Weighting,
    /// Direction of travel (default: [`Direction::Auto`]).
    pub direction: Direction,
}

impl Costing {
    /// A costing with [`Direction::Auto`].
    pub fn new(weighting: Weighting) -> Self {
        Self {
            weighting,
            direction: Direction::Auto,
        }
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

    /// One cost per segment of `net`, in segment order ([`Weighting::weights`]).
    ///
    /// # Arguments
    /// * `net`: the network.
    ///
    /// # Returns
    /// `net.segment_count()` finite costs ≥ 0.
    ///
    /// # Complexity
    /// `O(m)`.
    ///
    /// # Errors
    /// [`Error::Weight`] for the first segment without a valid weight.
    ///
    /// # Example
    /// ```
    /// use corridors::Costing;
    /// let net = corridors::fixtures::path(&["a", "b"]);
    /// let w = Costing::default().weights(&net)?;
    /// assert_eq!(w, [net.segment(0).length_m]);
    /// assert!(Costing::new("lanes".parse()?).weights(&net).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn weights(&self, net: &Network) -> Result<Vec<f64>> {
        self.weighting.weights(net)
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
    /// let forced = Costing { weighting: Weighting::Length, direction: Direction::Directed };
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
