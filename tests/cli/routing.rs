//! The `route`, `plan` and `whatif` subcommands end to end.

use crate::support::{text, with_mexico};

/// `corridors COMMAND --network … ARGS…` on the Mexico network: (success, stdout, stderr).
fn corridors(args: &[&str]) -> (bool, String, String) {
    let (command, rest) = args.split_first().expect("a subcommand");
    let mut all: Vec<&str> = with_mexico(command);
    all.extend(rest);
    let o = crate::support::corridors(&all);
    (o.status.success(), text(&o.stdout), text(&o.stderr))
}

fn read_json(p: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn route_writes_ranked_linestrings() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.geojson");
    let (ok, stdout, stderr) = corridors(&[
        "route",
        "--from",
        "tapachula",
        "--to",
        "tijuana",
        "--k",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("#3"));
    let fc = read_json(&out);
    let f = fc["features"].as_array().unwrap();
    assert_eq!(f.len(), 3);
    for (k, x) in f.iter().enumerate() {
        let p = &x["properties"];
        assert_eq!(p["rank"], k + 1);
        assert_eq!(x["geometry"]["type"], "LineString");
        for key in ["cost", "length_m", "minutes", "hubs", "segments"] {
            assert!(!p[key].is_null(), "{key}");
        }
        assert_eq!(p["hubs"][0], "tapachula");
    }
}

#[test]
fn bad_ids_are_clear_errors() {
    let (ok, _, stderr) = corridors(&["route", "--from", "tapachula", "--to", "atlantis"]);
    assert!(
        !ok && stderr.contains("atlantis") && !stderr.contains("panicked"),
        "{stderr}"
    );
    let (ok, _, stderr) = corridors(&[
        "whatif",
        "--remove",
        "nowhere",
        "--sources",
        "kind:entry",
        "--targets",
        "tijuana",
    ]);
    assert!(!ok && stderr.contains("nowhere"), "{stderr}");
    let (ok, _, stderr) = corridors(&[
        "plan",
        "--sources",
        "kind:nonsense",
        "--targets",
        "tijuana",
        "--budget",
        "2",
    ]);
    assert!(!ok && stderr.contains("nonsense"), "{stderr}");
    let (ok, _, stderr) = corridors(&[
        "plan",
        "--sources",
        "tapachula",
        "--targets",
        "tijuana",
        "--budget",
        "2",
        "--candidates",
        "arriaga,atlantis",
    ]);
    assert!(!ok && stderr.contains("atlantis"), "{stderr}");
}

#[test]
fn plan_and_whatif_write_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.geojson");
    let (ok, stdout, stderr) = corridors(&[
        "plan",
        "--sources",
        "kind:entry",
        "--targets",
        "kind:border_crossing",
        "--budget",
        "5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("captured"));
    let fc = read_json(&out);
    let f = fc["features"].as_array().unwrap();
    assert!(!f.is_empty() && f.len() <= 5);
    assert_eq!(f[0]["properties"]["rank"], 1);
    assert!(f[0]["properties"]["marginal_gain"].as_f64().unwrap() > 0.0);

    let demand = dir.path().join("d.csv");
    std::fs::write(
        &demand,
        "origin,destination,demand\ntapachula,tijuana,5\ntenosique,matamoros,2\n",
    )
    .unwrap();
    let csv_out = dir.path().join("w.csv");
    let (ok, stdout, stderr) = corridors(&[
        "whatif",
        "--remove",
        "arriaga",
        "--demand",
        demand.to_str().unwrap(),
        "--out",
        csv_out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("2 OD pairs"), "{stdout}");
    let text = std::fs::read_to_string(&csv_out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "origin,destination,demand,base_cost,new_cost,cost_increase,disconnected,cost_unit"
    );
    assert!(lines[1].starts_with("tapachula,tijuana,5,"));
    assert!(
        lines[1].ends_with(",m") || lines[1].ends_with(",min"),
        "costs carry their unit (m for length): {}",
        lines[1]
    );
    assert_eq!(lines.len(), 3);
}
