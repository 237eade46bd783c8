//! Regenerates the SYNTHETIC case data from the Mexico network:
//! `data/mexico/cases_synthetic.csv`, `data/mexico/itineraries_synthetic.csv` and
//! `tests/fixtures/cases/synthetic_bad_rows.csv`. Byte-identical on every run
//! (`tests/cases_synthetic.rs` checks the committed files).
//!
//! ```text
//! cargo run --example make_synthetic_cases
//! ```

use anyhow::{Context, Result};
use corridors::cases::synthetic::{SyntheticOptions, generate};

fn main() -> Result<()> {
    let (net, _) = corridors::io::load_network(
        &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"],
        1.0,
    )
    .context("loading data/mexico")?;
    let d = generate(&net, &SyntheticOptions::default())?;
    for (path, text) in [
        ("data/mexico/cases_synthetic.csv", &d.cases_csv),
        ("data/mexico/itineraries_synthetic.csv", &d.itineraries_csv),
        (
            "tests/fixtures/cases/synthetic_bad_rows.csv",
            &d.bad_rows_csv,
        ),
    ] {
        std::fs::write(path, text).with_context(|| format!("writing {path}"))?;
        println!("wrote {path} ({} lines)", text.lines().count());
    }
    Ok(())
}
