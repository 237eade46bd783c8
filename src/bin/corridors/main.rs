//! `corridors`: command-line front end of the corridors library.
//!
//! Each subcommand lives in its own module; this file only parses and dispatches. Errors are
//! printed to stderr as one line each (`error: …`), never as a panic trace.

mod aggregate;
mod args;
mod centrality;
mod common;
mod info;
mod map;
mod plan;
mod route;
mod snap;
mod stats;
mod validate;
mod whatif;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Corridor graphs for trafficking and smuggling route research.
#[derive(Parser)]
#[command(name = "corridors", version, about, long_about = None)]
struct Cli {
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
