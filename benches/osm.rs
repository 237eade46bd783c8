//! OSM import and degree-2 simplification benchmarks (feature `osm`).
//!
//! ```text
//! cargo bench --features osm --bench osm
//! ```
//! The country-scale comparison with pyrosm is `benches/peers/osm_peers.py`.

use std::hint::black_box;

use corridors::io::osm::{OsmOptions, load_osm_pbf};
use corridors::network::{SimplifyOptions, simplify};
use criterion::{Criterion, criterion_group, criterion_main};

fn osm(c: &mut Criterion) {
    let mut g = c.benchmark_group("osm");
    g.sample_size(10);
    for (name, path) in [
        ("helsinki", "data/osm/helsinki.osm.pbf"),
        (
            "synthetic_30x30",
            "tests/fixtures/osm/synthetic_30x30.osm.pbf",
        ),
    ] {
        g.bench_function(format!("import_{name}"), |b| {
            b.iter(|| load_osm_pbf(black_box(path), &OsmOptions::default()).unwrap())
        });
        let (net, _) = load_osm_pbf(path, &OsmOptions::default()).expect("extract");
        g.bench_function(format!("simplify_{name}"), |b| {
            b.iter(|| simplify(black_box(&net), &SimplifyOptions::default()).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, osm);
criterion_main!(benches);
