//! HTCDS historic-trafficking-event CSV (itineraries).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = corridors::cases::ReadOptions::default();
    let _ = corridors::io::htcds::read_htcds_bytes("fuzz.csv", data, &opts);
});
