//! Regenerates the SYNTHETIC case data from the Mexico network:
//! `data/mexico/cases_synthetic.csv`, `data/mexico/itineraries_synthetic.csv` and
//! `tests/fixtures/cases/synthetic_bad_rows.csv`. Byte-identical on every run
//! (`tests/cases_synthetic.rs` checks the committed files).
//!
//! ```text
//! cargo run --example make_synthetic_cases
//! ```
//!
//! With `--cases N`, `--itineraries N` and `--seed S` it writes a larger (or other) synthetic
//! set into `--out DIR` instead (never over the committed files), e.g. the 100,000 benchmark
//! cases of the privacy checks:
//!
//! ```text
//! cargo run --release --example make_synthetic_cases -- --cases 100000 --itineraries 100000 --out target/gen
//! ```

use anyhow::{Context, Result, bail};
use corridors::cases::synthetic::{SyntheticOptions, generate};

fn main() -> Result<()> {
    let mut opts = SyntheticOptions::default();
    let mut out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match a.as_str() {
            "--cases" => opts.cases = value("--cases")?.parse().context("--cases")?,
            "--itineraries" => {
                opts.itineraries = value("--itineraries")?.parse().context("--itineraries")?
            }
            "--seed" => opts.seed = value("--seed")?.parse().context("--seed")?,
            "--out" => out = Some(value("--out")?),
            "-h" | "--help" => {
                println!(
                    "usage: make_synthetic_cases [--cases N] [--itineraries N] [--seed S] [--out DIR]\n\
                     without options: rewrites the committed synthetic files in data/mexico"
                );
                return Ok(());
            }
            other => bail!("unknown argument {other:?} (try --help)"),
        }
    }
    let custom = out.is_some() || opts != SyntheticOptions::default();
    let (net, _) = corridors::io::load_network(
        &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
        1.0,
    )
    .context("loading data/mexico")?;
    let d = generate(&net, &opts)?;
    let files: Vec<(String, &String)> = match (&out, custom) {
        (Some(dir), _) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {dir}"))?;
            vec![
                (format!("{dir}/cases_synthetic.csv"), &d.cases_csv),
                (
                    format!("{dir}/itineraries_synthetic.csv"),
                    &d.itineraries_csv,
                ),
            ]
        }
        (None, true) => bail!("other sizes or seeds need --out DIR (the committed files stay)"),
        (None, false) => vec![
            ("data/mexico/cases_synthetic.csv".into(), &d.cases_csv),
            (
                "data/mexico/itineraries_synthetic.csv".into(),
                &d.itineraries_csv,
            ),
            (
                "tests/fixtures/cases/synthetic_bad_rows.csv".into(),
                &d.bad_rows_csv,
            ),
        ],
    };
    for (path, text) in files {
        std::fs::write(&path, text).with_context(|| format!("writing {path}"))?;
        println!("wrote {path} ({} lines)", text.lines().count());
    }
    Ok(())
}
