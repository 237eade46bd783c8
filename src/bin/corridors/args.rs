//! Argument groups shared by the subcommands, so every command spells the same option the
//! same way: routing cost ([`CostArgs`]), origin–destination demand ([`DemandArgs`]), case
//! files and publication ([`CaseArgs`]) and the output file ([`OutArgs`]).
//!
//! A command that needs another default or help text for a shared option changes it with
//! `#[command(mut_arg("NAME", …))]` on its own `Args`, next to the command's documentation.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use corridors::cases::{
    Aggregate, AggregateOptions, Alternatives, Date, Gazetteer, ItineraryOptions, PrivacyGuard,
    SnapOptions, Split, count_itineraries, count_points,
};
use corridors::io::ReadOptions;
use corridors::io::dates::{DateDecision, DateFormat};
use corridors::io::dialect::{Delimiter, Dialect, DialectOptions, TextEncoding};
use corridors::routing::RouterOptions;
use corridors::{Costing, Direction, Network, OdDemand, Weighting};

use crate::progress::Bar;

/// Routing cost: `centrality`, `route`, `plan`, `whatif`, `aggregate` (itineraries) and `map`.
#[derive(Args, Debug, Clone)]
pub struct CostArgs {
    /// Segment cost: `minutes` (travel time), `length` (metres), or the name of a numeric
    /// segment property.
    #[arg(long, value_name = "minutes|length|PROP", default_value = "minutes")]
    pub weight: String,
    /// Treat one-way segments as two-way.
    #[arg(long)]
    pub undirected: bool,
    /// Hubs no route may pass through or end at: ids, names, `kind:KIND` or `country:CC`
    /// (e.g. `--avoid country:GT,country:BZ`).
    #[arg(long, value_delimiter = ',', value_name = "HUB,…")]
    pub avoid: Vec<String>,
    /// Cost of crossing an international border (a segment between hubs of different
    /// `country`), in hours of travel; 0 switches it off. With `--weight length` an hour
    /// counts as 60 km; property weights get no penalty.
    #[arg(long, value_name = "HOURS", default_value_t = corridors::weights::DEFAULT_BORDER_PENALTY_MINUTES / 60.0)]
    pub border_penalty_hours: f64,
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
            border_penalty_minutes: self.border_penalty_hours * 60.0,
            avoid: self.avoid.iter().map(|s| s.trim().to_string()).collect(),
        })
    }

    /// Router options with this costing.
    pub fn options(&self) -> Result<RouterOptions> {
        Ok(RouterOptions::new(self.costing()?))
    }
}

/// Origin–destination demand: all sources × all targets (demand 1 each), or a CSV table.
/// Used by `centrality`, `map` (od_betweenness), `plan` and `whatif`.
#[derive(Args, Debug, Clone)]
pub struct DemandArgs {
    /// Origin hubs: ids, names, `kind:KIND` (e.g. `kind:entry`), `country:CC`.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "HUB,…",
        requires = "targets",
        conflicts_with = "demand"
    )]
    pub sources: Vec<String>,
    /// Destination hubs: ids, names, `kind:KIND` (e.g. `kind:border_crossing`), `country:CC`.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "HUB,…",
        requires = "sources"
    )]
    pub targets: Vec<String>,
    /// CSV with columns origin,destination,demand (hub ids, names, `kind:`, `country:`).
    #[arg(long, value_name = "FILE.csv")]
    pub demand: Option<PathBuf>,
}

impl DemandArgs {
    /// The demand sorted by (origin, destination), repeated selectors adding up
    /// ([`OdDemand::between`]): what `centrality` and `map` have always used. `None` when
    /// no demand was given.
    pub fn sorted(&self, net: &Network) -> Result<Option<OdDemand>> {
        if let Some(path) = &self.demand {
            return Ok(Some(corridors::io::csv::read_demand(path, net)?));
        }
        if self.sources.is_empty() {
            return Ok(None);
        }
        // each list checked on its own, so that an error names its option
        hubs(net, &self.sources).context("--sources")?;
        hubs(net, &self.targets).context("--targets")?;
        Ok(Some(OdDemand::between(
            net,
            &trimmed(&self.sources),
            &trimmed(&self.targets),
        )?))
    }

