//! Per-unit tests: exceedance with false discovery rate control, the over-dispersion
//! screen, network weights, Getis–Ord Gi* and local Moran.

use rand::RngExt;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Mc;
use super::distances::{DistanceOracle, Engine, Indexed, NetPoint, PairMode};
use super::nkde::Lixel;
use super::special::{binom_pmf, binom_sf, chi2_sf, norm_sf, pois_pmf, pois_sf};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// The exact distribution of a unit's count under the null.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tail {
    /// `X ~ Binomial(N, e_i/Σe)`: exact given the total `N` (default).
    #[default]
    Binomial,
    /// `X ~ Poisson(N e_i/Σe)`: the usual approximation.
    Poisson,
}

/// False discovery rate procedure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fdr {
    /// Benjamini & Hochberg (1995): valid under independence or positive dependence.
    #[default]
    BenjaminiHochberg,
    /// Benjamini & Yekutieli (2001): valid under any dependence (BH × `Σ_{i≤m} 1/i`).
    BenjaminiYekutieli,
}

/// The exceedance test of one unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitTest {
    /// Observed count `x_i`.
    pub observed: u64,
    /// Expected count `E_i = N e_i / Σe`.
    pub expected: f64,
    /// `x_i / E_i` (∞ where `E_i = 0 < x_i`, NaN where both are 0).
    pub ratio: f64,
    /// One-sided p-value `P(X ≥ x_i)` (or the mid-p); 1 where `x_i = 0`.
    pub p: f64,
    /// FDR-adjusted p-value over every unit.
    pub q: f64,
    /// `q ≤` the level.
    pub significant: bool,
}

/// FDR-adjusted p-values (scipy's `false_discovery_control`): with the p-values sorted
/// ascending, `q_(k) = min_{j ≥ k} p_(j) · m / j`, capped at 1 (BY: times `Σ_{i≤m} 1/i`).
///
/// # Arguments
/// * `p`: p-values in `[0, 1]` (NaN are kept as NaN and not counted in `m`).
/// * `fdr`: the procedure.
///
/// # Returns
/// The q-values, in the order of `p`.
///
/// # Complexity
/// `O(m log m)`.
///
/// # Example
/// ```
/// use corridors::stats::{fdr_adjust, Fdr};
/// let q = fdr_adjust(&[0.010, 0.001, 0.039, 0.041, 0.20, 0.005], Fdr::BenjaminiHochberg);
/// let want = [0.02, 0.006, 0.0492, 0.0492, 0.2, 0.015];
/// assert!(q.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-12));
/// ```
pub fn fdr_adjust(p: &[f64], fdr: Fdr) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    idx.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let m = idx.len();
    let c = match fdr {
        Fdr::BenjaminiHochberg => 1.0,
        Fdr::BenjaminiYekutieli => (1..=m).map(|i| 1.0 / i as f64).sum(),
    };
    let mut q = vec![f64::NAN; p.len()];
    let mut run = f64::INFINITY;
    for (k, &i) in idx.iter().enumerate().rev() {
        let v = p[i] * m as f64 / (k + 1) as f64 * c;
        run = run.min(v);
        q[i] = run.min(1.0);
    }
    q
}

