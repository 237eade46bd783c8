//! GeoJSON input and output.
//!
//! Readers come as `read_<what>(path, …)` and `read_<what>_from(label, reader, …)`; `label`
//! names the source in diagnostics, and a file that cannot be read is an
//! [`Error::Io`](crate::Error::Io) naming the path. Case points from GeoJSON are described at
//! [`read_cases`].
//!
//! # Input schema
//! A FeatureCollection (or a single Feature). Coordinates are WGS84 `[lon, lat]`; a third
//! value (altitude) is ignored.
//!
//! * **Point** features are hubs. Properties: `id` (string or integer, required; the
//!   Feature's own `id` member is used when the property is absent), `name`, `kind`
//!   (`entry`, `transit`, `tourist_centre`, `border_crossing`, `origin`, `destination`,
//!   `other`; default `other`). Everything else is kept in [`Hub::properties`](crate::Hub).
//! * **LineString** features are segments. Properties: `id` (optional), `from`, `to` (hub
//!   ids, optional: a missing end is matched to the nearest hub within the tolerance, or a hub
//!   is created there), `mode` (`road`, `rail`, `river`, `sea`, `air`, `foot`, `other`; default
//!   `road`), `length_m`, `minutes`, `speed_kmh` (numbers ≥ 0), `oneway` (boolean, default
//!   false). Everything else is kept in [`Segment::properties`](crate::Segment).
//! * **MultiLineString** features whose parts join end to start are merged into one line.
//!   Disjoint parts are split into one segment per part (ids `<id>/<k>`) when the feature has
//!   no `from`/`to`; otherwise the feature is rejected, since it is unclear which part ends at
//!   which hub.
//! * Any other geometry type, or a null geometry, is an error.

mod boundaries;
mod cases;
mod network;
mod network_stream;
mod writer;

pub use boundaries::{read_boundaries, read_boundaries_from};
pub use cases::{read_cases, read_cases_from};
pub use network::{
    KeepProperties, NetworkReadOptions, read_network, read_network_from, read_network_from_with,
    read_network_with, read_network_with_progress,
};
pub use writer::{write_feature_collection, write_features};

// the per-feature logic the GeoParquet readers share
#[cfg(feature = "geoparquet")]
pub(crate) use cases::read_case_features;
#[cfg(feature = "geoparquet")]
pub(crate) use network::read_feature;
#[cfg(feature = "geoparquet")]
pub(crate) use network_stream::SPECIAL;
