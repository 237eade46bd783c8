//! `corridors whatif`: remove hubs or segments and see what happens to the OD routes.

use std::process::ExitCode;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args as ClapArgs;
use corridors::map::routes_layer;
use corridors::planning::{Elements, Interdiction, greedy_removal, rank_by_vitality};
use corridors::routing::{Filter, Router};
use corridors::{Error, Network};

use crate::args::{CostArgs, DemandArgs, OutArgs};
use crate::common::NetworkArgs;
use crate::output::{
    OutFormat, cost_parameters, cost_text, cost_unit, cost_value, format_of, hub_ids,
    set_parameters,
};

/// Remove hubs or segments (a filter, the network is not rebuilt) and report per OD pair and
/// in total: new cost, cost increase, pairs disconnected, demand still served. Optionally
/// rank single hubs by impact on the full network (--rank, --greedy: these cannot be
/// combined with --remove).
///
/// --remove takes hub references (ids, names, `kind:KIND`, `country:CC`) and segment ids.
/// Costs are printed with their unit (length in km, minutes in min). --routes-out writes
/// every pair's route without the removed elements as GeoJSON ("changed" marks the pairs
/// whose route changed).
///
/// Exit status: 0 on success (also when pairs are disconnected), 2 on bad input.
///
/// Examples:
///   corridors whatif --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --remove arriaga,ixtepec --sources kind:entry --targets kind:border_crossing \
///       --out out/whatif.csv --routes-out out/whatif_routes.geojson
///   corridors whatif --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --demand demand.csv --rank 10 --greedy 3
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a
        .value_name("FILE.csv|-")
        .help("Write one row per OD pair as CSV (- for stdout)."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Hubs (ids, names, `kind:KIND`, `country:CC`) or segment ids to remove.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "HUB|SEGMENT,…",
        required_unless_present_any = ["rank", "greedy"],
        conflicts_with_all = ["rank", "greedy"]
    )]
    pub remove: Vec<String>,
    #[command(flatten)]
    pub demand: DemandArgs,
    #[command(flatten)]
    pub weight: CostArgs,
    /// Print the N single hubs whose removal hurts most (vitality), on the full network
    /// (not with --remove).
    #[arg(long, value_name = "N")]
    pub rank: Option<usize>,
    /// Print a greedy removal of K hubs that hurts most (disconnected demand first, then
    /// cost increase), from the full network (not with --remove).
    #[arg(long, value_name = "K")]
    pub greedy: Option<usize>,
    /// Write each OD pair's route without the removed elements as GeoJSON LineStrings.
    #[arg(long, value_name = "FILE.geojson", requires = "remove")]
    pub routes_out: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutArgs,
}

/// The filter `--remove` names: each item a hub reference, else a segment id; and the ids
/// removed, for the report.
fn removal(net: &Network, items: &[String]) -> Result<(Filter, Vec<String>)> {
    let mut f = Filter::none(net);
    let mut ids = Vec::new();
    for item in items.iter().map(|s| s.trim()) {
        match net.resolve_hubs(item) {
            Ok(hubs) => {
                for h in hubs {
                    f.remove_hub(h);
                    ids.push(net.hub(h).id.as_key());
                }
            }
            Err(e @ Error::UnknownHub { .. }) => match net.segment_index(item) {
                Some(e) => {
                    f.remove_segment(e);
                    ids.push(item.to_string());
                }
                None => bail!("--remove: {e}, nor a segment id"),
            },
            Err(e) => return Err(anyhow::Error::new(e).context("--remove")),
        }
    }
    ids.dedup();
    Ok((f, ids))
}

