//! `corridors snap`: place every case of a file on its nearest segment.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use corridors::cases::{SegmentIndex, SnapOptions, SnapStatus, snap_points};
use corridors::io::ReadOptions;

use crate::args::{DialectArgs, OutArgs, print_read_notes};
use crate::common::NetworkArgs;

/// Snap case points to their nearest segment (great-circle distance, metres).
///
/// Writes one CSV row per input row, in input order:
/// case_id,status,segment_id,from,to,distance_m,offset_m,fraction,side,reason
/// with status matched, too_far (nearest segment beyond --max-distance-m; its id is still
/// given) or invalid (the row could not be read; reason says why). A summary goes to stderr.
///
/// The output contains case ids: it is a working file, NOT for publication. Publish counts
/// with `corridors aggregate`, which suppresses small counts.
///
/// Exit status: 0 when the rows were written (also with invalid or too-far rows), 2 on bad
/// input (or any row problem with --strict).
///
/// Example:
///   corridors snap --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///       --cases data/mexico/cases_synthetic.csv --max-distance-m 5000 --out out/snapped.csv
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    mut_arg("out", |a| a.value_name("FILE.csv|-").help("Output CSV (default: stdout); the only format, since the rows hold case ids and are not for publication."))
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Case file: CSV (lat/lon, "lat, lon", HXL, DMS, Missing Migrants) or GeoJSON points.
    #[arg(long, value_name = "FILE")]
    pub cases: PathBuf,
    /// Cases farther than this from every segment are `too_far`.
    #[arg(long, value_name = "M", default_value_t = 10_000.0)]
    pub max_distance_m: f64,
    #[command(flatten)]
    pub out: OutArgs,
    /// Fail on any row error or warning instead of reporting rows as invalid (or kept with
    /// a field left empty).
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// An output row without a segment.
fn unmatched<'a>(id: &'a str, status: &'a str, reason: &'a str) -> [&'a str; 10] {
    [id, status, "", "", "", "", "", "", "", reason]
}

pub fn run(args: Args) -> Result<ExitCode> {
    let snap_opts = SnapOptions {
        max_distance_m: args.max_distance_m,
    };
    snap_opts.validate()?;
    args.out.format(&[crate::output::OutFormat::Csv])?;
    let (net, _) = args.net.load()?;
    let opts: ReadOptions = args.dialect.read_options(args.strict);
    let report = corridors::io::csv::read_cases(&args.cases, &opts)?;
    print_read_notes(report.dialect.as_ref(), report.date_order.as_ref());
    // warnings of kept rows go into their reason column; file-level ones to stderr
    let mut row_warnings: std::collections::HashMap<u64, Vec<String>> = Default::default();
    for d in &report.warnings {
        match d.location.line {
            Some(l) => {
                let field = d
                    .location
                    .field
                    .as_deref()
                    .map(|f| format!("{f}: "))
                    .unwrap_or_default();
                row_warnings
                    .entry(l)
                    .or_default()
                    .push(format!("{field}{}", d.message));
            }
            _ => eprintln!("{d}"),
        }
    }
    let index = SegmentIndex::new(&net)?;
    let points = corridors::cases::locations(&report.records);
    let snaps = snap_points(&index, &points, &snap_opts, &Default::default())?;
    // merge records and row errors back into input order
    enum Row<'a> {
        Ok(usize),
        Bad(&'a corridors::Diagnostic),
    }
    let key = |d: &corridors::Diagnostic| {
        d.location
            .line
            .or(d.location.feature.map(|f| f as u64))
            .unwrap_or(0)
    };
    let mut rows: Vec<(u64, Row)> = report
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.line, Row::Ok(i)))
        .collect();
    rows.extend(report.errors.iter().map(|d| (key(d), Row::Bad(d))));
    rows.sort_by_key(|r| r.0);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "case_id",
        "status",
        "segment_id",
        "from",
        "to",
        "distance_m",
        "offset_m",
        "fraction",
        "side",
        "reason",
    ])?;
    let (mut matched, mut too_far, mut invalid) = (0, 0, 0);
    for (_, row) in &rows {
        match row {
            Row::Bad(d) => {
                invalid += 1;
                w.write_record(unmatched(
                    d.location.id.as_deref().unwrap_or(""),
                    "invalid",
                    &format!("{}: {}", d.location, d.message),
                ))?;
            }
            Row::Ok(i) => {
                let rec = &report.records[*i];
                let s = &snaps[*i];
                let id = rec.id.clone().unwrap_or_default();
                let notes = row_warnings.get(&rec.line).map(|w| w.join("; "));
                match (s.status, s.nearest) {
                    (SnapStatus::Invalid, _) | (_, None) => {
                        invalid += 1;
                        w.write_record(unmatched(
                            &id,
                            s.status.as_str(),
                            "no segment (empty network or invalid point)",
                        ))?;
                    }
                    (st, Some(n)) => {
                        let (a, b) = net.endpoints(n.segment);
                        let mut reason = if st == SnapStatus::TooFar {
                            too_far += 1;
                            format!(
                                "nearest segment is {:.0} m away (limit {:.0} m)",
                                n.distance_m, args.max_distance_m
                            )
                        } else {
                            matched += 1;
                            String::new()
                        };
                        if let Some(n) = &notes {
                            if !reason.is_empty() {
                                reason.push_str("; ");
                            }
                            reason.push_str("kept, ");
                            reason.push_str(n);
                        }
                        w.write_record([
                            id.as_str(),
                            st.as_str(),
                            &net.segment(n.segment).id.to_string(),
                            &net.hub(a).id.to_string(),
                            &net.hub(b).id.to_string(),
                            &format!("{:.1}", n.distance_m),
                            &format!("{:.1}", n.offset_m),
                            &format!("{:.6}", n.fraction),
                            n.side.as_str(),
                            &reason,
                        ])?;
                    }
                }
            }
        }
    }
    let bytes = w.into_inner().context("writing CSV")?;
    args.out.write(&bytes)?;
    eprintln!(
        "{} rows: {matched} matched, {too_far} too far (> {:.0} m), {invalid} invalid",
        rows.len(),
        args.max_distance_m
    );
    if !report.warnings.is_empty() {
        eprintln!(
            "{} warning(s): cases kept with the field named in their reason left empty",
            report.warnings.len()
        );
    }
    if !report.dropped_columns.is_empty() {
        eprintln!(
            "dropped personal-data columns: {}",
            report.dropped_columns.join(", ")
        );
    }
    eprintln!("note: the output contains case ids; it is not for publication");
    Ok(ExitCode::SUCCESS)
}
