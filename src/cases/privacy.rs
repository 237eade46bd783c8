//! The privacy guard every aggregate writer applies.
//!
//! Counts below `min_count` (default 11, the Counter-Trafficking Data Collaborative rule)
//! are suppressed: published as `null` with `suppressed: true`. With `rounding = Some(r)`
//! published values are rounded *down* to a multiple of `r`; a value whose rounded form
//! falls below `min_count` is suppressed too, so no published value ever lies in
//! `1..min_count`.
//!
//! **Zeros are published as 0.** A zero is structural, not personal: it says that no case of
//! the input was mapped to a segment or hub of the (public) network, so it reveals nothing
//! about any person. It is not evidence that no trafficking happens there.
//!
//! The guard does not do secondary (complementary) suppression: per-segment, per-hub,
//! per-route and per-pair tables of the same cases are published side by side and no totals
//! are published, but a reader combining tables may still narrow a suppressed cell.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::cases::{Aggregate, Counts, Expected};
use crate::error::{Error, Result};

/// Small-count suppression and rounding applied to every published count.
///
/// ```
/// use corridors::cases::PrivacyGuard;
/// let g = PrivacyGuard::default();
/// assert_eq!(g.publish_count(0), Some(0));
/// assert_eq!(g.publish_count(3), None); // suppressed
/// assert_eq!(g.publish_count(11), Some(11));
/// let r = PrivacyGuard { min_count: 11, rounding: Some(5) };
/// assert_eq!(r.publish_count(14), None); // rounds down to 10 < 11
/// assert_eq!(r.publish_count(17), Some(15));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyGuard {
    /// Smallest count published (default 11); counts `1..min_count` are suppressed.
    pub min_count: u32,
    /// Reporting resolution: round published counts down to a multiple of this.
    pub rounding: Option<u32>,
}

impl Default for PrivacyGuard {
    fn default() -> Self {
        Self {
            min_count: 11,
            rounding: None,
        }
    }
}

impl PrivacyGuard {
    /// Checks the parameters (`rounding` must be ≥ 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `rounding = Some(0)`.
    pub fn validate(&self) -> Result<()> {
        if self.rounding == Some(0) {
            return Err(Error::invalid(
                "rounding",
                "privacy rounding must be at least 1",
            ));
        }
        Ok(())
    }

    /// The published form of a count: `Some(value)` or `None` when suppressed.
    pub fn publish_count(&self, count: u64) -> Option<u64> {
        if count == 0 {
            return Some(0);
        }
        let v = match self.rounding {
            Some(r) if r > 1 => count / u64::from(r) * u64::from(r),
            _ => count,
        };
        if v < u64::from(self.min_count) || v == 0 {
            None
        } else {
            Some(v)
        }
    }

    /// The published form of one cell of distinct cases and victims. Victims are suppressed
    /// whenever cases are.
    fn publish_cell(&self, c: &Counts, expected: Option<&Expected>) -> PublishedCounts {
        let cases = self.publish_count(c.cases);
        let victims = cases.and_then(|_| self.publish_count(c.victims));
        // the expected counts are shown only where the distinct case count is, so a
        // fractional split can never reveal a small count
        let expected = expected.filter(|_| cases.is_some()).map(|x| Expected {
            cases: (x.cases * 10.0).round() / 10.0,
            victims: (x.victims * 10.0).round() / 10.0,
        });
        PublishedCounts {
            cases,
            victims,
            expected,
        }
    }

