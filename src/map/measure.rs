//! Values to map: one per hub or one per segment, from any algorithm.
//!
//! The map module does not compute centrality or case counts; it draws whatever
//! [`HubMeasure`] or [`SegmentMeasure`] it is given. [`HubMeasure::degree`] and
//! [`SegmentMeasure::length_km`] are built in so that maps can be drawn from a bare network.

use serde::{Deserialize, Serialize};

use super::classify::ClassOptions;
use super::styling::Styling;
use crate::error::{Error, Result};
use crate::network::Network;

/// One value per hub (index `i` is hub `i`); `None` where the hub has no value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubMeasure {
    /// Name of the measure, used as property name and legend title (e.g. `od_betweenness`).
    pub name: String,
    /// Value per hub index.
    pub values: Vec<Option<f64>>,
}

impl HubMeasure {
    /// A measure from its name and values.
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Self {
            name: name.into(),
            values,
        }
    }

    /// Hub degree (number of segment ends at each hub).
    ///
    /// ```
    /// use corridors::map::HubMeasure;
    /// let (net, _) = corridors::io::load_network(
    ///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
    /// let m = HubMeasure::degree(&net);
    /// assert_eq!(m.values.len(), net.hub_count());
    /// assert_eq!(m.values[0], Some(net.degree(0) as f64));
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn degree(net: &Network) -> Self {
        Self::new(
            "degree",
            (0..net.hub_count())
                .map(|i| Some(net.degree(i) as f64))
                .collect(),
        )
    }

    /// Checks that there is one finite value (or `None`) per hub of `net`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the measure and the offending hub.
    pub fn check(&self, net: &Network) -> Result<()> {
        check_values(&self.name, &self.values, net.hub_count(), "hub", |i| {
            net.hub(i).id.as_key()
        })
    }
}

/// One value per segment (index `e` is segment `e`); `None` where the segment has no value.
///
/// `suppressed[e]` marks aggregates withheld for privacy (e.g. case counts below a threshold):
/// their value is `None` and maps draw them distinctly (grey, dashed) rather than as zero.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentMeasure {
    /// Name of the measure (e.g. `cases`).
    pub name: String,
    /// Value per segment index.
    pub values: Vec<Option<f64>>,
    /// Whether the value of each segment was suppressed (same length as `values`).
    pub suppressed: Vec<bool>,
    /// How layers and pictures style this measure; `None` for the class breaks of the
    /// caller's [`ClassOptions`](super::ClassOptions) ([`Styling::classified`]). Case counts
    /// carry [`Styling::case_counts`], so every output draws them alike.
    #[serde(skip)]
    pub styling: Option<Styling>,
    /// The privacy guard's metadata when the values are published counts (the `privacy`
    /// member of the case layers, with `min_count`): the segment layer carries it and the
    /// legends name the threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<serde_json::Value>,
}

impl SegmentMeasure {
    /// A measure with nothing suppressed.
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        let suppressed = vec![false; values.len()];
        Self {
            name: name.into(),
            values,
            suppressed,
            styling: None,
            privacy: None,
        }
    }

    /// The label of suppressed values: with the threshold when the measure carries its
    /// privacy metadata.
    ///
    /// ```
    /// use corridors::map::SegmentMeasure;
    /// let m = SegmentMeasure::new("cases", vec![None]);
    /// assert_eq!(m.suppressed_label(), "suppressed (small count or to protect one)");
    /// let m = m.with_privacy(serde_json::json!({"min_count": 11}));
    /// assert_eq!(m.suppressed_label(), "suppressed (fewer than 11, or to protect one)");
    /// ```
    pub fn suppressed_label(&self) -> String {
        match self
            .privacy
            .as_ref()
            .and_then(|p| p.get("min_count"))
            .and_then(serde_json::Value::as_u64)
        {
            // secondary suppression hides some larger counts too
            Some(k) => format!("suppressed (fewer than {k}, or to protect one)"),
            None => "suppressed (small count or to protect one)".to_string(),
        }
    }

    /// Attaches the privacy guard's metadata (see [`SegmentMeasure::privacy`]).
    pub fn with_privacy(mut self, privacy: serde_json::Value) -> Self {
        self.privacy = Some(privacy);
        self
    }

    /// Styles this measure with `styling` wherever it is drawn.
    ///
    /// ```
    /// use corridors::map::{SegmentMeasure, Styling};
    /// let m = SegmentMeasure::new("cases", vec![Some(0.0)]).with_styling(Styling::case_counts());
    /// assert_eq!(m.styling, Some(Styling::case_counts()));
    /// ```
    pub fn with_styling(mut self, styling: Styling) -> Self {
        self.styling = Some(styling);
        self
    }

    /// The styling of this measure: its own, else class breaks with `classes`.
    pub(crate) fn styling_or(&self, classes: ClassOptions) -> Styling {
        self.styling
            .clone()
            .unwrap_or_else(|| Styling::classified(classes))
    }

    /// Marks suppressed segments (their values should be `None`).
    pub fn with_suppressed(mut self, suppressed: Vec<bool>) -> Self {
        self.suppressed = suppressed;
        self
    }

    /// Segment length in kilometres.
    ///
    /// ```
    /// use corridors::map::SegmentMeasure;
    /// let (net, _) = corridors::io::load_network(
    ///     &["data/mexico/hubs.geojson", "data/mexico/segments.geojson"], 1.0)?;
    /// let m = SegmentMeasure::length_km(&net);
    /// assert_eq!(m.values[0], Some(net.segment(0).length_m / 1000.0));
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn length_km(net: &Network) -> Self {
        Self::new(
            "length_km",
            net.segments().map(|s| Some(s.length_m / 1000.0)).collect(),
        )
    }

    /// Checks lengths (one value and one flag per segment of `net`), finiteness, and that
    /// suppressed segments carry no value.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the measure and the offending segment.
    pub fn check(&self, net: &Network) -> Result<()> {
        let id = |e: usize| net.segment(e).id.as_key();
        check_values(&self.name, &self.values, net.segment_count(), "segment", id)?;
        if self.suppressed.len() != self.values.len() {
            return Err(Error::invalid(
                "measure",
                format!(
                    "{:?}: {} suppression flags for {} values",
                    self.name,
                    self.suppressed.len(),
                    self.values.len()
                ),
            ));
        }
        if let Some(e) =
            (0..self.values.len()).find(|&e| self.suppressed[e] && self.values[e].is_some())
        {
            return Err(Error::invalid(
                "measure",
                format!(
                    "{:?}: segment {:?} is marked suppressed but has a value; \
                     a suppressed aggregate must not be published",
                    self.name,
                    id(e)
                ),
            ));
        }
        Ok(())
    }
}

fn check_values(
    name: &str,
    values: &[Option<f64>],
    expected: usize,
    what: &str,
    id: impl Fn(usize) -> String,
) -> Result<()> {
    if values.len() != expected {
        return Err(Error::invalid(
            "measure",
            format!(
                "{name:?} has {} values but the network has {expected} {what}s",
                values.len()
            ),
        ));
    }
    if let Some((i, v)) = values
        .iter()
        .enumerate()
        .find_map(|(i, v)| v.filter(|x| !x.is_finite()).map(|x| (i, x)))
    {
        return Err(Error::invalid(
            "measure",
            format!("{name:?}: {what} {:?} has the non-finite value {v}", id(i)),
        ));
    }
    Ok(())
}
