//! `corridors centrality`: betweenness (exact, OD, sampled) and closeness as one GeoJSON.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args as ClapArgs;
use corridors::Weighting;
use corridors::centrality::{
    self, Betweenness, CentralityOptions, Closeness, Measures, SampleOptions,
};
use corridors::io::geojson::KeepProperties;

use crate::args::{CostArgs, DemandArgs, OutArgs};
use crate::common::NetworkArgs;
use crate::output::{OutFormat, cost_parameters, top};
use crate::progress::Bar;

/// The formats `--out` writes.
const FORMATS: [OutFormat; 3] = [OutFormat::GeoJson, OutFormat::Csv, OutFormat::GeoParquet];

/// Rows of the terminal tables.
const TOP: usize = 10;

/// Hub and segment centrality: weighted betweenness (NetworkX-normalised), closeness,
/// harmonic centrality, and optionally betweenness over origin → destination pairs
/// (`--sources/--targets` with demand 1, or `--demand FILE.csv` with columns
/// origin,destination,demand). `--measures` picks any subset of betweenness, edge,
/// closeness, harmonic (default: all); only what is asked is computed. `--samples` or
/// `--epsilon` switch to seeded sampling: betweenness by Riondato–Kornaropoulos path
/// sampling (`--adaptive`: KADABRA stopping), closeness/harmonic from sampled sources with a
/// stated error. Writes one GeoJSON FeatureCollection (hubs as Points, segments as
/// LineStrings; its "parameters" member records the options) to --out, or the feature
/// properties as CSV for --out FILE.csv; --out - writes the GeoJSON to stdout. Without --out
/// it prints the top 10 hubs and segments. A progress bar goes to stderr.
///
/// Exit status: 0 on success, 2 on bad input.
///
/// Examples:
///   corridors centrality --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///     --weight minutes --sources kind:entry --targets kind:border_crossing
///   corridors centrality --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///     --weight minutes --sources Tapachula --targets "tijuana, Ciudad Juárez" --out centrality.geojson
///   corridors centrality --network big.geojson --measures betweenness,edge --epsilon 0.05 --adaptive \\
///     --properties none --out big_centrality.geojson
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a
        .value_name("FILE.geojson|FILE.csv|-")
        .help("Output file: .geojson/.json (GeoJSON) or .csv (properties); `-` for GeoJSON on stdout. Without it, a top-10 table is printed."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    #[command(flatten)]
    pub cost: CostArgs,
    // OD betweenness on this demand, when given
    #[command(flatten)]
    pub demand: DemandArgs,
    /// Sample this many hub pairs instead of computing betweenness exactly.
    #[arg(long, value_name = "K", conflicts_with = "epsilon")]
    pub samples: Option<usize>,
    /// Sampling error bound ε (pair-fraction scale); the sample size follows from ε and δ.
    #[arg(long, value_name = "E")]
    pub epsilon: Option<f64>,
    /// Sampling failure probability δ.
    #[arg(long, value_name = "D", default_value_t = 0.1)]
    pub delta: f64,
    /// Seed of the sampler.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// How OD betweenness counts pairs: `demand` (the demand whose shortest paths pass the
    /// hub, the same directed or not) or `networkx` (NetworkX's subset convention, which
    /// halves undirected sums; for parity checks).
    #[arg(
        long,
        value_enum,
        value_name = "demand|networkx",
        default_value = "demand"
    )]
    pub od_convention: OdConventionArg,
    /// Adaptive (KADABRA) stopping for sampled betweenness: stop as soon as every estimate
    /// is within ε (needs --epsilon).
    #[arg(long, requires = "epsilon")]
    pub adaptive: bool,
    /// Measures to compute, comma-separated: betweenness, edge, closeness, harmonic, or all.
    /// With --samples/--epsilon, closeness and harmonic are estimated from sampled sources
    /// (--epsilon: ⌈ln(2n/δ)/(2ε²)⌉ sources; --samples K: K sources).
    #[arg(long, value_name = "LIST", default_value = "all")]
    pub measures: String,
    /// Free properties of the network's features to keep and write back to the output:
    /// `all`, `none`, or comma-separated keys. On a country-scale network the properties are
    /// most of the memory (`none` needs about half of `all` on a road network with seven per
    /// segment). Hubs' `country` (the costing's border crossings) and a `--weight` property
    /// are always kept.
    #[arg(long, value_name = "all|none|KEYS", default_value = "all")]
    pub properties: String,
    #[command(flatten)]
    pub out: OutArgs,
}

