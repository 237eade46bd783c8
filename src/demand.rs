//! Origin → destination demand between hubs: the one demand type of the crate, taken as
//! `&OdDemand` by every function that needs demand (OD betweenness, siting, what-ifs).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::network::Network;

/// Demand between two hubs (e.g. people per year, or 1 per pair), by hub index: the one OD
/// pair type of the crate (centrality, planning and the demand reader all use it).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OdPair {
    /// Origin hub index.
    pub origin: usize,
    /// Destination hub index.
    pub destination: usize,
    /// Demand (finite, ≥ 0). It is never a routing cost.
    pub demand: f64,
}

impl OdPair {
    /// A pair.
    ///
    /// ```
    /// let p = corridors::demand::OdPair::new(0, 1, 2.5);
    /// assert_eq!((p.origin, p.destination, p.demand), (0, 1, 2.5));
    /// ```
    pub fn new(origin: usize, destination: usize, demand: f64) -> Self {
        Self {
            origin,
            destination,
            demand,
        }
    }
}

/// Validated demand between hubs: [`OdPair`]s by hub index.
///
/// Pairs with `origin == destination` or zero demand carry nothing and are dropped. Build
/// it from hub ids or `kind:KIND` selectors ([`OdDemand::between`]), from hub indices
/// ([`OdDemand::between_indices`]), from triples ([`OdDemand::from_pairs`],
/// [`OdDemand::from_ids`]), from a function ([`OdDemand::from_fn`]) or from a CSV file
/// ([`crate::io::csv::read_demand`]). Every function that needs demand takes
/// `&OdDemand`.
///
/// ```
/// use corridors::demand::{OdDemand, OdPair};
/// let net = corridors::fixtures::triangle(); // a (entry), b, c (border crossing)
/// let d = OdDemand::between(&net, &["a"], &["a", "b"])?;
/// assert_eq!(d.pairs(), &[OdPair::new(0, 1, 1.0)]);
/// let k = OdDemand::between(&net, &["kind:entry"], &["kind:border_crossing"])?;
/// assert_eq!(k.pairs(), &[OdPair::new(0, 2, 1.0)]);
/// assert_eq!(OdDemand::between_indices(&net, &[1, 0], &[0, 2])?.len(), 3);
/// assert!(OdDemand::between(&net, &["a"], &["nowhere"]).is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OdDemand {
    pairs: Vec<OdPair>,
}

