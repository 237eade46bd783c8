//! Gazetteer resolution (hub id, name, geonameid, GeoNames place, point) and routing.

use crate::support::cases as cases_common;

use corridors::cases::{
    AggregateOptions, Gazetteer, ItineraryOptions, Resolution, aggregate_itineraries,
    route_itineraries,
};
use corridors::io::ReadOptions;

/// The test network, its gazetteer with GeoNames, and the HTCDS fixture.
fn fixture() -> (
    corridors::Network,
    Gazetteer,
    corridors::io::ReadReport<corridors::cases::Itinerary>,
) {
    let net = cases_common::network();
    let gaz = Gazetteer::new(&net)
        .with_places(corridors::io::csv::read_geonames("data/geonames/places.csv").unwrap());
    let r = corridors::io::csv::read_htcds(
        "tests/fixtures/cases/htcds_events.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    (net, gaz, r)
}

#[test]
fn htcds_fixture_resolves_and_routes() {
    let (net, gaz, r) = fixture();
    let (routed, diags) = route_itineraries(
        &net,
        &gaz,
        &r.records,
        &ItineraryOptions::default(),
        &Default::default(),
    )
    .unwrap();
    let hub = |id: &str| net.hub_index(id).unwrap();
    let method = |i: usize, k: usize| routed[i].stops[k].as_ref().map(|s| s.resolution.clone());
    // case 1: San Pedro Sula (hub name), a point at Tapachula, Cancún (name with accent)
    assert_eq!(method(0, 0), Some(Resolution::HubName));
    assert_eq!(method(0, 1), Some(Resolution::NearestHub));
    assert_eq!(routed[0].stops[1].as_ref().unwrap().hub, hub("tapachula"));
    assert_eq!(method(0, 2), Some(Resolution::HubName));
    // case 2: "tapachula" is a hub id; "CIUDAD JUAREZ" the hub named "Ciudad Juárez"
    assert_eq!(method(1, 0), Some(Resolution::HubId));
    assert_eq!(method(1, 2), Some(Resolution::HubName));
    let segs: Vec<String> = routed[1]
        .segments
        .iter()
        .map(|&e| net.segment(e).id.to_string())
        .collect();
    // tapachula → oaxaca → ciudad_juarez; road and rail tapachula–arriaga are parallel and
    // equally long: the lower segment index (the road) is taken
    assert_eq!(segs, ["tap_arr_road", "arr_oax", "oax_mex", "mex_cjs"]);
    assert_eq!(
        routed[1].origin_destination,
        Some((hub("tapachula"), hub("ciudad_juarez")))
    );
    // case 3: Atlantis is unresolvable (a row error on its line); Playa del Carmen is a
    // GeoNames place snapped to the nearest hub (Cancún, ~55 km)
    assert!(routed[2].stops[0].is_none());
    let playa = routed[2].stops[1].as_ref().unwrap();
    assert_eq!(
        playa.resolution,
        Resolution::GeoNames { geonameid: 3521342 }
    );
    assert_eq!(playa.hub, hub("cancun"));
    assert!(playa.distance_m > 40_000.0 && playa.distance_m < 70_000.0);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].location.line, Some(8));
    assert!(diags[0].message.contains("Atlantis"));
    // case 4: kept with an unknown event type and an impossible date (row warnings)
    assert_eq!(r.records[3].case_id, "HT-2023-004");
    // case 6: a GeoNames id that a hub carries
    assert_eq!(method(4, 0), Some(Resolution::HubGeonameId));
    // aggregation counts distinct cases per segment
    let agg = aggregate_itineraries(&net, &routed, &AggregateOptions::default()).unwrap();
    let seg = |id: &str| agg.segments[net.segment_index(id).unwrap()];
    assert_eq!(seg("mex_cjs").cases, 1);
    assert_eq!(seg("mex_cjs").victims, 3);
    assert_eq!(
        seg("pal_can").cases,
        2,
        "cases 1 and 6 reach Cancún via Palenque"
    );
    assert_eq!(agg.hubs[hub("tapachula")].cases, 3);
    // date window
    let jan = AggregateOptions {
        from: Some("2023-01-01".parse().unwrap()),
        to: Some("2023-01-31".parse().unwrap()),
    };
    let agg = aggregate_itineraries(&net, &routed, &jan).unwrap();
    assert_eq!(agg.cases_counted, 2);
}

