//! Network K, cross-K and nearest-neighbour G functions with Monte Carlo envelopes and a
//! global test.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::distances::{
    DistanceOracle, Engine, Indexed, NetPoint, PairMode, Sampler, check_points,
};
use super::{Mc, Null, mc_p};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// Which K estimator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum KEstimator {
    /// Okabe & Yamada (2001), spNetwork's `kfunctions`: ordered pairs `i ≠ j` with
    /// `d ≤ r`, times `L / (n(n−1))`. The default.
    #[default]
    OkabeYamada,
    /// spaghetti's `GlobalAutoK`: unordered pairs with `d < r` (strict), times `2L / n²`.
    /// `K_sp = K_OY · (n−1)/n` where no pair distance equals a radius.
    SpaghettiCompat,
}

impl KEstimator {
    /// `okabe-yamada` or `spaghetti`.
    pub fn label(self) -> &'static str {
        match self {
            KEstimator::OkabeYamada => "okabe-yamada",
            KEstimator::SpaghettiCompat => "spaghetti",
        }
    }

    /// Index of the first radius a distance counts at (`radii.len()` when none).
    fn bin(self, radii: &[f64], d: f64) -> usize {
        match self {
            KEstimator::OkabeYamada => radii.partition_point(|&r| r < d),
            KEstimator::SpaghettiCompat => radii.partition_point(|&r| r <= d),
        }
    }
}

/// The radii at which a function is evaluated, metres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Radii {
    /// These radii (ascending, ≥ 0).
    List(Vec<f64>),
    /// `steps` radii evenly from 0 to `max_m` inclusive (numpy's `linspace`); `max_m =
    /// None` takes the largest *finite* distance between two observed points.
    Linspace {
        /// Largest radius; `None` = the finite maximum pair distance.
        max_m: Option<f64>,
        /// Number of radii (default 10).
        steps: usize,
    },
}

impl Default for Radii {
    fn default() -> Self {
        Radii::Linspace {
            max_m: None,
            steps: 10,
        }
    }
}

/// The global test over all radii (one number per curve, ranked among the simulations).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GlobalTest {
    /// Maximum absolute deviation of the curve standardised by the pointwise standard
    /// deviation: `T = max_r |f(r) − m(r)| / s(r)` (radii where every curve agrees are
    /// skipped). Default: radii with a large variance (large `r` for K) do not swamp the
    /// others, so clustering at small scales is found.
    #[default]
    StudentizedMad,
    /// Maximum absolute deviation `T = max_r |f(r) − m(r)|` (Diggle's MAD test).
    Mad,
}

impl GlobalTest {
    /// `studentized-mad` or `mad`.
    pub fn label(self) -> &'static str {
        match self {
            GlobalTest::StudentizedMad => "studentized-mad",
            GlobalTest::Mad => "mad",
        }
    }
}

/// Options of [`k_function`], [`cross_k_function`] and [`g_function`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KOptions {
    /// Radii.
    pub radii: Radii,
    /// Estimator (default Okabe–Yamada).
    pub estimator: KEstimator,
    /// Null model of the simulations.
    pub null: Null,
    /// Replicates, seed and envelope level.
    pub mc: Mc,
    /// Keep every simulated curve in [`Curve::sims`].
    pub keep_sims: bool,
    /// Dense or bounded distances (default: dense on small networks).
    pub oracle: DistanceOracle,
    /// The global test.
    pub global: GlobalTest,
}

/// A function of distance with its Monte Carlo envelope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// Radii, metres.
    pub radii: Vec<f64>,
    /// The observed function.
    pub observed: Vec<f64>,
    /// Mean of the simulated functions.
    pub sim_mean: Vec<f64>,
    /// Pointwise `α/2` quantile of the simulations (type 7).
    pub lo: Vec<f64>,
    /// Pointwise `1 − α/2` quantile of the simulations (type 7).
    pub hi: Vec<f64>,
    /// Global test over all radii ([`GlobalTest`]), with `m(r)` and `s(r)` the mean and
    /// standard deviation of all `R + 1` curves (observed included, so that the observed
    /// curve and the simulations are exchangeable under the null):
    /// `p = (1 + #{T_sim ≥ T_obs}) / (R + 1)`.
    pub p_global: f64,
    /// Number of points (for cross-K: the relocated set A).
    pub n: usize,
    /// Total length of the network, metres.
    pub total_length_m: f64,
    /// The simulated curves, one per replicate, when asked.
    pub sims: Option<Vec<Vec<f64>>>,
}

/// Which function.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Func {
    K,
    G,
}