    /// The published form of an [`Aggregate`]: every count passed through the guard. This is
    /// the only way to obtain a [`PublishedAggregate`], and the map writers accept only that
    /// type, so no count from 1 to `min_count − 1` can reach a published layer.
    ///
    /// # Arguments
    /// * `agg`: raw counts, e.g. from [`aggregate_points`](crate::cases::aggregate_points) or
    ///   [`aggregate_itineraries`](crate::cases::aggregate_itineraries).
    ///
    /// # Returns
    /// The published counts per segment, hub, route label and pair, with the expected
    /// (share-weighted) counts rounded to one decimal where the aggregate has them and the
    /// distinct case count is published.
    ///
    /// # Complexity
    /// `O(n + m + r + q)` for `r` route labels and `q` origin–destination pairs.
    ///
    /// # Example
    /// ```
    /// use corridors::cases::{Aggregate, Counts, PrivacyGuard};
    /// let agg = Aggregate {
    ///     segments: vec![Counts { cases: 4, victims: 9 }, Counts { cases: 30, victims: 41 }],
    ///     ..Default::default()
    /// };
    /// let published = PrivacyGuard::default().publish(&agg)?;
    /// assert_eq!(published.segments()[0].cases(), None); // suppressed
    /// assert!(published.segments()[0].suppressed());
    /// assert_eq!(published.segments()[1].cases(), Some(30));
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the guard is invalid (see [`PrivacyGuard::validate`])
    /// or the expected counts do not have one entry per segment and hub.
    pub fn publish(&self, agg: &Aggregate) -> Result<PublishedAggregate> {
        self.validate()?;
        let has_expected = !(agg.expected_segments.is_empty() && agg.expected_hubs.is_empty());
        if has_expected
            && (agg.expected_segments.len() != agg.segments.len()
                || agg.expected_hubs.len() != agg.hubs.len())
        {
            return Err(Error::invalid(
                "agg",
                "the expected counts do not have one entry per segment and hub",
            ));
        }
        let cells = |counts: &[Counts], expected: &[Expected]| -> Vec<PublishedCounts> {
            counts
                .iter()
                .enumerate()
                .map(|(k, c)| self.publish_cell(c, expected.get(k)))
                .collect()
        };
        Ok(PublishedAggregate {
            guard: *self,
            segments: cells(&agg.segments, &agg.expected_segments),
            hubs: cells(&agg.hubs, &agg.expected_hubs),
            has_expected,
            routes: agg
                .routes
                .iter()
                .map(|(r, c)| (r.clone(), self.publish_cell(c, None)))
                .collect(),
            od_pairs: agg
                .od_pairs
                .iter()
                .map(|(&k, c)| (k, self.publish_cell(c, None)))
                .collect(),
        })
    }

    /// The published form of a list of counts (e.g. one per corridor, from
    /// [`corridor_case_counts`](crate::cases::corridor_case_counts)).
    ///
    /// # Example
    /// ```
    /// use corridors::cases::{Counts, PrivacyGuard};
    /// let p = PrivacyGuard::default().publish_counts(&[Counts { cases: 4, victims: 12 }])?;
    /// assert!(p.counts()[0].suppressed() && p.counts()[0].victims().is_none());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the guard is invalid.
    pub fn publish_counts(&self, counts: &[Counts]) -> Result<PublishedTable> {
        self.validate()?;
        Ok(PublishedTable {
            guard: *self,
            counts: counts.iter().map(|c| self.publish_cell(c, None)).collect(),
        })
    }

    /// The thresholds applied, for the output collection's `privacy` member.
    pub fn metadata(&self) -> Value {
        json!({
            "min_count": self.min_count,
            "rounding": self.rounding,
            "note": format!(
                "Counts of distinct cases and victims. Counts from 1 to {} are suppressed \
                 (null, suppressed: true){}; 0 means no case of the input was mapped here. \
                 No case ids or case coordinates are included.",
                self.min_count.saturating_sub(1),
                match self.rounding {
                    Some(r) if r > 1 => format!(
                        "; published counts are rounded down to a multiple of {r}, and \
                         suppressed if that falls below {}", self.min_count),
                    _ => String::new(),
                }
            ),
        })
    }
}

/// One published cell: distinct cases and victims after the [`PrivacyGuard`]. Only the guard
/// constructs it, so a value here is never from 1 to `min_count − 1`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PublishedCounts {
    cases: Option<u64>,
    victims: Option<u64>,
    expected: Option<Expected>,
}

impl PublishedCounts {
    /// Published distinct cases, `None` when suppressed.
    pub fn cases(&self) -> Option<u64> {
        self.cases
    }

    /// Published victims, `None` when suppressed (always when the cases are).
    pub fn victims(&self) -> Option<u64> {
        self.victims
    }

    /// Whether cases or victims were suppressed.
    pub fn suppressed(&self) -> bool {
        self.cases.is_none() || self.victims.is_none()
    }

