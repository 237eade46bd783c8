//! Network GeoJSON (hubs and segments) through the builder.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut b = corridors::NetworkBuilder::new();
    b.add_geojson_str("fuzz.geojson", text);
    let _ = b.build();
});
