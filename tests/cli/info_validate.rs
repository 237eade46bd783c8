//! The `corridors` binary on good and bad files: exit codes and messages.

use crate::support::{MEXICO, corridors, text};

#[test]
fn info_on_the_mexico_data() {
    let mut args = vec!["info"];
    args.extend(MEXICO);
    let out = corridors(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("hubs: 103"), "{s}");
    assert!(s.contains("border_crossing"), "{s}");
    assert!(s.contains("rail"), "{s}");
    assert!(s.contains("components: 1"), "{s}");
    assert!(s.contains("bridges"), "{s}");
    assert!(out.stderr.is_empty());
}

#[test]
fn info_json_is_machine_readable() {
    let mut args = vec!["info", "--json"];
    args.extend(MEXICO);
    let out = corridors(&args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hubs"], 103);
    assert_eq!(v["components"].as_array().unwrap().len(), 1);
}

#[test]
fn validate_clean_data_exits_zero() {
    let mut args = vec!["validate"];
    args.extend(MEXICO);
    let out = corridors(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("0 errors, 0 warnings"));
    // findings and verdict are diagnostics: stderr, as for every command
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}

#[test]
fn validate_names_every_defect_and_exits_non_zero() {
    let out = corridors(&[
        "validate",
        "--network",
        "tests/fixtures/network/defects.geojson",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let s = text(&out.stderr);
    let errors: Vec<&str> = s.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 15, "{s}");
    for l in &errors {
        assert!(
            l.contains("defects.geojson: feature "),
            "no location in {l}"
        );
    }
    for needle in [
        "feature 2 (id \"out_of_range\")",
        "feature 3 (id \"swapped_chetumal\"): coordinate [18.51957, -88.30397] looks swapped",
        "feature 4: hub (Point feature) has no `id`",
        "feature 5 (id \"tapachula\"): hub id \"tapachula\" is already used",
        "feature 7 (id \"r1\") [to]: unknown hub id \"nowhere\"",
        "feature 8 (id \"one_point\")",
        "feature 10 (id \"neg\") [length_m]",
        "feature 14 (id \"multi\"): MultiLineString",
        "feature 15 (id \"area\"): geometry type Polygon",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in\n{s}");
    }
    assert!(s.contains("invalid: 15 errors"));
}

#[test]
fn validate_lists_warnings_and_strict_fails_on_them() {
    let args = [
        "validate",
        "--network",
        "tests/fixtures/network/warnings.geojson",
    ];
    let out = corridors(&args);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let s = text(&out.stderr);
    assert_eq!(
        s.lines().filter(|l| l.starts_with("warning: ")).count(),
        8,
        "{s}"
    );
    let mut strict = args.to_vec();
    strict.push("--strict");
    assert_eq!(corridors(&strict).status.code(), Some(1));
}

#[test]
fn info_on_broken_files_prints_one_line_per_problem_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.geojson");
    std::fs::write(&broken, "{\"type\": \"FeatureCollection\", \"features\": [").unwrap();
    let out = corridors(&[
        "info",
        "--network",
        broken.to_str().unwrap(),
        "--network",
        "does/not/exist.geojson",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out.stderr);
    assert!(e.contains("broken.geojson: line 1: invalid JSON"), "{e}");
    assert!(
        e.contains("does/not/exist.geojson: cannot read file"),
        "{e}"
    );
    assert!(!e.contains("panicked"), "{e}");
    assert!(out.stdout.is_empty());
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for sub in ["info", "validate"] {
        let out = corridors(&[sub, "--help"]);
        assert!(out.status.success());
        let s = text(&out.stdout);
        assert!(
            (s.contains("Example:") || s.contains("Examples:")) && s.contains("corridors "),
            "{sub}: {s}"
        );
    }
}

#[test]
fn missing_network_argument_is_a_usage_error() {
    let out = corridors(&["info"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--network"));
}

#[test]
fn info_imports_an_osm_extract() {
    let out = corridors(&["info", "--osm", "data/osm/helsinki.osm.pbf"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("road"), "{s}");
    assert!(
        s.contains("more (--json lists all)"),
        "long lists are cut: {s}"
    );
}