/// Exceedance tests of every unit: `P(X ≥ x_i)` with `X ~ Binomial(N, e_i/Σe)` (or
/// Poisson), optionally the mid-p `P(X > x_i) + ½P(X = x_i)`, and FDR q-values over the
/// family of *every* unit (units without cases have p = 1).
///
/// # Arguments
/// * `counts`: cases per unit; `exposure`: length or exposure per unit (≥ 0, not all 0).
/// * `tail`, `mid_p`, `fdr`; `q`: the level a unit is `significant` at.
///
/// # Returns
/// One [`UnitTest`] per unit.
///
/// # Complexity
/// `O(m log m)` plus, per unit, the point masses between its count and the far tail.
///
/// # Errors
/// [`Error::InvalidArgument`] for different lengths, a bad exposure or `q ∉ (0, 1]`.
///
/// # Example
/// ```
/// use corridors::stats::{exceedance, Fdr, Tail};
/// let t = exceedance(&[12, 0, 38], &[1.0, 4.0, 5.0], Tail::Binomial, false,
///                    Fdr::BenjaminiHochberg, 0.1)?;
/// assert!((t[0].expected - 5.0).abs() < 1e-12 && t[0].significant);
/// assert_eq!(t[1].p, 1.0);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn exceedance(
    counts: &[u64],
    exposure: &[f64],
    tail: Tail,
    mid_p: bool,
    fdr: Fdr,
    q: f64,
) -> Result<Vec<UnitTest>> {
    if counts.len() != exposure.len() {
        return Err(Error::invalid(
            "exposure",
            format!("{} values for {} units", exposure.len(), counts.len()),
        ));
    }
    if exposure.iter().any(|e| !e.is_finite() || *e < 0.0) {
        return Err(Error::invalid("exposure", "must be finite and >= 0"));
    }
    let total_e: f64 = exposure.iter().sum();
    if total_e <= 0.0 {
        return Err(Error::invalid("exposure", "sums to 0"));
    }
    if !(q > 0.0 && q <= 1.0) {
        return Err(Error::invalid("q", "the FDR level must be in (0, 1]"));
    }
    let n: u64 = counts.iter().sum();
    let nf = n as f64;
    let p: Vec<f64> = counts
        .iter()
        .zip(exposure)
        .map(|(&x, &e)| {
            if x == 0 {
                return 1.0;
            }
            let pi = (e / total_e).min(1.0);
            let (sf, pmf) = match tail {
                Tail::Binomial => (binom_sf(x, n, pi), binom_pmf(x, n, pi)),
                Tail::Poisson => (pois_sf(x, nf * pi), pois_pmf(x, nf * pi)),
            };
            if mid_p { sf - 0.5 * pmf } else { sf }
        })
        .collect();
    let qs = fdr_adjust(&p, fdr);
    Ok(counts
        .iter()
        .zip(exposure)
        .enumerate()
        .map(|(i, (&x, &e))| {
            let expected = nf * e / total_e;
            UnitTest {
                observed: x,
                expected,
                ratio: x as f64 / expected,
                p: p[i],
                q: qs[i],
                significant: qs[i] <= q,
            }
        })
        .collect())
}

/// Pearson's over-dispersion screen `X² = Σ (x_i − E_i)²/E_i` over units with `E_i > 0`,
/// against `χ²` with `m − 1` degrees of freedom. `X²/(m−1) ≫ 1` means the counts vary more
/// than the null allows (e.g. one investigation with many co-located victims).
///
/// # Returns
/// `(X², df, p)`.
///
/// # Example
/// ```
/// let (x2, df, p) = corridors::stats::pearson_dispersion(&[5, 5], &[1.0, 1.0]);
/// assert_eq!((x2, df), (0.0, 1));
/// assert!((p - 1.0).abs() < 1e-12);
/// ```
pub fn pearson_dispersion(counts: &[u64], exposure: &[f64]) -> (f64, usize, f64) {
    let n: f64 = counts.iter().sum::<u64>() as f64;
    let te: f64 = exposure.iter().sum();
    let mut x2 = 0.0;
    let mut m = 0usize;
    for (&x, &e) in counts.iter().zip(exposure) {
        let ex = n * e / te;
        if ex > 0.0 {
            x2 += (x as f64 - ex).powi(2) / ex;
            m += 1;
        }
    }
    let df = m.saturating_sub(1);
    let p = if df == 0 {
        f64::NAN
    } else {
        chi2_sf(x2, df as f64)
    };
    (x2, df, p)
}

/// Which units are neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum WeightsSpec {
    /// Units that touch: share a hub (segments), or an end (lixels of one segment).
    Contiguity,
    /// Units whose midpoints are at most `max_m` apart on the network.
    Band {
        /// Largest network distance between midpoints, metres.
        max_m: f64,
    },
    /// `1/d^power` between midpoints within `max_m` (a midpoint distance of 0 counts as
    /// the smallest positive one found, or 1 m).
    InverseDistance {
        /// Largest network distance between midpoints, metres.
        max_m: f64,
        /// Power of the distance.
        power: f64,
    },
}

