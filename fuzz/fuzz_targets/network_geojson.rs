//! Network GeoJSON (hubs and segments) through the builder, read twice: with every property
//! and with none (the streaming reader skips those values but still checks them), which must
//! agree on whether the file can be read, on its errors and on the network built.
#![no_main]
use corridors::Severity;
use corridors::io::geojson::{
    KeepProperties, NetworkReadOptions, read_network_from, read_network_from_with,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let all = read_network_from("fuzz.geojson", data);
    let none_opts = NetworkReadOptions::default().keep_properties(KeepProperties::None);
    let none = read_network_from_with("fuzz.geojson", data, &none_opts);
    assert_eq!(all.is_ok(), none.is_ok(), "{all:?} vs {none:?}");
    let (Ok(all), Ok(none)) = (all, none) else {
        return;
    };
    let errors = |b: &corridors::NetworkBuilder| {
        b.diagnostics()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(errors(&all), errors(&none));
    match (all.build(), none.build()) {
        (Ok((a, _)), Ok((n, _))) => {
            assert_eq!(a.hub_count(), n.hub_count());
            assert_eq!(a.segment_count(), n.segment_count());
        }
        (Err(_), Err(_)) => {}
        (a, n) => panic!("builds disagree: {:?} vs {:?}", a.is_ok(), n.is_ok()),
    }
});
