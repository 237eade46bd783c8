//! Snapping benchmark.
//!
//! * `cargo bench --bench snapping`: criterion timings of building the index and snapping
//!   10 000 points on a seeded synthetic road-like network of about 61 000 segments.
//! * `SNAP_FULL_DIR=DIR cargo bench --bench snapping`: the full run used for the comparison
//!   with shapely/GeoPandas (`benches/peers/snapping_peers.py` drives it): writes the network
//!   (`DIR/network.wkt`) and 1 000 000 points (`DIR/points.bin`, little-endian f64 lon,lat)
//!   if missing, times index build + snapping of every point, reports peak memory
//!   (VmHWM) and writes the chosen segment per point (`DIR/rust_nearest.bin`, u32) and
//!   a JSON summary (`DIR/rust_result.json`).

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use corridors::cases::{SegmentIndex, SnapOptions, snap_points};
use criterion::Criterion;
use geo::{Coord, LineString, Point};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

const BBOX: (f64, f64, f64, f64) = (-117.0, 15.0, -87.0, 32.0);

/// Jittered grid over Mexico's bounding box: `n × n` nodes, every grid edge a road with one
/// jittered middle vertex. n = 175 gives 60 900 segments.
fn synthetic_network(n: usize, seed: u64) -> Vec<LineString<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (x0, y0, x1, y1) = BBOX;
    let (dx, dy) = ((x1 - x0) / (n - 1) as f64, (y1 - y0) / (n - 1) as f64);
    let mut nodes = Vec::with_capacity(n * n);
    for j in 0..n {
        for i in 0..n {
            nodes.push(Coord {
                x: x0 + i as f64 * dx + rng.random_range(-0.3..0.3) * dx,
                y: y0 + j as f64 * dy + rng.random_range(-0.3..0.3) * dy,
            });
        }
    }
    let mut lines = Vec::with_capacity(2 * n * n);
    let mut edge = |a: Coord<f64>, b: Coord<f64>, rng: &mut ChaCha8Rng| {
        let m = Coord {
            x: 0.5 * (a.x + b.x) + rng.random_range(-0.15..0.15) * dx,
            y: 0.5 * (a.y + b.y) + rng.random_range(-0.15..0.15) * dy,
        };
        lines.push(LineString::new(vec![a, m, b]));
    };
    for j in 0..n {
        for i in 0..n {
            let k = j * n + i;
            if i + 1 < n {
                edge(nodes[k], nodes[k + 1], &mut rng);
            }
            if j + 1 < n {
                edge(nodes[k], nodes[k + n], &mut rng);
            }
        }
    }
    lines
}

fn random_points(count: usize, seed: u64) -> Vec<Point<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (x0, y0, x1, y1) = BBOX;
    (0..count)
        .map(|_| Point::new(rng.random_range(x0..x1), rng.random_range(y0..y1)))
        .collect()
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU time (user + system) of this process in seconds, from /proc (10 ms resolution).
fn cpu_s() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

