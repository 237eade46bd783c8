//! Network kernel density estimation on lixels (simple, discontinuous, continuous), with the
//! exact mass of every lixel and bandwidth selection.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::distances::{Graph, Indexed, NetPoint, check_points};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::network::Network;

/// A compact 1-D kernel `k(u)` on `[−1, 1]`, scaled as `k_h(d) = k(d/h)/h` and 0 for
/// `d ≥ h` (spNetwork's kernels; the truncated Gaussian is left out on purpose).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kernel {
    /// `(15/16)(1 − u²)²` (default).
    #[default]
    Quartic,
    /// `1 − |u|`.
    Triangle,
    /// `(3/4)(1 − u²)`.
    Epanechnikov,
    /// `(35/32)(1 − u²)³`.
    Triweight,
    /// `(70/81)(1 − |u|³)³`.
    Tricube,
    /// `(π/4) cos(πu/2)`.
    Cosine,
    /// `1/2`.
    Uniform,
}

impl Kernel {
    /// `k(u)` for `0 ≤ u < 1`.
    fn k(self, u: f64) -> f64 {
        match self {
            Kernel::Quartic => 15.0 / 16.0 * (1.0 - u * u).powi(2),
            Kernel::Triangle => 1.0 - u,
            Kernel::Epanechnikov => 0.75 * (1.0 - u * u),
            Kernel::Triweight => 35.0 / 32.0 * (1.0 - u * u).powi(3),
            Kernel::Tricube => 70.0 / 81.0 * (1.0 - u * u * u).powi(3),
            Kernel::Cosine => std::f64::consts::FRAC_PI_4 * (std::f64::consts::FRAC_PI_2 * u).cos(),
            Kernel::Uniform => 0.5,
        }
    }

    /// `∫_0^x k(u) du` for `0 ≤ x ≤ 1` (1/2 at 1).
    fn cum(self, x: f64) -> f64 {
        let x = x.clamp(0.0, 1.0);
        let (x2, x3) = (x * x, x * x * x);
        match self {
            Kernel::Quartic => 15.0 / 16.0 * (x - 2.0 * x3 / 3.0 + x2 * x3 / 5.0),
            Kernel::Triangle => x - x2 / 2.0,
            Kernel::Epanechnikov => 0.75 * (x - x3 / 3.0),
            Kernel::Triweight => 35.0 / 32.0 * (x - x3 + 3.0 * x2 * x3 / 5.0 - x3 * x3 * x / 7.0),
            Kernel::Tricube => {
                70.0 / 81.0
                    * (x - 0.75 * x3 * x + 3.0 * x3 * x3 * x / 7.0 - x3 * x3 * x3 * x / 10.0)
            }
            Kernel::Cosine => 0.5 * (std::f64::consts::FRAC_PI_2 * x).sin(),
            Kernel::Uniform => x / 2.0,
        }
    }

    /// `k_h(d)`.
    fn kh(self, d: f64, h: f64) -> f64 {
        if d < h { self.k(d / h) / h } else { 0.0 }
    }

    /// `∫_0^d k_h`.
    fn kh_cum(self, d: f64, h: f64) -> f64 {
        self.cum(d / h)
    }

    /// `quartic`, `triangle`, … (the CLI's names).
    pub fn label(self) -> &'static str {
        match self {
            Kernel::Quartic => "quartic",
            Kernel::Triangle => "triangle",
            Kernel::Epanechnikov => "epanechnikov",
            Kernel::Triweight => "triweight",
            Kernel::Tricube => "tricube",
            Kernel::Cosine => "cosine",
            Kernel::Uniform => "uniform",
        }
    }
}

/// How mass is passed on at a junction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// Xie & Yan (2008): the kernel of the network distance, copied onto every branch (mass
    /// grows by `(n − 2)·T(a)` at a degree-`n` junction).
    Simple,
    /// Okabe, Satoh & Sugihara (2009): a degree-`n` junction splits the mass equally among the
    /// `n − 1` branches ahead (discontinuous at junctions).
    Discontinuous,
    /// Okabe & Sugihara (2012): branches ahead get `2/n`, the way back `(2 − n)/n`; continuous
    /// and mass-conserving (default).
    #[default]
    Continuous,
}

