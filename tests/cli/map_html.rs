//! `corridors map --html`: the page beside the picture, attribution from the sources used.

use crate::support::{corridors, counts, embedded};

#[test]
fn html_flag_writes_the_page_with_the_measure_layers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = corridors(&[
        "map",
        "--network",
        "data/mexico/hubs.geojson",
        "--network",
        "data/mexico/segments.geojson",
        "--measure",
        "cases",
        "--cases",
        "data/mexico/cases_synthetic.csv",
        "--html",
        "--attribution",
        "my shelter network",
        "--out-dir",
        out,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(dir.path().join("map.html")).unwrap();
    let data = embedded(&page);
    let titles: Vec<&str> = data["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Network: rail",
            "Network: road",
            "Hubs by kind",
            "Segments by cases"
        ]
    );
    let credit = "GeoNames (CC BY 4.0), Natural Earth (public domain), my shelter network";
    assert_eq!(data["attribution"], credit);
    let svg = std::fs::read_to_string(dir.path().join("map.svg")).unwrap();
    assert!(svg.contains(&format!("Data: {credit}")));
    // with a segment measure the plain network starts hidden, the hubs (no measure) shown
    let shown: Vec<bool> = data["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["visible"].as_bool().unwrap())
        .collect();
    assert_eq!(shown, [false, false, true, true]);
    let mut found = Vec::new();
    counts(&data["layers"], &mut found);
    assert!(found.iter().any(|&c| c >= 11.0));
    assert!(!found.iter().any(|&c| (1.0..11.0).contains(&c)));
}

#[cfg(feature = "osm")]
#[test]
fn osm_maps_credit_openstreetmap_and_have_no_sea_and_no_id_labels() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = corridors(&[
        "map",
        "--osm",
        "data/osm/helsinki.osm.pbf",
        "--html",
        "--out-dir",
        out,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(dir.path().join("map.svg")).unwrap();
    assert!(svg.contains("Data: © OpenStreetMap contributors (ODbL)<"));
    assert!(svg.contains(r##"id="sea""##) && !svg.contains("#d9e7f1"));
    assert!(
        !svg.contains(r#"class="label""#),
        "OSM node ids are no labels"
    );
    // the city fills the frame: its scale bar is in metres
    assert!(svg.contains(" m</text>"));
    let page = std::fs::read_to_string(dir.path().join("map.html")).unwrap();
    assert!(embedded(&page)["base"].is_null());
}
