//! Times exact weighted hub + segment betweenness on the seeded road-like graph, for the
//! peer comparison in `benches/peers/centrality_peers.py`.
//!
//! ```text
//! RAYON_NUM_THREADS=2 cargo run --release --example centrality_time -- 10000 42 [OUT.txt]
//! ```
//! Prints `seconds <t>` and the graph size; with `OUT.txt`, writes the hub scores (one per
//! line, normalised) so that the script can check agreement with the peers.

#[path = "../benches/common/roadlike.rs"]
mod roadlike;

use anyhow::{Context, Result};
use corridors::centrality::{self, CentralityOptions};
use corridors::{Costing, Weighting};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().context("usage: N SEED [OUT]")?.parse()?;
    let seed: u64 = args.get(1).context("usage: N SEED [OUT]")?.parse()?;
    let g = roadlike::road_like(n, seed);
    let net = g.network();
    let w = Weighting::Property("w".into());
    let opts = CentralityOptions {
        costing: Costing::new(w.clone()),
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let bc = centrality::betweenness(&net, &opts, &Default::default())?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "nodes {} edges {} threads {} seconds {secs:.3}",
        net.hub_count(),
        net.segment_count(),
        rayon::current_num_threads()
    );
    if let Some(out) = args.get(2) {
        let s: String = bc.hubs.iter().map(|x| format!("{x:.17e}\n")).collect();
        std::fs::write(out, s)?;
    }
    Ok(())
}
