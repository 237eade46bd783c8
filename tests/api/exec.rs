//! The execution context: cancellation returns `Error::Cancelled` promptly, and a sequential
//! run (threshold `usize::MAX`) equals a parallel one (threshold 0) bit for bit.

use crate::support as common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use corridors::cases::{
    Gazetteer, ItineraryOptions, SegmentIndex, SnapOptions, route_itineraries, snap_points,
};
use corridors::centrality::{self, CentralityOptions, SampleOptions};
use corridors::io::ReadOptions;
use corridors::planning::{
    CoverageOptions, DemandCoverage, Elements, Interdiction, greedy_removal, rank_by_vitality,
};
use corridors::progress::Progress;
use corridors::routing::RouterOptions;
use corridors::{
    Costing, Error, Exec, Hub, HubKind, Network, NetworkBuilder, OdDemand, SegmentSpec, Weighting,
};

/// Counts progress and asks to stop after the first `inc`.
#[derive(Default)]
struct StopAfterFirst {
    done: AtomicU64,
    stop: AtomicBool,
}

impl Progress for StopAfterFirst {
    fn inc(&self, n: u64) {
        self.done.fetch_add(n, Ordering::SeqCst);
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Runs `f` with an `Exec` that cancels after the first progress report; returns whether it
/// was cancelled and how many units were done.
fn cancelled_after_first<T>(
    threshold: usize,
    f: impl FnOnce(&Exec) -> corridors::Result<T>,
) -> (bool, u64) {
    let p = StopAfterFirst::default();
    let cancel = || p.stop.load(Ordering::SeqCst);
    let exec = Exec {
        progress: &p,
        cancel: &cancel,
        parallel_threshold: threshold,
    };
    let r = f(&exec);
    (
        matches!(r, Err(Error::Cancelled)),
        p.done.load(Ordering::SeqCst),
    )
}

fn seq() -> Exec<'static> {
    Exec {
        parallel_threshold: usize::MAX,
        ..Exec::default()
    }
}

fn par() -> Exec<'static> {
    Exec {
        parallel_threshold: 0,
        ..Exec::default()
    }
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// A `side × side` grid of hubs 0.05° apart, joined to their right and upper neighbours.
fn grid(side: usize) -> Network {
    let mut b = NetworkBuilder::new();
    let id = |i: usize, j: usize| format!("g{i}_{j}");
    for i in 0..side {
        for j in 0..side {
            let h = Hub::new(
                id(i, j).as_str(),
                HubKind::Transit,
                -99.0 + i as f64 * 0.05,
                19.0 + j as f64 * 0.07,
            );
            b.add_hub(h);
        }
    }
    for i in 0..side {
        for j in 0..side {
            if i + 1 < side {
                b.add_segment(SegmentSpec::between(
                    format!("x{i}_{j}").as_str(),
                    id(i, j).as_str(),
                    id(i + 1, j).as_str(),
                ));
            }
            if j + 1 < side {
                b.add_segment(SegmentSpec::between(
                    format!("y{i}_{j}").as_str(),
                    id(i, j).as_str(),
                    id(i, j + 1).as_str(),
                ));
            }
        }
    }
    b.build().unwrap().0
}

#[test]
fn cancelled_before_start_returns_cancelled() {
    let net = common::mexico();
    let cancel = || true;
    let exec = Exec {
        cancel: &cancel,
        ..Exec::default()
    };
    let opts = CentralityOptions::default();
    assert!(matches!(
        centrality::betweenness(&net, &opts, &exec),
        Err(Error::Cancelled)
    ));
    assert!(matches!(
        centrality::closeness(&net, &opts, &exec),
        Err(Error::Cancelled)
    ));
    let idx = SegmentIndex::new(&net).unwrap();
    let pts = vec![geo::Point::new(-99.0, 19.0); 10];
    assert!(matches!(
        snap_points(&idx, &pts, &SnapOptions::default(), &exec),
        Err(Error::Cancelled)
    ));
}

#[test]
fn centrality_stops_promptly_after_cancel() {
    let net = grid(40); // 1 600 sources, 50 blocks
    let n = net.hub_count() as u64;
    let opts = CentralityOptions::default();
    for threshold in [0, usize::MAX] {
        let (c, done) =
            cancelled_after_first(threshold, |e| centrality::betweenness(&net, &opts, e));
        assert!(c, "betweenness, threshold {threshold}");
        assert!(done < n / 4, "betweenness did {done} of {n} sources");
        let (c, done) = cancelled_after_first(threshold, |e| centrality::closeness(&net, &opts, e));
        assert!(c && done < n / 4, "closeness did {done} of {n}");
        let all: Vec<String> = net.hubs().map(|h| h.id.as_key()).collect();
        let d = OdDemand::between(&net, &all, &all[..10]).unwrap();
        let (c, done) = cancelled_after_first(threshold, |e| {
            centrality::od_betweenness(&net, &d, &opts, e)
        });
        assert!(c && done < n / 4, "od did {done} of {n}");
        let s = SampleOptions {
            samples: Some(5_000),
            ..Default::default()
        };
        let (c, _) = cancelled_after_first(threshold, |e| {
            centrality::sampled_betweenness(&net, &opts, &s, e)
        });
        assert!(c, "sampled");
    }
    // sequential: exactly the first block ran
    let (_, done) = cancelled_after_first(usize::MAX, |e| centrality::betweenness(&net, &opts, e));
    assert_eq!(done, 32);
}

#[test]
fn snapping_itineraries_and_planning_stop_promptly_after_cancel() {
    let net = common::mexico();
    let idx = SegmentIndex::new(&net).unwrap();
    let pts: Vec<_> = (0..20_000)
        .map(|i| {
            geo::Point::new(
                -110.0 + (i % 200) as f64 * 0.1,
                16.0 + (i / 200) as f64 * 0.1,
            )
        })
        .collect();
    for threshold in [0, usize::MAX] {
        let (c, done) = cancelled_after_first(threshold, |e| {
            snap_points(&idx, &pts, &SnapOptions::default(), e)
        });
        assert!(c && done < 10_000, "snap did {done} of 20 000");

        let its = corridors::io::csv::read_htcds(
            "data/mexico/itineraries_synthetic.csv",
            &ReadOptions::default(),
        )
        .unwrap();
        let many: Vec<_> = its.records.iter().cycle().take(1_000).cloned().collect();
        let gaz = Gazetteer::new(&net)
            .with_places(corridors::io::csv::read_geonames("data/geonames/places.csv").unwrap());
        let (c, done) = cancelled_after_first(threshold, |e| {
            route_itineraries(&net, &gaz, &many, &ItineraryOptions::default(), e)
        });
        assert!(c && done < 500, "itineraries did {done} of 1 000");

        let demand = OdDemand::between_indices(
            &net,
            &net.hubs_of_kind(HubKind::Entry),
            &net.hubs_of_kind(HubKind::BorderCrossing),
        )
        .unwrap();
        let opts = CoverageOptions {
            robust_k: Some(3),
            ..Default::default()
        };
        let (c, done) =
            cancelled_after_first(threshold, |e| DemandCoverage::new(&net, &demand, &opts, e));
        assert!(
            c && (done as usize) < demand.len(),
            "coverage did {done} of {}",
            demand.len()
        );

        let w = Interdiction::new(&net, &demand, &RouterOptions::default()).unwrap();
        let (c, done) = cancelled_after_first(threshold, |e| {
            rank_by_vitality(&w, Elements::Segments, None, e)
        });
        assert!(
            c && (done as usize) < net.segment_count() / 2,
            "vitality did {done}"
        );
        let (c, _) = cancelled_after_first(threshold, |e| {
            greedy_removal(&w, 3, Elements::Segments, None, e)
        });
        assert!(c, "greedy removal");
    }
}

#[test]
fn sequential_equals_parallel_bit_for_bit() {
    let net = common::mexico();
    for weighting in [Weighting::Length, "minutes".parse().unwrap()] {
        let opts = CentralityOptions {
            costing: Costing::new(weighting),
            ..Default::default()
        };
        let (a, b) = (
            centrality::betweenness(&net, &opts, &seq()).unwrap(),
            centrality::betweenness(&net, &opts, &par()).unwrap(),
        );
        assert_eq!(bits(&a.hubs), bits(&b.hubs));
        assert_eq!(bits(&a.segments), bits(&b.segments));
        let (a, b) = (
            centrality::closeness(&net, &opts, &seq()).unwrap(),
            centrality::closeness(&net, &opts, &par()).unwrap(),
        );
        assert_eq!(bits(&a.closeness), bits(&b.closeness));
        assert_eq!(bits(&a.harmonic), bits(&b.harmonic));
        let ids = |k| {
            net.hubs_of_kind(k)
                .iter()
                .map(|&i| net.hub(i).id.as_key())
                .collect::<Vec<_>>()
        };
        let d =
            OdDemand::between(&net, &ids(HubKind::Entry), &ids(HubKind::BorderCrossing)).unwrap();
        let (a, b) = (
            centrality::od_betweenness(&net, &d, &opts, &seq()).unwrap(),
            centrality::od_betweenness(&net, &d, &opts, &par()).unwrap(),
        );
        assert_eq!(bits(&a.hubs), bits(&b.hubs));
        assert_eq!(bits(&a.segments), bits(&b.segments));
        let s = SampleOptions {
            samples: Some(3_000),
            seed: 3,
            ..Default::default()
        };
        let (a, b) = (
            centrality::sampled_betweenness(&net, &opts, &s, &seq()).unwrap(),
            centrality::sampled_betweenness(&net, &opts, &s, &par()).unwrap(),
        );
        assert_eq!(bits(&a.hubs), bits(&b.hubs));
        assert_eq!(bits(&a.segments), bits(&b.segments));
    }

    let idx = SegmentIndex::new(&net).unwrap();
    let cases =
        corridors::io::csv::read_cases("data/mexico/cases_synthetic.csv", &ReadOptions::default())
            .unwrap();
    let pts: Vec<_> = cases.records.iter().map(|c| c.location).collect();
    let o = SnapOptions {
        max_distance_m: 10_000.0,
    };
    assert_eq!(
        snap_points(&idx, &pts, &o, &seq()).unwrap(),
        snap_points(&idx, &pts, &o, &par()).unwrap()
    );

    let its = corridors::io::csv::read_htcds(
        "data/mexico/itineraries_synthetic.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    let gaz = Gazetteer::new(&net)
        .with_places(corridors::io::csv::read_geonames("data/geonames/places.csv").unwrap());
    let io = ItineraryOptions::default();
    let a = route_itineraries(&net, &gaz, &its.records, &io, &seq()).unwrap();
    let b = route_itineraries(&net, &gaz, &its.records, &io, &par()).unwrap();
    assert_eq!(a, b);
    assert!(!a.0.is_empty());

    let demand = OdDemand::between_indices(
        &net,
        &net.hubs_of_kind(HubKind::Entry),
        &net.hubs_of_kind(HubKind::BorderCrossing),
    )
    .unwrap();
    let co = CoverageOptions {
        robust_k: Some(3),
        ..Default::default()
    };
    let (a, b) = (
        DemandCoverage::new(&net, &demand, &co, &seq()).unwrap(),
        DemandCoverage::new(&net, &demand, &co, &par()).unwrap(),
    );
    assert_eq!(
        a.reachable_demand().to_bits(),
        b.reachable_demand().to_bits()
    );
    for h in 0..net.hub_count() {
        let mut chosen = vec![false; net.hub_count()];
        chosen[h] = true;
        assert_eq!(a.value(&chosen).to_bits(), b.value(&chosen).to_bits());
    }

    let w = Interdiction::new(&net, &demand, &RouterOptions::default()).unwrap();
    assert_eq!(
        rank_by_vitality(&w, Elements::Segments, None, &seq()).unwrap(),
        rank_by_vitality(&w, Elements::Segments, None, &par()).unwrap()
    );
    assert_eq!(
        greedy_removal(&w, 3, Elements::Hubs, None, &seq()).unwrap(),
        greedy_removal(&w, 3, Elements::Hubs, None, &par()).unwrap()
    );
}