/// Sparse spatial weights: one row per unit (CSR).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SparseWeights {
    /// Row `i` is `neighbours[offsets[i]..offsets[i + 1]]`.
    pub offsets: Vec<usize>,
    /// Column of each entry.
    pub neighbours: Vec<usize>,
    /// Weight of each entry.
    pub weights: Vec<f64>,
}

impl SparseWeights {
    /// Builds rows from `(i, j, w)` entries (sorted by `(i, j)`; duplicates summed).
    ///
    /// ```
    /// use corridors::stats::SparseWeights;
    /// let w = SparseWeights::from_entries(3, vec![(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0)]);
    /// assert_eq!(w.row(1).count(), 2);
    /// ```
    pub fn from_entries(n: usize, mut entries: Vec<(usize, usize, f64)>) -> Self {
        entries.sort_by_key(|a| (a.0, a.1));
        let mut offsets = vec![0usize; n + 1];
        let mut neighbours = Vec::with_capacity(entries.len());
        let mut weights: Vec<f64> = Vec::with_capacity(entries.len());
        let mut last: Option<(usize, usize)> = None;
        for (i, j, w) in entries {
            if i >= n || j >= n {
                continue;
            }
            if last == Some((i, j)) {
                if let Some(x) = weights.last_mut() {
                    *x += w;
                }
                continue;
            }
            last = Some((i, j));
            neighbours.push(j);
            weights.push(w);
            offsets[i + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Self {
            offsets,
            neighbours,
            weights,
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `(j, w_ij)` of row `i`.
    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.offsets[i]..self.offsets[i + 1];
        self.neighbours[r.clone()]
            .iter()
            .copied()
            .zip(self.weights[r].iter().copied())
    }
}

/// Each row divided by its sum (rows summing to 0 stay 0), as esda's `transform = "R"`.
///
/// ```
/// use corridors::stats::{row_standardise, SparseWeights};
/// let w = SparseWeights::from_entries(2, vec![(0, 1, 2.0), (1, 0, 1.0)]);
/// assert_eq!(row_standardise(&w).weights, vec![1.0, 1.0]);
/// ```
pub fn row_standardise(w: &SparseWeights) -> SparseWeights {
    let mut out = w.clone();
    for i in 0..w.len() {
        let r = w.offsets[i]..w.offsets[i + 1];
        let s: f64 = w.weights[r.clone()].iter().sum();
        if s != 0.0 {
            out.weights[r].iter_mut().for_each(|x| *x /= s);
        }
    }
    out
}

/// Network weights between units (whole segments or lixels).
///
/// # Arguments
/// * `units`: the units; `spec`: contiguity, distance band or inverse distance (distances
///   between unit midpoints along the network); `include_self`: add `w_ii = 1` (Gi*).
///
/// # Returns
/// Binary (or inverse-distance) [`SparseWeights`], rows in unit order.
///
/// # Complexity
/// Contiguity `O(units log units)`; band: two Dijkstras limited to `max_m` per segment with
/// a unit.
///
/// # Errors
/// [`Error::InvalidArgument`] for a unit off the network or a negative band.
///
/// # Example
/// ```
/// use corridors::stats::{lixelize, network_weights, WeightsSpec};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let units = lixelize(&net, f64::INFINITY, None)?; // one unit per segment
/// let w = network_weights(&net, &units, WeightsSpec::Contiguity, false)?;
/// assert_eq!(w.row(0).collect::<Vec<_>>(), vec![(1, 1.0)]);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn network_weights(
    net: &Network,
    units: &[Lixel],
    spec: WeightsSpec,
    include_self: bool,
) -> Result<SparseWeights> {
    let n = units.len();
    for u in units {
        if u.segment >= net.segment_count() {
            return Err(Error::invalid("units", "a unit lies on no segment"));
        }
    }
    let mut entries: Vec<(usize, usize, f64)> = Vec::new();
    match spec {
        WeightsSpec::Contiguity => {
            // every unit end as a key: a hub, or a point inside a segment
            #[derive(PartialEq, Eq, PartialOrd, Ord)]
            enum End {
                Hub(usize),
                Inner(usize, u64),
            }
            let mut ends: Vec<(End, usize)> = Vec::with_capacity(2 * n);
            for (k, u) in units.iter().enumerate() {
                let (a, b) = net.endpoints(u.segment);
                let l = net.segment(u.segment).length_m;
                for (x, hub) in [(u.start_m, a), (u.end_m, b)] {
                    let key = if x <= 0.0 && hub == a {
                        End::Hub(a)
                    } else if x >= l {
                        End::Hub(b)
                    } else {
                        End::Inner(u.segment, x.to_bits())
                    };
                    ends.push((key, k));
                }
            }
            ends.sort();
            let mut s = 0;
            while s < ends.len() {
                let mut e = s;
                while e < ends.len() && ends[e].0 == ends[s].0 {
                    e += 1;
                }
                for a in s..e {
                    for b in s..e {
                        let (i, j) = (ends[a].1, ends[b].1);
                        if i != j {
                            entries.push((i, j, 1.0));
                        }
                    }
                }
                s = e;
            }
            // a unit touching another at both ends (parallels) is still one neighbour
            entries.sort_by_key(|a| (a.0, a.1));
            entries.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        }
        WeightsSpec::Band { max_m } | WeightsSpec::InverseDistance { max_m, .. } => {
            if max_m.is_nan() || max_m < 0.0 {
                return Err(Error::invalid("max_m", "the band must be >= 0"));
            }
            let mids: Vec<NetPoint> = units
                .iter()
                .map(|u| NetPoint::new(u.segment, 0.5 * (u.start_m + u.end_m)))
                .collect();
            let eng = Engine::new(net, DistanceOracle::Bounded, mids.len());
            let idx = Indexed::new(&mids, net.segment_count());
            let mut pairs = Vec::new();
            eng.pairs(&idx, &idx, max_m, PairMode::Auto, &mut |i, j, d| {
                pairs.push((i, j, d))
            });
            let dmin = pairs
                .iter()
                .map(|p| p.2)
                .filter(|d| *d > 0.0)
                .fold(f64::INFINITY, f64::min);
            let dmin = if dmin.is_finite() { dmin } else { 1.0 };
            for (i, j, d) in pairs {
                let w = match spec {
                    WeightsSpec::InverseDistance { power, .. } => 1.0 / d.max(dmin).powf(power),
                    _ => 1.0,
                };
                entries.push((i, j, w));
                entries.push((j, i, w));
            }
            entries.sort_by_key(|a| (a.0, a.1));
            entries.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        }
    }
    if include_self {
        entries.extend((0..n).map(|i| (i, i, 1.0)));
    }
    Ok(SparseWeights::from_entries(n, entries))
}

/// A local statistic of one unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Local {
    /// The statistic (Gi*: `Σ_j w_ij y_j / Σ y`; local Moran: `I_i`).
    pub stat: f64,
    /// Gi*: the z-score (NaN where undefined, e.g. constant `y`); local Moran: NaN (use
    /// `p_sim`).
    pub z: f64,
    /// One-sided normal p-value `P(Z ≥ |z|)` (esda's `p_norm`).
    pub p_norm: f64,
    /// Folded pseudo p-value of the conditional permutation test, `(min(c, R − c) + 1) /
    /// (R + 1)` with `c = #{sim ≥ observed}` (esda), when asked.
    pub p_sim: Option<f64>,
}

/// `k` distinct indices from `0..n` without `skip` (rejection; `k` is small).
fn draw_others(
    rng: &mut rand::rngs::ChaCha8Rng,
    n: usize,
    skip: usize,
    k: usize,
    out: &mut Vec<usize>,
) {
    out.clear();
    while out.len() < k {
        let mut j = rng.random_range(0..n - 1);
        if j >= skip {
            j += 1;
        }
        if !out.contains(&j) {
            out.push(j);
        }
    }
}

/// Conditional permutation: the statistic with `y_i` fixed and the neighbours' values drawn
/// from the others, `R` times on the unit's own stream.
/// A local statistic of unit `i` from `(w_ij, y_j)` pairs, the unit itself first.
type LocalStat<'a> = dyn Fn(usize, &mut dyn Iterator<Item = (f64, f64)>) -> f64 + Sync + 'a;

fn permute(
    y: &[f64],
    w: &SparseWeights,
    mc: &Mc,
    stat: &LocalStat<'_>,
    observed: &[f64],
    exec: &Exec,
) -> Result<Vec<f64>> {
    let n = y.len();
    exec.progress.start(n as u64);
    let one = |i: usize| -> Result<f64> {
        if i.is_multiple_of(64) {
            exec.check()?;
            // the block of 64 units starting here
            exec.progress.inc((n - i).min(64) as u64);
        }
        let others: Vec<(usize, f64)> = w.row(i).filter(|&(j, _)| j != i).collect();
        let self_w: f64 = w.row(i).filter(|&(j, _)| j == i).map(|x| x.1).sum();
        let k = others.len();
        if n < 2 || k > n - 1 {
            return Ok(f64::NAN);
        }
        let mut rng = mc.rng(i as u64);
        let mut pick = Vec::with_capacity(k);
        let mut larger = 0usize;
        for _ in 0..mc.replicates {
            draw_others(&mut rng, n, i, k, &mut pick);
            let mut it = std::iter::once((self_w, y[i]))
                .chain(others.iter().zip(&pick).map(|(&(_, wij), &j)| (wij, y[j])));
            if stat(i, &mut it) >= observed[i] {
                larger += 1;
            }
        }
        let r = mc.replicates;
        let c = larger.min(r - larger);
        Ok((c + 1) as f64 / (r + 1) as f64)
    };
    let p = if exec.parallel(n) {
        (0..n).into_par_iter().map(one).collect()
    } else {
        (0..n).map(one).collect()
    };
    exec.progress.finish();
    p
}

fn check_w(y: &[f64], w: &SparseWeights) -> Result<()> {
    if w.len() != y.len() {
        return Err(Error::invalid(
            "weights",
            format!("{} rows for {} values", w.len(), y.len()),
        ));
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Error::invalid("y", "values must be finite"));
    }
    Ok(())
}

