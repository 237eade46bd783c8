//! Final step: the picture a newcomer sees first, `out/map.svg` (and `out/map.png` when built
//! with `--features png`), plus the styled hub and segment layers behind it.
//!
//! Hubs are sized by the hub measure and segments weighted by the segment measure given by
//! the earlier steps: OD betweenness from the entry hubs to the border crossings, and the
//! published (privacy-guarded) synthetic case load.

use std::path::Path;

use anyhow::Result;
use corridors::boundaries::Boundaries;
use corridors::map::svg::{self, MapLayers, SvgOptions};
use corridors::map::{self, ClassOptions, HubMeasure, SegmentMeasure};
use corridors::{Network, io};

pub fn run(
    net: &Network,
    hubs: &HubMeasure,
    segments: Option<&SegmentMeasure>,
    outlines: &Boundaries,
    out: &Path,
) -> Result<()> {
    let classes = ClassOptions::default();
    io::geojson::write_feature_collection(
        out.join("map_hubs.geojson"),
        &map::hub_measure_layer(net, hubs, &classes)?,
    )?;
    if let Some(s) = segments {
        io::geojson::write_feature_collection(
            out.join("map_segments.geojson"),
            &map::segment_measure_layer(net, s, &classes)?,
        )?;
    }
    let opts = SvgOptions {
        title: "Trafficking and smuggling corridors through Mexico".into(),
        subtitle: Some(format!(
            "{} hubs sized by {}; {}",
            net.hub_count(),
            match hubs.name.as_str() {
                "od_betweenness" => "OD betweenness (entry hubs → border crossings)".to_string(),
                other => other.replace('_', " "),
            },
            segments.map_or("segments coloured by mode".to_string(), |s| format!(
                "segments weighted by {} (SYNTHETIC itineraries; counts < 11 suppressed)",
                s.name.replace('_', " ")
            ))
        )),
        ..SvgOptions::default()
    };
    let layers = MapLayers {
        hub_measure: Some(hubs),
        segment_measure: segments,
        boundaries: Some(outlines),
    };
    let picture = svg::render_svg(net, &layers, &opts)?;
    io::write_file(out.join("map.svg"), picture.as_bytes())?;
    println!("wrote {}", out.join("map.svg").display());
    #[cfg(feature = "png")]
    {
        io::write_file(out.join("map.png"), &map::png::render_png(&picture, 1.5)?)?;
        println!("wrote {}", out.join("map.png").display());
    }
    Ok(())
}
