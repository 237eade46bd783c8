//! Regression tests for inputs found by the fuzz targets in `fuzz/` (one test per crash or
//! hang, named after it), and checks that the hand-made seeds are what they claim to be.
//! CI runs these; it does not run the fuzzer.

/// The hand-encoded OSM seed (`scripts/tiny_osm_pbf.py`) is a valid extract: 4 nodes, two
/// highway ways meeting at node 3.
#[cfg(feature = "osm")]
#[test]
fn tiny_osm_seed_is_a_valid_extract() {
    let b = corridors::io::osm::read_osm_pbf(
        "fuzz/corpus/osm_pbf/tiny.osm.pbf",
        &corridors::io::osm::OsmOptions::default(),
    )
    .unwrap();
    let (net, _) = b.build().unwrap();
    assert_eq!(net.hub_count(), 3); // ends 1, 4 and the junction 3
    assert_eq!(net.segment_count(), 2);
}

/// Every seed of the case-CSV targets reads without error or panic.
#[test]
fn case_csv_seeds_read() {
    for dir in ["fuzz/corpus/cases_csv", "fuzz/corpus/mmp"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            let _ = corridors::io::cases_csv::read_cases_csv_bytes(
                &p.display().to_string(),
                &bytes,
                &corridors::cases::ReadOptions::default(),
            );
        }
    }
}
