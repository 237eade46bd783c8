//! Centrality parity with NetworkX (fixtures written by scripts/gen_centrality_fixtures.py),
//! determinism across thread counts, sampling guarantees and the demand reader.

use corridors::OdDemand;
use corridors::centrality::{self, CentralityOptions, OdConvention, SampleOptions};
use corridors::{Costing, Hub, HubKind, Network, NetworkBuilder, SegmentSpec, Weighting};
use serde_json::Value;

const FIX: &str = "tests/fixtures/centrality";

pub(crate) struct Fixture {
    pub(crate) net: Network,
    pub(crate) weighting: Weighting,
    json: Value,
    hubs: Vec<usize>,
    segs: Vec<usize>,
}

fn id_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(crate) fn load(name: &str) -> Option<Fixture> {
    let path = format!("{FIX}/{name}.json");
    // Every fixture is committed: a missing one is a failure, never a skip.
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: Value = serde_json::from_str(&text).unwrap();
    let net = if let Some(files) = json.get("network") {
        let files: Vec<String> = files
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        corridors::io::load_network(&files, 1.0).unwrap().0
    } else {
        // A fixture may reuse another's graph, with every k-th segment made one-way.
        let (graph, oneway_every) = match json.get("graph_from") {
            Some(other) => {
                let p = format!("{FIX}/{}.json", other.as_str().unwrap());
                let g: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
                (g, json["oneway_every"].as_u64())
            }
            None => (json.clone(), None),
        };
        let mut b = NetworkBuilder::new();
        for h in graph["hubs"].as_array().unwrap() {
            let h = h.as_array().unwrap();
            b.add_hub(Hub::new(
                id_str(&h[0]),
                HubKind::Transit,
                h[1].as_f64().unwrap(),
                h[2].as_f64().unwrap(),
            ));
        }
        for (k, s) in graph["segments"].as_array().unwrap().iter().enumerate() {
            let s = s.as_array().unwrap();
            let oneway = match oneway_every {
                Some(every) => (k as u64).is_multiple_of(every),
                None => s[4].as_bool().unwrap(),
            };
            let mut spec = SegmentSpec::between(id_str(&s[0]), id_str(&s[1]), id_str(&s[2]))
                .with_oneway(oneway);
            spec.properties.insert("w".into(), s[3].clone());
            b.add_segment(spec);
        }
        b.build().unwrap().0
    };
    let weighting = match json["weight"].as_str().unwrap() {
        "length" => Weighting::Length,
        p => Weighting::Property(p.into()),
    };
    let hubs = json["hub_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| net.hub_index(&id_str(v)).unwrap())
        .collect();
    let segs = json["segment_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| net.segment_index(&id_str(v)).unwrap())
        .collect();
    Some(Fixture {
        net,
        weighting,
        json,
        hubs,
        segs,
    })
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Largest relative difference (absolute below 1e-13, where both are essentially zero).
fn max_rel(ours: &[f64], index: &[usize], reference: &[f64]) -> f64 {
    assert_eq!(index.len(), reference.len());
    index
        .iter()
        .zip(reference)
        .map(|(&i, &r)| {
            let d = (ours[i] - r).abs();
            if d <= 1e-13 {
                0.0
            } else {
                d / r.abs().max(ours[i].abs())
            }
        })
        .fold(0.0, f64::max)
}

fn check(name: &str) {
    let Some(f) = load(name) else { return };
    // NetworkX knows no border penalty: the fixtures are costed by the weight alone
    let opts = CentralityOptions {
        costing: Costing::new(f.weighting.clone()).with_border_penalty(0.0),
        ..Default::default()
    };
    assert_eq!(
        opts.directed(&f.net),
        f.json["directed"].as_bool().unwrap(),
        "{name}: direction"
    );
    let bc = centrality::betweenness(&f.net, &opts, &Default::default()).unwrap();
    let cl = centrality::closeness(&f.net, &opts, &Default::default()).unwrap();
    let tol = 1e-9;
    for (what, ours, idx, key) in [
        ("betweenness", &bc.hubs, &f.hubs, "betweenness"),
        (
            "edge betweenness",
            &bc.segments,
            &f.segs,
            "edge_betweenness",
        ),
        ("closeness", &cl.closeness, &f.hubs, "closeness"),
        ("harmonic", &cl.harmonic, &f.hubs, "harmonic"),
    ] {
        let d = max_rel(ours, idx, &floats(&f.json[key]));
        assert!(d <= tol, "{name}: {what} differs from NetworkX by {d:e}");
    }
    if let Some(od) = f.json.get("od") {
        let ids =
            |k: &str| -> Vec<String> { od[k].as_array().unwrap().iter().map(id_str).collect() };
        let demand = OdDemand::between(&f.net, &ids("sources"), &ids("targets")).unwrap();
        let o = CentralityOptions {
            normalized: false,
            od_convention: OdConvention::NetworkxSubset,
            ..opts
        };
        let r = centrality::od_betweenness(&f.net, &demand, &o, &Default::default()).unwrap();
        // the demand convention is NetworkX's sum without the undirected halving
        let flow = CentralityOptions {
            od_convention: OdConvention::Demand,
            ..o.clone()
        };
        let r2 = centrality::od_betweenness(&f.net, &demand, &flow, &Default::default()).unwrap();
        let factor = if r.directed { 1.0 } else { 2.0 };
        for (a, b) in r.hubs.iter().zip(&r2.hubs) {
            assert!(
                (factor * a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{name}: {a} vs {b}"
            );
        }
        let d = max_rel(&r.hubs, &f.hubs, &floats(&od["betweenness"]));
        assert!(d <= tol, "{name}: OD betweenness differs by {d:e}");
        let d = max_rel(&r.segments, &f.segs, &floats(&od["edge_betweenness"]));
        assert!(
            d <= tol,
            "{name}: OD edge betweenness differs from the {} reference by {d:e}",
            f.json["edge_od_reference"]
        );
        assert!(
            r.hubs.iter().any(|&x| x > 0.0),
            "{name}: OD test is vacuous"
        );
    }
}

#[test]
fn krackhardt_kite_matches_networkx() {
    check("kite");
}

#[test]
fn florentine_families_match_networkx() {
    check("florentine");
}

#[test]
fn weighted_grid_with_ties_everywhere_matches_networkx() {
    check("grid_ties");
}

#[test]
fn decimal_grid_counts_ulp_ties() {
    // Weights ×0.1: sums of the same costs in another order differ in the last ulp.
    check("grid_ulp");
    let f = load("grid_ulp").unwrap();
    let opts = CentralityOptions {
        costing: Costing::new(f.weighting.clone()),
        ..Default::default()
    };
    let bc = centrality::betweenness(&f.net, &opts, &Default::default()).unwrap();
    // NetworkX's exact comparison gives a different (tie-breaking) answer; ours does not.
    let naive = floats(&f.json["nx_naive_betweenness"]);
    assert!(max_rel(&bc.hubs, &f.hubs, &naive) > 1e-3);
}

#[test]
fn directed_multigraph_with_parallel_segments_matches_networkx() {
    check("directed_multi");
}

#[test]
fn road_like_2000_hubs_matches_networkx() {
    check("roadlike2k");
}

#[test]
fn road_like_2000_hubs_directed_matches_networkx() {
    check("roadlike2k_directed");
}

#[test]
fn helsinki_osm_roads_match_networkx() {
    check("helsinki");
}

#[test]
fn mexico_network_matches_networkx() {
    check("mexico");
}

pub(crate) fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

pub(crate) fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn bit_identical_at_1_and_4_threads() {
    let f = load("roadlike2k_directed").unwrap();
    let opts = CentralityOptions {
        costing: Costing::new(f.weighting.clone()),
        ..Default::default()
    };
    let demand = OdDemand::from_fn(&f.net, |s, t| ((s * 7 + t * 3) % 5) as f64).unwrap();
    let sample = SampleOptions {
        samples: Some(3000),
        seed: 9,
        ..Default::default()
    };
    let run = || {
        let b = centrality::betweenness(&f.net, &opts, &Default::default()).unwrap();
        let o = centrality::od_betweenness(&f.net, &demand, &opts, &Default::default()).unwrap();
        let s =
            centrality::sampled_betweenness(&f.net, &opts, &sample, &Default::default()).unwrap();
        let c = centrality::closeness(&f.net, &opts, &Default::default()).unwrap();
        [
            bits(&b.hubs),
            bits(&b.segments),
            bits(&o.hubs),
            bits(&o.segments),
            bits(&s.hubs),
            bits(&s.segments),
            bits(&c.closeness),
            bits(&c.harmonic),
        ]
    };
    let one = in_pool(1, run);
    let four = in_pool(4, run);
    assert!(one == four, "results depend on the thread count");
}

fn sampled_error_within_epsilon(name: &str, epsilon: f64, seed: u64) {
    let f = load(name).unwrap();
    let opts = CentralityOptions {
        costing: Costing::new(f.weighting.clone()),
        ..Default::default()
    };
    let n = f.net.hub_count() as f64;
    let exact = centrality::betweenness(&f.net, &opts, &Default::default()).unwrap();
    let s = SampleOptions {
        epsilon,
        delta: 0.1,
        seed,
        ..Default::default()
    };
    let est = centrality::sampled_betweenness(&f.net, &opts, &s, &Default::default()).unwrap();
    assert_eq!((est.seed, est.epsilon, est.delta), (seed, epsilon, 0.1));
    assert_eq!(est.samples, s.sample_size(est.vertex_diameter_bound));
    let hub_err = est
        .hubs
        .iter()
        .zip(&exact.hubs)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    let seg_err = est
        .segments
        .iter()
        .zip(&exact.segments)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        hub_err <= epsilon * n / (n - 2.0),
        "{name}: hub error {hub_err}"
    );
    assert!(seg_err <= epsilon, "{name}: segment error {seg_err}");
    // It is an estimate, not a copy of the exact values.
    assert!(hub_err > 0.0);

    // OD: pairs drawn by demand, error bound scaled by the total demand (halved: undirected).
    let demand = OdDemand::from_fn(&f.net, |s, t| ((s + 2 * t) % 3) as f64).unwrap();
    let raw = CentralityOptions {
        normalized: false,
        ..opts.clone()
    };
    let exact = centrality::od_betweenness(&f.net, &demand, &raw, &Default::default()).unwrap();
    let est =
        centrality::sampled_od_betweenness(&f.net, &demand, &raw, &s, &Default::default()).unwrap();
    let half = if exact.directed { 1.0 } else { 0.5 };
    let bound = epsilon * demand.total() * half;
    for (a, b) in est.hubs.iter().zip(&exact.hubs) {
        assert!(
            (a - b).abs() <= bound,
            "{name}: OD hub error {} > {bound}",
            (a - b).abs()
        );
    }
    for (a, b) in est.segments.iter().zip(&exact.segments) {
        assert!((a - b).abs() <= bound, "{name}: OD segment error");
    }
}

#[test]
fn sampled_error_stays_within_epsilon() {
    sampled_error_within_epsilon("florentine", 0.05, 1);
    sampled_error_within_epsilon("grid_ties", 0.05, 2);
    sampled_error_within_epsilon("roadlike2k", 0.03, 3);
}

#[test]
fn same_seed_same_sample() {
    let f = load("kite").unwrap();
    let opts = CentralityOptions {
        costing: Costing::new(f.weighting.clone()),
        ..Default::default()
    };
    let s = |seed| SampleOptions {
        samples: Some(200),
        seed,
        ..Default::default()
    };
    let a = centrality::sampled_betweenness(&f.net, &opts, &s(4), &Default::default()).unwrap();
    let b = centrality::sampled_betweenness(&f.net, &opts, &s(4), &Default::default()).unwrap();
    let c = centrality::sampled_betweenness(&f.net, &opts, &s(5), &Default::default()).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.hubs, c.hubs);
}

#[test]
fn demand_scales_od_betweenness_and_csv_matches() {
    let f = load("florentine").unwrap();
    let opts = CentralityOptions {
        costing: Costing::new(f.weighting.clone()),
        normalized: false,
        ..Default::default()
    };
    let ones = OdDemand::between(&f.net, &["Medici", "Strozzi"], &["Pazzi", "Ginori"]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("d.csv");
    std::fs::write(
        &p,
        "origin,destination,demand\nMedici,Pazzi,2\nMedici,Ginori,2\nStrozzi,Pazzi,2\nStrozzi,Ginori,1.5\nStrozzi,Ginori,0.5\n",
    )
    .unwrap();
    let twos = corridors::io::csv::read_demand(&p, &f.net).unwrap();
    let a = centrality::od_betweenness(&f.net, &ones, &opts, &Default::default()).unwrap();
    let b = centrality::od_betweenness(&f.net, &twos, &opts, &Default::default()).unwrap();
    for (x, y) in a.hubs.iter().zip(&b.hubs) {
        assert!((2.0 * x - y).abs() < 1e-12);
    }
    assert!(a.hubs.iter().any(|&x| x > 0.0));
}

#[test]
fn demand_csv_errors_name_file_line_column_and_id() {
    let f = load("kite").unwrap();
    let text = "origin,destination,demand\n0,1,1\n0,atlantis,1\n2,3,lots\n";
    let err = corridors::io::csv::read_demand_from("d.csv", text.as_bytes(), &f.net).unwrap_err();
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 2);
    assert_eq!(
        diags[0].to_string(),
        "error: d.csv: line 3 (id \"atlantis\") [destination]: unknown hub \"atlantis\" (a hub is named by its id, its name, kind:KIND or country:CC)"
    );
    assert_eq!(
        diags[1].to_string(),
        "error: d.csv: line 4 [demand]: demand must be a finite number ≥ 0, got \"lots\""
    );
    let err = corridors::io::csv::read_demand_from("d.csv", "from,to\n0,1\n".as_bytes(), &f.net)
        .unwrap_err();
    assert!(err.to_string().contains("origin,destination,demand"));
    let err = OdDemand::between(&f.net, &["0", "nowhere"], &["1"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown hub \"nowhere\" (a hub is named by its id, its name, kind:KIND or country:CC)"
    );
}
