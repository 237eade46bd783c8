//! Progress reporting for long computations, without printing.
//!
//! The library never writes to the terminal. Long-running functions take a `&dyn Progress`
//! (through an [`Exec`](crate::Exec), or as the trailing argument of a reader) and call it; a
//! CLI or an example implements it, e.g. with an `indicatif` progress bar. Every method has a
//! no-op default, and [`NoProgress`] ignores everything.
//!
//! A reader or a build announces each of its **phases** by name with [`Progress::phase`]
//! (e.g. `reading hubs.geojson` in [`Unit::Bytes`], then `parsing hubs.geojson`, then
//! `checking crossings` in [`Unit::Items`]); an algorithm calls [`Progress::start`] with its
//! number of work items (its caller knows what it asked for and may name the phase first).
//! Progress is counted in batches (about 64 KiB of input, or a block of rows, sources or
//! points), never per row, and never changes a result.
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

use std::io::{Read, Seek, SeekFrom};

/// What the units of a phase are: how a progress bar should show them.
///
/// ```
/// use corridors::progress::Unit;
/// assert_eq!(Unit::default(), Unit::Items);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Work items: sources, points, rows, segments, candidates, replicates.
    #[default]
    Items,
    /// Bytes of input.
    Bytes,
}

/// Receives progress of a long computation. Called from several threads at once, so it must
/// be `Sync`; `inc` may be called in any order.
///
/// A phase begins with [`phase`](Self::phase) (named) or [`start`](Self::start) (unnamed:
/// the work of an algorithm), receives `inc`s that add up to its total, and ends with
/// [`finish`](Self::finish).
pub trait Progress: Sync {
    /// The work has `total` units (e.g. shortest-path sources).
    fn start(&self, _total: u64) {}
    /// `n` more units are done.
    fn inc(&self, _n: u64) {}
    /// The work is finished.
    fn finish(&self) {}
    /// A named phase begins (`reading FILE`, `parsing FILE`, `building network`, `checking
    /// crossings` …) with `total` units of `unit` when known; its `inc`s follow and
    /// [`finish`](Self::finish) ends it. The default calls [`start`](Self::start) with the
    /// total (0 when unknown), so an implementor of the three older methods sees every
    /// phase as a start.
    ///
    /// ```
    /// use std::sync::Mutex;
    /// use corridors::progress::{Progress, Unit};
    /// #[derive(Default)]
    /// struct Log(Mutex<Vec<String>>);
    /// impl Progress for Log {
    ///     fn phase(&self, name: &str, total: Option<u64>, unit: Unit) {
    ///         self.0.lock().unwrap().push(format!("{name} {total:?} {unit:?}"));
    ///     }
    /// }
    /// let log = Log::default();
    /// let mut b = corridors::NetworkBuilder::new();
    /// corridors::io::add_network_files_with_progress(
    ///     &mut b, &["data/mexico/hubs.geojson"], &Default::default(), &log);
    /// let phases = log.0.lock().unwrap().clone();
    /// assert!(phases[0].starts_with("reading data/mexico/hubs.geojson Some("));
    /// assert!(phases[0].ends_with(") Bytes"));
    /// ```
    fn phase(&self, _name: &str, total: Option<u64>, _unit: Unit) {
        self.start(total.unwrap_or(0));
    }
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

/// Bytes read between two reports of a [`ProgressReader`].
pub const BYTES_PER_REPORT: u64 = 64 * 1024;

/// A [`Read`] adapter that reports the bytes read through it to a [`Progress`], once per
/// [`BYTES_PER_REPORT`] bytes and for the rest when dropped (or at [`finish`](Self::finish)).
/// It announces its phase (`name`, `total` bytes) when made and again when it is rewound to
/// the start (a second pass over the file); it never calls [`Progress::finish`], which is
/// the caller's, after whatever follows the reading.
///
/// ```
/// use std::io::Read;
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use corridors::progress::{Progress, ProgressReader};
/// struct Count(AtomicU64);
/// impl Progress for Count {
///     fn inc(&self, n: u64) {
///         self.0.fetch_add(n, Ordering::Relaxed);
///     }
/// }
/// let count = Count(AtomicU64::new(0));
/// let data = vec![7u8; 200_000];
/// let mut r = ProgressReader::new(&data[..], &count, "reading data", Some(200_000));
/// let mut read = Vec::new();
/// r.read_to_end(&mut read)?;
/// assert_eq!(read, data);
/// r.finish();
/// assert_eq!(count.0.load(Ordering::Relaxed), 200_000);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct ProgressReader<'p, R> {
    inner: R,
    progress: &'p dyn Progress,
    name: String,
    total: Option<u64>,
    pending: u64,
}

impl<'p, R> ProgressReader<'p, R> {
    /// Wraps `inner`, announcing the phase `name` of `total` bytes (when known).
    pub fn new(inner: R, progress: &'p dyn Progress, name: &str, total: Option<u64>) -> Self {
        progress.phase(name, total, Unit::Bytes);
        Self {
            inner,
            progress,
            name: name.to_string(),
            total,
            pending: 0,
        }
    }

    /// Reports the bytes read since the last report.
    pub fn finish(&mut self) {
        if self.pending > 0 {
            self.progress.inc(self.pending);
            self.pending = 0;
        }
    }
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        if self.pending >= BYTES_PER_REPORT {
            self.finish();
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for ProgressReader<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        let at = self.inner.seek(pos)?;
        if at == 0 {
            // a new pass over the input
            self.pending = 0;
            self.progress.phase(&self.name, self.total, Unit::Bytes);
        }
        Ok(at)
    }
}

impl<R> Drop for ProgressReader<'_, R> {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Counts work items and reports them to a [`Progress`] in batches of `every` (and the rest
/// when dropped): the cheap way to report rows or features from a sequential loop.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use corridors::progress::{Batched, Progress};
/// struct Calls(AtomicU64, AtomicU64);
/// impl Progress for Calls {
///     fn inc(&self, n: u64) {
///         self.0.fetch_add(n, Ordering::Relaxed);
///         self.1.fetch_add(1, Ordering::Relaxed);
///     }
/// }
/// let calls = Calls(AtomicU64::new(0), AtomicU64::new(0));
/// {
///     let mut b = Batched::new(&calls, 1024);
///     for _ in 0..3000 {
///         b.add(1);
///     }
/// }
/// assert_eq!(calls.0.load(Ordering::Relaxed), 3000);
/// assert_eq!(calls.1.load(Ordering::Relaxed), 3); // 1024, 1024, then 952 when dropped
/// ```
pub struct Batched<'p> {
    progress: &'p dyn Progress,
    every: u64,
    pending: u64,
    added: u64,
}

impl<'p> Batched<'p> {
    /// Reports to `progress` once per `every` units (at least 1).
    pub fn new(progress: &'p dyn Progress, every: u64) -> Self {
        Self {
            progress,
            every: every.max(1),
            pending: 0,
            added: 0,
        }
    }

    /// `n` more units are done.
    #[inline]
    pub fn add(&mut self, n: u64) {
        self.pending += n;
        self.added += n;
        if self.pending >= self.every {
            self.flush();
        }
    }

    /// The units added so far (reported or not).
    pub fn added(&self) -> u64 {
        self.added
    }

    /// Reports the units not yet reported.
    pub fn flush(&mut self) {
        if self.pending > 0 {
            self.progress.inc(self.pending);
            self.pending = 0;
        }
    }
}

impl Drop for Batched<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}