fn full(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let n_points: usize = std::env::var("SNAP_POINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    // SNAP_NETWORK=hubs.geojson,segments.geojson: a real network instead of the synthetic one,
    // with points uniform in its bounding box
    let (lines, points) = match std::env::var("SNAP_NETWORK") {
        Ok(files) => {
            let files: Vec<&str> = files.split(',').collect();
            let (net, _) =
                corridors::io::load_network(&files, 1.0).map_err(std::io::Error::other)?;
            let lines: Vec<LineString<f64>> = net.segments().map(|s| s.geometry.clone()).collect();
            let (mut x0, mut y0, mut x1, mut y1) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
            for c in lines.iter().flat_map(|l| l.0.iter()) {
                (x0, y0, x1, y1) = (x0.min(c.x), y0.min(c.y), x1.max(c.x), y1.max(c.y));
            }
            let mut rng = ChaCha8Rng::seed_from_u64(11);
            // SNAP_NEAR_KM=D: case-like points, a random vertex-interpolated point of a
            // random segment moved up to D km in a random direction
            let near: Option<f64> = std::env::var("SNAP_NEAR_KM")
                .ok()
                .and_then(|v| v.parse().ok());
            let pts = (0..n_points)
                .map(|_| match near {
                    Some(km) => {
                        use geo::{Destination, Haversine, InterpolateLine};
                        let l = &lines[rng.random_range(0..lines.len())];
                        let on = Haversine
                            .point_at_ratio_from_start(l, rng.random_range(0.0..1.0))
                            .unwrap_or(Point(l.0[0]));
                        Haversine.destination(
                            on,
                            rng.random_range(0.0..360.0),
                            rng.random_range(0.0..km * 1000.0),
                        )
                    }
                    None => Point::new(rng.random_range(x0..x1), rng.random_range(y0..y1)),
                })
                .collect();
            (lines, pts)
        }
        Err(_) => (synthetic_network(175, 42), random_points(n_points, 7)),
    };
    let wkt = dir.join("network.wkt");
    if !wkt.exists() {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&wkt)?);
        for l in &lines {
            let pts: Vec<String> =
                l.0.iter()
                    .map(|c| format!("{:.9} {:.9}", c.x, c.y))
                    .collect();
            writeln!(f, "LINESTRING ({})", pts.join(", "))?;
        }
    }
    let pbin = dir.join("points.bin");
    if !pbin.exists() {
        let mut buf = Vec::with_capacity(points.len() * 16);
        for p in &points {
            buf.extend_from_slice(&p.x().to_le_bytes());
            buf.extend_from_slice(&p.y().to_le_bytes());
        }
        std::fs::write(&pbin, buf)?;
    }
    let rss_before = peak_rss_kib();
    let c0 = cpu_s();
    let t0 = Instant::now();
    let idx = SegmentIndex::from_lines(&lines).map_err(std::io::Error::other)?;
    let t_build = t0.elapsed().as_secs_f64();
    let opts = SnapOptions {
        max_distance_m: f64::INFINITY,
    };
    let c1 = cpu_s();
    let res = snap_points(&idx, &points, &opts, &Default::default()).expect("never cancelled");
    eprintln!("query cpu {:.2}", cpu_s() - c1);
    let t_total = t0.elapsed().as_secs_f64();
    let cpu_total = cpu_s() - c0;
    let rss_after = peak_rss_kib();
    let mut out = Vec::with_capacity(res.len() * 4);
    for r in &res {
        let seg = r.nearest.map_or(u32::MAX, |s| s.segment as u32);
        out.extend_from_slice(&seg.to_le_bytes());
    }
    std::fs::write(dir.join("rust_nearest.bin"), out)?;
    let mut dists = Vec::with_capacity(res.len() * 8);
    for r in &res {
        dists.extend_from_slice(&r.nearest.map_or(f64::NAN, |s| s.distance_m).to_le_bytes());
    }
    std::fs::write(dir.join("rust_distance_m.bin"), dists)?;
    let summary = format!(
        "{{\"segments\": {}, \"pieces\": {}, \"points\": {}, \"threads\": {}, \"build_s\": {:.4}, \"total_s\": {:.4}, \"cpu_s\": {:.2}, \"peak_rss_kib_before_index\": {}, \"peak_rss_kib\": {}}}\n",
        idx.segment_count(),
        idx.piece_count(),
        points.len(),
        rayon::current_num_threads(),
        t_build,
        t_total,
        cpu_total,
        rss_before.unwrap_or(0),
        rss_after.unwrap_or(0)
    );
    std::fs::write(dir.join("rust_result.json"), &summary)?;
    print!("{summary}");
    Ok(())
}

fn main() {
    if let Ok(dir) = std::env::var("SNAP_FULL_DIR") {
        if let Err(e) = full(Path::new(&dir)) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        return;
    }
    let lines = synthetic_network(175, 42);
    let points = random_points(10_000, 7);
    let idx = SegmentIndex::from_lines(&lines).expect("valid synthetic network");
    let opts = SnapOptions::default();
    let mut c = Criterion::default().sample_size(10).configure_from_args();
    c.bench_function("index_build_61k_segments", |b| {
        b.iter(|| SegmentIndex::from_lines(black_box(&lines)))
    });
    c.bench_function("snap_10k_points_61k_segments", |b| {
        b.iter(|| snap_points(&idx, black_box(&points), &opts, &Default::default()))
    });
    c.final_summary();
}
