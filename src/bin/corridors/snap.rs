//! `corridors snap`: place every case of a file on its nearest segment.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::SyncSender;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use corridors::cases::{
    SegmentIndex, SnapOptions, SnapPosition, SnapResult, SnapStatus, snap_positions,
};
use corridors::io::ReadOptions;
use corridors::io::csv::{CaseRow, CaseRows};
use corridors::io::geojson::KeepProperties;
use corridors::progress::{Progress, ProgressReader};
use geo::Point;
use rayon::prelude::*;

use crate::fixed::push_fixed;

use crate::args::{DialectArgs, OutArgs, print_read_notes};
use crate::common::NetworkArgs;
use crate::progress::Bar;

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

/// A case CSV read as a stream, its bytes counted for the progress bar.
type Streamed<'p> = CaseRows<ProgressReader<'p, File>>;

/// An output row without a segment.
fn unmatched<'a>(id: &'a str, status: &'a str, reason: &'a str) -> [&'a str; 10] {
    [id, status, "", "", "", "", "", "", "", reason]
}

/// Rows snapped together: enough for the Z-order of the queries to pay, small enough that
/// memory does not grow with the file (the CSV is read as a stream, one block at a time).
const BLOCK_ROWS: usize = 1 << 16;

/// Whether the case file is read as a stream: a CSV, unless `--strict` (which must fail
/// before anything is written). GeoJSON is read whole.
fn streams(path: &Path, opts: &ReadOptions) -> bool {
    let geojson = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json"));
    !geojson && !opts.strict
}

/// The case rows of a file read whole, in file order (GeoJSON, or a strict read).
fn whole_file_rows(
    path: &Path,
    opts: &ReadOptions,
) -> Result<std::vec::IntoIter<corridors::Result<CaseRow>>> {
    let report = corridors::io::read_cases_with_progress(path, opts, &Bar::new())?;
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
    Ok(rows.into_iter().map(Ok).collect::<Vec<_>>().into_iter())
}

