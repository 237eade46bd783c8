//! `corridors snap` and `corridors aggregate` end to end.

use crate::support::cases as cases_common;
use crate::support::cmd as corridors;

#[test]
fn snap_writes_one_row_per_input_row_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.geojson");
    std::fs::write(&net, cases_common::network_geojson()).unwrap();
    let out = dir.path().join("snapped.csv");
    let o = corridors()
        .args(["snap", "--network"])
        .arg(&net)
        .args([
            "--cases",
            "tests/fixtures/cases/bad_rows.csv",
            "--max-distance-m",
            "5000",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("20 rows: 8 matched, 0 too far"), "{stderr}");
    assert!(stderr.contains("6 warning(s)"), "{stderr}");
    let mut r = csv::Reader::from_path(&out).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "case_id",
            "status",
            "segment_id",
            "from",
            "to",
            "distance_m",
            "offset_m",
            "fraction",
            "side",
            "reason"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 20);
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    // every row keeps its id (line 5 is an empty row: it has none)
    let mut expected: Vec<String> = (1..=20).map(|i| format!("B{i:02}")).collect();
    expected[3] = String::new();
    assert_eq!(ids, expected);
    let status: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    // a case is dropped only when its location is unusable: ragged rows (B02, B03), a bad
    // date (B12, B13) or count (B14, B15) keep it, with the problem in the reason
    let (m, i) = ("matched", "invalid");
    assert_eq!(
        status,
        [m, m, m, i, i, i, i, i, i, i, i, m, m, m, m, i, i, i, i, m]
    );
    for row in rows.iter().filter(|r| &r[1] == "invalid") {
        assert!(row[9].contains("bad_rows.csv: line "), "{:?}", row);
    }
    assert!(rows[3][9].contains("line 5: empty row"), "{:?}", rows[3]);
    assert!(rows[4][9].contains("line 6") && rows[4][9].contains("[lat]: missing latitude"));
    assert!(rows[11][9].starts_with("kept, date: "), "{:?}", rows[11]);
    assert!(rows[11][9].contains("2024-02-30"), "{:?}", rows[11]);
    assert!(rows[13][9].starts_with("kept, count: "), "{:?}", rows[13]);
    assert!(rows[1][9].contains("expected 5 fields"), "{:?}", rows[1]);
    assert_eq!(&rows[0][9], "");
    // --strict turns the warnings into a failure too
    let o = corridors()
        .args(["snap", "--network"])
        .arg(&net)
        .args([
            "--cases",
            "tests/fixtures/field/ragged_rows.csv",
            "--strict",
        ])
        .output()
        .unwrap();
    assert!(!o.status.success());
}

/// Snaps a case file on data/mexico; returns the output rows and stderr.
fn snap_on_mexico(file: &str, extra: &[&str]) -> (Vec<csv::StringRecord>, String) {
    let mut args = crate::support::with_mexico("snap");
    args.extend(["--cases", file]);
    args.extend(extra);
    let o = crate::support::corridors(&args);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{file}: {stderr}");
    let rows = csv::Reader::from_reader(&o.stdout[..])
        .records()
        .map(Result::unwrap)
        .collect();
    (rows, stderr)
}