impl Method {
    /// `simple`, `discontinuous` or `continuous`.
    pub fn label(self) -> &'static str {
        match self {
            Method::Simple => "simple",
            Method::Discontinuous => "discontinuous",
            Method::Continuous => "continuous",
        }
    }
}

/// What happens at a dead end (a hub with one segment end).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadEnd {
    /// The walk turns back with the same weight: mass is conserved (default).
    #[default]
    Reflect,
    /// The walk stops and the mass beyond is lost (spNetwork's behaviour).
    Absorb,
}

/// The bandwidth of every event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Bandwidth {
    /// One bandwidth (half-support) for every event, metres.
    Fixed(f64),
    /// One bandwidth per event, metres.
    PerEvent(Vec<f64>),
    /// Abramson (1982): `h_i = h · λ̃(x_i)^{−1/2} / γ` with `λ̃` the fixed-`pilot_m`
    /// density at the events (each included), `γ` the geometric mean of `λ̃^{−1/2}`, capped
    /// at `trim_m` (spNetwork's `adaptive_bw`).
    Adaptive {
        /// Global (and pilot) bandwidth, metres.
        pilot_m: f64,
        /// Largest bandwidth, metres.
        trim_m: f64,
    },
}

/// Options of [`nkde`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NkdeOptions {
    /// Kernel (default quartic).
    pub kernel: Kernel,
    /// Method (default continuous).
    pub method: Method,
    /// Bandwidth.
    pub bandwidth: Bandwidth,
    /// Junctions of degree > 2 passed before the rest of the mass folds back onto the last segment (default 8; spNetwork stops at 15 and loses the rest). Each level multiplies the work by about the junction degree.
    pub max_depth: u32,
    /// Dead ends (default reflect).
    pub dead_end: DeadEnd,
}

impl Default for NkdeOptions {
    fn default() -> Self {
        Self {
            kernel: Kernel::Quartic,
            method: Method::Continuous,
            bandwidth: Bandwidth::Fixed(1_000.0),
            max_depth: 8,
            dead_end: DeadEnd::Reflect,
        }
    }
}

/// A piece of a segment, `[start_m, end_m]` from its `from` end.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lixel {
    /// Segment index.
    pub segment: usize,
    /// Start, metres from the segment's `from` end.
    pub start_m: f64,
    /// End, metres from the segment's `from` end.
    pub end_m: f64,
}

/// Cuts every segment into lixels of `length_m` (spNetwork's `lixelize_lines`): a last
/// piece shorter than `min_m` (default `length_m / 10`) joins the one before it. An infinite
/// `length_m` gives one lixel per segment.
///
/// # Errors
/// [`Error::InvalidArgument`] when `length_m ≤ 0` or `min_m < 0`.
///
/// # Example
/// ```
/// use corridors::stats::lixelize;
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let l = net.segment(0).length_m;
/// let lx = lixelize(&net, l / 2.0 - 1.0, None)?; // two pieces and a 2 m rest, merged
/// assert_eq!(lx.len(), 2);
/// assert!((lx[1].end_m - l).abs() < 1e-9);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn lixelize(net: &Network, length_m: f64, min_m: Option<f64>) -> Result<Vec<Lixel>> {
    if length_m.is_nan() || length_m <= 0.0 {
        return Err(Error::invalid("lixel length", "must be > 0"));
    }
    let min_m = min_m.unwrap_or(length_m / 10.0);
    if min_m.is_nan() || min_m < 0.0 {
        return Err(Error::invalid("lixel minimum", "must be >= 0"));
    }
    let mut out = Vec::new();
    for (e, s) in net.segments().enumerate() {
        let l = s.length_m;
        if !l.is_finite() || l <= length_m {
            out.push(Lixel {
                segment: e,
                start_m: 0.0,
                end_m: l,
            });
            continue;
        }
        let first = out.len();
        let mut a = 0.0;
        let mut k = 0u64;
        while a < l {
            k += 1;
            let b = (k as f64 * length_m).min(l);
            out.push(Lixel {
                segment: e,
                start_m: a,
                end_m: b,
            });
            a = b;
        }
        let last = out.len() - 1;
        if last > first && out[last].end_m - out[last].start_m < min_m {
            out[last - 1].end_m = l;
            out.pop();
        }
    }
    Ok(out)
}

