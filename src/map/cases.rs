//! The published layer of case counts: segments and hubs with `cases`, `victims` and
//! `suppressed` after the [`PrivacyGuard`](crate::cases::PrivacyGuard), styled by count; suppressed segments are drawn
//! grey and dashed. Styling uses only the *published* values, so a stroke width never
//! reveals a suppressed count. No case ids or case coordinates are written.

use geojson::{FeatureCollection, JsonObject};
use serde_json::{Value, json};

use super::SegmentMeasure;
use super::style::{NO_VALUE_COLOUR, SUPPRESSED_DASHARRAY};
use super::styling::{Classing, Styling};
use super::{feature, line_geometry, point_geometry, segment_properties};
use crate::cases::{PublishedAggregate, PublishedCounts};
use crate::error::{Error, Result};
use crate::network::Network;

/// Builds the published case-count layer (segments first, then hubs) with the guard's
/// thresholds in the collection's `privacy` member, and per-route and per-pair tables in
/// `routes` and `od_pairs`.
///
/// # Arguments
/// * `net`: the network the counts were aggregated on.
/// * `published`: the counts after [`PrivacyGuard::publish`](crate::cases::PrivacyGuard::publish),
///   the only way to obtain them, so no count from 1 to `min_count − 1` can be written.
///
/// # Returns
/// One LineString per segment and one Point per hub with `cases`, `victims` and `suppressed`
/// and, when the published aggregate has them, `expected_cases` and `expected_victims`.
///
/// # Example
/// ```
/// use corridors::cases::{Aggregate, Counts, PrivacyGuard};
/// let net = corridors::fixtures::path(&["a", "b"]);
/// let agg = Aggregate {
///     segments: vec![Counts { cases: 4, victims: 9 }],
///     hubs: vec![Counts { cases: 20, victims: 31 }, Counts::default()],
///     ..Default::default()
/// };
/// let published = PrivacyGuard::default().publish(&net, &agg).unwrap();
/// let fc = corridors::map::cases_layer(&net, &published).unwrap();
/// let seg = fc.features[0].properties.as_ref().unwrap();
/// assert!(seg["cases"].is_null() && seg["suppressed"] == true);
/// let hub = fc.features[1].properties.as_ref().unwrap();
/// assert_eq!(hub["cases"], 20);
/// assert_eq!(fc.foreign_members.unwrap()["privacy"]["min_count"], 11);
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] if the aggregate does not fit the network.
pub fn cases_layer(net: &Network, published: &PublishedAggregate) -> Result<FeatureCollection> {
    let guard = published.guard();
    let (segments, hubs) = (published.segments(), published.hubs());
    if segments.len() != net.segment_count() || hubs.len() != net.hub_count() {
        return Err(Error::invalid(
            "published",
            "aggregate does not match the network",
        ));
    }
    let seg_pub: Vec<Option<u64>> = segments.iter().map(PublishedCounts::cases).collect();
    let hub_pub: Vec<Option<u64>> = hubs.iter().map(PublishedCounts::cases).collect();
    // counts are styled by their published values only, so a stroke width never reveals a
    // suppressed count
    let styling = Styling::case_counts();
    let as_f64 =
        |v: &[Option<u64>]| -> Vec<Option<f64>> { v.iter().map(|c| c.map(|c| c as f64)).collect() };
    let (seg_values, hub_values) = (as_f64(&seg_pub), as_f64(&hub_pub));
    let seg_scale = styling.scale(&seg_values)?;
    let hub_scale = styling.scale(&hub_values)?;
    let mut features = Vec::with_capacity(net.segment_count() + net.hub_count());
    for (e, c) in segments.iter().enumerate() {
        let s = net.segment(e);
        let (a, b) = net.endpoints(e);
        // the network's own (public) segment properties, restyled below
        let mut p = segment_properties(net, e);
        c.write_to(&mut p);
        let title = format!(
            "{} → {} ({})",
            net.hub(a).name,
            net.hub(b).name,
            s.mode.as_str()
        );
        let st = styling.segment(seg_values[e], seg_scale.as_ref());
        p.insert("stroke".into(), json!(st.colour));
        p.insert(
            "stroke-width".into(),
            json!((st.size_px * 10.0).round() / 10.0),
        );
        match seg_pub[e] {
            None => {
                p.insert("stroke-dasharray".into(), json!(SUPPRESSED_DASHARRAY));
                p.insert(
                    "description".into(),
                    json!(format!(
                        "{title}: suppressed (fewer than {} cases, or hidden to protect such a count)",
                        guard.min_count
                    )),
                );
            }
            Some(0) => {
                p.insert(
                    "description".into(),
                    json!(format!("{title}: no mapped cases")),
                );
            }
            Some(v) => {
                p.insert("description".into(), json!(format!("{title}: {v} cases")));
            }
        }
        p.insert("stroke-opacity".into(), json!(0.9));
        p.insert("title".into(), json!(title));
        if published.has_expected() {
            c.write_expected_to(&mut p);
        }
        features.push(feature(line_geometry(&s.geometry), p));
    }
    for (i, c) in hubs.iter().enumerate() {
        let h = net.hub(i);
        let mut p = JsonObject::new();
        p.insert("id".into(), h.id.to_json());
        p.insert("name".into(), json!(h.name));
        p.insert("kind".into(), json!(h.kind.as_str()));
        c.write_to(&mut p);
        let st = styling.hub(hub_values[i], hub_scale.as_ref());
        p.insert("marker-color".into(), json!(st.colour));
        p.insert("marker-size".into(), json!(st.marker));
        p.insert("title".into(), json!(h.name));
        if published.has_expected() {
            c.write_expected_to(&mut p);
        }
        features.push(feature(point_geometry(h.location), p));
    }
    let table = |c: &PublishedCounts, mut o: JsonObject| {
        c.write_to(&mut o);
        Value::Object(o)
    };
    let routes: Vec<Value> = published
        .routes()
        .iter()
        .map(|(r, c)| table(c, [("route".to_string(), json!(r))].into_iter().collect()))
        .collect();
    let pairs: Vec<Value> = published
        .od_pairs()
        .iter()
        .map(|(&(o, d), c)| {
            table(
                c,
                [
                    ("from".to_string(), net.hub(o).id.to_json()),
                    ("to".to_string(), net.hub(d).id.to_json()),
                ]
                .into_iter()
                .collect(),
            )
        })
        .collect();
    let mut fc = FeatureCollection::new(features);
    let mut fm = JsonObject::new();
    fm.insert("name".into(), json!("cases per segment and hub"));
    fm.insert("privacy".into(), published.privacy_metadata());
    fm.insert("routes".into(), Value::Array(routes));
    fm.insert("od_pairs".into(), Value::Array(pairs));
    fm.insert(
        "legend".into(),
        json!({
            "description": "Segments and hubs coloured by published number of distinct cases; \
                            grey dashed = suppressed (fewer than min_count, or hidden so that \
                            no such count can be recovered by differencing); light grey = none.",
            "ramp": match styling.classing {
                Classing::EqualInterval(ramp) => ramp,
                _ => &[],
            },
            "suppressed": NO_VALUE_COLOUR,
            "zero": styling.zero.map(|z| z.colour),
        }),
    );
    fc.foreign_members = Some(fm);
    Ok(fc)
}

