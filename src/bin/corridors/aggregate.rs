//! `corridors aggregate`: publishable case counts per segment and hub.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use corridors::Network;
use corridors::cases::{
    Aggregate, AggregateOptions, Alternatives, Date, Gazetteer, ItineraryOptions, PrivacyGuard,
    SnapOptions, Split, count_itineraries, count_points,
};
use corridors::io::ReadOptions;

use crate::common::NetworkArgs;

/// Count distinct cases and victims per segment and hub (and per route label or
/// origin→destination pair), with small counts suppressed, as a styled GeoJSON layer.
///
/// Counts from 1 to K-1 are written as null with suppressed: true; the thresholds are in the
/// collection's "privacy" member. No case ids or case coordinates are written.
///
/// With --alternatives K each leg of an itinerary is spread over its K shortest loopless
/// routes; "cases" then counts distinct cases with a non-zero share (the guarded number) and
/// "expected_cases"/"expected_victims" the share-weighted sums, published only where "cases"
/// is.
///
/// Examples:
///   corridors aggregate --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --cases data/mexico/cases_synthetic.csv --out out/cases_per_segment.geojson
///   corridors aggregate --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --itineraries data/mexico/itineraries_synthetic.csv --min-count 11 --out out/itineraries.geojson
///   corridors aggregate --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --itineraries data/mexico/itineraries_synthetic.csv --alternatives 3 --split cost \
///       --out out/itineraries_k3.geojson
#[derive(ClapArgs, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Case points (CSV or GeoJSON).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "itineraries",
        required_unless_present = "itineraries"
    )]
    pub cases: Option<PathBuf>,
    /// HTCDS historic trafficking events (CSV with hte_ columns).
    #[arg(long, value_name = "FILE")]
    pub itineraries: Option<PathBuf>,
    /// Smallest published count; 1..K-1 are suppressed.
    #[arg(long, value_name = "K", default_value_t = 11)]
    pub min_count: u32,
    /// Round published counts down to a multiple of R.
    #[arg(long, value_name = "R")]
    pub rounding: Option<u32>,
    /// Cases farther than this from every segment are not counted.
    #[arg(long, value_name = "M", default_value_t = 10_000.0)]
    pub max_distance_m: f64,
    /// First date counted (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last date counted (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Spread each itinerary leg over its K shortest loopless routes (K >= 1).
    #[arg(long, value_name = "K", requires = "itineraries")]
    pub alternatives: Option<usize>,
    /// How a case is split among the alternatives: "equal" (1/K each) or "cost" (share
    /// proportional to exp(-THETA * (cost/best - 1))).
    #[arg(
        long,
        value_name = "equal|cost",
        default_value = "equal",
        requires = "alternatives"
    )]
    pub split: SplitArg,
    /// Sensitivity of --split cost to the detour (10: a route 10% longer weighs e^-1 as much).
    #[arg(long, value_name = "THETA", default_value_t = 10.0)]
    pub theta: f64,
    /// GeoNames extract for itinerary places that are not hubs.
    #[arg(long, value_name = "FILE", default_value = "data/geonames/places.csv")]
    pub geonames: PathBuf,
    /// Output GeoJSON (default: stdout).
    #[arg(long, value_name = "FILE.geojson")]
    pub out: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SplitArg {
    Equal,
    Cost,
}

fn parse_date(s: &Option<String>, flag: &str) -> Result<Option<Date>> {
    s.as_deref()
        .map(|d| {
            d.parse::<Date>()
                .map_err(|e| anyhow::anyhow!("{flag}: {e}"))
        })
        .transpose()
}

