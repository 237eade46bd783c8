//! `corridors route`: shortest route, route via stops, or k alternative routes.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args as ClapArgs;
use corridors::Network;
use corridors::map::routes_layer;
use corridors::routing::{KRoutesOptions, Route, Router};

use crate::args::{CostArgs, OutArgs};
use crate::common::NetworkArgs;

/// Shortest route between two hubs (optionally through stops), or k alternative routes.
///
/// Examples:
///   corridors route --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --from tapachula --to tijuana --k 3 --weight minutes --out out/routes.geojson
///   corridors route --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --from tapachula --via cancun --to ciudad_juarez
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a
        .value_name("FILE.geojson")
        .help("Write the routes as GeoJSON LineStrings."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Origin hub id.
    #[arg(long, value_name = "ID")]
    pub from: String,
    /// Destination hub id.
    #[arg(long, value_name = "ID")]
    pub to: String,
    /// Intermediate stops, in order.
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub via: Vec<String>,
    /// Number of alternative routes (Yen's loopless k shortest paths).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub k: usize,
    /// Skip alternatives sharing more than this fraction of their length with a better route.
    #[arg(long, value_name = "FRACTION")]
    pub max_shared: Option<f64>,
    #[command(flatten)]
    pub weight: CostArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.k == 0 {
        bail!("--k must be at least 1");
    }
    if let Some(x) = args.max_shared
        && !(0.0..=1.0).contains(&x)
    {
        bail!("--max-shared must be between 0 and 1, got {x}");
    }
    if args.k > 1 && !args.via.is_empty() {
        bail!("--k with --via is not supported: alternatives are computed between two hubs");
    }
    let (net, _) = args.net.load()?;
    let router = Router::new(&net, &args.weight.options()?)?;
    let mut ws = router.workspace();
    let mut ids = vec![args.from.clone()];
    ids.extend(args.via.iter().cloned());
    ids.push(args.to.clone());
    let stops = router.stops(&ids)?;
    let closed = args.weight.costing()?.avoided(&net)?;
    if let Some(&h) = stops.iter().find(|&&h| closed[h]) {
        bail!(
            "hub {} ({}) is a stop of the route and is on --avoid",
            net.hub(h).id,
            net.hub(h).name
        );
    }
    let result = if args.k == 1 {
        router.route_via(&mut ws, &stops, None).map(|r| vec![r])
    } else {
        let opts = KRoutesOptions {
            k: args.k,
            max_shared: args.max_shared,
            ..KRoutesOptions::default()
        };
        router.k_routes(&mut ws, stops[0], stops[1], &opts, None)
    };
    let routes = match result {
        Ok(r) => r,
        Err(u) => {
            eprintln!(
                "no route from {} to {}",
                net.hub(u.from).id,
                net.hub(u.to).id
            );
            return Ok(ExitCode::from(1));
        }
    };
    for (rank, r) in routes.iter().enumerate() {
        println!(
            "#{}  cost {:.1} ({})  {:.0} km  {:.0} min  {}",
            rank + 1,
            r.cost,
            args.weight.weight,
            r.length_m / 1000.0,
            r.minutes,
            names(&net, r)
        );
        if r.reenters_country(&net) {
            println!(
                "    leaves and re-enters a country: {} (--avoid country:CC or a higher --border-penalty-hours keeps it inside)",
                r.countries(&net).join(" → ")
            );
        }
    }
    if let Some(out) = args
        .out
        .write_geojson_if_given(|| Ok(routes_layer(&net, &routes)?))?
    {
        println!("written {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn names(net: &Network, r: &Route) -> String {
    r.hubs
        .iter()
        .map(|&h| net.hub(h).name.as_str())
        .collect::<Vec<_>>()
        .join(" → ")
}
