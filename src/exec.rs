//! The execution context of long computations: progress, cancellation and when to go
//! parallel.
//!
//! Every long-running entry point (centrality, snapping, itinerary routing, siting with
//! robust k, what-ifs) takes an [`Exec`] as its trailing argument, outside the options
//! struct, so option structs own their data and can be cloned, compared and serialised.
//!
//! * **Progress**: one unit per independent piece of work (a shortest-path source, a point,
//!   an itinerary, a candidate); see [`Progress`].
//! * **Cancellation**: `cancel` is polled at least once per block of work; when it returns
//!   `true` the call stops and returns [`Error::Cancelled`].
//! * **Parallelism**: with fewer work items than `parallel_threshold` the call runs on the
//!   calling thread. It visits the work in the same blocks and adds them in the same order
//!   either way, so the result is bit-identical sequential or parallel, at any thread count.
//!
//! ```
//! use std::sync::atomic::{AtomicBool, Ordering};
//! use corridors::{centrality, fixtures, Error, Exec};
//! let net = fixtures::path(&["a", "b", "c"]);
//! let stop = AtomicBool::new(true);
//! let cancel = || stop.load(Ordering::Relaxed);
//! let exec = Exec { cancel: &cancel, ..Exec::default() };
//! let r = centrality::betweenness(&net, &Default::default(), &exec);
//! assert!(matches!(r, Err(Error::Cancelled)));
//! let sequential = Exec { parallel_threshold: usize::MAX, ..Exec::default() };
//! let b = centrality::betweenness(&net, &Default::default(), &sequential)?;
//! assert_eq!(b.hubs, vec![0.0, 1.0, 0.0]);
//! # Ok::<(), corridors::Error>(())
//! ```

use std::fmt;

use crate::error::{Error, Result};
use crate::progress::{NoProgress, Progress};

/// Work items (sources, points, itineraries, candidates) below which a call runs
/// sequentially on the calling thread: below about 64 items the cost of waking rayon's
/// workers exceeds the work on the networks this crate is built for (hundreds to a few
/// thousand hubs). Results do not depend on it.
pub const DEFAULT_PARALLEL_THRESHOLD: usize = 64;

fn never() -> bool {
    false
}

/// Progress, cancellation and parallel threshold of one long call.
///
/// ```
/// use corridors::Exec;
/// let e = Exec::default();
/// assert!(e.check().is_ok());
/// assert!(e.parallel(1_000) && !e.parallel(3));
/// ```
#[derive(Clone, Copy)]
pub struct Exec<'a> {
    /// Receives progress (one unit per independent piece of work).
    pub progress: &'a dyn Progress,
    /// Polled at least once per block of work; `true` stops the call with
    /// [`Error::Cancelled`].
    pub cancel: &'a (dyn Fn() -> bool + Sync),
    /// Number of work items from which the call runs on rayon's pool (see
    /// [`DEFAULT_PARALLEL_THRESHOLD`]); `0` is always parallel, `usize::MAX` never.
    pub parallel_threshold: usize,
}

impl Default for Exec<'_> {
    fn default() -> Self {
        Self {
            progress: &NoProgress,
            cancel: &never,
            parallel_threshold: DEFAULT_PARALLEL_THRESHOLD,
        }
    }
}

impl fmt::Debug for Exec<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exec")
            .field("parallel_threshold", &self.parallel_threshold)
            .finish_non_exhaustive()
    }
}

impl Exec<'_> {
    /// `Err(Error::Cancelled)` when the caller asked to stop.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when `cancel()` returns `true`.
    pub fn check(&self) -> Result<()> {
        if (self.cancel)() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Whether `work_items` items are enough to run in parallel.
    pub fn parallel(&self, work_items: usize) -> bool {
        work_items >= self.parallel_threshold
    }
}
