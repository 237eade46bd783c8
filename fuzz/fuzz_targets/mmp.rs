//! Missing Migrants Project CSV exports.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = corridors::cases::ReadOptions::default();
    let _ = corridors::io::mmp::read_mmp_bytes("fuzz.csv", data, &opts);
});
