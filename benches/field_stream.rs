//! Streaming read of a large case CSV: time and peak memory of reading every row.
//!
//! `cargo bench --bench field_stream -- FILE [ROWS]` writes FILE with ROWS (default
//! 10 000 000) SYNTHETIC rows when it does not exist (the columns of
//! `data/mexico/cases_synthetic.csv`: id, day-first date, lat, lon, count, route, source;
//! seeded, so the file is the same every time), then reads it with
//! `corridors::io::csv::stream_cases` (two passes: the date column decides the day-month
//! order) and prints rows, records, invalid rows, warnings, seconds and peak RSS (VmHWM).
//! Never commit the generated file; put it under /tmp.

use std::io::{BufWriter, Write};
use std::time::Instant;

use corridors::io::ReadOptions;
use corridors::io::csv::stream_cases;

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A small deterministic generator (SplitMix64), so the bench needs no RNG crate setup.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn write_synthetic(path: &str, rows: u64) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "case_id,date,lat,lon,count,route,source")?;
    let mut rng = Mix(2026);
    let routes = ["Pacific", "Gulf", "Central", "via Tapachula"];
    for i in 0..rows {
        let lat = 14.5 + 18.2 * rng.unit();
        let lon = -117.0 + 31.0 * rng.unit();
        let day = 1 + rng.next() % 28;
        let month = 1 + rng.next() % 12;
        let year = 2019 + rng.next() % 6;
        let count = 1 + rng.next() % 5;
        let route = routes[(rng.next() % 4) as usize];
        writeln!(
            w,
            "SYN-{i:08},{day:02}/{month:02}/{year},{lat:.5},{lon:.5},{count},{route},SYNTHETIC"
        )?;
    }
    w.flush()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(path) = args.first() else {
        eprintln!("usage: cargo bench --bench field_stream -- FILE [ROWS]");
        return;
    };
    let rows: u64 = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    if !std::path::Path::new(path).exists() {
        let t = Instant::now();
        write_synthetic(path, rows).expect("write the synthetic file");
        eprintln!(
            "wrote {rows} SYNTHETIC rows to {path} in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let rss0 = peak_rss_kib();
    let t = Instant::now();
    let stream = stream_cases(path, &ReadOptions::default()).expect("open");
    let (mut read, mut ok, mut invalid, mut warnings) = (0u64, 0u64, 0u64, 0u64);
    let mut lat_sum = 0.0;
    for row in stream {
        let row = row.expect("read");
        read += 1;
        warnings += row.warnings.len() as u64;
        match row.record {
            Ok(r) => {
                ok += 1;
                lat_sum += r.location.y();
            }
            Err(_) => invalid += 1,
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{{\"rows\": {read}, \"records\": {ok}, \"invalid\": {invalid}, \"warnings\": {warnings}, \
         \"seconds\": {secs:.2}, \"peak_rss_kib_before\": {}, \"peak_rss_kib\": {}, \"mean_lat\": {:.4}}}",
        rss0.unwrap_or(0),
        peak_rss_kib().unwrap_or(0),
        lat_sum / ok.max(1) as f64
    );
}
