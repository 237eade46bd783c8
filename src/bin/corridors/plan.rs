//! `corridors plan`: greedy checkpoint / service siting on OD demand.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args as ClapArgs;
use corridors::Network;
use corridors::map::siting_layer;
use corridors::planning::{
    CoverageOptions, DemandCoverage, Elements, GREEDY_GUARANTEE, Siting, site_greedy,
};

use crate::args::{CostArgs, DemandArgs, OutArgs, hubs};
use crate::common::NetworkArgs;
use crate::output::{OutFormat, cost_parameters, set_parameters};

/// The formats `--out` writes.
const FORMATS: [OutFormat; 3] = [OutFormat::GeoJson, OutFormat::Csv, OutFormat::GeoParquet];

/// Choose P hubs (or segments) that capture the most origin→destination demand (greedy
/// flow capturing / group betweenness on the OD pairs; at least 1 − 1/e of the optimum).
///
/// Hubs (--sources, --targets, --candidates) are ids, names, `kind:KIND` or `country:CC`.
/// Fewer than P choices are returned when the earlier ones already capture all reachable
/// demand, or no remaining candidate captures more; the output says which.
///
/// Exit status: 0 on success (also when stopping early), 2 on bad input.
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
        .value_name("FILE.geojson|FILE.csv|-")
        .help("Write the chosen hubs (points) or segments (lines) as GeoJSON (.geojson/.json), their properties as CSV (.csv), or GeoJSON to stdout (-)."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    #[command(flatten)]
    pub demand: DemandArgs,
    /// Number of hubs (or segments) to choose.
    #[arg(long, value_name = "P")]
    pub budget: usize,
    /// Allowed choices (hub ids, names, `kind:KIND`, `country:CC`, or segment ids with
    /// --segments); default all.
    #[arg(long, value_delimiter = ',', value_name = "HUB,…")]
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
    args.out.format(&FORMATS)?;
    let (net, _) = args.net.load_without_topology()?;
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
                    let id = id.trim();
                    net.segment_index(id)
                        .ok_or_else(|| anyhow::anyhow!("unknown segment id {id:?} in --candidates"))
                })
                .collect::<Result<Vec<_>>>()?,
        )
    } else {
        Some(hubs(&net, &args.candidates).context("--candidates")?)
    };
    let n_candidates = candidates.as_ref().map_or(
        if args.segments {
            net.segment_count()
        } else {
            net.hub_count()
        },
        Vec::len,
    );
    let opts = CoverageOptions {
        costing: args.weight.options()?.costing,
        elements,
        robust_k: args.robust_k,
        ..CoverageOptions::default()
    };
    let bar = crate::progress::Bar::named("robust coverage");
    let cov = DemandCoverage::new(&net, &pairs, &opts, &bar.exec())?;
    let plan = site_greedy(&net, &cov, args.budget, candidates.as_deref())?;
    print!("{}", render(&net, &plan, pairs.len()));
    let stop = stop_reason(&plan, args.budget, n_candidates);
    if let Some(why) = &stop {
        println!(
            "stopped after {} of {} choices: {why}",
            plan.steps.len(),
            args.budget
        );
    }
    if args.out.out.is_some() {
        let mut fc = siting_layer(&net, &plan)?;
        let mut p = cost_parameters(&opts.costing);
        p.extend(args.demand.parameters(Some(&pairs)));
        p.insert("budget".into(), args.budget.into());
        p.insert("robust_k".into(), serde_json::json!(args.robust_k));
        p.insert(
            "elements".into(),
            if args.segments { "segments" } else { "hubs" }.into(),
        );
        if !args.candidates.is_empty() {
            p.insert(
                "candidates".into(),
                serde_json::json!(args.candidates.iter().map(|c| c.trim()).collect::<Vec<_>>()),
            );
        }
        p.insert("chosen".into(), plan.steps.len().into());
        if let Some(why) = stop {
            p.insert("stopped".into(), why.into());
        }
        set_parameters(&mut fc, p);
        if let Some(out) = args.out.emit(&fc, &FORMATS, false)? {
            eprintln!("written {}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Why greedy chose fewer than `budget` elements, if it did.
fn stop_reason(plan: &Siting, budget: usize, candidates: usize) -> Option<String> {
    if plan.steps.len() >= budget {
        return None;
    }
    Some(if plan.steps.len() >= candidates {
        format!("only {candidates} candidate(s)")
    } else if plan.reachable_demand > 0.0 && plan.captured >= plan.reachable_demand {
        format!(
            "all reachable demand ({:.1}) is captured; another choice adds nothing",
            plan.reachable_demand
        )
    } else {
        "no remaining candidate captures any more demand (the uncaptured pairs have no route, or pass none of the candidates)".to_string()
    })
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
        "rank  {:<36} {:>14} {:>9}",
        "choice", "marginal_gain", "captured"
    );
    for (k, s) in plan.steps.iter().enumerate() {
        let name = match plan.elements {
            Elements::Hubs => format!("{} ({})", net.hub(s.element).name, s.id),
            Elements::Segments => s.id.clone(),
        };
        let _ = writeln!(
            o,
            "{:>4}  {:<36} {:>14.3} {:>8.1}%",
            k + 1,
            name,
            s.marginal_gain,
            100.0 * s.captured_share
        );
    }
    if plan.steps.is_empty() {
        let _ = writeln!(o, "no candidate captures any demand");
    }
    if plan.steps.len() <= 1 {
        // one greedy choice is the best single choice: no bound to give
        let _ = writeln!(
            o,
            "captured {:.1}% of demand (a single choice: the best one)",
            100.0 * plan.captured_share
        );
        return o;
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
