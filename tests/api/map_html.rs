//! The offline HTML map (`corridors::map::html`): the page embeds only published layers.
//!
//! The browser test of the same page (every hub and segment drawn, layer control, tooltip,
//! no request) is `tests/browser/map_page.mjs`, run by `scripts/ci_browser.sh`.

use crate::support::{counts, embedded, mexico};

use corridors::cases::{
    AggregateOptions, Gazetteer, ItineraryOptions, PrivacyGuard, aggregate_itineraries,
    route_itineraries,
};
use corridors::io::{self, ReadOptions};
use corridors::map::html::{HtmlLayer, HtmlOptions, network_layers, render_html};
use corridors::map::{self, ClassOptions, HubMeasure};
use serde_json::Value;

#[test]
fn mexico_page_publishes_no_small_count_no_case_id_and_stays_small() {
    let net = mexico();
    let guard = PrivacyGuard::default();
    let k = guard.min_count as f64;
    let its = io::csv::read_htcds(
        "data/mexico/itineraries_synthetic.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let gaz = Gazetteer::new(&net)
        .with_places(io::csv::read_geonames("data/geonames/places.csv").unwrap());
    let (routed, _) = route_itineraries(
        &net,
        &gaz,
        &its.records,
        &ItineraryOptions::default(),
        &Default::default(),
    )
    .unwrap();
    let agg = aggregate_itineraries(&net, &routed, &AggregateOptions::default()).unwrap();
    // the raw counts do hold small values, so the guard has something to hide
    let small = agg
        .segments
        .iter()
        .filter(|s| s.cases >= 1 && (s.cases as f64) < k)
        .count();
    assert!(small > 0, "the synthetic data should have small counts");

    let classes = ClassOptions::default();
    let published = guard.publish(&net, &agg).unwrap();
    let load = map::case_load_measure(&published);
    let od = HubMeasure::degree(&net);
    let mut layers = network_layers(&net);
    layers.push(HtmlLayer::new(
        "Hubs by degree",
        map::hub_measure_layer(&net, &od, &classes).unwrap(),
        Some("degree"),
    ));
    layers.push(HtmlLayer::new(
        "Segments by cases",
        map::segment_measure_layer(&net, &load, &classes).unwrap(),
        Some("cases"),
    ));
    layers.push(HtmlLayer::new(
        "Cases per segment and hub",
        map::cases_layer(&net, &published).unwrap(),
        Some("cases"),
    ));
    let outlines = io::geojson::read_boundaries("data/boundaries/countries_50m.geojson").unwrap();
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

#[test]
fn simplify_m_thins_the_page_geometry_only() {
    use corridors::{Hub, HubKind, NetworkBuilder, SegmentSpec};
    // a 10 km street-like line of 201 vertices wiggling by ±2 m around a straight line
    let line: Vec<(f64, f64)> = (0..=200)
        .map(|i| {
            let x = 24.9 + 0.0009 * i as f64;
            let wiggle = if i % 2 == 0 { 2.0 } else { -2.0 } / 111_195.0;
            (x, 60.17 + if i == 0 || i == 200 { 0.0 } else { wiggle })
        })
        .collect();
    let mut b = NetworkBuilder::new();
    b.add_hub(Hub::new("a", HubKind::Transit, line[0].0, line[0].1).with_name("A"));
    b.add_hub(Hub::new("b", HubKind::Transit, line[200].0, line[200].1).with_name("B"));
    b.add_segment(
        SegmentSpec::between("ab", "a", "b")
            .with_geometry(corridors::geo::LineString::from(line.clone())),
    );
    let (net, _) = b.build().unwrap();
    let vertices = |opts: &HtmlOptions| {
        let page = render_html(&network_layers(&net), None, opts).unwrap();
        embedded(&page)["layers"][0]["data"]["features"][0]["geometry"]["coordinates"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(vertices(&HtmlOptions::default()), 201);
    // 5 m: the ±2 m wiggle goes, the ends stay
    let five = HtmlOptions {
        simplify_m: Some(5.0),
        ..HtmlOptions::default()
    };
    assert_eq!(vertices(&five), 2);
    // 1 m: below the wiggle, every vertex stays
    let one = HtmlOptions {
        simplify_m: Some(1.0),
        ..HtmlOptions::default()
    };
    assert_eq!(vertices(&one), 201);
    // the network itself is untouched
    assert_eq!(net.segment(0).geometry.0.len(), 201);
}
