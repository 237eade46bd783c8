//! Reported cases on the corridor network: snapping points to segments, routing itineraries,
//! and aggregating counts behind a privacy guard.
//!
//! * [`snap`]: nearest segment by geodesic distance ([`SegmentIndex`], [`snap_points`]).
//! * [`itinerary`]: ordered stops resolved through a [`Gazetteer`] and routed hub to hub.
//! * [`aggregate`]: distinct cases and victims per segment, hub, route label,
//!   origin→destination pair and named corridor.
//! * [`privacy`]: the [`PrivacyGuard`] every published count passes through; its
//!   [`PublishedAggregate`] is the only count type the map writers accept.
//! * [`audit`]: secondary suppression and the differencing audit of the guard.
//! * [`synthetic`]: the seeded generator of the SYNTHETIC example data.
//!
//! Readers for case files are in [`crate::io`] (`cases_csv`, `mmp`, `htcds`, `hxl`).

pub mod aggregate;
pub mod audit;
pub mod gazetteer;
pub mod itinerary;
pub mod period;
pub mod pipeline;
pub mod privacy;
pub mod route_choice;
pub mod snap;
pub mod synthetic;
pub(crate) mod types;

pub use aggregate::{
    Aggregate, AggregateOptions, Counts, Expected, aggregate_itineraries, aggregate_points,
    corridor_case_counts,
};
pub use audit::AuditReport;
pub use gazetteer::{Gazetteer, GeoNamesPlace, Resolution, ResolveError, ResolvedStop};
pub use itinerary::{AlternativeRoute, ItineraryOptions, RoutedItinerary, route_itineraries};
pub use period::{DatePeriod, DatePrecision};
pub use pipeline::{
    ItineraryCounts, PointCounts, count_itineraries, count_points, drop_unresolved, locations,
};
pub use privacy::{PrivacyGuard, PublishedAggregate, PublishedCounts, PublishedTable};
pub use route_choice::{Alternatives, Split, split_shares};
pub use snap::{
    EARTH_RADIUS_M, SegmentIndex, Side, Snap, SnapOptions, SnapPosition, SnapResult, SnapStatus,
    snap_points, snap_positions,
};
pub use types::{CaseRecord, Date, EventType, Itinerary, Stop, StopPlace};
