//! The shipped Mexico corridor network: connected, complete, and on real coordinates.

use std::collections::HashMap;

use corridors::geo::{Distance, Haversine, Point};
use corridors::{HubKind, Mode, Network};

fn load() -> Network {
    let (net, report) = crate::support::mexico_with_report();
    assert!(
        report.diagnostics.is_empty(),
        "the shipped data has warnings: {:#?}",
        report.diagnostics
    );
    net
}

/// GeoNames coordinates by geonameid, from the copy shipped in `data/geonames`.
fn geonames() -> HashMap<i64, (String, f64, f64)> {
    let mut rdr = csv::Reader::from_path("data/geonames/places.csv").unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let id: i64 = r[0].parse().unwrap();
            (
                id,
                (
                    r[1].to_string(),
                    r[4].parse().unwrap(),
                    r[5].parse().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn size_modes_and_connectivity() {
    let net = load();
    let s = net.summary();
    assert!(s.hubs >= 70, "{} hubs", s.hubs);
    assert!(s.segments >= 100, "{} segments", s.segments);
    assert_eq!(s.components.len(), 1, "one connected network");
    assert!(s.segments_by_mode[&Mode::Road] > 0);
    assert!(s.segments_by_mode[&Mode::Rail] > 0);
    assert!(s.isolated_hubs.is_empty());
}

#[test]
fn required_places_are_present_with_the_right_kind() {
    let net = load();
    // (geonameid, kind): keyed by geonameid because names repeat (two Ciudad Hidalgo).
    let required: &[(i64, HubKind, &str)] = &[
        (3516266, HubKind::Entry, "Tapachula"),
        (3530595, HubKind::Entry, "Ciudad Hidalgo, Chiapas"),
        (3527542, HubKind::Entry, "Frontera Comalapa"),
        (3530600, HubKind::Entry, "Ciudad Cuauhtémoc, Chiapas"),
        (3515956, HubKind::Entry, "Tenosique"),
        (3531023, HubKind::Entry, "Chetumal"),
        (3531673, HubKind::TouristCentre, "Cancún"),
        (3521342, HubKind::TouristCentre, "Playa del Carmen"),
        (3515040, HubKind::TouristCentre, "Tulum"),
        (3533462, HubKind::TouristCentre, "Acapulco"),
        (3991328, HubKind::TouristCentre, "Puerto Vallarta"),
        (
            3985710,
            HubKind::TouristCentre,
            "Cabo San Lucas (Los Cabos)",
        ),
        (3996322, HubKind::TouristCentre, "Mazatlán"),
        (8858124, HubKind::TouristCentre, "Huatulco (La Crucecita)"),
        (3981609, HubKind::BorderCrossing, "Tijuana"),
        (3996069, HubKind::BorderCrossing, "Mexicali"),
        (4004886, HubKind::BorderCrossing, "Nogales, Sonora"),
        (4013708, HubKind::BorderCrossing, "Ciudad Juárez"),
        (3994469, HubKind::BorderCrossing, "Ojinaga"),
        (3992619, HubKind::BorderCrossing, "Piedras Negras"),
        (3522551, HubKind::BorderCrossing, "Nuevo Laredo"),
        (3520339, HubKind::BorderCrossing, "Reynosa"),
        (3523466, HubKind::BorderCrossing, "Matamoros"),
        (3816739, HubKind::Transit, "Arriaga"),
        (3526674, HubKind::Transit, "Ixtepec"),
        (3530517, HubKind::Transit, "Coatzacoalcos"),
        (3514783, HubKind::Transit, "Veracruz"),
        (3801276, HubKind::Transit, "Tierra Blanca"),
        (3522307, HubKind::Transit, "Orizaba"),
        (3521081, HubKind::Transit, "Puebla"),
        (3530597, HubKind::Transit, "Mexico City"),
        (3991164, HubKind::Transit, "Querétaro"),
        (4014875, HubKind::Transit, "Celaya"),
        (4004330, HubKind::Transit, "Irapuato"),
        (4005539, HubKind::Transit, "Guadalajara"),
        (3985606, HubKind::Transit, "San Luis Potosí"),
        (3995465, HubKind::Transit, "Monterrey"),
        (3981254, HubKind::Transit, "Torreón"),
        (4014338, HubKind::Transit, "Chihuahua"),
        (4004898, HubKind::Transit, "Hermosillo"),
    ];
    let by_gid: HashMap<i64, &corridors::Hub> = net
        .hubs()
        .filter_map(|h| {
            h.properties
                .get("geonameid")
                .and_then(|v| v.as_i64())
                .map(|g| (g, h))
        })
        .collect();
    for (gid, kind, label) in required {
        let h = by_gid
            .get(gid)
            .unwrap_or_else(|| panic!("{label} (geonameid {gid}) is missing"));
        assert_eq!(h.kind, *kind, "{label}");
    }
    // The Michoacán Ciudad Hidalgo must not have been picked by mistake.
    assert!(!by_gid.contains_key(&4013712));
}

#[test]
fn every_hub_is_within_2_km_of_its_geonames_coordinate() {
    let net = load();
    let gn = geonames();
    for h in net.hubs() {
        let gid = h
            .properties
            .get("geonameid")
            .and_then(|v| v.as_i64())
            .unwrap_or_else(|| panic!("hub {} has no geonameid", h.id));
        let (name, lat, lon) = gn
            .get(&gid)
            .unwrap_or_else(|| panic!("hub {} geonameid {gid} not in GeoNames", h.id));
        let d = Haversine.distance(h.location, Point::new(*lon, *lat));
        assert!(
            d <= 2_000.0,
            "hub {} is {d:.0} m from GeoNames {name}",
            h.id
        );
    }
}

#[test]
fn segment_geometry_follows_real_towns() {
    // Consecutive vertices at most ~150 km apart, except the five gaps listed in data/README.md
    // where GeoNames has no usable town (Baja California MEX-1 twice, Sonora and Chihuahua rail,
    // MEX-45 El Sauz–Villa Ahumada).
    let net = load();
    let mut long_legs = Vec::new();
    for s in net.segments() {
        for l in s.geometry.lines() {
            let d = Haversine.distance(Point(l.start), Point(l.end));
            if d > 150_000.0 {
                long_legs.push((s.id.as_key(), (d / 1000.0).round()));
            }
        }
    }
    // Every long leg is one of the documented gaps (`LONG_LEG_EXCEPTIONS` in
    // scripts/make_mexico_data.py), one leg each.
    let documented = [
        "road-ensenada-la-paz",
        "rail-puerto-penasco-san-luis-rio-colorado",
        "road-chihuahua-ciudad-juarez",
        "rail-chihuahua-ojinaga",
    ];
    for (id, km) in &long_legs {
        assert!(
            documented.contains(&id.as_str()),
            "undocumented long leg {id}: {km} km"
        );
        assert!(*km < 300.0, "{id}: {km} km");
    }
    assert!(long_legs.len() <= 5, "{long_legs:?}");
}

/// Adjacency lists (hub indices) of the segments `keep` accepts, both directions.
fn adjacency(net: &Network, keep: impl Fn(&corridors::Segment) -> bool) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); net.hub_count()];
    for e in 0..net.segment_count() {
        if keep(net.segment(e)) {
            let (a, b) = net.endpoints(e);
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    adj
}

/// Hubs reachable from `start` through hubs `allowed` accepts (`start` included if allowed).
fn reach(adj: &[Vec<usize>], start: usize, allowed: &dyn Fn(usize) -> bool) -> Vec<bool> {
    let mut seen = vec![false; adj.len()];
    if !allowed(start) {
        return seen;
    }
    seen[start] = true;
    let mut todo = vec![start];
    while let Some(u) = todo.pop() {
        for &v in &adj[u] {
            if !seen[v] && allowed(v) {
                seen[v] = true;
                todo.push(v);
            }
        }
    }
    seen
}

fn prop<'a>(h: &'a corridors::Hub, key: &str) -> &'a str {
    h.properties
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("hub {} has no {key}", h.id))
}