/// The density over lixels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Density {
    /// Intensity at each lixel's centre, cases per metre (`∫λ = Σw` when mass is
    /// conserved); ×1000 for cases per km.
    pub at_centre_per_m: Vec<f64>,
    /// Exact `∫ λ` over each lixel (closed-form antiderivatives of the kernel).
    pub mass: Vec<f64>,
    /// Number of distinct events with non-zero kernel weight on each lixel.
    pub contributors: Vec<u32>,
    /// Bandwidth of each event, metres.
    pub bandwidths_m: Vec<f64>,
}

/// A stretch of one segment where an event's kernel is `alpha · k_h(distance)`; the distance
/// is `d0 + (x − lo)` (`up`) or `d0 + (hi − x)`.
#[derive(Clone, Copy)]
struct Piece {
    seg: usize,
    lo: f64,
    hi: f64,
    up: bool,
    d0: f64,
    alpha: f64,
}

impl Piece {
    fn dist(&self, x: f64) -> f64 {
        if self.up {
            self.d0 + (x - self.lo)
        } else {
            self.d0 + (self.hi - x)
        }
    }

    /// `∫ over [a, b] ∩ [lo, hi]` of `alpha · k_h`.
    fn mass(&self, a: f64, b: f64, k: Kernel, h: f64) -> f64 {
        let (a, b) = (a.max(self.lo), b.min(self.hi));
        if b <= a {
            return 0.0;
        }
        let (da, db) = (self.dist(a), self.dist(b));
        let (near, far) = if da <= db { (da, db) } else { (db, da) };
        self.alpha * (k.kh_cum(far, h) - k.kh_cum(near, h))
    }
}

/// A walk arriving at hub `x` through `from` (segment, end at `x`) at distance `d`.
struct State {
    x: usize,
    from: Option<(usize, u8)>,
    d: f64,
    alpha: f64,
    depth: u32,
    /// Past `max_depth`: the walk only turns back.
    folded: bool,
}

/// The pieces of one event's kernel (the walk of the chosen method).
struct Walker<'a> {
    g: &'a Graph,
    method: Method,
    dead_end: DeadEnd,
    max_depth: u32,
}

