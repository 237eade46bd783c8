//! `corridors map`: styled GeoJSON layers and a picture (`map.svg`, `map.png` with the `png`
//! feature) of a network and the measures computed on it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args as ClapArgs, ValueEnum};
use corridors::OdDemand;
use corridors::cases::PrivacyGuard;
use corridors::centrality::{self, CentralityOptions};
use corridors::map::svg::{self, MapLayers, SvgOptions};
use corridors::map::{self, ClassMethod, ClassOptions, HubMeasure, SegmentMeasure};
use corridors::{Costing, HubKind, Network, io};

use crate::args::{CaseArgs, CostArgs, DemandArgs};
use crate::common::NetworkArgs;
use crate::output::{cost_parameters, set_parameters, top};

/// A measure value for the summary: integers without decimals.
fn fmt_measure(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

/// Country outlines used when --boundaries is not given (if the file exists).
const DEFAULT_BOUNDARIES: &str = "data/boundaries/countries_50m.geojson";

/// Write styled GeoJSON layers and a map picture (map.svg; map.png when built with the `png`
/// feature) for a network, with hubs sized and segments weighted by the chosen measures.
///
/// Files written to --out-dir: network.geojson (hubs by kind, segments by mode),
/// hubs_<measure>.geojson and/or segments_<measure>.geojson (class breaks and legend in the
/// collection's metadata), map.svg, map.png, and with --html map.html (one offline page).
/// With --layer-format parquet the layers are GeoParquet files (.parquet) instead, their
/// metadata members in the file metadata. Every layer has a "parameters" member; the case layer has a "privacy" member, and the
/// legends name the suppression threshold. With od_betweenness the OD origins and
/// destinations (0 by definition) are labelled in italics.
///
/// Exit status: 0 when the files were written (warnings allowed), 2 on bad input.
///
/// Example:
///   corridors map --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///     --measure od_betweenness --itineraries data/mexico/itineraries_synthetic.csv --out-dir out/
#[derive(ClapArgs, Debug)]
#[command(
    verbatim_doc_comment,
    // the betweenness measures have always been costed in minutes here (issue 16 unifies)
    mut_arg("weight", |a| a
        .default_value("minutes")
        .help("Segment cost for the betweenness measures: length, minutes or a numeric property.")),
    mut_arg("sources", |a| a.help(
        "Origin hubs for --measure od_betweenness: ids, names, `kind:KIND`, `country:CC` [default: kind:entry]")),
    mut_arg("targets", |a| a.help(
        "Destination hubs for --measure od_betweenness: ids, names, `kind:KIND`, `country:CC` [default: kind:border_crossing]")),
    mut_arg("demand", |a| a.help(
        "OD demand CSV (origin,destination,demand) for --measure od_betweenness.")),
    mut_arg("cases", |a| a.help(
        "Case points (CSV, GeoJSON or GeoParquet) to count per segment; implies --measure cases.")),
    mut_arg("itineraries", |a| a.help(
        "Case itineraries (HTCDS CSV) to route and count per segment; implies --measure cases.")),
)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    #[command(flatten)]
    pub case: CaseArgs,
    /// Country outlines (GeoJSON Polygons/MultiPolygons) drawn under the network
    /// [default: data/boundaries/countries_50m.geojson when it exists].
    #[arg(long, value_name = "FILE")]
    pub boundaries: Option<PathBuf>,
    /// What to map; repeat for one hub measure and one segment measure.
    /// Hub measures: degree, betweenness (NetworkX-normalised), od_betweenness (from every
    /// `entry` hub to every `border_crossing` hub, demand 1 per pair, or --sources/--targets,
    /// or --demand).
    /// Segment measures: length, cases (published counts; 1..K-1 suppressed).
    #[arg(long, value_enum, default_value = "degree")]
    pub measure: Vec<MeasureName>,
    #[command(flatten)]
    pub cost: CostArgs,
    #[command(flatten)]
    pub demand: DemandArgs,
    /// Classification of the measures.
    #[arg(long, value_name = "METHOD", default_value = "jenks")]
    pub classification: ClassMethod,
    /// Number of classes (1-7).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub classes: usize,
    /// Title of the picture.
    #[arg(long, default_value = "Corridor network")]
    pub title: String,
    /// Number of hubs labelled (the top hubs by the hub measure).
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub labels: usize,
    /// Also write map.html: one self-contained offline page (Leaflet inlined, no network
    /// request) with switchable layers, tooltips, legend, scale bar and the privacy note.
    #[arg(long)]
    pub html: bool,
    /// With --html: simplify lines and polygon rings on the page to this tolerance in metres
    /// (Douglas–Peucker in a local metric projection); for display only, the analysis and the
    /// GeoJSON files keep every vertex.
    #[arg(long, value_name = "METRES", requires = "html")]
    pub simplify_m: Option<f64>,
    /// Credit for your own input files, added to the data attribution of the picture and the page.
    #[arg(long, value_name = "TEXT")]
    pub attribution: Option<String>,
    /// Output directory.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out_dir: PathBuf,
    /// File format of the layers: geojson (.geojson) or parquet (GeoParquet, .parquet).
    #[arg(long, value_name = "FORMAT", default_value = "geojson")]
    pub layer_format: LayerFormat,
}

