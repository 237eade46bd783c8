//! Step: map the SYNTHETIC cases onto the corridors and publish counts per segment and hub
//! behind the privacy guard (k = 11).

use std::path::Path;

use anyhow::{Context, Result};
use corridors::cases::{
    Aggregate, AggregateOptions, Gazetteer, ItineraryOptions, PrivacyGuard, PublishedAggregate,
    SnapOptions, count_itineraries, count_points,
};
use corridors::io::ReadOptions;
use corridors::{Network, io, map};

/// Returns the itinerary counts per segment and hub (raw: publish only through the guard).
pub fn run(net: &Network, data: &Path, out: &Path) -> Result<Aggregate> {
    println!("\n== Cases (SYNTHETIC data) ==");
    let guard = PrivacyGuard::default();
    let cases = io::csv::read_cases(data.join("cases_synthetic.csv"), &ReadOptions::default())?;
    let counted = count_points(
        net,
        &cases.records,
        &SnapOptions {
            max_distance_m: 10_000.0,
        },
        &AggregateOptions::default(),
        &Default::default(),
    )?;
    let matched = counted.matched;
    println!(
        "{} point cases read ({} row errors), {matched} within 10 km of a segment",
        cases.records.len(),
        cases.errors.len()
    );
    let agg = counted.aggregate;
    let published = guard.publish(net, &agg)?;
    let layer = map::cases_layer(net, &published)?;
    // only published numbers are printed: a raw count next to the layer could undo the
    // secondary suppression
    let suppressed = published
        .segments()
        .iter()
        .filter(|c| c.suppressed())
        .count();
    println!(
        "segments with cases: {}, of which {suppressed} suppressed (< {} cases, or to stop \
         differencing: {} cells in all)",
        published
            .segments()
            .iter()
            .filter(|c| c.cases() != Some(0))
            .count(),
        guard.min_count,
        published.audit().secondary
    );
    let path = out.join("mexico_cases_per_segment.geojson");
    io::geojson::write_feature_collection(&path, &layer)?;
    println!("wrote {}", path.display());

    let its = io::csv::read_htcds(
        data.join("itineraries_synthetic.csv"),
        &ReadOptions::default(),
    )?;
    let gaz = Gazetteer::new(net).with_places(
        corridors::io::csv::read_geonames("data/geonames/places.csv")
            .context("loading the GeoNames gazetteer")?,
    );
    let counted = count_itineraries(
        net,
        &gaz,
        &its.records,
        &ItineraryOptions::default(),
        &AggregateOptions::default(),
        &Default::default(),
    )?;
    let (agg, problems) = (counted.aggregate, counted.diagnostics);
    let published = guard.publish(net, &agg)?.without_expected();
    // the audited total, never the raw count (it is linked to the cells by sums)
    let total = published
        .total()
        .cases()
        .map_or_else(|| "a suppressed number of".to_string(), |n| n.to_string());
    println!(
        "{total} itineraries routed ({} stop problems); busiest published segment: {}",
        problems.len(),
        busiest(net, &published)
    );
    let path = out.join("mexico_itineraries_per_segment.geojson");
    io::geojson::write_feature_collection(&path, &map::cases_layer(net, &published)?)?;
    println!("wrote {}", path.display());
    Ok(agg)
}

fn busiest(net: &Network, published: &PublishedAggregate) -> String {
    let best = (0..net.segment_count())
        .filter_map(|e| published.segments()[e].cases().map(|v| (v, e)))
        .max_by_key(|&(v, e)| (v, std::cmp::Reverse(e)));
    match best {
        Some((v, e)) => {
            let (a, b) = net.endpoints(e);
            format!("{} → {} ({v} cases)", net.hub(a).name, net.hub(b).name)
        }
        None => "none".into(),
    }
}
