//! Shared pieces of the subcommands: network arguments and error printing.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use corridors::io::geojson::{KeepProperties, NetworkReadOptions};
use corridors::{BuildReport, Error, Network, NetworkBuilder, Severity};

/// Where the network comes from.
#[derive(Args, Debug, Clone)]
pub struct NetworkArgs {
    /// GeoJSON or GeoParquet (.parquet) file with hubs and/or segments, or a directory (its
    /// .geojson files); repeat, or separate with commas, for several.
    #[arg(
        long = "network",
        value_name = "FILE|DIR",
        value_delimiter = ',',
        required_unless_present = "osm"
    )]
    pub network: Vec<PathBuf>,
    /// OpenStreetMap extract (.osm.pbf) to import drivable roads from; repeatable.
    #[arg(long = "osm", value_name = "FILE.osm.pbf")]
    pub osm: Vec<PathBuf>,
    /// Distance in metres within which a line end matches a hub.
    #[arg(long, value_name = "M", default_value_t = 1.0)]
    pub tolerance_m: f64,
    /// Merge chains of segments through pass-through hubs (kind `other`, two segments) into
    /// one segment each (OSMnx `simplify_graph`): lengths and travel times are summed, way
    /// ids and names listed, one-way chains stay one-way.
    #[arg(long)]
    pub simplify: bool,
    /// With --simplify: hub ids never merged away (comma-separated).
    #[arg(long, value_name = "IDS", value_delimiter = ',', requires = "simplify")]
    pub keep_hubs: Vec<String>,
    /// With --osm: highway classes to import (comma-separated; default the drivable ones,
    /// motorway … residential, their links, unclassified, living_street).
    #[arg(long, value_name = "CLASSES", value_delimiter = ',')]
    pub osm_highways: Vec<String>,
    /// With --osm: also import railway=rail ways.
    #[arg(long)]
    pub osm_rail: bool,
    /// With --osm: also import route=ferry ways (mode sea).
    #[arg(long)]
    pub osm_ferries: bool,
    /// With --osm: keep ways tagged access=no or access=private (left out by default).
    #[arg(long)]
    pub osm_private: bool,
}

impl NetworkArgs {
    /// Loads and validates the network with every free property but without the topology
    /// warnings (see
    /// [`NetworkBuilder::check_topology`]), for a command that prints none of them: every
    /// command but `info` and `validate` (the crossing search is the costliest part of a
    /// build).
    pub fn load_without_topology(&self) -> Result<(Network, BuildReport), Error> {
        self.load_with(false, KeepProperties::All)
    }

    /// Loads and validates the network with the topology warnings, keeping only the free
    /// properties `keep` of the GeoJSON files.
    pub fn load_keeping(&self, keep: KeepProperties) -> Result<(Network, BuildReport), Error> {
        self.load_with(true, keep)
    }

    /// Loads and validates the network, with or without the topology warnings, keeping only
    /// the free properties `keep` of the GeoJSON files (with --simplify every property is
    /// kept: merged segments list them); errors carry every diagnostic.
    pub fn load_with(
        &self,
        check_topology: bool,
        keep: KeepProperties,
    ) -> Result<(Network, BuildReport), Error> {
        let keep = if self.simplify {
            KeepProperties::All
        } else {
            keep
        };
        let read = NetworkReadOptions::default().keep_properties(keep.clone());
        let bar = crate::progress::Bar::new();
        let mut b = NetworkBuilder::new()
            .tolerance_m(self.tolerance_m)
            .check_topology(check_topology);
        let mut osm = corridors::io::osm::OsmOptions {
            rail: self.osm_rail,
            ferries: self.osm_ferries,
            include_private: self.osm_private,
            // as for the GeoJSON files: only what the command uses
            properties: keep.clone(),
            ..Default::default()
        };
        if !self.osm_highways.is_empty() {
            osm.highways = self.osm_highways.clone();
        }
        for p in &self.osm {
            b.merge(corridors::io::osm::read_osm_pbf_with_progress(
                p, &osm, &bar,
            )?);
        }
        corridors::io::add_network_files_with_progress(&mut b, &self.network, &read, &bar);
        let (net, report) = b.build_with_progress(&bar)?;
        if !self.simplify {
            return Ok((net, report));
        }
        let opts = corridors::network::SimplifyOptions {
            keep: self.keep_hubs.clone(),
        };
        let (net, _) = corridors::network::simplify_with_progress(&net, &opts, &bar)?;
        // the summary describes the network returned
        let report = BuildReport {
            summary: net.summary_with_progress(&bar),
            ..report
        };
        Ok((net, report))
    }
}

/// Prints an error as one line per problem on stderr.
pub fn print_error(e: &anyhow::Error) {
    if let Some(Error::Invalid(diags)) = e.downcast_ref::<Error>() {
        for d in diags {
            if d.severity == Severity::Error {
                eprintln!("{d}");
            }
        }
        let n = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        eprintln!("error: {n} problem(s) in the input; nothing was computed");
    } else {
        eprintln!("error: {e:#}");
    }
}

/// Replaces Rust's panic output with one line on stderr. A closed stdout (`corridors … | head`)
/// ends the program quietly, as other Unix tools do.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("unknown");
        if msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        eprintln!("error: internal error (please report it): {msg}");
        std::process::exit(101);
    }));
}
