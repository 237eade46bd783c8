//! Kulldorff's scan statistic on the network (Poisson model, windows grown by network
//! distance, Monte Carlo p-values).

use rand::RngExt;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::distances::{Graph, Workspace};
use super::nkde::Lixel;
use super::{Mc, mc_p};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// Options of [`network_scan`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScanOptions {
    /// Largest window, as a fraction of the total exposure (SaTScan's 50 % default).
    pub max_length_fraction: f64,
    /// Largest network distance from a window's centre unit to its other units, metres.
    pub max_radius_m: Option<f64>,
    /// Replicates (default 999) and seed.
    pub mc: Mc,
    /// Most clusters reported (the most likely one and non-overlapping secondary ones).
    pub max_clusters: usize,
    /// With at most this many units (default 15) and no `max_radius_m`, every connected set
    /// of units within the size limit is a window (exhaustive search, a superset of the
    /// distance-grown windows); above it, windows grow from each unit by network distance.
    pub exhaustive_up_to: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            max_length_fraction: 0.5,
            max_radius_m: None,
            mc: Mc {
                replicates: 999,
                ..Mc::default()
            },
            max_clusters: 10,
            exhaustive_up_to: 15,
        }
    }
}

/// A cluster: a window of units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Units of the window (indices into the units given), nearest to the centre first.
    pub units: Vec<usize>,
    /// Cases in the window.
    pub cases: u64,
    /// Expected cases `N · e(Z)/e(total)`.
    pub expected: f64,
    /// Log-likelihood ratio.
    pub llr: f64,
    /// Monte Carlo p-value against the maximum LLR of each replicate (secondary clusters are
    /// compared with the same maxima, which is conservative, as in SaTScan).
    pub p: f64,
}

/// Kulldorff's Poisson log-likelihood ratio of a window with `c` of `n` cases and `e`
/// expected: `c ln(c/e) + (n − c) ln((n − c)/(n − e))` when `c > e`, else 0.
///
/// ```
/// let v = corridors::stats::poisson_llr(8, 2.0, 20);
/// assert!((v - 6.224773591661151).abs() < 1e-12);
/// assert_eq!(corridors::stats::poisson_llr(2, 2.0, 20), 0.0);
/// ```
pub fn poisson_llr(c: u64, e: f64, n: u64) -> f64 {
    let (c, nf) = (c as f64, n as f64);
    if c <= e || e.is_nan() || e <= 0.0 {
        return 0.0;
    }
    let inside = c * (c / e).ln();
    let outside = if nf - c > 0.0 {
        (nf - c) * ((nf - c) / (nf - e)).ln()
    } else {
        0.0
    };
    inside + outside
}

/// The windows: for every centre unit, the units by increasing network distance between
/// midpoints, as long as their exposure stays within the limit.
fn windows(
    net: &Network,
    units: &[Lixel],
    exposure: &[f64],
    o: &ScanOptions,
) -> Result<Vec<(Vec<u32>, bool)>> {
    let g = Graph::new(net);
    let m = net.segment_count();
    let mut on: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (k, u) in units.iter().enumerate() {
        on[u.segment].push(k);
    }
    let limit = o.max_length_fraction * exposure.iter().sum::<f64>();
    let cutoff = o.max_radius_m.unwrap_or(f64::INFINITY);
    let mut ws = Workspace::new(g.node_count());
    let mid = |u: &Lixel| 0.5 * (u.start_m + u.end_m);
    if units.len() <= o.exhaustive_up_to && o.max_radius_m.is_none() {
        return connected_windows(net, units, exposure, limit);
    }
    Ok(units
        .iter()
        .map(|c| {
            let s = c.segment;
            let (a, b) = (g.ends[s].0 as usize, g.ends[s].1 as usize);
            let mc = mid(c);
            g.dijkstra(&mut ws, &[(a, mc), (b, g.length[s] - mc)], cutoff);
            let mut segs: Vec<usize> = Vec::new();
            for &h in ws.touched() {
                for (t, _) in g.branches(h as usize) {
                    segs.push(t);
                }
            }
            segs.push(s);
            segs.sort_unstable();
            segs.dedup();
            let mut cand: Vec<(f64, u32)> = Vec::new();
            for t in segs {
                let (x, y) = (g.ends[t].0 as usize, g.ends[t].1 as usize);
                for &k in &on[t] {
                    let mk = mid(&units[k]);
                    let mut d = (ws.dist(x) + mk).min(ws.dist(y) + g.length[t] - mk);
                    if t == s {
                        d = d.min((mk - mc).abs());
                    }
                    if d <= cutoff {
                        cand.push((d, k as u32));
                    }
                }
            }
            cand.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
            let mut out = Vec::new();
            let mut acc = 0.0;
            for (_, k) in cand {
                acc += exposure[k as usize];
                if acc > limit && !out.is_empty() {
                    break;
                }
                out.push(k);
            }
            (out, true)
        })
        .collect())
}

