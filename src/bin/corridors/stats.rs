//! `corridors stats {k,hotspots,nkde,scan}`: is a concentration of cases more than chance?

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args as ClapArgs, Subcommand};
use corridors::Network;
use corridors::cases::{PrivacyGuard, SegmentIndex, SnapOptions, SnapStatus, snap_points};
use corridors::stats::{
    self, Bandwidth, BwCriterion, DeadEnd, Fdr, GlobalTest, KEstimator, KOptions, Kernel, Lixel,
    Mc, Method, NetPoint, NkdeOptions, Null, Radii, ScanOptions, Tail, WeightsSpec,
};
use serde_json::{Map, Value, json};

use crate::common::NetworkArgs;
use crate::progress::Bar;

/// Network statistics on snapped cases: K function, hot spots with FDR, NKDE, scan.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: StatsCommand,
}

#[derive(Subcommand, Debug)]
pub enum StatsCommand {
    K(KArgs),
    Hotspots(HotArgs),
    Nkde(NkdeArgs),
    Scan(ScanArgs),
}

/// Where the positions come from.
#[derive(ClapArgs, Debug)]
#[group(required = true, multiple = false, id = "positions_source")]
pub struct Source {
    /// CSV written by `corridors snap` (columns segment_id, fraction, status); rows whose
    /// status is not `matched` are skipped and counted in the output's metadata.
    #[arg(long, value_name = "SNAP.csv", group = "positions_source")]
    pub positions: Option<PathBuf>,
    /// Case file (as `corridors snap --cases`), snapped here.
    #[arg(long, value_name = "FILE", group = "positions_source")]
    pub cases: Option<PathBuf>,
}

/// The network and the positions of the cases on it.
#[derive(ClapArgs, Debug)]
pub struct Input {
    #[command(flatten)]
    pub net: NetworkArgs,
    #[command(flatten)]
    pub source: Source,
    /// With --cases: cases farther than this from every segment are skipped.
    #[arg(long, value_name = "M", default_value_t = 10_000.0)]
    pub max_distance_m: f64,
}

/// Positions read, with what was skipped.
struct Positions {
    points: Vec<NetPoint>,
    meta: Value,
}

/// Reads a `corridors snap` CSV.
fn read_snap_csv(net: &Network, path: &Path) -> Result<Positions> {
    let mut r = csv::Reader::from_path(path).with_context(|| format!("{}", path.display()))?;
    let headers = r.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .with_context(|| format!("{}: no column {name:?}", path.display()))
    };
    let (cs, cf, cst) = (col("segment_id")?, col("fraction")?, col("status")?);
    let mut points = Vec::new();
    let mut skipped: std::collections::BTreeMap<String, u64> = Default::default();
    for (k, row) in r.records().enumerate() {
        let row = row.with_context(|| format!("{}: row {}", path.display(), k + 2))?;
        let status = row.get(cst).unwrap_or("").trim();
        if status != "matched" {
            *skipped.entry(status.to_string()).or_default() += 1;
            continue;
        }
        let id = row.get(cs).unwrap_or("").trim();
        let Some(e) = net.segment_index(id) else {
            bail!(
                "{}: row {}: no segment {id:?} in the network",
                path.display(),
                k + 2
            );
        };
        let f: f64 = row
            .get(cf)
            .unwrap_or("")
            .trim()
            .parse()
            .with_context(|| format!("{}: row {}: fraction", path.display(), k + 2))?;
        points.push(NetPoint::at_fraction(net, e, f)?);
    }
    let total_skipped: u64 = skipped.values().sum();
    Ok(Positions {
        meta: json!({"file": path.display().to_string(), "used": points.len(),
                     "skipped": total_skipped, "skipped_by_status": skipped}),
        points,
    })
}

impl Input {
    fn load(&self) -> Result<(Network, Positions)> {
        let (net, _) = self.net.load_without_topology()?;
        let pos = self.positions(&net)?;
        Ok((net, pos))
    }

