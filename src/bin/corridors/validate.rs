//! `corridors validate`: list every problem of the input.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args as ClapArgs;
use corridors::io::geojson::KeepProperties;
use corridors::{Error, Severity};

use crate::common::NetworkArgs;

/// Check network files and print every problem with its file, feature, id and reason, and
/// a verdict line, on stderr (as every command prints its diagnostics; stdout stays empty).
///
/// Exits with 0 when there is no error (warnings are printed but allowed; add --strict to
/// fail on warnings too) and with 1 when there is any error.
///
/// Example:
///   corridors validate --network hubs.geojson --network segments.geojson
#[derive(ClapArgs, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Also exit non-zero when there are warnings.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    // diagnostics and counts only: no free property is used
    match args.net.load_keeping(KeepProperties::None) {
        Ok((_, report)) => {
            for d in &report.diagnostics {
                eprintln!("{d}");
            }
            let w = report.diagnostics.len();
            eprintln!(
                "ok: {} hubs, {} segments, 0 errors, {w} warnings",
                report.summary.hubs, report.summary.segments
            );
            Ok(if args.strict && w > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(Error::Invalid(diags)) => {
            let errors = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!(
                "invalid: {errors} errors, {} warnings",
                diags.len() - errors
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
