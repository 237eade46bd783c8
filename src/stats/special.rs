//! Probability functions: binomial and Poisson point masses and upper tails, the normal and
//! χ² upper tails. Point masses follow Loader (2000, "Fast and accurate computation of
//! binomial probabilities"), as R's `dbinom`/`dpois`; tails are sums of point masses from
//! the far side of the mode, so that small tails keep full relative precision.

use std::f64::consts::PI;

/// `ln(n!)` for `n ≤ 15`, exact products (all below 2^53).
fn ln_fact_small(n: u64) -> f64 {
    let mut p = 1.0f64;
    for k in 2..=n {
        p *= k as f64;
    }
    p.ln()
}

/// Stirling's error `ln(n!) − ln(√(2πn) (n/e)^n)`.
fn stirlerr(n: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if n <= 15.0 {
        // n is an integer count here
        return ln_fact_small(n as u64) - (n + 0.5) * n.ln() + n - 0.5 * (2.0 * PI).ln();
    }
    let nn = n * n;
    if n > 500.0 {
        return (S0 - S1 / nn) / n;
    }
    if n > 80.0 {
        return (S0 - (S1 - S2 / nn) / nn) / n;
    }
    if n > 35.0 {
        return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
    }
    (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
}

/// Deviance term `x ln(x/np) + np − x`, accurate when `x ≈ np`.
fn bd0(x: f64, np: f64) -> f64 {
    if (x - np).abs() < 0.1 * (x + np) {
        let mut v = (x - np) / (x + np);
        let mut s = (x - np) * v;
        let mut ej = 2.0 * x * v;
        v *= v;
        for j in 1..1000 {
            ej *= v;
            let s1 = s + ej / (2 * j + 1) as f64;
            if s1 == s {
                return s1;
            }
            s = s1;
        }
        return s;
    }
    x * (x / np).ln() + np - x
}

/// `P(X = x)` for `X ~ Binomial(n, p)`.
///
/// ```
/// let v = corridors::stats::binom_pmf(2, 4, 0.5);
/// assert!((v - 0.375).abs() < 1e-15);
/// ```
pub fn binom_pmf(x: u64, n: u64, p: f64) -> f64 {
    if x > n || !(0.0..=1.0).contains(&p) {
        return 0.0;
    }
    let q = 1.0 - p;
    if p == 0.0 {
        return if x == 0 { 1.0 } else { 0.0 };
    }
    if q == 0.0 {
        return if x == n { 1.0 } else { 0.0 };
    }
    let (xf, nf) = (x as f64, n as f64);
    if x == 0 {
        return (nf * (-p).ln_1p()).exp();
    }
    if x == n {
        return (nf * p.ln()).exp();
    }
    let lc =
        stirlerr(nf) - stirlerr(xf) - stirlerr(nf - xf) - bd0(xf, nf * p) - bd0(nf - xf, nf * q);
    let lf = (2.0 * PI).ln() + xf.ln() + (-xf / nf).ln_1p();
    (lc - 0.5 * lf).exp()
}

/// `P(X = x)` for `X ~ Poisson(mu)`.
///
/// ```
/// let v = corridors::stats::pois_pmf(0, 2.0);
/// assert!((v - (-2.0f64).exp()).abs() < 1e-16);
/// ```
pub fn pois_pmf(x: u64, mu: f64) -> f64 {
    if mu.is_nan() || mu < 0.0 {
        return f64::NAN;
    }
    if mu == 0.0 {
        return if x == 0 { 1.0 } else { 0.0 };
    }
    if x == 0 {
        return (-mu).exp();
    }
    let xf = x as f64;
    (-stirlerr(xf) - bd0(xf, mu)).exp() / (2.0 * PI * xf).sqrt()
}

/// Sums `pmf(k)` for `k = from, from+step, …` while within `[0, last]`, until the terms no
/// longer change the sum.
fn tail_sum(from: u64, last: u64, up: bool, pmf: &dyn Fn(u64) -> f64) -> f64 {
    let mut s = 0.0;
    let mut k = from;
    loop {
        let t = pmf(k);
        let s1 = s + t;
        if t == 0.0 || (s1 == s && s > 0.0) {
            break;
        }
        s = s1;
        if up {
            if k >= last {
                break;
            }
            k += 1;
        } else {
            if k == 0 {
                break;
            }
            k -= 1;
        }
    }
    s
}

/// Upper tail `P(X ≥ x)` for `X ~ Binomial(n, p)` (1 for `x = 0`, 0 for `x > n`).
///
/// # Example
/// ```
/// use corridors::stats::binom_sf;
/// assert!((binom_sf(12, 50, 0.1) / 0.003219921135909919 - 1.0).abs() < 1e-12); // scipy
/// assert_eq!(binom_sf(0, 50, 0.1), 1.0);
/// ```
pub fn binom_sf(x: u64, n: u64, p: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    if x > n {
        return 0.0;
    }
    let mode = ((n + 1) as f64 * p).floor() as u64;
    let pmf = |k: u64| binom_pmf(k, n, p);
    if x > mode {
        tail_sum(x, n, true, &pmf).min(1.0)
    } else {
        (1.0 - tail_sum(x - 1, 0, false, &pmf)).max(0.0)
    }
}

/// Upper tail `P(X ≥ x)` for `X ~ Poisson(mu)` (1 for `x = 0`).
///
/// # Example
/// ```
/// use corridors::stats::pois_sf;
/// assert!((pois_sf(12, 5.0) / 0.0054530919130093445 - 1.0).abs() < 1e-12); // scipy
/// assert!((pois_sf(1, 0.25) - (1.0 - (-0.25f64).exp())).abs() < 1e-15);
/// ```
pub fn pois_sf(x: u64, mu: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    let mode = mu.floor() as u64;
    let pmf = |k: u64| pois_pmf(k, mu);
    if x > mode {
        tail_sum(x, u64::MAX, true, &pmf).min(1.0)
    } else {
        (1.0 - tail_sum(x - 1, 0, false, &pmf)).max(0.0)
    }
}

/// `ln Γ(a)` for `a > 0` (Lanczos, g = 7, 9 terms; relative error about 1e-15).
pub(crate) fn ln_gamma(a: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if a < 0.5 {
        return (PI / (PI * a).sin()).ln() - ln_gamma(1.0 - a);
    }
    let a = a - 1.0;
    let mut x = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        x += c / (a + i as f64);
    }
    let t = a + G + 0.5;
    0.5 * (2.0 * PI).ln() + (a + 0.5) * t.ln() - t + x.ln()
}

