//! The legend: one row per class (or per hub kind and mode), the classification note, its
//! size, and the corner of the frame where it covers the fewest drawn points.

use std::fmt::Write as _;

use super::{Picture, SvgWriter, esc, pretty, text_width};
use crate::map::format::fmt_value;
use crate::map::style::{
    NO_VALUE_COLOUR, SUPPRESSED_DASHARRAY, hub_colour, mode_colour, mode_dasharray,
};
use crate::network::{HubKind, Mode};

enum LegendRow {
    Heading(String),
    Disc {
        colour: &'static str,
        r: f64,
        label: String,
    },
    Line {
        colour: &'static str,
        width: f64,
        dash: Option<&'static str>,
        label: String,
    },
}

impl LegendRow {
    fn height(&self) -> f64 {
        match self {
            LegendRow::Heading(_) => 22.0,
            LegendRow::Disc { r, .. } => (2.0 * r + 5.0).max(18.0),
            LegendRow::Line { .. } => 18.0,
        }
    }
}

/// The legend's rows and size; the scale bar sits in the same box, below the rows.
pub(super) struct Legend {
    rows: Vec<LegendRow>,
    classes_note: Option<String>,
    /// Width of the box in pixels.
    pub(super) width: f64,
    /// Height of the rows and the note in pixels.
    pub(super) height: f64,
    /// Height of the whole box (rows, note and scale bar) in pixels.
    pub(super) block_height: f64,
}

impl Legend {
    /// The rows of the picture's measures (or of hub kinds and modes without one).
    pub(super) fn new(p: &Picture<'_>) -> Self {
        let Picture {
            net,
            layers,
            styling,
            seg_styling,
            hub_classes,
            seg_classes,
            ..
        } = p;
        // legend rows
        let mut rows: Vec<LegendRow> = Vec::new();
        match (layers.hub_measure, &hub_classes) {
            (Some(m), Some(cm)) => {
                rows.push(LegendRow::Heading(format!("Hubs: {}", pretty(&m.name))));
                let breaks = cm.classes.iter();
                for (k, c) in breaks.flat_map(|c| (0..c.count()).map(move |k| (k, c))) {
                    let (lo, hi) = c.range(k);
                    let st = styling.hub(Some(hi), Some(cm));
                    rows.push(LegendRow::Disc {
                        colour: st.colour.unwrap_or(NO_VALUE_COLOUR),
                        r: st.size_px,
                        label: format!("{} – {}", fmt_value(lo), fmt_value(hi)),
                    });
                }
                if m.values.iter().any(Option::is_none) {
                    rows.push(LegendRow::Disc {
                        colour: NO_VALUE_COLOUR,
                        r: styling.hub_no_value.size_px,
                        label: "no value".into(),
                    });
                }
            }
            _ => {
                rows.push(LegendRow::Heading("Hubs".into()));
                for kind in HubKind::ALL {
                    if net.hubs().any(|h| h.kind == kind) {
                        rows.push(LegendRow::Disc {
                            colour: hub_colour(kind),
                            r: 4.0,
                            label: kind.as_str().replace('_', " "),
                        });
                    }
                }
            }
        }
        match (layers.segment_measure, &seg_classes) {
            (Some(m), Some(cm)) => {
                rows.push(LegendRow::Heading(format!("Segments: {}", pretty(&m.name))));
                // zeros drawn apart from the classes (case counts) get their own row
                if let Some(z) = seg_styling.zero
                    && m.values.contains(&Some(0.0))
                {
                    rows.push(LegendRow::Line {
                        colour: z.colour,
                        width: z.size_px,
                        dash: None,
                        label: "0".into(),
                    });
                }
                for (_, _, hi, label) in seg_styling.legend_classes(cm, &m.values) {
                    let st = seg_styling.segment(Some(hi), Some(cm));
                    rows.push(LegendRow::Line {
                        colour: st.colour.unwrap_or(NO_VALUE_COLOUR),
                        width: st.size_px,
                        dash: None,
                        label,
                    });
                }
                if m.suppressed.iter().any(|s| *s) {
                    rows.push(LegendRow::Line {
                        colour: NO_VALUE_COLOUR,
                        width: seg_styling.segment_no_value.size_px,
                        dash: Some(SUPPRESSED_DASHARRAY),
                        label: m.suppressed_label(),
                    });
                }
                if (0..m.values.len()).any(|e| m.values[e].is_none() && !m.suppressed[e]) {
                    rows.push(LegendRow::Line {
                        colour: NO_VALUE_COLOUR,
                        width: seg_styling.segment_no_value.size_px,
                        dash: None,
                        label: "no value".into(),
                    });
                }
            }
            _ => {
                rows.push(LegendRow::Heading("Segments".into()));
                for mode in Mode::ALL {
                    if net.segments().any(|s| s.mode == mode) {
                        rows.push(LegendRow::Line {
                            colour: mode_colour(mode),
                            width: 2.2,
                            dash: mode_dasharray(mode),
                            label: mode.as_str().into(),
                        });
                    }
                }
            }
        }
        let classes_note = match (&hub_classes, &seg_classes) {
            (None, None) => None,
            (Some(_), Some(_)) if styling.classing != seg_styling.classing => Some(format!(
                "classes: {} (hubs), {} (segments)",
                styling.classing_name(),
                seg_styling.classing_name()
            )),
            (Some(_), _) => Some(format!("classes: {}", styling.classing_name())),
            (None, Some(_)) => Some(format!("classes: {}", seg_styling.classing_name())),
        };
        let label_w = rows
            .iter()
            .map(|r| match r {
                LegendRow::Heading(t) => text_width(t, 13.0),
                LegendRow::Disc { label, .. } | LegendRow::Line { label, .. } => {
                    46.0 + text_width(label, 12.0)
                }
            })
            .chain(classes_note.iter().map(|t| text_width(t, 11.0)))
            .fold(0.0, f64::max);
        let legend_w = (label_w + 24.0).max(170.0);
        let legend_h = rows.iter().map(LegendRow::height).sum::<f64>()
            + if classes_note.is_some() { 18.0 } else { 0.0 }
            + 14.0;
        let scale_h = 44.0;
        let block_h = legend_h + 8.0 + scale_h;
        Self {
            rows,
            classes_note,
            width: legend_w,
            height: legend_h,
            block_height: block_h,
        }
    }