/// The file format of the layers of `map`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LayerFormat {
    /// GeoJSON FeatureCollections (`.geojson`).
    Geojson,
    /// GeoParquet files (`.parquet`).
    Parquet,
}

/// The data attribution built from the sources actually used: GeoNames when the hubs carry
/// GeoNames ids or itinerary places were looked up there, OpenStreetMap (ODbL) for --osm
/// input, Natural Earth for the default outlines, and the user's --attribution text.
fn attribution(args: &Args, net: &Network, natural_earth: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !args.net.osm.is_empty() {
        parts.push("© OpenStreetMap contributors (ODbL)".into());
    }
    if args.case.itineraries.is_some() || net.hubs().any(|h| h.properties.contains_key("geonameid"))
    {
        parts.push("GeoNames (CC BY 4.0)".into());
    }
    if natural_earth {
        parts.push("Natural Earth (public domain)".into());
    }
    if let Some(a) = &args.attribution {
        parts.push(a.clone());
    }
    if parts.is_empty() {
        parts.push("your input files".into());
    }
    parts.join(", ")
}

/// A measure the command can map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MeasureName {
    /// Hub degree (segment ends per hub).
    Degree,
    /// Segment length in km.
    Length,
    /// Weighted betweenness of hubs.
    Betweenness,
    /// Origin–destination betweenness of hubs (entry hubs to border crossings).
    #[value(name = "od_betweenness")]
    OdBetweenness,
    /// Cases per segment from --cases or --itineraries (small counts suppressed).
    Cases,
}

impl MeasureName {
    fn as_str(self) -> &'static str {
        match self {
            MeasureName::Degree => "degree",
            MeasureName::Length => "length",
            MeasureName::Betweenness => "betweenness",
            MeasureName::OdBetweenness => "od_betweenness",
            MeasureName::Cases => "cases",
        }
    }
}

/// A computed measure: per hub or per segment.
pub enum Measure {
    Hub(HubMeasure),
    // boxed: a segment measure carries its styling and privacy metadata
    // (clippy::large_enum_variant)
    Segment(Box<SegmentMeasure>),
}

/// Inputs some measures read.
pub struct Inputs<'a> {
    pub case: &'a CaseArgs,
    pub demand: &'a DemandArgs,
    pub costing: Costing,
    pub guard: PrivacyGuard,
}

