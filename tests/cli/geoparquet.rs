//! `.parquet` wherever the CLI takes or writes `.geojson`: every published layer written as
//! GeoParquet reads back equal to the GeoJSON the same command writes, and GeoParquet
//! networks and case files are inputs.

use std::path::{Path, PathBuf};

use corridors::io::geoparquet;
use geojson::FeatureCollection;
use serde_json::Value;

use crate::support::{MEXICO, corridors, text, with_mexico};

fn run_ok(args: &[&str]) -> std::process::Output {
    let o = corridors(args);
    assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
    o
}

fn geojson_of(path: &Path) -> FeatureCollection {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A property value read back from GeoParquet equals the GeoJSON one: the same JSON, the
/// same number (an integer in a float column reads back as a float), or, in a column of
/// mixed scalars, the JSON text of the value.
fn same_value(json: &Value, parquet: &Value) -> bool {
    // serde_json's default float parsing is not correctly rounded (the `float_roundtrip`
    // feature is off): the GeoJSON side may be a few ulps off the value that was written
    let close = match (json.as_f64(), parquet.as_f64()) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-15 * a.abs().max(b.abs()),
        _ => false,
    };
    json == parquet || close || parquet.as_str() == Some(json.to_string().as_str())
}

/// The GeoParquet layer equals the GeoJSON layer: members, then every feature's geometry
/// and non-null properties (a property a feature lacks reads back as null).
fn assert_same_layer(json: &FeatureCollection, parquet: &FeatureCollection, what: &str) {
    assert_eq!(
        json.foreign_members, parquet.foreign_members,
        "{what}: members"
    );
    assert_eq!(
        json.features.len(),
        parquet.features.len(),
        "{what}: features"
    );
    for (i, (a, b)) in json.features.iter().zip(&parquet.features).enumerate() {
        assert_eq!(a.geometry, b.geometry, "{what}: feature {i} geometry");
        let pa = a.properties.clone().unwrap_or_default();
        let pb = b.properties.clone().unwrap_or_default();
        for (k, v) in &pa {
            if v.is_null() {
                continue;
            }
            let w = pb.get(k).unwrap_or(&Value::Null);
            assert!(same_value(v, w), "{what}: feature {i} {k}: {v} != {w}");
        }
        for (k, w) in &pb {
            assert!(
                w.is_null() || pa.contains_key(k),
                "{what}: feature {i} gained {k}"
            );
        }
    }
}

/// Runs `args` twice, `--out x.geojson` and `--out x.parquet`, and compares the layers.
fn same_out(name: &str, args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let gj = dir.path().join(format!("{name}.geojson"));
    let pq = dir.path().join(format!("{name}.parquet"));
    for out in [&gj, &pq] {
        let mut a = args.to_vec();
        a.extend(["--out", out.to_str().unwrap()]);
        run_ok(&a);
    }
    assert_eq!(&std::fs::read(&pq).unwrap()[..4], b"PAR1");
    let back = geoparquet::read_feature_collection(&pq).unwrap();
    assert!(!back.features.is_empty(), "{name}: empty layer");
    assert_same_layer(&geojson_of(&gj), &back, name);
}

#[test]
fn centrality_route_plan_and_aggregate_write_geoparquet() {
    same_out("centrality", &with_mexico("centrality"));
    let mut route = with_mexico("route");
    route.extend(["--from", "tapachula", "--to", "tijuana", "--k", "2"]);
    same_out("route", &route);
    let mut plan = with_mexico("plan");
    plan.extend([
        "--sources",
        "tapachula",
        "--targets",
        "tijuana",
        "--budget",
        "2",
    ]);
    same_out("plan", &plan);
    let mut aggregate = with_mexico("aggregate");
    aggregate.extend(["--cases", "data/mexico/cases_synthetic.csv"]);
    same_out("aggregate", &aggregate);
}

#[test]
fn stats_layers_write_geoparquet() {
    let args = [
        "stats",
        "hotspots",
        "--replicates",
        "9",
        "--seed",
        "1",
        "--network",
        "tests/fixtures/stats/helsinki_planar_hubs.geojson",
        "--network",
        "tests/fixtures/stats/helsinki_planar_segments.geojson",
        "--tolerance-m",
        "0.01",
        "--positions",
        "tests/fixtures/stats/helsinki_positions.csv",
    ];
    same_out("hotspots", &args);
}

