//! One vocabulary across commands (issue 16, point 5) and no silent outcomes (point 6):
//! every hub-reference form in every command that takes hubs, dates as --since/--until,
//! --out by extension, summaries with units, parameters in every output, and a message for
//! each outcome that used to pass silently.

use std::path::Path;

use serde_json::Value;

use crate::support::{text, with_mexico};

/// `corridors COMMAND` on the Mexico network: (exit code, stdout, stderr).
fn run(command: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = with_mexico(command);
    all.extend(args);
    let o = crate::support::corridors(&all);
    (
        o.status.code().unwrap_or(-1),
        text(&o.stdout),
        text(&o.stderr),
    )
}

fn ok(command: &str, args: &[&str]) -> (String, String) {
    let (code, out, err) = run(command, args);
    assert_eq!(code, 0, "{command} {args:?}: {err}");
    (out, err)
}

fn json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The ids of the hubs of a kind in the shipped data (read, not written down, so that the
/// tests follow the data).
fn ids_of_kind(kind: corridors::HubKind) -> Vec<String> {
    let net = crate::support::mexico();
    net.hubs_of_kind(kind)
        .into_iter()
        .map(|h| net.hub(h).id.as_key())
        .collect()
}

// ---- hub references -------------------------------------------------------------------

#[test]
fn route_takes_ids_names_and_prefixed_forms_alike() {
    let (by_id, _) = ok(
        "route",
        &[
            "--from",
            "tapachula",
            "--via",
            "cancun",
            "--to",
            "ciudad_juarez",
        ],
    );
    for (from, via, to) in [
        ("Tapachula", "Cancún", "Ciudad Juárez"),
        ("  TAPACHULA ", "cancun", "ciudad juarez"),
        ("id:tapachula", "name:CANCÚN", "id:CIUDAD_JUAREZ"),
    ] {
        let (out, _) = ok("route", &["--from", from, "--via", via, "--to", to]);
        assert_eq!(out, by_id, "{from} / {via} / {to}");
    }
    // one hub only: a kind names several
    let (code, _, err) = run("route", &["--from", "kind:entry", "--to", "tijuana"]);
    assert_eq!(code, 2);
    let entries = ids_of_kind(corridors::HubKind::Entry).len();
    assert!(
        err.contains("--from") && err.contains(&format!("names {entries} hubs")),
        "{err}"
    );
    let (code, _, err) = run("route", &["--from", "tapachla", "--to", "tijuana"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean tapachula"), "{err}");
}

#[test]
fn centrality_takes_kinds_names_countries_and_trimmed_lists() {
    let entries = ids_of_kind(corridors::HubKind::Entry).join(",");
    let (by_ids, _) = ok(
        "centrality",
        &["--sources", &entries, "--targets", "tijuana, ciudad_juarez"],
    );
    let (by_kind, _) = ok(
        "centrality",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            " Tijuana , name:Ciudad Juárez",
        ],
    );
    assert_eq!(by_ids, by_kind);
    assert!(by_ids.contains("od_betweenness"), "{by_ids}");
    // country: every Mexican hub of the data is an origin
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.geojson");
    ok(
        "centrality",
        &[
            "--sources",
            "country:BZ",
            "--targets",
            "kind:tourist_centre",
            "--out",
            s(&out),
        ],
    );
    let p = &json(&out)["parameters"];
    assert_eq!(p["sources"], serde_json::json!(["country:BZ"]));
    assert!(p["od_pairs"].as_u64().unwrap() > 0);
    let (code, _, err) = run(
        "centrality",
        &["--sources", "kind:entri", "--targets", "tijuana"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("kind:entry"), "{err}");
}

#[test]
fn plan_and_whatif_take_names_and_kinds() {
    let (by_id, _) = ok(
        "plan",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
            "--budget",
            "2",
            "--candidates",
            "arriaga,acayucan,cdmx",
        ],
    );
    let (by_name, _) = ok(
        "plan",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            "kind: border_crossing",
            "--budget",
            "2",
            "--candidates",
            "Arriaga, ACAYUCAN , name:Mexico City",
        ],
    );
    assert_eq!(by_id, by_name);
    assert!(
        by_id.contains("Arriaga (arriaga)"),
        "ids beside names: {by_id}"
    );
    let (a, _) = ok(
        "whatif",
        &[
            "--remove",
            "arriaga",
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
        ],
    );
    let (b, _) = ok(
        "whatif",
        &[
            "--remove",
            " name:ARRIAGA",
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
        ],
    );
    assert_eq!(a, b);
    // a segment id is still a removal; a misspelt hub gets a suggestion
    let net = crate::support::mexico();
    let arriaga = net.hub_index("arriaga").unwrap();
    let segment = (0..net.segment_count())
        .find(|&e| net.endpoints(e).0 == arriaga || net.endpoints(e).1 == arriaga)
        .map(|e| net.segment(e).id.as_key())
        .unwrap();
    ok(
        "whatif",
        &[
            "--remove",
            &segment,
            "--sources",
            "tapachula",
            "--targets",
            "tijuana",
        ],
    );
    let (code, _, err) = run(
        "whatif",
        &[
            "--remove",
            "ariaga",
            "--sources",
            "tapachula",
            "--targets",
            "tijuana",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("did you mean arriaga"), "{err}");
}

#[test]
fn demand_files_take_hub_references() {
    let dir = tempfile::tempdir().unwrap();
    let by_id = dir.path().join("ids.csv");
    let by_name = dir.path().join("names.csv");
    std::fs::write(
        &by_id,
        "origin,destination,demand\ntapachula,tijuana,3\ntapachula,ciudad_juarez,2\n",
    )
    .unwrap();
    std::fs::write(
        &by_name,
        "origin,destination,demand\nTapachula,Tijuana,3\nname:tapachula,Ciudad Juárez,2\n",
    )
    .unwrap();
    let (a, _) = ok("plan", &["--demand", s(&by_id), "--budget", "1"]);
    let (b, _) = ok("plan", &["--demand", s(&by_name), "--budget", "1"]);
    assert_eq!(a, b);
    assert!(a.contains("total demand 5.0"), "{a}");
    let typo = dir.path().join("typo.csv");
    std::fs::write(&typo, "origin,destination,demand\ntapachla,tijuana,1\n").unwrap();
    let (code, _, err) = run("centrality", &["--demand", s(&typo)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 2") && err.contains("did you mean tapachula"),
        "{err}"
    );
}

const ITINERARIES: &str = "hte_CaseId,hte_Date,hte_Type,hte_City,hte_Country,victims
A1,2024-01-01,Recruitment,Tapachla,MX,1
A1,2024-01-05,Exploitation,Tijuana,MX,1
A2,2024-01-01,Recruitment,id:TAPACHULA,MX,2
A2,2024-01-05,Exploitation,name:Cancún,MX,2
A3,2023-01-01,Recruitment,tapachula,MX,2
A3,2023-01-05,Exploitation,TIJUANA,MX,2
";

#[test]
fn itinerary_stops_take_hub_references_and_unresolvable_ones_drop_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let its = dir.path().join("it.csv");
    std::fs::write(&its, ITINERARIES).unwrap();
    let out = dir.path().join("a.geojson");
    let (code, _, err) = run(
        "aggregate",
        &[
            "--itineraries",
            s(&its),
            "--min-count",
            "1",
            "--out",
            s(&out),
        ],
    );
    assert_eq!(code, 0, "a dropped case is a warning: {err}");
    assert!(!err.contains("error:"), "{err}");
    assert!(
        err.contains("warning:") && err.contains("did you mean tapachula"),
        "{err}"
    );
    assert!(
        err.contains("cases counted: 2; not counted: 1 (1 with a stop that resolves to no hub)"),
        "{err}"
    );
    assert!(err.contains("1 case(s) left out of the counts"), "{err}");
    // the dropped case counts nowhere: Tijuana carries only A3
    let fc = json(&out);
    let tijuana = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == "tijuana" && f["geometry"]["type"] == "Point")
        .unwrap();
    assert_eq!(tijuana["properties"]["cases"], 1);
}

#[test]
fn corridors_files_take_hub_references_from_aggregate() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corridors.json");
    std::fs::write(
        &file,
        r#"{"corridors": [{"id": "isthmus", "name": "Isthmus", "hubs": ["Tapachula", "name:Arriaga", "JUCHITAN"]}]}"#,
    )
    .unwrap();
    let out = dir.path().join("a.geojson");
    let (_, err) = ok(
        "aggregate",
        &[
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--corridors",
            s(&file),
            "--out",
            s(&out),
        ],
    );
    assert!(err.contains("cases per named corridor"), "{err}");
    let c = &json(&out)["corridors"][0];
    assert_eq!(
        c["stops"],
        serde_json::json!(["tapachula", "arriaga", "juchitan"])
    );
    assert!(c["cases"].as_u64().unwrap() >= 11, "{c}");
    // the shipped corridors, counted as the flagship example counts them
    ok(
        "aggregate",
        &[
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--corridors",
            "data/mexico/corridors.json",
            "--out",
            s(&out),
        ],
    );
    let shipped = json(&out)["corridors"].as_array().unwrap().clone();
    let file_ids: Vec<String> =
        corridors::io::corridors_json::read_corridors("data/mexico/corridors.json")
            .unwrap()
            .corridors
            .into_iter()
            .map(|c| c.id)
            .collect();
    assert_eq!(
        shipped
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        file_ids
    );
    for c in &shipped {
        // published through the guard: a count of 11 or more, or suppressed
        match c["cases"].as_u64() {
            Some(n) => assert!(n == 0 || n >= 11, "{c}"),
            None => assert_eq!(c["suppressed"], true, "{c}"),
        }
    }
    std::fs::write(
        &file,
        r#"{"corridors": [{"id": "x", "name": "X", "hubs": ["tapachula", "arriaaga"]}]}"#,
    )
    .unwrap();
    let (code, _, err) = run(
        "aggregate",
        &[
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--corridors",
            s(&file),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("did you mean arriaga"), "{err}");
}

#[test]
fn map_takes_hub_references() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (out, sources) in [(&a, "tapachula,tenosique"), (&b, "Tapachula, TENOSIQUE")] {
        ok(
            "map",
            &[
                "--measure",
                "od_betweenness",
                "--sources",
                sources,
                "--targets",
                "kind:border_crossing",
                "--out-dir",
                s(out),
            ],
        );
    }
    let values = |d: &Path| {
        let fc = json(&d.join("hubs_od_betweenness.geojson"));
        fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["od_betweenness"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(values(&a), values(&b));
}

// ---- dates, --out, summaries, parameters ----------------------------------------------

#[test]
fn dates_are_since_and_until_and_from_is_a_hub() {
    let (code, _, err) = run(
        "aggregate",
        &[
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--from",
            "2024-01-01",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--from"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.geojson");
    let (_, err) = ok(
        "aggregate",
        &[
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--since",
            "2024-01-01",
            "--until",
            "2024-12-31",
            "--out",
            s(&out),
        ],
    );
    assert!(err.contains("outside the date window"), "{err}");
    let p = &json(&out)["parameters"];
    assert_eq!(
        (p["since"].as_str(), p["until"].as_str()),
        (Some("2024-01-01"), Some("2024-12-31"))
    );
    let (code, _, err) = run(
        "aggregate",
        &[
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--since",
            "2024",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--since"), "{err}");
}

#[test]
fn out_format_follows_the_extension_or_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("c.csv");
    ok("centrality", &["--out", s(&csv)]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("geometry,"), "{}", &text[..80]);
    let net = crate::support::mexico();
    assert_eq!(
        text.lines().count(),
        1 + net.hub_count() + net.segment_count()
    );
    let geojson = dir.path().join("c.json");
    ok("centrality", &["--out", s(&geojson)]);
    assert_eq!(json(&geojson)["type"], "FeatureCollection");
    let (out, _) = ok("centrality", &["--out", "-"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let cases = "data/mexico/cases_synthetic.csv";
    for (command, args, refused) in [
        (
            "snap",
            vec!["--cases", cases, "--out", "x.parquet"],
            "does not write GeoParquet",
        ),
        ("centrality", vec!["--out", "x.txt"], ".geojson or .json"),
        ("snap", vec!["--cases", cases, "--out", "x.geojson"], ".csv"),
        (
            "whatif",
            vec![
                "--remove",
                "arriaga",
                "--sources",
                "tapachula",
                "--targets",
                "tijuana",
                "--out",
                "x.geojson",
            ],
            ".csv",
        ),
        (
            "aggregate",
            vec!["--cases", cases, "--out", "x.shp"],
            ".geojson or .json",
        ),
        (
            "route",
            vec!["--from", "tapachula", "--to", "tijuana", "--out", "x.gpkg"],
            ".csv",
        ),
    ] {
        let p = dir.path().join(args.last().unwrap());
        let mut a = args.clone();
        *a.last_mut().unwrap() = s(&p);
        let (code, _, err) = run(command, &a);
        assert_eq!(code, 2, "{command}: {err}");
        assert!(err.contains(refused), "{command}: {err}");
        assert!(!p.exists(), "{command} wrote {}", p.display());
    }
    // route and plan write CSV too
    let r = dir.path().join("r.csv");
    ok(
        "route",
        &[
            "--from",
            "tapachula",
            "--to",
            "tijuana",
            "--k",
            "2",
            "--out",
            s(&r),
        ],
    );
    assert_eq!(std::fs::read_to_string(&r).unwrap().lines().count(), 3);
}

#[test]
fn centrality_prints_a_table_not_geojson() {
    let (out, err) = ok(
        "centrality",
        &[
            "--weight",
            "minutes",
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
        ],
    );
    assert!(!out.contains("FeatureCollection"));
    assert!(
        out.contains("top 10 hubs by OD betweenness") && out.contains("arriaga"),
        "{out}"
    );
    assert!(out.contains("top 10 segments"), "{out}");
    assert!(err.contains("--out -"), "a hint: {err}");
}

/// `whatif --out` on Arriaga: the printed report and the CSV.
fn whatif_arriaga(weight: &str, dir: &Path) -> (String, Vec<csv::StringRecord>) {
    let csv_out = dir.join(format!("w_{weight}.csv"));
    let (out, _) = ok(
        "whatif",
        &[
            "--remove",
            "arriaga",
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
            "--weight",
            weight,
            "--out",
            s(&csv_out),
        ],
    );
    let rows = csv::Reader::from_path(&csv_out)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    (out, rows)
}

#[test]
fn costs_print_with_their_unit() {
    let dir = tempfile::tempdir().unwrap();
    for (weight, unit, scale) in [("length", "km", 1000.0), ("minutes", "min", 1.0)] {
        let r = dir.path().join(format!("r_{weight}.geojson"));
        let (out, _) = ok(
            "route",
            &[
                "--from",
                "tapachula",
                "--to",
                "tijuana",
                "--weight",
                weight,
                "--out",
                s(&r),
            ],
        );
        let cost = json(&r)["features"][0]["properties"]["cost"]
            .as_f64()
            .unwrap();
        let expected = format!("cost {:.1} {unit}", cost / scale);
        assert!(out.contains(&expected), "{expected}: {out}");
        assert!(!out.contains("(length"), "{out}");
        // whatif: the demand-weighted increase and the mean over affected pairs, in the unit
        let (out, rows) = whatif_arriaga(weight, dir.path());
        let increases: Vec<f64> = rows
            .iter()
            .filter_map(|r| r[5].parse::<f64>().ok())
            .filter(|&c| c > 0.0)
            .collect();
        assert!(!increases.is_empty());
        let total: f64 = rows
            .iter()
            .filter_map(|r| Some(r[2].parse::<f64>().ok()? * r[5].parse::<f64>().ok()?))
            .sum();
        // the CSV has 3 decimals of the raw cost: compare at the printed precision
        let printed = out
            .split("demand-weighted cost increase ")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap();
        assert!(
            (printed - total / scale).abs() < 0.1,
            "{printed} vs {total}: {out}"
        );
        assert!(out.contains(&format!("{printed:.1} {unit}")), "{out}");
        assert!(
            out.contains(&format!("{} pairs take a longer route", increases.len())),
            "{out}"
        );
        assert_eq!(&rows[0][7], if weight == "length" { "m" } else { "min" });
    }
}

#[test]
fn every_output_carries_its_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n);
    ok(
        "centrality",
        &[
            "--weight",
            "minutes",
            "--sources",
            "kind:entry",
            "--targets",
            "tijuana",
            "--out",
            s(&d("c.geojson")),
        ],
    );
    let p = &json(&d("c.geojson"))["parameters"];
    assert_eq!(p["weight"], "minutes");
    assert_eq!(p["cost_unit"], "min");
    assert_eq!(p["targets"], serde_json::json!(["tijuana"]));
    assert_eq!(p["od_pairs"], ids_of_kind(corridors::HubKind::Entry).len());
    assert_eq!(p["betweenness_normalised"], true);
    assert!(!p["direction"].is_null());

    ok(
        "route",
        &[
            "--from",
            "Tapachula",
            "--to",
            "tijuana",
            "--k",
            "2",
            "--max-shared",
            "0.9",
            "--out",
            s(&d("r.geojson")),
        ],
    );
    let p = &json(&d("r.geojson"))["parameters"];
    assert_eq!(p["from"], serde_json::json!(["tapachula"]));
    assert_eq!(
        (p["k"].as_u64(), p["max_shared"].as_f64()),
        (Some(2), Some(0.9))
    );

    ok(
        "plan",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
            "--budget",
            "3",
            "--robust-k",
            "2",
            "--out",
            s(&d("p.geojson")),
        ],
    );
    let p = &json(&d("p.geojson"))["parameters"];
    assert_eq!(
        (p["budget"].as_u64(), p["robust_k"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(p["elements"], "hubs");

    ok(
        "aggregate",
        &[
            "--cases",
            "data/mexico/cases_synthetic.csv",
            "--out",
            s(&d("a.geojson")),
        ],
    );
    let a = json(&d("a.geojson"));
    assert_eq!(a["parameters"]["min_count"], 11);
    assert!(
        a["parameters"]["hub_counts"]
            .as_str()
            .unwrap()
            .contains("both end hubs")
    );
    assert_eq!(a["privacy"]["publishable"], true);
}

// ---- new commands and options ---------------------------------------------------------

#[test]
fn info_lists_hubs_by_kind() {
    let entries = ids_of_kind(corridors::HubKind::Entry);
    let n = crate::support::mexico().hub_count();
    let (out, err) = ok("info", &["--hubs", "--kind", "entry"]);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 1 + entries.len(), "{out}");
    assert!(rows[0].contains("id") && rows[0].contains("country") && rows[0].contains("degree"));
    assert!(out.contains("tapachula") && out.contains("Tapachula") && out.contains(" MX "));
    assert!(!out.contains("tijuana"));
    assert!(
        err.contains(&format!(
            "{} of {n} hubs; ids: {}",
            entries.len(),
            entries.join(",")
        )),
        "{err}"
    );
    let (out, _) = ok("info", &["--hubs"]);
    assert_eq!(out.lines().count(), 1 + n);
    let (out, _) = ok("info", &["--hubs", "--kind", "country:BZ", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(!v.as_array().unwrap().is_empty());
    assert!(v.as_array().unwrap().iter().all(|h| h["country"] == "BZ"));
    let (code, _, err) = run("info", &["--hubs", "--kind", "entri"]);
    assert_eq!(code, 2);
    assert!(err.contains("--kind"), "{err}");
}

#[test]
fn whatif_writes_the_rerouted_routes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("routes.geojson");
    let csv_out = dir.path().join("w.csv");
    let (_, err) = ok(
        "whatif",
        &[
            "--remove",
            "Arriaga",
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
            "--weight",
            "minutes",
            "--out",
            s(&csv_out),
            "--routes-out",
            s(&out),
        ],
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(&csv_out)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    let connected = rows.iter().filter(|r| !r[4].is_empty()).count();
    let longer = rows
        .iter()
        .filter(|r| r[5].parse::<f64>().is_ok_and(|c| c > 0.0))
        .count();
    let fc = json(&out);
    let features = fc["features"].as_array().unwrap();
    assert_eq!(
        features.len(),
        connected,
        "one route per pair that still has one"
    );
    for f in features {
        let hubs = f["properties"]["hubs"].as_array().unwrap();
        assert!(
            !hubs.contains(&Value::from("arriaga")),
            "a removed hub is not passed"
        );
    }
    let changed = features
        .iter()
        .filter(|f| f["properties"]["changed"] == true)
        .count();
    // a longer route is a changed one (a changed one may cost the same: a tie)
    assert!(
        changed >= longer && longer > 0,
        "{changed} changed, {longer} longer"
    );
    assert!(
        err.contains(&format!("{connected} routes, {changed} changed")),
        "{err}"
    );
    assert_eq!(fc["parameters"]["removed"], serde_json::json!(["arriaga"]));
}

// ---- no silent outcomes ---------------------------------------------------------------

#[test]
fn max_shared_says_why_fewer_routes_came_back() {
    // every alternative shares some length with the best route: none is kept
    let (out, _) = ok(
        "route",
        &[
            "--from",
            "tapachula",
            "--to",
            "tijuana",
            "--k",
            "3",
            "--max-shared",
            "0",
        ],
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with('#')).count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("1 of 3 routes: 2 alternative(s) skipped"),
        "{out}"
    );
    assert!(out.contains("--max-shared 0"), "{out}");
    // too few loopless routes is a different reason
    let dir = tempfile::tempdir().unwrap();
    let net = tiny_network(dir.path());
    let o = crate::support::corridors(&[
        "route",
        "--network",
        s(&net),
        "--from",
        "a",
        "--to",
        "c",
        "--k",
        "5",
    ]);
    let out = text(&o.stdout);
    assert!(
        out.contains("2 of 5 routes: only 2 loopless route(s) exist"),
        "{out}"
    );
}

/// a ==road== b ---- c, with a rail segment beside the road a–b.
fn tiny_network(dir: &Path) -> std::path::PathBuf {
    let hub = |id: &str, lat: f64| {
        serde_json::json!({"type": "Feature", "properties": {"id": id, "kind": "transit", "name": id.to_uppercase()},
            "geometry": {"type": "Point", "coordinates": [-92.0, lat]}})
    };
    let seg = |id: &str, from: &str, to: &str, mode: &str, lat: (f64, f64)| {
        serde_json::json!({"type": "Feature", "properties": {"id": id, "from": from, "to": to, "mode": mode},
            "geometry": {"type": "LineString", "coordinates": [[-92.0, lat.0], [-92.0, lat.1]]}})
    };
    let fc = serde_json::json!({"type": "FeatureCollection", "features": [
        hub("a", 15.0), hub("b", 16.0), hub("c", 17.0),
        seg("ab-road", "a", "b", "road", (15.0, 16.0)),
        seg("ab-rail", "a", "b", "rail", (15.0, 16.0)),
        seg("bc", "b", "c", "road", (16.0, 17.0)),
    ]});
    let p = dir.join("tiny.geojson");
    std::fs::write(&p, fc.to_string()).unwrap();
    p
}

#[test]
fn plan_says_why_it_stopped_early() {
    let (out, _) = ok(
        "plan",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
            "--budget",
            "90",
        ],
    );
    assert!(out.contains("of 90 choices: "), "{out}");
    assert!(
        out.contains("all reachable demand") || out.contains("no remaining candidate"),
        "{out}"
    );
    let (out, _) = ok(
        "plan",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
            "--budget",
            "3",
            "--candidates",
            "arriaga",
        ],
    );
    assert!(
        out.contains("stopped after 1 of 3 choices: only 1 candidate(s)"),
        "{out}"
    );
    // one choice is exact: no bound
    let (out, _) = ok(
        "plan",
        &[
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
            "--budget",
            "1",
        ],
    );
    assert!(
        !out.contains("at most") && out.contains("the best one"),
        "{out}"
    );
}

#[test]
fn whatif_rank_with_remove_is_refused() {
    let (code, _, err) = run(
        "whatif",
        &[
            "--remove",
            "arriaga",
            "--rank",
            "3",
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--remove") && err.contains("--rank"), "{err}");
    let (out, _) = ok(
        "whatif",
        &[
            "--rank",
            "3",
            "--sources",
            "kind:entry",
            "--targets",
            "kind:border_crossing",
        ],
    );
    assert!(!out.contains("removed:"), "{out}");
    assert!(out.contains("full network"), "{out}");
    // ids beside names: "  Name (id)  disconnected …"
    let ranked: Vec<&str> = out.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(ranked.len(), 3, "{out}");
    assert!(
        ranked.iter().all(|l| l.contains('(') && l.contains(')')),
        "{out}"
    );
}

#[test]
fn min_count_below_eleven_warns_not_for_publication() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.geojson");
    let (_, err) = ok(
        "aggregate",
        &[
            "--cases",
            "data/mexico/cases_synthetic.csv",
            "--min-count",
            "3",
            "--out",
            s(&out),
        ],
    );
    assert!(err.contains("warning: --min-count 3 is below 11"), "{err}");
    assert!(err.contains("NOT for publication"), "{err}");
    assert_eq!(json(&out)["privacy"]["publishable"], false);
    let (_, err) = ok(
        "aggregate",
        &[
            "--cases",
            "data/mexico/cases_synthetic.csv",
            "--out",
            s(&out),
        ],
    );
    assert!(!err.contains("NOT for publication"), "{err}");
}

#[test]
fn point_cases_at_both_end_hubs_are_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.geojson");
    let (_, err) = ok(
        "aggregate",
        &[
            "--cases",
            "data/mexico/cases_synthetic.csv",
            "--out",
            s(&out),
        ],
    );
    assert!(
        err.contains("a point case counts at both end hubs"),
        "{err}"
    );
    assert!(
        err.contains("top 5 segments by published cases") && err.contains(" cases"),
        "{err}"
    );
    let p = &json(&out)["parameters"];
    assert!(p["hub_counts"].as_str().unwrap().contains("both end hubs"));
    let (_, err) = ok(
        "aggregate",
        &[
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--out",
            s(&out),
        ],
    );
    assert!(!err.contains("both end hubs"), "{err}");
}

#[test]
fn coordinates_centred_near_a_pole_warn_lat_lon() {
    // the Yucatán hubs of the data with every coordinate written [lat, lon]: all in range,
    // all in Antarctica
    let hubs: Value =
        serde_json::from_str(&std::fs::read_to_string("data/mexico/hubs.geojson").unwrap())
            .unwrap();
    let mut features: Vec<Value> = hubs["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["coordinates"][0].as_f64().unwrap() > -90.0)
        .cloned()
        .collect();
    assert!(features.len() >= 5);
    for f in &mut features {
        let c = f["geometry"]["coordinates"].as_array_mut().unwrap();
        c.swap(0, 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("swapped.geojson");
    std::fs::write(
        &file,
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    let o = crate::support::corridors(&["validate", "--network", s(&file)]);
    let err = text(&o.stderr);
    assert!(err.contains("coordinates may be [lat, lon]"), "{err}");
    assert_eq!(
        err.matches("may be [lat, lon]").count(),
        1,
        "one summary line: {err}"
    );
    // the correct data does not warn
    let (_, _, err) = run("validate", &[]);
    assert!(!err.contains("[lat, lon]"), "{err}");
}

#[test]
fn a_forgotten_hubs_file_is_one_error_with_a_hint() {
    let o = crate::support::corridors(&["info", "--network", "data/mexico/segments.geojson"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("did you pass the hubs file"), "{err}");
    let net = crate::support::mexico();
    let referenced = (0..net.hub_count()).filter(|&h| net.degree(h) > 0).count();
    assert!(err.contains(&format!("{referenced} hub id(s)")), "{err}");
    assert!(err.lines().count() <= 3, "{err}");
}

#[test]
fn map_case_layer_has_privacy_and_endpoints_are_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err) = ok(
        "map",
        &[
            "--measure",
            "od_betweenness",
            "--itineraries",
            "data/mexico/itineraries_synthetic.csv",
            "--out-dir",
            s(dir.path()),
        ],
    );
    let fc = json(&dir.path().join("segments_cases.geojson"));
    assert_eq!(fc["privacy"]["min_count"], 11);
    assert!(
        fc["legend"]["description"]
            .as_str()
            .unwrap()
            .contains("fewer than 11")
    );
    assert!(!fc["parameters"]["weight"].is_null());
    let svg = std::fs::read_to_string(dir.path().join("map.svg")).unwrap();
    assert!(svg.contains("suppressed (fewer than 11, or to protect one)"));
    // the entry and border crossing hubs (0 OD betweenness by definition) are labelled
    // first (a label that would collide with another is left out)
    let n = ids_of_kind(corridors::HubKind::Entry).len()
        + ids_of_kind(corridors::HubKind::BorderCrossing).len();
    let endpoints = svg.matches("class=\"label endpoint\"").count();
    assert!(2 * endpoints >= n, "{endpoints} endpoint labels of {n}");
    assert!(err.contains("top hubs by od betweenness"), "{err}");
}

#[test]
fn alternatives_through_the_same_hubs_name_their_segments() {
    let dir = tempfile::tempdir().unwrap();
    let net = tiny_network(dir.path());
    let o = crate::support::corridors(&[
        "route",
        "--network",
        s(&net),
        "--from",
        "a",
        "--to",
        "c",
        "--k",
        "2",
    ]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        out.contains("same hubs as #1, other segments: ab-"),
        "{out}"
    );
}

#[test]
fn same_origin_and_destination_and_a_missing_gazetteer_warn() {
    let (out, err) = ok("route", &["--from", "tapachula", "--to", "Tapachula"]);
    assert!(out.contains("#1"), "{out}");
    assert!(
        err.contains("warning: two consecutive stops are the same hub"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let its = dir.path().join("it.csv");
    std::fs::write(&its, ITINERARIES).unwrap();
    let (_, err) = ok(
        "aggregate",
        &[
            "--itineraries",
            s(&its),
            "--geonames",
            "no/such/places.csv",
            "--out",
            s(&dir.path().join("a.geojson")),
        ],
    );
    assert!(
        err.contains("warning: GeoNames extract no/such/places.csv not found"),
        "{err}"
    );
}