/// Regularised upper incomplete gamma `Q(a, x)` (series or continued fraction).
pub(crate) fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let lead = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let mut sum = 1.0 / a;
        let mut del = sum;
        let mut ap = a;
        for _ in 0..10_000 {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        (1.0 - sum * lead.exp()).max(0.0)
    } else {
        // Lentz's continued fraction
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        lead.exp() * h
    }
}

/// Upper tail of the standard normal, `P(Z ≥ z)`.
///
/// ```
/// let p = corridors::stats::norm_sf(1.959963984540054);
/// assert!((p - 0.025).abs() < 1e-14);
/// ```
pub fn norm_sf(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    // P(Z ≥ z) = erfc(z/√2)/2 and erfc(t) = Q(1/2, t²) for t ≥ 0
    let q = 0.5 * gamma_q(0.5, z * z / 2.0);
    if z >= 0.0 { q } else { 1.0 - q }
}

/// Upper tail of χ² with `df` degrees of freedom.
pub(crate) fn chi2_sf(x: f64, df: f64) -> f64 {
    gamma_q(df / 2.0, x / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_matches_direct_sums() {
        for &(n, p) in &[(10u64, 0.3f64), (50, 0.1), (200, 0.02), (7, 0.9)] {
            let mut total = 0.0;
            for x in 0..=n {
                let direct = (ln_gamma(n as f64 + 1.0)
                    - ln_gamma(x as f64 + 1.0)
                    - ln_gamma((n - x) as f64 + 1.0)
                    + x as f64 * p.ln()
                    + (n - x) as f64 * (1.0 - p).ln())
                .exp();
                assert!((binom_pmf(x, n, p) - direct).abs() <= 1e-12 * direct.max(1e-300));
                total += binom_pmf(x, n, p);
            }
            assert!((total - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn chi2_and_normal_tails() {
        assert!((chi2_sf(3.841458820694124, 1.0) - 0.05).abs() < 1e-13);
        assert!((norm_sf(0.0) - 0.5).abs() < 1e-15);
        assert!((norm_sf(-1.0) - 0.8413447460685429).abs() < 1e-14);
    }
}
