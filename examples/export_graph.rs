//! Writes test and benchmark graphs for the fixture and peer scripts.
//!
//! ```text
//! # seeded road-like graph (Delaunay): PREFIX.edges (for benches/peers) + PREFIX.graph.json
//! cargo run --release --example export_graph -- roadlike 10000 42 target/roadlike10k
//! # the same road-like graph as one GeoJSON network (hubs + segments; weight property `w`),
//! # e.g. the 100,000-hub / 299,873-segment benchmark network of the README
//! cargo run --release --example export_graph -- roadlike-geojson 100000 42 target/roadlike100k.geojson
//! # a GeoJSON network as hubs + segments with corridors' geodesic lengths
//! cargo run --example export_graph -- geojson out.graph.json data/mexico/hubs.geojson data/mexico/segments.geojson
//! ```
//!
//! `*.graph.json` is `{"hubs": [[id, lon, lat], …], "segments": [[id, from, to, weight,
//! oneway], …]}`; weights are the `w` property (road-like) or `length_m` (GeoJSON).

#[path = "../benches/common/roadlike.rs"]
mod roadlike;

use anyhow::{Context, Result, bail};
use corridors::Network;
use serde_json::json;

fn graph_json(net: &Network, weights: &[f64]) -> serde_json::Value {
    let hubs: Vec<_> = net
        .hubs()
        .map(|h| json!([h.id.to_json(), h.location.x(), h.location.y()]))
        .collect();
    let segs: Vec<_> = net
        .segments()
        .enumerate()
        .map(|(e, s)| {
            let (a, b) = net.endpoints(e);
            json!([
                s.id.to_json(),
                net.hub(a).id.to_json(),
                net.hub(b).id.to_json(),
                weights[e],
                s.oneway
            ])
        })
        .collect();
    json!({ "hubs": hubs, "segments": segs })
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("roadlike") if args.len() == 4 => {
            let n: usize = args[1].parse().context("node count")?;
            let seed: u64 = args[2].parse().context("seed")?;
            let g = roadlike::road_like(n, seed);
            let net = g.network();
            let w = corridors::Weighting::Property("w".into()).weights(&net)?;
            std::fs::write(format!("{}.edges", args[3]), g.edge_list())?;
            std::fs::write(
                format!("{}.graph.json", args[3]),
                serde_json::to_string(&graph_json(&net, &w))?,
            )?;
            eprintln!("{} nodes, {} edges -> {}.*", n, g.edges.len(), args[3]);
        }
        Some("roadlike-geojson") if args.len() == 4 => {
            let n: usize = args[1].parse().context("node count")?;
            let seed: u64 = args[2].parse().context("seed")?;
            let g = roadlike::road_like(n, seed);
            let net = g.network();
            let fc = corridors::map::network_layer(&net);
            corridors::io::geojson::write_feature_collection(&args[3], &fc)?;
            eprintln!("{n} hubs, {} segments -> {}", g.edges.len(), args[3]);
        }
        Some("geojson") if args.len() >= 3 => {
            let (net, _) = corridors::io::load_network(&args[2..], 1.0)?;
            let w = corridors::Weighting::Length.weights(&net)?;
            std::fs::write(&args[1], serde_json::to_string(&graph_json(&net, &w))?)?;
            eprintln!(
                "{} hubs, {} segments -> {}",
                net.hub_count(),
                net.segment_count(),
                args[1]
            );
        }
        _ => bail!(
            "usage: export_graph roadlike N SEED PREFIX | export_graph roadlike-geojson N SEED OUT.geojson | export_graph geojson OUT.json FILE…"
        ),
    }
    Ok(())
}
