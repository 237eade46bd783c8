//! Progress reporting for long computations, without printing.
//!
//! The library never writes to the terminal. Long-running functions take a `&dyn Progress`
//! (in their options struct) and call it; a CLI or an example implements it, e.g. with an
//! `indicatif` progress bar. Every method has a no-op default, and [`NoProgress`] ignores
//! everything.
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use corridors::progress::Progress;
//! struct Count(AtomicU64);
//! impl Progress for Count {
//!     fn inc(&self, n: u64) {
//!         self.0.fetch_add(n, Ordering::Relaxed);
//!     }
//! }
//! let c = Count(AtomicU64::new(0));
//! c.start(10);
//! c.inc(3);
//! c.finish();
//! assert_eq!(c.0.load(Ordering::Relaxed), 3);
//! ```

/// Receives progress of a long computation. Called from several threads at once, so it must
/// be `Sync`; `inc` may be called in any order.
pub trait Progress: Sync {
    /// The work has `total` units (e.g. shortest-path sources).
    fn start(&self, _total: u64) {}
    /// `n` more units are done.
    fn inc(&self, _n: u64) {}
    /// The work is finished.
    fn finish(&self) {}
}

/// Ignores progress (the default).
///
/// ```
/// use corridors::progress::{NoProgress, Progress};
/// NoProgress.start(5);
/// NoProgress.inc(5);
/// NoProgress.finish();
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