/// Getis–Ord Gi* (Ord & Getis 1995) with the weights as given (include `w_ii` for the
/// star form):
/// `z_i = (Σ_j w_ij y_j − ȳ W_i) / (S √((n S1_i − W_i²)/(n − 1)))`, `S` the population
/// standard deviation, `W_i = Σ_j w_ij`, `S1_i = Σ_j w_ij²`. With binary weights including
/// self this equals esda's `G_Local(y, w, transform="B", star=True).Zs`.
///
/// # Arguments
/// * `y`: values per unit (e.g. case counts); `w`: weights (see [`network_weights`]);
/// * `mc`: conditional permutation settings, or `None` for the normal p-value only;
/// * `exec`: progress (one unit per unit, with permutations), cancellation and parallel
///   threshold (units).
///
/// # Returns
/// One [`Local`] per unit; `p_sim` compares `Σ_j w_ij y_j` against permutations.
///
/// # Complexity
/// `O(nnz)`, plus `O(R · nnz)` with permutations.
///
/// # Errors
/// [`Error::InvalidArgument`] when `w` and `y` differ in length or `y` is not finite.
///
/// # Example
/// ```
/// use corridors::stats::{gi_star, SparseWeights};
/// let mut e = Vec::new();
/// for i in 0..6usize {
///     e.push((i, i, 1.0));
///     if i > 0 { e.push((i, i - 1, 1.0)); }
///     if i < 5 { e.push((i, i + 1, 1.0)); }
/// }
/// let w = SparseWeights::from_entries(6, e);
/// let g = gi_star(&[0.0, 2.0, 7.0, 9.0, 3.0, 1.0], &w, None, &Default::default())?;
/// assert!((g[3].z - 1.835325871).abs() < 1e-9); // esda
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn gi_star(y: &[f64], w: &SparseWeights, mc: Option<&Mc>, exec: &Exec) -> Result<Vec<Local>> {
    check_w(y, w)?;
    let n = y.len() as f64;
    let sum: f64 = y.iter().sum();
    let mean = sum / n;
    let s = (y.iter().map(|v| v * v).sum::<f64>() / n - mean * mean)
        .max(0.0)
        .sqrt();
    let lag = |it: &mut dyn Iterator<Item = (f64, f64)>| it.map(|(w, v)| w * v).sum::<f64>();
    let obs: Vec<f64> = (0..y.len())
        .map(|i| lag(&mut w.row(i).map(|(j, wij)| (wij, y[j]))))
        .collect();
    let p_sim = match mc {
        Some(mc) => Some(permute(y, w, mc, &|_, it| lag(it), &obs, exec)?),
        None => None,
    };
    Ok((0..y.len())
        .map(|i| {
            let wi: f64 = w.row(i).map(|x| x.1).sum();
            let s1: f64 = w.row(i).map(|x| x.1 * x.1).sum();
            let den = s * ((n * s1 - wi * wi) / (n - 1.0)).sqrt();
            let z = if den > 0.0 {
                (obs[i] - mean * wi) / den
            } else {
                f64::NAN
            };
            Local {
                stat: if sum != 0.0 { obs[i] / sum } else { f64::NAN },
                z,
                p_norm: norm_sf(z.abs()),
                p_sim: p_sim.as_ref().map(|p| p[i]),
            }
        })
        .collect())
}

