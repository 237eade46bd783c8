//! Thematic layers: hubs sized and segments weighted by a measure, classified by
//! [`classify`](super::classify()), with the class styling shared by the GeoJSON layers and the
//! SVG picture.

use geojson::{FeatureCollection, JsonObject};
use serde_json::{Value, json};

use super::classify::ClassOptions;
use super::format::fmt_value;
use super::measure::{HubMeasure, SegmentMeasure};
use super::style::{NO_VALUE_COLOUR, SUPPRESSED_DASHARRAY};
use super::styling::{Scale, Styling};
use super::{feature, hub_properties, line_geometry, point_geometry, segment_properties};
use crate::error::Result;
use crate::network::Network;

/// Indices ordered by value, smallest first, elements without a value first; ties keep
/// index order (so the output is deterministic).
pub(crate) fn order_by_value(values: &[Option<f64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        let va = values[a].unwrap_or(f64::NEG_INFINITY);
        let vb = values[b].unwrap_or(f64::NEG_INFINITY);
        va.total_cmp(&vb).then(a.cmp(&b))
    });
    order
}

/// The legend entries of a classified measure: one object per class.
fn class_legend(
    styling: &Styling,
    scale: &Scale,
    values: &[Option<f64>],
    style_of: impl Fn(f64) -> Value,
) -> Vec<Value> {
    styling
        .legend_classes(scale, values)
        .into_iter()
        .map(|(k, lo, hi, label)| {
            let mut o = style_of(hi);
            if let Value::Object(m) = &mut o {
                m.insert("class".into(), json!(k + 1));
                m.insert("from".into(), json!(lo));
                m.insert("to".into(), json!(hi));
                m.insert("label".into(), json!(label));
            }
            o
        })
        .collect()
}

