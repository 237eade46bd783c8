//! Network K benchmark: 10 000 positions on a 50 000-segment street-like network, 10 radii
//! up to 500 m, 99 replicates (uniform by length), bounded distance oracle (no hub × hub
//! matrix). `cargo bench --bench stats`.

use std::hint::black_box;

use corridors::stats::{self, DistanceOracle, KOptions, Mc, Null, Radii};
use corridors::{Exec, Hub, HubKind, Network, NetworkBuilder, SegmentSpec};
use criterion::Criterion;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// A jittered `n × n` grid of hubs ~100 m apart with every grid edge a segment (explicit
/// lengths 60–140 m), less nothing: n = 159 gives 50 244 segments.
fn grid(n: usize) -> Network {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut b = NetworkBuilder::new().tolerance_m(0.01);
    for j in 0..n {
        for i in 0..n {
            b.add_hub(Hub::new(
                format!("h{i}_{j}").as_str(),
                HubKind::Other,
                -99.0 + i as f64 * 0.001,
                19.0 + j as f64 * 0.0009,
            ));
        }
    }
    let mut k = 0;
    for j in 0..n {
        for i in 0..n {
            for (di, dj) in [(1, 0), (0, 1)] {
                if i + di < n && j + dj < n {
                    let mut s = SegmentSpec::between(
                        format!("s{k}").as_str(),
                        format!("h{i}_{j}").as_str(),
                        format!("h{}_{}", i + di, j + dj).as_str(),
                    );
                    s.length_m = Some(60.0 + rng.random::<f64>() * 80.0);
                    b.add_segment(s);
                    k += 1;
                }
            }
        }
    }
    b.build().expect("grid builds").0
}

fn bench(c: &mut Criterion) {
    let net = grid(159);
    let mut rng = Mc::default().rng(1);
    let pts = stats::simulate(&net, 10_000, &Null::UniformByLength, &mut rng).unwrap();
    let o = KOptions {
        radii: Radii::Linspace {
            max_m: Some(500.0),
            steps: 10,
        },
        mc: Mc {
            replicates: 99,
            seed: 0,
            alpha: 0.05,
        },
        oracle: DistanceOracle::Bounded,
        ..Default::default()
    };
    eprintln!(
        "network: {} hubs, {} segments; {} positions",
        net.hub_count(),
        net.segment_count(),
        pts.len()
    );
    let mut g = c.benchmark_group("stats");
    g.sample_size(10);
    g.bench_function("k_10000_positions_50000_segments_99_replicates", |b| {
        b.iter(|| black_box(stats::k_function(&net, &pts, &o, &Exec::default()).unwrap()))
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
