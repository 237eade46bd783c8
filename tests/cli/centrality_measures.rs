//! `corridors centrality --measures` (only what is asked is computed and written) and the
//! sampled closeness / adaptive betweenness options, on the Mexico data.

use crate::support::{corridors, with_mexico};

fn run_json(args: &[&str]) -> (std::process::Output, Option<serde_json::Value>) {
    let mut all = with_mexico("centrality");
    all.extend(args);
    // `--out -`: the GeoJSON on stdout (without --out the command prints a table)
    all.extend(["--out", "-"]);
    let o = corridors(&all);
    let v = serde_json::from_slice(&o.stdout).ok();
    (o, v)
}

/// The property keys present on every hub (Point) and every segment (LineString).
fn keys(fc: &serde_json::Value, geometry: &str) -> Vec<String> {
    let mut common: Option<Vec<String>> = None;
    for f in fc["features"].as_array().unwrap() {
        if f["geometry"]["type"] != geometry {
            continue;
        }
        let k: Vec<String> = f["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        common = Some(match common {
            None => k,
            Some(c) => c.into_iter().filter(|x| k.contains(x)).collect(),
        });
    }
    common.unwrap_or_default()
}

#[test]
fn measures_pick_the_properties_written() {
    let (o, fc) = run_json(&["--weight", "minutes", "--measures", "betweenness"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fc = fc.unwrap();
    let hubs = keys(&fc, "Point");
    assert!(hubs.contains(&"betweenness".to_string()));
    assert!(!hubs.iter().any(|k| k == "closeness" || k == "harmonic"));
    assert!(!keys(&fc, "LineString").contains(&"edge_betweenness".to_string()));
    assert_eq!(fc["measures"], "betweenness");

    let (o, fc) = run_json(&["--measures", "harmonic,edge"]);
    assert!(o.status.success());
    let fc = fc.unwrap();
    let hubs = keys(&fc, "Point");
    assert!(hubs.contains(&"harmonic".to_string()));
    assert!(!hubs.iter().any(|k| k == "betweenness" || k == "closeness"));
    assert!(keys(&fc, "LineString").contains(&"edge_betweenness".to_string()));
}

#[test]
fn sampled_closeness_states_its_error() {
    let (o, fc) = run_json(&[
        "--measures",
        "closeness,harmonic",
        "--samples",
        "40",
        "--seed",
        "3",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fc = fc.unwrap();
    let s = &fc["closeness_sampling"];
    assert_eq!(s["sources"], 40);
    assert!(s["harmonic_error"].as_f64().unwrap() > 0.0);
    assert!(
        fc.get("betweenness_sampling").is_none(),
        "betweenness was not asked for"
    );
}

#[test]
fn adaptive_sampling_reports_itself() {
    let (o, fc) = run_json(&[
        "--measures",
        "betweenness,edge",
        "--epsilon",
        "0.1",
        "--adaptive",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = &fc.unwrap()["betweenness_sampling"];
    assert_eq!(s["adaptive"], true);
    assert!(s["vertex_diameter_bound"].as_u64().unwrap() < 95);
}

#[test]
fn unknown_measure_and_od_without_betweenness_are_errors() {
    let (o, _) = run_json(&["--measures", "pagerank"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("pagerank"));
    let (o, _) = run_json(&[
        "--measures",
        "closeness",
        "--sources",
        "tapachula",
        "--targets",
        "tijuana",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--measures"));
}

#[test]
fn properties_none_or_listed_leaves_the_free_properties_out() {
    let (o, all) = run_json(&["--measures", "betweenness"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = all.unwrap();
    assert!(keys(&all, "Point").contains(&"geonameid".to_string()));
    assert!(keys(&all, "LineString").contains(&"via".to_string()));

    let (o, none) = run_json(&["--measures", "betweenness", "--properties", "none"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let none = none.unwrap();
    let hubs = keys(&none, "Point");
    // `country` stays: the costing counts border crossings by it
    assert!(!hubs.iter().any(|k| k == "geonameid" || k == "population"));
    assert!(hubs.contains(&"country".to_string()));
    assert!(hubs.contains(&"betweenness".to_string()) && hubs.contains(&"name".to_string()));
    assert!(!keys(&none, "LineString").contains(&"via".to_string()));
    // the scores do not depend on which properties are kept
    let scores = |fc: &serde_json::Value| -> Vec<serde_json::Value> {
        fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["betweenness"].clone())
            .collect()
    };
    assert_eq!(scores(&all), scores(&none));

    let (o, listed) = run_json(&["--measures", "betweenness", "--properties", "population"]);
    assert!(o.status.success());
    let listed = listed.unwrap();
    let hubs = keys(&listed, "Point");
    assert!(hubs.contains(&"population".to_string()) && !hubs.contains(&"geonameid".to_string()));
    assert_eq!(scores(&all), scores(&listed));
}

#[test]
fn a_file_output_is_the_same_geojson_as_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep/c.geojson");
    let mut args = with_mexico("centrality");
    args.extend([
        "--measures",
        "betweenness,edge",
        "--out",
        path.to_str().unwrap(),
    ]);
    let o = corridors(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (o, _) = run_json(&["--measures", "betweenness,edge"]);
    let mut file = std::fs::read(&path).unwrap();
    // stdout ends the document with a newline, a file does not
    file.push(b'\n');
    assert_eq!(file, o.stdout);
    let fc: serde_json::Value = serde_json::from_slice(&file).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert!(fc["parameters"]["measures"] == "betweenness,edge");
}
