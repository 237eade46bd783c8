//! The one styling path of the thematic layers: how a value becomes a colour, a stroke width
//! or marker radius, and a simplestyle `marker-size`.
//!
//! Every thematic layer ([`hub_measure_layer`](super::hub_measure_layer),
//! [`segment_measure_layer`](super::segment_measure_layer), [`cases_layer`](super::cases_layer),
//! [`centrality_layer`](super::centrality_layer)) and the SVG picture style their elements
//! through a [`Styling`]. The layers differ only in the styling they pass:
//! [`Styling::classified`] (class breaks on a sequential ramp, the measure layers and the
//! picture), [`Styling::case_counts`] (equal intervals of the published maximum, the case-count
//! layer) and [`Styling::centrality`] (sizes only, the centrality layer).

use super::classify::{ClassOptions, Classes, classify};
use super::format::fmt_value;
use super::style::{
    MAX_CLASSES, NO_VALUE_COLOUR, hub_class_colour, marker_size, radius_px, segment_class_colour,
    width_px,
};
use crate::error::{Error, Result};

/// Sequential yellow–orange–red ramp (ColorBrewer YlOrRd, 5 classes) of the case counts.
const CASES_RAMP: [&str; 5] = ["#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"];
/// Colour of published zeros in the case-count layer.
pub(crate) const ZERO_COLOUR: &str = "#d9d9d9";

/// How values are put into classes, and the colour of each class.
#[derive(Clone, Debug, PartialEq)]
pub enum Classing {
    /// Class breaks of the present values ([`classify`](super::classify())), coloured on the
    /// hub or segment ramp ([`hub_class_colour`], [`segment_class_colour`]).
    Breaks(ClassOptions),
    /// `ramp.len()` equal intervals of `(0, max]`: a value `v` is in class
    /// `⌈v / max · n⌉ − 1`, coloured `ramp[class]` for hubs and segments alike.
    EqualInterval(&'static [&'static str]),
    /// No classes and no colour: elements keep their base colour.
    Unclassed,
}

/// How a value becomes a size in pixels, from `min_px` at 0 to `max_px` at the maximum.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SizeRule {
    /// Linear in the value ([`width_px`]).
    Linear {
        /// Size at 0.
        min_px: f64,
        /// Size at the maximum.
        max_px: f64,
    },
    /// Linear in the square root of the value, so a disc's area grows with it ([`radius_px`]).
    Area {
        /// Size at 0.
        min_px: f64,
        /// Size at the maximum.
        max_px: f64,
    },
}

impl SizeRule {
    fn size(&self, v: f64, max: f64) -> f64 {
        match *self {
            SizeRule::Linear { min_px, max_px } => width_px(v, max, min_px, max_px),
            SizeRule::Area { min_px, max_px } => radius_px(v, max, min_px, max_px),
        }
    }
}

/// How a hub's simplestyle `marker-size` (`small`, `medium`, `large`) is chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarkerRule {
    /// By class: the lower, middle and upper third of the classes.
    ByClass,
    /// By the share of the maximum: `large` above `large`, `medium` above `medium`.
    ByShare {
        /// Share above which a marker is large.
        large: f64,
        /// Share above which a marker is medium.
        medium: f64,
    },
    /// `large` from half the maximum on, `medium` below; `small` for zeros.
    HalfOfMax,
}

/// The look of an element without a value (or with a suppressed or zero value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    /// Colour.
    pub colour: &'static str,
    /// Stroke width (segments) or radius (hubs) in pixels.
    pub size_px: f64,
}

/// How a thematic layer styles its elements.
///
/// Every thematic layer ([`hub_measure_layer`](super::hub_measure_layer),
/// [`segment_measure_layer`](super::segment_measure_layer), [`cases_layer`](super::cases_layer),
/// [`centrality_layer`](super::centrality_layer)) and the SVG picture style their elements
/// through a `Styling`; they differ only in the preset they pass: [`Styling::classified`]
/// (measure layers and picture), [`Styling::case_counts`] (case counts) and
/// [`Styling::centrality`] (centrality scores).
#[derive(Clone, Debug, PartialEq)]
pub struct Styling {
    /// Classes and their colours.
    pub classing: Classing,
    /// Hub marker radius (`radius_px`).
    pub hub_radius: SizeRule,
    /// Segment stroke width.
    pub segment_width: SizeRule,
    /// Hub `marker-size`.
    pub marker: MarkerRule,
    /// Look of a zero value, when zeros are drawn apart from the classes.
    pub zero: Option<Look>,
    /// Look of a hub without a value.
    pub hub_no_value: Look,
    /// Look of a segment without a value (and of a suppressed one).
    pub segment_no_value: Look,
}

