//! The shared argument groups: every command that takes demand, cost, cases or `--out`
//! spells them the same way and reads them the same way.

use std::collections::BTreeMap;

use crate::support::{corridors, text, with_mexico};

fn run_ok(command: &str, args: &[&str]) -> std::process::Output {
    let mut all = with_mexico(command);
    all.extend(args);
    let o = corridors(&all);
    assert!(o.status.success(), "{command}: {}", text(&o.stderr));
    o
}

fn read(p: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// `id → od_betweenness` of the hub features of a GeoJSON layer.
fn od_by_hub(fc: &serde_json::Value) -> BTreeMap<String, f64> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["type"] == "Point")
        .map(|f| {
            let p = &f["properties"];
            (
                p["id"].as_str().unwrap().to_string(),
                p["od_betweenness"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn demand_lists_are_trimmed_and_take_kind_selectors_in_centrality() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.geojson"), dir.path().join("b.geojson"));
    // `kind:entry` was refused by `centrality` before the groups were shared
    run_ok(
        "centrality",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            "tijuana,ciudad_juarez",
            "--out",
            a.to_str().unwrap(),
        ],
    );
    run_ok(
        "centrality",
        &[
            "--sources",
            " kind:entry",
            "--targets",
            "tijuana , ciudad_juarez ",
            "--out",
            b.to_str().unwrap(),
        ],
    );
    let (fa, fb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(fa, fb, "blanks around list items change the result");
    let od = od_by_hub(&read(&a));
    assert!(od.values().any(|&v| v > 0.0), "no OD path through any hub");
}

#[test]
fn map_and_centrality_read_the_same_demand_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let cent = dir.path().join("c.geojson");
    let demand = [
        "--sources",
        "tapachula, tenosique",
        "--targets",
        "kind:border_crossing",
    ];
    let mut c = vec!["--weight", "minutes", "--out", cent.to_str().unwrap()];
    c.extend(demand);
    run_ok("centrality", &c);
    let map_dir = dir.path().join("map");
    let mut m = vec![
        "--measure",
        "od_betweenness",
        "--out-dir",
        map_dir.to_str().unwrap(),
    ];
    m.extend(demand);
    // map's default --weight is minutes, as centrality's --weight minutes above
    run_ok("map", &m);
    let from_map = od_by_hub(&read(&map_dir.join("hubs_od_betweenness.geojson")));
    let from_centrality = od_by_hub(&read(&cent));
    assert_eq!(from_map.len(), from_centrality.len());
    for (id, v) in &from_centrality {
        assert_eq!(
            from_map[id].to_bits(),
            v.to_bits(),
            "{id}: map {} vs centrality {v}",
            from_map[id]
        );
    }
    // a narrower demand than the default (every entry hub to every border crossing)
    let default_dir = dir.path().join("default");
    run_ok(
        "map",
        &[
            "--measure",
            "od_betweenness",
            "--out-dir",
            default_dir.to_str().unwrap(),
        ],
    );
    let all = od_by_hub(&read(&default_dir.join("hubs_od_betweenness.geojson")));
    assert_ne!(all, from_map, "--sources/--targets were ignored by map");
}

#[test]
fn out_writes_the_same_bytes_to_a_file_or_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sub/dir/agg.geojson");
    let cases = ["--cases", "data/mexico/cases_synthetic.csv"];
    let mut with_out = cases.to_vec();
    with_out.extend(["--out", file.to_str().unwrap()]);
    let o = run_ok("aggregate", &with_out);
    assert!(o.stdout.is_empty());
    let stdout = run_ok("aggregate", &cases).stdout;
    let mut written = std::fs::read(&file).unwrap();
    written.push(b'\n');
    assert_eq!(written, stdout);
}

#[test]
fn map_takes_the_case_options_of_aggregate() {
    let dir = tempfile::tempdir().unwrap();
    let agg = dir.path().join("agg.geojson");
    let opts = [
        "--cases",
        "data/mexico/cases_synthetic.csv",
        "--min-count",
        "2",
        "--rounding",
        "2",
    ];
    let mut a = opts.to_vec();
    a.extend(["--out", agg.to_str().unwrap()]);
    run_ok("aggregate", &a);
    let mut m = opts.to_vec();
    let out_dir = dir.path().join("map");
    m.extend([
        "--measure",
        "degree",
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    run_ok("map", &m);
    // one count per segment id, from the segment features
    // (a count is an integer in `aggregate` and a float in the map's measure layer)
    let counts = |fc: &serde_json::Value, key: &str| -> BTreeMap<String, Option<f64>> {
        fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["geometry"]["type"] == "LineString")
            .map(|f| {
                let p = &f["properties"];
                (p["id"].as_str().unwrap().to_string(), p[key].as_f64())
            })
            .collect()
    };
    let from_agg = counts(&read(&agg), "cases");
    let from_map = counts(&read(&out_dir.join("segments_cases.geojson")), "cases");
    assert!(from_agg.values().flatten().all(|c| c % 2.0 == 0.0));
    assert!(
        from_agg.values().flatten().any(|&c| c > 0.0),
        "nothing published"
    );
    assert_eq!(from_agg, from_map);
}
