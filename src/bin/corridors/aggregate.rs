//! `corridors aggregate`: publishable case counts per segment and hub.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args as ClapArgs;

use crate::args::{CaseArgs, CostArgs, OutArgs};
use crate::common::NetworkArgs;

/// Count distinct cases and victims per segment and hub (and per route label or
/// origin→destination pair), with small counts suppressed, as a styled GeoJSON layer.
///
/// Counts from 1 to K-1 are written as null with suppressed: true; the thresholds are in the
/// collection's "privacy" member. Further counts are suppressed where the published ones
/// would give a suppressed count away by differencing (a hub is the sum of its segments for
/// point cases); "privacy"."audit" says how many. No case ids or case coordinates are
/// written.
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
#[command(
    verbatim_doc_comment,
    mut_arg("cases", |a| a.required_unless_present("itineraries")),
    mut_arg("out", |a| a.value_name("FILE.geojson").help("Output GeoJSON (default: stdout)."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    #[command(flatten)]
    pub cases: CaseArgs,
    // how itinerary legs are routed (points are snapped, not routed)
    #[command(flatten)]
    pub cost: CostArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let guard = args.cases.guard()?;
    args.cases.snap_options()?;
    args.cases.window()?;
    let (net, _) = args.net.load()?;
    let counted = args.cases.count(&net, &args.cost.costing()?)?;
    let (agg, errors, rows) = (counted.aggregate, counted.errors, counted.rows);
    let warnings = counted.warnings;
    let dropped = counted.dropped_columns;
    let mut published = guard.publish(&net, &agg)?;
    if args.cases.alternatives.is_none() {
        // without alternative routes the expected counts equal the distinct counts
        published = published.without_expected();
    }
    let fc = corridors::map::cases_layer(&net, &published)?;
    args.out.write_geojson(&fc)?;
    for e in errors.iter().chain(&warnings) {
        eprintln!("{e}");
    }
    // the total goes through the guard with the other cells (for point cases it is the sum
    // of the segments); when it is suppressed or rounded, the cases not counted are withheld
    // too, since rows − problems − not counted would give the exact total back
    let rounded = guard.rounding.is_some_and(|r| r > 1);
    let (counted_text, excluded_text) = match published.total().cases() {
        Some(t) if !rounded => (t.to_string(), agg.cases_excluded.to_string()),
        Some(t) => (format!("{t} (rounded)"), "withheld".to_string()),
        None => (
            format!(
                "suppressed (fewer than {} or by differencing)",
                guard.min_count
            ),
            "withheld".to_string(),
        ),
    };
    eprintln!(
        "{rows} input rows, {} problem(s); cases counted: {counted_text}; not counted (unmatched, unrouted or outside the date window): {excluded_text}; min_count {}",
        errors.len(),
        guard.min_count
    );
    if !warnings.is_empty() {
        eprintln!(
            "{} warning(s): cases kept with the field named left empty",
            warnings.len()
        );
    }
    let audit = published.audit();
    eprintln!(
        "privacy: {} counts suppressed as below {}, {} more (and {} victim counts) so that none can be recovered by differencing; {} relations audited",
        audit.primary, guard.min_count, audit.secondary, audit.secondary_victims, audit.relations
    );
    if !dropped.is_empty() {
        eprintln!("dropped personal-data columns: {}", dropped.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
