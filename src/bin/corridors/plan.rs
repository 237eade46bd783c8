//! `corridors plan`: greedy checkpoint / service siting on OD demand.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args as ClapArgs;
use corridors::Network;
use corridors::map::siting_layer;
use corridors::planning::{
    CoverageOptions, DemandCoverage, Elements, GREEDY_GUARANTEE, Siting, site_greedy,
};

use crate::args::{CostArgs, DemandArgs, OutArgs, hubs};
use crate::common::NetworkArgs;

/// Choose P hubs (or segments) that capture the most origin→destination demand (greedy
/// flow capturing / group betweenness on the OD pairs; at least 1 − 1/e of the optimum).
///
/// Examples:
///   corridors plan --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --sources kind:entry --targets kind:border_crossing --budget 5 --out out/plan.geojson
///   corridors plan --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --demand demand.csv --budget 3 --robust-k 3 --candidates arriaga,ixtepec,cdmx,monterrey
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a
        .value_name("FILE.geojson")
        .help("Write the chosen hubs (points) or segments (lines) as GeoJSON."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    #[command(flatten)]
    pub demand: DemandArgs,
    /// Number of hubs (or segments) to choose.
    #[arg(long, value_name = "P")]
    pub budget: usize,
    /// Allowed choices (hub ids, `kind:KIND`, or segment ids with --segments); default all.
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub candidates: Vec<String>,
    /// Count capture over the K shortest loopless routes of each pair (robust to rerouting).
    #[arg(long, value_name = "K")]
    pub robust_k: Option<usize>,
    /// Choose segments instead of hubs.
    #[arg(long)]
    pub segments: bool,
    #[command(flatten)]
    pub weight: CostArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.budget == 0 {
        bail!("--budget must be at least 1");
    }
    if args.robust_k == Some(0) {
        bail!("--robust-k must be at least 1");
    }
    let (net, _) = args.net.load()?;
    let pairs = args.demand.in_given_order(&net)?;
    let elements = if args.segments {
        Elements::Segments
    } else {
        Elements::Hubs
    };
    let candidates = if args.candidates.is_empty() {
        None
    } else if args.segments {
        Some(
            args.candidates
                .iter()
                .map(|id| {
                    net.segment_index(id)
                        .ok_or_else(|| anyhow::anyhow!("unknown segment id {id:?} in --candidates"))
                })
                .collect::<Result<Vec<_>>>()?,
        )
    } else {
        Some(hubs(&net, &args.candidates)?)
    };
    let opts = CoverageOptions {
        costing: args.weight.options()?.costing,
        elements,
        robust_k: args.robust_k,
        ..CoverageOptions::default()
    };
    let cov = DemandCoverage::new(&net, &pairs, &opts, &Default::default())?;
    let plan = site_greedy(&net, &cov, args.budget, candidates.as_deref())?;
    print!("{}", render(&net, &plan, pairs.len()));
    if let Some(out) = args
        .out
        .write_geojson_if_given(|| Ok(siting_layer(&net, &plan)?))?
    {
        println!("written {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn render(net: &Network, plan: &Siting, pairs: usize) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{pairs} OD pairs, total demand {:.1} ({:.1} reachable)",
        plan.total_demand, plan.reachable_demand
    );
    let _ = writeln!(
        o,
        "rank  {:<28} {:>14} {:>9}",
        "choice", "marginal_gain", "captured"
    );
    for (k, s) in plan.steps.iter().enumerate() {
        let name = match plan.elements {
            Elements::Hubs => net.hub(s.element).name.clone(),
            Elements::Segments => s.id.clone(),
        };
        let _ = writeln!(
            o,
            "{:>4}  {:<28} {:>14.3} {:>8.1}%",
            k + 1,
            name,
            s.marginal_gain,
            100.0 * s.captured_share
        );
    }
    if plan.steps.is_empty() {
        let _ = writeln!(o, "no candidate captures any demand");
    }
    let _ = writeln!(
        o,
        "captured {:.1}% of demand; greedy guarantee ≥ {:.1}% of the best {} choices, so the best captures at most {:.1}%",
        100.0 * plan.captured_share,
        100.0 * GREEDY_GUARANTEE,
        plan.steps.len(),
        if plan.total_demand > 0.0 {
            100.0 * plan.optimum_upper_bound / plan.total_demand
        } else {
            0.0
        }
    );
    o
}