fn check_radii(radii: &[f64]) -> Result<()> {
    if radii.is_empty() {
        return Err(Error::invalid("radii", "at least one radius is needed"));
    }
    if radii.iter().any(|r| !r.is_finite() || *r < 0.0) {
        return Err(Error::invalid("radii", "radii must be finite and >= 0"));
    }
    if radii.windows(2).any(|w| w[1] < w[0]) {
        return Err(Error::invalid("radii", "radii must be ascending"));
    }
    Ok(())
}

/// The radii of `o` for the observed points (the finite maximum pair distance when asked).
fn resolve_radii(
    eng: &Engine,
    a: &Indexed,
    b: Option<&Indexed>,
    radii: &Radii,
) -> Result<Vec<f64>> {
    let r = match radii {
        Radii::List(v) => v.clone(),
        Radii::Linspace { max_m, steps } => {
            if *steps == 0 {
                return Err(Error::invalid("steps", "at least one radius is needed"));
            }
            let max = match max_m {
                Some(m) => *m,
                None => {
                    let mut max = 0.0f64;
                    match b {
                        None => eng.pairs(a, a, f64::INFINITY, PairMode::Auto, &mut |_, _, d| {
                            max = max.max(d)
                        }),
                        Some(b) => {
                            eng.pairs(b, a, f64::INFINITY, PairMode::Cross, &mut |_, _, d| {
                                max = max.max(d)
                            })
                        }
                    }
                    max
                }
            };
            if *steps == 1 {
                vec![max]
            } else {
                // as numpy's linspace: k · step, the last radius exactly `max`
                let step = max / (*steps - 1) as f64;
                let mut r: Vec<f64> = (0..*steps).map(|k| k as f64 * step).collect();
                r[*steps - 1] = max;
                r
            }
        }
    };
    check_radii(&r)?;
    Ok(r)
}

/// One evaluation of the function on a pattern.
struct Eval<'a> {
    eng: &'a Engine,
    radii: &'a [f64],
    est: KEstimator,
    func: Func,
    total: f64,
}

impl Eval<'_> {
    /// K or G of the points `a` (alone, or around the fixed points `b` for cross-K).
    fn eval(&self, a: &[NetPoint], b: Option<&[NetPoint]>) -> Vec<f64> {
        let m = self.eng.g.ends.len();
        let cutoff = *self.radii.last().unwrap_or(&0.0);
        let nr = self.radii.len();
        let ia = Indexed::new(a, m);
        let mut hist = vec![0.0f64; nr + 1];
        match (self.func, b) {
            (Func::K, None) => {
                self.eng
                    .pairs(&ia, &ia, cutoff, PairMode::Auto, &mut |i, j, d| {
                        hist[self.est.bin(self.radii, d)] += a[i].weight * a[j].weight;
                    });
                let w: f64 = a.iter().map(|p| p.weight).sum();
                let w2: f64 = a.iter().map(|p| p.weight * p.weight).sum();
                let n = a.len() as f64;
                let mut c = 0.0;
                (0..nr)
                    .map(|k| {
                        c += hist[k];
                        match self.est {
                            KEstimator::OkabeYamada => {
                                self.total * (2.0 * c + w2 - w) / ((n - 1.0) * w)
                            }
                            KEstimator::SpaghettiCompat => 2.0 * self.total * c / (w * w),
                        }
                    })
                    .collect()
            }
            (Func::K, Some(b)) => {
                let ib = Indexed::new(b, m);
                self.eng
                    .pairs(&ib, &ia, cutoff, PairMode::Cross, &mut |i, j, d| {
                        hist[self.est.bin(self.radii, d)] += b[i].weight * a[j].weight;
                    });
                let wa: f64 = a.iter().map(|p| p.weight).sum();
                let wb: f64 = b.iter().map(|p| p.weight).sum();
                let mut c = 0.0;
                (0..nr)
                    .map(|k| {
                        c += hist[k];
                        self.total * c / (wa * wb)
                    })
                    .collect()
            }
            (Func::G, _) => {
                let mut nn = vec![f64::INFINITY; a.len()];
                self.eng
                    .pairs(&ia, &ia, cutoff, PairMode::Auto, &mut |i, j, d| {
                        nn[i] = nn[i].min(d);
                        nn[j] = nn[j].min(d);
                    });
                for d in nn {
                    if d.is_finite() {
                        hist[self.est.bin(self.radii, d)] += 1.0;
                    }
                }
                let n = a.len() as f64;
                let mut c = 0.0;
                (0..nr)
                    .map(|k| {
                        c += hist[k];
                        c / n
                    })
                    .collect()
            }
        }
    }
}

