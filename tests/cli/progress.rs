//! Progress bars: drawn on stderr only when it is a terminal, so a run with stderr piped has
//! no bar characters in it, and stdout is the same with bars allowed or turned off
//! (`--no-progress`, alias `--quiet`, anywhere on the command line).

use crate::support::{corridors, text, with_mexico};

/// No carriage return, escape sequence or bar on stderr.
fn assert_no_bar(stderr: &[u8]) {
    let s = text(stderr);
    assert!(!s.contains('\r'), "{s:?}");
    assert!(!s.contains('\u{1b}'), "{s:?}");
    assert!(!s.contains("left)"), "{s:?}");
    assert!(!s.contains("[==="), "{s:?}");
}

/// Runs `args` as given, with `--no-progress` and with `--quiet` after the subcommand:
/// stdout, stderr and the exit status are the same, and stderr has no bar.
fn same_without_bars(args: &[&str]) {
    let plain = corridors(args);
    assert_no_bar(&plain.stderr);
    for flag in ["--no-progress", "--quiet"] {
        let mut quiet = args.to_vec();
        quiet.insert(1, flag);
        let q = corridors(&quiet);
        assert_eq!(q.status.code(), plain.status.code(), "{}", text(&q.stderr));
        assert_eq!(q.stdout, plain.stdout, "{args:?} {flag}");
        assert_eq!(q.stderr, plain.stderr, "{args:?} {flag}");
    }
    // a global flag: also before the subcommand
    let mut first = vec!["--no-progress"];
    first.extend_from_slice(args);
    let f = corridors(&first);
    assert_eq!(f.stdout, plain.stdout, "{args:?}");
}

#[test]
fn info_has_no_bar_when_stderr_is_not_a_terminal() {
    let args = with_mexico("info");
    let out = corridors(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{:?}", text(&out.stderr));
    same_without_bars(&args);
}

#[test]
fn snap_and_aggregate_have_no_bar_and_the_same_output() {
    let mut snap = with_mexico("snap");
    snap.extend(["--cases", "data/mexico/cases_synthetic.csv"]);
    let out = corridors(&snap);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("case_id,status,"));
    same_without_bars(&snap);
    let mut agg = with_mexico("aggregate");
    agg.extend(["--cases", "data/mexico/cases_synthetic.csv"]);
    same_without_bars(&agg);
}

#[test]
fn centrality_has_no_bar_and_the_same_output() {
    let mut args = with_mexico("centrality");
    args.extend([
        "--sources",
        "kind:entry",
        "--targets",
        "kind:border_crossing",
    ]);
    let out = corridors(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    same_without_bars(&args);
}

#[test]
fn an_osm_import_has_no_bar() {
    same_without_bars(&["info", "--osm", "data/osm/helsinki.osm.pbf"]);
}
