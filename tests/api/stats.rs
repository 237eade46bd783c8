//! The `stats` module against the guide's deterministic checks (stats.md §10.2: 1–5, 8–18,
//! 20, 21, 23, 24) and against spaghetti / esda / scipy on a real street network
//! (reference values from `scripts/gen_stats_fixtures.py`, stored in `tests/fixtures/stats`).

use corridors::stats::{
    self, Bandwidth, BwCriterion, DeadEnd, Fdr, KEstimator, KOptions, Kernel, Lixel, Mc, Method,
    NetPoint, NkdeOptions, Radii, ScanOptions, SparseWeights, Tail, WeightsSpec,
};
use corridors::{Exec, Hub, HubKind, Network, NetworkBuilder, SegmentSpec};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let s = std::fs::read_to_string(format!("tests/fixtures/stats/{name}")).expect("fixture");
    serde_json::from_str(&s).expect("json")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

/// A network of hubs `h0..` and segments `e0..` `(from, to, length_m)`, lengths explicit.
pub fn lines(hubs: usize, segs: &[(usize, usize, f64)]) -> Network {
    let mut b = NetworkBuilder::new();
    for i in 0..hubs {
        b.add_hub(Hub::new(
            format!("h{i}").as_str(),
            HubKind::Transit,
            -100.0 + (i % 7) as f64 * 0.1,
            20.0 + (i / 7) as f64 * 0.1,
        ));
    }
    for (k, &(u, v, l)) in segs.iter().enumerate() {
        let mut s = SegmentSpec::between(
            format!("e{k}").as_str(),
            format!("h{u}").as_str(),
            format!("h{v}").as_str(),
        );
        s.length_m = Some(l);
        b.add_segment(s);
    }
    b.build().expect("network builds").0
}

/// The 10 m square with a 10 m tail of stats.md §9 and its six points.
fn square() -> (Network, Vec<NetPoint>) {
    // hubs (0,0)=h0 (10,0)=h1 (10,10)=h2 (0,10)=h3 (20,0)=h4
    let net = lines(
        5,
        &[
            (0, 1, 10.0),
            (1, 2, 10.0),
            (2, 3, 10.0),
            (3, 0, 10.0),
            (1, 4, 10.0),
        ],
    );
    let pts = vec![
        NetPoint::new(0, 2.0),
        NetPoint::new(0, 7.0),
        NetPoint::new(1, 3.0),
        NetPoint::new(2, 5.0),
        NetPoint::new(3, 5.0),
        NetPoint::new(4, 5.0),
    ];
    (net, pts)
}

fn close(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x - y).abs() <= tol * y.abs().max(1.0),
            "{x} vs {y} (tol {tol}) in {a:?} vs {b:?}"
        );
    }
}

fn no_mc(radii: Radii, est: KEstimator) -> KOptions {
    KOptions {
        radii,
        estimator: est,
        mc: Mc {
            replicates: 9,
            ..Mc::default()
        },
        ..Default::default()
    }
}

#[test]
fn check01_pair_distances_match_spaghetti() {
    let f = fixture("square.json");
    let want = floats(&f["distances_upper"]);
    let (net, pts) = square();
    let mut got = Vec::new();
    for i in 0..pts.len() {
        for j in i + 1..pts.len() {
            got.push(stats::network_distance(&net, &pts[i], &pts[j]).expect("connected"));
        }
    }
    close(&got, &want, 1e-12);
    // the bounded pair search agrees with the one-pair function
    let p = stats::pair_distances(&net, &pts, 100.0, stats::DistanceOracle::Bounded).unwrap();
    assert_eq!(p.d.len(), 15);
    let mut sorted = want.clone();
    sorted.sort_by(f64::total_cmp);
    close(&p.d, &sorted, 1e-12);
}

