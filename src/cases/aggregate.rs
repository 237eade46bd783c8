//! Counting distinct cases and victims per segment, hub, route label and
//! origin→destination pair.
//!
//! A case counts once per segment, hub, route label or pair it touches, however often its
//! route passes there (distinct cases, not events). A point case counts on its snapped
//! segment and at both end hubs of that segment; an itinerary counts on every segment and
//! hub of its route and at its (origin, destination) pair. Only matched points count.
//! The raw counts here are **not for publication**: pass them through
//! [`PrivacyGuard::publish`](crate::cases::PrivacyGuard::publish) first; the map writers
//! accept only its result.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cases::{CaseRecord, Date, DatePeriod, RoutedItinerary, SnapResult, SnapStatus};
use crate::error::{Error, Result};
use crate::network::Network;
use crate::routing::ResolvedCorridor;

/// Distinct cases and their victims.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Distinct cases.
    pub cases: u64,
    /// Victims in those cases.
    pub victims: u64,
}

impl Counts {
    fn add(&mut self, victims: u32) {
        self.cases += 1;
        self.victims += u64::from(victims);
    }
}

/// Expected cases and victims: each case weighted by its share (1 without alternative
/// routes, so these equal [`Counts`] then).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Expected {
    /// Sum of the shares of the cases.
    pub cases: f64,
    /// Sum of share × victims.
    pub victims: f64,
}

impl Expected {
    fn add(&mut self, share: f64, victims: u32) {
        self.cases += share;
        self.victims += share * f64::from(victims);
    }
}

/// Raw (unguarded) counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    /// Per segment (indexed like the network's segments).
    pub segments: Vec<Counts>,
    /// Per hub.
    pub hubs: Vec<Counts>,
    /// Expected (share-weighted) counts per segment; empty for point cases.
    #[serde(default)]
    pub expected_segments: Vec<Expected>,
    /// Expected (share-weighted) counts per hub; empty for point cases.
    #[serde(default)]
    pub expected_hubs: Vec<Expected>,
    /// Per route label (points with a `route`, e.g. Missing Migrants' migration route).
    pub routes: BTreeMap<String, Counts>,
    /// Per (origin hub, destination hub) of itineraries.
    pub od_pairs: BTreeMap<(usize, usize), Counts>,
    /// Cases counted. Raw like every count here: publish the total only through
    /// [`PublishedAggregate::total`](crate::cases::PublishedAggregate::total), which the
    /// guard audits with the other cells (for point cases the total is the sum of the
    /// segments, so printing it raw could give a suppressed segment away).
    pub cases_counted: u64,
    /// Victims in the cases counted.
    #[serde(default)]
    pub victims_counted: u64,
    /// Cases left out: outside the date window (or undated while a window is set), or not
    /// matched / not routed.
    pub cases_excluded: u64,
}

/// Options of the aggregations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AggregateOptions {
    /// First day counted (inclusive).
    pub from: Option<Date>,
    /// Last day counted (inclusive).
    pub to: Option<Date>,
}

impl AggregateOptions {
    /// Whether a case dated `d` is counted: with a window, a dated case whose day, month or
    /// year overlaps it (a case reported as `2023-07` is in a window from 2023-07-15); an
    /// undated case is not.
    pub(crate) fn admits(&self, d: Option<impl Into<DatePeriod>>) -> bool {
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        d.is_some_and(|d| d.into().overlaps(self.from, self.to))
    }
}

impl Aggregate {
    fn empty(net: &Network) -> Self {
        Self {
            segments: vec![Counts::default(); net.segment_count()],
            hubs: vec![Counts::default(); net.hub_count()],
            ..Self::default()
        }
    }
}

