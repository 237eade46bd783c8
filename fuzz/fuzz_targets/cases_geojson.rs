//! Case points as a GeoJSON FeatureCollection.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let opts = corridors::io::ReadOptions::default();
    let _ = corridors::io::geojson::read_cases_from("fuzz.geojson", text.as_bytes(), &opts);
});
