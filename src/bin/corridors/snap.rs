//! `corridors snap`: place every case of a file on its nearest segment.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use corridors::cases::{SegmentIndex, SnapOptions, SnapStatus, snap_points};
use corridors::io::ReadOptions;
use corridors::io::csv::{CaseRow, CaseRows};
use geo::Point;

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

/// Rows snapped together: enough for the Z-order of the queries to pay, small enough that
/// memory does not grow with the file (the CSV is read as a stream, one block at a time).
const BLOCK_ROWS: usize = 1 << 16;

/// Case rows replayed from a file read whole.
type Replayed = Box<dyn Iterator<Item = corridors::Result<CaseRow>> + Send>;

/// The case rows of a file: a CSV is streamed; GeoJSON (or a strict read, which must fail
/// before anything is written) is read whole and replayed in file order.
fn case_rows(path: &Path, opts: &ReadOptions) -> Result<(Replayed, Option<CaseRows<File>>)> {
    let geojson = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"));
    if !geojson && !opts.strict {
        let rows = corridors::io::csv::stream_cases(path, opts)?;
        return Ok((Box::new(std::iter::empty()), Some(rows)));
    }
    let report = corridors::io::read_cases(path, opts)?;
    print_read_notes(report.dialect.as_ref(), report.date_order.as_ref());
    let key = |d: &corridors::Diagnostic| {
        d.location
            .line
            .or(d.location.feature.map(|f| f as u64))
            .unwrap_or(0)
    };
    let mut warnings: HashMap<u64, Vec<corridors::Diagnostic>> = HashMap::new();
    for d in report.warnings {
        match d.location.line {
            Some(l) => warnings.entry(l).or_default().push(d),
            None => eprintln!("{d}"),
        }
    }
    let mut rows: Vec<CaseRow> = report
        .records
        .into_iter()
        .map(|r| CaseRow {
            line: r.line,
            warnings: warnings.remove(&r.line).unwrap_or_default(),
            record: Ok(r),
        })
        .collect();
    rows.extend(report.errors.into_iter().map(|d| CaseRow {
        line: key(&d),
        record: Err(d),
        warnings: Vec::new(),
    }));
    rows.sort_by_key(|r| r.line);
    Ok((Box::new(rows.into_iter().map(Ok)), None))
}

/// Where the CSV goes: `--out` (its folder created) or stdout, buffered.
fn output(out: &OutArgs) -> Result<Box<dyn Write>> {
    Ok(match &out.out {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            let f = File::create(p).with_context(|| format!("writing {}", p.display()))?;
            Box::new(BufWriter::with_capacity(1 << 20, f))
        }
        None => Box::new(BufWriter::with_capacity(1 << 20, std::io::stdout())),
    })
}

