//! `corridors map`: styled GeoJSON layers and a picture (`map.svg`, `map.png` with the `png`
//! feature) of a network and the measures computed on it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args as ClapArgs, ValueEnum};
use corridors::map::svg::{self, Boundaries, MapLayers, SvgOptions};
use corridors::map::{self, ClassMethod, ClassOptions, HubMeasure, SegmentMeasure};
use corridors::{Network, io};

use crate::common::NetworkArgs;

/// Country outlines used when --boundaries is not given (if the file exists).
const DEFAULT_BOUNDARIES: &str = "data/boundaries/countries_50m.geojson";

/// Write styled GeoJSON layers and a map picture (map.svg; map.png when built with the `png`
/// feature) for a network, with hubs sized and segments weighted by the chosen measures.
///
/// Files written to --out-dir: network.geojson (hubs by kind, segments by mode),
/// hubs_<measure>.geojson and/or segments_<measure>.geojson (class breaks and legend in the
/// collection's metadata), map.svg and map.png.
///
/// Example:
///   corridors map --network data/mexico/hubs.geojson --network data/mexico/segments.geojson \
///     --measure degree --measure length --out-dir out/
#[derive(ClapArgs, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Case points (CSV) to count per segment; implies --measure cases.
    #[arg(long, value_name = "FILE", conflicts_with = "itineraries")]
    pub cases: Option<PathBuf>,
    /// Case itineraries (CSV) to route and count per segment; implies --measure cases.
    #[arg(long, value_name = "FILE")]
    pub itineraries: Option<PathBuf>,
    /// Country outlines (GeoJSON Polygons/MultiPolygons) drawn under the network
    /// [default: data/boundaries/countries_50m.geojson when it exists].
    #[arg(long, value_name = "FILE")]
    pub boundaries: Option<PathBuf>,
    /// What to map; repeat for one hub measure and one segment measure.
    /// Hub measures: degree, betweenness, od_betweenness. Segment measures: length, cases.
    #[arg(long, value_enum, default_value = "degree")]
    pub measure: Vec<MeasureName>,
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
    /// Output directory.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out_dir: PathBuf,
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
    Segment(SegmentMeasure),
}

/// Input files some measures read.
pub struct Inputs<'a> {
    pub cases: Option<&'a Path>,
    pub itineraries: Option<&'a Path>,
}

/// The measure source: computes one named measure on the network. New measures are one arm.
pub fn compute(name: MeasureName, net: &Network, inputs: &Inputs<'_>) -> Result<Measure> {
    match name {
        MeasureName::Degree => Ok(Measure::Hub(HubMeasure::degree(net))),
        MeasureName::Length => Ok(Measure::Segment(SegmentMeasure::length_km(net))),
        MeasureName::Betweenness | MeasureName::OdBetweenness => bail!(
            "--measure {}: not available in this build yet",
            name.as_str()
        ),
        MeasureName::Cases => {
            let source = inputs
                .cases
                .or(inputs.itineraries)
                .map_or("no --cases or --itineraries file given".to_string(), |p| {
                    p.display().to_string()
                });
            bail!("--measure cases ({source}): not available in this build yet")
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut names = args.measure.clone();
    if (args.cases.is_some() || args.itineraries.is_some()) && !names.contains(&MeasureName::Cases)
    {
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
    let (net, _report) = args.net.load()?;
    let inputs = Inputs {
        cases: args.cases.as_deref(),
        itineraries: args.itineraries.as_deref(),
    };
    let (mut hub, mut seg) = (None, None);
    for &name in &names {
        match compute(name, &net, &inputs)? {
            Measure::Hub(m) if hub.is_none() => hub = Some(m),
            Measure::Segment(m) if seg.is_none() => seg = Some(m),
            _ => bail!(
                "--measure {}: give at most one hub measure and one segment measure",
                name.as_str()
            ),
        }
    }
    let boundaries = match &args.boundaries {
        Some(p) => Some(Boundaries::from_file(p)?),
        None if Path::new(DEFAULT_BOUNDARIES).exists() => {
            Some(Boundaries::from_file(DEFAULT_BOUNDARIES)?)
        }
        None => {
            eprintln!("note: drawing without country outlines (pass --boundaries FILE)");
            None
        }
    };
    let classes = ClassOptions {
        method: args.classification,
        classes: args.classes,
    };
    let out = &args.out_dir;
    let mut written: Vec<PathBuf> = Vec::new();
    let mut write = |name: String, fc: geojson::FeatureCollection| -> Result<()> {
        let p = out.join(name);
        io::geojson::write_feature_collection(&p, &fc)?;
        written.push(p);
        Ok(())
    };
    write("network.geojson".into(), map::network_layer(&net))?;
    if let Some(m) = &hub {
        write(
            format!("hubs_{}.geojson", m.name),
            map::hub_measure_layer(&net, m, &classes)?,
        )?;
    }
    if let Some(m) = &seg {
        write(
            format!("segments_{}.geojson", m.name),
            map::segment_load_layer(&net, m, &classes)?,
        )?;
    }
    let describe = |what: &str, m: Option<&str>, default: &str| {
        m.map_or(default.to_string(), |n| {
            format!("{what} {}", n.replace('_', " "))
        })
    };
    let opts = SvgOptions {
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
        classes,
        ..SvgOptions::default()
    };
    let layers = MapLayers {
        hub_measure: hub.as_ref(),
        segment_measure: seg.as_ref(),
        boundaries: boundaries.as_ref(),
    };
    let picture = svg::render_svg(&net, &layers, &opts)?;
    let svg_path = out.join("map.svg");
    svg::write_svg(&svg_path, &picture).context("writing the SVG map")?;
    written.push(svg_path);
    #[cfg(feature = "png")]
    {
        let png_path = out.join("map.png");
        map::png::write_png(&png_path, &picture, 1.5).context("writing the PNG map")?;
        written.push(png_path);
    }
    for p in &written {
        println!("wrote {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}