    /// The demand in the order given (sources outer, targets inner; repeated hubs once):
    /// what `plan` and `whatif` have always used, since greedy choices break ties by pair
    /// order. Demand is required here.
    pub fn in_given_order(&self, net: &Network) -> Result<OdDemand> {
        if let Some(path) = &self.demand {
            return Ok(corridors::io::csv::read_demand(path, net)?);
        }
        if self.sources.is_empty() {
            bail!("give either --sources and --targets, or --demand FILE.csv");
        }
        let s = hubs(net, &self.sources).context("--sources")?;
        let t = hubs(net, &self.targets).context("--targets")?;
        let pairs = OdDemand::between_indices(net, &s, &t)?;
        if pairs.is_empty() {
            bail!("no origin–destination pairs (sources and targets are the same single hub)");
        }
        Ok(pairs)
    }
}

/// The items of a comma-separated list without surrounding blanks (`a, b` is `a` and `b`).
pub fn trimmed(items: &[String]) -> Vec<&str> {
    items.iter().map(|s| s.trim()).collect()
}

/// Resolves hub references (ids, names ignoring case and accents, `kind:KIND`,
/// `country:CC`, `id:`/`name:`; each item trimmed) to hub indices, in the given order,
/// without duplicates ([`Network::resolve_hub_list`]).
pub fn hubs(net: &Network, refs: &[String]) -> Result<Vec<usize>> {
    Ok(net.resolve_hub_list(refs)?)
}

/// How a case is split among alternative routes.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SplitArg {
    Equal,
    Cost,
}

/// How a case CSV is decoded, split and its dates read (`snap`, `aggregate`, `map`).
#[derive(Args, Debug, Clone, Default)]
pub struct DialectArgs {
    /// Day-month order of numeric dates: auto (decided per file from values such as
    /// 13/02/2021 or weekdays; never guessed per row), dmy (dd/mm/yyyy) or mdy (mm/dd/yyyy).
    /// ISO dates (YYYY-MM-DD) and month names are read in every mode.
    #[arg(long, value_name = "auto|dmy|mdy", default_value = "auto")]
    pub date_format: DateFormat,
    /// Text encoding of the case CSV: utf-8, utf-16le, utf-16be or windows-1252 (default:
    /// detected from the BOM and the bytes).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<TextEncoding>,
    /// Field delimiter of the case CSV: ",", ";", tab or "|" (default: sniffed).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<Delimiter>,
}

impl DialectArgs {
    /// The reader options these flags give.
    pub fn read_options(&self, strict: bool) -> ReadOptions {
        ReadOptions {
            strict,
            dialect: DialectOptions {
                encoding: self.encoding,
                delimiter: self.delimiter,
                decimal_comma: None,
            },
            date_format: self.date_format,
            ..ReadOptions::default()
        }
    }
}

/// Prints on stderr how a case file was read, when that is worth knowing: a dialect other
/// than UTF-8 with commas, and a day-month order that was decided or could not be.
pub fn print_read_notes(dialect: Option<&Dialect>, order: Option<&DateDecision>) {
    if let Some(d) = dialect
        && *d != Dialect::default()
    {
        eprintln!("read as {d}");
    }
    if let Some(o) = order
        && *o != DateDecision::NotNeeded
    {
        eprintln!("dates: {}", o.describe());
    }
}

