//! Missing Migrants Project CSV exports.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = corridors::io::ReadOptions::default();
    let _ = corridors::io::csv::read_mmp_from("fuzz.csv", data, &opts);
});