impl OdDemand {
    /// Demand from index triples.
    ///
    /// # Arguments
    /// * `net`: the network the indices refer to.
    /// * `pairs`: `(origin, destination, demand)` by hub index, demand finite and ≥ 0.
    ///
    /// # Returns
    /// The demand sorted by (origin, destination), repeats added up, empty pairs dropped.
    ///
    /// # Complexity
    /// `O(q log q)` for `q` triples.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an index out of range or a demand that is negative or
    /// not finite.
    ///
    /// # Example
    /// ```
    /// use corridors::demand::{OdDemand, OdPair};
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let d = OdDemand::from_pairs(&net, [(2, 0, 1.0), (0, 2, 3.0), (0, 2, 1.0), (1, 1, 9.0)])?;
    /// assert_eq!(d.pairs(), &[OdPair::new(0, 2, 4.0), OdPair::new(2, 0, 1.0)]);
    /// assert!(OdDemand::from_pairs(&net, [(0, 3, 1.0)]).is_err());
    /// assert!(OdDemand::from_pairs(&net, [(0, 1, -1.0)]).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn from_pairs(
        net: &Network,
        pairs: impl IntoIterator<Item = (usize, usize, f64)>,
    ) -> Result<Self> {
        let n = net.hub_count();
        let mut v: Vec<OdPair> = Vec::new();
        for (s, t, d) in pairs {
            if s >= n || t >= n {
                return Err(Error::invalid(
                    "pairs",
                    format!("hub index {} out of range (network has {n} hubs)", s.max(t)),
                ));
            }
            if !(d.is_finite() && d >= 0.0) {
                return Err(Error::invalid(
                    "pairs",
                    format!(
                        "demand from {:?} to {:?} must be finite and ≥ 0, got {d}",
                        net.hub(s).id.as_key(),
                        net.hub(t).id.as_key()
                    ),
                ));
            }
            if s != t && d > 0.0 {
                v.push(OdPair::new(s, t, d));
            }
        }
        // Sort and merge repeats: one entry per pair, in a fixed order, whatever the input
        // order (repeats are added in input order: stable sort).
        v.sort_by_key(|p| (p.origin, p.destination));
        let mut merged: Vec<OdPair> = Vec::with_capacity(v.len());
        for p in v {
            match merged.last_mut() {
                Some(last) if (last.origin, last.destination) == (p.origin, p.destination) => {
                    last.demand += p.demand
                }
                _ => merged.push(p),
            }
        }
        Ok(Self { pairs: merged })
    }

    /// Demand 1 for every `source × target` pair (NetworkX `betweenness_centrality_subset`),
    /// sorted by (origin, destination), repeats added up. Each source or target is a hub
    /// reference ([`Network::resolve_hubs`]): an id, a name (case- and accent-insensitive),
    /// `kind:KIND` (e.g. `kind:border_crossing`), `country:CC`, `id:ID` or `name:NAME`;
    /// surrounding blanks are ignored.
    ///
    /// # Errors
    /// [`Error::UnknownHub`] (with "did you mean" suggestions) naming the first reference
    /// that names no hub, an unknown kind or a kind no hub has included.
    ///
    /// # Complexity
    /// `O(n)` per reference that is not an exact id, then `O(s t log(s t))` for `s` sources
    /// and `t` targets.
    ///
    /// # Example
    /// See [`OdDemand`].
    pub fn between<S: AsRef<str>, T: AsRef<str>>(
        net: &Network,
        sources: &[S],
        targets: &[T],
    ) -> Result<Self> {
        let s = ids(net, sources).map_err(named("sources"))?;
        let t = ids(net, targets).map_err(named("targets"))?;
        Self::from_pairs(
            net,
            s.iter().flat_map(|&a| t.iter().map(move |&b| (a, b, 1.0))),
        )
    }

    /// Demand from `(origin, destination, demand)` triples, each end one hub reference
    /// ([`Network::resolve_hub`]: an id, a unique name, `id:ID`, `name:NAME`).
    ///
    /// # Complexity
    /// As [`OdDemand::from_pairs`], plus one hash lookup per exact id (`O(n)` per name).
    ///
    /// # Errors
    /// [`Error::UnknownHub`] naming the reference, [`Error::InvalidArgument`] for a reference
    /// naming several hubs, or an invalid demand.
    ///
    /// # Example
    /// ```
    /// use corridors::OdDemand;
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let d = OdDemand::from_ids(&net, [("a", "c", 2.5), ("c", "a", 1.0)])?;
    /// assert_eq!((d.len(), d.total()), (2, 3.5));
    /// assert_eq!(OdDemand::from_ids(&net, [(" A", "c", 1.0)])?.len(), 1); // ids ignore case
    /// assert!(OdDemand::from_ids(&net, [("a", "atlantis", 1.0)]).is_err());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn from_ids<S: AsRef<str>>(
        net: &Network,
        triples: impl IntoIterator<Item = (S, S, f64)>,
    ) -> Result<Self> {
        let mut v = Vec::new();
        for (s, t, d) in triples {
            v.push((
                net.resolve_hub(s.as_ref())?,
                net.resolve_hub(t.as_ref())?,
                d,
            ));
        }
        Self::from_pairs(net, v).map_err(named("triples"))
    }

    /// Demand 1 for every pair `(s, t)` with `s` in `sources`, `t` in `targets` and `s ≠ t`,
    /// in the given order (sources outer, targets inner; no sorting, so sums over the pairs
    /// run in that order). Repeated indices are kept as given.
    ///
    /// # Complexity
    /// `O(s t)` for `s` sources and `t` targets.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an index out of range.
    ///
    /// # Example
    /// ```
    /// use corridors::demand::{OdDemand, OdPair};
    /// let net = corridors::fixtures::path(&["a", "b", "c"]);
    /// let d = OdDemand::between_indices(&net, &[2, 0], &[0, 1])?;
    /// assert_eq!(d.pairs(), &[OdPair::new(2, 0, 1.0), OdPair::new(2, 1, 1.0), OdPair::new(0, 1, 1.0)]);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn between_indices(net: &Network, sources: &[usize], targets: &[usize]) -> Result<Self> {
        let n = net.hub_count();
        for (name, indices) in [("sources", sources), ("targets", targets)] {
            if let Some(bad) = indices.iter().find(|&&i| i >= n) {
                return Err(Error::invalid(
                    name,
                    format!("hub index {bad} out of range (network has {n} hubs)"),
                ));
            }
        }
        let pairs = sources
            .iter()
            .flat_map(|&s| {
                targets
                    .iter()
                    .filter(move |&&t| t != s)
                    .map(move |&t| OdPair::new(s, t, 1.0))
            })
            .collect();
        Ok(Self { pairs })
    }

    /// Demand `f(origin, destination)` for every pair of distinct hubs (by index).
    ///
    /// # Complexity
    /// `O(n² log n)`: one call of `f` per ordered pair.
    ///
    /// # Errors
    /// As [`OdDemand::from_pairs`].
    ///
    /// # Example
    /// ```
    /// use corridors::OdDemand;
    /// let net = corridors::fixtures::triangle();
    /// let d = OdDemand::from_fn(&net, |s, t| if s == 0 { 2.0 } else { 0.0 })?;
    /// assert_eq!((d.len(), d.total()), (2, 4.0)); // a → b and a → c
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn from_fn(net: &Network, f: impl Fn(usize, usize) -> f64) -> Result<Self> {
        let n = net.hub_count();
        let mut v = Vec::new();
        for s in 0..n {
            for t in 0..n {
                if s != t {
                    v.push((s, t, f(s, t)));
                }
            }
        }
        Self::from_pairs(net, v).map_err(named("f"))
    }

    /// The pairs, without zero demand or `origin == destination`: sorted by (origin,
    /// destination) with repeats merged, except from [`OdDemand::between_indices`] (given
    /// order).
    pub fn pairs(&self) -> &[OdPair] {
        &self.pairs
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there is no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Total demand.
    pub fn total(&self) -> f64 {
        self.pairs.iter().map(|p| p.demand).sum()
    }

    /// The pairs grouped by origin (stable, so a sorted demand is borrowed as it is), the
    /// distinct origins and the range of each one's pairs.
    pub(crate) fn by_source(&self) -> BySource<'_> {
        let pairs: Cow<'_, [OdPair]> = if self.pairs.is_sorted_by_key(|p| p.origin) {
            Cow::Borrowed(&self.pairs)
        } else {
            let mut v = self.pairs.clone();
            v.sort_by_key(|p| p.origin);
            Cow::Owned(v)
        };
        let (sources, ranges) = source_ranges(&pairs, |p| p.origin as u32);
        (pairs, sources, ranges)
    }
}

