//! `corridors centrality` end to end on the Mexico data.

use crate::support::{corridors, with_mexico};

fn run(args: &[&str]) -> std::process::Output {
    let mut all = with_mexico("centrality");
    all.extend(args);
    corridors(&all)
}

#[test]
fn writes_the_centrality_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.geojson");
    let o = run(&[
        "--weight",
        "minutes",
        "--sources",
        "tapachula,ciudad_hidalgo_chiapas",
        "--targets",
        "tijuana,ciudad_juarez",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let net = crate::support::mexico();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), net.hub_count() + net.segment_count());
    let mut hubs = 0;
    for f in features {
        let p = &f["properties"];
        match f["geometry"]["type"].as_str().unwrap() {
            "Point" => {
                hubs += 1;
                for k in [
                    "id",
                    "name",
                    "kind",
                    "betweenness",
                    "closeness",
                    "harmonic",
                    "degree",
                    "od_betweenness",
                ] {
                    assert!(p.get(k).is_some(), "hub lacks {k}");
                }
                assert!(net.hub_index(p["id"].as_str().unwrap()).is_some());
            }
            "LineString" => {
                for k in [
                    "id",
                    "from",
                    "to",
                    "edge_betweenness",
                    "od_edge_betweenness",
                ] {
                    assert!(p.get(k).is_some(), "segment lacks {k}");
                }
            }
            other => panic!("unexpected geometry {other}"),
        }
    }
    assert_eq!(hubs, net.hub_count());
    // every entry→border route leaves Tapachula's region through some hub: OD scores exist
    assert!(
        features
            .iter()
            .any(|f| f["properties"]["od_betweenness"].as_f64().unwrap_or(0.0) > 0.0)
    );
}

#[test]
fn bad_ids_are_errors_naming_the_id() {
    let o = run(&["--sources", "tapachula,atlantis", "--targets", "tijuana"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown hub \"atlantis\""), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("d.csv");
    std::fs::write(
        &csv,
        "origin,destination,demand\ntapachula,tijuana,3\ntapachula,nowhere,1\n",
    )
    .unwrap();
    let o = run(&["--demand", csv.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 3") && err.contains("\"nowhere\""),
        "{err}"
    );
}

#[test]
fn sampling_reports_its_guarantee() {
    let o = run(&["--epsilon", "0.05", "--seed", "3", "--out", "-"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &fc["betweenness_sampling"];
    assert_eq!(s["epsilon"], 0.05);
    assert_eq!(s["seed"], 3);
    assert!(s["samples"].as_u64().unwrap() > 0);
}