#[test]
fn check02_03_k_on_the_square() {
    let f = fixture("square.json");
    let (net, pts) = square();
    let radii = Radii::Linspace {
        max_m: Some(20.0),
        steps: 5,
    };
    for (est, key) in [
        (KEstimator::SpaghettiCompat, "k_spaghetti"),
        (KEstimator::OkabeYamada, "k_okabe_yamada"),
    ] {
        for oracle in [stats::DistanceOracle::Dense, stats::DistanceOracle::Bounded] {
            let o = KOptions {
                oracle,
                ..no_mc(radii.clone(), est)
            };
            let k = stats::k_function(&net, &pts, &o, &Exec::default()).unwrap();
            close(&k.radii, &floats(&f["radii"]), 0.0);
            close(&k.observed, &floats(&f[key]), 1e-12);
            assert_eq!(k.total_length_m, 50.0);
        }
    }
}

#[test]
fn check04_default_radius_is_the_finite_maximum() {
    let net = lines(4, &[(0, 1, 10.0), (2, 3, 10.0)]);
    let pts = [
        NetPoint::new(0, 1.0),
        NetPoint::new(0, 4.0),
        NetPoint::new(1, 2.0),
        NetPoint::new(1, 9.0),
    ];
    let o = no_mc(
        Radii::Linspace {
            max_m: None,
            steps: 4,
        },
        KEstimator::SpaghettiCompat,
    );
    let k = stats::k_function(&net, &pts, &o, &Exec::default()).unwrap();
    let f = fixture("square.json");
    assert_eq!(
        *k.radii.last().unwrap(),
        f["disconnected"]["finite_max"].as_f64().unwrap()
    );
    assert!(k.observed.iter().chain(&k.sim_mean).all(|x| x.is_finite()));
    // spaghetti's own axis was [nan, inf, …] here
    assert_eq!(f["disconnected"]["spaghetti_xaxis"][0], "nan");
    assert_eq!(stats::network_distance(&net, &pts[0], &pts[2]), None);
}

#[test]
fn check05_same_segment_loop() {
    let net = lines(2, &[(0, 0, 10.0), (0, 1, 30.0)]);
    let d = stats::network_distance(&net, &NetPoint::new(0, 1.0), &NetPoint::new(0, 9.0));
    assert_eq!(d, Some(2.0));
    // a shorter parallel: road 100 m and rail 10 m between the same hubs
    let net = lines(2, &[(0, 1, 100.0), (0, 1, 10.0)]);
    let d = stats::network_distance(&net, &NetPoint::new(0, 5.0), &NetPoint::new(0, 95.0));
    assert_eq!(d, Some(20.0));
    let p = stats::pair_distances(
        &net,
        &[NetPoint::new(0, 5.0), NetPoint::new(0, 95.0)],
        50.0,
        stats::DistanceOracle::Bounded,
    )
    .unwrap();
    assert_eq!(p.d, vec![20.0]);
}

