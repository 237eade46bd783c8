//! The guide's random checks (stats.md §10.2: 6, 7, 19, 22, 25) with fixed seeds. Each
//! states its false-alarm rate: the probability that a correct implementation fails it.

use corridors::Exec;
use corridors::stats::{
    self, Fdr, KEstimator, KOptions, Lixel, Mc, NetPoint, Null, Radii, ScanOptions, SparseWeights,
    Tail,
};
use rand::RngExt;

use super::stats::lines;

/// Kolmogorov–Smirnov distance of a sample from U(0, 1).
fn ks_uniform(mut u: Vec<f64>) -> f64 {
    u.sort_by(f64::total_cmp);
    let n = u.len() as f64;
    u.iter()
        .enumerate()
        .map(|(i, &x)| ((i + 1) as f64 / n - x).max(x - i as f64 / n))
        .fold(0.0, f64::max)
}

/// `√n D` above which KS rejects at 1e-3: `√(−ln(0.0005)/2)`.
const KS_1E3: f64 = 1.9495;

#[test]
fn check06_simulation_is_uniform_by_length_and_follows_exposure() {
    // false alarm ≈ 1e-3 per assertion (χ² and KS at their 0.999 quantiles)
    let len = [10.0, 20.0, 5.0, 40.0, 25.0];
    let net = lines(6, &(0..5).map(|i| (i, i + 1, len[i])).collect::<Vec<_>>());
    let n = 100_000;
    let mut rng = Mc::default().rng(12345);
    let pts = stats::simulate(&net, n, &Null::UniformByLength, &mut rng).unwrap();
    let mut c = [0f64; 5];
    for p in &pts {
        c[p.segment] += 1.0;
    }
    let x2: f64 = (0..5)
        .map(|i| {
            let e = n as f64 * len[i] / 100.0;
            (c[i] - e).powi(2) / e
        })
        .sum();
    assert!(x2 < 18.4668, "χ²(4) = {x2}"); // 0.999 quantile of χ²₄
    let u: Vec<f64> = pts.iter().map(|p| p.offset_m / len[p.segment]).collect();
    let d = ks_uniform(u);
    assert!(d * (n as f64).sqrt() < KS_1E3, "KS D = {d}");
    // exposure: segments 1 and 3 never drawn, the others 1:3:6
    let e = vec![1.0, 0.0, 3.0, 0.0, 6.0];
    let pts = stats::simulate(&net, n, &Null::Exposure(e.clone()), &mut rng).unwrap();
    let mut c = [0f64; 5];
    for p in &pts {
        c[p.segment] += 1.0;
    }
    assert_eq!((c[1], c[3]), (0.0, 0.0));
    let x2: f64 = [0, 2, 4]
        .iter()
        .map(|&i| {
            let ex = n as f64 * e[i] / 10.0;
            (c[i] - ex).powi(2) / ex
        })
        .sum();
    assert!(x2 < 13.8155, "χ²(2) = {x2}");
}

#[test]
fn check07_global_k_test_holds_its_level() {
    // 400 uniform patterns (n = 30) on the square of §9, R = 99, α = 0.05: the rejection
    // count is Binomial(400, ≤ 0.05); [0.02, 0.08] fails with probability < 1e-3 at 0.05
    // (and the test is conservative with ties, so the lower end has some slack)
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
    let mut rejected = 0;
    let trials = 400;
    for t in 0..trials {
        let mut rng = Mc {
            seed: 99,
            ..Mc::default()
        }
        .rng(t);
        let pts = stats::simulate(&net, 30, &Null::UniformByLength, &mut rng).unwrap();
        let o = KOptions {
            radii: Radii::List((1..=10).map(|k| 2.0 * k as f64).collect()),
            mc: Mc {
                replicates: 99,
                seed: 1000 + t,
                alpha: 0.05,
            },
            ..Default::default()
        };
        let k = stats::k_function(&net, &pts, &o, &Exec::default()).unwrap();
        if k.p_global <= 0.05 {
            rejected += 1;
        }
    }
    let rate = rejected as f64 / trials as f64;
    assert!((0.02..=0.08).contains(&rate), "rejection rate {rate}");
    // and the plain MAD and the spaghetti estimator hold it too on a smaller run
    let mut rej = 0;
    for t in 0..200u64 {
        let mut rng = Mc::default().rng(5000 + t);
        let pts = stats::simulate(&net, 30, &Null::UniformByLength, &mut rng).unwrap();
        let o = KOptions {
            radii: Radii::List((1..=10).map(|k| 2.0 * k as f64).collect()),
            estimator: KEstimator::SpaghettiCompat,
            global: stats::GlobalTest::Mad,
            mc: Mc {
                replicates: 99,
                seed: t,
                alpha: 0.05,
            },
            ..Default::default()
        };
        if stats::k_function(&net, &pts, &o, &Exec::default())
            .unwrap()
            .p_global
            <= 0.05
        {
            rej += 1;
        }
    }
    // Binomial(200, ≤ 0.05): ≤ 20 fails with probability < 1e-3
    assert!(rej <= 20, "{rej} of 200");
}