/// Type-7 quantile of sorted values.
fn quantile7(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn run(
    net: &Network,
    a: &[NetPoint],
    b: Option<&[NetPoint]>,
    o: &KOptions,
    func: Func,
    exec: &Exec,
) -> Result<Curve> {
    o.mc.validate()?;
    check_points(net, a, "points")?;
    if let Some(b) = b {
        check_points(net, b, "cross points")?;
        if b.is_empty() {
            return Err(Error::invalid("cross points", "no points to relate to"));
        }
    }
    let need = if b.is_some() { 1 } else { 2 };
    if a.len() < need {
        return Err(Error::invalid(
            "points",
            format!("at least {need} points are needed, got {}", a.len()),
        ));
    }
    if a.iter().map(|p| p.weight).sum::<f64>() <= 0.0 {
        return Err(Error::invalid("points", "the weights sum to 0"));
    }
    let sampler = Sampler::new(net, &o.null)?;
    let total: f64 = net.segments().map(|s| s.length_m).sum();
    let eng = Engine::new(net, o.oracle, a.len() + b.map_or(0, <[_]>::len));
    let m = net.segment_count();
    let radii = {
        let ia = Indexed::new(a, m);
        let ib = b.map(|b| Indexed::new(b, m));
        resolve_radii(&eng, &ia, ib.as_ref(), &o.radii)?
    };
    let ev = Eval {
        eng: &eng,
        radii: &radii,
        est: o.estimator,
        func,
        total,
    };
    let observed = ev.eval(a, b);
    let r = o.mc.replicates;
    exec.progress.start(r as u64);
    let one = |k: usize| -> Result<Vec<f64>> {
        exec.check()?;
        let mut rng = o.mc.rng(k as u64);
        let sim: Vec<NetPoint> = a
            .iter()
            .map(|p| NetPoint {
                weight: p.weight,
                ..sampler.draw(&mut rng)
            })
            .collect();
        let out = ev.eval(&sim, b);
        exec.progress.inc(1);
        Ok(out)
    };
    let sims: Vec<Vec<f64>> = if exec.parallel(r) {
        (0..r).into_par_iter().map(one).collect::<Result<_>>()?
    } else {
        (0..r).map(one).collect::<Result<_>>()?
    };
    exec.progress.finish();
    let nr = radii.len();
    let mut sim_mean = vec![f64::NAN; nr];
    let mut lo = vec![f64::NAN; nr];
    let mut hi = vec![f64::NAN; nr];
    let mut col = Vec::with_capacity(r);
    for k in 0..nr {
        col.clear();
        col.extend(sims.iter().map(|s| s[k]));
        if col.is_empty() {
            continue;
        }
        sim_mean[k] = col.iter().sum::<f64>() / r as f64;
        col.sort_by(f64::total_cmp);
        lo[k] = quantile7(&col, o.mc.alpha / 2.0);
        hi[k] = quantile7(&col, 1.0 - o.mc.alpha / 2.0);
    }
    // pooled mean and standard deviation over the observed and simulated curves
    let pooled = |k: usize| {
        let all = std::iter::once(observed[k]).chain(sims.iter().map(|s| s[k]));
        let c = (r + 1) as f64;
        let mean = all.clone().sum::<f64>() / c;
        let var = all.map(|v| (v - mean).powi(2)).sum::<f64>() / c;
        (mean, var.sqrt())
    };
    let ms: Vec<(f64, f64)> = (0..nr).map(pooled).collect();
    let mad = |f: &[f64]| {
        f.iter()
            .zip(&ms)
            .map(|(x, &(m, sd))| match o.global {
                GlobalTest::Mad => (x - m).abs(),
                GlobalTest::StudentizedMad if sd > 0.0 => (x - m).abs() / sd,
                GlobalTest::StudentizedMad => 0.0,
            })
            .fold(0.0, f64::max)
    };
    let p_global = if r == 0 {
        f64::NAN
    } else {
        mc_p(mad(&observed), sims.iter().map(|s| mad(s)))
    };
    Ok(Curve {
        radii,
        observed,
        sim_mean,
        lo,
        hi,
        p_global,
        n: a.len(),
        total_length_m: total,
        sims: o.keep_sims.then_some(sims),
    })
}

/// The network K function of `pts` with a Monte Carlo envelope and a global test.
///
/// Okabe–Yamada (default): `K(r) = L · #{(i, j), i ≠ j : d_ij ≤ r} / (n(n−1))`; with
/// weights, spNetwork's `(L/(n−1)) (1/Σw) Σ_i w_i (Σ_{j: d_ij ≤ r} w_j − 1)` (`j` includes
/// `i`). spaghetti-compatible: `2L · #{i < j : d_ij < r} / n²`. `L` is the total length of
/// the network (every component); distances are network distances ([`super::network_distance`]).
/// Replicate `k` draws `n` points under `o.null` from ChaCha8 stream `k`.
///
/// # Arguments
/// * `net`, `pts` (at least 2), `o`: radii, estimator, null, Monte Carlo settings.
/// * `exec`: progress (one unit per replicate), cancellation, parallel threshold (replicates).
///
/// # Returns
/// The [`Curve`]: observed, simulation mean, pointwise quantile band and `p_global`.
///
/// # Complexity
/// `(R + 1)` evaluations, each two bounded Dijkstras per occupied segment plus the pairs
/// within the largest radius (dense oracle: one `V²` matrix, then `O(n²)` per evaluation).
///
/// # Errors
/// [`Error::InvalidArgument`] for fewer than 2 points, a point off the network, bad radii or
/// `alpha`, or an invalid exposure; [`Error::Cancelled`].
///
/// # Example
/// ```
/// use corridors::stats::{k_function, KOptions, NetPoint, Radii};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let pts = [NetPoint::new(0, 0.0), NetPoint::new(0, 10.0), NetPoint::new(1, 5.0)];
/// let o = KOptions { radii: Radii::List(vec![0.0, 10.0]), ..Default::default() };
/// let k = k_function(&net, &pts, &o, &Default::default())?;
/// let l = k.total_length_m;
/// assert!((k.observed[1] - l * 2.0 / 6.0).abs() < 1e-9); // one pair within 10 m, ordered twice
/// assert!(k.p_global > 0.0 && k.p_global <= 1.0);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn k_function(net: &Network, pts: &[NetPoint], o: &KOptions, exec: &Exec) -> Result<Curve> {
    run(net, pts, None, o, Func::K, exec)
}

