//! Regression tests for inputs found by the fuzz targets in `fuzz/` (one test per crash or
//! hang, named after it), and checks that the hand-made seeds are what they claim to be.
//! CI runs these; it does not run the fuzzer.

/// The hand-encoded OSM seed (`scripts/tiny_osm_pbf.py`) is a valid extract: 4 nodes, two
/// highway ways meeting at node 3.
#[cfg(feature = "osm")]
#[test]
fn tiny_osm_seed_is_a_valid_extract() {
    let b = corridors::io::osm::read_osm_pbf(
        "fuzz/seeds/osm_pbf/tiny.osm.pbf",
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
    for dir in ["fuzz/seeds/cases_csv", "fuzz/seeds/mmp"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            let _ = corridors::io::csv::read_cases_from(
                &p.display().to_string(),
                bytes.as_slice(),
                &corridors::io::ReadOptions::default(),
            );
        }
    }
}

/// boundaries_geojson crash-4eddf59dcece37fd98fc101f80f2a9f883fda422: a MultiPolygon ring with
/// a one-number position (`[-796]`) made `geojson`'s conversion to `geo` index past the end
/// (panic "index out of bounds: the len is 1 but the index is 1"). Now a typed error naming
/// the feature.
#[test]
fn boundaries_geojson_short_position() {
    let text =
        std::fs::read_to_string("tests/fixtures/fuzz/boundaries_short_position.geojson").unwrap();
    let e = corridors::io::geojson::read_boundaries_from("b.geojson", text.as_bytes()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("feature 1"), "{msg}");
    assert!(msg.contains("needs at least [lon, lat]"), "{msg}");
    // every geometry type with a short position is caught, not only rings
    for g in [
        r#"{"type":"Point","coordinates":[1]}"#,
        r#"{"type":"LineString","coordinates":[[1,2],[3]]}"#,
        r#"{"type":"Polygon","coordinates":[[[1,2],[3,4],[5],[1,2]]]}"#,
        r#"{"type":"GeometryCollection","geometries":[{"type":"MultiPoint","coordinates":[[1]]}]}"#,
    ] {
        let fc = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{g}}}]}}"#
        );
        assert!(
            corridors::io::geojson::read_boundaries_from("b.geojson", fc.as_bytes()).is_err(),
            "{g}"
        );
    }
}

/// osm_pbf crash-35f10ee6cea56aa21bf915bfd17ebef88083d0d0: a dense-node block whose
/// coordinate offset times granularity overflows made `osmpbf` panic ("attempt to multiply
/// with overflow" in `DenseNode::nano_lat`) in builds with overflow checks. Now an error
/// naming the file.
#[cfg(feature = "osm")]
#[test]
fn osm_pbf_coordinate_overflow() {
    let path = "tests/fixtures/fuzz/osm_pbf_coordinate_overflow.pbf";
    let r = corridors::io::osm::read_osm_pbf(path, &corridors::io::osm::OsmOptions::default())
        .and_then(|b| b.build().map(|_| ()));
    let e = r.expect_err("a corrupt extract is an error");
    assert!(e.to_string().contains(path), "{e}");
}
