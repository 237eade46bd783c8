//! OSM PBF extracts. `read_osm_pbf` reads a path, so each input goes through a file in a
//! per-process temporary directory (in memory on Linux when TMPDIR is /dev/shm).
//!
//! `read_osm_pbf` turns a panic inside the `osmpbf` decoder (its coordinate arithmetic
//! overflows on some corrupt dense blocks) into an error. libFuzzer's panic hook would abort
//! on that panic before the reader can catch it, so this target wraps the hook: a panic whose
//! location is inside the `osmpbf` crate is left to unwind silently into the reader's
//! `catch_unwind`; any other panic (ours, or one the reader does not catch) still goes to
//! libFuzzer's hook and aborts, so it is still found.
#![no_main]
use std::path::PathBuf;
use std::sync::{Once, OnceLock};

use libfuzzer_sys::fuzz_target;

fn path() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        let dir = std::env::var_os("TMPDIR").map_or_else(std::env::temp_dir, PathBuf::from);
        dir.join(format!("corridors-fuzz-{}.osm.pbf", std::process::id()))
    })
}

/// Wraps libFuzzer's hook (installed before the first input) once.
fn tolerate_decoder_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let libfuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_decoder = info.location().is_some_and(|l| {
                let f = l.file();
                f.contains("/osmpbf-") || f.contains("\\osmpbf-")
            });
            if !in_decoder {
                libfuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    tolerate_decoder_panics();
    if std::fs::write(path(), data).is_err() {
        return;
    }
    let opts = corridors::io::osm::OsmOptions::default();
    if let Ok(b) = corridors::io::osm::read_osm_pbf(path(), &opts) {
        let _ = b.build();
    }
});
