//! Toy networks for doctests and tests, each in one call (not part of the stable API).
//!
//! ```
//! let net = corridors::fixtures::path(&["a", "b", "c"]);
//! assert_eq!((net.hub_count(), net.segment_count()), (3, 2));
//! assert_eq!(corridors::fixtures::triangle().segment_count(), 3);
//! ```

use crate::error::Result;
use crate::network::{BuildReport, Hub, HubKind, Network, NetworkBuilder, SegmentSpec};

/// Hubs `ids[0] … ids[n−1]` one degree of latitude apart along 92° W (transit hubs), joined
/// in order by two-way road segments named `"{a}{b}"` (about 110.6 km each).
pub fn path(ids: &[&str]) -> Network {
    let mut b = NetworkBuilder::new();
    for (i, id) in ids.iter().enumerate() {
        b.add_hub(Hub::new(*id, HubKind::Transit, -92.0, 15.0 + i as f64));
    }
    for w in ids.windows(2) {
        b.add_segment(SegmentSpec::between(
            format!("{}{}", w[0], w[1]),
            w[0],
            w[1],
        ));
    }
    // invariant: distinct ids on distinct points joined by valid segments always build
    b.build().expect("fixture path builds").0
}

/// Hubs `a`, `b`, `c` at (−92, 15), (−92, 16), (−91, 15), joined by `ab`, `bc`, `ca`.
pub fn triangle() -> Network {
    let mut b = NetworkBuilder::new();
    b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
    b.add_hub(Hub::new("b", HubKind::Transit, -92.0, 16.0));
    b.add_hub(Hub::new("c", HubKind::BorderCrossing, -91.0, 15.0));
    for (id, s, t) in [("ab", "a", "b"), ("bc", "b", "c"), ("ca", "c", "a")] {
        b.add_segment(SegmentSpec::between(id, s, t));
    }
    // invariant: three distinct points joined by valid segments always build
    b.build().expect("fixture triangle builds").0
}

/// The bundled Mexico network (`data/mexico`), read with [`crate::io::load_network`] at a
/// 1 m endpoint tolerance; paths are relative to the crate root.
///
/// # Errors
/// When the files cannot be read (e.g. from a packaged crate that excludes `data/`).
pub fn mexico() -> Result<(Network, BuildReport)> {
    crate::io::load_network(
        &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
        1.0,
    )
}
