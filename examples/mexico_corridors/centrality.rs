//! Step 2: which hubs and segments do the most routes depend on?
//!
//! Exact betweenness over all hub pairs (travel time), and OD betweenness from the southern
//! entry hubs to the northern border crossings (demand 1 per pair, or the table passed with
//! `--demand FILE.csv`). Writes `out/hub_centrality.geojson` with marker size and stroke
//! width scaled by the OD score, and prints the top hubs and segments.

use std::path::Path;

use anyhow::{Context, Result};
use corridors::OdDemand;
use corridors::centrality::{self, Betweenness, CentralityOptions};
use corridors::{Costing, HubKind, Network, Weighting, io, map};

/// Returns the OD betweenness (entry → border) for the picture.
pub fn run(net: &Network, out: &Path, demand_file: Option<&Path>) -> Result<Betweenness> {
    let minutes = Weighting::Minutes(Default::default());
    let opts = CentralityOptions {
        costing: Costing::new(minutes.clone()),
        ..Default::default()
    };
    let bc = centrality::betweenness(net, &opts, &Default::default())?;
    let cl = centrality::closeness(net, &opts, &Default::default())?;
    let (entries, borders) = (
        net.hubs_of_kind(HubKind::Entry),
        net.hubs_of_kind(HubKind::BorderCrossing),
    );
    let demand = match demand_file {
        Some(p) => io::csv::read_demand(p, net)?,
        None => OdDemand::between(net, &["kind:entry"], &["kind:border_crossing"])?,
    };
    let od_opts = CentralityOptions {
        normalized: false,
        ..opts.clone()
    };
    let od = centrality::od_betweenness(net, &demand, &od_opts, &Default::default())?;
    let fc = map::centrality_layer(
        net,
        map::CentralityScores {
            od: Some(&od),
            od_total_demand: Some(demand.total()),
            ..map::CentralityScores::all(&bc, &cl)
        },
    );
    let path = out.join("hub_centrality.geojson");
    io::geojson::write_feature_collection(&path, &fc)
        .with_context(|| format!("writing {}", path.display()))?;

    println!("\n== Hub centrality (travel time) ==");
    println!(
        "OD: {} entry hubs → {} border crossings, {} pairs, total demand {}",
        entries.len(),
        borders.len(),
        demand.pairs().len(),
        demand.total()
    );
    let top = |v: &[f64], k: usize| -> Vec<usize> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[b].total_cmp(&v[a]).then(a.cmp(&b)));
        idx.truncate(k);
        idx
    };
    for (title, by) in [
        ("hub (by betweenness)", &bc.hubs),
        ("hub (by OD)", &od.hubs),
    ] {
        println!("{title:<28} {:>12} {:>14}", "betweenness", "OD betweenness");
        for i in top(by, 8) {
            println!(
                "{:<28} {:>12.4} {:>14.1}",
                net.hub(i).name,
                bc.hubs[i],
                od.hubs[i]
            );
        }
    }
    println!("{:<44} {:>8} {:>8}", "segment", "edge bc", "OD");
    for e in top(&od.segments, 8) {
        let (a, b) = net.endpoints(e);
        let name = format!(
            "{} – {} ({})",
            net.hub(a).name,
            net.hub(b).name,
            net.segment(e).mode.as_str()
        );
        println!("{name:<44} {:>8.4} {:>8.1}", bc.segments[e], od.segments[e]);
    }
    println!("wrote {}", path.display());
    Ok(od)
}
