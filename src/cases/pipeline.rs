//! The case pipeline in one call: point cases snapped and counted ([`count_points`]),
//! itineraries routed and counted ([`count_itineraries`]). Both return the raw
//! [`Aggregate`]; publishing it is the [`PrivacyGuard`](crate::cases::PrivacyGuard)'s job.

use geo::Point;

use crate::cases::{
    Aggregate, AggregateOptions, CaseRecord, Gazetteer, Itinerary, ItineraryOptions,
    RoutedItinerary, SegmentIndex, SnapOptions, SnapStatus, aggregate_itineraries,
    aggregate_points, route_itineraries, snap_points,
};
use crate::error::{Diagnostic, ProblemKind, Result, Severity};
use crate::exec::Exec;
use crate::network::Network;

/// Point cases counted per segment and hub.
#[derive(Clone, Debug, PartialEq)]
pub struct PointCounts {
    /// Raw counts (publish them through a privacy guard).
    pub aggregate: Aggregate,
    /// Cases within the snapping distance of a segment.
    pub matched: usize,
    /// Cases farther than the snapping distance.
    pub too_far: usize,
    /// Cases with an invalid location.
    pub invalid: usize,
}

/// Itineraries counted per segment and hub.
#[derive(Clone, Debug, PartialEq)]
pub struct ItineraryCounts {
    /// Raw counts (publish them through a privacy guard).
    pub aggregate: Aggregate,
    /// Stops that did not resolve (warnings: their case is dropped) and legs with no route
    /// (errors), located by itinerary row.
    pub diagnostics: Vec<Diagnostic>,
    /// Cases dropped from the counts because a stop could not be resolved (also counted in
    /// [`Aggregate::cases_excluded`]).
    pub dropped_unresolved: usize,
}

/// The locations of case records, in order (the points [`snap_points`] takes).
///
/// ```
/// use corridors::cases::{locations, CaseRecord};
/// let recs: Vec<CaseRecord> = Vec::new();
/// assert!(locations(&recs).is_empty());
/// ```
pub fn locations(records: &[CaseRecord]) -> Vec<Point<f64>> {
    records.iter().map(|c| c.location).collect()
}

/// Snaps point cases to the network's segments and counts them per segment and hub.
///
/// # Arguments
/// * `net`: the network.
/// * `records`: the cases (e.g. from [`crate::io::read_cases`]).
/// * `snap`: the largest snapping distance.
/// * `window`: date window and counting options.
/// * `exec`: progress (one unit per case), cancellation and parallel threshold.
///
/// # Returns
/// The raw [`Aggregate`] and how many cases matched, were too far or invalid.
///
/// # Complexity
/// `O(m log m)` to index the `m` segment pieces, then as [`snap_points`].
///
/// # Errors
/// [`crate::Error::Cancelled`]; errors of [`SegmentIndex::new`] and [`aggregate_points`].
///
/// # Example
/// ```
/// use corridors::cases::{count_points, AggregateOptions, SnapOptions};
/// use corridors::io::ReadOptions;
/// let (net, _) = corridors::fixtures::mexico()?;
/// let cases = corridors::io::csv::read_cases("data/mexico/cases_synthetic.csv", &ReadOptions::default())?;
/// let snap = SnapOptions { max_distance_m: 10_000.0 };
/// let c = count_points(&net, &cases.records, &snap, &AggregateOptions::default(), &Default::default())?;
/// assert_eq!(c.matched + c.too_far + c.invalid, cases.records.len());
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn count_points(
    net: &Network,
    records: &[CaseRecord],
    snap: &SnapOptions,
    window: &AggregateOptions,
    exec: &Exec,
) -> Result<PointCounts> {
    let index = SegmentIndex::new(net)?;
    let snaps = snap_points(&index, &locations(records), snap, exec)?;
    let count = |s: SnapStatus| snaps.iter().filter(|r| r.status == s).count();
    Ok(PointCounts {
        matched: count(SnapStatus::Matched),
        too_far: count(SnapStatus::TooFar),
        invalid: count(SnapStatus::Invalid),
        aggregate: aggregate_points(net, records, &snaps, window)?,
    })
}

