//! Class breaks for choropleth-style maps: quantiles and Jenks natural breaks.
//!
//! Both methods return the same [`Classes`]: `breaks` holds the minimum followed by the upper
//! bound of each class (inclusive), the form used by `mapclassify` (`bins`) and `jenkspy`.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Error, Result};

/// Jenks is O(k·n²); above this many values it classifies an evenly spaced sample of the
/// sorted values (minimum and maximum always included), as `mapclassify.FisherJenksSampled`.
pub const JENKS_MAX_VALUES: usize = 3000;

/// How values are grouped into classes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassMethod {
    /// Equal-count classes (numpy's linear-interpolation percentiles, as `mapclassify.Quantiles`).
    Quantiles,
    /// Jenks natural breaks (Fisher's exact optimisation: least squared deviation within classes).
    #[default]
    Jenks,
}

impl ClassMethod {
    /// The snake_case name written in layer metadata.
    pub fn as_str(self) -> &'static str {
        match self {
            ClassMethod::Quantiles => "quantiles",
            ClassMethod::Jenks => "jenks",
        }
    }
}

impl std::str::FromStr for ClassMethod {
    type Err = crate::error::ParseError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "quantiles" | "quantile" => Ok(ClassMethod::Quantiles),
            "jenks" | "natural_breaks" => Ok(ClassMethod::Jenks),
            _ => Err(crate::error::ParseError::new(
                "classification",
                s,
                format!("unknown classification {s:?} (expected quantiles or jenks)"),
            )),
        }
    }
}

/// Which classification a layer uses and how many classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOptions {
    /// Quantiles or Jenks.
    pub method: ClassMethod,
    /// Number of classes wanted (1 ..= [`MAX_CLASSES`](super::MAX_CLASSES)); fewer are used
    /// when there are fewer distinct values.
    pub classes: usize,
}

impl Default for ClassOptions {
    /// Jenks natural breaks, 5 classes.
    fn default() -> Self {
        Self {
            method: ClassMethod::Jenks,
            classes: 5,
        }
    }
}

/// Class breaks of a set of values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classes {
    /// How the breaks were found.
    pub method: ClassMethod,
    /// The minimum, then the inclusive upper bound of each class (strictly increasing after the
    /// first; the last is the maximum). A single distinct value gives `[v, v]`: one class.
    pub breaks: Vec<f64>,
    /// Whether Jenks worked on a sample (more than [`JENKS_MAX_VALUES`] values).
    pub sampled: bool,
}

impl Classes {
    /// Number of classes.
    pub fn count(&self) -> usize {
        self.breaks.len().saturating_sub(1).max(1)
    }

    /// 0-based class of a value: the first class whose upper bound is ≥ the value (values
    /// above the maximum fall in the last class).
    ///
    /// ```
    /// use corridors::map::{classify, ClassMethod};
    /// let c = classify(&[1.0, 2.0, 3.0, 10.0, 11.0, 12.0], 2, ClassMethod::Jenks).unwrap();
    /// assert_eq!(c.breaks, vec![1.0, 3.0, 12.0]);
    /// assert_eq!(c.class_of(2.5), 0);
    /// assert_eq!(c.class_of(3.0), 0);
    /// assert_eq!(c.class_of(10.0), 1);
    /// ```
    pub fn class_of(&self, value: f64) -> usize {
        let uppers = &self.breaks[1.min(self.breaks.len())..];
        uppers
            .iter()
            .position(|&b| value <= b)
            .unwrap_or(uppers.len().saturating_sub(1))
    }

    /// `(from, to)` of class `class`: the previous upper bound (the minimum for class 0) and
    /// its own upper bound.
    pub fn range(&self, class: usize) -> (f64, f64) {
        let last = self.breaks.len() - 1;
        let hi = self.breaks[(class + 1).min(last)];
        let lo = self.breaks[class.min(last)];
        (lo, hi)
    }

    /// The classification as layer metadata: `{"method", "classes", "breaks", "sampled"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "method": self.method.as_str(),
            "classes": self.count(),
            "breaks": self.breaks,
            "sampled": self.sampled,
        })
    }
}