/// Cross-K of `a` around `b`: `K_AB(r) = L · #{(b, a) : d ≤ r} / (n_A n_B)` (weighted:
/// `Σ w_a w_b / (Σw_A Σw_B)`), simulated by relocating `a` and keeping `b` (spNetwork's
/// `cross_kfunctions`). `estimator = SpaghettiCompat` only switches `≤` to `<`.
///
/// # Arguments
/// * `a` (relocated, at least 1), `b` (fixed, at least 1); see [`k_function`].
///
/// # Returns
/// The [`Curve`] with `n = a.len()`.
///
/// # Complexity
/// As [`k_function`], with the Dijkstras from the segments of `b`.
///
/// # Errors
/// As [`k_function`].
///
/// # Example
/// ```
/// use corridors::stats::{cross_k_function, KOptions, NetPoint, Radii};
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let a = [NetPoint::new(0, 1.0)];
/// let b = [NetPoint::new(0, 3.0), NetPoint::new(0, 50.0)];
/// let o = KOptions { radii: Radii::List(vec![5.0]), ..Default::default() };
/// let k = cross_k_function(&net, &a, &b, &o, &Default::default())?;
/// assert!((k.observed[0] - k.total_length_m / 2.0).abs() < 1e-9);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn cross_k_function(
    net: &Network,
    a: &[NetPoint],
    b: &[NetPoint],
    o: &KOptions,
    exec: &Exec,
) -> Result<Curve> {
    run(net, a, Some(b), o, Func::K, exec)
}

/// The nearest-neighbour G function: `G(r) = #{i : min_{j≠i} d_ij ≤ r} / n` (spaghetti's
/// former `NetworkG`; `<` with `SpaghettiCompat`), with envelope and global test as
/// [`k_function`]. Weights are ignored.
///
/// # Arguments
/// See [`k_function`].
///
/// # Returns
/// The [`Curve`] of G.
///
/// # Complexity
/// As [`k_function`].
///
/// # Errors
/// As [`k_function`].
///
/// # Example
/// ```
/// use corridors::stats::{g_function, KOptions, NetPoint, Radii};
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let pts = [NetPoint::new(0, 0.0), NetPoint::new(0, 2.0), NetPoint::new(0, 100.0)];
/// let o = KOptions { radii: Radii::List(vec![1.0, 2.0]), ..Default::default() };
/// let g = g_function(&net, &pts, &o, &Default::default())?;
/// assert_eq!(g.observed[0], 0.0);
/// assert!((g.observed[1] - 2.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn g_function(net: &Network, pts: &[NetPoint], o: &KOptions, exec: &Exec) -> Result<Curve> {
    run(net, pts, None, o, Func::G, exec)
}