/// Case files and how their counts are published: `aggregate` and `map`.
#[derive(Args, Debug, Clone)]
pub struct CaseArgs {
    /// Case points (CSV, GeoJSON or GeoParquet), snapped to their nearest segment and counted.
    #[arg(long, value_name = "FILE", conflicts_with = "itineraries")]
    pub cases: Option<PathBuf>,
    /// HTCDS historic trafficking events (CSV with hte_ columns), routed and counted.
    #[arg(long, value_name = "FILE")]
    pub itineraries: Option<PathBuf>,
    /// GeoNames extract for itinerary places that are not hubs.
    #[arg(long, value_name = "FILE", default_value = "data/geonames/places.csv")]
    pub geonames: PathBuf,
    /// Smallest published count; 1..K-1 are suppressed. Below 11 the output is not for
    /// publication (a warning says so, and the "privacy" member has "publishable": false).
    #[arg(long, value_name = "K", default_value_t = 11)]
    pub min_count: u32,
    /// Round published counts down to a multiple of R.
    #[arg(long, value_name = "R")]
    pub rounding: Option<u32>,
    /// Cases farther than this from every segment are not counted.
    #[arg(long, value_name = "M", default_value_t = 10_000.0)]
    pub max_distance_m: f64,
    /// First date counted (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last date counted (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Spread each itinerary leg over its K shortest loopless routes (K >= 1).
    #[arg(long, value_name = "K", requires = "itineraries")]
    pub alternatives: Option<usize>,
    /// How a case is split among the alternatives: "equal" (1/K each) or "cost" (share
    /// proportional to exp(-THETA * (cost/best - 1))).
    #[arg(
        long,
        value_name = "equal|cost",
        default_value = "equal",
        requires = "alternatives"
    )]
    pub split: SplitArg,
    /// Sensitivity of --split cost to the detour (10: a route 10% longer weighs e^-1 as much).
    #[arg(long, value_name = "THETA", default_value_t = 10.0)]
    pub theta: f64,
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// What reading and counting case files gave.
pub struct Counted {
    pub aggregate: Aggregate,
    pub errors: Vec<corridors::Diagnostic>,
    /// Kept rows with a field left empty, and file-level notes.
    pub warnings: Vec<corridors::Diagnostic>,
    pub dropped_columns: Vec<String>,
    pub rows: u64,
    /// Itineraries left out because a stop could not be resolved.
    pub dropped_unresolved: usize,
    /// Point cases farther than --max-distance-m from every segment, or with an invalid
    /// location.
    pub not_located: usize,
}

impl CaseArgs {
    /// Whether `--cases` or `--itineraries` was given.
    pub fn given(&self) -> bool {
        self.cases.is_some() || self.itineraries.is_some()
    }

    /// `--min-count` and `--rounding` as a validated guard.
    pub fn guard(&self) -> Result<PrivacyGuard> {
        let guard = PrivacyGuard {
            min_count: self.min_count,
            rounding: self.rounding,
        };
        guard.validate()?;
        let k = PrivacyGuard::default().min_count;
        if self.given() && guard.min_count < k {
            eprintln!(
                "warning: --min-count {} is below {k}: counts from {} to {} are published, so the output is NOT for publication",
                guard.min_count,
                guard.min_count.max(1),
                k - 1
            );
        }
        Ok(guard)
    }

    /// `--max-distance-m` as validated snapping options.
    pub fn snap_options(&self) -> Result<SnapOptions> {
        let opts = SnapOptions {
            max_distance_m: self.max_distance_m,
        };
        opts.validate()?;
        Ok(opts)
    }

    /// `--since` and `--until` as the date window.
    pub fn window(&self) -> Result<AggregateOptions> {
        Ok(AggregateOptions {
            from: parse_date(&self.since, "--since")?,
            to: parse_date(&self.until, "--until")?,
        })
    }

    /// `--alternatives`, `--split` and `--theta`.
    pub fn alternatives(&self) -> Option<Alternatives> {
        self.alternatives.map(|k| Alternatives {
            k,
            split: match self.split {
                SplitArg::Equal => Split::Equal,
                SplitArg::Cost => Split::CostBased { theta: self.theta },
            },
        })
    }

