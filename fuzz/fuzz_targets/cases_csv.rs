//! Case-point CSV (any layout the reader detects).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = corridors::cases::ReadOptions::default();
    let _ = corridors::io::cases_csv::read_cases_csv_bytes("fuzz.csv", data, &opts);
});
