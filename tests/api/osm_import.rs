//! OpenStreetMap import on the shipped Helsinki extract.
#![cfg(feature = "osm")]

use corridors::io::osm::{OsmOptions, load_osm_pbf};
use corridors::{FeatureId, ProblemKind, Weighting};

#[test]
fn helsinki_roads_become_a_junction_graph() {
    let (net, report) = load_osm_pbf("data/osm/helsinki.osm.pbf", &OsmOptions::default()).unwrap();
    // Hubs are OSM nodes (integer ids).
    assert!(net.hubs().all(|h| matches!(h.id, FeatureId::Int(_))));
    assert!(net.hub_count() > 500 && net.segment_count() > net.hub_count() / 2);
    // The largest component holds most hubs.
    let s = &report.summary;
    assert!(
        s.components[0].len() * 10 > s.hubs * 9,
        "{:?}",
        s.components.iter().map(Vec::len).collect::<Vec<_>>()
    );
    // Segment lengths are positive, finite and sum to the reported total.
    let w = Weighting::Length.weights(&net).unwrap();
    assert!(w.iter().all(|l| *l > 0.0 && l.is_finite()));
    // Ways leaving the extract are cut and reported, not silently dropped.
    assert!(report.warnings_of(ProblemKind::IncompleteData).count() > 0);
    // One-way streets are kept as such.
    assert!(net.segments().filter(|s| s.oneway).count() > 10);
    // maxspeed tags become speeds.
    assert!(net.segments().any(|s| s.speed_kmh.is_some()));
}

#[test]
fn a_missing_file_is_an_io_error() {
    let e = load_osm_pbf("data/osm/none.osm.pbf", &OsmOptions::default()).unwrap_err();
    assert!(e.to_string().contains("none.osm.pbf"), "{e}");
}

#[test]
fn a_file_that_is_not_pbf_is_an_error_not_a_panic() {
    let e = load_osm_pbf("data/mexico/hubs.geojson", &OsmOptions::default());
    assert!(e.is_err());
}