/// Thinnest stroke (segments without a value and suppressed segments) of the measure layers.
pub(crate) const NO_VALUE_WIDTH_PX: f64 = 1.5;
/// Smallest hub marker radius in pixels of the measure layers.
pub(crate) const MIN_HUB_RADIUS_PX: f64 = 2.5;

impl Styling {
    /// Class breaks (Jenks or quantiles) on the hub and segment ramps; disc area and stroke
    /// width proportional to the value; the styling of the measure layers and the picture.
    ///
    /// ```
    /// use corridors::map::{ClassOptions, Styling};
    /// let s = Styling::classified(ClassOptions::default());
    /// assert_eq!(s.segment_no_value.colour, corridors::map::NO_VALUE_COLOUR);
    /// ```
    pub fn classified(opts: ClassOptions) -> Self {
        Self {
            classing: Classing::Breaks(opts),
            hub_radius: SizeRule::Area {
                min_px: MIN_HUB_RADIUS_PX,
                max_px: 12.0,
            },
            segment_width: SizeRule::Linear {
                min_px: 1.2,
                max_px: 10.0,
            },
            marker: MarkerRule::ByClass,
            zero: None,
            hub_no_value: Look {
                colour: NO_VALUE_COLOUR,
                size_px: MIN_HUB_RADIUS_PX * 0.8,
            },
            segment_no_value: Look {
                colour: NO_VALUE_COLOUR,
                size_px: NO_VALUE_WIDTH_PX,
            },
        }
    }

    /// Five equal intervals of the published maximum on a yellow–red ramp, stroke width
    /// `2 + 6·√(v / max)`, zeros light grey: the styling of the case-count layer.
    ///
    /// ```
    /// use corridors::map::{Classing, Styling};
    /// let s = Styling::case_counts();
    /// assert!(matches!(s.classing, Classing::EqualInterval(r) if r.len() == 5));
    /// ```
    pub fn case_counts() -> Self {
        Self {
            classing: Classing::EqualInterval(&CASES_RAMP),
            hub_radius: SizeRule::Area {
                min_px: MIN_HUB_RADIUS_PX,
                max_px: 12.0,
            },
            segment_width: SizeRule::Area {
                min_px: 2.0,
                max_px: 8.0,
            },
            marker: MarkerRule::HalfOfMax,
            zero: Some(Look {
                colour: ZERO_COLOUR,
                size_px: 1.0,
            }),
            hub_no_value: Look {
                colour: NO_VALUE_COLOUR,
                size_px: MIN_HUB_RADIUS_PX * 0.8,
            },
            segment_no_value: Look {
                colour: NO_VALUE_COLOUR,
                size_px: NO_VALUE_WIDTH_PX,
            },
        }
    }

    /// No colours; stroke width `1 + 8·share` of the maximum and markers `large` above half,
    /// `medium` above 15 % of the maximum: the styling of the centrality layer.
    ///
    /// ```
    /// use corridors::map::{Classing, Styling};
    /// assert_eq!(Styling::centrality().classing, Classing::Unclassed);
    /// ```
    pub fn centrality() -> Self {
        Self {
            classing: Classing::Unclassed,
            segment_width: SizeRule::Linear {
                min_px: 1.0,
                max_px: 9.0,
            },
            marker: MarkerRule::ByShare {
                large: 0.5,
                medium: 0.15,
            },
            ..Self::classified(ClassOptions::default())
        }
    }

    /// The scale of a measure: the classes of its present values (for [`Classing::Breaks`])
    /// and their maximum; `None` when no element has a value.
    ///
    /// The maximum is taken over the present values and 0, so a measure of negative values
    /// only has maximum 0 (every size is then the smallest).
    pub(crate) fn scale(&self, values: &[Option<f64>]) -> Result<Option<Scale>> {
        if let Classing::Breaks(opts) = &self.classing
            && (opts.classes == 0 || opts.classes > MAX_CLASSES)
        {
            return Err(Error::invalid(
                "classes",
                format!(
                    "number of classes must be 1..={MAX_CLASSES}, got {}",
                    opts.classes
                ),
            ));
        }
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        if present.is_empty() {
            return Ok(None);
        }
        let classes = match &self.classing {
            Classing::Breaks(opts) => Some(classify(&present, opts.classes, opts.method)?),
            _ => None,
        };
        let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Ok(Some(Scale { classes, max }))
    }