#[test]
fn every_field_and_case_fixture_snaps_one_row_per_input_row() {
    // (file, data rows, rows without an id in the input)
    let files = [
        ("tests/fixtures/field/iom_mmp_current.csv", 6, 0),
        ("tests/fixtures/field/hdx_mmp_older.csv", 4, 0),
        ("tests/fixtures/field/es_excel_cp1252.csv", 6, 0),
        ("tests/fixtures/field/utf16le_tabs.txt", 4, 0),
        ("tests/fixtures/field/ragged_rows.csv", 6, 0),
        ("tests/fixtures/cases/bad_rows.csv", 20, 1),
        ("tests/fixtures/cases/htcds_events.csv", 15, 1),
        ("tests/fixtures/cases/mmp_sample.csv", 8, 0),
        ("tests/fixtures/cases/ngo_dms.csv", 8, 0),
        ("tests/fixtures/cases/synthetic_bad_rows.csv", 40, 0),
    ];
    for (file, n, no_id) in files {
        let (rows, stderr) = snap_on_mexico(file, &[]);
        assert_eq!(rows.len(), n, "{file}: one output row per input row");
        assert!(stderr.contains(&format!("{n} rows: ")), "{file}: {stderr}");
        let empty_ids = rows.iter().filter(|r| r[0].is_empty()).count();
        assert_eq!(empty_ids, no_id, "{file}: ids kept");
        for r in &rows {
            match &r[1] {
                "matched" | "too_far" => {}
                "invalid" => {
                    // only an unusable location makes a case invalid, named by line and column
                    let why = &r[9];
                    assert!(why.contains(": line "), "{file}: {r:?}");
                    if why.ends_with("empty row") {
                        continue;
                    }
                    let col = why
                        .split_once(" [")
                        .and_then(|(_, rest)| rest.split_once("]: "))
                        .map(|(c, _)| c.to_lowercase())
                        .unwrap_or_else(|| panic!("{file}: no column in {r:?}"));
                    assert!(
                        ["lat", "lon", "coord", "coodinates"]
                            .iter()
                            .any(|w| col.contains(w)),
                        "{file}: invalid for something else than its location: {r:?}"
                    );
                }
                s => panic!("{file}: status {s}"),
            }
        }
    }
}

#[test]
fn field_exports_are_read_as_the_field_writes_them() {
    // current IOM export: weekday-prefixed US dates, ids from "Main ID"
    let (rows, stderr) = snap_on_mexico("tests/fixtures/field/iom_mmp_current.csv", &[]);
    assert!(
        stderr.contains("dates: mm/dd/yyyy (decided from"),
        "{stderr}"
    );
    assert_eq!(&rows[0][0], "2021.MMP001");
    let status: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(
        status,
        [
            "matched", "matched", "matched", "too_far", "matched", "invalid"
        ]
    );
    assert!(rows[5][9].contains("line 7") && rows[5][9].contains("[Coordinates]"));
    // older HDX export: web_id ids
    let (rows, _) = snap_on_mexico("tests/fixtures/field/hdx_mmp_older.csv", &[]);
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, ["50311", "50312", "50313", "50314"]);
    // Spanish Excel: Windows-1252, semicolons, decimal commas, dd/mm/yyyy
    let (rows, stderr) = snap_on_mexico("tests/fixtures/field/es_excel_cp1252.csv", &[]);
    assert!(
        stderr.contains("read as Windows-1252, delimiter ;, decimal comma"),
        "{stderr}"
    );
    assert!(stderr.contains("dates: dd/mm/yyyy"), "{stderr}");
    assert_eq!(&rows[4][1], "matched");
    assert!(rows[4][9].contains("31/02/2021"), "{:?}", rows[4]);
    assert!(rows[5][9].contains("line 7") && rows[5][9].contains("[Latitud]"));
    // forcing the dialect: the same file read as UTF-8 with commas has no coordinate columns
    let mut args = crate::support::with_mexico("snap");
    args.extend([
        "--cases",
        "tests/fixtures/field/es_excel_cp1252.csv",
        "--delimiter",
        ",",
    ]);
    let o = crate::support::corridors(&args);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no coordinate columns"));
    // a bad flag value is a usage error naming the value
    let (rows, _) = snap_on_mexico(
        "tests/fixtures/field/es_excel_cp1252.csv",
        &[
            "--encoding",
            "windows-1252",
            "--delimiter",
            ";",
            "--date-format",
            "dmy",
        ],
    );
    assert_eq!(rows.len(), 6);
    let mut args = crate::support::with_mexico("snap");
    args.extend(["--cases", "x.csv", "--date-format", "yyyy/dd/mm"]);
    let o = crate::support::corridors(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("yyyy/dd/mm"));
}