    /// Draws the legend box with its top-left corner at `(lx, ly)`.
    pub(super) fn draw(&self, o: &mut SvgWriter, (lx, ly): (f64, f64)) {
        let (rows, classes_note) = (&self.rows, &self.classes_note);
        let (legend_w, block_h) = (self.width, self.block_height);
        // legend
        let _ = writeln!(o, r##"<g id="legend" font-size="12" fill="#1a1a1a">"##);
        let _ = writeln!(
            o,
            r##"<rect id="legend-box" x="{lx:.1}" y="{ly:.1}" width="{legend_w:.1}" height="{block_h:.1}" rx="4" fill="#ffffff" fill-opacity="0.92" stroke="#9a9a9a" stroke-width="0.8"/>"##
        );
        let mut y = ly + 8.0;
        for (n, row) in rows.iter().enumerate() {
            let h = row.height();
            let mid = y + h / 2.0;
            match row {
                LegendRow::Heading(t) => {
                    let _ = writeln!(
                        o,
                        r#"<text id="legend-{n}" x="{:.1}" y="{:.1}" font-size="13" font-weight="bold">{}</text>"#,
                        lx + 10.0,
                        y + 16.0,
                        esc(t)
                    );
                }
                LegendRow::Disc { colour, r, label } => {
                    let _ = writeln!(
                        o,
                        r##"<circle id="legend-{n}" cx="{:.1}" cy="{mid:.1}" r="{r:.1}" fill="{colour}" stroke="#2b2b2b" stroke-width="0.9"/><text x="{:.1}" y="{:.1}">{}</text>"##,
                        lx + 10.0 + 16.0,
                        lx + 10.0 + 38.0,
                        mid + 4.0,
                        esc(label)
                    );
                }
                LegendRow::Line {
                    colour,
                    width,
                    dash,
                    label,
                } => {
                    let dash =
                        dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
                    let _ = writeln!(
                        o,
                        r#"<path id="legend-{n}" d="M{:.1},{mid:.1} H{:.1}" stroke="{colour}" stroke-width="{width:.1}" stroke-linecap="round"{dash}/><text x="{:.1}" y="{:.1}">{}</text>"#,
                        lx + 12.0,
                        lx + 40.0,
                        lx + 10.0 + 38.0,
                        mid + 4.0,
                        esc(label)
                    );
                }
            }
            y += h;
        }
        if let Some(note) = &classes_note {
            let _ = writeln!(
                o,
                r##"<text id="legend-classes" x="{:.1}" y="{:.1}" font-size="11" fill="#555555">{}</text>"##,
                lx + 10.0,
                y + 13.0,
                esc(note)
            );
        }
        o.push_str("</g>\n");
    }
}

/// The top-left corner of a `legend_w` × `block_h` box in the frame `(x, y, w, h)`: the corner
/// covering the fewest of `points_px` (ties: bottom-left, bottom-right, top-right, top-left).
pub(super) fn pick_corner(
    (fx, fy, fw, fh): (f64, f64, f64, f64),
    legend_w: f64,
    block_h: f64,
    points_px: &[(f64, f64)],
) -> (f64, f64) {
    // legend corner: the one covering the fewest drawn points (ties: bottom-left first)
    let pad = 10.0;
    let corners = [
        (fx + pad, fy + fh - pad - block_h),
        (fx + fw - pad - legend_w, fy + fh - pad - block_h),
        (fx + fw - pad - legend_w, fy + pad),
        (fx + pad, fy + pad),
    ];
    let (lx, ly) = corners
        .iter()
        .copied()
        .min_by_key(|&(x, y)| {
            points_px
                .iter()
                .filter(|p| {
                    p.0 >= x - 8.0
                        && p.0 <= x + legend_w + 8.0
                        && p.1 >= y - 8.0
                        && p.1 <= y + block_h + 8.0
                })
                .count()
        })
        .unwrap_or(corners[0]);
    (lx, ly)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: (f64, f64, f64, f64) = (0.0, 0.0, 1000.0, 600.0);

    #[test]
    fn the_legend_goes_where_nothing_is_drawn() {
        // nothing drawn: bottom-left
        assert_eq!(pick_corner(FRAME, 200.0, 100.0, &[]), (10.0, 490.0));
        // points in the bottom-left corner: bottom-right
        let crowded = [(50.0, 550.0), (60.0, 540.0)];
        assert_eq!(pick_corner(FRAME, 200.0, 100.0, &crowded), (790.0, 490.0));
        // both bottom corners crowded, more on the right: top-right
        let bottom = [(50.0, 550.0), (900.0, 550.0), (950.0, 560.0), (100.0, 20.0)];
        assert_eq!(pick_corner(FRAME, 200.0, 100.0, &bottom), (790.0, 10.0));
    }
}