/// Aggregates snapped point cases (`snaps[i]` is the snap of `records[i]`).
///
/// # Arguments
/// * `net`: the network the points were snapped to.
/// * `records`: the cases.
/// * `snaps`: one snap per case, from [`crate::cases::snap_points`].
/// * `opts`: date window and counting options.
///
/// # Returns
/// The **raw** [`Aggregate`]: cases and victims per segment, hub and route label; publish
/// it only through [`PrivacyGuard::publish`](crate::cases::PrivacyGuard::publish).
///
/// # Complexity
/// `O(n + m + p)` for `p` cases (plus `O(log r)` per case with a route label).
///
/// # Example
/// ```text
///   b
///   |  x  x    two cases near a–b, three victims each
///   a
/// ```
/// ```
/// use corridors::cases::{aggregate_points, snap_points, AggregateOptions, CaseRecord, SegmentIndex, SnapOptions};
/// use geo::Point;
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let rec = |lat: f64| CaseRecord { id: None, line: 2, location: Point::new(-92.001, lat), date: None,
///     count: Some(3), route: None, properties: Default::default() };
/// let cases = vec![rec(15.2), rec(15.5)];
/// let pts: Vec<_> = cases.iter().map(|c| c.location).collect();
/// let snaps = snap_points(&SegmentIndex::new(&net).unwrap(), &pts, &SnapOptions::default(), &Default::default()).unwrap();
/// let agg = aggregate_points(&net, &cases, &snaps, &AggregateOptions::default()).unwrap();
/// assert_eq!((agg.segments[0].cases, agg.segments[0].victims), (2, 6));
/// assert_eq!(agg.hubs[1].cases, 2);
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if `records` and `snaps` differ in length.
pub fn aggregate_points(
    net: &Network,
    records: &[CaseRecord],
    snaps: &[SnapResult],
    opts: &AggregateOptions,
) -> Result<Aggregate> {
    if records.len() != snaps.len() {
        return Err(Error::invalid(
            "snaps",
            format!("{} records but {} snap results", records.len(), snaps.len()),
        ));
    }
    let mut agg = Aggregate::empty(net);
    for (r, s) in records.iter().zip(snaps) {
        let snap = match (s.status, s.nearest) {
            (SnapStatus::Matched, Some(n)) if opts.admits(r.date) => n,
            _ => {
                agg.cases_excluded += 1;
                continue;
            }
        };
        let v = r.victims();
        agg.segments[snap.segment].add(v);
        let (a, b) = net.endpoints(snap.segment);
        agg.hubs[a].add(v);
        if b != a {
            agg.hubs[b].add(v);
        }
        if let Some(route) = &r.route {
            agg.routes.entry(route.clone()).or_default().add(v);
        }
        agg.cases_counted += 1;
        agg.victims_counted += u64::from(v);
    }
    Ok(agg)
}

/// Aggregates routed itineraries: each case counts once on every segment and hub its
/// routes use, and its route shares add up to the expected counts.
///
/// # Arguments
/// * `net`: the network the itineraries were routed on.
/// * `routed`: from [`crate::cases::route_itineraries`].
/// * `opts`: date window and counting options.
///
/// # Returns
/// The **raw** [`Aggregate`] with expected (share-weighted) counts and origin–destination
/// pairs; publish it only through
/// [`PrivacyGuard::publish`](crate::cases::PrivacyGuard::publish).
///
/// # Complexity
/// `O(n + m + Σ s log s)` for itineraries of `s` routed segments.
///
/// # Errors
/// [`Error::InvalidArgument`] if a route refers to a segment or hub outside the network.
///
/// # Example
/// ```text
///   a ---- b ---- c      case k1 travels a → c with 2 victims
/// ```
/// ```
/// use corridors::cases::{aggregate_itineraries, route_itineraries, AggregateOptions, Gazetteer,
///     Itinerary, ItineraryOptions, Stop, StopPlace};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let stop = |n: &str| Stop { place: StopPlace::Place { name: n.into(), state: None, country: None },
///     date: None, kind: None, line: 2 };
/// let it = Itinerary { case_id: "k1".into(), stops: vec![stop("a"), stop("c")], victims: 2, mode: None };
/// let (routed, _) = route_itineraries(&net, &Gazetteer::new(&net), &[it],
///     &ItineraryOptions::default(), &Default::default())?;
/// let agg = aggregate_itineraries(&net, &routed, &AggregateOptions::default())?;
/// assert_eq!((agg.segments[0].cases, agg.segments[1].victims), (1, 2));
/// assert_eq!(agg.hubs[1].cases, 1);
/// assert_eq!(agg.cases_counted, 1);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn aggregate_itineraries(
    net: &Network,
    routed: &[RoutedItinerary],
    opts: &AggregateOptions,
) -> Result<Aggregate> {
    let mut agg = Aggregate::empty(net);
    agg.expected_segments = vec![Expected::default(); net.segment_count()];
    agg.expected_hubs = vec![Expected::default(); net.hub_count()];
    for r in routed {
        if r.hubs.is_empty() || !opts.admits(r.date) {
            agg.cases_excluded += 1;
            continue;
        }
        let segs = r.segment_shares();
        let hubs = r.hub_shares();
        if segs.iter().any(|&(e, _)| e >= net.segment_count())
            || hubs.iter().any(|&(h, _)| h >= net.hub_count())
        {
            return Err(Error::invalid(
                "routed",
                format!(
                    "itinerary {} refers to a segment or hub outside the network",
                    r.case_index
                ),
            ));
        }
        // shares are per distinct segment / hub, so each case counts once there
        for (e, share) in segs {
            agg.segments[e].add(r.victims);
            agg.expected_segments[e].add(share, r.victims);
        }
        for (h, share) in hubs {
            agg.hubs[h].add(r.victims);
            agg.expected_hubs[h].add(share, r.victims);
        }
        if let Some((o, d)) = r.origin_destination.filter(|(o, d)| o != d) {
            agg.od_pairs.entry((o, d)).or_default().add(r.victims);
        }
        agg.cases_counted += 1;
        agg.victims_counted += u64::from(r.victims);
    }
    Ok(agg)
}

