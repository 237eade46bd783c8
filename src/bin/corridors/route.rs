//! `corridors route`: shortest route, route via stops, or k alternative routes.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args as ClapArgs;
use corridors::Network;
use corridors::map::routes_layer;
use corridors::routing::{KRoutesOptions, Route, Router};

use crate::args::{CostArgs, OutArgs};
use crate::common::NetworkArgs;
use crate::output::{OutFormat, cost_parameters, cost_text, hub_ids, set_parameters, warn};

/// The formats `--out` writes.
const FORMATS: [OutFormat; 3] = [OutFormat::GeoJson, OutFormat::Csv, OutFormat::GeoParquet];

/// Shortest route between two hubs (optionally through stops), or k alternative routes.
///
/// Hubs are named by id, by name (case- and accent-insensitive), or as `id:ID` / `name:NAME`.
/// Costs are printed with their unit (length in km, minutes in min). With --max-shared,
/// fewer than --k routes may be returned; the output says why.
///
/// Exit status: 0 when a route was found, 1 when there is no route, 2 on bad input.
///
/// Examples:
///   corridors route --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --from tapachula --to tijuana --k 3 --weight minutes --out out/routes.geojson
///   corridors route --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --from Tapachula --via Cancún --to "Ciudad Juárez"
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a
        .value_name("FILE.geojson|FILE.csv|-")
        .help("Write the routes as GeoJSON LineStrings (.geojson/.json), their properties as CSV (.csv), or GeoJSON to stdout (-)."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Origin hub: id or name.
    #[arg(long, value_name = "HUB")]
    pub from: String,
    /// Destination hub: id or name.
    #[arg(long, value_name = "HUB")]
    pub to: String,
    /// Intermediate stops, in order: ids or names.
    #[arg(long, value_delimiter = ',', value_name = "HUB,…")]
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
    args.out.format(&FORMATS)?;
    let (net, _) = args.net.load_without_topology()?;
    let costing = args.weight.costing()?;
    let router = Router::new(&net, &args.weight.options()?)?;
    let mut ws = router.workspace();
    let resolve = |flag: &str, r: &str| net.resolve_hub(r).with_context(|| flag.to_string());
    let mut stops = vec![resolve("--from", &args.from)?];
    for v in &args.via {
        stops.push(resolve("--via", v)?);
    }
    stops.push(resolve("--to", &args.to)?);
    let closed = costing.avoided(&net)?;
    if let Some(&h) = stops.iter().find(|&&h| closed[h]) {
        bail!(
            "hub {} ({}) is a stop of the route and is on --avoid",
            net.hub(h).id,
            net.hub(h).name
        );
    }
    if stops.windows(2).any(|w| w[0] == w[1]) {
        warn("two consecutive stops are the same hub; that leg costs 0");
    }
    let opts = KRoutesOptions {
        k: args.k,
        max_shared: args.max_shared,
        ..KRoutesOptions::default()
    };
    let result = if args.k == 1 {
        router.route_via(&mut ws, &stops, None).map(|r| vec![r])
    } else {
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
    let w = &costing.weighting;
    for (rank, r) in routes.iter().enumerate() {
        println!(
            "#{}  cost {}  ({:.0} km, {:.0} min)  {}",
            rank + 1,
            cost_text(w, r.cost),
            r.length_m / 1000.0,
            r.minutes,
            names(&net, r)
        );
        // alternatives through the same hubs differ by parallel segments (road or rail):
        // name them, or the two lines read the same
        if let Some(j) = routes[..rank].iter().position(|o| o.hubs == r.hubs) {
            let own: Vec<String> = r
                .segments
                .iter()
                .filter(|e| !routes[j].segments.contains(e))
                .map(|&e| format!("{} ({})", net.segment(e).id.as_key(), net.segment(e).mode))
                .collect();
            println!(
                "    same hubs as #{}, other segments: {}",
                j + 1,
                own.join(", ")
            );
        }
        if r.reenters_country(&net) {
            println!(
                "    leaves and re-enters a country: {} (--avoid country:CC or a higher --border-penalty-hours keeps it inside)",
                r.countries(&net).join(" → ")
            );
        }
    }
    let mut shortfall = None;
    if routes.len() < args.k {
        // say why: the diversity limit, or no more loopless routes
        let all = router
            .k_routes(
                &mut ws,
                stops[0],
                stops[1],
                &KRoutesOptions {
                    max_shared: None,
                    ..opts.clone()
                },
                None,
            )
            .map_or(0, |r| r.len());
        let why = match args.max_shared {
            Some(x) if all > routes.len() => format!(
                "{} alternative(s) skipped: they share more than {:.0}% of their length with a better route (--max-shared {x}; at most {} routes examined)",
                args.k - routes.len(),
                100.0 * x,
                opts.max_examined
            ),
            _ => format!(
                "only {} loopless route(s) exist between these hubs",
                routes.len()
            ),
        };
        println!("{} of {} routes: {why}", routes.len(), args.k);
        shortfall = Some(why);
    }
    let layer = || -> Result<geojson::FeatureCollection> {
        let mut fc = routes_layer(&net, &routes)?;
        let mut p = cost_parameters(&costing);
        p.insert("from".into(), hub_ids(&net, &stops[..1]));
        p.insert("to".into(), hub_ids(&net, &stops[stops.len() - 1..]));
        p.insert("via".into(), hub_ids(&net, &stops[1..stops.len() - 1]));
        p.insert("k".into(), args.k.into());
        p.insert("max_shared".into(), serde_json::json!(args.max_shared));
        p.insert("routes_found".into(), routes.len().into());
        if let Some(why) = &shortfall {
            p.insert("note".into(), why.clone().into());
        }
        set_parameters(&mut fc, p);
        Ok(fc)
    };
    if args.out.out.is_some()
        && let Some(out) = args.out.emit(&layer()?, &FORMATS, false)?
    {
        eprintln!("written {}", out.display());
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
