//! What may leave the analyst's machine: per-unit results behind the `k = 11` rule.
//!
//! Expected counts come from public lengths (or exposure), so a unit's p, q, z, ratio or
//! density is a function of its count: wherever a unit's count is 1 to `k − 1`, nothing but
//! `suppressed: true` is published. Because every expected count reveals the total `N`, the
//! suppressed units' total is `N − Σ published`; further units are suppressed until that
//! total no longer pins any of them down (at least two suppressed units, and a total of at
//! least `k + |S| − 2`, so each may still be anything from 1 to `k − 1`). A Gi* z is
//! published only where no unit of its neighbourhood is suppressed (no differencing), and a
//! q-value only where its step-up minimum is attained at a published unit.

use crate::cases::{Counts, PrivacyGuard};
use crate::error::Result;

/// The published counts of a table of units: the guard's primary and secondary suppression
/// ([`PrivacyGuard::publish_counts`]), then the known-total rule of this module.
///
/// # Errors
/// [`crate::Error::InvalidArgument`] for an invalid guard.
///
/// # Example
/// ```
/// use corridors::cases::PrivacyGuard;
/// use corridors::stats::publish::publish_unit_counts;
/// let p = publish_unit_counts(&PrivacyGuard::default(), &[0, 3, 40, 25])?;
/// assert_eq!(p[0], Some(0));
/// assert_eq!(p[1], None);
/// // 3 alone would be N − 65: the smallest published count is suppressed with it
/// assert_eq!(p[3], None);
/// assert_eq!(p[2], Some(40));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn publish_unit_counts(guard: &PrivacyGuard, counts: &[u64]) -> Result<Vec<Option<u64>>> {
    let table: Vec<Counts> = counts
        .iter()
        .map(|&c| Counts {
            cases: c,
            victims: c,
        })
        .collect();
    let t = guard.publish_counts(&table)?;
    let mut out: Vec<Option<u64>> = t.counts().iter().map(|c| c.cases()).collect();
    let k = u64::from(guard.min_count);
    loop {
        let s: Vec<usize> = (0..counts.len()).filter(|&i| out[i].is_none()).collect();
        if s.is_empty() {
            break;
        }
        let total: u64 = s.iter().map(|&i| counts[i]).sum();
        if s.len() >= 2 && total + 2 >= k + s.len() as u64 {
            break;
        }
        // suppress the smallest published non-zero count (lowest index on ties)
        let next = (0..counts.len())
            .filter(|&i| matches!(out[i], Some(v) if v > 0))
            .min_by_key(|&i| (counts[i], i));
        match next {
            Some(i) => out[i] = None,
            None => break,
        }
    }
    Ok(out)
}

/// Whether a unit's per-unit statistics may be published (its count is).
pub fn is_published(published: &[Option<u64>], i: usize) -> bool {
    published.get(i).is_some_and(Option::is_some)
}

/// The q-values that may be published: a published unit's q where the step-up minimum
/// `min_{j ≥ rank} p_(j) m / j` (times `c` for BY) is attained at a published unit, `None`
/// elsewhere.
///
/// ```
/// use corridors::stats::publish::safe_q;
/// let p = [0.01, 0.001, 0.5];
/// let q = corridors::stats::fdr_adjust(&p, corridors::stats::Fdr::BenjaminiHochberg);
/// let s = safe_q(&p, &q, &[true, false, true], 1.0);
/// assert_eq!(s[1], None);
/// assert!((s[0].unwrap() - 0.015).abs() < 1e-15);
/// ```
pub fn safe_q(p: &[f64], q: &[f64], published: &[bool], c: f64) -> Vec<Option<f64>> {
    let mut idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    idx.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let m = idx.len() as f64;
    let mut out = vec![None; p.len()];
    let mut run_pub = f64::INFINITY;
    for (k, &i) in idx.iter().enumerate().rev() {
        if published[i] {
            run_pub = run_pub.min(p[i] * m / (k + 1) as f64 * c);
            let v = run_pub.min(1.0);
            if v == q[i] {
                out[i] = Some(v);
            }
        }
    }
    out
}
