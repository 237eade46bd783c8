//! Planning and routing on the Mexico network: greedy siting (p = 5, every entry → border
//! pair), the robust variant, Yen's k routes and a single-hub vitality ranking.
//!
//! `cargo bench --bench planning`; the NetworkX peer is `benches/peers/routing_peers.py`.

use std::hint::black_box;

use corridors::HubKind;
use corridors::planning::{
    CoverageOptions, DemandCoverage, Elements, Interdiction, rank_by_vitality, site_greedy,
};
use corridors::routing::{KRoutesOptions, Router, RouterOptions};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let (net, _) = corridors::io::load_network(
        &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
        1.0,
    )
    .expect("data/mexico");
    let demand = corridors::OdDemand::between_indices(
        &net,
        &net.hubs_of_kind(HubKind::Entry),
        &net.hubs_of_kind(HubKind::BorderCrossing),
    )
    .expect("valid indices");
    let mut g = c.benchmark_group("planning");
    g.sample_size(20);
    g.bench_function("siting_p5_entry_border", |b| {
        b.iter(|| {
            let cov = DemandCoverage::new(
                &net,
                &demand,
                &CoverageOptions::default(),
                &Default::default(),
            )
            .unwrap();
            black_box(site_greedy(&net, &cov, 5, None).unwrap())
        })
    });
    g.bench_function("siting_p5_entry_border_segments", |b| {
        let opts = CoverageOptions {
            elements: Elements::Segments,
            ..Default::default()
        };
        b.iter(|| {
            let cov = DemandCoverage::new(&net, &demand, &opts, &Default::default()).unwrap();
            black_box(site_greedy(&net, &cov, 5, None).unwrap())
        })
    });
    g.bench_function("siting_p5_entry_border_robust_k3", |b| {
        let opts = CoverageOptions {
            robust_k: Some(3),
            ..Default::default()
        };
        b.iter(|| {
            let cov = DemandCoverage::new(&net, &demand, &opts, &Default::default()).unwrap();
            black_box(site_greedy(&net, &cov, 5, None).unwrap())
        })
    });
    let router = Router::new(&net, &RouterOptions::default()).unwrap();
    let (s, t) = (
        net.require_hub("tapachula").unwrap(),
        net.require_hub("tijuana").unwrap(),
    );
    let mut ws = router.workspace();
    g.bench_function("yen_k10_tapachula_tijuana", |b| {
        let opts = KRoutesOptions {
            k: 10,
            ..Default::default()
        };
        b.iter(|| black_box(router.k_routes(&mut ws, s, t, &opts, None).unwrap()))
    });
    g.bench_function("shortest_route_tapachula_tijuana", |b| {
        b.iter(|| black_box(router.route(&mut ws, s, t, None).unwrap()))
    });
    let w = Interdiction::new(&net, &demand, &RouterOptions::default()).unwrap();
    g.bench_function("vitality_all_hubs_entry_border", |b| {
        b.iter(|| {
            black_box(rank_by_vitality(&w, Elements::Hubs, None, &Default::default()).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