    /// Expected (share-weighted) counts rounded to one decimal; `None` where the distinct
    /// case count is suppressed or the aggregate has no expected counts.
    pub fn expected(&self) -> Option<Expected> {
        self.expected
    }

    /// Writes `cases`, `victims` (numbers or `null`) and `suppressed` into a JSON object.
    pub fn write_to(&self, props: &mut serde_json::Map<String, Value>) {
        props.insert("cases".into(), self.cases.map_or(Value::Null, Value::from));
        props.insert(
            "victims".into(),
            self.victims.map_or(Value::Null, Value::from),
        );
        props.insert("suppressed".into(), json!(self.suppressed()));
    }

    /// Writes `expected_cases` and `expected_victims` (numbers or `null`) into a JSON object.
    pub fn write_expected_to(&self, props: &mut serde_json::Map<String, Value>) {
        let x = self.expected;
        props.insert(
            "expected_cases".into(),
            x.map_or(Value::Null, |x| json!(x.cases)),
        );
        props.insert(
            "expected_victims".into(),
            x.map_or(Value::Null, |x| json!(x.victims)),
        );
    }
}

/// An [`Aggregate`] after the [`PrivacyGuard`]: what may be published. Built only by
/// [`PrivacyGuard::publish`]; the map and GeoJSON writers that show counts accept only this
/// type.
///
/// Its fields are private, so a raw count cannot be dressed up as a published one:
///
/// ```compile_fail
/// use corridors::cases::{PublishedAggregate, PublishedCounts};
/// let fake = PublishedCounts { cases: Some(3), victims: Some(3), expected: None };
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublishedAggregate {
    guard: PrivacyGuard,
    segments: Vec<PublishedCounts>,
    hubs: Vec<PublishedCounts>,
    has_expected: bool,
    routes: BTreeMap<String, PublishedCounts>,
    od_pairs: BTreeMap<(usize, usize), PublishedCounts>,
}

impl PublishedAggregate {
    /// The guard that produced these counts (for the output's `privacy` member).
    pub fn guard(&self) -> &PrivacyGuard {
        &self.guard
    }

    /// Per segment (indexed like the network's segments).
    pub fn segments(&self) -> &[PublishedCounts] {
        &self.segments
    }

    /// Per hub.
    pub fn hubs(&self) -> &[PublishedCounts] {
        &self.hubs
    }

    /// Whether expected (share-weighted) counts are included.
    pub fn has_expected(&self) -> bool {
        self.has_expected
    }

    /// The same counts without the expected ones (e.g. when no alternative routes were
    /// considered, so they equal the distinct counts).
    ///
    /// ```
    /// use corridors::cases::{Aggregate, Counts, Expected, PrivacyGuard};
    /// let agg = Aggregate {
    ///     segments: vec![Counts { cases: 30, victims: 41 }],
    ///     expected_segments: vec![Expected { cases: 30.0, victims: 41.0 }],
    ///     ..Default::default()
    /// };
    /// let p = PrivacyGuard::default().publish(&agg)?;
    /// assert!(p.has_expected());
    /// assert!(!p.without_expected().has_expected());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn without_expected(mut self) -> Self {
        self.has_expected = false;
        for c in self.segments.iter_mut().chain(self.hubs.iter_mut()) {
            c.expected = None;
        }
        self
    }

    /// Per route label.
    pub fn routes(&self) -> &BTreeMap<String, PublishedCounts> {
        &self.routes
    }

    /// Per (origin hub, destination hub).
    pub fn od_pairs(&self) -> &BTreeMap<(usize, usize), PublishedCounts> {
        &self.od_pairs
    }
}

/// A list of counts after the [`PrivacyGuard`] (e.g. one per corridor). Built only by
/// [`PrivacyGuard::publish_counts`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublishedTable {
    guard: PrivacyGuard,
    counts: Vec<PublishedCounts>,
}

impl PublishedTable {
    /// The guard that produced these counts.
    pub fn guard(&self) -> &PrivacyGuard {
        &self.guard
    }

    /// The published counts, in input order.
    pub fn counts(&self) -> &[PublishedCounts] {
        &self.counts
    }
}
