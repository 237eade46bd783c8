//! How a case's weight is shared among alternative routes of one itinerary leg.

use serde::{Deserialize, Serialize};

/// How a case's weight is split among the alternative routes of one leg.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "split")]
pub enum Split {
    /// Every alternative gets the same share, `1/k`.
    Equal,
    /// Logit on the relative detour: alternative `i` of cost `c_i` gets a share proportional
    /// to `exp(−theta · (c_i / c_best − 1))`, so with `theta = 10` a route 10 % costlier than
    /// the best weighs `e^-1 ≈ 0.37` as much. When the best cost is 0, alternatives of cost 0
    /// share the weight and costlier ones get none.
    CostBased {
        /// Sensitivity to the detour (≥ 0; 0 is the equal split).
        theta: f64,
    },
}

/// Alternative routes per leg of an itinerary: see [`crate::cases::ItineraryOptions::alternatives`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternatives {
    /// Loopless routes per leg (Yen, cheapest first; fewer where fewer exist). At least 1.
    pub k: usize,
    /// How the case's weight is split among them.
    pub split: Split,
}

impl Default for Alternatives {
    fn default() -> Self {
        Self {
            k: 3,
            split: Split::Equal,
        }
    }
}

/// Shares of a case among routes of the given costs (cheapest first or not): non-negative,
/// summing to 1 (empty for no routes).
///
/// ```
/// use corridors::cases::route_choice::{split_shares, Split};
/// assert_eq!(split_shares(&[10.0, 11.0, 20.0], Split::Equal), vec![1.0 / 3.0; 3]);
/// let s = split_shares(&[10.0, 11.0], Split::CostBased { theta: 10.0 });
/// assert!((s[0] + s[1] - 1.0).abs() < 1e-12);
/// assert!((s[1] / s[0] - (-1.0f64).exp()).abs() < 1e-12); // 10 % costlier: e^-1 as much
/// ```
pub fn split_shares(costs: &[f64], split: Split) -> Vec<f64> {
    if costs.is_empty() {
        return Vec::new();
    }
    let raw: Vec<f64> = match split {
        Split::Equal => vec![1.0; costs.len()],
        Split::CostBased { theta } => {
            let best = costs.iter().copied().fold(f64::INFINITY, f64::min);
            costs
                .iter()
                .map(|&c| {
                    let excess = if best > 0.0 {
                        c / best - 1.0
                    } else if c > best {
                        f64::INFINITY
                    } else {
                        0.0
                    };
                    if theta == 0.0 {
                        1.0
                    } else {
                        (-theta * excess).exp()
                    }
                })
                .collect()
        }
    };
    let total: f64 = raw.iter().sum();
    raw.iter().map(|w| w / total).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_split_is_one_over_k() {
        assert_eq!(split_shares(&[1.0, 5.0], Split::Equal), vec![0.5, 0.5]);
        assert!(split_shares(&[], Split::Equal).is_empty());
    }

    #[test]
    fn cost_based_split_favours_cheaper_routes_and_sums_to_one() {
        let s = split_shares(&[10.0, 12.0, 20.0], Split::CostBased { theta: 5.0 });
        assert!(s[0] > s[1] && s[1] > s[2]);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // theta = 0 is the equal split
        let z = split_shares(&[10.0, 12.0], Split::CostBased { theta: 0.0 });
        assert_eq!(z, vec![0.5, 0.5]);
    }

    #[test]
    fn zero_best_cost_shares_among_free_routes() {
        let s = split_shares(&[0.0, 0.0, 3.0], Split::CostBased { theta: 1.0 });
        assert_eq!(s, vec![0.5, 0.5, 0.0]);
    }
}
