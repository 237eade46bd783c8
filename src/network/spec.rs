//! A segment as given to the builder, before its hubs are resolved.

use geo::LineString;

use super::model::{FeatureId, Mode, Properties};
use crate::error::SourceLocation;

/// A segment as given to the builder, before its hubs are resolved.
///
/// `from`/`to` name hubs by id. When either is missing, that end of the geometry is matched to
/// the nearest hub within the builder's tolerance, or a new hub (kind `other`) is created
/// there. When `geometry` is `None` the segment is a straight line between its two hubs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegmentSpec {
    /// Segment id; generated as `s<N>` when missing.
    pub id: Option<FeatureId>,
    /// Id of the hub the geometry starts at.
    pub from: Option<FeatureId>,
    /// Id of the hub the geometry ends at.
    pub to: Option<FeatureId>,
    /// Travel mode.
    pub mode: Mode,
    /// WGS84 lon/lat geometry from `from` to `to`.
    pub geometry: Option<LineString<f64>>,
    /// Length in metres; computed geodesically (WGS84) from the geometry when `None`.
    pub length_m: Option<f64>,
    /// Travel time in minutes.
    pub minutes: Option<f64>,
    /// Speed in km/h (used for travel time when `minutes` is absent).
    pub speed_kmh: Option<f64>,
    /// One-way from `from` to `to`.
    pub oneway: bool,
    /// Other properties.
    pub properties: Properties,
    /// Where the segment came from (for diagnostics).
    pub location: SourceLocation,
}

impl SegmentSpec {
    /// A straight road segment between two hubs.
    ///
    /// ```
    /// use corridors::{Mode, SegmentSpec};
    /// let s = SegmentSpec::between("r1", "tapachula", "arriaga").with_mode(Mode::Rail);
    /// assert_eq!(s.mode, Mode::Rail);
    /// ```
    pub fn between(
        id: impl Into<FeatureId>,
        from: impl Into<FeatureId>,
        to: impl Into<FeatureId>,
    ) -> Self {
        Self {
            id: Some(id.into()),
            from: Some(from.into()),
            to: Some(to.into()),
            ..Self::default()
        }
    }

    /// A bare line: its hubs are found from its end points.
    pub fn line(geometry: LineString<f64>) -> Self {
        Self {
            geometry: Some(geometry),
            ..Self::default()
        }
    }

    /// Sets the mode.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets the geometry.
    pub fn with_geometry(mut self, geometry: LineString<f64>) -> Self {
        self.geometry = Some(geometry);
        self
    }

    /// Marks the segment one-way (from → to).
    pub fn with_oneway(mut self, oneway: bool) -> Self {
        self.oneway = oneway;
        self
    }

    /// Sets the id.
    pub fn with_id(mut self, id: impl Into<FeatureId>) -> Self {
        self.id = Some(id.into());
        self
    }
}