#[test]
fn far_places_are_errors() {
    let net = cases_common::network();
    let gaz = Gazetteer::new(&net)
        .with_places(corridors::io::csv::read_geonames("data/geonames/places.csv").unwrap());
    let place = |n: &str, c: Option<&str>| corridors::cases::StopPlace::Place {
        name: n.into(),
        state: None,
        country: c.map(Into::into),
    };
    // Chiquimula (Guatemala) is ~190 km from Tapachula: beyond the default 100 km
    let e = gaz
        .resolve(&net, &place("Chiquimula", None), 100_000.0)
        .unwrap_err();
    assert!(e.to_string().contains("km away"), "{e}");
    assert!(
        gaz.resolve(&net, &place("Chiquimula", None), 300_000.0)
            .is_ok()
    );
    // country filter: no Oaxaca in Honduras
    assert!(
        gaz.resolve(&net, &place("Playa del Carmen", Some("Honduras")), 1e6)
            .is_err()
    );
    assert!(gaz.resolve(&net, &place("999999999", None), 1e6).is_err());
}

/// Aggregation with alternatives: k = 1 gives the plain counts; with k = 3 every case still
/// weighs 1 in total per leg, distinct counts only grow, and expected ≤ distinct.
#[test]
fn aggregation_with_alternatives() {
    use corridors::cases::{Alternatives, Split};
    let (net, gaz, r) = fixture();
    let with = |k: Option<usize>| {
        let opts = ItineraryOptions {
            alternatives: k.map(|k| Alternatives {
                k,
                split: Split::Equal,
            }),
            ..Default::default()
        };
        let (routed, _) =
            route_itineraries(&net, &gaz, &r.records, &opts, &Default::default()).unwrap();
        let agg = aggregate_itineraries(&net, &routed, &AggregateOptions::default()).unwrap();
        (routed, agg)
    };
    let (_, plain) = with(None);
    let (_, one) = with(Some(1));
    assert_eq!(one.segments, plain.segments);
    assert_eq!(one.hubs, plain.hubs);
    for (c, x) in plain.segments.iter().zip(&plain.expected_segments) {
        assert_eq!((c.cases as f64, c.victims as f64), (x.cases, x.victims));
    }
    let (routed, three) = with(Some(3));
    for r in &routed {
        let legs = r
            .alternatives
            .iter()
            .map(|a| a.leg)
            .max()
            .map_or(0, |l| l + 1);
        for leg in 0..legs {
            let s: f64 = r
                .alternatives
                .iter()
                .filter(|a| a.leg == leg)
                .map(|a| a.share)
                .sum();
            assert!((s - 1.0).abs() < 1e-12);
        }
    }
    assert!(routed.iter().any(|r| r.alternatives.len() > 1));
    for ((c3, c1), x) in three
        .segments
        .iter()
        .zip(&plain.segments)
        .zip(&three.expected_segments)
    {
        assert!(c3.cases >= c1.cases);
        assert!(x.cases <= c3.cases as f64 + 1e-9);
    }
    assert!(
        three
            .segments
            .iter()
            .zip(&plain.segments)
            .any(|(a, b)| a.cases > b.cases)
    );
}

mod weight_mode_and_ties {
    //! Cases routed like people travel: by the chosen weight, the case's own mode first, and
    //! a documented rule (not file order) between equal-cost parallel road and rail.

    use corridors::cases::{
        Gazetteer, Itinerary, ItineraryOptions, Stop, StopPlace, route_itineraries,
    };
    use corridors::{Costing, Hub, HubKind, Mode, Network, NetworkBuilder, SegmentSpec, Weighting};

    /// a–b by rail (listed first) and by road; `rail_km` and `road_km` set their lengths
    /// through explicit `length_m`; equal `minutes` when `tie`.
    fn net(rail_km: f64, road_km: f64, tie: bool) -> Network {
        let mut b = NetworkBuilder::new();
        b.add_hub(Hub::new("a", HubKind::Entry, -94.0, 16.2));
        b.add_hub(Hub::new("b", HubKind::Transit, -95.0, 16.4));
        let mut rail = SegmentSpec::between("ab_rail", "a", "b").with_mode(Mode::Rail);
        rail.length_m = Some(rail_km * 1000.0);
        let mut road = SegmentSpec::between("ab_road", "a", "b");
        road.length_m = Some(road_km * 1000.0);
        if tie {
            rail.minutes = Some(90.0);
            road.minutes = Some(90.0);
        }
        b.add_segment(rail);
        b.add_segment(road);
        b.build().unwrap().0
    }

