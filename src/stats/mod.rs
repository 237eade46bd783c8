//! Is a concentration of cases more than chance? Network statistics on snapped cases.
//!
//! Every method works on positions on the network ([`NetPoint`]: a segment and an offset in
//! metres from its `from` end, measured on the network's own `length_m`) and on network
//! distances between them (shortest paths over segment lengths, one-way flags ignored: a
//! case's surroundings are reached in both directions). The design reference, with the exact
//! formulas of PySAL spaghetti, R spNetwork and esda these functions reproduce or correct, is
//! `stats.md` of the project's guides; the README's "Statistics" section summarises it.
//!
//! | question | function | null model |
//! |---|---|---|
//! | Are cases clustered along the corridors at scale *t*? | [`k_function`], [`g_function`], [`cross_k_function`] | uniform by length or exposure ([`Null`]) |
//! | Which segments have more cases than their length (exposure) predicts? | [`exceedance`] + [`fdr_adjust`] | multinomial by length or exposure |
//! | Are high-count segments next to each other? | [`gi_star`], [`local_moran`] | conditional permutation |
//! | Where is the intensity high? | [`nkde`] (cases per metre on lixels) | — |
//! | Which connected stretch is the most anomalous? | [`network_scan`] | multinomial, Monte Carlo |
//!
//! Randomness: every Monte Carlo replicate `r` draws from its own ChaCha8 stream
//! (`seed_from_u64(seed)` with `set_stream(r)`), so results are bit-identical at any thread
//! count. Nothing here prints or touches files; per-unit results go through [`publish`]
//! before they leave the analyst's machine.

mod distances;
mod kfunc;
mod local;
mod nkde;
pub mod publish;
mod scan;
mod special;

pub use distances::{
    DistanceOracle, NetPoint, PairDistances, network_distance, pair_distances, simulate,
};
pub use kfunc::{
    Curve, GlobalTest, KEstimator, KOptions, Radii, cross_k_function, g_function, k_function,
};
pub use local::{
    Fdr, Local, SparseWeights, Tail, UnitTest, WeightsSpec, exceedance, fdr_adjust, gi_star,
    local_moran, network_weights, pearson_dispersion, row_standardise,
};
pub use nkde::{
    Bandwidth, BwCriterion, DeadEnd, Density, Kernel, Lixel, Method, NkdeOptions, bandwidth_scores,
    lixelize, nkde, nkde_at,
};
pub use scan::{Cluster, ScanOptions, network_scan, poisson_llr};
pub use special::{binom_pmf, binom_sf, norm_sf, pois_pmf, pois_sf};

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::network::Network;

/// The null model of a Monte Carlo test: where cases would fall by chance.
///
/// ```
/// use corridors::stats::Null;
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// assert!(Null::UniformByLength.weights(&net).is_ok());
/// assert!(Null::Exposure(vec![1.0]).weights(&net).is_err()); // one value per segment
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Null {
    /// Complete spatial randomness on the network: a segment with probability `ℓ_i / L`,
    /// then a uniform offset (spaghetti's `simulate_observations`).
    #[default]
    UniformByLength,
    /// A segment with probability `e_i / Σe` (e.g. `length_m × traffic`), then a uniform
    /// offset. One value ≥ 0 per segment, not all 0.
    Exposure(Vec<f64>),
}

impl Null {
    /// The per-segment selection weights (lengths or the exposure), checked.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when an exposure has the wrong length, a negative or
    /// non-finite value, or sums to 0; or when the network has no length.
    pub fn weights(&self, net: &Network) -> Result<Vec<f64>> {
        let w: Vec<f64> = match self {
            Null::UniformByLength => net.segments().map(|s| s.length_m).collect(),
            Null::Exposure(e) => {
                if e.len() != net.segment_count() {
                    return Err(Error::invalid(
                        "exposure",
                        format!("{} values for {} segments", e.len(), net.segment_count()),
                    ));
                }
                e.clone()
            }
        };
        if w.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return Err(Error::invalid(
                "exposure",
                "every segment's length or exposure must be finite and >= 0",
            ));
        }
        if w.iter().sum::<f64>() <= 0.0 {
            return Err(Error::invalid(
                "exposure",
                "the lengths or exposures sum to 0: nothing to draw from",
            ));
        }
        Ok(w)
    }

    /// `"length"` or `"exposure"`, for metadata.
    pub fn label(&self) -> &'static str {
        match self {
            Null::UniformByLength => "length",
            Null::Exposure(_) => "exposure",
        }
    }
}

/// Monte Carlo settings shared by every test.
///
/// ```
/// let mc = corridors::stats::Mc::default();
/// assert_eq!((mc.replicates, mc.seed, mc.alpha), (99, 0, 0.05));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mc {
    /// Number of simulated patterns `R` (default 99).
    pub replicates: usize,
    /// Seed of the ChaCha8 generator (default 0).
    pub seed: u64,
    /// Level of the pointwise envelope (`α/2` and `1 − α/2` quantiles; default 0.05).
    pub alpha: f64,
}

impl Default for Mc {
    fn default() -> Self {
        Self {
            replicates: 99,
            seed: 0,
            alpha: 0.05,
        }
    }
}

impl Mc {
    /// Checks `alpha` ∈ (0, 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] otherwise.
    pub fn validate(&self) -> Result<()> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Error::invalid("alpha", "must be between 0 and 1"));
        }
        Ok(())
    }

    /// The generator of replicate (or unit) `stream`: ChaCha8 seeded with `seed`, on its own
    /// stream, so that draws never depend on the order in which replicates run.
    pub fn rng(&self, stream: u64) -> ChaCha8Rng {
        stream_rng(self.seed, stream)
    }
}

/// ChaCha8 seeded with `seed` on stream `stream`.
pub(crate) fn stream_rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Monte Carlo p-value `(1 + #{sim ≥ obs}) / (R + 1)`.
pub(crate) fn mc_p(observed: f64, sims: impl Iterator<Item = f64>) -> f64 {
    let mut r = 0usize;
    let mut ge = 0usize;
    for s in sims {
        r += 1;
        if s >= observed {
            ge += 1;
        }
    }
    (1 + ge) as f64 / (r + 1) as f64
}
