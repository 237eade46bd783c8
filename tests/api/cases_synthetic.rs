//! The committed SYNTHETIC data is exactly what the seeded generator produces, and it reads
//! back cleanly (the bad-rows file reports every corrupted row).

use corridors::cases::synthetic::{SyntheticOptions, generate};
use corridors::io::ReadOptions;

#[test]
fn committed_synthetic_files_regenerate_bit_for_bit() {
    let net = crate::support::mexico();
    let d = generate(&net, &SyntheticOptions::default()).unwrap();
    for (path, text) in [
        ("data/mexico/cases_synthetic.csv", &d.cases_csv),
        ("data/mexico/itineraries_synthetic.csv", &d.itineraries_csv),
        (
            "tests/fixtures/cases/synthetic_bad_rows.csv",
            &d.bad_rows_csv,
        ),
    ] {
        let committed = std::fs::read_to_string(path).unwrap();
        assert!(
            committed == *text,
            "{path} differs from the generator output; run `cargo run --example make_synthetic_cases`"
        );
    }
    // every row is labelled
    assert!(d.cases_csv.lines().skip(1).all(|l| l.contains("SYNTHETIC")));
    assert!(
        d.itineraries_csv
            .lines()
            .skip(1)
            .all(|l| l.contains("SYNTHETIC"))
    );
    // a different seed gives different data
    let other = generate(
        &net,
        &SyntheticOptions {
            seed: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert_ne!(other.cases_csv, d.cases_csv);
}

#[test]
fn synthetic_files_read_back() {
    let o = ReadOptions {
        strict: true,
        ..Default::default()
    };
    let c = corridors::io::csv::read_cases("data/mexico/cases_synthetic.csv", &o).unwrap();
    assert_eq!(c.records.len(), 600);
    let i = corridors::io::csv::read_htcds("data/mexico/itineraries_synthetic.csv", &o).unwrap();
    assert_eq!(i.records.len(), 300);
    let bad = corridors::io::csv::read_cases(
        "tests/fixtures/cases/synthetic_bad_rows.csv",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(bad.rows, 40);
    // every fourth row is corrupted: 7 locations are unusable; a date in another form
    // (31/12/2023, read day-first as the file shows), a negative count and a short row keep
    // their case
    assert_eq!(bad.errors.len(), 7);
    assert_eq!(bad.records.len(), 33);
    let lines: Vec<_> = bad.warnings.iter().map(|w| w.location.line).collect();
    assert_eq!(lines, [Some(21), Some(25)]);
    let syn16 = bad
        .records
        .iter()
        .find(|r| r.id.as_deref() == Some("SYN-00016"))
        .unwrap();
    assert_eq!(syn16.date.unwrap().to_string(), "2023-12-31");
}
