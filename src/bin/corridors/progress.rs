//! Progress bars on stderr: one [`Bar`] per waiting phase of a command (reading, building,
//! each algorithm), with the phase's name, a bar, position / total (bytes as bytes) and the
//! time left. Every bar goes through one `indicatif` `MultiProgress`, so that bars of phases
//! running at once (`snap` reads the cases while it loads the network) stack instead of
//! overwriting each other. Nothing is drawn when stderr is not a terminal, or with the global
//! `--no-progress` (`--quiet`); stdout and the files written never see a bar.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use corridors::Exec;
use corridors::progress::{Progress, Unit};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Set by `--no-progress`.
static HIDDEN: AtomicBool = AtomicBool::new(false);
/// Where every bar is drawn.
static MULTI: OnceLock<MultiProgress> = OnceLock::new();

/// Hides every bar of this run (`--no-progress`); call before the first bar is made.
pub fn hide() {
    HIDDEN.store(true, Ordering::Relaxed);
}

fn multi() -> &'static MultiProgress {
    MULTI.get_or_init(|| {
        if HIDDEN.load(Ordering::Relaxed) {
            MultiProgress::with_draw_target(ProgressDrawTarget::hidden())
        } else {
            // hidden by indicatif itself when stderr is not a terminal
            MultiProgress::with_draw_target(ProgressDrawTarget::stderr())
        }
    })
}

fn style(total: Option<u64>, unit: Unit) -> ProgressStyle {
    // the bar takes the width left, so that a line never wraps
    let template = match (total.is_some(), unit) {
        (true, Unit::Items) => "{msg} [{wide_bar}] {human_pos}/{human_len} ({eta} left)",
        (true, Unit::Bytes) => "{msg} [{wide_bar}] {bytes}/{total_bytes} ({eta} left)",
        (false, Unit::Items) => "{msg} {spinner} {human_pos}",
        (false, Unit::Bytes) => "{msg} {spinner} {bytes}",
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// A [`Progress`] drawing one bar per phase on stderr. A named phase ([`Progress::phase`])
/// shows its name; an algorithm's unnamed [`Progress::start`] shows the name of the last
/// phase, or the one given to [`Bar::named`].
pub struct Bar {
    name: Mutex<String>,
    current: Mutex<Option<ProgressBar>>,
}

impl Bar {
    /// A bar whose unnamed phases are called `name` (e.g. "betweenness").
    pub fn named(name: &str) -> Self {
        Self {
            name: Mutex::new(name.to_string()),
            current: Mutex::new(None),
        }
    }

    /// A bar for phases that name themselves (reading and building).
    pub fn new() -> Self {
        Self::named("working")
    }

    /// An execution context reporting to this bar, with the default cancellation and
    /// parallel threshold.
    pub fn exec(&self) -> Exec<'_> {
        Exec {
            progress: self,
            ..Exec::default()
        }
    }

    fn open(&self, name: &str, total: Option<u64>, unit: Unit) {
        let pb = match total {
            Some(t) => ProgressBar::new(t),
            None => ProgressBar::new_spinner(),
        };
        pb.set_style(style(total, unit));
        pb.set_message(shortened(name));
        let pb = multi().add(pb);
        let old = self.current.lock().map(|mut c| c.replace(pb));
        if let Ok(Some(old)) = old {
            close(&old);
        }
    }
}

/// Characters of a phase name shown at most (a long path keeps its end: the file name).
const NAME_CHARS: usize = 40;

fn shortened(name: &str) -> String {
    let n = name.chars().count();
    if n <= NAME_CHARS {
        return name.to_string();
    }
    let tail: String = name.chars().skip(n - (NAME_CHARS - 1)).collect();
    format!("…{tail}")
}

fn close(pb: &ProgressBar) {
    pb.finish_and_clear();
    multi().remove(pb);
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        let name = self.name.lock().map(|n| n.clone()).unwrap_or_default();
        self.open(&name, Some(total), Unit::Items);
    }

    fn inc(&self, n: u64) {
        if let Ok(c) = self.current.lock()
            && let Some(pb) = c.as_ref()
        {
            pb.inc(n);
        }
    }

    fn finish(&self) {
        let done = self.current.lock().map(|mut c| c.take());
        if let Ok(Some(pb)) = done {
            close(&pb);
        }
    }

    fn phase(&self, name: &str, total: Option<u64>, unit: Unit) {
        if let Ok(mut n) = self.name.lock() {
            *n = name.to_string();
        }
        self.open(name, total, unit);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}