/// Published case counts per segment as a [`SegmentMeasure`] named `cases`, for the measure
/// layers and the picture: counts the guard suppresses become `None` with `suppressed` set, so
/// nothing drawn can reveal them.
///
/// ```
/// use corridors::cases::{Aggregate, Counts, PrivacyGuard};
/// // itineraries: a hub counts every case passing it once
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let (few, many) = (Counts { cases: 4, victims: 9 }, Counts { cases: 30, victims: 41 });
/// let agg = Aggregate { segments: vec![few, many], hubs: vec![few, many, many], ..Default::default() };
/// let m = corridors::map::case_load_measure(&PrivacyGuard::default().publish(&net, &agg)?);
/// assert_eq!(m.values, vec![None, Some(30.0)]);
/// assert_eq!(m.suppressed, vec![true, false]);
/// assert_eq!(m.privacy.as_ref().unwrap()["min_count"], 11); // the layer and legend name it
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn case_load_measure(published: &PublishedAggregate) -> SegmentMeasure {
    let privacy = published.privacy_metadata();
    let published: Vec<Option<u64>> = published
        .segments()
        .iter()
        .map(PublishedCounts::cases)
        .collect();
    SegmentMeasure::new(
        "cases",
        published.iter().map(|v| v.map(|v| v as f64)).collect(),
    )
    .with_suppressed(published.iter().map(Option::is_none).collect())
    // the case-count styling of `cases_layer`, so the picture and every layer agree
    .with_styling(Styling::case_counts())
    .with_privacy(privacy)
}