impl Walker<'_> {
    fn pieces(&self, p: &NetPoint, h: f64, out: &mut Vec<Piece>) {
        out.clear();
        let g = self.g;
        let s = p.segment;
        let l = g.length[s];
        let (u, v) = (g.ends[s].0 as usize, g.ends[s].1 as usize);
        let mut stack: Vec<State> = Vec::new();
        let w = p.weight;
        if p.offset_m > 0.0 && p.offset_m < l {
            let o = p.offset_m;
            out.push(Piece {
                seg: s,
                lo: o,
                hi: l,
                up: true,
                d0: 0.0,
                alpha: w,
            });
            out.push(Piece {
                seg: s,
                lo: 0.0,
                hi: o,
                up: false,
                d0: 0.0,
                alpha: w,
            });
            if l - o < h {
                stack.push(State {
                    x: v,
                    from: Some((s, 1)),
                    d: l - o,
                    alpha: w,
                    depth: 0,
                    folded: false,
                });
            }
            if o < h {
                stack.push(State {
                    x: u,
                    from: Some((s, 0)),
                    d: o,
                    alpha: w,
                    depth: 0,
                    folded: false,
                });
            }
        } else {
            let x = if p.offset_m <= 0.0 { u } else { v };
            let n = g.degree(x);
            let a = match (self.method, n) {
                (Method::Continuous, _) => 2.0 / n as f64,
                (Method::Discontinuous, n) if n > 2 => 2.0 / n as f64,
                (_, 1) if self.dead_end == DeadEnd::Reflect => 2.0,
                _ => 1.0,
            };
            let depth = u32::from(n > 2);
            for (t, e) in g.branches(x) {
                self.leave(t, e, 0.0, w * a, depth, h, out, &mut stack);
            }
        }
        while let Some(State {
            x,
            from,
            d,
            alpha,
            depth,
            folded,
        }) = stack.pop()
        {
            let n = g.degree(x);
            let Some((t_in, e_in)) = from else { continue };
            if n == 1 || folded {
                if self.dead_end == DeadEnd::Reflect {
                    self.leave_as(t_in, e_in, d, alpha, depth, h, folded, out, &mut stack);
                }
                continue;
            }
            let depth = depth + u32::from(n > 2);
            if depth > self.max_depth {
                // past max_depth the rest of the mass goes back and forth on the last
                // segment (as at a dead end), so that Reflect still conserves mass
                if self.dead_end == DeadEnd::Reflect {
                    self.leave_as(t_in, e_in, d, alpha, depth, h, true, out, &mut stack);
                }
                continue;
            }
            let nf = n as f64;
            let (ahead, back) = match self.method {
                Method::Simple => (alpha, 0.0),
                Method::Discontinuous => (alpha / (nf - 1.0), 0.0),
                Method::Continuous => (alpha * 2.0 / nf, alpha * (2.0 - nf) / nf),
            };
            let mut skipped = false;
            for (t, e) in g.branches(x) {
                if !skipped && t == t_in && e == e_in {
                    skipped = true;
                    if back != 0.0 {
                        self.leave(t, e, d, back, depth, h, out, &mut stack);
                    }
                    continue;
                }
                self.leave(t, e, d, ahead, depth, h, out, &mut stack);
            }
        }
    }

    /// Leaves a hub along segment `t` from its end `e` at distance `d`.
    #[allow(clippy::too_many_arguments)]
    fn leave(
        &self,
        t: usize,
        e: u8,
        d: f64,
        alpha: f64,
        depth: u32,
        h: f64,
        out: &mut Vec<Piece>,
        stack: &mut Vec<State>,
    ) {
        self.leave_as(t, e, d, alpha, depth, h, false, out, stack);
    }

    /// [`Self::leave`], marking the walk `folded` (it turns back at every hub).
    #[allow(clippy::too_many_arguments)]
    fn leave_as(
        &self,
        t: usize,
        e: u8,
        d: f64,
        alpha: f64,
        depth: u32,
        h: f64,
        folded: bool,
        out: &mut Vec<Piece>,
        stack: &mut Vec<State>,
    ) {
        if d >= h || alpha == 0.0 {
            return;
        }
        let g = self.g;
        let l = g.length[t];
        out.push(Piece {
            seg: t,
            lo: 0.0,
            hi: l,
            up: e == 0,
            d0: d,
            alpha,
        });
        if d + l < h {
            let (a, b) = g.ends[t];
            let (next, end) = if e == 0 {
                (b as usize, 1u8)
            } else {
                (a as usize, 0u8)
            };
            stack.push(State {
                x: next,
                from: Some((t, end)),
                d: d + l,
                alpha,
                depth,
                folded,
            });
        }
    }
}

/// Kernel value of a piece at `x`; half where `x` is the event itself (two pieces meet).
fn value_at(pc: &Piece, x: f64, len: f64, k: Kernel, h: f64) -> f64 {
    if x < pc.lo || x > pc.hi {
        return 0.0;
    }
    let half = (x == pc.lo && pc.lo > 0.0) || (x == pc.hi && pc.hi < len);
    let v = pc.alpha * k.kh(pc.dist(x), h);
    if half { 0.5 * v } else { v }
}

fn check_h(h: f64) -> Result<()> {
    if !(h > 0.0 && h.is_finite()) {
        return Err(Error::invalid("bandwidth", "must be finite and > 0"));
    }
    Ok(())
}

