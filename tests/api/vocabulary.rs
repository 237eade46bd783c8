//! Library behaviour behind the CLI's one vocabulary (issue 16, points 5 and 6): hub
//! references in demand, itineraries and corridors files; unresolvable stops leave their
//! case out; whole-file checks of the network input; the privacy threshold in map layers.

use corridors::cases::{
    AggregateOptions, Gazetteer, Itinerary, ItineraryOptions, PrivacyGuard, Stop, StopPlace,
    count_itineraries, drop_unresolved, route_itineraries,
};
use corridors::demand::OdDemand;
use corridors::{Error, Hub, HubKind, NetworkBuilder, ProblemKind, SegmentSpec, Severity};

fn mexico() -> corridors::Network {
    crate::support::mexico()
}

#[test]
fn od_demand_between_takes_every_reference_form() {
    let net = mexico();
    let by_ids = OdDemand::between(&net, &["tapachula", "tenosique"], &["tijuana"]).unwrap();
    let by_names =
        OdDemand::between(&net, &[" Tapachula", "name:TENOSIQUE"], &["Tijuana "]).unwrap();
    assert_eq!(by_ids, by_names);
    let entries = net.hubs_of_kind(HubKind::Entry);
    let by_kind = OdDemand::between(&net, &["kind:entry"], &["kind:border_crossing"]).unwrap();
    let by_indices =
        OdDemand::between_indices(&net, &entries, &net.hubs_of_kind(HubKind::BorderCrossing))
            .unwrap();
    assert_eq!(by_kind.len(), by_indices.len());
    assert_eq!(by_kind.total(), by_indices.total());
    // country: every hub whose `country` is BZ
    let bz = OdDemand::between(&net, &["country:bz"], &["tijuana"]).unwrap();
    assert!(!bz.is_empty());
    for p in bz.pairs() {
        assert_eq!(net.hub(p.origin).country().as_deref(), Some("BZ"));
    }
    match OdDemand::between(&net, &["tapachla"], &["tijuana"]).unwrap_err() {
        Error::UnknownHub { suggestions, .. } => {
            assert!(
                suggestions.iter().any(|s| s == "tapachula"),
                "{suggestions:?}"
            )
        }
        e => panic!("{e}"),
    }
    // from_ids: one hub per end, any case
    let d = OdDemand::from_ids(&net, [("TAPACHULA", "Ciudad Juárez", 2.0)]).unwrap();
    assert_eq!(d.pairs()[0].origin, net.hub_index("tapachula").unwrap());
    assert_eq!(
        d.pairs()[0].destination,
        net.hub_index("ciudad_juarez").unwrap()
    );
    assert!(OdDemand::from_ids(&net, [("kind:entry", "tijuana", 1.0)]).is_err());
}

#[test]
fn demand_csv_rows_name_hubs_like_every_command() {
    let net = mexico();
    let text = "origin,destination,demand\nTapachula,kind:border_crossing,2\n";
    let d = corridors::io::csv::read_demand_from("d.csv", text.as_bytes(), &net).unwrap();
    let borders = net.hubs_of_kind(HubKind::BorderCrossing).len();
    assert_eq!(d.len(), borders);
    assert_eq!(d.total(), 2.0 * borders as f64);
    let bad = "origin,destination,demand\ntapachula,tijuanna,1\n";
    let err = corridors::io::csv::read_demand_from("d.csv", bad.as_bytes(), &net).unwrap_err();
    let diag = &err.diagnostics()[0];
    assert_eq!(diag.kind, ProblemKind::UnknownHub);
    assert!(
        diag.message.contains("did you mean tijuana"),
        "{}",
        diag.message
    );
}

fn stop(name: &str, line: u64) -> Stop {
    Stop {
        place: StopPlace::Place {
            name: name.into(),
            state: None,
            country: None,
        },
        date: None,
        kind: None,
        line,
    }
}

/// Itineraries read from HTCDS text, one `(case id, stops)` each (through the reader, so
/// that the record type may grow fields).
fn itineraries(cases: &[(&str, &[&str])]) -> Vec<Itinerary> {
    let mut csv = String::from("hte_CaseId,hte_Date,hte_City\n");
    for (id, stops) in cases {
        for (i, s) in stops.iter().enumerate() {
            csv.push_str(&format!("{id},2024-01-{:02},{s}\n", i + 1));
        }
    }
    corridors::io::csv::read_htcds_from("it.csv", csv.as_bytes(), &Default::default())
        .unwrap()
        .records
}

