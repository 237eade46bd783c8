//! Flagship example: Mexico's trafficking and smuggling corridors.
//!
//! Loads the hubs and segments shipped in `data/mexico` and, one module per step:
//! 1. `network`: prints a summary, writes `out/mexico_network.geojson` (styled layer);
//! 2. `centrality`: betweenness and OD betweenness entry → border, `out/hub_centrality.geojson`;
//! 3. `routes`: Tapachula to each border city via the tourist centres, the named corridors,
//!    and where 5 outreach posts would capture the most entry → border demand;
//! 4. `cases`: the SYNTHETIC cases per segment and hub behind the privacy guard (k = 11);
//! 5. `picture`: `out/map.svg` (and `out/map.png` with `--features png`): hubs sized by OD
//!    betweenness, segments by the published case load;
//! 6. `page`: `out/map.html`, every layer above on one offline, interactive page;
//! 7. `statistics`: the network K function of the SYNTHETIC cases with its envelope
//!    (`out/mexico_k.svg`) and per-segment hot spots after FDR (`out/mexico_hotspots.geojson`).
//!
//! Every GeoJSON file opens styled in geojson.io or QGIS.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --release --example mexico_corridors
//! ```

mod cases;
mod centrality;
mod network;
mod page;
mod picture;
mod routes;
mod statistics;

use std::path::Path;

use anyhow::{Context, Result};
use corridors::cases::PrivacyGuard;
use corridors::map::{self, HubMeasure};

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
    let od = centrality::run(&net, out, demand)?;
    routes::run(&net, data, out)?;
    let itineraries = cases::run(&net, data, out)?;
    // The picture: hubs sized by OD betweenness (entry → border), segments by the published
    // (privacy-guarded) synthetic itinerary load.
    let hubs = HubMeasure::new("od_betweenness", od.hubs.into_iter().map(Some).collect());
    let load = map::case_load_measure(&PrivacyGuard::default().publish(&net, &itineraries)?);
    // read once, drawn in the picture and the page
    let outlines =
        corridors::io::geojson::read_boundaries("data/boundaries/countries_50m.geojson")?;
    picture::run(&net, &hubs, Some(&load), &outlines, out)?;
    let stats_layers = statistics::run(&net, data, out)?;
    page::run(&net, &hubs, Some(&load), &outlines, stats_layers, out)?;
    println!("\nmaps written to {}/", out.display());
    Ok(())
}