/// The bandwidth of every event.
fn bandwidths(
    g: &Graph,
    net: &Network,
    events: &[NetPoint],
    o: &NkdeOptions,
    exec: &Exec,
) -> Result<Vec<f64>> {
    match &o.bandwidth {
        Bandwidth::Fixed(h) => {
            check_h(*h)?;
            Ok(vec![*h; events.len()])
        }
        Bandwidth::PerEvent(v) => {
            if v.len() != events.len() {
                return Err(Error::invalid("bandwidth", "one bandwidth per event"));
            }
            for h in v {
                check_h(*h)?;
            }
            Ok(v.clone())
        }
        Bandwidth::Adaptive { pilot_m, trim_m } => {
            check_h(*pilot_m)?;
            check_h(*trim_m)?;
            let pilot = vec![*pilot_m; events.len()];
            let lam = at_points(g, net, events, events, &pilot, o, false, exec)?;
            let inv: Vec<f64> = lam
                .iter()
                .map(|l| l.max(f64::MIN_POSITIVE).powf(-0.5))
                .collect();
            let gamma = (inv.iter().map(|x| x.ln()).sum::<f64>() / inv.len().max(1) as f64).exp();
            Ok(inv
                .iter()
                .map(|x| (pilot_m * x / gamma).min(*trim_m))
                .collect())
        }
    }
}

/// Events per block of work: fixed by the number of events (never by the thread count), so
/// that the per-block sums add up in the same order at any thread count.
fn block(n: usize) -> usize {
    n.div_ceil(32).max(256)
}

/// Density at points `at`; with `leave_one_out`, event `i` does not count at point `i`.
#[allow(clippy::too_many_arguments)]
fn at_points(
    g: &Graph,
    net: &Network,
    events: &[NetPoint],
    at: &[NetPoint],
    hs: &[f64],
    o: &NkdeOptions,
    leave_one_out: bool,
    exec: &Exec,
) -> Result<Vec<f64>> {
    let walker = Walker {
        g,
        method: o.method,
        dead_end: o.dead_end,
        max_depth: o.max_depth,
    };
    let idx = Indexed::new(at, net.segment_count());
    let chunk = block(events.len());
    let work = |c: usize| -> Result<Vec<f64>> {
        exec.check()?;
        let mut acc = vec![0.0; at.len()];
        let mut pieces = Vec::new();
        for i in c * chunk..((c + 1) * chunk).min(events.len()) {
            walker.pieces(&events[i], hs[i], &mut pieces);
            for pc in &pieces {
                let len = g.length[pc.seg];
                for &j in idx.on(pc.seg) {
                    let j = j as usize;
                    if leave_one_out && j == i {
                        continue;
                    }
                    acc[j] += value_at(pc, at[j].offset_m, len, o.kernel, hs[i]);
                }
            }
        }
        Ok(acc)
    };
    let blocks = events.len().div_ceil(chunk);
    let parts: Vec<Vec<f64>> = if exec.parallel(events.len()) {
        (0..blocks)
            .into_par_iter()
            .map(work)
            .collect::<Result<_>>()?
    } else {
        (0..blocks).map(work).collect::<Result<_>>()?
    };
    let mut out = vec![0.0; at.len()];
    for p in parts {
        for (o, v) in out.iter_mut().zip(p) {
            *o += v;
        }
    }
    Ok(out)
}

