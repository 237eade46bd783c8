//! Case points as a GeoJSON FeatureCollection.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let opts = corridors::cases::ReadOptions::default();
    let _ = corridors::io::cases_geojson::read_cases_geojson_str("fuzz.geojson", text, &opts);
});