/// `--properties` as what the reader keeps. Hubs' `country` is always kept, since the
/// costing adds border crossings by it (without it the scores would change), and so is the
/// weight property.
fn kept_properties(list: &str, weighting: &Weighting) -> KeepProperties {
    let weight = match weighting {
        Weighting::Property(p) => vec!["country".to_string(), p.clone()],
        _ => vec!["country".to_string()],
    };
    match list.trim() {
        "all" => KeepProperties::All,
        "none" => KeepProperties::listed(weight),
        keys => KeepProperties::listed(
            keys.split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(String::from)
                .chain(weight),
        ),
    }
}

/// `--od-convention`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum OdConventionArg {
    /// Demand through the hub.
    Demand,
    /// NetworkX's `betweenness_centrality_subset`.
    Networkx,
}

fn sampled_as_exact(s: centrality::SampledBetweenness) -> Betweenness {
    Betweenness {
        hubs: s.hubs,
        segments: s.segments,
        directed: s.directed,
        normalized: true,
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let measures: Measures = args.measures.parse()?;
    let weighting: Weighting = args.cost.weighting()?;
    args.out.format(&FORMATS)?;
    let keep = kept_properties(&args.properties, &weighting);
    let (net, _report) = args.net.load_with(false, keep)?;
    let od_demand = args.demand.sorted(&net)?;
    let sample = match (args.samples, args.epsilon) {
        (None, None) => None,
        (samples, eps) => Some(SampleOptions {
            epsilon: eps.unwrap_or(0.01),
            delta: args.delta,
            samples,
            seed: args.seed,
            adaptive: args.adaptive,
        }),
    };
    if let Some(d) = &od_demand
        && d.pairs().is_empty()
    {
        bail!("the OD demand has no pair of distinct hubs with demand > 0");
    }
    if od_demand.is_some() && !measures.needs_betweenness() {
        bail!("an OD demand gives OD betweenness: add betweenness or edge to --measures");
    }
    let bar = Bar::named("betweenness");
    let opts = CentralityOptions {
        costing: args.cost.costing()?,
        normalized: true,
        od_convention: match args.od_convention {
            OdConventionArg::Demand => centrality::OdConvention::Demand,
            OdConventionArg::Networkx => centrality::OdConvention::NetworkxSubset,
        },
    };
    let mut info = serde_json::Map::new();
    let betweenness = match &sample {
        _ if !measures.needs_betweenness() => None,
        None => Some(centrality::betweenness(&net, &opts, &bar.exec())?),
        Some(s) => {
            let r = centrality::sampled_betweenness(&net, &opts, s, &bar.exec())?;
            info.insert("betweenness_sampling".into(), sampling_info(&r));
            Some(sampled_as_exact(r))
        }
    };
    let od_bar = Bar::named("OD betweenness");
    let od_opts = CentralityOptions {
        normalized: false,
        ..opts.clone()
    };
    let od = match (&od_demand, &sample) {
        (None, _) => None,
        (Some(d), None) => Some(centrality::od_betweenness(
            &net,
            d,
            &od_opts,
            &od_bar.exec(),
        )?),
        (Some(d), Some(s)) => {
            let r = centrality::sampled_od_betweenness(&net, d, &od_opts, s, &od_bar.exec())?;
            info.insert("od_sampling".into(), sampling_info(&r));
            Some(sampled_as_exact(r))
        }
    };
    let cl_bar = Bar::named("closeness");
    let closeness = match &sample {
        _ if !measures.needs_distances() => None,
        None => Some(centrality::closeness(&net, &opts, &cl_bar.exec())?),
        Some(s) => {
            // --epsilon sets the source count from ε; --samples K samples K sources.
            let cs = SampleOptions {
                adaptive: false,
                ..s.clone()
            };
            let r = centrality::sampled_closeness(&net, &opts, &cs, &cl_bar.exec())?;
            info.insert(
                "closeness_sampling".into(),
                serde_json::json!({
                    "sources": r.sources,
                    "epsilon": r.epsilon,
                    "delta": r.delta,
                    "seed": r.seed,
                    "harmonic_error": r.harmonic_error,
                    "mean_distance_error": r.mean_distance_error,
                }),
            );
            Some(Closeness {
                closeness: r.closeness,
                harmonic: r.harmonic,
                directed: r.directed,
            })
        }
    };
    // Built one feature at a time while writing: a country-scale network has millions of
    // features, and holding all their property maps took 11.7 GiB at 10⁶ hubs.
    let layer = corridors::map::CentralityLayer::new(
        &net,
        corridors::map::CentralityScores {
            betweenness: betweenness.as_ref(),
            closeness: closeness.as_ref(),
            od: od.as_ref(),
            od_total_demand: od_demand.as_ref().map(|d| d.total()),
            measures,
        },
    );
    let mut fm = layer.foreign_members();
    fm.insert("weight".into(), weighting.to_string().into());
    fm.extend(info);
    let mut params = cost_parameters(&opts.costing);
    params.extend(args.demand.parameters(od_demand.as_ref()));
    params.insert("betweenness_normalised".into(), true.into());
    if od.is_some() {
        params.insert("od_betweenness_normalised".into(), false.into());
        params.insert(
            "od_convention".into(),
            serde_json::to_value(opts.od_convention).unwrap_or_default(),
        );
    }
    params.insert("measures".into(), args.measures.clone().into());
    if let Some(s) = &sample {
        params.insert(
            "sampling".into(),
            serde_json::json!({"epsilon": s.epsilon, "delta": s.delta, "samples": s.samples, "seed": s.seed}),
        );
    }
    fm.insert("parameters".into(), serde_json::Value::Object(params));
    let table = render(
        &net,
        betweenness.as_ref(),
        od.as_ref(),
        closeness.as_ref().map(|c| c.closeness.as_slice()),
    );
    if args.out.out.is_none() {
        print!("{table}");
        eprintln!(
            "(top {TOP} only: --out FILE.geojson or FILE.csv writes every hub and segment, --out - writes the GeoJSON to stdout)"
        );
    } else {
        let written = args
            .out
            .emit_layer(|| layer.features(), &fm, &FORMATS, true)?;
        eprint!("{table}");
        if let Some(path) = written {
            eprintln!(
                "wrote {} hubs and {} segments to {}",
                net.hub_count(),
                net.segment_count(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The top hubs and segments: by OD betweenness when there is demand, else by betweenness.
fn render(
    net: &corridors::Network,
    b: Option<&Betweenness>,
    od: Option<&Betweenness>,
    closeness: Option<&[f64]>,
) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let show =
        |v: Option<f64>, w: usize| v.map_or(format!("{:>w$}", "–"), |x| format!("{x:>w$.5}"));
    // the ranking key: OD flow, else betweenness, else closeness
    let (hub_key, what): (Vec<f64>, &str) = match (od, b, closeness) {
        (Some(od), _, _) => (od.hubs.clone(), "OD betweenness"),
        (None, Some(b), _) => (b.hubs.clone(), "betweenness (NetworkX-normalised)"),
        (None, None, Some(c)) => (c.to_vec(), "closeness"),
        (None, None, None) => (vec![0.0; net.hub_count()], "id"),
    };
    let _ = writeln!(o, "top {TOP} hubs by {what}:");
    let _ = writeln!(
        o,
        "rank  {:<24} {:<26} {:>14} {:>12} {:>10}",
        "id",
        "name",
        if od.is_some() { "od_betweenness" } else { "" },
        "betweenness",
        "closeness"
    );
    for (r, h) in top(&hub_key, TOP).into_iter().enumerate() {
        let _ = writeln!(
            o,
            "{:>4}  {:<24} {:<26} {:>14} {} {}",
            r + 1,
            net.hub(h).id.as_key(),
            net.hub(h).name,
            od.map_or(String::new(), |d| format!("{:.3}", d.hubs[h])),
            show(b.map(|b| b.hubs[h]), 12),
            show(closeness.map(|c| c[h]), 10)
        );
    }
    if let Some(key) = od.or(b) {
        let _ = writeln!(o, "top {TOP} segments by edge {what}:");
        for (r, e) in top(&key.segments, TOP).into_iter().enumerate() {
            let (x, y) = net.endpoints(e);
            let _ = writeln!(
                o,
                "{:>4}  {:<40} {:>12.5}  {} – {} ({}, {:.0} km)",
                r + 1,
                net.segment(e).id.as_key(),
                key.segments[e],
                net.hub(x).name,
                net.hub(y).name,
                net.segment(e).mode,
                net.segment(e).length_m / 1000.0
            );
        }
    }
    o
}

fn sampling_info(r: &centrality::SampledBetweenness) -> serde_json::Value {
    serde_json::json!({
        "epsilon": r.epsilon,
        "delta": r.delta,
        "samples": r.samples,
        "seed": r.seed,
        "vertex_diameter_bound": r.vertex_diameter_bound,
        "adaptive": r.adaptive,
    })
}
