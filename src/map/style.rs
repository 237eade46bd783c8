//! Colours and symbols shared by every layer (GeoJSON and pictures alike).

use serde_json::{Value, json};

use crate::network::{HubKind, Mode};

/// Marker colour of a hub kind (colour-blind-safe Okabe–Ito palette).
///
/// ```
/// assert_eq!(corridors::map::hub_colour(corridors::HubKind::Entry), "#d55e00");
/// ```
pub fn hub_colour(kind: HubKind) -> &'static str {
    match kind {
        HubKind::Entry => "#d55e00",
        HubKind::Transit => "#555555",
        HubKind::TouristCentre => "#cc79a7",
        HubKind::BorderCrossing => "#0072b2",
        HubKind::Origin => "#e69f00",
        HubKind::Destination => "#009e73",
        HubKind::Other => "#999999",
    }
}

/// Maki marker symbol of a hub kind.
pub(crate) fn hub_symbol(kind: HubKind) -> &'static str {
    match kind {
        HubKind::Entry => "entrance",
        HubKind::Transit => "circle",
        HubKind::TouristCentre => "beach",
        HubKind::BorderCrossing => "roadblock",
        HubKind::Origin => "village",
        HubKind::Destination => "star",
        HubKind::Other => "circle-stroked",
    }
}

/// Stroke colour of a mode.
///
/// ```
/// assert_eq!(corridors::map::mode_colour(corridors::Mode::Rail), "#8b1a1a");
/// ```
pub fn mode_colour(mode: Mode) -> &'static str {
    match mode {
        Mode::Road => "#7f7f7f",
        Mode::Rail => "#8b1a1a",
        Mode::River => "#1f78b4",
        Mode::Sea => "#08519c",
        Mode::Air => "#6a3d9a",
        Mode::Foot => "#33a02c",
        Mode::Other => "#b15928",
    }
}

/// SVG dash pattern of a mode (`None` for a solid line).
///
/// ```
/// use corridors::{map::mode_dasharray, Mode};
/// assert_eq!(mode_dasharray(Mode::Road), None);
/// assert_eq!(mode_dasharray(Mode::Rail), Some("6 3"));
/// ```
pub fn mode_dasharray(mode: Mode) -> Option<&'static str> {
    match mode {
        Mode::Rail => Some("6 3"),
        Mode::Foot => Some("2 3"),
        Mode::Air | Mode::Sea => Some("8 4 2 4"),
        _ => None,
    }
}

pub(crate) fn network_legend() -> Value {
    let hubs: Vec<Value> = HubKind::ALL
        .iter()
        .map(|k| json!({"kind": k.as_str(), "marker-color": hub_colour(*k)}))
        .collect();
    let modes: Vec<Value> = Mode::ALL
        .iter()
        .map(|m| json!({"mode": m.as_str(), "stroke": mode_colour(*m)}))
        .collect();
    json!({
        "description": "Hubs coloured by kind, segments by mode (simplestyle-spec properties).",
        "hubs": hubs,
        "segments": modes,
    })
}

/// Sequential colour ramp for hub measures (ColorBrewer YlOrRd, light to dark, without the
/// palest steps so that small hubs stay visible on a light base map).
const HUB_RAMP: [&str; 7] = [
    "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026",
];

/// Sequential colour ramp for segment measures (ColorBrewer PuBu, without the palest steps).
const SEGMENT_RAMP: [&str; 7] = [
    "#a6bddb", "#74a9cf", "#3690c0", "#0570b0", "#045a8d", "#023858", "#011f33",
];

/// Most classes a ramp can tell apart.
pub const MAX_CLASSES: usize = HUB_RAMP.len();

/// Colour of suppressed aggregates and of elements without a value.
pub const NO_VALUE_COLOUR: &str = "#9e9e9e";

/// Dash pattern of suppressed aggregates (GeoJSON property `stroke-dasharray` and SVG).
pub const SUPPRESSED_DASHARRAY: &str = "4 3";

fn ramp_pick(ramp: &'static [&'static str; 7], class: usize, classes: usize) -> &'static str {
    // spread `classes` colours evenly over the ramp so that 3 classes use light, middle, dark
    let last = ramp.len() - 1;
    let i = if classes <= 1 {
        last / 2
    } else {
        (class.min(classes - 1) * last + (classes - 1) / 2) / (classes - 1)
    };
    ramp[i.min(last)]
}

/// Colour of class `class` (0-based) out of `classes` on the hub ramp.
///
/// ```
/// use corridors::map::hub_class_colour;
/// assert_eq!(hub_class_colour(0, 5), "#fed976");
/// assert_eq!(hub_class_colour(4, 5), "#800026");
/// ```
pub fn hub_class_colour(class: usize, classes: usize) -> &'static str {
    ramp_pick(&HUB_RAMP, class, classes)
}

/// Colour of class `class` (0-based) out of `classes` on the segment ramp.
///
/// ```
/// use corridors::map::segment_class_colour;
/// assert_eq!(segment_class_colour(0, 3), "#a6bddb");
/// assert_eq!(segment_class_colour(2, 3), "#011f33");
/// ```
pub fn segment_class_colour(class: usize, classes: usize) -> &'static str {
    ramp_pick(&SEGMENT_RAMP, class, classes)
}

/// Marker radius in pixels for a value: the disc *area* grows linearly with the value, from
/// `min_px` at 0 to `max_px` at `max` (values are clamped to `0..=max`).
///
/// ```
/// use corridors::map::radius_px;
/// assert_eq!(radius_px(0.0, 100.0, 3.0, 15.0), 3.0);
/// assert_eq!(radius_px(100.0, 100.0, 3.0, 15.0), 15.0);
/// let quarter = radius_px(25.0, 100.0, 3.0, 15.0);
/// assert!((quarter - 9.0).abs() < 1e-9); // √¼ of the way
/// ```
pub fn radius_px(value: f64, max: f64, min_px: f64, max_px: f64) -> f64 {
    let t = if max > 0.0 {
        (value / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    min_px + (max_px - min_px) * t.sqrt()
}

/// Stroke width in pixels for a value: linear from `min_px` at 0 to `max_px` at `max`
/// (values are clamped to `0..=max`), so that twice the count looks twice as heavy.
///
/// ```
/// use corridors::map::width_px;
/// assert_eq!(width_px(50.0, 100.0, 1.0, 9.0), 5.0);
/// ```
pub fn width_px(value: f64, max: f64, min_px: f64, max_px: f64) -> f64 {
    let t = if max > 0.0 {
        (value / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    min_px + (max_px - min_px) * t
}

/// simplestyle `marker-size` (`small`, `medium`, `large`) of class `class` out of `classes`.
pub(crate) fn marker_size(class: usize, classes: usize) -> &'static str {
    match (3 * class) / classes.max(1) {
        0 => "small",
        1 => "medium",
        _ => "large",
    }
}

/// Categorical colours (Okabe–Ito without the greys), cycled for routes.
const CATEGORICAL: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442",
];

/// Colour of the `n`-th item of a categorical layer (cycles after 7).
pub(crate) fn categorical_colour(n: usize) -> &'static str {
    CATEGORICAL[n % CATEGORICAL.len()]
}