/// Network kernel density of `events` over `lixels`.
///
/// # Arguments
/// * `net`; `events` (weights count); `lixels` (from [`lixelize`], any order);
/// * `o`: kernel, method, bandwidth, `max_depth`, dead ends;
/// * `exec`: cancellation and parallel threshold (events).
///
/// # Returns
/// [`Density`]: intensity at each lixel centre (per metre), the exact mass of each lixel
/// and the number of distinct contributing events. With `Continuous` or `Discontinuous`,
/// `Reflect` and no truncation by `max_depth`, `Σ mass = Σ w`.
///
/// # Complexity
/// Per event, the pieces of its walk (every segment within `h`, times the junction
/// branchings) and the lixels they cover.
///
/// # Errors
/// [`Error::InvalidArgument`] for events or lixels off the network, or a bandwidth ≤ 0;
/// [`Error::Cancelled`].
///
/// # Example
/// ```
/// use corridors::stats::{lixelize, nkde, Bandwidth, NetPoint, NkdeOptions};
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let l = net.segment(0).length_m;
/// let lx = lixelize(&net, 100.0, None)?;
/// let o = NkdeOptions { bandwidth: Bandwidth::Fixed(500.0), ..Default::default() };
/// let d = nkde(&net, &[NetPoint::new(0, l / 2.0)], &lx, &o, &Default::default())?;
/// assert!((d.mass.iter().sum::<f64>() - 1.0).abs() < 1e-9);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn nkde(
    net: &Network,
    events: &[NetPoint],
    lixels: &[Lixel],
    o: &NkdeOptions,
    exec: &Exec,
) -> Result<Density> {
    check_points(net, events, "events")?;
    for lx in lixels {
        if lx.segment >= net.segment_count()
            || lx.start_m.is_nan()
            || lx.end_m.is_nan()
            || lx.start_m > lx.end_m
        {
            return Err(Error::invalid("lixels", "a lixel lies off its segment"));
        }
    }
    let g = Graph::new(net);
    let hs = bandwidths(&g, net, events, o, exec)?;
    let walker = Walker {
        g: &g,
        method: o.method,
        dead_end: o.dead_end,
        max_depth: o.max_depth,
    };
    // lixels of each segment, sorted by start
    let m = net.segment_count();
    let mut order: Vec<usize> = (0..lixels.len()).collect();
    order.sort_by(|&a, &b| {
        (lixels[a].segment, lixels[a].start_m.to_bits())
            .cmp(&(lixels[b].segment, lixels[b].start_m.to_bits()))
    });
    let mut start = vec![0usize; m + 1];
    for lx in lixels {
        start[lx.segment + 1] += 1;
    }
    for s in 0..m {
        start[s + 1] += start[s];
    }
    let nl = lixels.len();
    let chunk = block(events.len());
    let work = |c: usize| -> Result<(Vec<f64>, Vec<f64>, Vec<u32>)> {
        exec.check()?;
        let mut mass = vec![0.0; nl];
        let mut centre = vec![0.0; nl];
        let mut count = vec![0u32; nl];
        let mut last = vec![usize::MAX; nl];
        let mut pieces = Vec::new();
        for i in c * chunk..((c + 1) * chunk).min(events.len()) {
            let h = hs[i];
            walker.pieces(&events[i], h, &mut pieces);
            for pc in &pieces {
                let len = g.length[pc.seg];
                // the stretch within the kernel's support
                let reach = h - pc.d0;
                let (a, b) = if pc.up {
                    (pc.lo, pc.hi.min(pc.lo + reach))
                } else {
                    (pc.lo.max(pc.hi - reach), pc.hi)
                };
                let ids = &order[start[pc.seg]..start[pc.seg + 1]];
                let first = ids.partition_point(|&k| lixels[k].end_m < a);
                for &k in &ids[first..] {
                    let lx = &lixels[k];
                    if lx.start_m > b {
                        break;
                    }
                    let mk = pc.mass(lx.start_m, lx.end_m, o.kernel, h);
                    mass[k] += mk;
                    let c = 0.5 * (lx.start_m + lx.end_m);
                    centre[k] += value_at(pc, c, len, o.kernel, h);
                    if mk != 0.0 && last[k] != i {
                        last[k] = i;
                        count[k] += 1;
                    }
                }
            }
        }
        Ok((mass, centre, count))
    };
    let blocks = events.len().div_ceil(chunk);
    let parts: Vec<(Vec<f64>, Vec<f64>, Vec<u32>)> = if exec.parallel(events.len()) {
        (0..blocks)
            .into_par_iter()
            .map(work)
            .collect::<Result<_>>()?
    } else {
        (0..blocks).map(work).collect::<Result<_>>()?
    };
    let mut mass = vec![0.0; nl];
    let mut centre = vec![0.0; nl];
    let mut count = vec![0u32; nl];
    for (pm, pc, pn) in parts {
        for k in 0..nl {
            mass[k] += pm[k];
            centre[k] += pc[k];
            count[k] += pn[k];
        }
    }
    Ok(Density {
        at_centre_per_m: centre,
        mass,
        contributors: count,
        bandwidths_m: hs,
    })
}

