//! `corridors map`: files written, measures not yet in this build, bad arguments.

use crate::support::{corridors, with_mexico};

#[test]
fn map_writes_layers_and_picture() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let mut args = with_mexico("map");
    args.extend([
        "--measure",
        "degree",
        "--measure",
        "length",
        "--out-dir",
        out,
    ]);
    let o = corridors(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "network.geojson",
        "hubs_degree.geojson",
        "segments_length_km.geojson",
        "map.svg",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    let svg = std::fs::read_to_string(dir.path().join("map.svg")).unwrap();
    assert!(svg.contains("id=\"outline-"), "default outlines not drawn");
    assert_eq!(cfg!(feature = "png"), dir.path().join("map.png").is_file());
}

#[test]
fn centrality_and_case_measures_are_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = with_mexico("map");
    args.extend([
        "--measure",
        "od_betweenness",
        "--itineraries",
        "data/mexico/itineraries_synthetic.csv",
        "--out-dir",
        dir.path().to_str().unwrap(),
    ]);
    let o = corridors(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(f)).unwrap()).unwrap()
    };
    // OD betweenness from entry hubs to border crossings: Tapachula's corridor north carries
    // OD paths, so some hub has a positive score, and every score is finite and ≥ 0.
    let hubs = read("hubs_od_betweenness.geojson");
    let vals: Vec<f64> = hubs["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["od_betweenness"].as_f64().unwrap())
        .collect();
    assert_eq!(vals.len(), 103);
    assert!(vals.iter().all(|v| v.is_finite() && *v >= 0.0));
    assert!(vals.iter().any(|v| *v > 0.0));
    // Case load: no published count between 1 and 10; suppressed ones are null.
    let segs = read("segments_cases.geojson");
    let mut suppressed = 0;
    for f in segs["features"].as_array().unwrap() {
        let p = &f["properties"];
        match p["cases"].as_f64() {
            Some(v) => assert!(v == 0.0 || v >= 11.0, "published small count {v}"),
            None => {
                assert_eq!(p["suppressed"], true);
                suppressed += 1;
            }
        }
    }
    assert!(
        suppressed > 0,
        "the synthetic data has rarely used segments"
    );
}

#[test]
fn measures_without_their_inputs_are_clear_errors() {
    for (extra, needle) in [
        (
            vec!["--measure", "cases"],
            "needs --cases FILE or --itineraries FILE",
        ),
        (vec!["--cases", "no/such/cases.csv"], "no/such/cases.csv"),
        (
            vec!["--measure", "od_betweenness", "--demand", "no/such.csv"],
            "no/such.csv",
        ),
        (
            vec!["--measure", "betweenness", "--weight", "lanes"],
            "lanes",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = with_mexico("map");
        args.extend(extra.iter().copied());
        args.extend(["--out-dir", dir.path().to_str().unwrap()]);
        let o = corridors(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn bad_arguments_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let mut two_hub = with_mexico("map");
    two_hub.extend([
        "--measure",
        "degree",
        "--measure",
        "degree",
        "--measure",
        "length",
        "--classes",
        "9",
        "--out-dir",
        out,
    ]);
    let o = corridors(&two_hub);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--classes must be 1..=7"));
    assert!(
        !dir.path().join("network.geojson").exists(),
        "wrote output before failing"
    );
    let mut bad_base = with_mexico("map");
    bad_base.extend(["--boundaries", "data/mexico/hubs.geojson", "--out-dir", out]);
    let o = corridors(&bad_base);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("data/mexico/hubs.geojson: feature 0"), "{err}");
}