/// Every connected set of units with exposure within `limit` (Wernicke's ESU enumeration:
/// each set once, grown from its smallest unit).
fn connected_windows(
    net: &Network,
    units: &[Lixel],
    exposure: &[f64],
    limit: f64,
) -> Result<Vec<(Vec<u32>, bool)>> {
    let w = super::local::network_weights(net, units, super::WeightsSpec::Contiguity, false)?;
    let nb: Vec<Vec<usize>> = (0..units.len())
        .map(|i| w.row(i).map(|x| x.0).collect())
        .collect();
    let mut out = Vec::new();
    #[allow(clippy::too_many_arguments)]
    fn grow(
        nb: &[Vec<usize>],
        exposure: &[f64],
        limit: f64,
        root: usize,
        sub: &mut Vec<usize>,
        ext: Vec<usize>,
        e: f64,
        out: &mut Vec<(Vec<u32>, bool)>,
    ) {
        out.push((sub.iter().map(|&u| u as u32).collect(), false));
        let mut ext = ext;
        while let Some(wu) = ext.pop() {
            let e2 = e + exposure[wu];
            if e2 > limit {
                continue;
            }
            // neighbours of wu that are new: not in sub, not next to sub, above the root
            let mut next = ext.clone();
            for &u in &nb[wu] {
                if u > root
                    && !sub.contains(&u)
                    && u != wu
                    && !sub.iter().any(|&s| nb[s].contains(&u))
                    && !next.contains(&u)
                {
                    next.push(u);
                }
            }
            sub.push(wu);
            grow(nb, exposure, limit, root, sub, next, e2, out);
            sub.pop();
        }
    }
    for root in 0..units.len() {
        if exposure[root] > limit {
            continue;
        }
        let ext: Vec<usize> = nb[root].iter().copied().filter(|&u| u > root).collect();
        let mut sub = vec![root];
        grow(
            &nb,
            exposure,
            limit,
            root,
            &mut sub,
            ext,
            exposure[root],
            &mut out,
        );
    }
    Ok(out)
}

/// Every window's `(llr, centre, size)` with `llr > 0`.
fn all_llr(
    win: &[(Vec<u32>, bool)],
    counts: &[u64],
    exposure: &[f64],
    n: u64,
) -> Vec<(f64, usize, usize)> {
    let te: f64 = exposure.iter().sum();
    let mut out = Vec::new();
    for (c, (w, prefixes)) in win.iter().enumerate() {
        let (mut cc, mut ee) = (0u64, 0.0);
        for (k, &u) in w.iter().enumerate() {
            cc += counts[u as usize];
            ee += exposure[u as usize];
            if !prefixes && k + 1 < w.len() {
                continue;
            }
            let llr = poisson_llr(cc, n as f64 * ee / te, n);
            if llr > 0.0 {
                out.push((llr, c, k + 1));
            }
        }
    }
    out
}