/// Classifies `values` into at most `k` classes.
///
/// ```
/// use corridors::map::{classify, ClassMethod};
/// let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
/// let q = classify(&v, 4, ClassMethod::Quantiles).unwrap();
/// assert_eq!(q.breaks, vec![1.0, 3.25, 5.5, 7.75, 10.0]); // numpy.percentile, linear
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] when `values` is empty or holds NaN or infinity, or when `k` is 0.
pub fn classify(values: &[f64], k: usize, method: ClassMethod) -> Result<Classes> {
    if k == 0 {
        return Err(Error::invalid("k", "number of classes must be ≥ 1"));
    }
    if values.is_empty() {
        return Err(Error::invalid("values", "no values to classify"));
    }
    if let Some(v) = values.iter().find(|v| !v.is_finite()) {
        return Err(Error::invalid(
            "values",
            format!("cannot classify a non-finite value ({v})"),
        ));
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    if min == max {
        return Ok(Classes {
            method,
            breaks: vec![min, max],
            sampled: false,
        });
    }
    let mut sampled = false;
    let uppers = match method {
        ClassMethod::Quantiles => (1..=k)
            .map(|i| percentile(&sorted, i as f64 / k as f64))
            .collect::<Vec<_>>(),
        ClassMethod::Jenks => {
            let data = if sorted.len() > JENKS_MAX_VALUES {
                sampled = true;
                let n = sorted.len() - 1;
                let m = JENKS_MAX_VALUES - 1;
                (0..=m).map(|j| sorted[j * n / m]).collect()
            } else {
                sorted.clone()
            };
            let distinct = data.windows(2).filter(|w| w[0] != w[1]).count() + 1;
            jenks_uppers(&data, k.min(distinct))
        }
    };
    let mut breaks = vec![min];
    for u in uppers {
        // repeated breaks (ties) would give empty classes: drop them, as mapclassify does;
        // a first class holding only the minimum is kept
        let last = breaks[breaks.len() - 1];
        if u > last || (breaks.len() == 1 && u == min) {
            breaks.push(u);
        }
    }
    if breaks.last() != Some(&max) {
        breaks.push(max);
    }
    Ok(Classes {
        method,
        breaks,
        sampled,
    })
}

/// numpy's default (`linear`) percentile of sorted data, `q` in 0..=1.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

/// Fisher–Jenks dynamic programme over sorted data; returns the k upper bounds.
///
/// `lower[l][j]`: 1-based index of the first value of the last class in the best split of the
/// first `l` values into `j` classes; `cost[l][j]`: its total squared deviation.
fn jenks_uppers(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    // centring changes no deviation but keeps Σx² − (Σx)²/w from cancelling catastrophically
    let mean = sorted.iter().sum::<f64>() / n as f64;
    let data: Vec<f64> = sorted.iter().map(|v| v - mean).collect();
    let mut lower = vec![vec![0usize; k + 1]; n + 1];
    let mut cost = vec![vec![f64::INFINITY; k + 1]; n + 1];
    for j in 1..=k {
        lower[1][j] = 1;
        cost[1][j] = 0.0;
    }
    for l in 2..=n {
        let (mut s1, mut s2, mut w) = (0.0, 0.0, 0.0);
        let mut v = 0.0;
        for m in 1..=l {
            let i3 = l - m + 1;
            let val = data[i3 - 1];
            s2 += val * val;
            s1 += val;
            w += 1.0;
            v = s2 - s1 * s1 / w;
            let i4 = i3 - 1;
            if i4 != 0 {
                for j in 2..=k {
                    let c = v + cost[i4][j - 1];
                    if cost[l][j] >= c {
                        lower[l][j] = i3;
                        cost[l][j] = c;
                    }
                }
            }
        }
        lower[l][1] = 1;
        cost[l][1] = v;
    }
    let mut uppers = vec![0.0; k];
    uppers[k - 1] = sorted[n - 1];
    let mut end = n;
    for j in (2..=k).rev() {
        let first = lower[end][j];
        // the previous class ends just before this one starts
        uppers[j - 2] = sorted[first.saturating_sub(2)];
        end = first.saturating_sub(1).max(1);
    }
    uppers
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Total squared deviation within classes for given breaks (the Jenks objective).
    fn sdcm(sorted: &[f64], c: &Classes) -> f64 {
        let mut groups: Vec<Vec<f64>> = vec![Vec::new(); c.count()];
        for &v in sorted {
            groups[c.class_of(v)].push(v);
        }
        groups
            .iter()
            .filter(|g| !g.is_empty())
            .map(|g| {
                let m = g.iter().sum::<f64>() / g.len() as f64;
                g.iter().map(|v| (v - m).powi(2)).sum::<f64>()
            })
            .sum()
    }

    #[test]
    fn jenks_is_optimal_against_brute_force_on_small_sets() {
        // every split of 9 values into 3 contiguous classes
        let v = [1.0, 1.5, 2.0, 7.0, 7.5, 8.0, 8.2, 20.0, 21.0];
        let c = classify(&v, 3, ClassMethod::Jenks).unwrap();
        let best = c.clone();
        let mut best_brute = f64::INFINITY;
        for a in 1..v.len() - 1 {
            for b in a + 1..v.len() {
                let cand = Classes {
                    method: ClassMethod::Jenks,
                    breaks: vec![v[0], v[a - 1], v[b - 1], v[8]],
                    sampled: false,
                };
                best_brute = best_brute.min(sdcm(&v, &cand));
            }
        }
        assert!((sdcm(&v, &best) - best_brute).abs() < 1e-9);
        assert_eq!(c.breaks, vec![1.0, 2.0, 8.2, 21.0]);
    }

    #[test]
    fn ties_and_constant_values_do_not_make_empty_classes() {
        let c = classify(&[0.0, 0.0, 0.0, 0.0, 5.0], 4, ClassMethod::Quantiles).unwrap();
        assert_eq!(c.breaks, vec![0.0, 0.0, 5.0]); // classes ≤ 0 and (0, 5]
        let c = classify(&[3.0; 4], 5, ClassMethod::Jenks).unwrap();
        assert_eq!(c.breaks, vec![3.0, 3.0]);
        assert_eq!(c.count(), 1);
        assert_eq!(c.class_of(3.0), 0);
        let c = classify(&[1.0, 1.0, 2.0], 5, ClassMethod::Jenks).unwrap();
        assert_eq!(c.breaks, vec![1.0, 1.0, 2.0]);
        assert_eq!(c.class_of(1.0), 0);
        assert_eq!(c.class_of(2.0), 1);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(classify(&[], 3, ClassMethod::Jenks).is_err());
        assert!(classify(&[1.0, f64::NAN], 3, ClassMethod::Jenks).is_err());
        assert!(classify(&[1.0, 2.0], 0, ClassMethod::Quantiles).is_err());
    }
}