/// Hubs sized and coloured by a measure, with class breaks stated in the collection's
/// `classification` member and a `legend` member.
///
/// Each hub keeps the properties of [`hub_properties`](super::hub_properties) and gains the
/// measure value under the measure's name (`null` where absent), `class` (1-based, `null`
/// where absent) and `radius_px` (marker radius used by the SVG map: disc area proportional
/// to the value). `marker-color` follows the class on a sequential ramp and `marker-size`
/// grows with the class. Hubs are ordered largest first so that small markers are drawn on
/// top.
///
/// ```
/// use corridors::map::{hub_measure_layer, ClassOptions, HubMeasure};
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let fc = hub_measure_layer(&net, &HubMeasure::degree(&net), &ClassOptions::default())?;
/// assert_eq!(fc.features.len(), net.hub_count());
/// let meta = fc.foreign_members.as_ref().unwrap();
/// assert_eq!(meta["classification"]["method"], "jenks");
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when the measure does not fit the network (see
/// [`HubMeasure::check`]) or the number of classes is out of range.
pub fn hub_measure_layer(
    net: &Network,
    measure: &HubMeasure,
    opts: &ClassOptions,
) -> Result<FeatureCollection> {
    measure.check(net)?;
    let styling = Styling::classified(*opts);
    let classes = styling.scale(&measure.values)?;
    let mut order = order_by_value(&measure.values);
    order.reverse();
    let features: Vec<geojson::Feature> = order
        .into_iter()
        .map(|i| {
            let v = measure.values[i];
            let st = styling.hub(v, classes.as_ref());
            let mut p = hub_properties(net, i);
            p.insert(measure.name.clone(), json!(v));
            p.insert("class".into(), json!(st.class.map(|k| k + 1)));
            p.insert(
                "radius_px".into(),
                json!((st.size_px * 10.0).round() / 10.0),
            );
            p.insert("marker-color".into(), json!(st.colour));
            p.insert("marker-size".into(), json!(st.marker));
            let h = net.hub(i);
            p.insert(
                "description".into(),
                json!(format!(
                    "{} ({}): {} {}",
                    h.name,
                    h.kind.as_str().replace('_', " "),
                    measure.name,
                    v.map_or("n/a".to_string(), fmt_value)
                )),
            );
            feature(point_geometry(h.location), p)
        })
        .collect();
    let legend_classes = classes.as_ref().map_or_else(Vec::new, |cm| {
        class_legend(&styling, cm, &measure.values, |hi| {
            let st = styling.hub(Some(hi), Some(cm));
            json!({"marker-color": st.colour, "marker-size": st.marker, "radius_px": (st.size_px * 10.0).round() / 10.0})
        })
    });
    let mut fm = JsonObject::new();
    fm.insert("name".into(), json!(format!("hubs by {}", measure.name)));
    fm.insert("measure".into(), json!(measure.name));
    fm.insert(
        "classification".into(),
        styling.classification_json(classes.as_ref()),
    );
    fm.insert(
        "legend".into(),
        json!({
            "description": format!(
                "Hubs sized by {name} (disc area proportional to the value) and coloured by \
                 {method} class; grey: no value.",
                name = measure.name,
                method = classes.as_ref().map_or("no", |s| styling.class_method(s)),
            ),
            "classes": legend_classes,
            "no_value": {"marker-color": NO_VALUE_COLOUR},
        }),
    );
    let mut fc = FeatureCollection::new(features);
    fc.foreign_members = Some(fm);
    Ok(fc)
}

/// Segments weighted by a measure (e.g. case load): `stroke-width` proportional to the value,
/// `stroke` by class, suppressed aggregates grey and dashed with a `null` value and
/// `suppressed: true`.
///
/// Segments keep the properties of [`segment_properties`](super::segment_properties) and gain
/// the value under the measure's name, `class`, `suppressed` and, for suppressed segments,
/// `stroke-dasharray`. Features are ordered from lightest to heaviest so that heavy segments
/// are drawn on top.
///
/// ```
/// use corridors::map::{segment_measure_layer, ClassOptions, SegmentMeasure};
/// let (net, _) = corridors::io::load_network(
///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
/// let mut values: Vec<Option<f64>> = (0..net.segment_count()).map(|e| Some(e as f64)).collect();
/// values[0] = None; // suppressed: fewer cases than the publication threshold
/// let mut suppressed = vec![false; values.len()];
/// suppressed[0] = true;
/// let load = SegmentMeasure::new("cases", values).with_suppressed(suppressed);
/// let fc = segment_measure_layer(&net, &load, &ClassOptions::default())?;
/// let first = fc.features[0].properties.as_ref().unwrap();
/// assert_eq!(first["suppressed"], true);
/// assert!(first["cases"].is_null());
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when the measure does not fit the network (see
/// [`SegmentMeasure::check`]) or the number of classes is out of range.
pub fn segment_measure_layer(
    net: &Network,
    measure: &SegmentMeasure,
    opts: &ClassOptions,
) -> Result<FeatureCollection> {
    measure.check(net)?;
    let styling = measure.styling_or(*opts);
    let classes = styling.scale(&measure.values)?;
    let order = order_by_value(&measure.values);
    let features: Vec<geojson::Feature> = order
        .into_iter()
        .map(|e| {
            let v = measure.values[e];
            let suppressed = measure.suppressed[e];
            let st = styling.segment(v, classes.as_ref());
            let mut p = segment_properties(net, e);
            p.insert(measure.name.clone(), json!(v));
            p.insert("class".into(), json!(st.class.map(|k| k + 1)));
            p.insert("suppressed".into(), json!(suppressed));
            p.insert("stroke".into(), json!(st.colour));
            p.insert(
                "stroke-width".into(),
                json!((st.size_px * 10.0).round() / 10.0),
            );
            p.insert("stroke-opacity".into(), json!(0.9));
            let what = if suppressed {
                p.insert("stroke-dasharray".into(), json!(SUPPRESSED_DASHARRAY));
                measure.suppressed_label()
            } else {
                v.map_or("n/a".to_string(), fmt_value)
            };
            let s = net.segment(e);
            p.insert(
                "description".into(),
                json!(format!(
                    "{}, {:.0} km: {} {what}",
                    s.mode.as_str(),
                    s.length_m / 1000.0,
                    measure.name
                )),
            );
            feature(line_geometry(&s.geometry), p)
        })
        .collect();
    let legend_classes = classes.as_ref().map_or_else(Vec::new, |cm| {
        class_legend(&styling, cm, &measure.values, |hi| {
            let st = styling.segment(Some(hi), Some(cm));
            json!({"stroke": st.colour, "stroke-width": (st.size_px * 10.0).round() / 10.0})
        })
    });
    let mut fm = JsonObject::new();
    fm.insert(
        "name".into(),
        json!(format!("segments by {}", measure.name)),
    );
    fm.insert("measure".into(), json!(measure.name));
    fm.insert(
        "classification".into(),
        styling.classification_json(classes.as_ref()),
    );
    fm.insert(
        "suppressed_segments".into(),
        json!(measure.suppressed.iter().filter(|s| **s).count()),
    );
    if let Some(privacy) = &measure.privacy {
        fm.insert("privacy".into(), privacy.clone());
    }
    fm.insert(
        "legend".into(),
        json!({
            "description": format!(
                "Segments: width proportional to {name}, colour by {method} class; grey dashed: \
                 {suppressed}; grey: no value.",
                name = measure.name,
                suppressed = measure.suppressed_label(),
                method = classes.as_ref().map_or("no", |s| styling.class_method(s)),
            ),
            "classes": legend_classes,
            "suppressed": {"stroke": NO_VALUE_COLOUR, "stroke-dasharray": SUPPRESSED_DASHARRAY,
                "label": measure.suppressed_label()},
            "no_value": {"stroke": NO_VALUE_COLOUR},
        }),
    );
    let mut fc = FeatureCollection::new(features);
    fc.foreign_members = Some(fm);
    Ok(fc)
}