    fn positions(&self, net: &Network) -> Result<Positions> {
        if let Some(p) = &self.source.positions {
            return read_snap_csv(net, p);
        }
        let Some(path) = &self.source.cases else {
            bail!("give --positions or --cases");
        };
        let opts = SnapOptions {
            max_distance_m: self.max_distance_m,
        };
        opts.validate()?;
        let report = crate::args::read_case_csv(path, &Default::default())?;
        let index = SegmentIndex::new(net)?;
        let pts = corridors::cases::locations(&report.records);
        let bar = Bar::named("snapping cases");
        let snaps = snap_points(&index, &pts, &opts, &bar.exec())?;
        let mut points = Vec::new();
        let (mut too_far, mut invalid) = (0u64, report.errors.len() as u64);
        for s in &snaps {
            match (s.status, s.nearest) {
                (SnapStatus::Matched, Some(n)) => points.push(NetPoint::at_fraction(
                    net,
                    n.segment,
                    n.fraction.clamp(0.0, 1.0),
                )?),
                (SnapStatus::TooFar, _) => too_far += 1,
                _ => invalid += 1,
            }
        }
        Ok(Positions {
            meta: json!({"file": path.display().to_string(), "used": points.len(),
                         "skipped": too_far + invalid,
                         "skipped_by_status": {"too_far": too_far, "invalid": invalid},
                         "max_distance_m": self.max_distance_m}),
            points,
        })
    }
}

/// `length` or `exposure:PROP`.
fn parse_null(net: &Network, s: &str) -> Result<Null> {
    if s == "length" {
        return Ok(Null::UniformByLength);
    }
    let Some(prop) = s.strip_prefix("exposure:") else {
        bail!("--null must be `length` or `exposure:PROPERTY`, not {s:?}");
    };
    let mut e = Vec::with_capacity(net.segment_count());
    for seg in net.segments() {
        let v = if prop == "length_m" {
            Some(seg.length_m)
        } else {
            seg.properties.get(prop).and_then(|v| {
                v.as_f64()
                    .or_else(|| v.as_str().and_then(|t| t.trim().parse().ok()))
            })
        };
        match v {
            Some(x) if x.is_finite() && x >= 0.0 => e.push(x),
            _ => bail!(
                "--null {s}: segment {} has no numeric property {prop:?} >= 0",
                seg.id
            ),
        }
    }
    Ok(Null::Exposure(e))
}

