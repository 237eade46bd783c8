//! Last step: `out/map.html`, one self-contained page that opens offline (from a USB stick) with
//! every layer of the earlier steps switchable: the network by mode, hubs by kind, hubs by OD
//! betweenness, segments by the published case load, the routes, the named corridors with
//! their published case counts, the outreach posts, and the statistics step's hot spots and
//! NKDE (published values only).
//!
//! The route, corridor and outreach layers are read back from the GeoJSON files the `routes`
//! step wrote, so the page shows exactly what those files publish.

use std::path::Path;

use anyhow::{Context, Result};
use corridors::boundaries::Boundaries;
use corridors::map::html::{self, HtmlLayer, HtmlOptions};
use corridors::map::{self, ClassOptions, HubMeasure, SegmentMeasure};
use corridors::{Network, io};

/// A layer file written by an earlier step.
fn read_layer(path: &Path) -> Result<geojson::FeatureCollection> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    geojson::FeatureCollection::try_from(text.parse::<geojson::GeoJson>()?)
        .with_context(|| format!("{} is not a FeatureCollection", path.display()))
}

pub fn run(
    net: &Network,
    hubs: &HubMeasure,
    segments: Option<&SegmentMeasure>,
    outlines: &Boundaries,
    stats_layers: crate::statistics::Layers,
    out: &Path,
) -> Result<()> {
    let classes = ClassOptions::default();
    let mut layers = html::network_layers(net);
    let mut measure_layers = vec![HtmlLayer::new(
        "Hubs by OD betweenness",
        map::hub_measure_layer(net, hubs, &classes)?,
        Some(&hubs.name),
    )];
    if let Some(s) = segments {
        measure_layers.push(HtmlLayer::new(
            "Segments by published cases",
            map::segment_measure_layer(net, s, &classes)?,
            Some(&s.name),
        ));
    }
    // the thematic layers are on when the page opens; the plain network is one click away
    for l in &mut layers {
        l.visible = false;
    }
    layers.extend(measure_layers);
    for (file, title, value) in [
        (
            "mexico_routes.geojson",
            "Routes Tapachula → border",
            "length_km",
        ),
        ("mexico_named_corridors.geojson", "Named corridors", "cases"),
        (
            "mexico_outreach_posts.geojson",
            "Outreach posts (siting)",
            "rank",
        ),
    ] {
        let mut l = HtmlLayer::new(title, read_layer(&out.join(file))?, Some(value));
        l.visible = file != "mexico_routes.geojson";
        layers.push(l);
    }
    // the statistics step's published layers (off when the page opens)
    for (title, fc, value) in [
        (
            "Hot spots (BH q ≤ 0.1; red: significant)",
            stats_layers.hotspots,
            "p",
        ),
        ("NKDE: cases per km", stats_layers.nkde, "density_per_km"),
    ] {
        let mut l = HtmlLayer::new(title, fc, Some(value));
        l.visible = false;
        layers.push(l);
    }
    let opts = HtmlOptions {
        title: "Trafficking and smuggling corridors through Mexico".into(),
        subtitle: Some(
            "Hubs sized by OD betweenness (entry hubs → border crossings); segments weighted by \
             SYNTHETIC itineraries"
                .into(),
        ),
        ..HtmlOptions::default()
    };
    let page = html::render_html(&layers, Some(outlines), &opts)?;
    io::write_file(out.join("map.html"), page.as_bytes())?;
    println!("wrote {}", out.join("map.html").display());
    Ok(())
}
