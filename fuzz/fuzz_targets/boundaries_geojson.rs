//! Country outlines (map base layer) GeoJSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = corridors::map::svg::Boundaries::from_geojson_str("fuzz.geojson", text);
});
