//! Colours and symbols shared by every layer (GeoJSON and pictures alike).

use serde_json::{Value, json};

use crate::network::{HubKind, Mode};

/// Marker colour of a hub kind (colour-blind-safe Okabe–Ito palette).
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
