//! Loads a GeoJSON network and prints its size, the time taken and the process's memory
//! (Linux: peak and current resident set from `/proc/self/status`): the measurement behind
//! README's "Loading large networks".
//!
//! ```text
//! cargo run --release --example load_network -- [--keep all|none|KEY,KEY…] FILE…
//! ```

use std::time::Instant;

use anyhow::{Context, Result};
use corridors::io::geojson::{KeepProperties, NetworkReadOptions};

/// `VmHWM` (peak) and `VmRSS` (current) in MiB, when the platform reports them.
fn memory_mib() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = |key: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line.split_whitespace().nth(1)?.parse::<f64>().ok()
    };
    Some((kib("VmHWM:")? / 1024.0, kib("VmRSS:")? / 1024.0))
}

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut keep = KeepProperties::All;
    if args.first().map(String::as_str) == Some("--keep") {
        let what = args
            .get(1)
            .context("--keep needs all, none or a list of keys")?;
        keep = match what.as_str() {
            "all" => KeepProperties::All,
            "none" => KeepProperties::None,
            keys => KeepProperties::listed(keys.split(',')),
        };
        args.drain(..2);
    }
    anyhow::ensure!(
        !args.is_empty(),
        "usage: load_network [--keep all|none|KEYS] FILE…"
    );
    let opts = NetworkReadOptions::default().keep_properties(keep);
    let t = Instant::now();
    let (net, report) = corridors::io::load_network_with(&args, 1.0, &opts)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} hubs, {} segments, {} warnings in {secs:.2} s",
        net.hub_count(),
        net.segment_count(),
        report.diagnostics.len()
    );
    if let Some((peak, now)) = memory_mib() {
        println!("peak RSS {peak:.0} MiB, RSS after loading {now:.0} MiB");
    }
    println!(
        "in-line sizes: hub {} B, segment {} B (plus ids, names, geometry and properties on the heap)",
        std::mem::size_of::<corridors::Hub>(),
        std::mem::size_of::<corridors::Segment>()
    );
    Ok(())
}
