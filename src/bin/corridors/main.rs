//! `corridors`: command-line front end of the corridors library.
//!
//! Each subcommand lives in its own module; this file only parses and dispatches. Errors are
//! printed to stderr as one line each (`error: …`), never as a panic trace.

mod aggregate;
mod args;
mod centrality;
mod common;
mod fixed;
mod info;
mod map;
mod output;
mod plan;
mod progress;
mod route;
mod snap;
mod stats;
mod validate;
mod whatif;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Corridor graphs for trafficking and smuggling route research.
///
/// Hubs are named the same way in every command (--from, --to, --via, --sources, --targets,
/// --remove, --candidates, demand and itinerary files, corridors files): by id, by name
/// (case- and accent-insensitive), `kind:KIND`, `country:CC`, or `id:ID` / `name:NAME`; list
/// items are trimmed, and an unknown hub gets "did you mean". --out chooses its format by
/// extension (.geojson/.json GeoJSON, .csv CSV, .parquet GeoParquet; `-` is stdout). Every
/// GeoJSON output has a "parameters" member (GeoParquet: in the file metadata). Warnings start with "warning:" and do not change the exit status.
///
/// Exit status: 0 success (warnings allowed); 1 a negative answer (`route`: no route;
/// `validate`: the input has errors, or warnings with --strict); 2 bad input or options
/// (one "error:" line each); 101 internal error.
///
/// Progress bars (phase, bar, done/total, time left) go to stderr while files are read, the
/// network is built and each algorithm runs; they are not drawn when stderr is not a
/// terminal, or with --no-progress.
#[derive(Parser)]
#[command(name = "corridors", version, about, long_about)]
struct Cli {
    /// Draw no progress bar on stderr (bars are never drawn when stderr is not a terminal).
    #[arg(long, visible_alias = "quiet", global = true)]
    no_progress: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Centrality(centrality::Args),
    Aggregate(aggregate::Args),
    Info(info::Args),
    Snap(snap::Args),
    Validate(validate::Args),
    // boxed: the map arguments are the largest (clippy::large_enum_variant)
    Map(Box<map::Args>),
    Route(route::Args),
    Plan(plan::Args),
    Whatif(whatif::Args),
    /// Network statistics: K function, hot spots with FDR, NKDE, scan.
    Stats(stats::Args),
}

fn main() -> ExitCode {
    common::quiet_panics();
    let cli = Cli::parse();
    if cli.no_progress {
        progress::hide();
    }
    let result = match cli.command {
        Command::Centrality(a) => centrality::run(a),
        Command::Aggregate(a) => aggregate::run(a),
        Command::Info(a) => info::run(a),
        Command::Snap(a) => snap::run(a),
        Command::Validate(a) => validate::run(a),
        Command::Map(a) => map::run(*a),
        Command::Route(a) => route::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Whatif(a) => whatif::run(a),
        Command::Stats(a) => stats::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            common::print_error(&e);
            ExitCode::from(2)
        }
    }
}