/// Pairs grouped by origin, the distinct origins and each one's range of pairs.
pub(crate) type BySource<'a> = (Cow<'a, [OdPair]>, Vec<u32>, Vec<(usize, usize)>);

/// Renames an [`Error::InvalidArgument`] to the argument the public caller passed (a
/// selector error inside [`OdDemand::between`] concerns its `sources` or `targets`).
fn named(name: &'static str) -> impl Fn(Error) -> Error {
    move |e| match e {
        Error::InvalidArgument { reason, .. } => Error::invalid(name, reason),
        e => e,
    }
}

/// Hub indices of hub references, in the given order (a kind, a country or a shared name
/// expands to its hubs in index order); repeats are kept, so repeated references add up.
fn ids<S: AsRef<str>>(net: &Network, ids: &[S]) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for s in ids {
        out.extend(net.resolve_hubs(s.as_ref())?);
    }
    Ok(out)
}

/// The hubs one selector names, in index order: any hub reference of
/// [`Network::resolve_hubs`] (an id, a name, `kind:KIND`, `country:CC`, `id:`/`name:`).
///
/// ```
/// let net = corridors::fixtures::triangle();
/// assert_eq!(corridors::demand::select_hubs(&net, "b")?, vec![1]);
/// assert_eq!(corridors::demand::select_hubs(&net, "kind:entry")?, vec![0]);
/// assert!(corridors::demand::select_hubs(&net, "kind:origin").is_err()); // no such hub
/// assert!(corridors::demand::select_hubs(&net, "kind:castle").is_err());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::UnknownHub`] (with suggestions) when the selector names no hub: an unknown id,
/// name or kind, or a kind no hub of the network has.
pub fn select_hubs(net: &Network, selector: &str) -> Result<Vec<usize>> {
    net.resolve_hubs(selector)
}

/// Groups items sorted by source: the distinct sources and each one's index range.
pub(crate) fn source_ranges<T>(
    items: &[T],
    source: impl Fn(&T) -> u32,
) -> (Vec<u32>, Vec<(usize, usize)>) {
    let mut sources = Vec::new();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let s = source(&items[i]);
        let mut j = i;
        while j < items.len() && source(&items[j]) == s {
            j += 1;
        }
        sources.push(s);
        ranges.push((i, j));
        i = j;
    }
    (sources, ranges)
}