#[test]
fn global_k_test_finds_clustering() {
    // 30 points, 20 of them on one 10 m segment: power is essentially 1
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
    let mut rng = Mc::default().rng(3);
    let mut pts = stats::simulate(&net, 10, &Null::UniformByLength, &mut rng).unwrap();
    pts.extend((0..20).map(|k| NetPoint::new(4, 2.0 + 0.3 * k as f64)));
    let o = KOptions {
        radii: Radii::List((1..=10).map(|k| 2.0 * k as f64).collect()),
        ..Default::default()
    };
    let k = stats::k_function(&net, &pts, &o, &Exec::default()).unwrap();
    assert!(k.p_global <= 0.02, "p = {}", k.p_global);
    assert!(k.observed[1] > k.hi[1]);
}

#[test]
fn check19_exceedance_with_bh_under_the_null() {
    // 500 datasets, m = 50, N = 500 multinomial by exposure: any BH rejection at q = 0.1
    // happens with probability ≤ 0.1 (BH controls the FWER under the global null; discrete
    // p-values make it conservative). Binomial(500, 0.1): ≤ 0.13 fails with p ≈ 1e-3.
    let mut rng = Mc::default().rng(777);
    let e: Vec<f64> = (0..50).map(|_| 1.0 + rng.random::<f64>() * 9.0).collect();
    let te: f64 = e.iter().sum();
    let mut any = 0;
    for _ in 0..500 {
        let mut c = vec![0u64; 50];
        for _ in 0..500 {
            let mut x = rng.random::<f64>() * te;
            let mut k = 0;
            while k < 49 && x >= e[k] {
                x -= e[k];
                k += 1;
            }
            c[k] += 1;
        }
        let t =
            stats::exceedance(&c, &e, Tail::Binomial, false, Fdr::BenjaminiHochberg, 0.1).unwrap();
        if t.iter().any(|u| u.significant) {
            any += 1;
        }
    }
    let rate = any as f64 / 500.0;
    assert!(rate <= 0.13, "rate {rate}");
}

#[test]
fn check22_permutation_p_values_are_uniform() {
    // 200 exchangeable datasets on a 20-unit path; the folded pseudo p of unit 7, doubled,
    // is uniform on (0, 1] up to the 2/(R+1) grid: KS at 1e-3 plus that step
    let n = 20usize;
    let mut e = Vec::new();
    for i in 0..n {
        e.push((i, i, 1.0));
        if i > 0 {
            e.push((i, i - 1, 1.0));
        }
        if i + 1 < n {
            e.push((i, i + 1, 1.0));
        }
    }
    let w = SparseWeights::from_entries(n, e);
    let mut rng = Mc::default().rng(4242);
    let mut u = Vec::new();
    for d in 0..200u64 {
        let y: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
        let mc = Mc {
            replicates: 999,
            seed: d,
            alpha: 0.05,
        };
        let g = stats::gi_star(&y, &w, Some(&mc), &Exec::default()).unwrap();
        u.push(2.0 * g[7].p_sim.unwrap() - 1.0 / 1000.0);
    }
    let d = ks_uniform(u);
    assert!(d < KS_1E3 / 200f64.sqrt() + 0.002, "KS D = {d}");
}

#[test]
fn check25_scan_holds_its_level() {
    // 200 null datasets (N = 100 by length) on a 20-segment network, R = 99: rejection rate
    // at 0.05 in [0.015, 0.09] (Binomial(200, 0.05) leaves it with probability ≈ 2e-3)
    let mut segs = Vec::new();
    for i in 0..14 {
        segs.push((i, i + 1, 50.0 + 13.0 * (i % 5) as f64));
    }
    for (a, b) in [(3, 15), (15, 16), (16, 17), (8, 18), (18, 19), (19, 20)] {
        segs.push((a, b, 70.0));
    }
    let net = lines(21, &segs);
    let units: Vec<Lixel> = stats::lixelize(&net, f64::INFINITY, None).unwrap();
    let e: Vec<f64> = units.iter().map(|u| u.end_m - u.start_m).collect();
    let te: f64 = e.iter().sum();
    let mut rng = Mc::default().rng(2025);
    let mut rejected = 0;
    for d in 0..200u64 {
        let mut c = vec![0u64; units.len()];
        for _ in 0..100 {
            let mut x = rng.random::<f64>() * te;
            let mut k = 0;
            while k + 1 < e.len() && x >= e[k] {
                x -= e[k];
                k += 1;
            }
            c[k] += 1;
        }
        let o = ScanOptions {
            mc: Mc {
                replicates: 99,
                seed: d,
                alpha: 0.05,
            },
            max_clusters: 1,
            ..Default::default()
        };
        let cl = stats::network_scan(&net, &units, &c, &e, &o, &Exec::default()).unwrap();
        if cl.first().is_some_and(|c| c.p <= 0.05) {
            rejected += 1;
        }
    }
    let rate = rejected as f64 / 200.0;
    assert!((0.015..=0.09).contains(&rate), "rate {rate}");
}