/// Routes itineraries through the network and counts them per segment and hub.
///
/// # Arguments
/// * `net`: the network.
/// * `gazetteer`: resolves the stops to hubs.
/// * `itineraries`: the cases (e.g. from [`crate::io::csv::read_htcds`]).
/// * `opts`: costing, hub distance limit, alternatives.
/// * `window`: date window and counting options.
/// * `exec`: progress (one unit per itinerary), cancellation and parallel threshold.
///
/// # Returns
/// The raw [`Aggregate`] and the routing diagnostics. A case with a stop that does not
/// resolve is left out of the counts ([`drop_unresolved`]); its stop is a warning.
///
/// # Complexity
/// As [`route_itineraries`], then linear in the routed segments.
///
/// # Errors
/// As [`route_itineraries`] and [`aggregate_itineraries`].
///
/// # Example
/// ```
/// use corridors::cases::{count_itineraries, AggregateOptions, Gazetteer};
/// use corridors::io::ReadOptions;
/// let (net, _) = corridors::fixtures::mexico()?;
/// let its = corridors::io::csv::read_htcds("data/mexico/itineraries_synthetic.csv", &ReadOptions::default())?;
/// let gaz = Gazetteer::new(&net)
///     .with_places(corridors::io::csv::read_geonames("data/geonames/places.csv")?);
/// let c = count_itineraries(&net, &gaz, &its.records, &Default::default(),
///     &AggregateOptions::default(), &Default::default())?;
/// assert!(c.aggregate.cases_counted > 0);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn count_itineraries(
    net: &Network,
    gazetteer: &Gazetteer,
    itineraries: &[Itinerary],
    opts: &ItineraryOptions,
    window: &AggregateOptions,
    exec: &Exec,
) -> Result<ItineraryCounts> {
    let (mut routed, mut diagnostics) = route_itineraries(net, gazetteer, itineraries, opts, exec)?;
    let dropped_unresolved = drop_unresolved(&mut routed);
    for d in &mut diagnostics {
        if d.kind == ProblemKind::UnknownHub {
            d.severity = Severity::Warning;
            d.message.push_str("; case not counted");
        }
    }
    Ok(ItineraryCounts {
        aggregate: aggregate_itineraries(net, &routed, window)?,
        diagnostics,
        dropped_unresolved,
    })
}

/// Empties the route of every itinerary with a stop that did not resolve, so that the
/// counts leave the case out rather than count it on the route between its other stops
/// (a case whose misspelt origin is lost would otherwise count as starting at its next
/// stop).
///
/// # Arguments
/// * `routed`: from [`route_itineraries`].
///
/// # Returns
/// The number of itineraries emptied; [`aggregate_itineraries`] and
/// [`crate::cases::corridor_case_counts`] exclude them.
///
/// # Complexity
/// `O(Σ stops)`.
///
/// # Example
/// ```
/// use corridors::cases::{drop_unresolved, route_itineraries, Gazetteer};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// // case 1 goes a → c; case 2's first stop names no hub
/// let csv = "hte_CaseId,hte_Date,hte_City\n1,2024-01-01,a\n1,2024-01-02,c\n2,2024-01-01,atlantis\n2,2024-01-02,c\n";
/// let its = corridors::io::csv::read_htcds_from("it.csv", csv.as_bytes(), &Default::default())?;
/// let (mut routed, diags) = route_itineraries(&net, &Gazetteer::new(&net), &its.records,
///     &Default::default(), &Default::default())?;
/// assert_eq!(diags.len(), 1);
/// assert_eq!(drop_unresolved(&mut routed), 1);
/// assert!(routed[1].hubs.is_empty() && !routed[0].hubs.is_empty());
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn drop_unresolved(routed: &mut [RoutedItinerary]) -> usize {
    let mut n = 0;
    for r in routed
        .iter_mut()
        .filter(|r| r.stops.iter().any(Option::is_none))
    {
        r.segments.clear();
        r.hubs.clear();
        r.alternatives.clear();
        r.origin_destination = None;
        r.cost = 0.0;
        n += 1;
    }
    n
}
