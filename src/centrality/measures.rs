//! Which centrality measures a run computes (`--measures betweenness,edge,closeness,harmonic`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A set of centrality measures: hub betweenness, segment (edge) betweenness, closeness and
/// harmonic centrality.
///
/// The measures fall into two computations of very different cost: hub and segment
/// betweenness come out of one Brandes pass (or one set of sampled paths), closeness and
/// harmonic centrality out of one full Dijkstra per hub (or per sampled source). A caller
/// runs [`betweenness`](super::betweenness) / [`sampled_betweenness`](super::sampled_betweenness)
/// only when [`Measures::needs_betweenness`] and [`closeness`](super::closeness) /
/// [`sampled_closeness`](super::sampled_closeness) only when [`Measures::needs_distances`], so a
/// sampled betweenness run never pays for `n` full Dijkstra runs it was not asked for.
///
/// Parsed from a comma-separated list of `betweenness`, `edge`, `closeness`, `harmonic`
/// (or `all`); the default is all four.
///
/// ```
/// use corridors::centrality::Measures;
/// let m: Measures = "betweenness, harmonic".parse()?;
/// assert!(m.betweenness && m.harmonic && !m.edge && !m.closeness);
/// assert!(m.needs_betweenness() && m.needs_distances());
/// assert_eq!(m.to_string(), "betweenness,harmonic");
/// assert_eq!(Measures::default(), "all".parse()?);
/// assert!("pagerank".parse::<Measures>().is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Measures {
    /// Hub betweenness.
    pub betweenness: bool,
    /// Segment (edge) betweenness.
    pub edge: bool,
    /// Closeness (Wasserman–Faust improved).
    pub closeness: bool,
    /// Harmonic centrality.
    pub harmonic: bool,
}

impl Measures {
    /// All four measures.
    pub const ALL: Measures = Measures {
        betweenness: true,
        edge: true,
        closeness: true,
        harmonic: true,
    };

    /// No measure (the start of a set built by hand).
    pub const NONE: Measures = Measures {
        betweenness: false,
        edge: false,
        closeness: false,
        harmonic: false,
    };

    /// The names accepted by [`FromStr`], in output order.
    pub const NAMES: [&'static str; 4] = ["betweenness", "edge", "closeness", "harmonic"];

    /// Whether hub or segment betweenness is asked for (one shortest-path sampling or
    /// Brandes pass gives both).
    pub fn needs_betweenness(&self) -> bool {
        self.betweenness || self.edge
    }

    /// Whether closeness or harmonic centrality is asked for (one full single-source
    /// search per hub, or per sampled source, gives both).
    pub fn needs_distances(&self) -> bool {
        self.closeness || self.harmonic
    }

    fn flags(&self) -> [bool; 4] {
        [self.betweenness, self.edge, self.closeness, self.harmonic]
    }
}

impl Default for Measures {
    fn default() -> Self {
        Measures::ALL
    }
}

impl FromStr for Measures {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let mut m = Measures::NONE;
        for name in s.split(',').map(str::trim).filter(|x| !x.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "all" => m = Measures::ALL,
                "betweenness" => m.betweenness = true,
                "edge" | "edge_betweenness" => m.edge = true,
                "closeness" => m.closeness = true,
                "harmonic" => m.harmonic = true,
                other => {
                    return Err(Error::invalid(
                        "measures",
                        format!(
                            "unknown measure {other:?}; expected a comma-separated list of \
                             betweenness, edge, closeness, harmonic (or all)"
                        ),
                    ));
                }
            }
        }
        if m == Measures::NONE {
            return Err(Error::invalid(
                "measures",
                "no measure given; expected betweenness, edge, closeness, harmonic (or all)",
            ));
        }
        Ok(m)
    }
}

impl fmt::Display for Measures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Measures::NAMES
            .iter()
            .zip(self.flags())
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect();
        f.write_str(&names.join(","))
    }
}