#[test]
fn whatif_routes_write_geoparquet() {
    let dir = tempfile::tempdir().unwrap();
    let mut layers = Vec::new();
    for ext in ["geojson", "parquet"] {
        let p = dir.path().join(format!("routes.{ext}"));
        let mut a = with_mexico("whatif");
        a.extend([
            "--remove",
            "arriaga",
            "--sources",
            "tapachula",
            "--targets",
            "tijuana",
            "--routes-out",
            p.to_str().unwrap(),
        ]);
        run_ok(&a);
        layers.push(p);
    }
    let back = geoparquet::read_feature_collection(&layers[1]).unwrap();
    assert_same_layer(&geojson_of(&layers[0]), &back, "whatif routes");
}

#[test]
fn map_writes_every_layer_as_geoparquet() {
    let dir = tempfile::tempdir().unwrap();
    let run = |format: &str| -> PathBuf {
        let out = dir.path().join(format);
        let mut a = with_mexico("map");
        a.extend([
            "--measure",
            "betweenness",
            "--measure",
            "cases",
            "--cases",
            "data/mexico/cases_synthetic.csv",
            "--layer-format",
            format,
            "--out-dir",
            out.to_str().unwrap(),
        ]);
        run_ok(&a);
        out
    };
    let (gj, pq) = (run("geojson"), run("parquet"));
    let mut names: Vec<_> = std::fs::read_dir(&gj)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".geojson"))
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for n in &names {
        let p = pq.join(n).with_extension("parquet");
        assert!(!pq.join(n).exists(), "{n} written as GeoJSON too");
        let back = geoparquet::read_feature_collection(&p).unwrap();
        assert_same_layer(&geojson_of(&gj.join(n)), &back, n);
    }
}

#[test]
fn geoparquet_networks_and_cases_are_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let net = crate::support::mexico();
    let netpq = dir.path().join("mexico.parquet");
    geoparquet::write_network(&netpq, &net).unwrap();
    // the same centrality from the GeoParquet network as from the GeoJSON files
    let from = |network: &[&str], out: &Path| {
        let mut a = vec!["centrality"];
        a.extend(network);
        a.extend(["--out", out.to_str().unwrap()]);
        run_ok(&a);
        geojson_of(out)
    };
    let a = from(&MEXICO, &dir.path().join("a.geojson"));
    let b = from(
        &["--network", netpq.to_str().unwrap()],
        &dir.path().join("b.geojson"),
    );
    assert_eq!(a.features.len(), b.features.len());
    let score = |fc: &FeatureCollection, key: &str| -> Vec<(String, f64)> {
        let mut v: Vec<_> = fc
            .features
            .iter()
            .filter_map(|f| Some((f.property("id")?.to_string(), f.property(key)?.as_f64()?)))
            .collect();
        v.sort_by(|x, y| x.0.cmp(&y.0));
        v
    };
    assert_eq!(score(&a, "betweenness"), score(&b, "betweenness"));
    assert_eq!(score(&a, "edge_betweenness"), score(&b, "edge_betweenness"));
    // case points from GeoParquet: the aggregate of a GeoParquet copy of the case CSV
    let cases =
        corridors::io::read_cases("data/mexico/cases_synthetic.csv", &Default::default()).unwrap();
    let fc: FeatureCollection = cases
        .records
        .iter()
        .map(|c| {
            let mut f = geojson::Feature::from(geojson::Geometry::new_point([
                c.location.x(),
                c.location.y(),
            ]));
            f.set_property("id", c.id.clone());
            f.set_property("count", c.count);
            f
        })
        .collect();
    let casespq = dir.path().join("cases.parquet");
    geoparquet::write_feature_collection(&casespq, &fc).unwrap();
    let agg = |file: &Path| -> Value {
        let mut a = with_mexico("aggregate");
        a.extend(["--cases", file.to_str().unwrap()]);
        serde_json::from_slice(&run_ok(&a).stdout).unwrap()
    };
    let csv_counts = agg(Path::new("data/mexico/cases_synthetic.csv"));
    let pq_counts = agg(&casespq);
    assert_eq!(csv_counts["features"], pq_counts["features"]);
    // GeoParquet cannot go to stdout; a damaged input is one error line, exit 2
    let broken = dir.path().join("broken.parquet");
    std::fs::write(&broken, b"PAR1 not really").unwrap();
    let o = corridors(&["centrality", "--network", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("broken.parquet"),
        "{}",
        text(&o.stderr)
    );
}
