//! Step: is the concentration of the SYNTHETIC cases more than the length of road explains?
//! The network K function with its envelope (`out/mexico_k.svg`) and per-segment hot spots
//! with Benjamini–Hochberg FDR and Gi* (`out/mexico_hotspots.geojson`), behind the k = 11
//! rule: a segment with 1 to 10 cases publishes only `suppressed: true`.

use std::path::Path;

use anyhow::Result;
use corridors::cases::{PrivacyGuard, SegmentIndex, SnapOptions, SnapStatus, snap_points};
use corridors::io::ReadOptions;
use corridors::stats::{
    self, Bandwidth, Fdr, KOptions, NetPoint, NkdeOptions, Radii, Tail, WeightsSpec,
};
use corridors::{Exec, Network, io, map};
use serde_json::{Map, json};

/// The published layers of this step, for the page: hot spots and the NKDE.
pub struct Layers {
    pub hotspots: geojson::FeatureCollection,
    pub nkde: geojson::FeatureCollection,
}

pub fn run(net: &Network, data: &Path, out: &Path) -> Result<Layers> {
    println!("\n== Statistics on the SYNTHETIC cases ==");
    let cases = io::csv::read_cases(data.join("cases_synthetic.csv"), &ReadOptions::default())?;
    let index = SegmentIndex::new(net)?;
    let opts = SnapOptions {
        max_distance_m: 10_000.0,
    };
    let snaps = snap_points(
        &index,
        &corridors::cases::locations(&cases.records),
        &opts,
        &Exec::default(),
    )?;
    let mut pts = Vec::new();
    for s in &snaps {
        if let (SnapStatus::Matched, Some(n)) = (s.status, s.nearest) {
            pts.push(NetPoint::at_fraction(
                net,
                n.segment,
                n.fraction.clamp(0.0, 1.0),
            )?);
        }
    }
    // K: Okabe–Yamada, 11 radii up to the largest finite distance, 99 replicates
    let o = KOptions {
        radii: Radii::Linspace {
            max_m: None,
            steps: 11,
        },
        ..Default::default()
    };
    let k = stats::k_function(net, &pts, &o, &Exec::default())?;
    let title = format!(
        "Network K (Okabe-Yamada), {} synthetic cases, R = 99, p_global = {:.3}",
        k.n, k.p_global
    );
    let path = out.join("mexico_k.svg");
    std::fs::write(&path, map::k_curve_svg(&k, &title))?;
    println!(
        "K function: n = {}, L = {:.0} km, global test p = {:.3} ({}); wrote {}",
        k.n,
        k.total_length_m / 1000.0,
        k.p_global,
        if k.p_global <= 0.05 {
            "clustered beyond length at some scale"
        } else {
            "no departure from uniform-by-length"
        },
        path.display()
    );
    // hot spots by segment
    let m = net.segment_count();
    let mut counts = vec![0u64; m];
    for p in &pts {
        counts[p.segment] += 1;
    }
    let len: Vec<f64> = net.segments().map(|s| s.length_m).collect();
    let tests = stats::exceedance(
        &counts,
        &len,
        Tail::Binomial,
        false,
        Fdr::BenjaminiHochberg,
        0.1,
    )?;
    let units = stats::lixelize(net, f64::INFINITY, None)?;
    let w = stats::network_weights(net, &units, WeightsSpec::Contiguity, true)?;
    let y: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
    let gi = stats::gi_star(&y, &w, None, &Exec::default())?;
    let guard = PrivacyGuard::default();
    let published = stats::publish::publish_unit_counts(&guard, &counts)?;
    let mut features = Vec::new();
    let mut significant = Vec::new();
    for e in 0..m {
        let s = net.segment(e);
        let mut p = Map::new();
        p.insert("id".into(), s.id.to_json());
        p.insert("length_m".into(), json!(s.length_m));
        match published[e] {
            None => {
                p.insert("suppressed".into(), json!(true));
                p.insert("stroke".into(), json!("#bdbdbd"));
            }
            Some(c) => {
                let t = &tests[e];
                p.insert("cases".into(), json!(c));
                p.insert("expected".into(), json!(t.expected));
                p.insert("p".into(), json!(t.p));
                p.insert("significant".into(), json!(t.significant));
                if w.row(e).all(|(j, _)| published[j].is_some()) {
                    p.insert("gi_z".into(), json!(gi[e].z));
                }
                p.insert(
                    "stroke".into(),
                    json!(if t.significant { "#d7301f" } else { "#4575b4" }),
                );
                if t.significant {
                    let (a, b) = net.endpoints(e);
                    // q is not printed: it may be set by a suppressed segment's p
                    // (see stats::publish::safe_q)
                    significant.push(format!(
                        "{} → {} ({c} cases, {:.1} expected)",
                        net.hub(a).name,
                        net.hub(b).name,
                        t.expected
                    ));
                }
            }
        }
        let coords: Vec<[f64; 2]> = s.geometry.points().map(|q| [q.x(), q.y()]).collect();
        features.push(json!({"type": "Feature", "properties": p,
            "geometry": {"type": "LineString", "coordinates": coords}}));
    }
    let layer =
        json!({"type": "FeatureCollection", "privacy": guard.metadata(), "features": features});
    let path = out.join("mexico_hotspots.geojson");
    std::fs::write(&path, serde_json::to_string(&layer)?)?;
    if significant.is_empty() {
        println!("hot spots: no segment is significant after FDR (BH, q ≤ 0.1)");
    } else {
        println!(
            "hot spots: {} segments significant after FDR (BH, q ≤ 0.1):",
            significant.len()
        );
        for s in &significant {
            println!("  {s}");
        }
    }
    println!("wrote {}", path.display());

    // NKDE: cases per km along the network (quartic kernel, 50 km bandwidth, 10 km lixels),
    // published only where at least 11 distinct cases contribute to a lixel
    let lixels = stats::lixelize(net, 10_000.0, None)?;
    let nk = NkdeOptions {
        bandwidth: Bandwidth::Fixed(50_000.0),
        ..Default::default()
    };
    let density = stats::nkde(net, &pts, &lixels, &nk, &Exec::default())?;
    let (nkde_features, hidden) = map::nkde_features(net, &lixels, &density, guard.min_count);
    let nkde = json!({"type": "FeatureCollection", "privacy": guard.metadata(),
        "features": nkde_features});
    let path = out.join("mexico_nkde.geojson");
    std::fs::write(&path, serde_json::to_string(&nkde)?)?;
    println!(
        "NKDE: {} lixels of 10 km, bandwidth 50 km, {hidden} suppressed (fewer than {} cases contribute); wrote {}",
        lixels.len(),
        guard.min_count,
        path.display()
    );
    Ok(Layers {
        hotspots: serde_json::from_value(layer)?,
        nkde: serde_json::from_value(nkde)?,
    })
}
