//! Arguments shared by `route`, `plan` and `whatif`: weighting and OD demand.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use corridors::routing::RouterOptions;
use corridors::{Costing, Direction, HubKind, Network, OdDemand, Weighting};

/// Routing cost, with the same spelling in `centrality`, `route`, `plan` and `whatif`.
#[derive(Args, Debug, Clone)]
pub struct CostArgs {
    /// Segment cost: `length` (metres), `minutes`, or the name of a numeric segment property.
    #[arg(long, value_name = "length|minutes|PROP", default_value = "length")]
    pub weight: String,
    /// Treat one-way segments as two-way.
    #[arg(long)]
    pub undirected: bool,
}

impl CostArgs {
    /// The weighting named by `--weight`.
    pub fn weighting(&self) -> Result<Weighting> {
        Ok(self.weight.parse()?)
    }

    /// `--weight` and `--undirected` as a costing.
    pub fn costing(&self) -> Result<Costing> {
        Ok(Costing {
            weighting: self.weighting()?,
            direction: if self.undirected {
                Direction::Undirected
            } else {
                Direction::Auto
            },
        })
    }

    pub fn options(&self) -> Result<RouterOptions> {
        Ok(RouterOptions::new(self.costing()?))
    }
}

/// Origin–destination demand: all sources × all targets (demand 1 each), or a CSV table.
#[derive(Args, Debug, Clone)]
pub struct DemandArgs {
    /// Origin hubs: ids, or `kind:KIND` for every hub of a kind (e.g. `kind:entry`).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "ID,…",
        requires = "targets",
        conflicts_with = "demand"
    )]
    pub sources: Vec<String>,
    /// Destination hubs: ids, or `kind:KIND` (e.g. `kind:border_crossing`).
    #[arg(long, value_delimiter = ',', value_name = "ID,…", requires = "sources")]
    pub targets: Vec<String>,
    /// CSV with columns origin,destination,demand (hub ids).
    #[arg(long, value_name = "FILE.csv")]
    pub demand: Option<PathBuf>,
}

impl DemandArgs {
    pub fn pairs(&self, net: &Network) -> Result<OdDemand> {
        if let Some(path) = &self.demand {
            let d = corridors::io::csv::read_demand(path, net)?;
            return Ok(d);
        }
        if self.sources.is_empty() {
            bail!("give either --sources and --targets, or --demand FILE.csv");
        }
        let s = hubs(net, &self.sources).context("--sources")?;
        let t = hubs(net, &self.targets).context("--targets")?;
        // in the order given (as before OdDemand existed), not sorted
        let pairs = OdDemand::between_indices(net, &s, &t)?;
        if pairs.is_empty() {
            bail!("no origin–destination pairs (sources and targets are the same single hub)");
        }
        Ok(pairs)
    }
}

/// Resolves hub ids and `kind:KIND` selectors to hub indices (in the given order, no
/// duplicates).
pub fn hubs(net: &Network, ids: &[String]) -> Result<Vec<usize>> {
    let mut out = Vec::new();
    for id in ids {
        let found = match id.strip_prefix("kind:") {
            Some(k) => {
                let kind: HubKind = k.parse().map_err(anyhow::Error::msg)?;
                let v = net.hubs_of_kind(kind);
                if v.is_empty() {
                    bail!("no hub of kind {kind} in the network");
                }
                v
            }
            None => vec![net.require_hub(id)?],
        };
        for h in found {
            if !out.contains(&h) {
                out.push(h);
            }
        }
    }
    Ok(out)
}
