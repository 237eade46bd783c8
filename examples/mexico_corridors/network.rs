//! Step 1: load, summarise and map the corridor network.

use std::path::Path;

use anyhow::{Context, Result};
use corridors::{BuildReport, Network, io, map};

pub fn run(data: &Path, out: &Path) -> Result<(Network, BuildReport)> {
    let files = [data.join("hubs.geojson"), data.join("segments.geojson")];
    let (net, report) = io::load_network(&files, 1.0)
        .with_context(|| format!("loading the network from {}", data.display()))?;
    let s = &report.summary;
    println!("== Mexico corridor network ==");
    println!(
        "{} hubs, {} segments, {:.0} km in {} component(s)",
        s.hubs,
        s.segments,
        s.total_length_m() / 1000.0,
        s.components.len()
    );
    for (kind, n) in &s.hubs_by_kind {
        println!("  {:<16} {n:>4} hubs", kind.as_str());
    }
    for (mode, n) in &s.segments_by_mode {
        let km = s.length_m_by_mode[mode] / 1000.0;
        println!("  {:<16} {n:>4} segments {km:>8.0} km", mode.as_str());
    }
    let names = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| net.hub_index(id).map(|i| net.hub(i).name.clone()))
            .collect()
    };
    println!(
        "single points of failure: {} bridge segments, {} articulation hubs ({})",
        s.bridges.len(),
        s.articulation_points.len(),
        names(&s.articulation_points).join(", ")
    );
    if !report.diagnostics.is_empty() {
        println!("{} warnings:", report.diagnostics.len());
        for d in &report.diagnostics {
            println!("  {d}");
        }
    }
    let path = out.join("mexico_network.geojson");
    io::geojson::write_feature_collection(&path, &map::network_layer(&net))?;
    println!("wrote {}", path.display());
    Ok((net, report))
}
