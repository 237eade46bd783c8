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
    assert!(stderr.contains("20 rows: 2 matched, 0 too far"), "{stderr}");
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
    assert_eq!(&rows[0][0], "B01");
    assert_eq!(&rows[0][1], "matched");
    assert_eq!(&rows[19][0], "B20");
    for row in &rows[1..19] {
        assert_eq!(&row[1], "invalid");
        assert!(row[9].contains("bad_rows.csv: line "), "{:?}", row);
    }
    // rows 2..19 are in line order
    assert!(rows[1][9].contains("line 3") && rows[18][9].contains("line 20"));
    // a row rejected for its coordinates still names its case (line 6 is B05, no latitude)
    assert_eq!(&rows[4][0], "B05", "{:?}", rows[4]);
    assert!(rows[4][9].contains("missing latitude"));
    // a row that cannot be split into fields has no readable id
    assert_eq!(&rows[1][0], "");
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