#[derive(Default)]
struct Tally {
    rows: u64,
    matched: u64,
    too_far: u64,
    invalid: u64,
    warnings: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let snap_opts = SnapOptions {
        max_distance_m: args.max_distance_m,
    };
    snap_opts.validate()?;
    args.out.format(&[crate::output::OutFormat::Csv])?;
    let (net, _) = args.net.load()?;
    let opts: ReadOptions = args.dialect.read_options(args.strict);
    let (replayed, stream) = case_rows(&args.cases, &opts)?;
    let index = SegmentIndex::new(&net)?;
    // ids as CSV text once, not per output row
    let quoted = |id: String| {
        let mut v = Vec::new();
        csv_field(&mut v, &id);
        String::from_utf8(v).unwrap_or(id) // invariant: quoting UTF-8 text keeps it UTF-8
    };
    let seg_ids: Vec<String> = (0..net.segment_count())
        .map(|s| quoted(net.segment(s).id.to_string()))
        .collect();
    let hub_ids: Vec<String> = (0..net.hub_count())
        .map(|h| quoted(net.hub(h).id.to_string()))
        .collect();
    let mut w = CsvOut {
        out: output(&args.out)?,
        line: Vec::with_capacity(1 << 16),
    };
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
    let mut tally = Tally::default();
    // the reader fills the next block while this thread snaps and writes the current one
    let (tx, rx) = std::sync::mpsc::sync_channel::<corridors::Result<Vec<CaseRow>>>(1);
    let stream = std::thread::scope(|scope| -> Result<Option<CaseRows<File>>> {
        let reader = scope.spawn(move || {
            let mut rows = replayed;
            let mut stream = stream;
            loop {
                let mut block = Vec::with_capacity(BLOCK_ROWS);
                let mut failed = None;
                while block.len() < BLOCK_ROWS {
                    let next = match stream.as_mut() {
                        Some(s) => s.next(),
                        None => rows.next(),
                    };
                    match next {
                        None => break,
                        Some(Ok(r)) => block.push(r),
                        Some(Err(e)) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                let done = block.len() < BLOCK_ROWS;
                if !block.is_empty() && tx.send(Ok(block)).is_err() {
                    break;
                }
                if let Some(e) = failed {
                    let _ = tx.send(Err(e));
                    break;
                }
                if done {
                    break;
                }
            }
            stream
        });
        let mut text = Text::default();
        for block in rx {
            let block = block?;
            write_block(
                &mut w, &block, &index, &snap_opts, &net, &seg_ids, &hub_ids, &mut text, &mut tally,
            )?;
        }
        reader
            .join()
            .map_err(|_| anyhow::anyhow!("the case reader stopped unexpectedly"))
    })?;
    w.finish()?;
    drop(w);
    if let Some(s) = &stream {
        print_read_notes(Some(&s.dialect()), s.date_order());
        for d in s.file_warnings() {
            eprintln!("{d}");
        }
    }
    eprintln!(
        "{} rows: {} matched, {} too far (> {:.0} m), {} invalid",
        tally.rows, tally.matched, tally.too_far, args.max_distance_m, tally.invalid
    );
    if tally.warnings > 0 {
        eprintln!(
            "{} warning(s): cases kept with the field named in their reason left empty",
            tally.warnings
        );
    }
    let dropped = stream.map(|s| s.dropped_columns()).unwrap_or_default();
    if !dropped.is_empty() {
        eprintln!("dropped personal-data columns: {}", dropped.join(", "));
    }
    eprintln!("note: the output contains case ids; it is not for publication");
    Ok(ExitCode::SUCCESS)
}

/// A CSV writer for the output rows, quoting as the `csv` crate does by default (a field
/// with `,` `"` CR or LF is quoted, quotes doubled), without its per-byte state machine.
struct CsvOut {
    out: Box<dyn Write>,
    /// Rows not yet handed to `out`.
    line: Vec<u8>,
}

/// A CSV field as the `csv` crate writes it (quoted when it has `,` `"` CR or LF).
fn csv_field(line: &mut Vec<u8>, f: &str) {
    if f.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        line.push(b'"');
        for b in f.bytes() {
            if b == b'"' {
                line.push(b'"');
            }
            line.push(b);
        }
        line.push(b'"');
    } else {
        line.extend_from_slice(f.as_bytes());
    }
}

impl CsvOut {
    fn write_record<const N: usize>(&mut self, fields: [&str; N]) -> std::io::Result<()> {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.line.push(b',');
            }
            csv_field(&mut self.line, f);
        }
        self.end_row()
    }

    /// A row whose middle fields are already CSV text (ids quoted once per network, numbers
    /// and status words that never need quotes); the first and last are quoted as needed.
    fn write_prepared(&mut self, first: &str, middle: &[&str], last: &str) -> std::io::Result<()> {
        csv_field(&mut self.line, first);
        for f in middle {
            self.line.push(b',');
            self.line.extend_from_slice(f.as_bytes());
        }
        self.line.push(b',');
        csv_field(&mut self.line, last);
        self.end_row()
    }

    fn end_row(&mut self) -> std::io::Result<()> {
        self.line.push(b'\n');
        if self.line.len() >= 1 << 16 {
            self.out.write_all(&self.line)?;
            self.line.clear();
        }
        Ok(())
    }
}