    fn case(mode: Option<Mode>) -> Itinerary {
        let stop = |n: &str| Stop {
            place: StopPlace::Place {
                name: n.into(),
                state: None,
                country: None,
            },
            date: None,
            kind: None,
            line: 2,
        };
        Itinerary {
            case_id: "k".into(),
            stops: vec![stop("a"), stop("b")],
            victims: 1,
            mode,
        }
    }

    fn taken(net: &Network, w: Weighting, mode: Option<Mode>) -> String {
        let opts = ItineraryOptions {
            costing: Costing::new(w),
            ..Default::default()
        };
        let (r, d) = route_itineraries(
            net,
            &Gazetteer::new(net),
            &[case(mode)],
            &opts,
            &Default::default(),
        )
        .unwrap();
        assert!(d.is_empty(), "{d:?}");
        net.segment(r[0].segments[0]).id.to_string()
    }

    #[test]
    fn the_weight_decides_between_road_and_rail() {
        // rail 7 km shorter, but at 20 km/h against the road's 60 km/h
        let n = net(115.0, 122.0, false);
        assert_eq!(taken(&n, Weighting::Length, None), "ab_rail");
        assert_eq!(taken(&n, Weighting::default(), None), "ab_road");
        assert_eq!(
            ItineraryOptions::default().costing.weighting,
            Weighting::default()
        );
    }

    #[test]
    fn a_case_that_names_its_mode_prefers_it() {
        let n = net(115.0, 122.0, false);
        assert_eq!(taken(&n, Weighting::default(), Some(Mode::Rail)), "ab_rail");
        assert_eq!(taken(&n, Weighting::Length, Some(Mode::Road)), "ab_road");
    }

    #[test]
    fn equal_cost_parallel_segments_follow_the_documented_rule() {
        // equal minutes; rail has the lower segment index, road wins by mode order
        let n = net(120.0, 120.0, true);
        assert_eq!(taken(&n, Weighting::default(), None), "ab_road");
        assert_eq!(taken(&n, Weighting::default(), Some(Mode::Rail)), "ab_rail");
    }

    #[test]
    fn a_case_with_an_unresolvable_stop_is_counted_nowhere() {
        let n = net(115.0, 122.0, false);
        let mut it = case(None);
        it.stops.push(Stop {
            place: StopPlace::Place {
                name: "Atlantis".into(),
                state: None,
                country: None,
            },
            date: None,
            kind: None,
            line: 3,
        });
        let (r, d) = route_itineraries(
            &n,
            &Gazetteer::new(&n),
            &[it],
            &Default::default(),
            &Default::default(),
        )
        .unwrap();
        assert_eq!(d.len(), 1);
        assert!(
            r[0].segments.is_empty() && r[0].hubs.is_empty() && r[0].origin_destination.is_none()
        );
    }
}

#[test]
fn shipped_itineraries_never_leave_a_country_and_come_back() {
    let net = crate::support::mexico();
    let gaz = Gazetteer::new(&net)
        .with_places(corridors::io::csv::read_geonames("data/geonames/places.csv").unwrap());
    let r = corridors::io::csv::read_htcds(
        "data/mexico/itineraries_synthetic.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let (routed, diags) = route_itineraries(
        &net,
        &gaz,
        &r.records,
        &ItineraryOptions::default(),
        &Default::default(),
    )
    .unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    // leg by leg (a stop may itself lie across a border: a point near Ciudad Hidalgo can
    // resolve to Tecún Umán), no leg leaves a country and comes back
    let mut legs = 0;
    for it in &routed {
        let mut stops: Vec<usize> = it.stops.iter().flatten().map(|s| s.hub).collect();
        stops.dedup();
        let mut k = 1;
        let mut seq: Vec<String> = Vec::new();
        for (j, &h) in it.hubs.iter().enumerate() {
            if let Some(c) = net.hub(h).country()
                && seq.last() != Some(&c)
            {
                assert!(
                    !seq.contains(&c),
                    "case {} re-enters {c}: {seq:?}",
                    it.case_index
                );
                seq.push(c);
            }
            if j > 0 && stops.get(k) == Some(&h) {
                k += 1;
                legs += 1;
                seq = net.hub(h).country().into_iter().collect();
            }
        }
    }
    assert!(legs >= 300, "{legs}");
    assert!(routed.len() >= 300);
}