/// Density (per metre) at arbitrary points; with `leave_one_out` (`at` must then be the
/// events themselves), event `i` is left out at point `i`.
///
/// A point where an event lies gets half of each of the event's two sides, i.e. `k_h(0)`.
///
/// # Errors
/// As [`nkde`]; [`Error::InvalidArgument`] when `leave_one_out` and `at.len() ≠
/// events.len()`.
///
/// # Example
/// ```
/// use corridors::stats::{nkde_at, Bandwidth, Kernel, NetPoint, NkdeOptions};
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let l = net.segment(0).length_m;
/// let e = [NetPoint::new(0, l / 2.0)];
/// let o = NkdeOptions { kernel: Kernel::Triangle, bandwidth: Bandwidth::Fixed(100.0), ..Default::default() };
/// let v = nkde_at(&net, &e, &e, &o, false, &Default::default())?;
/// assert!((v[0] - 0.01).abs() < 1e-15); // k_h(0) = 1/h
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn nkde_at(
    net: &Network,
    events: &[NetPoint],
    at: &[NetPoint],
    o: &NkdeOptions,
    leave_one_out: bool,
    exec: &Exec,
) -> Result<Vec<f64>> {
    check_points(net, events, "events")?;
    check_points(net, at, "points")?;
    if leave_one_out && at.len() != events.len() {
        return Err(Error::invalid(
            "points",
            "leave-one-out needs the events themselves",
        ));
    }
    let g = Graph::new(net);
    let hs = bandwidths(&g, net, events, o, exec)?;
    at_points(&g, net, events, at, &hs, o, leave_one_out, exec)
}

/// Bandwidth selection criterion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BwCriterion {
    /// Likelihood cross-validation: mean of `ln λ̂_{−i}(x_i)` (zeros and negatives count as
    /// `ln(f64::MIN_POSITIVE)`); higher is better.
    #[default]
    LikelihoodCv,
    /// Cronie & van Lieshout (2018): `(Σ_i 1/λ̂(x_i) − |L|)²` with each event included;
    /// lower is better.
    CronieVanLieshout,
}

/// Scores of fixed bandwidths by a criterion, with the kernel, method and dead ends of `o`.
///
/// # Returns
/// `(candidate, score)` per candidate, in the order given.
///
/// # Errors
/// As [`nkde`].
///
/// # Example
/// ```
/// use corridors::stats::{bandwidth_scores, BwCriterion, Kernel, NetPoint, NkdeOptions};
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let l = net.segment(0).length_m;
/// let e = [NetPoint::new(0, l / 2.0), NetPoint::new(0, l / 2.0 + 10.0)];
/// let o = NkdeOptions { kernel: Kernel::Uniform, ..Default::default() };
/// let s = bandwidth_scores(&net, &e, &[5.0, 20.0], BwCriterion::LikelihoodCv, &o, &Default::default())?;
/// assert!((s[1].1 - (1.0f64 / 40.0).ln()).abs() < 1e-12);
/// assert!(s[0].1 < s[1].1);
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn bandwidth_scores(
    net: &Network,
    events: &[NetPoint],
    candidates_m: &[f64],
    c: BwCriterion,
    o: &NkdeOptions,
    exec: &Exec,
) -> Result<Vec<(f64, f64)>> {
    check_points(net, events, "events")?;
    if events.is_empty() {
        return Err(Error::invalid("events", "no events"));
    }
    let g = Graph::new(net);
    let total: f64 = g.length.iter().sum();
    candidates_m
        .iter()
        .map(|&h| {
            check_h(h)?;
            let hs = vec![h; events.len()];
            let score = match c {
                BwCriterion::LikelihoodCv => {
                    let d = at_points(&g, net, events, events, &hs, o, true, exec)?;
                    d.iter().map(|v| v.max(f64::MIN_POSITIVE).ln()).sum::<f64>() / d.len() as f64
                }
                BwCriterion::CronieVanLieshout => {
                    let d = at_points(&g, net, events, events, &hs, o, false, exec)?;
                    (d.iter().map(|v| 1.0 / v).sum::<f64>() - total).powi(2)
                }
            };
            Ok((h, score))
        })
        .collect()
}
