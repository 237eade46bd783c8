//! `corridors centrality`: betweenness (exact, OD, sampled) and closeness as one GeoJSON.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args as ClapArgs;
use corridors::centrality::{
    self, Betweenness, CentralityOptions, Closeness, Measures, SampleOptions,
};
use corridors::progress::Progress;
use corridors::{Exec, Weighting};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{CostArgs, DemandArgs, OutArgs};
use crate::common::NetworkArgs;

/// Hub and segment centrality: weighted betweenness (NetworkX-normalised), closeness,
/// harmonic centrality, and optionally betweenness over origin → destination pairs
/// (`--sources/--targets` with demand 1, or `--demand FILE.csv` with columns
/// origin,destination,demand). `--measures` picks any subset of betweenness, edge,
/// closeness, harmonic (default: all); only what is asked is computed. `--samples` or
/// `--epsilon` switch to seeded sampling: betweenness by Riondato–Kornaropoulos path
/// sampling (`--adaptive`: KADABRA stopping), closeness/harmonic from sampled sources with a
/// stated error. Writes one GeoJSON FeatureCollection (hubs as Points, segments as
/// LineStrings) to --out, or to stdout. A progress bar goes to stderr.
///
/// Example:
///   corridors centrality --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///     --weight minutes --sources tapachula --targets tijuana,ciudad_juarez --out centrality.geojson
///   corridors centrality --network big.geojson --measures betweenness,edge --epsilon 0.05 --adaptive
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a
        .value_name("FILE.geojson")
        .help("Output GeoJSON file (stdout when absent)."))
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
    /// Adaptive (KADABRA) stopping for sampled betweenness: stop as soon as every estimate
    /// is within ε (needs --epsilon).
    #[arg(long, requires = "epsilon")]
    pub adaptive: bool,
    /// Measures to compute, comma-separated: betweenness, edge, closeness, harmonic, or all.
    /// With --samples/--epsilon, closeness and harmonic are estimated from sampled sources
    /// (--epsilon: ⌈ln(2n/δ)/(2ε²)⌉ sources; --samples K: K sources).
    #[arg(long, value_name = "LIST", default_value = "all")]
    pub measures: String,
    #[command(flatten)]
    pub out: OutArgs,
}

/// An indicatif bar on stderr (hidden when stderr is not a terminal).
struct Bar(ProgressBar);

impl Bar {
    fn new(label: &'static str) -> Self {
        let pb = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} sources ({eta} left)")
        {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_message(label);
        Self(pb)
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
    }
    fn inc(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
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
    let (net, _report) = args.net.load()?;
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
    let bar = Bar::new("betweenness");
    let opts = CentralityOptions {
        costing: args.cost.costing()?,
        normalized: true,
    };
    let exec = |progress| Exec {
        progress,
        ..Exec::default()
    };
    let mut info = serde_json::Map::new();
    let betweenness = match &sample {
        _ if !measures.needs_betweenness() => None,
        None => Some(centrality::betweenness(&net, &opts, &exec(&bar))?),
        Some(s) => {
            let r = centrality::sampled_betweenness(&net, &opts, s, &exec(&bar))?;
            info.insert("betweenness_sampling".into(), sampling_info(&r));
            Some(sampled_as_exact(r))
        }
    };
    let od_bar = Bar::new("OD");
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
            &exec(&od_bar),
        )?),
        (Some(d), Some(s)) => {
            let r = centrality::sampled_od_betweenness(&net, d, &od_opts, s, &exec(&od_bar))?;
            info.insert("od_sampling".into(), sampling_info(&r));
            Some(sampled_as_exact(r))
        }
    };
    let cl_bar = Bar::new("closeness");
    let closeness = match &sample {
        _ if !measures.needs_distances() => None,
        None => Some(centrality::closeness(&net, &opts, &exec(&cl_bar))?),
        Some(s) => {
            // --epsilon sets the source count from ε; --samples K samples K sources.
            let cs = SampleOptions {
                adaptive: false,
                ..s.clone()
            };
            let r = centrality::sampled_closeness(&net, &opts, &cs, &exec(&cl_bar))?;
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
    let mut fc = corridors::map::centrality_layer(
        &net,
        corridors::map::CentralityScores {
            betweenness: betweenness.as_ref(),
            closeness: closeness.as_ref(),
            od: od.as_ref(),
            measures,
        },
    );
    if let Some(fm) = fc.foreign_members.as_mut() {
        fm.insert("weight".into(), weighting.to_string().into());
        fm.extend(info);
    }
    if let Some(path) = args.out.write_geojson(&fc)? {
        eprintln!(
            "wrote {} hubs and {} segments to {}",
            net.hub_count(),
            net.segment_count(),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
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
