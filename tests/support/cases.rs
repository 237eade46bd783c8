//! A small network with real hub coordinates in Mexico and Honduras, for the case tests.
#![allow(dead_code)]

use corridors::{Hub, HubKind, Mode, Network, NetworkBuilder, SegmentSpec};

pub const HUBS: [(&str, &str, HubKind, f64, f64); 8] = [
    (
        "tapachula",
        "Tapachula",
        HubKind::Entry,
        -92.25891,
        14.90541,
    ),
    ("arriaga", "Arriaga", HubKind::Transit, -93.89972, 16.23557),
    ("oaxaca", "Oaxaca", HubKind::Transit, -96.72544, 17.06025),
    (
        "mexico_city",
        "Ciudad de México",
        HubKind::Transit,
        -99.1332,
        19.4326,
    ),
    (
        "cancun",
        "Cancún",
        HubKind::TouristCentre,
        -86.84656,
        21.17429,
    ),
    (
        "palenque",
        "Palenque",
        HubKind::Transit,
        -91.98125,
        17.50914,
    ),
    (
        "ciudad_juarez",
        "Ciudad Juárez",
        HubKind::BorderCrossing,
        -106.46084,
        31.72024,
    ),
    (
        "san_pedro_sula",
        "San Pedro Sula",
        HubKind::Origin,
        -88.02588,
        15.50585,
    ),
];

/// (id, from, to, mode)
pub const SEGMENTS: [(&str, &str, &str, Mode); 9] = [
    ("sps_tap", "san_pedro_sula", "tapachula", Mode::Road),
    ("tap_arr_road", "tapachula", "arriaga", Mode::Road),
    ("tap_arr_rail", "tapachula", "arriaga", Mode::Rail),
    ("arr_oax", "arriaga", "oaxaca", Mode::Road),
    ("oax_mex", "oaxaca", "mexico_city", Mode::Road),
    ("mex_cjs", "mexico_city", "ciudad_juarez", Mode::Rail),
    ("tap_pal", "tapachula", "palenque", Mode::Road),
    ("pal_can", "palenque", "cancun", Mode::Road),
    ("pal_mex", "palenque", "mexico_city", Mode::Road),
];

pub fn network() -> Network {
    let mut b = NetworkBuilder::new();
    for (id, name, kind, lon, lat) in HUBS {
        let mut h = Hub::new(id, kind, lon, lat).with_name(name);
        if id == "tapachula" {
            h.properties.insert("geonameid".into(), 3516266.into());
        }
        b.add_hub(h);
    }
    for (id, from, to, mode) in SEGMENTS {
        b.add_segment(SegmentSpec::between(id, from, to).with_mode(mode));
    }
    b.build().expect("toy network is valid").0
}

/// The same network as GeoJSON text (hubs and segments in one collection).
pub fn network_geojson() -> String {
    let mut feats = Vec::new();
    for (id, name, kind, lon, lat) in HUBS {
        feats.push(format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{lon},{lat}]}},"properties":{{"id":"{id}","name":"{name}","kind":"{}"}}}}"#,
            kind.as_str()
        ));
    }
    let pos = |id: &str| HUBS.iter().find(|h| h.0 == id).map(|h| (h.3, h.4)).unwrap();
    for (id, from, to, mode) in SEGMENTS {
        let (a, b) = (pos(from), pos(to));
        feats.push(format!(
            r#"{{"type":"Feature","geometry":{{"type":"LineString","coordinates":[[{},{}],[{},{}]]}},"properties":{{"id":"{id}","from":"{from}","to":"{to}","mode":"{}"}}}}"#,
            a.0, a.1, b.0, b.1, mode.as_str()
        ));
    }
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        feats.join(",")
    )
}