/// The network scan statistic: the most likely cluster and non-overlapping secondary ones.
///
/// # Arguments
/// * `net`; `units`: segments or lixels (see [`super::lixelize`]); `counts`: cases per
///   unit; `exposure`: length or exposure per unit (the null distributes the `N` cases
///   multinomially in proportion to it);
/// * `o`: window size limits, replicates; `exec`: progress (replicates), cancellation,
///   parallel threshold (replicates).
///
/// # Returns
/// Clusters by decreasing LLR, each with its Monte Carlo p-value; empty when no window has
/// more cases than expected.
///
/// # Complexity
/// One Dijkstra per unit for the windows, then `O(Σ window sizes)` per replicate.
///
/// # Errors
/// [`Error::InvalidArgument`] for mismatched lengths, a bad exposure or fraction;
/// [`Error::Cancelled`].
///
/// # Example
/// ```
/// use corridors::stats::{lixelize, network_scan, ScanOptions, Mc};
/// let net = corridors::fixtures::path(&["a", "b", "c", "d"]);
/// let units = lixelize(&net, f64::INFINITY, None)?;
/// let e: Vec<f64> = units.iter().map(|u| u.end_m - u.start_m).collect();
/// let o = ScanOptions { mc: Mc { replicates: 99, ..Mc::default() }, ..Default::default() };
/// let c = network_scan(&net, &units, &[0, 30, 1], &e, &o, &Default::default())?;
/// assert_eq!(c[0].units, vec![1]);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn network_scan(
    net: &Network,
    units: &[Lixel],
    counts: &[u64],
    exposure: &[f64],
    o: &ScanOptions,
    exec: &Exec,
) -> Result<Vec<Cluster>> {
    if counts.len() != units.len() || exposure.len() != units.len() {
        return Err(Error::invalid(
            "counts",
            "one count and one exposure per unit",
        ));
    }
    if units.iter().any(|u| u.segment >= net.segment_count()) {
        return Err(Error::invalid("units", "a unit lies on no segment"));
    }
    if exposure.iter().any(|e| !e.is_finite() || *e < 0.0) || exposure.iter().sum::<f64>() <= 0.0 {
        return Err(Error::invalid("exposure", "must be >= 0 and not all 0"));
    }
    if !(o.max_length_fraction > 0.0 && o.max_length_fraction <= 1.0) {
        return Err(Error::invalid("max_length_fraction", "must be in (0, 1]"));
    }
    let n: u64 = counts.iter().sum();
    let win = windows(net, units, exposure, o)?;
    let mut obs = all_llr(&win, counts, exposure, n);
    obs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // null maxima
    let mut cum = Vec::with_capacity(exposure.len());
    let mut acc = 0.0;
    for e in exposure {
        acc += e;
        cum.push(acc);
    }
    let r = o.mc.replicates;
    exec.progress.start(r as u64);
    let one = |k: usize| -> Result<f64> {
        exec.check()?;
        let mut rng = o.mc.rng(k as u64);
        let mut sim = vec![0u64; counts.len()];
        for _ in 0..n {
            let x = rng.random::<f64>() * acc;
            let u = cum.partition_point(|&c| c <= x).min(counts.len() - 1);
            sim[u] += 1;
        }
        let best = all_llr(&win, &sim, exposure, n)
            .into_iter()
            .map(|x| x.0)
            .fold(0.0, f64::max);
        exec.progress.inc(1);
        Ok(best)
    };
    let maxima: Vec<f64> = if exec.parallel(r) {
        (0..r).into_par_iter().map(one).collect::<Result<_>>()?
    } else {
        (0..r).map(one).collect::<Result<_>>()?
    };
    exec.progress.finish();
    let te: f64 = exposure.iter().sum();
    let mut used = vec![false; units.len()];
    let mut out = Vec::new();
    for (llr, c, size) in obs {
        if out.len() >= o.max_clusters {
            break;
        }
        let w = &win[c].0[..size];
        if w.iter().any(|&u| used[u as usize]) {
            continue;
        }
        w.iter().for_each(|&u| used[u as usize] = true);
        let cases: u64 = w.iter().map(|&u| counts[u as usize]).sum();
        let e: f64 = w.iter().map(|&u| exposure[u as usize]).sum();
        out.push(Cluster {
            units: w.iter().map(|&u| u as usize).collect(),
            cases,
            expected: n as f64 * e / te,
            llr,
            p: mc_p(llr, maxima.iter().copied()),
        });
    }
    Ok(out)
}
