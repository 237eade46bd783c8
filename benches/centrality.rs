//! Centrality benchmarks: the Mexico network and a seeded 10,000-node road-like graph.
//!
//! ```text
//! cargo bench --bench centrality
//! ```
//! The peer comparison (NetworKit, igraph, NetworkX, rustworkx) is
//! `benches/peers/centrality_peers.py`.

mod common {
    pub mod roadlike;
}

use std::hint::black_box;

use corridors::OdDemand;
use corridors::centrality::{self, CentralityOptions, SampleOptions};
use corridors::{Costing, Weighting};
use criterion::{Criterion, criterion_group, criterion_main};

fn mexico(c: &mut Criterion) {
    let (net, _) = corridors::io::load_network(
        &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
        1.0,
    )
    .expect("Mexico data");
    let minutes = Weighting::Minutes(Default::default());
    let opts = CentralityOptions {
        costing: Costing::new(minutes.clone()),
        ..Default::default()
    };
    let entries: Vec<String> = net
        .hubs()
        .filter(|h| h.kind == corridors::HubKind::Entry)
        .map(|h| h.id.as_key())
        .collect();
    let borders: Vec<String> = net
        .hubs()
        .filter(|h| h.kind == corridors::HubKind::BorderCrossing)
        .map(|h| h.id.as_key())
        .collect();
    let demand = OdDemand::between(&net, &entries, &borders).expect("ids");
    let mut g = c.benchmark_group("mexico");
    g.bench_function("betweenness", |b| {
        b.iter(|| centrality::betweenness(black_box(&net), &opts, &Default::default()).unwrap())
    });
    g.bench_function("od_betweenness", |b| {
        b.iter(|| {
            centrality::od_betweenness(black_box(&net), &demand, &opts, &Default::default())
                .unwrap()
        })
    });
    g.bench_function("closeness", |b| {
        b.iter(|| centrality::closeness(black_box(&net), &opts, &Default::default()).unwrap())
    });
    g.finish();
}

fn roadlike(c: &mut Criterion) {
    let net = common::roadlike::road_like(10_000, 42).network();
    let w = Weighting::Property("w".into());
    let opts = CentralityOptions {
        costing: Costing::new(w.clone()),
        ..Default::default()
    };
    let mut g = c.benchmark_group("roadlike_10k");
    g.sample_size(10);
    g.bench_function("betweenness_exact", |b| {
        b.iter(|| centrality::betweenness(black_box(&net), &opts, &Default::default()).unwrap())
    });
    let s = SampleOptions {
        epsilon: 0.02,
        seed: 1,
        ..Default::default()
    };
    g.bench_function("betweenness_sampled_eps0.02", |b| {
        b.iter(|| {
            centrality::sampled_betweenness(black_box(&net), &opts, &s, &Default::default())
                .unwrap()
        })
    });
    let adaptive = SampleOptions {
        epsilon: 0.02,
        seed: 1,
        adaptive: true,
        ..Default::default()
    };
    g.bench_function("betweenness_sampled_eps0.02_adaptive", |b| {
        b.iter(|| {
            centrality::sampled_betweenness(black_box(&net), &opts, &adaptive, &Default::default())
                .unwrap()
        })
    });
    let sources = SampleOptions {
        epsilon: 0.1,
        seed: 1,
        ..Default::default()
    };
    g.bench_function("closeness_sampled_eps0.1", |b| {
        b.iter(|| {
            centrality::sampled_closeness(black_box(&net), &opts, &sources, &Default::default())
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, mexico, roadlike);
criterion_main!(benches);
