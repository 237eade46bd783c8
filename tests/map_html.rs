//! The offline HTML map (`corridors::map::html`): the page embeds only published layers.
//!
//! The browser test of the same page (every hub and segment drawn, layer control, tooltip,
//! no request) is `tests/browser/map_page.mjs`, run by `scripts/ci_browser.sh`.

use corridors::cases::{
    AggregateOptions, Gazetteer, ItineraryOptions, PrivacyGuard, ReadOptions,
    aggregate_itineraries, route_itineraries,
};
use corridors::map::html::{HtmlLayer, HtmlOptions, network_layers, render_html};
use corridors::map::svg::Boundaries;
use corridors::map::{self, ClassOptions, HubMeasure};
use corridors::{Network, io};
use serde_json::Value;

fn mexico() -> Network {
    io::load_network(
        &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
        1.0,
    )
    .expect("data/mexico loads")
    .0
}

/// The JSON embedded in the page.
fn embedded(page: &str) -> Value {
    let tag = "<script id=\"corridors-data\" type=\"application/json\">";
    let start = page.find(tag).expect("data block") + tag.len();
    let end = start + page[start..].find("</script>").expect("end of data block");
    serde_json::from_str(&page[start..end]).expect("valid JSON")
}

/// Every numeric value under a key that names a count (`cases`, `victims`, `*count*`).
fn counts(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let is_count = k == "cases" || k == "victims" || k.contains("count");
                if let (true, Some(n)) = (is_count, x.as_f64()) {
                    out.push(n);
                }
                counts(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| counts(x, out)),
        _ => {}
    }
}

#[test]
fn mexico_page_publishes_no_small_count_no_case_id_and_stays_small() {
    let net = mexico();
    let guard = PrivacyGuard::default();
    let k = guard.min_count as f64;
    let its = io::htcds::read_htcds_csv(
        "data/mexico/itineraries_synthetic.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let gaz = Gazetteer::new(&net)
        .with_geonames("data/geonames/places.csv")
        .unwrap();
    let (routed, _) =
        route_itineraries(&net, &gaz, &its.records, &ItineraryOptions::default()).unwrap();
    let agg = aggregate_itineraries(&net, &routed, &AggregateOptions::default()).unwrap();
    // the raw counts do hold small values, so the guard has something to hide
    let small = agg
        .segments
        .iter()
        .filter(|s| s.cases >= 1 && (s.cases as f64) < k)
        .count();
    assert!(small > 0, "the synthetic data should have small counts");

    let classes = ClassOptions::default();
    let load = map::case_load_measure(&agg, &guard);
    let od = HubMeasure::degree(&net);
    let mut layers = network_layers(&net);
    layers.push(HtmlLayer::new(
        "Hubs by degree",
        map::hub_measure_layer(&net, &od, &classes).unwrap(),
        Some("degree"),
    ));
    layers.push(HtmlLayer::new(
        "Segments by cases",
        map::segment_load_layer(&net, &load, &classes).unwrap(),
        Some("cases"),
    ));
    layers.push(HtmlLayer::new(
        "Cases per segment and hub",
        map::cases_layer(&net, &agg, &guard).unwrap(),
        Some("cases"),
    ));
    let outlines = Boundaries::from_file("data/boundaries/countries_50m.geojson").unwrap();
    let page = render_html(&layers, Some(&outlines), &HtmlOptions::default()).unwrap();
    assert!(page.len() < 2_000_000, "page is {} bytes", page.len());

    let data = embedded(&page);
    let mut found = Vec::new();
    counts(&data["layers"], &mut found);
    assert!(
        found.iter().any(|&c| c >= k),
        "published counts are embedded"
    );
    let leaked: Vec<f64> = found
        .iter()
        .copied()
        .filter(|&c| c >= 1.0 && c < k)
        .collect();
    assert!(leaked.is_empty(), "counts 1..k-1 in the page: {leaked:?}");
    // suppressed segments are there, marked, without their count
    let seg_layer = &data["layers"][layers.len() - 2]["data"]["features"];
    let suppressed: Vec<&Value> = seg_layer
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["suppressed"] == true)
        .collect();
    assert!(!suppressed.is_empty());
    assert!(
        suppressed
            .iter()
            .all(|f| f["properties"]["cases"].is_null())
    );
    // no case id and no case coordinate: only hub and segment geometry is embedded
    for r in &its.records {
        assert!(
            !page.contains(&format!("\"{}\"", r.case_id)),
            "case id {} in the page",
            r.case_id
        );
    }
    assert_eq!(
        data["privacy_note"],
        format!(
            "Privacy: counts below k = {} are not shown.",
            guard.min_count
        )
    );
}

#[test]
fn page_coordinates_have_at_most_six_decimals() {
    let net = mexico();
    let page = render_html(&network_layers(&net), None, &HtmlOptions::default()).unwrap();
    let data = embedded(&page);
    let mut n = 0;
    let mut check = |v: &Value| {
        for c in v.as_array().unwrap() {
            let x = c.as_f64().unwrap();
            assert_eq!(x, (x * 1e6).round() / 1e6);
            n += 1;
        }
    };
    for l in data["layers"].as_array().unwrap() {
        for f in l["data"]["features"].as_array().unwrap() {
            let g = &f["geometry"];
            match g["type"].as_str().unwrap() {
                "Point" => check(&g["coordinates"]),
                _ => g["coordinates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .for_each(&mut check),
            }
        }
    }
    assert!(n > net.hub_count() * 2);
}

/// `corridors map --html`: the page beside the picture, attribution from the sources used.
#[cfg(feature = "cli")]
mod cli {
    use std::process::Command;

    fn corridors(args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_corridors"))
            .args(args)
            .output()
            .expect("the binary runs")
    }

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
        let data = super::embedded(&page);
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
        super::counts(&data["layers"], &mut found);
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
        assert!(super::embedded(&page)["base"].is_null());
    }
}