fn curve_with(threads: usize, seed: u64) -> stats::Curve {
    let (net, pts) = square();
    let o = KOptions {
        mc: Mc {
            replicates: 39,
            seed,
            alpha: 0.05,
        },
        keep_sims: true,
        ..no_mc(
            Radii::Linspace {
                max_m: Some(20.0),
                steps: 9,
            },
            KEstimator::OkabeYamada,
        )
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let exec = Exec {
        parallel_threshold: 0,
        ..Exec::default()
    };
    pool.install(|| stats::k_function(&net, &pts, &o, &exec).unwrap())
}

#[test]
fn check08_same_seed_same_curve_at_any_thread_count() {
    let a = curve_with(1, 7);
    let b = curve_with(2, 7);
    assert_eq!(a, b);
    let sequential = {
        let (net, pts) = square();
        let o = KOptions {
            mc: Mc {
                replicates: 39,
                seed: 7,
                alpha: 0.05,
            },
            keep_sims: true,
            ..no_mc(
                Radii::Linspace {
                    max_m: Some(20.0),
                    steps: 9,
                },
                KEstimator::OkabeYamada,
            )
        };
        let exec = Exec {
            parallel_threshold: usize::MAX,
            ..Exec::default()
        };
        stats::k_function(&net, &pts, &o, &exec).unwrap()
    };
    assert_eq!(a, sequential);
    assert_ne!(a.sims, curve_with(2, 8).sims);
}

#[test]
fn check09_cross_k_with_itself() {
    let (net, pts) = square();
    let radii = Radii::List(vec![0.0, 5.0, 7.5, 12.0, 20.0]);
    let o = no_mc(radii, KEstimator::OkabeYamada);
    let k = stats::k_function(&net, &pts, &o, &Exec::default()).unwrap();
    let x = stats::cross_k_function(&net, &pts, &pts, &o, &Exec::default()).unwrap();
    let n = pts.len() as f64;
    let l = k.total_length_m;
    let want: Vec<f64> = k
        .observed
        .iter()
        .map(|v| (n - 1.0) / n * v + l / n)
        .collect();
    close(&x.observed, &want, 1e-12);
}

/// The star of check 10: hub h0 in the centre, three 1000 m arms; the event on arm 0, 50 m
/// from the junction.
fn star() -> (Network, NetPoint) {
    let net = lines(4, &[(0, 1, 1000.0), (0, 2, 1000.0), (0, 3, 1000.0)]);
    (net, NetPoint::new(0, 50.0))
}

fn tri(method: Method, dead_end: DeadEnd) -> NkdeOptions {
    NkdeOptions {
        kernel: Kernel::Triangle,
        method,
        bandwidth: Bandwidth::Fixed(100.0),
        max_depth: 1000,
        dead_end,
    }
}

#[test]
fn check10_nkde_mass_on_the_star() {
    let (net, e) = star();
    let lx = stats::lixelize(&net, 10.0, None).unwrap();
    for (method, want) in [
        (Method::Continuous, 1.0),
        (Method::Discontinuous, 1.0),
        (Method::Simple, 1.125),
    ] {
        let d = stats::nkde(
            &net,
            &[e],
            &lx,
            &tri(method, DeadEnd::Reflect),
            &Exec::default(),
        )
        .unwrap();
        let m: f64 = d.mass.iter().sum();
        assert!((m - want).abs() < 1e-12, "{method:?}: {m}");
    }
}

#[test]
fn check11_nkde_values_on_the_star() {
    let (net, e) = star();
    let at = [
        NetPoint::new(0, 50.0), // the event
        NetPoint::new(0, 25.0), // 25 m toward the junction
        NetPoint::new(0, 0.0),  // the junction (from arm 0)
        NetPoint::new(1, 0.0),  // the junction (from arm 1)
        NetPoint::new(1, 25.0), // arm 1 at 25 m
    ];
    let v = |m| {
        stats::nkde_at(
            &net,
            &[e],
            &at,
            &tri(m, DeadEnd::Reflect),
            false,
            &Exec::default(),
        )
        .unwrap()
    };
    let c = v(Method::Continuous);
    close(
        &c,
        &[0.01, 0.02 / 3.0, 0.01 / 3.0, 0.01 / 3.0, 0.005 / 3.0],
        1e-12,
    );
    assert!((v(Method::Discontinuous)[4] - 0.00125).abs() < 1e-15);
    assert!((v(Method::Simple)[4] - 0.0025).abs() < 1e-15);
}

#[test]
fn check12_dead_end_reflect_or_absorb() {
    let net = lines(2, &[(0, 1, 1000.0)]);
    let e = NetPoint::new(0, 50.0);
    let lx = stats::lixelize(&net, 10.0, None).unwrap();
    let at = [NetPoint::new(0, 0.0)];
    for (de, mass, dens) in [
        (DeadEnd::Reflect, 1.0, 0.01),
        (DeadEnd::Absorb, 0.875, 0.005),
    ] {
        let o = tri(Method::Continuous, de);
        let d = stats::nkde(&net, &[e], &lx, &o, &Exec::default()).unwrap();
        assert!((d.mass.iter().sum::<f64>() - mass).abs() < 1e-12, "{de:?}");
        let v = stats::nkde_at(&net, &[e], &at, &o, false, &Exec::default()).unwrap();
        assert!((v[0] - dens).abs() < 1e-15, "{de:?}: {}", v[0]);
    }
}

/// Small pseudo-random connected networks (a tree plus extra edges, loops and parallels).
fn random_network(seed: u64) -> (Network, Vec<NetPoint>) {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let n = 3 + (next() % 8) as usize;
    let mut segs = Vec::new();
    for v in 1..n {
        let u = (next() % v as u64) as usize;
        segs.push((u, v, 20.0 + (next() % 200) as f64));
    }
    for _ in 0..(next() % 4) {
        let u = (next() % n as u64) as usize;
        let v = (next() % n as u64) as usize;
        segs.push((u, v, 20.0 + (next() % 200) as f64));
    }
    let net = lines(n, &segs);
    let pts = (0..1 + next() % 6)
        .map(|_| {
            let e = (next() % segs.len() as u64) as usize;
            let f = (next() % 1001) as f64 / 1000.0;
            NetPoint {
                weight: 1.0 + (next() % 3) as f64,
                ..NetPoint::at_fraction(&net, e, f).unwrap()
            }
        })
        .collect();
    (net, pts)
}

#[test]
fn check13_mass_is_conserved_with_reflect() {
    for seed in 0..50 {
        let (net, pts) = random_network(seed);
        let w: f64 = pts.iter().map(|p| p.weight).sum();
        let lx = stats::lixelize(&net, 15.0, None).unwrap();
        for method in [Method::Continuous, Method::Discontinuous] {
            for kernel in [
                Kernel::Quartic,
                Kernel::Triangle,
                Kernel::Cosine,
                Kernel::Tricube,
            ] {
                let o = NkdeOptions {
                    kernel,
                    method,
                    bandwidth: Bandwidth::Fixed(150.0),
                    max_depth: 10_000,
                    dead_end: DeadEnd::Reflect,
                };
                let d = stats::nkde(&net, &pts, &lx, &o, &Exec::default()).unwrap();
                let m: f64 = d.mass.iter().sum();
                assert!(
                    (m - w).abs() <= 1e-9 * w,
                    "seed {seed} {method:?} {kernel:?}: {m} vs {w}"
                );
            }
        }
    }
}

#[test]
fn check14_continuous_nkde_is_continuous_at_junctions() {
    for seed in 0..20 {
        let (net, pts) = random_network(seed);
        let o = NkdeOptions {
            kernel: Kernel::Quartic,
            method: Method::Continuous,
            bandwidth: Bandwidth::Fixed(150.0),
            max_depth: 10_000,
            dead_end: DeadEnd::Reflect,
        };
        // every segment end, seen from each incident segment
        for h in 0..net.hub_count() {
            let mut at = Vec::new();
            for e in 0..net.segment_count() {
                let (a, b) = net.endpoints(e);
                if a == h {
                    at.push(NetPoint::new(e, 0.0));
                }
                if b == h {
                    at.push(NetPoint::new(e, net.segment(e).length_m));
                }
            }
            // an event exactly at the hub makes a kink there, not a jump; skip those hubs
            if pts.iter().any(|p| {
                at.iter()
                    .any(|q| q.segment == p.segment && q.offset_m == p.offset_m)
            }) {
                continue;
            }
            let v = stats::nkde_at(&net, &pts, &at, &o, false, &Exec::default()).unwrap();
            for x in &v {
                assert!((x - v[0]).abs() < 1e-12, "seed {seed} hub {h}: {v:?}");
            }
        }
    }
}

#[test]
fn check15_cronie_van_lieshout_closed_form() {
    let (l, n) = (1000.0, 5usize);
    let net = lines(2, &[(0, 1, l)]);
    let pts: Vec<NetPoint> = (0..n)
        .map(|k| NetPoint::new(0, (k as f64 + 0.5) * l / n as f64))
        .collect();
    let o = NkdeOptions {
        kernel: Kernel::Uniform,
        ..Default::default()
    };
    let cand = [40.0, 95.0, 130.0, 150.0];
    let s = stats::bandwidth_scores(
        &net,
        &pts,
        &cand,
        BwCriterion::CronieVanLieshout,
        &o,
        &Exec::default(),
    )
    .unwrap();
    for (h, score) in &s {
        let want = (2.0 * n as f64 * h - l).powi(2);
        assert!(
            (score - want).abs() <= 1e-9 * want.max(1.0),
            "{h}: {score} vs {want}"
        );
    }
    let best = s.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
    assert_eq!(best, 95.0);
}

#[test]
fn check16_likelihood_cv_closed_form() {
    let net = lines(2, &[(0, 1, 10_000.0)]);
    let d = 50.0;
    let pts = [NetPoint::new(0, 5000.0), NetPoint::new(0, 5000.0 + d)];
    let o = NkdeOptions {
        kernel: Kernel::Uniform,
        ..Default::default()
    };
    let cand = [30.0, 50.0, 60.0, 80.0];
    let s = stats::bandwidth_scores(
        &net,
        &pts,
        &cand,
        BwCriterion::LikelihoodCv,
        &o,
        &Exec::default(),
    )
    .unwrap();
    for (h, score) in &s {
        let want = if *h > d {
            (1.0 / (2.0 * h)).ln()
        } else {
            f64::MIN_POSITIVE.ln()
        };
        assert!((score - want).abs() < 1e-12, "{h}: {score} vs {want}");
    }
    let best = s.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
    assert_eq!(best, 60.0);
}

#[test]
fn check17_tails_match_scipy() {
    let f = fixture("scipy.json");
    let rel = |a: f64, b: f64| (a / b - 1.0).abs();
    assert!(
        rel(
            stats::binom_sf(12, 50, 0.1),
            f["binom_sf_12_50_0.1"].as_f64().unwrap()
        ) < 1e-12
    );
    let mid = stats::binom_sf(12, 50, 0.1) - 0.5 * stats::binom_pmf(12, 50, 0.1);
    assert!(rel(mid, f["binom_midp_12_50_0.1"].as_f64().unwrap()) < 1e-12);
    assert!(rel(stats::pois_sf(12, 5.0), f["pois_sf_12_5"].as_f64().unwrap()) < 1e-12);
    assert!(rel(stats::pois_sf(1, 0.25), 1.0 - (-0.25f64).exp()) < 1e-12);
    assert!(
        rel(
            stats::pois_sf(1, 0.25),
            f["pois_sf_1_0.25"].as_f64().unwrap()
        ) < 1e-12
    );
    for row in f["binom_sf_grid"].as_array().unwrap() {
        let (x, n, p, want) = (
            row[0].as_u64().unwrap(),
            row[1].as_u64().unwrap(),
            row[2].as_f64().unwrap(),
            row[3].as_f64().unwrap(),
        );
        assert!(rel(stats::binom_sf(x, n, p), want) < 1e-10, "binom {row}");
    }
    for row in f["pois_sf_grid"].as_array().unwrap() {
        let (x, mu, want) = (
            row[0].as_u64().unwrap(),
            row[1].as_f64().unwrap(),
            row[2].as_f64().unwrap(),
        );
        assert!(rel(stats::pois_sf(x, mu), want) < 1e-10, "pois {row}");
    }
    let (x2, df, p) = stats::pearson_dispersion(&[0, 10, 20], &[1.0, 1.0, 1.0]);
    assert_eq!((x2, df), (20.0, 2));
    assert!((p - (-10.0f64).exp()).abs() < 1e-15);
}

#[test]
fn check18_fdr_matches_scipy() {
    let f = fixture("scipy.json");
    let p = floats(&f["p"]);
    close(
        &stats::fdr_adjust(&p, Fdr::BenjaminiHochberg),
        &floats(&f["bh"]),
        1e-12,
    );
    close(
        &stats::fdr_adjust(&p, Fdr::BenjaminiYekutieli),
        &floats(&f["by"]),
        1e-12,
    );
    close(
        &stats::fdr_adjust(&p, Fdr::BenjaminiHochberg),
        &[0.02, 0.006, 0.0492, 0.0492, 0.2, 0.015],
        1e-12,
    );
}

fn path6(with_self: bool) -> SparseWeights {
    let mut e = Vec::new();
    for i in 0..6usize {
        if with_self {
            e.push((i, i, 1.0));
        }
        if i > 0 {
            e.push((i, i - 1, 1.0));
        }
        if i < 5 {
            e.push((i, i + 1, 1.0));
        }
    }
    SparseWeights::from_entries(6, e)
}

#[test]
fn check20_21_gi_star_and_local_moran_match_esda() {
    let f = fixture("path6.json");
    let y = floats(&f["y"]);
    let g = stats::gi_star(&y, &path6(true), None, &Exec::default()).unwrap();
    close(
        &g.iter().map(|l| l.z).collect::<Vec<_>>(),
        &floats(&f["gi_star_z"]),
        1e-12,
    );
    close(
        &g.iter().map(|l| l.p_norm).collect::<Vec<_>>(),
        &floats(&f["gi_star_p_norm"]),
        1e-12,
    );
    close(
        &g.iter().map(|l| l.z).collect::<Vec<_>>(),
        &[
            -1.297771369,
            -0.4588314677,
            1.6059101371,
            1.835325871,
            0.4588314677,
            -0.8111071057,
        ],
        1e-9,
    );
    let w = stats::row_standardise(&path6(false));
    let m = stats::local_moran(&y, &w, None, &Exec::default()).unwrap();
    close(
        &m.iter().map(|l| l.stat).collect::<Vec<_>>(),
        &floats(&f["local_moran_i"]),
        1e-12,
    );
    // the network weights of a 6-segment path are the same contiguity
    let net = lines(7, &(0..6).map(|i| (i, i + 1, 10.0)).collect::<Vec<_>>());
    let units = stats::lixelize(&net, f64::INFINITY, None).unwrap();
    let wn = stats::network_weights(&net, &units, WeightsSpec::Contiguity, true).unwrap();
    assert_eq!(wn, path6(true));
    let wb = stats::network_weights(&net, &units, WeightsSpec::Band { max_m: 10.0 }, true).unwrap();
    assert_eq!(wb, path6(true));
}

#[test]
fn check23_poisson_llr() {
    assert!((stats::poisson_llr(8, 2.0, 20) - 6.224773591661151).abs() < 1e-12);
    assert_eq!(stats::poisson_llr(2, 2.0, 20), 0.0);
    assert_eq!(stats::poisson_llr(1, 2.0, 20), 0.0);
}

#[test]
fn check24_scan_matches_brute_force_on_a_tree() {
    // a tree of 12 segments (units): a spine 0-1-…-6 and branches
    let segs = [
        (0, 1, 100.0),
        (1, 2, 80.0),
        (2, 3, 120.0),
        (3, 4, 90.0),
        (4, 5, 100.0),
        (5, 6, 110.0),
        (2, 7, 60.0),
        (7, 8, 70.0),
        (3, 9, 100.0),
        (9, 10, 90.0),
        (4, 11, 100.0),
        (11, 12, 50.0),
    ];
    let net = lines(13, &segs);
    let units = stats::lixelize(&net, f64::INFINITY, None).unwrap();
    let e: Vec<f64> = units.iter().map(|u| u.end_m - u.start_m).collect();
    for counts in [
        [1u64, 2, 14, 16, 3, 1, 9, 2, 12, 1, 0, 2],
        [0, 0, 1, 2, 2, 1, 0, 0, 3, 9, 12, 15],
        [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 30],
    ] {
        let o = ScanOptions {
            mc: Mc {
                replicates: 19,
                ..Mc::default()
            },
            ..Default::default()
        };
        let c = stats::network_scan(&net, &units, &counts, &e, &o, &Exec::default()).unwrap();
        // brute force: every connected set of units within half the length
        let n: u64 = counts.iter().sum();
        let te: f64 = e.iter().sum();
        let mut best = (0.0f64, 0u32);
        for mask in 1u32..(1 << 12) {
            let set: Vec<usize> = (0..12).filter(|k| mask & (1 << k) != 0).collect();
            let len: f64 = set.iter().map(|&k| e[k]).sum();
            if len > 0.5 * te || !connected(&net, &set) {
                continue;
            }
            let cc: u64 = set.iter().map(|&k| counts[k]).sum();
            let llr = stats::poisson_llr(cc, n as f64 * len / te, n);
            if llr > best.0 + 1e-12 {
                best = (llr, mask);
            }
        }
        let mut got: Vec<usize> = c[0].units.clone();
        got.sort();
        let want: Vec<usize> = (0..12).filter(|k| best.1 & (1 << k) != 0).collect();
        assert_eq!(got, want, "{counts:?}");
        assert!((c[0].llr - best.0).abs() < 1e-9);
    }
}

fn connected(net: &Network, set: &[usize]) -> bool {
    let mut seen = vec![set[0]];
    let mut changed = true;
    while changed {
        changed = false;
        for &k in set {
            if seen.contains(&k) {
                continue;
            }
            let (a, b) = net.endpoints(k);
            if seen.iter().any(|&s| {
                let (c, d) = net.endpoints(s);
                a == c || a == d || b == c || b == d
            }) {
                seen.push(k);
                changed = true;
            }
        }
    }
    seen.len() == set.len()
}

#[test]
fn exceedance_flags_only_units_above_their_share() {
    let counts = [30u64, 2, 0, 3, 5];
    let e = [1.0, 1.0, 1.0, 1.0, 1.0];
    let t = stats::exceedance(
        &counts,
        &e,
        Tail::Binomial,
        false,
        Fdr::BenjaminiHochberg,
        0.1,
    )
    .unwrap();
    assert!(t[0].significant);
    assert!(t.iter().skip(1).all(|u| !u.significant));
    assert_eq!(t[2].p, 1.0);
    let pois = stats::exceedance(
        &counts,
        &e,
        Tail::Poisson,
        true,
        Fdr::BenjaminiYekutieli,
        0.1,
    )
    .unwrap();
    assert!(pois[0].p < 1e-6 && pois[0].q >= pois[0].p);
    assert!(
        stats::exceedance(
            &counts,
            &[1.0],
            Tail::Binomial,
            false,
            Fdr::BenjaminiHochberg,
            0.1
        )
        .is_err()
    );
}

// ------------------------------------------------------------------ Helsinki parity

fn helsinki() -> (Network, Vec<NetPoint>) {
    let (net, _) = corridors::io::load_network(
        &[
            "tests/fixtures/stats/helsinki_planar_hubs.geojson",
            "tests/fixtures/stats/helsinki_planar_segments.geojson",
        ],
        0.01,
    )
    .expect("helsinki loads");
    let mut r = csv::Reader::from_path("tests/fixtures/stats/helsinki_positions.csv").unwrap();
    let mut pts = Vec::new();
    for row in r.records() {
        let row = row.unwrap();
        if &row[1] != "matched" {
            continue;
        }
        let e = net.segment_index(&row[2]).expect("segment id");
        let f: f64 = row[3].parse().unwrap();
        pts.push(NetPoint::at_fraction(&net, e, f).unwrap());
    }
    (net, pts)
}

#[test]
fn helsinki_parity_with_spaghetti_esda_scipy() {
    let f = fixture("helsinki.json");
    let (net, pts) = helsinki();
    assert_eq!(net.segment_count() as u64, f["segments"].as_u64().unwrap());
    assert_eq!(pts.len() as u64, f["n"].as_u64().unwrap());
    let total: f64 = net.segments().map(|s| s.length_m).sum();
    assert!((total / f["total_length"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    // sampled pair distances
    for row in f["pairs_sample"].as_array().unwrap() {
        let (i, j) = (
            row[0].as_u64().unwrap() as usize,
            row[1].as_u64().unwrap() as usize,
        );
        let got = stats::network_distance(&net, &pts[i], &pts[j]);
        match row[2].as_f64() {
            None => assert_eq!(got, None),
            Some(d) => {
                let g = got.expect("connected");
                assert!((g - d).abs() <= 1e-9 * d.max(1.0), "{i} {j}: {g} vs {d}");
            }
        }
    }
    let radii = floats(&f["radii"]);
    for (est, key) in [
        (KEstimator::SpaghettiCompat, "k_spaghetti"),
        (KEstimator::OkabeYamada, "k_okabe_yamada"),
    ] {
        for oracle in [stats::DistanceOracle::Dense, stats::DistanceOracle::Bounded] {
            let o = KOptions {
                oracle,
                ..no_mc(Radii::List(radii.clone()), est)
            };
            let k = stats::k_function(&net, &pts, &o, &Exec::default()).unwrap();
            close(&k.observed, &floats(&f[key]), 1e-9);
        }
    }
    // exceedance by segment against scipy, Gi* against esda
    let mut counts = vec![0u64; net.segment_count()];
    for p in &pts {
        counts[p.segment] += 1;
    }
    let want_counts: Vec<u64> = f["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    assert_eq!(counts, want_counts);
    let len: Vec<f64> = net.segments().map(|s| s.length_m).collect();
    let t = stats::exceedance(
        &counts,
        &len,
        Tail::Binomial,
        false,
        Fdr::BenjaminiHochberg,
        0.1,
    )
    .unwrap();
    let rel_close = |a: &[f64], b: &[f64]| {
        for (k, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(
                (x - y).abs() <= 1e-9 * y.abs().max(1e-300),
                "unit {k}: {x} vs {y}"
            );
        }
    };
    rel_close(&t.iter().map(|u| u.p).collect::<Vec<_>>(), &floats(&f["p"]));
    rel_close(
        &t.iter().map(|u| u.q).collect::<Vec<_>>(),
        &floats(&f["q_bh"]),
    );
    let units: Vec<Lixel> = stats::lixelize(&net, f64::INFINITY, None).unwrap();
    let w = stats::network_weights(&net, &units, WeightsSpec::Contiguity, true).unwrap();
    let y: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
    let g = stats::gi_star(&y, &w, None, &Exec::default()).unwrap();
    close(
        &g.iter().map(|l| l.z).collect::<Vec<_>>(),
        &floats(&f["gi_star_z"]),
        1e-9,
    );
    // NKDE mass over the real network
    let lx = stats::lixelize(&net, 25.0, None).unwrap();
    for method in [Method::Continuous, Method::Discontinuous] {
        let o = NkdeOptions {
            method,
            bandwidth: Bandwidth::Fixed(150.0),
            ..Default::default()
        };
        let d = stats::nkde(&net, &pts, &lx, &o, &Exec::default()).unwrap();
        let m: f64 = d.mass.iter().sum();
        assert!((m - pts.len() as f64).abs() < 1e-6, "{method:?}: {m}");
    }
}