/// Where the CSV goes: `--out` (its folder created) or stdout, buffered.
fn output(out: &OutArgs) -> Result<Box<dyn Write>> {
    Ok(match &out.out {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            Box::new(File::create(p).with_context(|| format!("writing {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    })
}

/// Blocks the reader may run ahead of the snapping: while the network loads (one thread), the
/// other core reads this many blocks of cases; memory stays bounded whatever the file size.
/// A block in flight holds [`Row`]s, not [`CaseRow`]s: on 10 million rows, 8 blocks ahead
/// peaked at 88 MiB that way and at 564 MiB with whole `CaseRow`s.
const LOOKAHEAD_BLOCKS: usize = 8;

/// What the output needs of one input row. The reader thread makes it from the [`CaseRow`]
/// (and frees that there), so a row waiting in a block costs about 64 bytes and its id rather
/// than the whole record: the lookahead stays cheap in memory.
struct Row {
    /// The case id, when it could be read.
    id: Option<Box<str>>,
    /// The location, or why the row is `invalid` ("{where}: {why}").
    at: std::result::Result<Point<f64>, Box<str>>,
    /// Warnings of a kept row as they go into its reason column after "kept, ".
    kept: Option<Box<str>>,
    /// How many warnings the row had (kept or not), for the summary.
    warnings: usize,
}

impl From<CaseRow> for Row {
    fn from(row: CaseRow) -> Self {
        let warnings = row.warnings.len();
        match row.record {
            Err(d) => Row {
                id: d.location.id.as_deref().map(Box::from),
                at: Err(format!("{}: {}", d.location, d.message).into()),
                kept: None,
                warnings,
            },
            Ok(r) => {
                let kept = (!row.warnings.is_empty()).then(|| {
                    let mut text = String::new();
                    for (i, d) in row.warnings.iter().enumerate() {
                        if i > 0 {
                            text.push_str("; ");
                        }
                        if let Some(f) = &d.location.field {
                            let _ = write!(text, "{f}: ");
                        }
                        text.push_str(&d.message);
                    }
                    text.into_boxed_str()
                });
                Row {
                    id: r.id.map(String::into_boxed_str),
                    at: Ok(r.location),
                    kept,
                    warnings,
                }
            }
        }
    }
}

/// Sends the rows in blocks of [`BLOCK_ROWS`] until they end, the stream fails (its error
/// is sent last) or the receiver is gone.
fn pump(
    rows: &mut dyn Iterator<Item = corridors::Result<CaseRow>>,
    tx: &SyncSender<Result<Vec<Row>>>,
) {
    loop {
        let mut block = Vec::with_capacity(BLOCK_ROWS);
        let mut failed = None;
        while block.len() < BLOCK_ROWS {
            match rows.next() {
                None => break,
                Some(Ok(r)) => block.push(Row::from(r)),
                Some(Err(e)) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let done = block.len() < BLOCK_ROWS;
        if !block.is_empty() && tx.send(Ok(block)).is_err() {
            return;
        }
        if let Some(e) = failed {
            let _ = tx.send(Err(e.into()));
            return;
        }
        if done {
            return;
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let snap_opts = SnapOptions {
        max_distance_m: args.max_distance_m,
    };
    snap_opts.validate()?;
    args.out.format(&[crate::output::OutFormat::Csv])?;
    let opts: ReadOptions = args.dialect.read_options(args.strict);
    let streamed = streams(&args.cases, &opts);
    let mut tally = Tally::default();
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Row>>>(LOOKAHEAD_BLOCKS);
    let mut tx = Some(tx);
    // the bytes of a streamed CSV read so far: the rows snapped, give or take the lookahead
    let case_bar = Bar::new();
    let stream = std::thread::scope(|scope| -> Result<Option<Streamed<'_>>> {
        // A streamed CSV starts reading at once, on the other core, while this thread loads
        // the network; a network error still comes first (the rows wait in the channel, and
        // the reader stops when the channel is dropped).
        let early = match (streamed, tx.take()) {
            (true, Some(tx)) => {
                let (path, opts, bar) = (args.cases.clone(), opts.clone(), &case_bar);
                Some(scope.spawn(move || {
                    match corridors::io::open_with_progress(&path, bar).and_then(
                        |(label, reader)| {
                            corridors::io::csv::stream_cases_from(&label, reader, &opts)
                        },
                    ) {
                        Ok(mut rows) => {
                            pump(&mut rows, &tx);
                            bar.finish();
                            Some(rows)
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e.into()));
                            None
                        }
                    }
                }))
            }
            (_, tx_back) => {
                tx = tx_back;
                None
            }
        };
        // ids and geometry only: no free property and no topology warning is used
        let (net, _) = args.net.load_with(false, KeepProperties::None)?;
        // GeoJSON or a strict read: the whole file, read after the network as before, replayed
        let late = match tx.take() {
            Some(tx) => {
                let mut rows = whole_file_rows(&args.cases, &opts)?;
                Some(scope.spawn(move || {
                    pump(&mut rows, &tx);
                }))
            }
            None => None,
        };
        let index = SegmentIndex::new_with_progress(&net, &Bar::new())?;
        let seg_text = SegmentText::new(&net);
        // a case file that cannot be opened or read fails before the output is created
        let first = match rx.recv() {
            Ok(Err(e)) => return Err(e),
            first => first.ok(),
        };
        let mut w = CsvOut::new(output(&args.out)?);
        w.push_record([
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
        ]);
        let mut bufs = Vec::new();
        for block in first.into_iter().chain(rx) {
            let block = block?;
            write_block(
                &mut w, &block, &index, &snap_opts, &seg_text, &mut tally, &mut bufs,
            )?;
        }
        w.finish()?;
        let stopped = || anyhow::anyhow!("the case reader stopped unexpectedly");
        if let Some(h) = late {
            h.join().map_err(|_| stopped())?;
        }
        match early {
            Some(h) => h.join().map_err(|_| stopped()),
            None => Ok(None),
        }
    })?;

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

/// The `segment_id,from,to` columns of every segment as CSV text, one contiguous arena.
///
/// Rows come in input order, so their segments are random: looking the three ids up per
/// row (the segment's endpoints, then three separate `String`s) missed the cache up to
/// seven times a row, and the formatting, mostly waiting on those loads, was a sixth of the
/// whole run on a million rows. One slice of a ~1 MiB arena is one miss.
struct SegmentText {
    text: Vec<u8>,
    /// Segment `s` is `text[ends[s]..ends[s + 1]]`.
    ends: Vec<usize>,
}

impl SegmentText {
    fn new(net: &corridors::Network) -> Self {
        // ids as CSV text once, not per output row
        let hub_ids: Vec<String> = (0..net.hub_count())
            .map(|h| net.hub(h).id.to_string())
            .collect();
        let mut text = Vec::new();
        let mut ends = Vec::with_capacity(net.segment_count() + 1);
        ends.push(0);
        for s in 0..net.segment_count() {
            let (a, b) = net.endpoints(s);
            csv_field(&mut text, &net.segment(s).id.to_string());
            text.push(b',');
            csv_field(&mut text, &hub_ids[a]);
            text.push(b',');
            csv_field(&mut text, &hub_ids[b]);
            ends.push(text.len());
        }
        SegmentText { text, ends }
    }

    /// `segment_id,from,to` of segment `s`, quoted as needed.
    fn get(&self, s: usize) -> &[u8] {
        &self.text[self.ends[s]..self.ends[s + 1]]
    }
}

/// A CSV writer for the output rows, quoting as the `csv` crate does by default (a field
/// with `,` `"` CR or LF is quoted, quotes doubled), without its per-byte state machine. Rows
/// collect in `line` and go to `out` 64 KiB at a time (`out` is the file itself: `line` is the
/// only buffer).
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
    fn new(out: Box<dyn Write>) -> Self {
        CsvOut {
            out,
            line: Vec::with_capacity(1 << 16),
        }
    }

    /// Appends one row, each field quoted as needed.
    fn push_record<const N: usize>(&mut self, fields: [&str; N]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.line.push(b',');
            }
            csv_field(&mut self.line, f);
        }
        self.line.push(b'\n');
    }

    /// Appends rows already formatted, handing full buffers to `out`.
    fn write_bytes(&mut self, rows: &[u8]) -> std::io::Result<()> {
        if self.line.len() + rows.len() < 1 << 16 {
            self.line.extend_from_slice(rows);
            return Ok(());
        }
        self.out.write_all(&self.line)?;
        self.line.clear();
        self.out.write_all(rows)
    }

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

#[derive(Default)]
struct Tally {
    rows: u64,
    matched: u64,
    too_far: u64,
    invalid: u64,
    warnings: u64,
}

impl Tally {
    fn add(&mut self, t: &Tally) {
        self.rows += t.rows;
        self.matched += t.matched;
        self.too_far += t.too_far;
        self.invalid += t.invalid;
        self.warnings += t.warnings;
    }
}

/// Rows formatted by one task: small enough that a block splits across every thread, large
/// enough that the tasks' overhead stays negligible.
const FORMAT_ROWS: usize = 4096;

/// Snaps one block of rows and writes one output row per input row, in input order. The rows
/// are formatted in parallel, [`FORMAT_ROWS`] at a time, and written in order, so the text
/// does not depend on the number of threads.
#[allow(clippy::too_many_arguments)]
fn write_block(
    w: &mut CsvOut,
    block: &[Row],
    index: &SegmentIndex,
    snap_opts: &SnapOptions,
    seg_text: &SegmentText,
    tally: &mut Tally,
    bufs: &mut Vec<Vec<u8>>,
) -> Result<()> {
    let points: Vec<Point<f64>> = block
        .iter()
        .filter_map(|r| r.at.as_ref().ok().copied())
        .collect();
    // the output has no column for the closest point: skip computing it
    let snaps = snap_positions(index, &points, snap_opts, &Default::default())?;
    // where each task's rows start among the snap results (one result per readable row)
    let mut firsts = Vec::with_capacity(block.len().div_ceil(FORMAT_ROWS));
    let mut first = 0;
    for rows in block.chunks(FORMAT_ROWS) {
        firsts.push(first);
        first += rows.iter().filter(|r| r.at.is_ok()).count();
    }
    // one text buffer per task, kept from block to block: fresh ones would be fresh pages,
    // and touching them for the first time cost more than the formatting
    let tasks = firsts.len();
    if bufs.len() < tasks {
        bufs.resize_with(tasks, Vec::new);
    }
    let tallies: Vec<Result<Tally>> = block
        .par_chunks(FORMAT_ROWS)
        .zip(firsts)
        .zip(bufs[..tasks].par_iter_mut())
        .map(|((rows, first), buf)| {
            buf.clear();
            let mut part = CsvOut {
                out: Box::new(std::io::sink()),
                line: std::mem::take(buf),
            };
            // ids and numbers: about 80 bytes a row; growing the buffer would copy it
            part.line.reserve(rows.len() * 96);
            let mut t = Tally::default();
            let mut reason = String::new();
            format_rows(
                &mut part,
                rows,
                &snaps[first..],
                snap_opts,
                seg_text,
                &mut reason,
                &mut t,
            )?;
            *buf = std::mem::take(&mut part.line);
            Ok(t)
        })
        .collect();
    for (t, text) in tallies.into_iter().zip(&bufs[..tasks]) {
        w.write_bytes(text)?;
        tally.add(&t?);
    }
    Ok(())
}

/// Formats the output rows of `rows` into `w.line` (never flushed here); `snaps` starts with
/// the result of the first readable row.
#[allow(clippy::too_many_arguments)]
fn format_rows(
    w: &mut CsvOut,
    rows: &[Row],
    snaps: &[SnapResult<SnapPosition>],
    snap_opts: &SnapOptions,
    seg_text: &SegmentText,
    reason: &mut String,
    tally: &mut Tally,
) -> Result<()> {
    let mut next = snaps.iter();
    for row in rows {
        tally.rows += 1;
        tally.warnings += row.warnings as u64;
        let id = row.id.as_deref().unwrap_or("");
        if let Err(why) = &row.at {
            tally.invalid += 1;
            w.push_record(unmatched(id, "invalid", why));
            continue;
        }
        // invariant: one snap result per record of the block, in order
        let s = next.next().context("snap results out of step")?;
        match (s.status, s.nearest) {
            (SnapStatus::Invalid, _) | (_, None) => {
                tally.invalid += 1;
                w.push_record(unmatched(
                    id,
                    s.status.as_str(),
                    "no segment (empty network or invalid point)",
                ));
            }
            (st, Some(n)) => {
                reason.clear();
                if st == SnapStatus::TooFar {
                    tally.too_far += 1;
                    let _ = write!(
                        reason,
                        "nearest segment is {:.0} m away (limit {:.0} m)",
                        n.distance_m, snap_opts.max_distance_m
                    );
                } else {
                    tally.matched += 1;
                }
                // warnings of a kept row go into its reason column
                if let Some(kept) = &row.kept {
                    reason.push_str(if reason.is_empty() {
                        "kept, "
                    } else {
                        "; kept, "
                    });
                    reason.push_str(kept);
                }
                let l = &mut w.line;
                csv_field(l, id);
                l.push(b',');
                l.extend_from_slice(st.as_str().as_bytes());
                l.push(b',');
                l.extend_from_slice(seg_text.get(n.segment));
                l.push(b',');
                push_fixed(l, n.distance_m, 1);
                l.push(b',');
                push_fixed(l, n.offset_m, 1);
                l.push(b',');
                push_fixed(l, n.fraction, 6);
                l.push(b',');
                l.extend_from_slice(n.side.as_str().as_bytes());
                l.push(b',');
                csv_field(l, reason);
                l.push(b'\n');
            }
        }
    }
    Ok(())
}