impl CsvOut {
    /// Writes what is left and flushes.
    fn finish(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.line)?;
        self.line.clear();
        self.out.flush()
    }
}

impl Drop for CsvOut {
    fn drop(&mut self) {
        // flushed explicitly on success; nothing more to report on the error paths
        let _ = self.out.write_all(&self.line);
        let _ = self.out.flush();
    }
}

/// Reused number buffers of the output rows.
#[derive(Default)]
struct Text {
    distance: String,
    offset: String,
    fraction: String,
    reason: String,
}

/// Snaps one block of rows and writes one output row per input row, in input order.
#[allow(clippy::too_many_arguments)]
fn write_block(
    w: &mut CsvOut,
    block: &[CaseRow],
    index: &SegmentIndex,
    snap_opts: &SnapOptions,
    net: &corridors::Network,
    seg_ids: &[String],
    hub_ids: &[String],
    t: &mut Text,
    tally: &mut Tally,
) -> Result<()> {
    let points: Vec<Point<f64>> = block
        .iter()
        .filter_map(|r| r.record.as_ref().ok().map(|c| c.location))
        .collect();
    let snaps = snap_points(index, &points, snap_opts, &Default::default())?;
    let mut next = snaps.iter();
    for row in block {
        tally.rows += 1;
        tally.warnings += row.warnings.len() as u64;
        let rec = match &row.record {
            Err(d) => {
                tally.invalid += 1;
                t.reason.clear();
                let _ = write!(t.reason, "{}: {}", d.location, d.message);
                w.write_record(unmatched(
                    d.location.id.as_deref().unwrap_or(""),
                    "invalid",
                    &t.reason,
                ))?;
                continue;
            }
            Ok(r) => r,
        };
        // invariant: one snap result per record of the block, in order
        let s = next.next().context("snap results out of step")?;
        let id = rec.id.as_deref().unwrap_or("");
        match (s.status, s.nearest) {
            (SnapStatus::Invalid, _) | (_, None) => {
                tally.invalid += 1;
                w.write_record(unmatched(
                    id,
                    s.status.as_str(),
                    "no segment (empty network or invalid point)",
                ))?;
            }
            (st, Some(n)) => {
                let (a, b) = net.endpoints(n.segment);
                t.reason.clear();
                if st == SnapStatus::TooFar {
                    tally.too_far += 1;
                    let _ = write!(
                        t.reason,
                        "nearest segment is {:.0} m away (limit {:.0} m)",
                        n.distance_m, snap_opts.max_distance_m
                    );
                } else {
                    tally.matched += 1;
                }
                // warnings of a kept row go into its reason column
                for (i, d) in row.warnings.iter().enumerate() {
                    t.reason.push_str(match (i, t.reason.is_empty()) {
                        (0, true) => "kept, ",
                        (0, false) => "; kept, ",
                        _ => "; ",
                    });
                    if let Some(f) = &d.location.field {
                        let _ = write!(t.reason, "{f}: ");
                    }
                    t.reason.push_str(&d.message);
                }
                t.distance.clear();
                let _ = write!(t.distance, "{:.1}", n.distance_m);
                t.offset.clear();
                let _ = write!(t.offset, "{:.1}", n.offset_m);
                t.fraction.clear();
                let _ = write!(t.fraction, "{:.6}", n.fraction);
                w.write_prepared(
                    id,
                    &[
                        st.as_str(),
                        &seg_ids[n.segment],
                        &hub_ids[a],
                        &hub_ids[b],
                        &t.distance,
                        &t.offset,
                        &t.fraction,
                        n.side.as_str(),
                    ],
                    &t.reason,
                )?;
            }
        }
    }
    Ok(())
}