/// Local Moran (Anselin 1995) as esda's `Moran_Local`: `z = (y − ȳ)/sd(y)` (population),
/// `I_i = (n − 1) z_i Σ_j w_ij z_j / Σ_k z_k²`. Pass row-standardised weights without
/// self ([`row_standardise`]) for esda's default.
///
/// # Arguments
/// See [`gi_star`].
///
/// # Returns
/// One [`Local`] per unit (`stat = I_i`, `p_sim` with `mc`).
///
/// # Complexity
/// `O(nnz)`, plus `O(R · nnz)` with permutations.
///
/// # Errors
/// As [`gi_star`].
///
/// # Example
/// ```
/// use corridors::stats::{local_moran, row_standardise, SparseWeights};
/// let mut e = Vec::new();
/// for i in 0..6usize {
///     if i > 0 { e.push((i, i - 1, 1.0)); }
///     if i < 5 { e.push((i, i + 1, 1.0)); }
/// }
/// let w = row_standardise(&SparseWeights::from_entries(6, e));
/// let m = local_moran(&[0.0, 2.0, 7.0, 9.0, 3.0, 1.0], &w, None, &Default::default())?;
/// assert!((m[0].stat - 0.4824561404).abs() < 1e-9); // esda
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn local_moran(
    y: &[f64],
    w: &SparseWeights,
    mc: Option<&Mc>,
    exec: &Exec,
) -> Result<Vec<Local>> {
    check_w(y, w)?;
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    let z: Vec<f64> = y.iter().map(|v| (v - mean) / sd).collect();
    let den: f64 = z.iter().map(|v| v * v).sum();
    let f = (n - 1.0) / den;
    let obs: Vec<f64> = (0..y.len())
        .map(|i| f * z[i] * w.row(i).map(|(j, wij)| wij * z[j]).sum::<f64>())
        .collect();
    // permutation statistic on z: the first item is unit i itself
    let stat = |_: usize, it: &mut dyn Iterator<Item = (f64, f64)>| {
        let Some((_, zi)) = it.next() else {
            return f64::NAN;
        };
        f * zi * it.map(|(w, v)| w * v).sum::<f64>()
    };
    let p_sim = match mc {
        Some(mc) => Some(permute(&z, w, mc, &stat, &obs, exec)?),
        None => None,
    };
    Ok((0..y.len())
        .map(|i| Local {
            stat: obs[i],
            z: f64::NAN,
            p_norm: f64::NAN,
            p_sim: p_sim.as_ref().map(|p| p[i]),
        })
        .collect())
}