    /// Reads case points (snapped) or itineraries (routed with `costing`) and counts them
    /// per segment and hub, with the library's case pipeline.
    pub fn count(&self, net: &Network, costing: &Costing) -> Result<Counted> {
        let (snap_opts, window) = (self.snap_options()?, self.window()?);
        let read = self.dialect.read_options(false);
        if let Some(path) = &self.cases {
            let r = read_case_csv(path, &read)?;
            print_read_notes(r.dialect.as_ref(), r.date_order.as_ref());
            let bar = Bar::named("snapping cases");
            let counted = count_points(net, &r.records, &snap_opts, &window, &bar.exec())?;
            return Ok(Counted {
                aggregate: counted.aggregate,
                errors: r.errors,
                warnings: r.warnings,
                dropped_columns: r.dropped_columns,
                rows: r.rows as u64,
                dropped_unresolved: 0,
                not_located: counted.too_far + counted.invalid,
            });
        }
        let path = self
            .itineraries
            .as_deref()
            .context("--cases or --itineraries is required")?;
        let r = {
            let bar = Bar::new();
            let (label, reader) = corridors::io::open_with_progress(path, &bar)?;
            corridors::io::csv::read_htcds_from(&label, reader, &read)?
        };
        print_read_notes(r.dialect.as_ref(), r.date_order.as_ref());
        let gaz = self.gazetteer(net)?;
        let opts = ItineraryOptions {
            alternatives: self.alternatives(),
            costing: costing.clone(),
            ..ItineraryOptions::default()
        };
        let bar = Bar::named("routing itineraries");
        let counted = count_itineraries(net, &gaz, &r.records, &opts, &window, &bar.exec())?;
        let mut diags = counted.diagnostics;
        let label: std::sync::Arc<str> = path.display().to_string().into();
        for d in &mut diags {
            d.location.file = Some(label.clone());
        }
        // unresolvable stops are warnings (their case is left out and counted below)
        let (mut errors, mut warnings) = (r.errors, r.warnings);
        for d in diags {
            if d.severity == corridors::Severity::Warning {
                warnings.push(d);
            } else {
                errors.push(d);
            }
        }
        Ok(Counted {
            aggregate: counted.aggregate,
            errors,
            warnings,
            dropped_columns: r.dropped_columns,
            rows: r.rows as u64,
            dropped_unresolved: counted.dropped_unresolved,
            not_located: 0,
        })
    }

    /// The hubs and the `--geonames` extract as a gazetteer for itinerary stops; a missing
    /// extract is a warning (places that are not hubs will not resolve).
    pub fn gazetteer(&self, net: &Network) -> Result<Gazetteer> {
        let gaz = Gazetteer::new(net);
        if self.geonames.exists() {
            return Ok(gaz.with_places(corridors::io::csv::read_geonames(&self.geonames)?));
        }
        eprintln!(
            "warning: GeoNames extract {} not found (pass --geonames FILE): itinerary places that are not hubs will not resolve",
            self.geonames.display()
        );
        Ok(gaz)
    }

    /// How itineraries are routed (as [`CaseArgs::count`] routes them).
    pub fn itinerary_options(&self, costing: &Costing) -> ItineraryOptions {
        ItineraryOptions {
            alternatives: self.alternatives(),
            costing: costing.clone(),
            ..ItineraryOptions::default()
        }
    }
}

/// Reads a case file (CSV, GeoJSON or GeoParquet, as [`corridors::io::read_cases`]) with a
/// progress bar in bytes.
pub fn read_case_csv(
    path: &Path,
    read: &ReadOptions,
) -> Result<corridors::io::ReadReport<corridors::cases::CaseRecord>> {
    let bar = Bar::new();
    Ok(corridors::io::read_cases_with_progress(path, read, &bar)?)
}

fn parse_date(s: &Option<String>, flag: &str) -> Result<Option<Date>> {
    s.as_deref()
        .map(|d| {
            d.parse::<Date>()
                .map_err(|e| anyhow::anyhow!("{flag}: {e}"))
        })
        .transpose()
}

/// The output file: `--out FILE`. Commands whose output is the file (`centrality`,
/// `aggregate`, `snap`) write to stdout without it ([`OutArgs::write`]); commands that print
/// a report (`route`, `plan`, `whatif`) write the file only when it is given
/// ([`OutArgs::write_if_given`]).
#[derive(Args, Debug, Clone)]
pub struct OutArgs {
    /// Output file; its extension chooses the format (.geojson/.json GeoJSON, .csv CSV,
    /// .parquet GeoParquet); `-` is stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl OutArgs {
    /// Writes `bytes` to `--out` (creating its folder), or to stdout; returns the file
    /// written, if any.
    pub fn write(&self, bytes: &[u8]) -> Result<Option<&Path>> {
        if self.out.is_some() {
            return self.write_if_given(bytes);
        }
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        Ok(None)
    }

    /// Writes `bytes` to `--out` (creating its folder) when it is given; returns that file.
    /// `--out -` writes to stdout (and returns no file).
    pub fn write_if_given(&self, bytes: &[u8]) -> Result<Option<&Path>> {
        match &self.out {
            Some(p) if p.as_os_str() == "-" => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
                Ok(None)
            }
            Some(p) => {
                corridors::io::write_file(p, bytes)?;
                Ok(Some(p))
            }
            None => Ok(None),
        }
    }
}
