//! `corridors whatif`: remove hubs or segments and see what happens to the OD routes.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use corridors::planning::{Elements, Interdiction, greedy_removal, rank_by_vitality};
use corridors::routing::Filter;

use crate::args::{CostArgs, DemandArgs, OutArgs};
use crate::common::NetworkArgs;

/// Remove hubs or segments (a filter, the network is not rebuilt) and report per OD pair and
/// in total: new cost, cost increase, pairs disconnected, demand still served. Optionally
/// rank single hubs by impact.
///
/// Examples:
///   corridors whatif --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --remove arriaga,ixtepec --sources kind:entry --targets kind:border_crossing --out out/whatif.csv
///   corridors whatif --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --remove cdmx --demand demand.csv --rank 10 --greedy 3
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a
        .value_name("FILE.csv")
        .help("Write one row per OD pair as CSV."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Hub or segment ids to remove.
    #[arg(long, value_delimiter = ',', value_name = "ID,…", required = true)]
    pub remove: Vec<String>,
    #[command(flatten)]
    pub demand: DemandArgs,
    #[command(flatten)]
    pub weight: CostArgs,
    /// Also print the N single hubs whose removal hurts most (vitality).
    #[arg(long, value_name = "N")]
    pub rank: Option<usize>,
    /// Also print a greedy removal of K hubs that hurts most (disconnected demand first, then
    /// cost increase); it starts from the full network, not from --remove.
    #[arg(long, value_name = "K")]
    pub greedy: Option<usize>,
    #[command(flatten)]
    pub out: OutArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (net, _) = args.net.load()?;
    let pairs = args.demand.in_given_order(&net)?;
    let filter = Filter::from_ids(&net, &args.remove)?;
    let w = Interdiction::new(&net, &pairs, &args.weight.options()?)?;
    let r = w.evaluate(&filter);
    println!("removed: {}", args.remove.join(", "));
    println!(
        "{} OD pairs, demand {:.1}: {} pairs disconnected ({:.1} demand, {:.1}%), {:.1} still served; demand-weighted cost increase {:.1} ({})",
        r.pairs.len(),
        r.total_demand,
        r.disconnected_pairs,
        r.disconnected_demand,
        if r.total_demand > 0.0 {
            100.0 * r.disconnected_demand / r.total_demand
        } else {
            0.0
        },
        r.connected_demand,
        r.cost_increase,
        args.weight.weight
    );
    // Ranking candidates leave out the origins and destinations themselves: removing an
    // origin trivially "disconnects" its own pairs.
    let interior: Vec<usize> = (0..net.hub_count())
        .filter(|&h| {
            !pairs
                .pairs()
                .iter()
                .any(|p| p.origin == h || p.destination == h)
        })
        .collect();
    if let Some(n) = args.rank {
        println!(
            "single hubs by impact (disconnected demand, then cost increase; OD endpoints excluded):"
        );
        for i in rank_by_vitality(&w, Elements::Hubs, Some(&interior), &Default::default())?
            .iter()
            .take(n)
        {
            println!(
                "  {:<28} disconnected {:>8.1}  cost increase {:>14.1}",
                net.hub(i.element).name,
                i.disconnected_demand,
                i.cost_increase
            );
        }
    }
    if let Some(k) = args.greedy {
        println!("greedy removal of {k} hubs (cumulative; OD endpoints excluded):");
        for (j, i) in greedy_removal(&w, k, Elements::Hubs, Some(&interior), &Default::default())?
            .iter()
            .enumerate()
        {
            println!(
                "  {}. {:<28} disconnected {:>8.1}  cost increase {:>14.1}",
                j + 1,
                net.hub(i.element).name,
                i.disconnected_demand,
                i.cost_increase
            );
        }
    }
    if args.out.out.is_some() {
        let mut wtr = csv::Writer::from_writer(Vec::new());
        wtr.write_record([
            "origin",
            "destination",
            "demand",
            "base_cost",
            "new_cost",
            "cost_increase",
            "disconnected",
        ])?;
        let f = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_default();
        for p in &r.pairs {
            wtr.write_record([
                net.hub(p.origin).id.as_key(),
                net.hub(p.destination).id.as_key(),
                p.demand.to_string(),
                f(p.base_cost),
                f(p.new_cost),
                f(p.cost_increase),
                p.disconnected.to_string(),
            ])?;
        }
        let bytes = wtr.into_inner().context("writing CSV")?;
        if let Some(out) = args.out.write_if_given(&bytes)? {
            println!("written {}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