    /// Style of one hub.
    pub(crate) fn hub(&self, value: Option<f64>, scale: Option<&Scale>) -> Styled {
        self.style(value, scale, true)
    }

    /// Style of one segment.
    pub(crate) fn segment(&self, value: Option<f64>, scale: Option<&Scale>) -> Styled {
        self.style(value, scale, false)
    }

    fn style(&self, value: Option<f64>, scale: Option<&Scale>, hub: bool) -> Styled {
        let none = if hub {
            self.hub_no_value
        } else {
            self.segment_no_value
        };
        let (v, s) = match (value, scale) {
            (Some(v), Some(s)) => (v, s),
            _ => {
                return Styled {
                    colour: Some(none.colour),
                    size_px: none.size_px,
                    class: None,
                    marker: "small",
                };
            }
        };
        if let Some(z) = self.zero.filter(|_| v == 0.0) {
            return Styled {
                colour: Some(z.colour),
                size_px: z.size_px,
                class: None,
                marker: "small",
            };
        }
        let (colour, class, classes) = match (&self.classing, &s.classes) {
            (Classing::Breaks(_), Some(c)) => {
                let k = c.class_of(v);
                let colour = if hub {
                    hub_class_colour(k, c.count())
                } else {
                    segment_class_colour(k, c.count())
                };
                (Some(colour), Some(k), c.count())
            }
            (Classing::EqualInterval(ramp), _) => {
                let k = equal_interval_class(v, s.max, ramp.len());
                (ramp.get(k).copied(), Some(k), ramp.len())
            }
            _ => (None, None, 0),
        };
        let rule = if hub {
            self.hub_radius
        } else {
            self.segment_width
        };
        let marker = match self.marker {
            MarkerRule::ByClass => class.map_or("small", |k| marker_size(k, classes)),
            MarkerRule::ByShare { large, medium } => {
                let f = if s.max > 0.0 { v / s.max } else { 0.0 };
                if f > large {
                    "large"
                } else if f > medium {
                    "medium"
                } else {
                    "small"
                }
            }
            // exact for integer counts: 2v ≥ max
            MarkerRule::HalfOfMax => {
                if v * 2.0 >= s.max {
                    "large"
                } else {
                    "medium"
                }
            }
        };
        Styled {
            colour,
            size_px: rule.size(v.max(0.0), s.max),
            class,
            marker,
        }
    }
}

impl Styling {
    /// The value range `(lo, hi]` of each class of `scale` in class order, for legends:
    /// the class breaks, or `n` equal intervals of `(0, max]`; empty when unclassed.
    pub(crate) fn class_ranges(&self, scale: &Scale) -> Vec<(f64, f64)> {
        match (&self.classing, &scale.classes) {
            (Classing::Breaks(_), Some(c)) => (0..c.count()).map(|k| c.range(k)).collect(),
            (Classing::EqualInterval(ramp), _) if scale.max > 0.0 => {
                let n = ramp.len() as f64;
                (0..ramp.len())
                    .map(|k| (scale.max * k as f64 / n, scale.max * (k + 1) as f64 / n))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The legend rows of a measure's classes: `(class, lo, hi, label)` in class order, for the
    /// picture and the layers alike. Class breaks give every class; equal intervals give only
    /// the classes that hold a value, labelled by the smallest and largest value in them when
    /// the values are counts (integers drawn with a zero look), so a legend never suggests
    /// that counts from 1 to k − 1 were published.
    pub(crate) fn legend_classes(
        &self,
        scale: &Scale,
        values: &[Option<f64>],
    ) -> Vec<(usize, f64, f64, String)> {
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        let counts = self.zero.is_some() && present.iter().all(|v| v.fract() == 0.0);
        let breaks = matches!(self.classing, Classing::Breaks(_));
        self.class_ranges(scale)
            .into_iter()
            .enumerate()
            .filter_map(|(k, (lo, hi))| {
                let inside: Vec<f64> = present
                    .iter()
                    .copied()
                    .filter(|&v| v > lo && v <= hi)
                    .collect();
                if !breaks && inside.is_empty() {
                    return None;
                }
                let label = if counts && !inside.is_empty() {
                    let a = inside.iter().copied().fold(f64::INFINITY, f64::min);
                    let b = inside.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    if a == b {
                        fmt_value(a)
                    } else {
                        format!("{} – {}", fmt_value(a), fmt_value(b))
                    }
                } else {
                    format!("{} – {}", fmt_value(lo), fmt_value(hi))
                };
                Some((k, lo, hi, label))
            })
            .collect()
    }

    /// The `classification` member of a layer: the class breaks, or the equal intervals with
    /// the maximum they divide; `null` without classes.
    pub(crate) fn classification_json(&self, scale: Option<&Scale>) -> serde_json::Value {
        match (&self.classing, scale) {
            (
                Classing::Breaks(_),
                Some(Scale {
                    classes: Some(c), ..
                }),
            ) => c.to_json(),
            (Classing::EqualInterval(ramp), Some(s)) => serde_json::json!({
                "method": "equal_intervals",
                "classes": ramp.len(),
                "max": s.max,
            }),
            _ => serde_json::Value::Null,
        }
    }

    /// The classing's short name in layer metadata (`jenks`, `quantiles`, `equal_intervals`;
    /// `no` without classes).
    pub(crate) fn class_method(&self, scale: &Scale) -> &'static str {
        match (&self.classing, &scale.classes) {
            (Classing::Breaks(_), Some(c)) => c.method.as_str(),
            (Classing::EqualInterval(_), _) => "equal_intervals",
            _ => "no",
        }
    }

    /// A short name of the classing, for legends.
    pub(crate) fn classing_name(&self) -> &'static str {
        match &self.classing {
            Classing::Breaks(o) => match o.method {
                super::classify::ClassMethod::Jenks => "Jenks natural breaks",
                super::classify::ClassMethod::Quantiles => "quantiles",
            },
            Classing::EqualInterval(_) => "equal intervals",
            Classing::Unclassed => "unclassed",
        }
    }
}

/// Class of `v` among `n` equal intervals of `(0, max]` (0 when `max` is 0).
fn equal_interval_class(v: f64, max: f64, n: usize) -> usize {
    if max <= 0.0 || n == 0 {
        return 0;
    }
    (((v / max) * n as f64).ceil() as usize).clamp(1, n) - 1
}

/// The scale of one measure: classes (for [`Classing::Breaks`]) and the largest value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scale {
    /// Class breaks of the present values.
    pub(crate) classes: Option<Classes>,
    /// Largest present value.
    pub(crate) max: f64,
}