#[test]
fn every_hub_carries_the_country_of_its_geonames_row() {
    let net = load();
    let mut rdr = csv::Reader::from_path("data/geonames/places.csv").unwrap();
    let country: HashMap<i64, String> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].parse().unwrap(), r[2].to_string())
        })
        .collect();
    for h in net.hubs() {
        let gid = h.properties["geonameid"].as_i64().unwrap();
        assert_eq!(h.country(), Some(country[&gid].clone()), "hub {}", h.id);
    }
}

#[test]
fn road_only_network_is_connected_and_reaches_every_border_crossing() {
    let net = load();
    let road = adjacency(&net, |s| s.mode == Mode::Road);
    let all = |_: usize| true;
    let seen = reach(&road, 0, &all);
    let missing: Vec<String> = (0..net.hub_count())
        .filter(|&i| !seen[i])
        .map(|i| net.hub(i).id.to_string())
        .collect();
    assert!(missing.is_empty(), "not reachable by road: {missing:?}");
    let crossings = net.hubs_of_kind(HubKind::BorderCrossing);
    assert!(
        crossings.len() >= 13,
        "{} border crossings",
        crossings.len()
    );
    for &c in &crossings {
        assert!(
            !road[c].is_empty(),
            "border crossing {} has no road",
            net.hub(c).id
        );
    }
}

/// With any one hub of Chiapas removed, every Chiapas entry hub (other than the removed one)
/// still reaches a Mexican border crossing to the USA through Mexican hubs only, by road alone
/// and by road and rail.
#[test]
fn no_single_chiapas_hub_cuts_the_chiapas_entries_from_the_us_border() {
    let net = load();
    let n = net.hub_count();
    let mx: Vec<bool> = net
        .hubs()
        .map(|h| h.country().as_deref() == Some("MX"))
        .collect();
    let chiapas: Vec<usize> = (0..n)
        .filter(|&i| mx[i] && prop(net.hub(i), "admin1") == "05")
        .collect();
    let entries: Vec<usize> = chiapas
        .iter()
        .copied()
        .filter(|&i| net.hub(i).kind == HubKind::Entry)
        .collect();
    let targets: Vec<usize> = net
        .hubs_of_kind(HubKind::BorderCrossing)
        .into_iter()
        .filter(|&i| mx[i])
        .collect();
    assert_eq!(entries.len(), 5, "the five Chiapas entry hubs");
    assert!(chiapas.len() >= 10, "{} Chiapas hubs", chiapas.len());
    assert!(!targets.is_empty());
    for (label, adj) in [
        ("road", adjacency(&net, |s| s.mode == Mode::Road)),
        ("road and rail", adjacency(&net, |_| true)),
    ] {
        let mut cuts = Vec::new();
        for removed in std::iter::once(None).chain(chiapas.iter().copied().map(Some)) {
            let allowed = |i: usize| mx[i] && Some(i) != removed;
            for &e in entries.iter().filter(|&&e| Some(e) != removed) {
                let seen = reach(&adj, e, &allowed);
                if !targets.iter().any(|&t| seen[t]) {
                    cuts.push((
                        removed.map(|r| net.hub(r).id.to_string()),
                        net.hub(e).id.to_string(),
                    ));
                }
            }
        }
        assert!(
            cuts.is_empty(),
            "{label}: (removed, cut-off entry): {cuts:?}"
        );
    }
}
