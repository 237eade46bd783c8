//! OSM PBF extracts. `read_osm_pbf` reads a path, so each input goes through a file in a
//! per-process temporary directory (in memory on Linux when TMPDIR is /dev/shm).
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn path() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        let dir = std::env::var_os("TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from);
        dir.join(format!("corridors-fuzz-{}.osm.pbf", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    if std::fs::write(path(), data).is_err() {
        return;
    }
    let opts = corridors::io::osm::OsmOptions::default();
    if let Ok(b) = corridors::io::osm::read_osm_pbf(path(), &opts) {
        let _ = b.build();
    }
});
