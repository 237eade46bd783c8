//! `corridors stats …` end to end on the Helsinki street network with planar lengths
//! (tests/fixtures/stats): the K.json / HOT / NKDE / SCAN contracts, parity with the
//! fixture values, byte-identical output at 1 and 2 threads, and the privacy rule (check 26).

use serde_json::Value;

use crate::support::{cmd, text};

const NET: [&str; 6] = [
    "--network",
    "tests/fixtures/stats/helsinki_planar_hubs.geojson",
    "--network",
    "tests/fixtures/stats/helsinki_planar_segments.geojson",
    "--tolerance-m",
    "0.01",
];
const POS: [&str; 2] = ["--positions", "tests/fixtures/stats/helsinki_positions.csv"];

fn run(threads: &str, args: &[&str]) -> std::process::Output {
    let out = cmd()
        .env("RAYON_NUM_THREADS", threads)
        .arg("stats")
        .args(args)
        .args(NET)
        .args(POS)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

fn json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn fixture() -> Value {
    serde_json::from_str(&std::fs::read_to_string("tests/fixtures/stats/helsinki.json").unwrap())
        .unwrap()
}

#[test]
fn k_json_contract_parity_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let radii: Vec<String> = f["radii"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{}", r.as_f64().unwrap()))
        .collect();
    let radii = radii.join(",");
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("K{threads}.json"));
        let svg = dir.path().join(format!("K{threads}.svg"));
        run(
            threads,
            &[
                "k",
                "--estimator",
                "spaghetti",
                "--radii",
                &radii,
                "--replicates",
                "19",
                "--seed",
                "3",
                "--out",
                out.to_str().unwrap(),
                "--plot",
                svg.to_str().unwrap(),
            ],
        );
        outs.push(std::fs::read(&out).unwrap());
        assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    }
    assert_eq!(outs[0], outs[1], "byte-identical at 1 and 2 threads");
    let k: Value = serde_json::from_slice(&outs[0]).unwrap();
    for key in [
        "estimator",
        "null",
        "n",
        "total_length_m",
        "replicates",
        "seed",
        "radii_m",
        "observed",
        "sim_mean",
        "lo",
        "hi",
        "p_global",
    ] {
        assert!(k.get(key).is_some(), "K.json lacks {key}");
    }
    assert_eq!(k["estimator"], "spaghetti");
    assert_eq!(k["null"], "length");
    assert_eq!(k["n"], 300);
    assert_eq!(k["positions"]["skipped"], 2);
    let obs = k["observed"].as_array().unwrap();
    let want = f["k_spaghetti"].as_array().unwrap();
    for (a, b) in obs.iter().zip(want) {
        let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
    }
    let p = k["p_global"].as_f64().unwrap();
    assert!(p > 0.0 && p <= 1.0);
    assert_eq!(k["radii_m"].as_array().unwrap().len(), obs.len());
}

#[test]
fn hotspots_contract_parity_privacy_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("HOT{threads}.geojson"));
        run(
            threads,
            &[
                "hotspots",
                "--replicates",
                "99",
                "--seed",
                "1",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        outs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outs[0], outs[1], "byte-identical at 1 and 2 threads");
    let hot: Value = serde_json::from_slice(&outs[0]).unwrap();
    let f = fixture();
    let feats = hot["features"].as_array().unwrap();
    assert_eq!(feats.len(), f["segments"].as_u64().unwrap() as usize);
    assert!(hot["privacy"]["min_count"].as_u64() == Some(11));
    let stat_keys = [
        "cases",
        "expected",
        "ratio",
        "p",
        "q",
        "significant",
        "gi_z",
        "gi_p",
    ];
    let mut published_p = 0;
    for (i, ft) in feats.iter().enumerate() {
        let p = &ft["properties"];
        assert_eq!(ft["geometry"]["type"], "LineString");
        for key in ["id", "from", "to", "length_m"] {
            assert!(p.get(key).is_some());
        }
        if p["suppressed"] == true {
            for key in stat_keys {
                assert!(
                    p.get(key).is_none(),
                    "suppressed segment {i} publishes {key}"
                );
            }
            continue;
        }
        let c = p["cases"].as_u64().unwrap();
        assert!(c == 0 || c >= 11, "segment {i} publishes {c} cases");
        assert_eq!(c, f["counts"][i].as_u64().unwrap());
        let want = f["p"][i].as_f64().unwrap();
        let got = p["p"].as_f64().unwrap();
        assert!(
            (got - want).abs() <= 1e-9 * want,
            "p of {i}: {got} vs {want}"
        );
        if let Some(q) = p["q"].as_f64() {
            let want = f["q_bh"][i].as_f64().unwrap();
            assert!((q - want).abs() <= 1e-9 * want);
        }
        if let Some(z) = p["gi_z"].as_f64() {
            let want = f["gi_star_z"][i].as_f64().unwrap();
            assert!((z - want).abs() <= 1e-9 * want.abs().max(1.0));
        }
        published_p += 1;
    }
    assert!(published_p > 900);
    let sig = hot["metadata"]["significant_segments"].as_array().unwrap();
    assert!(
        !sig.is_empty(),
        "the clustered half of the fixture is found"
    );
}

