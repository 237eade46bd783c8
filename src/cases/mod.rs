//! Reported cases on the corridor network: snapping points to segments, routing itineraries,
//! and aggregating counts behind a privacy guard.
//!
//! * [`snap`]: nearest segment by geodesic distance ([`SegmentIndex`], [`snap_points`]).
//! * [`itinerary`]: ordered stops resolved through a [`Gazetteer`] and routed hub to hub.
//! * [`aggregate`]: distinct cases and victims per segment, hub, route label and
//!   origin→destination pair.
//! * [`privacy`]: the [`PrivacyGuard`] every published count passes through.
//! * [`synthetic`]: the seeded generator of the SYNTHETIC example data.
//!
//! Readers for case files are in [`crate::io`] (`cases_csv`, `mmp`, `htcds`, `hxl`).

pub mod aggregate;
pub mod itinerary;
pub mod period;
pub mod privacy;
pub mod snap;
pub mod synthetic;
pub(crate) mod types;

pub use aggregate::{
    Aggregate, AggregateOptions, Counts, Expected, aggregate_itineraries, aggregate_points,
};
pub use itinerary::{
    AlternativeRoute, Alternatives, Gazetteer, ItineraryOptions, Resolution, ResolvedStop,
    RoutedItinerary, Split, route_itineraries, split_shares,
};
pub use period::{DatePeriod, DatePrecision};
pub use privacy::PrivacyGuard;
pub use snap::{
    EARTH_RADIUS_M, SegmentIndex, Side, Snap, SnapOptions, SnapResult, SnapStatus, snap_points,
};
pub use types::{CaseRecord, Date, EventType, Itinerary, ReadOptions, ReadReport, Stop, StopPlace};