fn parse_list(s: &str, what: &str) -> Result<Vec<f64>> {
    s.split(',')
        .map(|x| {
            x.trim()
                .parse::<f64>()
                .with_context(|| format!("{what}: {x:?} is not a number"))
        })
        .collect()
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Writes a FeatureCollection document: GeoParquet for a `.parquet`/`.geoparquet` name (the
/// top-level members in the file metadata), compact GeoJSON otherwise.
fn write_collection(path: &Path, doc: Value) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext.eq_ignore_ascii_case("parquet") || ext.eq_ignore_ascii_case("geoparquet") {
        let fc: geojson::FeatureCollection =
            serde_json::from_value(doc).context("the output collection")?;
        return crate::output::write_layer(path, &fc);
    }
    write(path, &serde_json::to_string(&doc)?)
}

fn generator() -> Value {
    json!({"name": "corridors", "version": env!("CARGO_PKG_VERSION")})
}

// ------------------------------------------------------------------------------------ k

/// Network K (or G) function with a Monte Carlo envelope and a global test.
///
/// Okabe–Yamada (default): K(r) = L · #{ordered pairs i≠j, d ≤ r} / (n(n−1)); spaghetti:
/// 2L · #{i<j, d < r} / n² (= K_OY · (n−1)/n away from ties). The envelope is the pointwise
/// α/2 and 1−α/2 quantile of the simulations; p_global is the maximum-absolute-deviation
/// test over all radii, (1 + #{T_sim ≥ T_obs})/(R + 1). Replicate r draws from ChaCha8
/// stream r of --seed: the output is the same at any thread count.
///
/// Example:
///   corridors stats k --network hubs.geojson --network segments.geojson \
///       --positions out/snapped.csv --max-m 50000 --steps 11 --out out/K.json --plot out/K.svg
#[derive(ClapArgs, Debug)]
#[command(verbatim_doc_comment)]
pub struct KArgs {
    #[command(flatten)]
    pub input: Input,
    /// okabe-yamada (≤, L/(n(n−1))) or spaghetti (<, 2L/n²).
    #[arg(long, default_value = "okabe-yamada", value_parser = ["okabe-yamada", "spaghetti"])]
    pub estimator: String,
    /// Radii in metres, comma-separated.
    #[arg(long, value_name = "R1,R2,…", conflicts_with_all = ["max_m"])]
    pub radii: Option<String>,
    /// Largest radius (default: the largest finite distance between two positions).
    #[arg(long, value_name = "M")]
    pub max_m: Option<f64>,
    /// Number of radii from 0 to --max-m.
    #[arg(long, value_name = "S", default_value_t = 10)]
    pub steps: usize,
    /// Null model: `length` (uniform by length) or `exposure:PROPERTY` (a segment property).
    #[arg(long, default_value = "length")]
    pub null: String,
    /// Cross-K: positions B (kept fixed); the main positions (A) are relocated.
    #[arg(long, value_name = "SNAP2.csv")]
    pub cross: Option<PathBuf>,
    /// k (K function) or g (nearest-neighbour G function).
    #[arg(long, default_value = "k", value_parser = ["k", "g"])]
    pub function: String,
    /// Simulated patterns.
    #[arg(long, default_value_t = 99)]
    pub replicates: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Level of the pointwise envelope.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Global test: studentized-mad (deviations scaled by the pointwise standard deviation)
    /// or mad (plain maximum absolute deviation).
    #[arg(long, default_value = "studentized-mad", value_parser = ["studentized-mad", "mad"])]
    pub global_test: String,
    /// Output JSON.
    #[arg(long, value_name = "K.json")]
    pub out: PathBuf,
    /// Also draw the curve with its envelope as SVG.
    #[arg(long, value_name = "K.svg")]
    pub plot: Option<PathBuf>,
}

fn run_k(a: KArgs) -> Result<ExitCode> {
    let (net, pos) = a.input.load()?;
    let null_model = parse_null(&net, &a.null)?;
    let radii = match (&a.radii, a.max_m) {
        (Some(r), _) => Radii::List(parse_list(r, "--radii")?),
        (None, m) => Radii::Linspace {
            max_m: m,
            steps: a.steps,
        },
    };
    let estimator = if a.estimator == "spaghetti" {
        KEstimator::SpaghettiCompat
    } else {
        KEstimator::OkabeYamada
    };
    let o = KOptions {
        radii,
        estimator,
        null: null_model.clone(),
        mc: Mc {
            replicates: a.replicates,
            seed: a.seed,
            alpha: a.alpha,
        },
        global: if a.global_test == "mad" {
            GlobalTest::Mad
        } else {
            GlobalTest::StudentizedMad
        },
        ..Default::default()
    };
    let bar = Bar::named("simulations");
    let exec = bar.exec();
    let cross = match &a.cross {
        Some(p) => Some(read_snap_csv(&net, p)?),
        None => None,
    };
    if a.function == "g" && cross.is_some() {
        bail!("--cross works with --function k only");
    }
    let c = match (&cross, a.function.as_str()) {
        (Some(b), _) => stats::cross_k_function(&net, &pos.points, &b.points, &o, &exec)?,
        (None, "g") => stats::g_function(&net, &pos.points, &o, &exec)?,
        _ => stats::k_function(&net, &pos.points, &o, &exec)?,
    };
    let mut doc = json!({
        "function": a.function,
        "estimator": estimator.label(),
        "null": null_model.label(),
        "null_spec": a.null,
        "n": c.n,
        "total_length_m": c.total_length_m,
        "replicates": a.replicates,
        "seed": a.seed,
        "alpha": a.alpha,
        "radii_m": c.radii,
        "observed": c.observed,
        "sim_mean": c.sim_mean,
        "lo": c.lo,
        "hi": c.hi,
        "deviation": c.observed.iter().zip(&c.sim_mean).map(|(o, m)| o - m).collect::<Vec<_>>(),
        "p_global": c.p_global,
        "test": a.global_test,
        "test_note": "T = max over radii of |f(r) - m(r)| (divided by s(r) for studentized-mad), m and s the mean and standard deviation of the observed and simulated curves; p = (1 + #{T_sim >= T_obs}) / (R + 1)",
        "envelope": "pointwise alpha/2 and 1 - alpha/2 quantiles (type 7) of the simulations",
        "rng": "ChaCha8, replicate r on stream r of the seed",
        "positions": pos.meta,
        "privacy": {"note": "global result: a curve over all positions; no per-case or per-segment values"},
        "generator": generator(),
    });
    if let Some(b) = &cross {
        doc["cross"] = json!({"n_b": b.points.len(), "positions_b": b.meta,
                              "note": "K_AB(r) = L · #{(b, a): d <= r} / (n_A n_B); A relocated, B kept"});
    }
    write(&a.out, &serde_json::to_string_pretty(&doc)?)?;
    if let Some(p) = &a.plot {
        write(
            p,
            &corridors::map::k_curve_svg(
                &c,
                &format!(
                    "Network {} function ({}), n = {}, R = {}, p_global = {:.3}",
                    if a.function == "g" { "G" } else { "K" },
                    estimator.label(),
                    c.n,
                    a.replicates,
                    c.p_global
                ),
            ),
        )?;
    }
    eprintln!(
        "{}: n = {}, L = {:.0} m, {} radii, R = {}, p_global = {:.4}",
        if a.function == "g" { "G" } else { "K" },
        c.n,
        c.total_length_m,
        c.radii.len(),
        a.replicates,
        c.p_global
    );
    Ok(ExitCode::SUCCESS)
}

// ------------------------------------------------------------------------------ hotspots

/// Per-segment hot spots: exact exceedance with FDR, Getis–Ord Gi*.
///
/// For each segment, p = P(X ≥ cases) with X ~ Binomial(N, e/Σe) (or Poisson; --mid-p for
/// the mid-p), e the length (or exposure); q-values by Benjamini–Hochberg (or –Yekutieli)
/// over every segment of the network. Gi* z over contiguity (segments sharing a hub, self
/// included, as esda G_Local(y, w, transform="B", star=True)) or a network distance band
/// between midpoints; gi_p is the normal one-sided p, or the folded conditional-permutation
/// pseudo p with --replicates.
///
/// Privacy: a segment with 1 to k−1 cases (k = --min-count) publishes only suppressed: true,
/// further segments are suppressed so that the known total cannot reveal it, and Gi* is
/// published only where no segment of the neighbourhood is suppressed.
///
/// Example:
///   corridors stats hotspots --network hubs.geojson --network segments.geojson \
///       --positions out/snapped.csv --out out/HOT.geojson
#[derive(ClapArgs, Debug)]
#[command(verbatim_doc_comment)]
pub struct HotArgs {
    #[command(flatten)]
    pub input: Input,
    /// Null model: `length` or `exposure:PROPERTY`.
    #[arg(long, default_value = "length")]
    pub null: String,
    /// binomial (exact given N) or poisson.
    #[arg(long, default_value = "binomial", value_parser = ["binomial", "poisson"])]
    pub tail: String,
    /// Use the mid-p P(X > x) + P(X = x)/2.
    #[arg(long)]
    pub mid_p: bool,
    /// bh (Benjamini–Hochberg) or by (Benjamini–Yekutieli).
    #[arg(long, default_value = "bh", value_parser = ["bh", "by"])]
    pub fdr: String,
    /// FDR level a segment is significant at.
    #[arg(long, default_value_t = 0.1)]
    pub q: f64,
    /// contiguity or band:METRES.
    #[arg(long, default_value = "contiguity")]
    pub weights: String,
    /// Conditional permutations for Gi* (0 = normal p-values only).
    #[arg(long, default_value_t = 0)]
    pub replicates: usize,
    /// Seed of the permutations.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Smallest count published (k).
    #[arg(long, default_value_t = 11)]
    pub min_count: u32,
    /// Output GeoJSON (GeoParquet for a .parquet name).
    #[arg(long, value_name = "HOT.geojson")]
    pub out: PathBuf,
}

fn parse_weights(s: &str) -> Result<WeightsSpec> {
    if s == "contiguity" {
        return Ok(WeightsSpec::Contiguity);
    }
    if let Some(m) = s.strip_prefix("band:") {
        let max_m: f64 = m.trim().parse().with_context(|| format!("--weights {s}"))?;
        return Ok(WeightsSpec::Band { max_m });
    }
    bail!("--weights must be `contiguity` or `band:METRES`, not {s:?}")
}

fn guard(min_count: u32) -> Result<PrivacyGuard> {
    let g = PrivacyGuard {
        min_count,
        rounding: None,
    };
    g.validate()?;
    Ok(g)
}

fn privacy_member(g: &PrivacyGuard, extra: &str, suppressed: usize) -> Value {
    let mut m = g.metadata();
    if let Some(o) = m.as_object_mut() {
        o.insert("suppressed_units".into(), json!(suppressed));
        o.insert("statistics".into(), json!(extra));
    }
    m
}

fn line_feature(geometry: Value, props: Map<String, Value>) -> Value {
    json!({"type": "Feature", "geometry": geometry, "properties": props})
}

fn num(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

fn run_hotspots(a: HotArgs) -> Result<ExitCode> {
    let (net, pos) = a.input.load()?;
    let g = guard(a.min_count)?;
    let null_model = parse_null(&net, &a.null)?;
    let exposure = null_model.weights(&net)?;
    let m = net.segment_count();
    let mut counts = vec![0u64; m];
    for p in &pos.points {
        counts[p.segment] += 1;
    }
    let tail = if a.tail == "poisson" {
        Tail::Poisson
    } else {
        Tail::Binomial
    };
    let fdr = if a.fdr == "by" {
        Fdr::BenjaminiYekutieli
    } else {
        Fdr::BenjaminiHochberg
    };
    let tests = stats::exceedance(&counts, &exposure, tail, a.mid_p, fdr, a.q)?;
    let (x2, df, p_disp) = stats::pearson_dispersion(&counts, &exposure);
    let units = stats::lixelize(&net, f64::INFINITY, None)?;
    let spec = parse_weights(&a.weights)?;
    let w = stats::network_weights(&net, &units, spec, true)?;
    let y: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
    let mc = Mc {
        replicates: a.replicates,
        seed: a.seed,
        alpha: 0.05,
    };
    let bar = Bar::named("permutations");
    let gi = stats::gi_star(&y, &w, (a.replicates > 0).then_some(&mc), &bar.exec())?;
    let published = stats::publish::publish_unit_counts(&g, &counts)?;
    let is_pub: Vec<bool> = published.iter().map(Option::is_some).collect();
    let by_c = match fdr {
        Fdr::BenjaminiHochberg => 1.0,
        Fdr::BenjaminiYekutieli => (1..=m).map(|i| 1.0 / i as f64).sum(),
    };
    let ps: Vec<f64> = tests.iter().map(|t| t.p).collect();
    let qs: Vec<f64> = tests.iter().map(|t| t.q).collect();
    let safe_q = stats::publish::safe_q(&ps, &qs, &is_pub, by_c);
    let mut features = Vec::with_capacity(m);
    let mut significant = Vec::new();
    let mut suppressed = 0usize;
    for e in 0..m {
        let s = net.segment(e);
        let (fa, fb) = net.endpoints(e);
        let mut p = Map::new();
        p.insert("id".into(), s.id.to_json());
        p.insert("from".into(), net.hub(fa).id.to_json());
        p.insert("to".into(), net.hub(fb).id.to_json());
        p.insert("length_m".into(), json!(s.length_m));
        if !is_pub[e] {
            suppressed += 1;
            p.insert("suppressed".into(), json!(true));
            p.insert("stroke".into(), json!("#bdbdbd"));
            p.insert("stroke-width".into(), json!(1));
            features.push(line_feature(
                corridors::map::nkde_segment_geometry(&net, e),
                p,
            ));
            continue;
        }
        let t = &tests[e];
        p.insert("cases".into(), json!(published[e]));
        p.insert("expected".into(), num(t.expected));
        p.insert("ratio".into(), num(t.ratio));
        p.insert("p".into(), num(t.p));
        p.insert("q".into(), safe_q[e].map_or(Value::Null, num));
        p.insert("significant".into(), json!(t.significant));
        let window_public = w.row(e).all(|(j, _)| is_pub[j]);
        let gp = gi[e].p_sim.unwrap_or(gi[e].p_norm);
        if window_public {
            p.insert("gi_z".into(), num(gi[e].z));
            p.insert("gi_p".into(), num(gp));
        } else {
            p.insert("gi_z".into(), Value::Null);
            p.insert("gi_p".into(), Value::Null);
        }
        let (colour, width) = if t.significant {
            significant.push(s.id.to_json());
            ("#d7301f", 4)
        } else if t.ratio > 1.0 {
            ("#fc8d59", 2)
        } else {
            ("#4575b4", 1)
        };
        p.insert("stroke".into(), json!(colour));
        p.insert("stroke-width".into(), json!(width));
        features.push(line_feature(
            corridors::map::nkde_segment_geometry(&net, e),
            p,
        ));
    }
    let n: u64 = counts.iter().sum();
    let doc = json!({
        "type": "FeatureCollection",
        "metadata": {
            "method": "exceedance P(X >= x) per segment with FDR over every segment; Getis-Ord Gi*",
            "null": null_model.label(), "null_spec": a.null, "tail": a.tail, "mid_p": a.mid_p,
            "fdr": a.fdr, "q_level": a.q, "weights": a.weights,
            "gi_p": if a.replicates > 0 { "folded conditional-permutation pseudo p" } else { "normal, one-sided P(Z >= |z|)" },
            "replicates": a.replicates, "seed": a.seed,
            "n": n, "segments": m,
            "significant_segments": significant,
            "dispersion": {"pearson_x2": num(x2), "df": df, "p": num(p_disp),
                           "ratio": num(if df > 0 { x2 / df as f64 } else { f64::NAN })},
            "positions": pos.meta,
            "generator": generator(),
        },
        "privacy": privacy_member(&g,
            "Per-segment p, q, ratio, expected and Gi* are functions of the segment's count: \
             where a count is suppressed, only suppressed: true is published. Further segments \
             are suppressed so that the total N cannot reveal a suppressed count; Gi* is \
             published only where no segment of its neighbourhood is suppressed; a q-value \
             only where its step-up minimum is attained at a published segment.", suppressed),
        "features": features,
    });
    write_collection(&a.out, doc)?;
    eprintln!(
        "{m} segments, {n} positions: {} significant at q <= {} ({}), {suppressed} suppressed (k = {})",
        significant.len(),
        a.q,
        a.fdr,
        a.min_count
    );
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------- nkde

/// Network kernel density on lixels (cases per km, exact mass per lixel).
///
/// continuous (Okabe–Sugihara, mass-conserving, default), discontinuous (Okabe et al.
/// 2009) or simple (Xie & Yan 2008); dead ends reflect (mass-conserving) or absorb
/// (spNetwork). density_per_km is the intensity at the lixel centre; mass is the exact
/// integral over the lixel (Σ mass = number of positions with reflect). A lixel is published
/// only where at least k distinct positions contribute to it.
///
/// Example:
///   corridors stats nkde --network hubs.geojson --network segments.geojson \
///       --positions out/snapped.csv --bandwidth-m 20000 --lixel-m 5000 --out out/NKDE.geojson
#[derive(ClapArgs, Debug)]
#[command(verbatim_doc_comment)]
pub struct NkdeArgs {
    #[command(flatten)]
    pub input: Input,
    /// Bandwidth (half-support of the kernel), metres.
    #[arg(long, value_name = "H", required_unless_present = "select_bandwidth")]
    pub bandwidth_m: Option<f64>,
    /// Lixel length, metres (default: bandwidth / 4).
    #[arg(long, value_name = "L")]
    pub lixel_m: Option<f64>,
    #[arg(long, default_value = "quartic", value_parser = ["quartic", "triangle", "epanechnikov", "triweight", "tricube", "cosine", "uniform"])]
    pub kernel: String,
    #[arg(long, default_value = "continuous", value_parser = ["continuous", "discontinuous", "simple"])]
    pub method: String,
    #[arg(long, default_value = "reflect", value_parser = ["reflect", "absorb"])]
    pub dead_end: String,
    /// Choose the bandwidth among --candidates: cv (likelihood cross-validation, highest) or
    /// cvl (Cronie–van Lieshout, lowest).
    #[arg(long, value_parser = ["cv", "cvl"], requires = "candidates")]
    pub select_bandwidth: Option<String>,
    /// Candidate bandwidths, metres.
    #[arg(long, value_name = "H1,H2,…")]
    pub candidates: Option<String>,
    /// Junctions (degree > 2) passed before the rest of an event's mass folds back onto the
    /// last segment (mass is kept; each level multiplies the work by about the degree).
    #[arg(long, default_value_t = 8)]
    pub max_depth: u32,
    /// Smallest number of distinct positions behind a published lixel (k).
    #[arg(long, default_value_t = 11)]
    pub min_count: u32,
    /// Output GeoJSON (GeoParquet for a .parquet name).
    #[arg(long, value_name = "NKDE.geojson")]
    pub out: PathBuf,
}

fn run_nkde(a: NkdeArgs) -> Result<ExitCode> {
    let (net, pos) = a.input.load()?;
    let g = guard(a.min_count)?;
    let kernel = match a.kernel.as_str() {
        "triangle" => Kernel::Triangle,
        "epanechnikov" => Kernel::Epanechnikov,
        "triweight" => Kernel::Triweight,
        "tricube" => Kernel::Tricube,
        "cosine" => Kernel::Cosine,
        "uniform" => Kernel::Uniform,
        _ => Kernel::Quartic,
    };
    let method = match a.method.as_str() {
        "discontinuous" => Method::Discontinuous,
        "simple" => Method::Simple,
        _ => Method::Continuous,
    };
    let dead_end = if a.dead_end == "absorb" {
        DeadEnd::Absorb
    } else {
        DeadEnd::Reflect
    };
    let mut o = NkdeOptions {
        kernel,
        method,
        bandwidth: Bandwidth::Fixed(a.bandwidth_m.unwrap_or(1.0)),
        max_depth: a.max_depth,
        dead_end,
    };
    let bar = Bar::named("density");
    let exec = bar.exec();
    let mut selection = Value::Null;
    if let Some(sel) = &a.select_bandwidth {
        let cand = parse_list(a.candidates.as_deref().unwrap_or(""), "--candidates")?;
        let crit = if sel == "cvl" {
            BwCriterion::CronieVanLieshout
        } else {
            BwCriterion::LikelihoodCv
        };
        let scores = stats::bandwidth_scores(&net, &pos.points, &cand, crit, &o, &exec)?;
        let best = if sel == "cvl" {
            scores.iter().min_by(|x, y| x.1.total_cmp(&y.1))
        } else {
            scores.iter().max_by(|x, y| x.1.total_cmp(&y.1))
        }
        .map(|x| x.0)
        .context("no candidate bandwidth")?;
        o.bandwidth = Bandwidth::Fixed(best);
        selection = json!({"criterion": sel, "scores": scores.iter().map(|(h, s)| json!({"bandwidth_m": h, "score": num(*s)})).collect::<Vec<_>>(), "chosen_m": best});
    }
    let Bandwidth::Fixed(h) = o.bandwidth else {
        bail!("internal: fixed bandwidth expected");
    };
    let lixel_m = a.lixel_m.unwrap_or(h / 4.0);
    let lx: Vec<Lixel> = stats::lixelize(&net, lixel_m, None)?;
    let d = stats::nkde(&net, &pos.points, &lx, &o, &exec)?;
    let (features, suppressed) = corridors::map::nkde_features(&net, &lx, &d, a.min_count);
    let total_mass: f64 = d.mass.iter().sum();
    let doc = json!({
        "type": "FeatureCollection",
        "metadata": {
            "method": a.method, "kernel": a.kernel, "dead_end": a.dead_end,
            "bandwidth_m": h, "lixel_m": lixel_m, "max_depth": a.max_depth,
            "n": pos.points.len(), "lixels": lx.len(),
            "units": "density_per_km: intensity at the lixel centre, cases per km (integral over the network = number of positions with reflect and the continuous or discontinuous method); mass: exact integral over the lixel",
            "total_mass": total_mass,
            "bandwidth_selection": selection,
            "positions": pos.meta,
            "generator": generator(),
        },
        "privacy": privacy_member(&g,
            "A lixel's density and mass are published only where at least min_count distinct \
             positions contribute to it; elsewhere only suppressed: true (lixels without any \
             contribution are 0).", suppressed),
        "features": features,
    });
    write_collection(&a.out, doc)?;
    eprintln!(
        "{} lixels, h = {h} m, total mass {total_mass:.6} for {} positions, {suppressed} suppressed",
        lx.len(),
        pos.points.len()
    );
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------- scan

/// Kulldorff's scan statistic along the network (Poisson model).
///
/// Windows grow from every unit (segment, or lixel with --lixel-m) by network distance
/// between midpoints, up to --max-length-fraction of the total length (on 15 units or fewer,
/// every connected set of units); p-values by Monte Carlo, (1 + #{max LLR_sim ≥ LLR})/(R + 1).
/// A cluster with 1 to k−1 cases publishes only suppressed: true.
///
/// Example:
///   corridors stats scan --network hubs.geojson --network segments.geojson \
///       --positions out/snapped.csv --out out/SCAN.geojson
#[derive(ClapArgs, Debug)]
#[command(verbatim_doc_comment)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: Input,
    /// Units: lixels of this length (default: whole segments).
    #[arg(long, value_name = "L")]
    pub lixel_m: Option<f64>,
    /// Largest window as a fraction of the total length.
    #[arg(long, default_value_t = 0.5)]
    pub max_length_fraction: f64,
    #[arg(long, default_value_t = 999)]
    pub replicates: usize,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Smallest count published (k).
    #[arg(long, default_value_t = 11)]
    pub min_count: u32,
    /// Output GeoJSON (GeoParquet for a .parquet name).
    #[arg(long, value_name = "SCAN.geojson")]
    pub out: PathBuf,
}

fn run_scan(a: ScanArgs) -> Result<ExitCode> {
    let (net, pos) = a.input.load()?;
    let g = guard(a.min_count)?;
    let units = stats::lixelize(&net, a.lixel_m.unwrap_or(f64::INFINITY), None)?;
    // unit of each position: the lixel containing its offset
    let mut first = vec![usize::MAX; net.segment_count()];
    for (k, u) in units.iter().enumerate() {
        if first[u.segment] == usize::MAX {
            first[u.segment] = k;
        }
    }
    let mut counts = vec![0u64; units.len()];
    for p in &pos.points {
        let mut k = first[p.segment];
        while k + 1 < units.len()
            && units[k + 1].segment == p.segment
            && units[k + 1].start_m <= p.offset_m
        {
            k += 1;
        }
        counts[k] += 1;
    }
    let exposure: Vec<f64> = units.iter().map(|u| u.end_m - u.start_m).collect();
    let o = ScanOptions {
        max_length_fraction: a.max_length_fraction,
        mc: Mc {
            replicates: a.replicates,
            seed: a.seed,
            alpha: 0.05,
        },
        ..Default::default()
    };
    let bar = Bar::named("scan replicates");
    let clusters = stats::network_scan(&net, &units, &counts, &exposure, &o, &bar.exec())?;
    let k = u64::from(a.min_count);
    let mut features = Vec::new();
    let mut summary = Vec::new();
    let mut suppressed = 0usize;
    for (ci, c) in clusters.iter().enumerate() {
        let public = c.cases >= k;
        if !public {
            suppressed += 1;
        }
        summary.push(if public {
            json!({"cluster": ci + 1, "cases": c.cases, "expected": num(c.expected), "llr": num(c.llr), "p": num(c.p), "units": c.units.len()})
        } else {
            json!({"cluster": ci + 1, "suppressed": true})
        });
        for &u in &c.units {
            let l = &units[u];
            let mut p = Map::new();
            p.insert("cluster".into(), json!(ci + 1));
            p.insert("segment_id".into(), net.segment(l.segment).id.to_json());
            p.insert("start_m".into(), json!(l.start_m));
            p.insert("end_m".into(), json!(l.end_m));
            if public {
                p.insert("cases".into(), json!(c.cases));
                p.insert("expected".into(), num(c.expected));
                p.insert("llr".into(), num(c.llr));
                p.insert("p".into(), num(c.p));
                p.insert(
                    "stroke".into(),
                    json!(if c.p <= 0.05 { "#d7301f" } else { "#fc8d59" }),
                );
                p.insert("stroke-width".into(), json!(if ci == 0 { 5 } else { 3 }));
            } else {
                p.insert("suppressed".into(), json!(true));
                p.insert("stroke".into(), json!("#bdbdbd"));
                p.insert("stroke-width".into(), json!(2));
            }
            features.push(line_feature(
                corridors::map::nkde_sub_geometry(&net, l.segment, l.start_m, l.end_m),
                p,
            ));
        }
    }
    let n: u64 = counts.iter().sum();
    let doc = json!({
        "type": "FeatureCollection",
        "metadata": {
            "method": "Kulldorff Poisson scan; windows grown by network distance between unit midpoints (exhaustive connected windows on <= 15 units)",
            "units": if a.lixel_m.is_some() { "lixels" } else { "segments" },
            "lixel_m": a.lixel_m, "max_length_fraction": a.max_length_fraction,
            "replicates": a.replicates, "seed": a.seed, "n": n,
            "clusters": summary,
            "positions": pos.meta,
            "generator": generator(),
        },
        "privacy": privacy_member(&g,
            "A cluster's cases, expected, LLR and p are published only where its case count is \
             at least min_count; elsewhere its units carry only suppressed: true.", suppressed),
        "features": features,
    });
    write_collection(&a.out, doc)?;
    match clusters.first() {
        Some(c) if c.cases >= k => eprintln!(
            "most likely cluster: {} units, {} cases vs {:.1} expected, LLR {:.3}, p = {:.4}",
            c.units.len(),
            c.cases,
            c.expected,
            c.llr,
            c.p
        ),
        Some(_) => eprintln!("most likely cluster has fewer than {k} cases: suppressed"),
        None => eprintln!("no window has more cases than expected"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        StatsCommand::K(a) => run_k(a),
        StatsCommand::Hotspots(a) => run_hotspots(a),
        StatsCommand::Nkde(a) => run_nkde(a),
        StatsCommand::Scan(a) => run_scan(a),
    }
}