#[test]
fn nkde_mass_privacy_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    for method in ["continuous", "discontinuous"] {
        let mut outs = Vec::new();
        for threads in ["1", "2"] {
            let out = dir.path().join(format!("N{method}{threads}.geojson"));
            run(
                threads,
                &[
                    "nkde",
                    "--bandwidth-m",
                    "120",
                    "--lixel-m",
                    "30",
                    "--method",
                    method,
                    "--min-count",
                    "1",
                    "--out",
                    out.to_str().unwrap(),
                ],
            );
            outs.push(std::fs::read(&out).unwrap());
        }
        assert_eq!(outs[0], outs[1]);
        let d: Value = serde_json::from_slice(&outs[0]).unwrap();
        let total: f64 = d["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["mass"].as_f64().unwrap())
            .sum();
        assert!((total - 300.0).abs() < 1e-6, "{method}: {total}");
    }
    // the default k = 11: suppressed lixels carry nothing else
    let out = dir.path().join("N.geojson");
    run(
        "2",
        &[
            "nkde",
            "--bandwidth-m",
            "120",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let d = json(&out);
    let feats = d["features"].as_array().unwrap();
    assert!(feats.iter().any(|f| f["properties"]["suppressed"] == true));
    for f in feats {
        let p = &f["properties"];
        if p["suppressed"] == true {
            assert!(p.get("density_per_km").is_none() && p.get("mass").is_none());
        } else {
            assert!(p["density_per_km"].as_f64().is_some());
        }
    }
}

#[test]
fn scan_contract_privacy_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(format!("S{threads}.geojson"));
        run(
            threads,
            &["scan", "--replicates", "99", "--out", out.to_str().unwrap()],
        );
        outs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outs[0], outs[1]);
    let s: Value = serde_json::from_slice(&outs[0]).unwrap();
    let feats = s["features"].as_array().unwrap();
    assert!(!feats.is_empty());
    let first = &feats[0]["properties"];
    assert_eq!(first["cluster"], 1);
    assert!(first["cases"].as_u64().unwrap() >= 11);
    assert!(first["p"].as_f64().unwrap() <= 0.05);
    for f in feats {
        let p = &f["properties"];
        if p["suppressed"] == true {
            for key in ["cases", "expected", "llr", "p"] {
                assert!(p.get(key).is_none());
            }
        } else {
            assert!(p["cases"].as_u64().unwrap() >= 11);
        }
    }
}

#[test]
fn bad_input_is_a_clear_error() {
    let out = cmd()
        .args(["stats", "k"])
        .args(NET)
        .args([
            "--positions",
            "tests/fixtures/stats/helsinki.json",
            "--out",
            "/tmp/x.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error"));
    let out = cmd()
        .args(["stats", "hotspots"])
        .args(NET)
        .args(POS)
        .args(["--null", "exposure:traffic", "--out", "/tmp/x.geojson"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("traffic"),
        "{}",
        text(&out.stderr)
    );
}