/// Distinct cases (and their victims) per corridor: an itinerary counts once for a corridor
/// when any segment it uses with a non-zero share (its shortest route, or an alternative
/// route) is a segment of the corridor's route, and it is in the date window.
///
/// The counts are **raw**: publish them only through
/// [`PrivacyGuard::publish_counts`](crate::cases::PrivacyGuard::publish_counts).
///
/// # Arguments
/// * `net`: the network of both the corridors and the itineraries.
/// * `corridors`: from [`crate::routing::resolve_corridors`].
/// * `routed`: from [`crate::cases::route_itineraries`].
/// * `opts`: date window and counting options.
///
/// # Returns
/// One raw [`Counts`] per corridor, in corridor order.
///
/// # Complexity
/// `O(m + Σ c + Σ s)` per corridor, for corridors of `c` and itineraries of `s` segments.
///
/// # Example
/// ```text
///   a ---- b ---- c      corridor x = a–b; case 1 goes a → c, case 2 goes b → c
/// ```
/// ```
/// # use corridors::cases::{AggregateOptions, Gazetteer, Itinerary, ItineraryOptions, Stop, StopPlace, route_itineraries};
/// # use corridors::cases::corridor_case_counts;
/// # use corridors::routing::{Corridor, resolve_corridors};
/// # let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let c = Corridor { id: "x".into(), name: "X".into(), hubs: vec!["a".into(), "b".into()],
///     mode: None, sources: vec![], approximate: true, description: String::new() };
/// let resolved = resolve_corridors(&net, &[c], &Default::default())?;
/// let stop = |n: &str| Stop { place: StopPlace::Place { name: n.into(), state: None, country: None },
///     date: None, kind: None, line: 2 };
/// let its = vec![
///     Itinerary { case_id: "1".into(), stops: vec![stop("a"), stop("c")], victims: 2, mode: None },
///     Itinerary { case_id: "2".into(), stops: vec![stop("b"), stop("c")], victims: 5, mode: None },
/// ];
/// let (routed, _) = route_itineraries(&net, &Gazetteer::new(&net), &its, &ItineraryOptions::default(), &Default::default())?;
/// let counts = corridor_case_counts(&net, &resolved, &routed, &AggregateOptions::default())?;
/// assert_eq!((counts[0].cases, counts[0].victims), (1, 2)); // only case 1 uses a–b
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if an itinerary refers to a segment outside the network.
pub fn corridor_case_counts(
    net: &Network,
    corridors: &[ResolvedCorridor],
    routed: &[RoutedItinerary],
    opts: &AggregateOptions,
) -> Result<Vec<Counts>> {
    let m = net.segment_count();
    let mut on_corridor = vec![false; m];
    let mut out = Vec::with_capacity(corridors.len());
    let kept: Vec<(u32, Vec<(usize, f64)>)> = routed
        .iter()
        .filter(|r| !r.hubs.is_empty() && opts.admits(r.date))
        .map(|r| (r.victims, r.segment_shares()))
        .collect();
    if let Some(i) = kept
        .iter()
        .position(|(_, s)| s.iter().any(|&(e, _)| e >= m))
    {
        return Err(Error::invalid(
            "routed",
            format!(
                "itinerary {i} (of those in the window) refers to a segment outside the network"
            ),
        ));
    }
    for c in corridors {
        for &e in &c.route.segments {
            on_corridor[e] = true;
        }
        let mut counts = Counts::default();
        for (victims, s) in &kept {
            if s.iter().any(|&(e, share)| share > 0.0 && on_corridor[e]) {
                counts.cases += 1;
                counts.victims += u64::from(*victims);
            }
        }
        for &e in &c.route.segments {
            on_corridor[e] = false;
        }
        out.push(counts);
    }
    Ok(out)
}