#[test]
fn aggregate_reads_field_files_and_reports_warnings_on_stderr() {
    let mut args = crate::support::with_mexico("aggregate");
    args.extend([
        "--cases",
        "tests/fixtures/field/es_excel_cp1252.csv",
        "--date-format",
        "dmy",
        "--since",
        "2021-03-01",
    ]);
    let o = crate::support::corridors(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("6 input rows, 1 problem(s)"), "{stderr}");
    assert!(stderr.contains("1 warning(s)"), "{stderr}");
    assert!(stderr.contains("31/02/2021"), "{stderr}");
    // stdout is the GeoJSON only
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
}

#[test]
fn snap_reports_too_far_and_aggregate_suppresses() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.geojson");
    std::fs::write(&net, cases_common::network_geojson()).unwrap();
    let o = corridors()
        .args(["snap", "--network"])
        .arg(&net)
        .args([
            "--cases",
            "tests/fixtures/cases/ngo_dms.csv",
            "--max-distance-m",
            "2000",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.lines().any(|l| l.contains(",too_far,")), "{text}");
    assert_eq!(text.lines().count(), 1 + 8);

    let out = dir.path().join("agg.geojson");
    let o = corridors()
        .args(["aggregate", "--network"])
        .arg(&net)
        .args([
            "--itineraries",
            "tests/fixtures/cases/htcds_events.csv",
            "--min-count",
            "2",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(fc["privacy"]["min_count"], 2);
    let text = serde_json::to_string(&fc).unwrap();
    assert!(!text.contains("HT-2023"), "case ids leaked");
    for f in fc["features"].as_array().unwrap() {
        let c = &f["properties"]["cases"];
        assert!(c.is_null() || c.as_u64().unwrap() == 0 || c.as_u64().unwrap() >= 2);
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("Atlantis"), "{stderr}");
    // bad arguments are one clear error line, not a panic
    let o = corridors()
        .args(["aggregate", "--network"])
        .arg(&net)
        .args(["--cases", "nope.csv"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope.csv"));
}

/// `corridors aggregate` of the synthetic itineraries on the Mexico network.
fn aggregate_mexico(extra: &[&str]) -> std::process::Output {
    corridors()
        .args(crate::support::with_mexico("aggregate"))
        .args(["--itineraries", "data/mexico/itineraries_synthetic.csv"])
        .args(extra)
        .output()
        .unwrap()
}

/// `--alternatives`: distinct-case counts are guarded, expected (fractional) counts appear
/// only where the distinct count is published, and k = 0 is a clear error.
#[test]
fn aggregate_with_alternatives_guards_fractional_counts() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = dir.path().join(format!("agg{}.geojson", extra.join("_")));
        let mut args = extra.to_vec();
        let out_s = out.to_str().unwrap().to_string();
        args.extend(["--out", out_s.as_str()]);
        let o = aggregate_mexico(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let fc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        fc
    };
    let plain = run(&[]);
    let alt = run(&["--alternatives", "3", "--split", "cost", "--theta", "2"]);
    let (mut published, mut spread) = (0, 0);
    for (p, a) in plain["features"]
        .as_array()
        .unwrap()
        .iter()
        .zip(alt["features"].as_array().unwrap())
    {
        let (p, a) = (&p["properties"], &a["properties"]);
        assert!(p.get("expected_cases").is_none());
        let cases = a["cases"].as_u64();
        if let Some(c) = cases {
            assert!(c == 0 || c >= 11, "published count {c}");
            let e = a["expected_cases"].as_f64().unwrap();
            assert!(e <= c as f64 + 1e-9, "expected {e} ≤ distinct {c}");
            published += 1;
        } else {
            assert!(a["expected_cases"].is_null() && a["expected_victims"].is_null());
        }
        // spreading over alternatives never lowers the distinct count of a segment
        if let (Some(pc), Some(ac)) = (p["cases"].as_u64(), cases) {
            assert!(ac >= pc);
            if ac > pc {
                spread += 1;
            }
        }
    }
    assert!(published > 0 && spread > 0, "{published} {spread}");
    let o = aggregate_mexico(&["--alternatives", "0"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("at least 1") && !err.contains("panicked"),
        "{err}"
    );
}
