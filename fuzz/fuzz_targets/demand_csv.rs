//! OD demand CSV against a small fixed network.
#![no_main]
use std::sync::OnceLock;

use corridors::{Hub, HubKind, Network, NetworkBuilder, SegmentSpec};
use libfuzzer_sys::fuzz_target;

fn net() -> &'static Network {
    static NET: OnceLock<Network> = OnceLock::new();
    NET.get_or_init(|| {
        let mut b = NetworkBuilder::new();
        b.add_hub(Hub::new("a", HubKind::Entry, -92.0, 15.0));
        b.add_hub(Hub::new("b", HubKind::BorderCrossing, -92.0, 16.0));
        b.add_hub(Hub::new("c", HubKind::Transit, -93.0, 16.0));
        b.add_segment(SegmentSpec::between("ab", "a", "b"));
        b.add_segment(SegmentSpec::between("bc", "b", "c"));
        b.build().expect("fixed network builds").0
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = corridors::io::csv::read_demand_from("fuzz.csv", text.as_bytes(), net());
});