/// The style of one element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Styled {
    /// Colour; `None` keeps the element's base colour.
    pub(crate) colour: Option<&'static str>,
    /// Stroke width (segments) or marker radius (hubs) in pixels.
    pub(crate) size_px: f64,
    /// 0-based class, `None` without one.
    pub(crate) class: Option<usize>,
    /// simplestyle `marker-size`.
    pub(crate) marker: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_intervals_match_the_case_ramp() {
        // 5 classes of (0, 100]: 1..=20 → 0, 21..=40 → 1, …, 81..=100 → 4
        assert_eq!(equal_interval_class(1.0, 100.0, 5), 0);
        assert_eq!(equal_interval_class(20.0, 100.0, 5), 0);
        assert_eq!(equal_interval_class(21.0, 100.0, 5), 1);
        assert_eq!(equal_interval_class(100.0, 100.0, 5), 4);
        assert_eq!(equal_interval_class(3.0, 0.0, 5), 0);
    }

    #[test]
    fn case_widths_grow_with_the_square_root() {
        let s = Styling::case_counts();
        let scale = s
            .scale(&[Some(0.0), Some(25.0), Some(100.0)])
            .unwrap()
            .unwrap();
        let quarter = s.segment(Some(25.0), Some(&scale));
        assert!((quarter.size_px - 5.0).abs() < 1e-12); // 2 + 6·√¼
        assert_eq!(s.segment(Some(0.0), Some(&scale)).colour, Some(ZERO_COLOUR));
        assert_eq!(s.hub(Some(50.0), Some(&scale)).marker, "large");
        assert_eq!(s.hub(Some(49.0), Some(&scale)).marker, "medium");
    }

    #[test]
    fn centrality_markers_follow_the_share() {
        let s = Styling::centrality();
        let scale = s.scale(&[Some(10.0), Some(0.0)]).unwrap().unwrap();
        assert_eq!(s.hub(Some(6.0), Some(&scale)).marker, "large");
        assert_eq!(s.hub(Some(5.0), Some(&scale)).marker, "medium");
        assert_eq!(s.hub(Some(1.5), Some(&scale)).marker, "small");
        assert_eq!(s.segment(Some(5.0), Some(&scale)).size_px, 5.0); // 1 + 8·½
        assert_eq!(s.segment(Some(5.0), Some(&scale)).colour, None);
    }

    #[test]
    fn classes_out_of_range_are_refused() {
        let s = Styling::classified(ClassOptions {
            classes: 0,
            ..ClassOptions::default()
        });
        assert!(s.scale(&[Some(1.0)]).is_err());
    }
}
