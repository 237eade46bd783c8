//! `corridors aggregate`: publishable case counts per segment and hub.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use corridors::cases::{
    PrivacyGuard, PublishedCounts, corridor_case_counts, drop_unresolved, route_itineraries,
};
use corridors::io::corridors_json::{canonical_hub_ids, read_corridors};
use corridors::routing::resolve_corridors;
use corridors::{Costing, Network};
use serde_json::{Map, Value, json};

use crate::args::{CaseArgs, CostArgs, OutArgs};
use crate::common::NetworkArgs;
use crate::output::{OutFormat, set_parameters, top, warn};

/// The formats `--out` writes.
const FORMATS: [OutFormat; 3] = [OutFormat::GeoJson, OutFormat::Csv, OutFormat::GeoParquet];

/// Rows of the summary tables.
const TOP: usize = 5;

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
/// A point case counts at both end hubs of the segment it is snapped to (a hub's count is
/// the cases on its segments); the output's "parameters"."hub_counts" says so.
///
/// With --corridors FILE (named corridors: hub sequences, as data/mexico/corridors.json)
/// the itineraries are also counted per corridor (a case counts once for a corridor when
/// its route uses any segment of it), behind the same privacy guard, in the output's
/// "corridors" member and on stderr.
///
/// A case with an itinerary stop that resolves to no hub is not counted; each such stop is
/// a warning and the summary says how many cases were left out. --min-count below 11 warns
/// that the output is not for publication.
///
/// Exit status: 0 when the counts were written (also with warnings and rows left out), 2 on
/// bad input (unreadable files, bad options).
///
/// Examples:
///   corridors aggregate --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --cases data/mexico/cases_synthetic.csv --out out/cases_per_segment.geojson
///   corridors aggregate --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --itineraries data/mexico/itineraries_synthetic.csv --min-count 11 --out out/itineraries.geojson
///   corridors aggregate --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --itineraries data/mexico/itineraries_synthetic.csv --alternatives 3 --split cost \
///       --out out/itineraries_k3.geojson
///   corridors aggregate --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --itineraries data/mexico/itineraries_synthetic.csv --since 2024-01-01 --until 2024-12-31 \
///       --corridors data/mexico/corridors.json --out out/itineraries_2024.geojson
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("cases", |a| a.required_unless_present("itineraries")),
    mut_arg("out", |a| a
        .value_name("FILE.geojson|FILE.csv|-")
        .help("Output: .geojson/.json (GeoJSON with the privacy and parameters members) or .csv (feature properties); default: GeoJSON on stdout."))
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
    /// Named corridors (JSON: {"corridors": [{"id", "name", "hubs": [HUB, …], "mode"}]});
    /// the itineraries are also counted per corridor.
    #[arg(long, value_name = "FILE.json", requires = "itineraries")]
    pub corridors: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    args.out.format(&FORMATS)?;
    let guard = args.cases.guard()?;
    args.cases.snap_options()?;
    args.cases.window()?;
    let (net, _) = args.net.load_without_topology()?;
    let counted = args.cases.count(&net, &args.cost.costing()?)?;
    let (agg, errors, rows) = (counted.aggregate, counted.errors, counted.rows);
    let warnings = counted.warnings;
    let dropped = counted.dropped_columns;
    let mut published = guard.publish(&net, &agg)?;
    if args.cases.alternatives.is_none() {
        // without alternative routes the expected counts equal the distinct counts
        published = published.without_expected();
    }
    let mut fc = corridors::map::cases_layer(&net, &published)?;
    let corridor_rows = match &args.corridors {
        Some(path) => Some(corridor_counts(
            &net,
            &args.cases,
            &args.cost.costing()?,
            path,
            &guard,
        )?),
        None => None,
    };
    if let Some(rows) = &corridor_rows {
        fc.foreign_members
            .get_or_insert_with(Default::default)
            .insert("corridors".into(), Value::Array(rows.clone()));
    }
    set_parameters(&mut fc, parameters(&args));
    args.out.emit(&fc, &FORMATS, true)?;
    for e in errors.iter().chain(&warnings) {
        eprintln!("{e}");
    }
    // the total goes through the guard with the other cells (for point cases it is the sum
    // of the segments); when it is suppressed or rounded, the cases not counted (and their
    // breakdown) are withheld too, since rows − problems − not counted would give it back
    let rounded = guard.rounding.is_some_and(|r| r > 1);
    let (counted_text, withheld) = match published.total().cases() {
        Some(t) if !rounded => (t.to_string(), false),
        Some(t) => (format!("{t} (rounded)"), true),
        None => (
            format!(
                "suppressed (fewer than {} or by differencing)",
                guard.min_count
            ),
            true,
        ),
    };
    let excluded = agg.cases_excluded;
    let other = excluded
        .saturating_sub(counted.dropped_unresolved as u64)
        .saturating_sub(counted.not_located as u64);
    let n = |x: u64| {
        if withheld {
            String::new()
        } else {
            format!("{x} ")
        }
    };
    let mut why = Vec::new();
    if counted.dropped_unresolved > 0 {
        why.push(format!(
            "{}with a stop that resolves to no hub",
            n(counted.dropped_unresolved as u64)
        ));
    }
    if counted.not_located > 0 {
        why.push(format!(
            "{}too far from every segment or without a valid location",
            n(counted.not_located as u64)
        ));
    }
    if other > 0 {
        why.push(format!(
            "{}{}",
            n(other),
            if args.cases.since.is_some() || args.cases.until.is_some() {
                "outside the date window or without a route"
            } else {
                "without a route"
            }
        ));
    }
    let excluded_text = if withheld {
        "withheld".to_string()
    } else {
        excluded.to_string()
    };
    eprintln!(
        "{rows} input rows, {} problem(s); cases counted: {counted_text}; not counted: {excluded_text}{}; min_count {}",
        errors.len(),
        if why.is_empty() {
            String::new()
        } else {
            format!(" ({})", why.join(", "))
        },
        guard.min_count
    );
    if counted.dropped_unresolved > 0 {
        warn(format!(
            "{}case(s) left out of the counts: a stop resolves to no hub (listed above)",
            n(counted.dropped_unresolved as u64)
        ));
    }
    let kept = warnings
        .len()
        .saturating_sub(counted.dropped_unresolved.min(warnings.len()));
    if kept > 0 && args.cases.cases.is_some() {
        eprintln!("{kept} warning(s): cases kept with the field named left empty");
    }
    let audit = published.audit();
    let minimal = if audit.secondary_minimal {
        "minimal".to_string()
    } else if audit.secondary_victims_lower_bound < audit.secondary_victims {
        format!(
            "not proven minimal; lower bound {} and {} victim counts",
            audit.secondary_lower_bound, audit.secondary_victims_lower_bound
        )
    } else {
        format!(
            "not proven minimal; lower bound {}",
            audit.secondary_lower_bound
        )
    };
    eprintln!(
        "privacy: {} counts suppressed as below {}, {} more (and {} victim counts) so that none can be recovered by differencing ({minimal}); {} relations audited",
        audit.primary, guard.min_count, audit.secondary, audit.secondary_victims, audit.relations
    );
    if !dropped.is_empty() {
        eprintln!("dropped personal-data columns: {}", dropped.join(", "));
    }
    eprint!("{}", summary(&net, published.segments(), published.hubs()));
    if args.cases.cases.is_some() {
        eprintln!("note: a point case counts at both end hubs of its segment");
    }
    if let Some(rows) = &corridor_rows {
        eprintln!("cases per named corridor (published):");
        for r in rows {
            eprintln!(
                "  {:<48} {}",
                r["name"].as_str().unwrap_or(""),
                match r["cases"].as_u64() {
                    Some(n) => format!("{n} cases"),
                    None => "suppressed".into(),
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What produced the counts.
fn parameters(args: &Args) -> Map<String, Value> {
    let c = &args.cases;
    let mut p = Map::new();
    let input = |x: &Option<PathBuf>| x.as_ref().map(|p| p.display().to_string());
    p.insert("cases".into(), json!(input(&c.cases)));
    p.insert("itineraries".into(), json!(input(&c.itineraries)));
    p.insert("since".into(), json!(c.since));
    p.insert("until".into(), json!(c.until));
    p.insert("min_count".into(), json!(c.min_count));
    p.insert("rounding".into(), json!(c.rounding));
    if c.cases.is_some() {
        p.insert("max_distance_m".into(), json!(c.max_distance_m));
        p.insert(
            "hub_counts".into(),
            json!("a point case counts at both end hubs of the segment it is snapped to"),
        );
    } else {
        p.insert(
            "hub_counts".into(),
            json!("an itinerary counts at every hub its route passes"),
        );
        p.insert("alternatives".into(), json!(c.alternatives));
        if c.alternatives.is_some() {
            p.insert(
                "split".into(),
                json!(format!("{:?}", c.split).to_lowercase()),
            );
            p.insert("theta".into(), json!(c.theta));
        }
    }
    if let Some(f) = &args.corridors {
        p.insert("corridors".into(), json!(f.display().to_string()));
    }
    p
}

/// The top published segments and hubs, in cases.
fn summary(net: &Network, segments: &[PublishedCounts], hubs: &[PublishedCounts]) -> String {
    use std::fmt::Write;
    let value = |c: &PublishedCounts| c.cases().map_or(f64::NAN, |v| v as f64);
    let mut o = String::new();
    let seg: Vec<f64> = segments.iter().map(value).collect();
    let hub: Vec<f64> = hubs.iter().map(value).collect();
    let _ = writeln!(o, "top {TOP} segments by published cases:");
    for e in top(&seg, TOP).into_iter().filter(|&e| seg[e] > 0.0) {
        let _ = writeln!(
            o,
            "  {:<44} {:>6} cases",
            net.segment(e).id.as_key(),
            seg[e]
        );
    }
    let _ = writeln!(o, "top {TOP} hubs by published cases:");
    for h in top(&hub, TOP).into_iter().filter(|&h| hub[h] > 0.0) {
        let _ = writeln!(
            o,
            "  {:<44} {:>6} cases",
            format!("{} ({})", net.hub(h).name, net.hub(h).id.as_key()),
            hub[h]
        );
    }
    o
}

/// Counts the itineraries per named corridor, published through the guard: one JSON object
/// per corridor (id, name, stops, length_km, and the guarded cases and victims).
fn corridor_counts(
    net: &Network,
    cases: &CaseArgs,
    costing: &Costing,
    path: &std::path::Path,
    guard: &PrivacyGuard,
) -> Result<Vec<Value>> {
    let mut file = read_corridors(path)?;
    canonical_hub_ids(&mut file, net).with_context(|| path.display().to_string())?;
    let resolved = resolve_corridors(net, &file.corridors, &Costing::default())?;
    let itineraries = cases
        .itineraries
        .as_deref()
        .context("--corridors needs --itineraries")?;
    let read = corridors::io::csv::read_htcds(itineraries, &cases.dialect.read_options(false))?;
    let gaz = cases.gazetteer(net)?;
    let (mut routed, _) = route_itineraries(
        net,
        &gaz,
        &read.records,
        &cases.itinerary_options(costing),
        &Default::default(),
    )?;
    drop_unresolved(&mut routed);
    let counts = corridor_case_counts(net, &resolved, &routed, &cases.window()?)?;
    let table = guard.publish_counts(&counts)?;
    Ok(resolved
        .iter()
        .zip(table.counts())
        .map(|(c, n)| {
            let mut p = Map::new();
            p.insert("id".into(), json!(c.corridor.id));
            p.insert("name".into(), json!(c.corridor.name));
            p.insert("stops".into(), json!(c.corridor.hubs));
            p.insert(
                "length_km".into(),
                json!((c.route.length_m / 100.0).round() / 10.0),
            );
            n.write_to(&mut p);
            Value::Object(p)
        })
        .collect())
}