pub fn run(args: Args) -> Result<ExitCode> {
    let guard = PrivacyGuard {
        min_count: args.min_count,
        rounding: args.rounding,
    };
    guard.validate()?;
    let snap_opts = SnapOptions {
        max_distance_m: args.max_distance_m,
    };
    snap_opts.validate()?;
    let window = AggregateOptions {
        from: parse_date(&args.from, "--from")?,
        to: parse_date(&args.to, "--to")?,
    };
    let (net, _) = args.net.load()?;
    let alternatives = args.alternatives.map(|k| Alternatives {
        k,
        split: match args.split {
            SplitArg::Equal => Split::Equal,
            SplitArg::Cost => Split::CostBased { theta: args.theta },
        },
    });
    let counted = count_cases_with(
        &net,
        &CaseInputs {
            cases: args.cases.as_deref(),
            itineraries: args.itineraries.as_deref(),
            geonames: &args.geonames,
        },
        &snap_opts,
        &window,
        alternatives,
    )?;
    let (agg, errors, rows) = (counted.aggregate, counted.errors, counted.rows);
    let dropped = counted.dropped_columns;
    let mut published = guard.publish(&agg)?;
    if alternatives.is_none() {
        // without alternative routes the expected counts equal the distinct counts
        published = published.without_expected();
    }
    let fc = corridors::map::cases_layer(&net, &published)?;
    match &args.out {
        Some(p) => corridors::io::geojson::write_feature_collection(p, &fc)?,
        None => println!("{}", serde_json::to_string(&fc)?),
    }
    for e in &errors {
        eprintln!("{e}");
    }
    eprintln!(
        "{rows} input rows, {} problem(s); {} cases counted, {} not counted (unmatched, unrouted or outside the date window); min_count {}",
        errors.len(),
        agg.cases_counted,
        agg.cases_excluded,
        guard.min_count
    );
    if !dropped.is_empty() {
        eprintln!("dropped personal-data columns: {}", dropped.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

/// Case files to count: points or itineraries, and the gazetteer for itinerary places.
pub struct CaseInputs<'a> {
    pub cases: Option<&'a Path>,
    pub itineraries: Option<&'a Path>,
    pub geonames: &'a Path,
}

/// What reading and counting case files gave.
pub struct Counted {
    pub aggregate: Aggregate,
    pub errors: Vec<corridors::Diagnostic>,
    pub dropped_columns: Vec<String>,
    pub rows: u64,
}

/// Reads case points (snapped) or itineraries (routed) and counts them per segment and hub.
/// Shared by `aggregate` and `map --measure cases`.
pub fn count_cases(
    net: &Network,
    inputs: &CaseInputs<'_>,
    snap_opts: &SnapOptions,
    window: &AggregateOptions,
) -> Result<Counted> {
    count_cases_with(net, inputs, snap_opts, window, None)
}

/// [`count_cases`], with itinerary legs optionally spread over alternative routes.
pub fn count_cases_with(
    net: &Network,
    inputs: &CaseInputs<'_>,
    snap_opts: &SnapOptions,
    window: &AggregateOptions,
    alternatives: Option<Alternatives>,
) -> Result<Counted> {
    let read = ReadOptions::default();
    if let Some(path) = inputs.cases {
        let r = corridors::io::csv::read_cases(path, &read)?;
        let counted = count_points(net, &r.records, snap_opts, window, &Default::default())?;
        return Ok(Counted {
            aggregate: counted.aggregate,
            errors: r.errors,
            dropped_columns: r.dropped_columns,
            rows: r.rows as u64,
        });
    }
    let path = inputs
        .itineraries
        .context("--cases or --itineraries is required")?;
    let r = corridors::io::csv::read_htcds(path, &read)?;
    let mut gaz = Gazetteer::new(net);
    if inputs.geonames.exists() {
        gaz = gaz.with_places(corridors::io::csv::read_geonames(inputs.geonames)?);
    }
    let opts = ItineraryOptions {
        alternatives,
        ..ItineraryOptions::default()
    };
    let counted = count_itineraries(net, &gaz, &r.records, &opts, window, &Default::default())?;
    let mut diags = counted.diagnostics;
    let label = path.display().to_string();
    for d in &mut diags {
        d.location.file = Some(label.clone());
    }
    let mut errors = r.errors;
    errors.extend(diags);
    Ok(Counted {
        aggregate: counted.aggregate,
        errors,
        dropped_columns: r.dropped_columns,
        rows: r.rows as u64,
    })
}