/// The demand of --measure od_betweenness: --demand or --sources/--targets, else every
/// `entry` hub to every `border_crossing` hub.
pub fn od_demand(net: &Network, demand: &DemandArgs) -> Result<OdDemand> {
    if let Some(d) = demand.sorted(net)? {
        return Ok(d);
    }
    let of_kind = |k: HubKind| net.hubs_of_kind(k);
    let (s, t) = (of_kind(HubKind::Entry), of_kind(HubKind::BorderCrossing));
    if s.is_empty() || t.is_empty() {
        bail!(
            "--measure od_betweenness needs --demand FILE.csv, or hubs of kind `entry` and `border_crossing` in the network"
        );
    }
    Ok(OdDemand::between(
        net,
        &["kind:entry"],
        &["kind:border_crossing"],
    )?)
}

/// The measure source: computes one named measure on the network. New measures are one arm.
pub fn compute(name: MeasureName, net: &Network, inputs: &Inputs<'_>) -> Result<Measure> {
    match name {
        MeasureName::Degree => Ok(Measure::Hub(HubMeasure::degree(net))),
        MeasureName::Length => Ok(Measure::Segment(Box::new(SegmentMeasure::length_km(net)))),
        MeasureName::Betweenness => {
            let opts = CentralityOptions {
                costing: inputs.costing.clone(),
                ..Default::default()
            };
            let bar = crate::progress::Bar::named("betweenness");
            let b = centrality::betweenness(net, &opts, &bar.exec())?;
            Ok(Measure::Hub(HubMeasure::new(
                "betweenness",
                b.hubs.into_iter().map(Some).collect(),
            )))
        }
        MeasureName::OdBetweenness => {
            let demand = od_demand(net, inputs.demand)?;
            let opts = CentralityOptions {
                costing: inputs.costing.clone(),
                normalized: false,
                ..Default::default()
            };
            let bar = crate::progress::Bar::named("OD betweenness");
            let b = centrality::od_betweenness(net, &demand, &opts, &bar.exec())?;
            Ok(Measure::Hub(HubMeasure::new(
                "od_betweenness",
                b.hubs.into_iter().map(Some).collect(),
            )))
        }
        MeasureName::Cases => {
            if !inputs.case.given() {
                bail!("--measure cases needs --cases FILE or --itineraries FILE");
            }
            let counted = inputs.case.count(net, &inputs.costing)?;
            if !counted.errors.is_empty() {
                eprintln!(
                    "note: {} case row problem(s); run `corridors aggregate` to list them",
                    counted.errors.len()
                );
            }
            if counted.dropped_unresolved > 0 {
                eprintln!(
                    "warning: {} case(s) left out of the counts: a stop resolves to no hub (run `corridors aggregate` to list them)",
                    counted.dropped_unresolved
                );
            }
            Ok(Measure::Segment(Box::new(map::case_load_measure(
                &inputs.guard.publish(net, &counted.aggregate)?,
            ))))
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut names = args.measure.clone();
    if args.case.given() && !names.contains(&MeasureName::Cases) {
        names.push(MeasureName::Cases);
    }
    let mut seen = Vec::new();
    names.retain(|n| {
        !seen.contains(n) && {
            seen.push(*n);
            true
        }
    });
    if args.classes == 0 || args.classes > map::MAX_CLASSES {
        bail!(
            "--classes must be 1..={}, got {}",
            map::MAX_CLASSES,
            args.classes
        );
    }
    let (net, _report) = args.net.load_without_topology()?;
    let inputs = Inputs {
        case: &args.case,
        demand: &args.demand,
        costing: args.cost.costing()?,
        guard: args.case.guard()?,
    };
    let (mut hub, mut seg) = (None, None);
    for &name in &names {
        match compute(name, &net, &inputs)? {
            Measure::Hub(m) if hub.is_none() => hub = Some(m),
            Measure::Segment(m) if seg.is_none() => seg = Some(*m),
            _ => bail!(
                "--measure {}: give at most one hub measure and one segment measure",
                name.as_str()
            ),
        }
    }
    let boundaries = match &args.boundaries {
        Some(p) => Some(io::geojson::read_boundaries(p)?),
        None if Path::new(DEFAULT_BOUNDARIES).exists() => {
            Some(io::geojson::read_boundaries(DEFAULT_BOUNDARIES)?)
        }
        None => {
            eprintln!("note: drawing without country outlines (pass --boundaries FILE)");
            None
        }
    };
    // Natural Earth is credited only when one of its outlines comes near the network
    let natural_earth = args.boundaries.is_none()
        && boundaries.as_ref().is_some_and(|b| {
            let rect =
                corridors::geo::BoundingRect::bounding_rect(&corridors::geo::MultiPoint::from(
                    net.hubs().map(|h| h.location).collect::<Vec<_>>(),
                ));
            rect.is_some_and(|n| {
                // polygon by polygon: a country's own box may span the globe (Alaska)
                b.countries.iter().flat_map(|c| &c.shape.0).any(|p| {
                    corridors::geo::BoundingRect::bounding_rect(p).is_some_and(|r| {
                        r.min().x <= n.max().x + 1.0
                            && r.max().x >= n.min().x - 1.0
                            && r.min().y <= n.max().y + 1.0
                            && r.max().y >= n.min().y - 1.0
                    })
                })
            })
        });
    let classes = ClassOptions {
        method: args.classification,
        classes: args.classes,
    };
    let out = &args.out_dir;
    let mut written: Vec<PathBuf> = Vec::new();
    let ext = match args.layer_format {
        LayerFormat::Geojson => "geojson",
        LayerFormat::Parquet => "parquet",
    };
    let mut write = |name: String, fc: geojson::FeatureCollection| -> Result<()> {
        let p = out.join(name).with_extension(ext);
        crate::output::write_layer(&p, &fc)?;
        written.push(p);
        Ok(())
    };
    write("network.geojson".into(), map::network_layer(&net))?;
    let mut page_layers = if args.html {
        map::html::network_layers(&net)
    } else {
        Vec::new()
    };
    // the thematic layers are on when the page opens, the plain layers they cover are off
    // (network_layers puts the hubs last)
    let n = page_layers.len();
    for (i, l) in page_layers.iter_mut().enumerate() {
        l.visible = if i + 1 == n {
            hub.is_none()
        } else {
            seg.is_none()
        };
    }
    let costing = args.cost.costing()?;
    let mut params = cost_parameters(&costing);
    params.insert(
        "measures".into(),
        serde_json::json!(names.iter().map(|n| n.as_str()).collect::<Vec<_>>()),
    );
    params.insert(
        "classification".into(),
        format!("{:?}", args.classification).to_lowercase().into(),
    );
    params.insert("classes".into(), args.classes.into());
    // the OD origins and destinations score 0 by definition: label them anyway
    let mut endpoints = Vec::new();
    if names.contains(&MeasureName::OdBetweenness) {
        let demand = od_demand(&net, &args.demand)?;
        params.extend(args.demand.parameters(Some(&demand)));
        for p in demand.pairs() {
            for h in [p.origin, p.destination] {
                if !endpoints.contains(&h) {
                    endpoints.push(h);
                }
            }
        }
    }
    if args.case.given() {
        let c = &args.case;
        params.insert("min_count".into(), c.min_count.into());
        params.insert("rounding".into(), serde_json::json!(c.rounding));
        params.insert("since".into(), serde_json::json!(c.since));
        params.insert("until".into(), serde_json::json!(c.until));
    }
    if let Some(m) = &hub {
        let mut fc = map::hub_measure_layer(&net, m, &classes)?;
        set_parameters(&mut fc, params.clone());
        if args.html {
            let title = format!("Hubs by {}", m.name.replace('_', " "));
            page_layers.push(map::html::HtmlLayer::new(&title, fc.clone(), Some(&m.name)));
        }
        write(format!("hubs_{}.geojson", m.name), fc)?;
    }
    if let Some(m) = &seg {
        let mut fc = map::segment_measure_layer(&net, m, &classes)?;
        set_parameters(&mut fc, params.clone());
        if args.html {
            let title = format!("Segments by {}", m.name.replace('_', " "));
            page_layers.push(map::html::HtmlLayer::new(&title, fc.clone(), Some(&m.name)));
        }
        write(format!("segments_{}.geojson", m.name), fc)?;
    }
    let credit = attribution(&args, &net, natural_earth);
    let describe = |what: &str, m: Option<&str>, default: &str| {
        m.map_or(default.to_string(), |n| {
            format!("{what} {}", n.replace('_', " "))
        })
    };
    let mut opts = SvgOptions {
        title: args.title.clone(),
        subtitle: Some(format!(
            "{} hubs {}; {} segments {}",
            net.hub_count(),
            describe(
                "sized by",
                hub.as_ref().map(|m| m.name.as_str()),
                "coloured by kind"
            ),
            net.segment_count(),
            describe(
                "weighted by",
                seg.as_ref().map(|m| m.name.as_str()),
                "coloured by mode"
            ),
        )),
        labels: args.labels,
        endpoint_hubs: endpoints.clone(),
        classes,
        attribution: credit.clone(),
        ..SvgOptions::default()
    };
    if !endpoints.is_empty()
        && let Some(sub) = opts.subtitle.as_mut()
    {
        sub.push_str("; italic labels: OD origins and destinations");
    }
    let layers = MapLayers {
        hub_measure: hub.as_ref(),
        segment_measure: seg.as_ref(),
        boundaries: boundaries.as_ref(),
    };
    let picture = svg::render_svg(&net, &layers, &opts)?;
    let svg_path = out.join("map.svg");
    io::write_file(&svg_path, picture.as_bytes()).context("writing the SVG map")?;
    written.push(svg_path);
    if args.html {
        let html_opts = map::html::HtmlOptions {
            title: opts.title.clone(),
            subtitle: opts.subtitle.clone(),
            attribution: credit,
            min_count: args.case.min_count,
            simplify_m: args.simplify_m,
        };
        let page = map::html::render_html(&page_layers, boundaries.as_ref(), &html_opts)?;
        let html_path = out.join("map.html");
        io::write_file(&html_path, page.as_bytes()).context("writing the HTML map")?;
        written.push(html_path);
    }
    #[cfg(feature = "png")]
    {
        let png_path = out.join("map.png");
        map::png::render_png(&picture, 1.5)
            .and_then(|png| io::write_file(&png_path, &png))
            .context("writing the PNG map")?;
        written.push(png_path);
    }
    #[cfg(not(feature = "png"))]
    eprintln!(
        "note: map.png skipped: this build has no `png` feature (map.svg has the same picture)"
    );
    for p in &written {
        println!("wrote {}", p.display());
    }
    if let Some(m) = &hub {
        let values: Vec<f64> = m.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        let tops: Vec<String> = top(&values, 5)
            .into_iter()
            .map(|h| format!("{} {}", net.hub(h).name, fmt_measure(values[h])))
            .collect();
        eprintln!(
            "top hubs by {}: {}",
            m.name.replace('_', " "),
            tops.join(", ")
        );
    }
    if let Some(m) = &seg {
        let values: Vec<f64> = m.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        let unit = match m.name.as_str() {
            "cases" => " cases",
            "length_km" => " km",
            _ => "",
        };
        let tops: Vec<String> = top(&values, 5)
            .into_iter()
            .map(|e| {
                format!(
                    "{} {}{unit}",
                    net.segment(e).id.as_key(),
                    fmt_measure(values[e])
                )
            })
            .collect();
        eprintln!(
            "top segments by {}: {}",
            m.name.replace('_', " "),
            tops.join(", ")
        );
    }
    if !endpoints.is_empty() {
        eprintln!(
            "note: the {} OD origins and destinations score 0 OD betweenness by definition; they are labelled in italics",
            endpoints.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
