//! Country outlines (map base layer) GeoJSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = corridors::io::geojson::read_boundaries_from("fuzz.geojson", text.as_bytes());
});
