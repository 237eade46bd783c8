//! # corridors
//!
//! Corridor graphs for researchers who study human-trafficking and migrant-smuggling routes.
//!
//! Places (hubs) and roads or rail lines (segments) become a weighted graph with geodesic
//! lengths; algorithms find the hubs and segments most routes depend on; reported cases are
//! mapped onto the corridors; the results are written as styled GeoJSON.
//!
//! * [`network`]: the model ([`Network`], [`Hub`], [`Segment`]) and its validating
//!   [`NetworkBuilder`].
//! * [`weights`]: length, travel time or a property as segment cost; [`Costing`] (cost and
//!   direction) used by every option struct.
//! * [`demand`]: origin → destination demand ([`OdDemand`]).
//! * [`cases`]: reported cases snapped to segments (geodesic), itineraries routed through
//!   the network, counts behind a privacy guard.
//! * [`io`]: GeoJSON input (with located diagnostics) and output; case readers (CSV, HXL,
//!   Missing Migrants, HTCDS, GeoJSON points).
//! * [`map`]: styled GeoJSON layers (network, hub and segment measures, routes) and SVG/PNG maps.
//! * [`centrality`]: weighted betweenness (exact, OD with demand, sampled) and closeness.
//! * [`progress`]: progress callbacks for long runs.
//! * [`exec`]: the execution context (progress, cancellation, parallel threshold) every
//!   long-running function takes as its last argument.
//! * [`routing`]: shortest and k alternative routes, named corridors.
//! * [`planning`]: checkpoint / service siting on OD demand and interdiction what-ifs.
//!
//! Coordinates are WGS84 `[lon, lat]` (GeoJSON order). Lengths are metres: segment lengths
//! are geodesic on the WGS84 ellipsoid (Karney's algorithm via `geo::Geodesic`), matching
//! distances haversine on a sphere of radius 6 371 008.8 m.
//!
//! ```
//! use corridors::{io, Weighting};
//! let (net, report) = io::load_network(
//!     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
//! println!("{} hubs, {:.0} km", net.hub_count(), report.summary.total_length_m() / 1000.0);
//! let minutes = Weighting::Minutes(Default::default()).weights(&net)?;
//! assert_eq!(minutes.len(), net.segment_count());
//! # Ok::<(), corridors::Error>(())
//! ```
#![warn(missing_docs)]

pub mod boundaries;
pub mod cases;
pub mod centrality;
pub mod demand;
pub mod error;
pub mod exec;
#[doc(hidden)]
pub mod fixtures;
mod geodesy;
pub mod io;
pub mod map;
pub mod network;
pub mod planning;
pub mod progress;
pub mod routing;
pub mod stats;
pub mod weights;

/// The crate version (the Python package reports the same as `corridors.__version__`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub use demand::{OdDemand, OdPair};
pub use error::{Diagnostic, Error, ParseError, ProblemKind, Result, Severity, SourceLocation};
pub use exec::Exec;
pub use network::{
    BuildReport, Csr, FeatureId, Hub, HubKind, Mode, Network, NetworkBuilder, Properties, Segment,
    SegmentSpec, Summary,
};
pub use weights::{Costing, Direction, Speeds, Weighting};

/// The geometry and graph crates, re-exported so that callers use matching versions.
pub use geo;
pub use petgraph;

/// The README's library example, compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
