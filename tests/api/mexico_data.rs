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
    // Consecutive vertices at most ~150 km apart, except the three desert stretches listed in
    // data/README.md where GeoNames has no town (Baja California MEX-1, Sonora rail).
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
    assert!(long_legs.len() <= 3, "{long_legs:?}");
    assert!(long_legs.iter().all(|(_, km)| *km < 300.0), "{long_legs:?}");
}
