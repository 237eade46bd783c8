//! Network GeoJSON (hubs and segments) through the builder.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(b) = corridors::io::geojson::read_network_from("fuzz.geojson", data) {
        let _ = b.build();
    }
});
