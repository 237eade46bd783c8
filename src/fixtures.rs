//! Toy networks for doctests and tests, each in one call (not part of the stable API).
//!
//! ```
//! let net = corridors::fixtures::path(&["a", "b", "c"]);
//! assert_eq!((net.hub_count(), net.segment_count()), (3, 2));
//! assert_eq!(corridors::fixtures::triangle().segment_count(), 3);
//! let d = corridors::fixtures::diamond();
//! let len = |id: &str| d.segment(d.segment_index(id).unwrap()).length_m;
//! assert_eq!(len("ab") + len("bd"), len("ac") + len("cd")); // the two a → d routes tie
//! assert_eq!(corridors::fixtures::star("x", &["a", "b"]).hub_count(), 3);
//! assert_eq!(corridors::fixtures::road_and_rail().segment_count(), 2);
//! ```

use crate::error::Result;
use crate::network::{BuildReport, Hub, HubKind, Mode, Network, NetworkBuilder, SegmentSpec};

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
    b.build().expect("fixture path builds").0 // invariant: a fixed, valid toy network
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
    b.build().expect("fixture triangle builds").0 // invariant: a fixed, valid toy network
}

/// Hubs `a` (0, 0), `b` (0.5, 0.5), `c` (0.5, −0.5), `d` (1, 0), joined by `ab`, `bd`, `ac`,
/// `cd`: mirrored about the equator, so the two `a → d` routes tie exactly in length.
///
/// ```text
///       b
///     /   \
///   a       d
///     \   /
///       c
/// ```
pub fn diamond() -> Network {
    let mut b = NetworkBuilder::new();
    b.add_hub(Hub::new("a", HubKind::Entry, 0.0, 0.0));
    b.add_hub(Hub::new("b", HubKind::Transit, 0.5, 0.5));
    b.add_hub(Hub::new("c", HubKind::Transit, 0.5, -0.5));
    b.add_hub(Hub::new("d", HubKind::BorderCrossing, 1.0, 0.0));
    for (id, s, t) in [
        ("ab", "a", "b"),
        ("bd", "b", "d"),
        ("ac", "a", "c"),
        ("cd", "c", "d"),
    ] {
        b.add_segment(SegmentSpec::between(id, s, t));
    }
    // invariant: four distinct points joined by valid segments always build
    b.build().expect("fixture diamond builds").0 // invariant: a fixed, valid toy network
}

/// Hub `center` at (0, 0) (transit) and entry hubs `leaves[i]` at latitude 1 spread over
/// longitudes −1 … 1, each joined to the centre by a segment named `"{center}{leaf}"`.
pub fn star(center: &str, leaves: &[&str]) -> Network {
    let mut b = NetworkBuilder::new();
    b.add_hub(Hub::new(center, HubKind::Transit, 0.0, 0.0));
    let n = leaves.len().max(2) as f64 - 1.0;
    for (i, leaf) in leaves.iter().enumerate() {
        b.add_hub(Hub::new(
            *leaf,
            HubKind::Entry,
            -1.0 + 2.0 * i as f64 / n,
            1.0,
        ));
        b.add_segment(SegmentSpec::between(
            format!("{center}{leaf}"),
            center,
            *leaf,
        ));
    }
    // invariant: distinct ids on distinct points joined by valid segments always build
    b.build().expect("fixture star builds").0 // invariant: a fixed, valid toy network
}

/// Hubs `a` (−92, 15, entry) and `b` (−92, 16, border crossing) joined by two parallel
/// segments of equal length: `road` (road) and `rail` (rail).
pub fn road_and_rail() -> Network {
    let mut b = NetworkBuilder::new();
    b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
    b.add_hub(Hub::new("b", HubKind::BorderCrossing, -92.0, 16.0));
    b.add_segment(SegmentSpec::between("road", "a", "b"));
    b.add_segment(SegmentSpec::between("rail", "a", "b").with_mode(Mode::Rail));
    // invariant: two distinct points joined by valid segments always build
    b.build().expect("fixture road_and_rail builds").0 // invariant: a fixed, valid toy network
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
