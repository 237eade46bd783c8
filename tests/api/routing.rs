//! Routing: NetworkX parity for k shortest simple paths, route invariants on the Mexico
//! network, typed unreachable results, via routes, diversity and named corridors.

use crate::support as common;

use std::collections::HashSet;

use corridors::cases::{
    AggregateOptions, Gazetteer, ItineraryOptions, PrivacyGuard, corridor_case_counts,
    route_itineraries,
};
use corridors::io::ReadOptions;
use corridors::io::corridors_json::read_corridors as load_corridors;
use corridors::io::csv::read_htcds;
use corridors::map::corridor_cases_layer;
use corridors::routing::{
    Filter, KRoutesOptions, Route, Router, RouterOptions, Unreachable, resolve_corridors,
    route_overlap,
};
use corridors::{Costing, Direction, Mode, Network, Weighting};

fn check_route(net: &Network, router: &Router<'_>, r: &Route, from: usize, to: usize) {
    assert_eq!(r.hubs.first(), Some(&from));
    assert_eq!(r.hubs.last(), Some(&to));
    assert_eq!(r.hubs.len(), r.segments.len() + 1);
    let mut cost = 0.0;
    let mut len = 0.0;
    for (k, &e) in r.segments.iter().enumerate() {
        let (a, b) = net.endpoints(e);
        let (x, y) = (r.hubs[k], r.hubs[k + 1]);
        assert!(
            (a, b) == (x, y) || (a, b) == (y, x),
            "segment {e} joins the hubs around it"
        );
        cost += router.weights()[e];
        len += net.segment(e).length_m;
    }
    assert!(
        (cost - r.cost).abs() <= 1e-9 * cost.max(1.0),
        "cost = Σ segment weights"
    );
    assert!((len - r.length_m).abs() <= 1e-6 * len.max(1.0));
    let g = &r.geometry.0;
    let (p0, p1) = (net.hub(from).location.0, net.hub(to).location.0);
    assert!(
        (g[0].x - p0.x).abs() < 1e-3 && (g[0].y - p0.y).abs() < 1e-3,
        "geometry starts at the origin"
    );
    let l = g[g.len() - 1];
    assert!(
        (l.x - p1.x).abs() < 1e-3 && (l.y - p1.y).abs() < 1e-3,
        "geometry ends at the destination"
    );
}

