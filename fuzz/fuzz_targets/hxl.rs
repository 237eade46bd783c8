//! HXL hashtags and coordinate cells, and a CSV with a hashtag row.
#![no_main]
use corridors::io::hxl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = hxl::HxlTag::parse(text);
    let _ = hxl::is_hxl_row(&text.split(',').collect::<Vec<_>>());
    let _ = hxl::parse_coordinate(text, hxl::Axis::Lat);
    let _ = hxl::parse_coordinate(text, hxl::Axis::Lon);
    let _ = hxl::parse_lat_lon(text);
    let mut csv = b"id,lat,lon,where\n#event+id,#geo+lat,#geo+lon,#geo+coord\n".to_vec();
    csv.extend_from_slice(data);
    let opts = corridors::io::ReadOptions::default();
    let _ = corridors::io::csv::read_cases_from("fuzz.csv", csv.as_slice(), &opts);
});