#[test]
fn itinerary_stops_resolve_hub_references_and_suggest() {
    let net = mexico();
    let g = Gazetteer::new(&net);
    let tapachula = net.hub_index("tapachula").unwrap();
    for name in ["tapachula", "TAPACHULA", "id:Tapachula", "name:tapachula"] {
        let r = g.resolve(&net, &stop(name, 2).place, 50_000.0).unwrap();
        assert_eq!(r.hub, tapachula, "{name}");
    }
    let e = g
        .resolve(&net, &stop("Tapachla", 2).place, 50_000.0)
        .unwrap_err();
    assert!(e.to_string().contains("did you mean tapachula"), "{e}");
    // a reference naming several hubs is not one stop
    assert!(
        g.resolve(&net, &stop("kind:entry", 2).place, 50_000.0)
            .is_err()
    );
}

#[test]
fn a_case_with_an_unresolvable_stop_is_left_out() {
    let net = mexico();
    let g = Gazetteer::new(&net);
    let its = itineraries(&[
        ("ok", &["tapachula", "tijuana"]),
        // the misspelt origin used to make this a Cancún → Tijuana case
        ("typo", &["Tapachla", "cancun", "tijuana"]),
    ]);
    assert_eq!(its.len(), 2);
    let c = count_itineraries(
        &net,
        &g,
        &its,
        &ItineraryOptions::default(),
        &AggregateOptions::default(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(c.aggregate.cases_counted, 1);
    assert_eq!(c.aggregate.cases_excluded, 1);
    assert_eq!(c.dropped_unresolved, 1);
    assert_eq!(c.diagnostics.len(), 1);
    assert_eq!(c.diagnostics[0].severity, Severity::Warning);
    assert!(c.diagnostics[0].message.contains("not counted"));
    let cancun = net.hub_index("cancun").unwrap();
    assert_eq!(c.aggregate.hubs[cancun].cases, 0);
    // the same rule for corridor counts: routed, then dropped
    let (mut routed, _) = route_itineraries(
        &net,
        &g,
        &its,
        &ItineraryOptions::default(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(drop_unresolved(&mut routed), 1);
    assert!(routed[1].hubs.is_empty() && routed[1].origin_destination.is_none());
    assert!(!routed[0].hubs.is_empty());
}

#[test]
fn corridors_files_name_hubs_like_every_command() {
    let net = mexico();
    let text = r#"{"corridors": [{"id": "x", "name": "X", "hubs": ["Tapachula", "name:ARRIAGA", "id:JUCHITAN"]}]}"#;
    let mut file =
        corridors::io::corridors_json::read_corridors_from("c.json", text.as_bytes()).unwrap();
    corridors::io::corridors_json::canonical_hub_ids(&mut file, &net).unwrap();
    assert_eq!(file.corridors[0].hubs, ["tapachula", "arriaga", "juchitan"]);
    let resolved =
        corridors::routing::resolve_corridors(&net, &file.corridors, &Default::default()).unwrap();
    assert_eq!(resolved[0].stops.len(), 3);
    let bad = r#"{"corridors": [{"id": "x", "name": "X", "hubs": ["tapachula", "kind:entry"]}]}"#;
    let mut file =
        corridors::io::corridors_json::read_corridors_from("c.json", bad.as_bytes()).unwrap();
    let e = corridors::io::corridors_json::canonical_hub_ids(&mut file, &net).unwrap_err();
    assert!(e.to_string().contains("corridor \"x\""), "{e}");
}

#[test]
fn segments_without_their_hubs_are_one_error_with_a_hint() {
    let mut b = NetworkBuilder::new();
    corridors::io::add_network_files(&mut b, &["data/mexico/segments.geojson"]);
    let err = b.build().unwrap_err();
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 1, "{err}");
    assert_eq!(diags[0].kind, ProblemKind::UnknownHub);
    let net = mexico();
    let referenced = (0..net.hub_count()).filter(|&h| net.degree(h) > 0).count();
    assert!(
        diags[0]
            .message
            .contains(&format!("{referenced} hub id(s)")),
        "{}",
        diags[0].message
    );
    assert!(
        diags[0].message.contains("hubs file"),
        "{}",
        diags[0].message
    );
    // one unknown id among known hubs is still named on its own
    let mut b = NetworkBuilder::new();
    b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
    b.add_hub(Hub::new("b", HubKind::Transit, -92.0, 16.0));
    b.add_segment(SegmentSpec::between("ab", "a", "b"));
    b.add_segment(SegmentSpec::between("ax", "a", "x"));
    let err = b.build().unwrap_err();
    assert!(err.to_string().contains("unknown hub id \"x\""), "{err}");
}

#[test]
fn data_centred_near_a_pole_warns_lat_lon_once() {
    // Yucatán and Belize written [lat, lon]: every point in range, all in Antarctica
    let places = [
        ("cancun", -86.85, 21.17),
        ("merida", -89.62, 20.97),
        ("chetumal", -88.30, 18.50),
        ("belize_city", -88.20, 17.50),
    ];
    let build = |swap: bool| {
        let mut b = NetworkBuilder::new();
        for (id, lon, lat) in places {
            let (x, y) = if swap { (lat, lon) } else { (lon, lat) };
            b.add_hub(Hub::new(id, HubKind::Transit, x, y));
        }
        b.add_segment(SegmentSpec::between("s1", "cancun", "merida"));
        b.add_segment(SegmentSpec::between("s2", "merida", "chetumal"));
        b.add_segment(SegmentSpec::between("s3", "chetumal", "belize_city"));
        b.build().unwrap().1
    };
    let swapped = build(true);
    let warnings: Vec<_> = swapped
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("may be [lat, lon]"))
        .collect();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert!(
        !build(false)
            .diagnostics
            .iter()
            .any(|d| d.message.contains("[lat, lon]"))
    );
}

#[test]
fn case_layers_carry_the_threshold() {
    let net = corridors::fixtures::path(&["a", "b", "c"]);
    let counts = |cases| corridors::cases::Counts {
        cases,
        victims: cases,
    };
    let agg = corridors::cases::Aggregate {
        segments: vec![counts(4), counts(30)],
        hubs: vec![counts(4), counts(30), counts(30)],
        ..Default::default()
    };
    let guard = PrivacyGuard {
        min_count: 5,
        rounding: None,
    };
    let published = guard.publish(&net, &agg).unwrap();
    let m = corridors::map::case_load_measure(&published);
    let fc = corridors::map::segment_measure_layer(&net, &m, &Default::default()).unwrap();
    let fm = fc.foreign_members.unwrap();
    assert_eq!(fm["privacy"]["min_count"], 5);
    assert_eq!(fm["privacy"]["publishable"], false);
    assert!(
        fm["legend"]["description"]
            .as_str()
            .unwrap()
            .contains("suppressed (fewer than 5, or to protect one)")
    );
    assert_eq!(PrivacyGuard::default().metadata()["publishable"], true);
}

#[test]
fn svg_labels_the_endpoint_hubs() {
    let net = mexico();
    let od = corridors::map::HubMeasure::new(
        "od_betweenness",
        (0..net.hub_count())
            .map(|i| Some(if i % 2 == 0 { 0.0 } else { i as f64 }))
            .collect(),
    );
    let endpoints = vec![
        net.hub_index("tapachula").unwrap(),
        net.hub_index("tijuana").unwrap(),
    ];
    let layers = corridors::map::svg::MapLayers {
        hub_measure: Some(&od),
        segment_measure: None,
        boundaries: None,
    };
    let opts = corridors::map::svg::SvgOptions {
        labels: 0,
        endpoint_hubs: endpoints,
        ..Default::default()
    };
    let svg = corridors::map::svg::render_svg(&net, &layers, &opts).unwrap();
    assert_eq!(svg.matches("class=\"label endpoint\"").count(), 2);
    assert!(svg.contains(">Tapachula<") && svg.contains(">Tijuana<"));
    assert!(
        !svg.contains("class=\"label\""),
        "no ranked label with labels: 0"
    );
}