#[test]
fn k_shortest_paths_match_networkx() {
    let fx = common::fixture();
    for case in fx["ksp"].as_array().unwrap() {
        let n = case["n"].as_u64().unwrap() as usize;
        let directed = case["directed"].as_bool().unwrap();
        let (net, w) = common::from_edges(n, &common::fixture_edges(case), directed);
        let opts = RouterOptions {
            costing: Costing {
                weighting: Weighting::Length,
                direction: if directed {
                    Direction::Directed
                } else {
                    Direction::Undirected
                },
                ..Default::default()
            },
        };
        let router = Router::with_weights(&net, w, &opts).unwrap();
        let mut ws = router.workspace();
        let s = net.require_hub(&format!("h{}", case["source"])).unwrap();
        let t = net.require_hub(&format!("h{}", case["target"])).unwrap();
        let k = case["k"].as_u64().unwrap() as usize;
        let routes = router
            .k_routes(
                &mut ws,
                s,
                t,
                &KRoutesOptions {
                    k,
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        let want: Vec<Vec<String>> = case["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.as_array()
                    .unwrap()
                    .iter()
                    .map(|h| format!("h{h}"))
                    .collect()
            })
            .collect();
        let got: Vec<Vec<String>> = routes.iter().map(|r| r.hub_ids(&net)).collect();
        assert_eq!(
            got, want,
            "same paths in the same order as nx.shortest_simple_paths"
        );
        let costs: Vec<f64> = case["costs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_f64().unwrap())
            .collect();
        assert_eq!(routes.iter().map(|r| r.cost).collect::<Vec<_>>(), costs);
    }
}

#[test]
fn mexico_k_routes_are_loopless_distinct_and_sorted() {
    let net = common::mexico();
    for weighting in [Weighting::Length, "minutes".parse().unwrap()] {
        let router = Router::new(&net, &RouterOptions::new(Costing::new(weighting))).unwrap();
        let mut ws = router.workspace();
        let from = net.require_hub("tapachula").unwrap();
        for to in ["tijuana", "ciudad_juarez", "matamoros", "nuevo_laredo"] {
            let to = net.require_hub(to).unwrap();
            let routes = router
                .k_routes(
                    &mut ws,
                    from,
                    to,
                    &KRoutesOptions {
                        k: 6,
                        ..Default::default()
                    },
                    None,
                )
                .unwrap();
            assert_eq!(routes.len(), 6);
            let best = router.route(&mut ws, from, to, None).unwrap();
            assert_eq!(routes[0].segments, best.segments);
            let mut seen = HashSet::new();
            for w in routes.windows(2) {
                assert!(w[0].cost <= w[1].cost, "non-decreasing cost");
            }
            for r in &routes {
                check_route(&net, &router, r, from, to);
                let hubs: HashSet<_> = r.hubs.iter().collect();
                assert_eq!(hubs.len(), r.hubs.len(), "loopless");
                assert!(seen.insert(r.segments.clone()), "distinct");
            }
        }
    }
}

#[test]
fn unreachable_is_a_typed_result() {
    // two components: h0-h1 and h2-h3
    let (net, w) = common::from_edges(4, &[(0, 1, 1.0), (2, 3, 1.0)], false);
    let router = Router::with_weights(&net, w, &RouterOptions::default()).unwrap();
    let mut ws = router.workspace();
    assert_eq!(
        router.route(&mut ws, 0, 3, None),
        Err(Unreachable { from: 0, to: 3 })
    );
    assert_eq!(
        router.k_routes(&mut ws, 0, 2, &KRoutesOptions::default(), None),
        Err(Unreachable { from: 0, to: 2 })
    );
    // a via route reports the failing leg
    assert_eq!(
        router.route_via(&mut ws, &[0, 1, 2], None),
        Err(Unreachable { from: 1, to: 2 })
    );
    // removing the only link makes a reachable pair unreachable
    let f = Filter::from_ids(&net, &["e0"]).unwrap();
    assert!(router.route(&mut ws, 0, 1, None).is_ok());
    assert_eq!(
        router.route(&mut ws, 0, 1, Some(&f)),
        Err(Unreachable { from: 0, to: 1 })
    );
    // bad ids are errors that name the id
    let e = router.stops(&["h0", "nowhere"]).unwrap_err().to_string();
    assert!(e.contains("nowhere"), "{e}");
    assert!(
        Filter::from_ids(&net, &["zz"])
            .unwrap_err()
            .to_string()
            .contains("zz")
    );
}

#[test]
fn via_route_passes_the_stops_and_adds_up() {
    let net = common::mexico();
    let router = Router::new(&net, &RouterOptions::default()).unwrap();
    let mut ws = router.workspace();
    let stops = router.stops(&["tapachula", "cancun", "tijuana"]).unwrap();
    let r = router.route_via(&mut ws, &stops, None).unwrap();
    check_route(&net, &router, &r, stops[0], stops[2]);
    assert!(r.hubs.contains(&stops[1]));
    let a = router.route(&mut ws, stops[0], stops[1], None).unwrap();
    let b = router.route(&mut ws, stops[1], stops[2], None).unwrap();
    assert!((a.cost + b.cost - r.cost).abs() < 1e-6);
    let direct = router.route(&mut ws, stops[0], stops[2], None).unwrap();
    assert!(direct.cost < r.cost, "the detour via Cancún is longer");
}

#[test]
fn diversity_option_limits_shared_length() {
    let net = common::mexico();
    let router = Router::new(&net, &RouterOptions::default()).unwrap();
    let mut ws = router.workspace();
    let (s, t) = (
        net.require_hub("tapachula").unwrap(),
        net.require_hub("tijuana").unwrap(),
    );
    let plain = router
        .k_routes(
            &mut ws,
            s,
            t,
            &KRoutesOptions {
                k: 3,
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let opts = KRoutesOptions {
        k: 3,
        max_shared: Some(0.6),
        max_examined: 200,
    };
    let diverse = router.k_routes(&mut ws, s, t, &opts, None).unwrap();
    assert!(!diverse.is_empty() && diverse.len() <= 3);
    assert_eq!(diverse[0].segments, plain[0].segments);
    for (i, r) in diverse.iter().enumerate() {
        for q in &diverse[..i] {
            assert!(r.shared_length_m(q, &net) <= 0.6 * r.length_m + 1e-6);
            assert!(q.cost <= r.cost);
        }
    }
    // plain alternatives overlap heavily (that is why the option exists)
    assert!(plain[1].shared_length_m(&plain[0], &net) > 0.6 * plain[1].length_m);
}

#[test]
fn filter_equals_rebuilt_network_for_routes() {
    let net = common::mexico();
    let router = Router::new(&net, &RouterOptions::default()).unwrap();
    let mut ws = router.workspace();
    let (s, t) = (
        net.require_hub("tapachula").unwrap(),
        net.require_hub("nuevo_laredo").unwrap(),
    );
    let best = router.route(&mut ws, s, t, None).unwrap();
    // remove an interior hub of the best route: the new best route avoids it and costs more
    let cut = best.hubs[best.hubs.len() / 2];
    let mut f = Filter::none(&net);
    f.remove_hub(cut);
    let detour = router.route(&mut ws, s, t, Some(&f)).unwrap();
    assert!(!detour.hubs.contains(&cut));
    assert!(detour.cost > best.cost);
    let rebuilt = common::without(&net, &[net.hub(cut).id.as_key()], &[]);
    let r2 = Router::new(&rebuilt, &RouterOptions::default()).unwrap();
    let mut ws2 = r2.workspace();
    let d2 = r2
        .route(
            &mut ws2,
            rebuilt.require_hub("tapachula").unwrap(),
            rebuilt.require_hub("nuevo_laredo").unwrap(),
            None,
        )
        .unwrap();
    assert!((d2.cost - detour.cost).abs() < 1e-6);
    assert_eq!(d2.segment_ids(&rebuilt), detour.segment_ids(&net));
}

#[test]
fn mexico_corridors_resolve() {
    let net = common::mexico();
    let file = load_corridors("data/mexico/corridors.json").unwrap();
    let ids: Vec<&str> = file.corridors.iter().map(|c| c.id.as_str()).collect();
    for want in ["gulf", "central", "pacific", "la_bestia"] {
        assert!(ids.contains(&want), "{want} corridor present");
    }
    let resolved = resolve_corridors(&net, &file.corridors, &Default::default()).unwrap();
    for c in &resolved {
        assert!(!c.corridor.sources.is_empty() && c.corridor.approximate);
        // stops appear in order along the route
        let mut at = 0;
        for &s in &c.stops {
            at += c.route.hubs[at..]
                .iter()
                .position(|&h| h == s)
                .expect("stop on route");
        }
        assert!(c.route.length_m > 100_000.0);
    }
    let bestia = resolved
        .iter()
        .find(|c| c.corridor.id == "la_bestia")
        .unwrap();
    assert_eq!(bestia.corridor.mode, Some(Mode::Rail));
    assert!(
        bestia.mode_share > 0.95,
        "rail corridor follows rail: {}",
        bestia.mode_share
    );
    // overlap of a route with a corridor: the corridor's own route overlaps fully
    assert!((route_overlap(&net, &bestia.route, bestia) - 1.0).abs() < 1e-9);
}

/// Per-corridor counts of the synthetic itineraries: distinct cases (brute force), and the
/// published layer never shows a count from 1 to min_count − 1.
#[test]
fn corridor_case_counts_are_distinct_and_guarded() {
    let net = common::mexico();
    let file = load_corridors("data/mexico/corridors.json").unwrap();
    let resolved = resolve_corridors(&net, &file.corridors, &Default::default()).unwrap();
    let its = read_htcds(
        "data/mexico/itineraries_synthetic.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let gaz = Gazetteer::new(&net)
        .with_places(corridors::io::csv::read_geonames("data/geonames/places.csv").unwrap());
    let (routed, _) = route_itineraries(
        &net,
        &gaz,
        &its.records,
        &ItineraryOptions::default(),
        &Default::default(),
    )
    .unwrap();
    let counts =
        corridor_case_counts(&net, &resolved, &routed, &AggregateOptions::default()).unwrap();
    for (c, n) in resolved.iter().zip(&counts) {
        let set: HashSet<usize> = c.route.segments.iter().copied().collect();
        let brute = routed
            .iter()
            .filter(|r| r.segments.iter().any(|e| set.contains(e)))
            .count() as u64;
        assert_eq!(n.cases, brute, "{}", c.corridor.id);
    }
    assert!(
        counts.iter().any(|c| c.cases >= 11),
        "some corridor is busy"
    );
    // a guard so high that some corridors fall under it, and one with rounding
    for guard in [
        PrivacyGuard::default(),
        PrivacyGuard {
            min_count: counts.iter().map(|c| c.cases).max().unwrap() as u32,
            rounding: Some(5),
        },
    ] {
        let published = guard.publish_counts(&counts).unwrap();
        let fc = corridor_cases_layer(&net, &resolved, &published).unwrap();
        assert_eq!(
            fc.foreign_members.as_ref().unwrap()["privacy"]["min_count"],
            guard.min_count
        );
        let mut suppressed = 0;
        for (f, raw) in fc.features.iter().zip(&counts) {
            let p = f.properties.as_ref().unwrap();
            for key in ["cases", "victims"] {
                if let Some(v) = p[key].as_u64() {
                    assert!(v == 0 || v >= u64::from(guard.min_count), "{key} = {v}");
                }
            }
            if p["suppressed"] == true {
                suppressed += 1;
                assert!(p["cases"].is_null() || p["victims"].is_null());
            } else {
                assert_eq!(p["cases"].as_u64(), guard.publish_count(raw.cases));
            }
        }
        if guard.rounding.is_some() {
            assert!(suppressed > 0, "the high guard suppresses some corridor");
        }
    }
    let short_counts = PrivacyGuard::default()
        .publish_counts(&counts[1..])
        .unwrap();
    let short = corridor_cases_layer(&net, &resolved, &short_counts);
    assert!(short.is_err());
}

#[test]
fn corridor_errors_name_the_corridor() {
    let net = common::mexico();
    let mut file = load_corridors("data/mexico/corridors.json").unwrap();
    file.corridors[0].hubs.push("atlantis".into());
    let e = resolve_corridors(&net, &file.corridors, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("atlantis") && e.contains(&file.corridors[0].id),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.json");
    std::fs::write(&p, "{\"corridors\": [ {\"id\": 3} ]}").unwrap();
    let e = load_corridors(&p).unwrap_err().to_string();
    assert!(e.contains("bad.json"), "{e}");
}

mod borders {
    //! Borders in the cost model: a penalty per international crossing, hubs to avoid, and
    //! routes that leave a country and come back flagged.

    use corridors::routing::{Router, RouterOptions};
    use corridors::{Costing, Hub, HubKind, Network, NetworkBuilder, SegmentSpec, Weighting};

    /// a (MX) – b (GT) – c (MX) is short; a – d – c (MX) is long.
    fn net() -> Network {
        let mut b = NetworkBuilder::new();
        let hub = |id: &str, lon: f64, lat: f64, cc: &str| {
            let mut h = Hub::new(id, HubKind::Transit, lon, lat);
            h.properties.insert("country".into(), cc.into());
            h
        };
        b.add_hub(hub("a", -92.0, 15.0, "MX"));
        b.add_hub(hub("b", -91.0, 15.5, "GT"));
        b.add_hub(hub("c", -90.0, 16.0, "MX"));
        b.add_hub(hub("d", -91.5, 17.5, "MX").with_name("Palenque"));
        for (id, x, y) in [
            ("ab", "a", "b"),
            ("bc", "b", "c"),
            ("ad", "a", "d"),
            ("dc", "d", "c"),
        ] {
            b.add_segment(SegmentSpec::between(id, x, y));
        }
        b.build().unwrap().0
    }

    fn route(net: &Network, costing: Costing) -> corridors::routing::Route {
        let router = Router::new(net, &RouterOptions::new(costing)).unwrap();
        router.route(&mut router.workspace(), 0, 2, None).unwrap()
    }

    #[test]
    fn without_a_penalty_the_shortest_route_leaves_and_reenters() {
        let r = route(
            &net(),
            Costing::new(Weighting::Length).with_border_penalty(0.0),
        );
        assert_eq!(r.hub_ids(&net()), ["a", "b", "c"]);
        assert_eq!(r.countries(&net()), ["MX", "GT", "MX"]);
        assert!(r.reenters_country(&net()));
    }

    #[test]
    fn the_default_penalty_keeps_the_route_inside() {
        for w in [Weighting::Length, Weighting::default()] {
            let r = route(&net(), Costing::new(w));
            assert_eq!(r.hub_ids(&net()), ["a", "d", "c"]);
            assert_eq!(r.countries(&net()), ["MX"]);
            assert!(!r.reenters_country(&net()));
            // the reported length and time are the road's, without the penalty
            assert!(r.length_m < 700_000.0);
        }
        // the penalty is in the weighting's unit: 12 h, or 720 km for length
        let c = Costing::new(Weighting::Length);
        assert_eq!(c.border_penalty().unwrap(), 720_000.0);
        assert_eq!(Costing::default().border_penalty().unwrap(), 720.0);
        assert_eq!(
            Costing::new("w".parse().unwrap()).border_penalty().unwrap(),
            0.0
        );
        assert!(c.with_border_penalty(-1.0).border_penalty().is_err());
    }

    #[test]
    fn every_hub_reference_form_can_be_avoided() {
        let n = net();
        for avoid in ["country:GT", "b", "B", "kind:transit,country:gt", " b "] {
            let refs: Vec<&str> = avoid.split(',').collect();
            let costing = Costing::new(Weighting::Length)
                .with_border_penalty(0.0)
                .avoiding(refs.iter().copied());
            if avoid.starts_with("kind:") {
                // every hub closed: nothing to route
                let router = Router::new(&n, &RouterOptions::new(costing)).unwrap();
                assert!(router.route(&mut router.workspace(), 0, 2, None).is_err());
                continue;
            }
            assert_eq!(route(&n, costing).hub_ids(&n), ["a", "d", "c"], "{avoid}");
        }
        // by name; and an unknown reference is an error with a suggestion
        let costing = Costing::new(Weighting::Length).avoiding(["palenque"]);
        assert_eq!(route(&n, costing).hub_ids(&n), ["a", "b", "c"]);
        let err = Costing::default()
            .avoiding(["Palenqe"])
            .weights(&n)
            .unwrap_err();
        assert!(err.to_string().contains("did you mean Palenque"), "{err}");
    }

    #[test]
    fn with_arriaga_closed_chiapas_routes_stay_in_mexico() {
        let net = crate::support::mexico();
        let closed = corridors::routing::Filter::from_ids(&net, &["arriaga"]).unwrap();
        let router = Router::new(&net, &RouterOptions::default()).unwrap();
        let mut ws = router.workspace();
        let mut checked = 0;
        for s in net.hubs_of_kind(HubKind::Entry) {
            if net.hub(s).id.as_key() == "arriaga" {
                continue;
            }
            for t in net.hubs_of_kind(HubKind::BorderCrossing) {
                let r = router.route(&mut ws, s, t, Some(&closed)).unwrap();
                assert!(!r.reenters_country(&net), "{:?}", r.hub_ids(&net));
                assert!(!r.hub_ids(&net).contains(&"arriaga".to_string()));
                checked += 1;
            }
        }
        assert!(checked >= 100, "{checked}");
    }

    #[test]
    fn mexico_entry_to_tourist_routes_stay_in_mexico() {
        let net = crate::support::mexico();
        let router = Router::new(&net, &RouterOptions::default()).unwrap();
        let mut ws = router.workspace();
        let mut checked = 0;
        for s in net.hubs_of_kind(HubKind::Entry) {
            for t in net.hubs_of_kind(HubKind::TouristCentre) {
                if let Ok(r) = router.route(&mut ws, s, t, None) {
                    assert!(!r.reenters_country(&net), "{:?}", r.hub_ids(&net));
                    checked += 1;
                }
            }
        }
        assert!(checked >= 80, "{checked}");
    }
}
