//! Flagship example: Mexico's trafficking and smuggling corridors.
//!
//! Loads the hubs and segments shipped in `data/mexico`, prints a summary and writes
//! `out/mexico_network.geojson`, a styled layer that opens directly in geojson.io or QGIS.
//! Each later step (centrality, cases, routes, the picture) lives in its own module here.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --release --example mexico_corridors
//! ```

mod centrality;
mod network;
mod picture;
mod routes;

use std::path::Path;

use anyhow::{Context, Result};

fn main() -> Result<()> {
    let data = Path::new("data/mexico");
    let out = Path::new("out");
    std::fs::create_dir_all(out).context("creating out/")?;
    let (net, _report) = network::run(data, out)?;
    // `--demand FILE.csv` (origin,destination,demand) replaces demand 1 per entry→border pair.
    let args: Vec<String> = std::env::args().collect();
    let demand = args
        .iter()
        .position(|a| a == "--demand")
        .and_then(|i| args.get(i + 1))
        .map(Path::new);
    centrality::run(&net, out, demand)?;
    routes::run(&net, data, out)?;
    // the picture: hubs by degree until the centrality step provides OD betweenness
    let hubs = corridors::map::HubMeasure::degree(&net);
    picture::run(&net, &hubs, None, out)?;
    println!("\nmaps written to {}/", out.display());
    Ok(())
}