pub fn run(args: Args) -> Result<ExitCode> {
    args.out.format(&[OutFormat::Csv])?;
    if let Some(p) = &args.routes_out {
        format_of(p, &[OutFormat::GeoJson, OutFormat::GeoParquet])?;
    }
    let (net, _) = args.net.load_without_topology()?;
    let pairs = args.demand.in_given_order(&net)?;
    let options = args.weight.options()?;
    let w = Interdiction::new(&net, &pairs, &options)?;
    let weighting = &options.costing.weighting;
    let unit = cost_unit(weighting);
    if !args.remove.is_empty() {
        let (filter, removed) = removal(&net, &args.remove)?;
        let r = w.evaluate(&filter);
        println!("removed: {}", removed.join(", "));
        let affected: Vec<f64> = r
            .pairs
            .iter()
            .filter_map(|p| p.cost_increase.filter(|&c| c > 0.0))
            .collect();
        println!(
            "{} OD pairs, demand {:.1}: {} pairs disconnected ({:.1} demand, {:.1}%), {:.1} still served; demand-weighted cost increase {}",
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
            cost_text(weighting, r.cost_increase),
        );
        if !affected.is_empty() {
            println!(
                "{} pairs take a longer route: {} more on average per affected pair",
                affected.len(),
                cost_text(
                    weighting,
                    affected.iter().sum::<f64>() / affected.len() as f64
                )
            );
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
                "cost_unit",
            ])?;
            let f = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_default();
            // the cost columns keep the weighting's own unit: metres for length
            let csv_unit = match weighting {
                corridors::Weighting::Length => "m".to_string(),
                _ => unit.clone(),
            };
            for p in &r.pairs {
                wtr.write_record([
                    net.hub(p.origin).id.as_key(),
                    net.hub(p.destination).id.as_key(),
                    p.demand.to_string(),
                    f(p.base_cost),
                    f(p.new_cost),
                    f(p.cost_increase),
                    p.disconnected.to_string(),
                    csv_unit.clone(),
                ])?;
            }
            let bytes = wtr.into_inner().context("writing CSV")?;
            if let Some(out) = args.out.write_if_given(&bytes)? {
                eprintln!("written {}", out.display());
            }
        }
        if let Some(path) = &args.routes_out {
            let router = Router::new(&net, &options)?;
            let mut ws = router.workspace();
            let mut routes = Vec::new();
            let mut changed = Vec::new();
            for p in pairs.pairs() {
                let base = router.route(&mut ws, p.origin, p.destination, None).ok();
                if let Ok(route) = router.route(&mut ws, p.origin, p.destination, Some(&filter)) {
                    changed.push(base.is_none_or(|b| b.segments != route.segments));
                    routes.push(route);
                }
            }
            let mut fc = routes_layer(&net, &routes)?;
            for (f, c) in fc.features.iter_mut().zip(&changed) {
                if let Some(p) = f.properties.as_mut() {
                    p.insert("changed".into(), (*c).into());
                    p.insert("cost_unit".into(), unit.clone().into());
                }
            }
            let mut params = cost_parameters(&options.costing);
            params.extend(args.demand.parameters(Some(&pairs)));
            params.insert("removed".into(), serde_json::json!(removed));
            params.insert("removed_hubs".into(), hub_ids(&net, &filter.removed_hubs()));
            params.insert(
                "disconnected_pairs".into(),
                (pairs.len() - routes.len()).into(),
            );
            set_parameters(&mut fc, params);
            crate::output::write_layer(path, &fc)?;
            eprintln!(
                "written {} ({} routes, {} changed, {} pairs without a route)",
                path.display(),
                routes.len(),
                changed.iter().filter(|&&c| c).count(),
                pairs.len() - routes.len()
            );
        }
    }
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
            "single hubs by impact on the full network (disconnected demand, then cost increase in {unit}; OD endpoints excluded):"
        );
        let bar = crate::progress::Bar::named("ranking hubs");
        for i in rank_by_vitality(&w, Elements::Hubs, Some(&interior), &bar.exec())?
            .iter()
            .take(n)
        {
            println!(
                "  {:<36} disconnected {:>8.1}  cost increase {:>14.1} {unit}",
                format!("{} ({})", net.hub(i.element).name, i.id),
                i.disconnected_demand,
                cost_value(weighting, i.cost_increase)
            );
        }
    }
    if let Some(k) = args.greedy {
        println!(
            "greedy removal of {k} hubs from the full network (cumulative; OD endpoints excluded):"
        );
        let bar = crate::progress::Bar::named("greedy removal");
        for (j, i) in greedy_removal(&w, k, Elements::Hubs, Some(&interior), &bar.exec())?
            .iter()
            .enumerate()
        {
            println!(
                "  {}. {:<36} disconnected {:>8.1}  cost increase {:>14.1} {unit}",
                j + 1,
                format!("{} ({})", net.hub(i.element).name, i.id),
                i.disconnected_demand,
                cost_value(weighting, i.cost_increase)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
