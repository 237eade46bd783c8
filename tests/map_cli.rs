//! `corridors map`: files written, measures not yet in this build, bad arguments.
#![cfg(feature = "cli")]

use std::process::{Command, Output};

fn corridors(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corridors"))
        .args(args)
        .output()
        .expect("the binary runs")
}

const MEXICO: [&str; 5] = [
    "map",
    "--network",
    "data/mexico/hubs.geojson",
    "--network",
    "data/mexico/segments.geojson",
];

#[test]
fn map_writes_layers_and_picture() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let mut args = MEXICO.to_vec();
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
fn measures_from_other_modules_say_they_are_not_available() {
    for extra in [
        vec!["--measure", "od_betweenness"],
        vec!["--measure", "betweenness"],
        vec!["--cases", "cases.csv"],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = MEXICO.to_vec();
        args.extend(extra.iter().copied());
        args.extend(["--out-dir", dir.path().to_str().unwrap()]);
        let o = corridors(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("not available in this build yet"), "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn bad_arguments_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let mut two_hub = MEXICO.to_vec();
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
    let mut bad_base = MEXICO.to_vec();
    bad_base.extend(["--boundaries", "data/mexico/hubs.geojson", "--out-dir", out]);
    let o = corridors(&bad_base);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("data/mexico/hubs.geojson: feature 0"), "{err}");
}
