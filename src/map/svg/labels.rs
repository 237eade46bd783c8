//! Hub labels: the top hubs by the hub measure (or degree), each placed at the first of 16
//! candidate positions around its disc that stays inside the frame and overlaps no other
//! label, no hub disc and the legend.

use std::fmt::Write as _;

use serde_json::Value;

use super::{Picture, SvgWriter, esc, text_width};

/// Axis-aligned box `(x0, y0, x1, y1)` in pixels.
pub(super) type BoxPx = (f64, f64, f64, f64);

/// Whether two boxes overlap (touching edges do not).
pub(super) fn overlaps(a: BoxPx, b: BoxPx) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Font size of the labels in pixels.
const LABEL_SIZE: f64 = 12.5;

/// Hubs in label order: largest measure value (or degree) first; ties (common with degree) go
/// to the larger place when hubs carry a `population`, then to the lower index. Hubs without
/// a value rank at `-∞` and are never labelled.
fn ranked_hubs(p: &Picture<'_>) -> (Vec<usize>, Vec<f64>) {
    let net = p.net;
    let rank_value: Vec<f64> = (0..net.hub_count())
        .map(|i| match p.layers.hub_measure {
            Some(m) => m.values[i].unwrap_or(f64::NEG_INFINITY),
            None => net.degree(i) as f64,
        })
        .collect();
    let population = |i: usize| {
        net.hub(i)
            .properties
            .get("population")
            .and_then(Value::as_f64)
            .unwrap_or(0.0)
    };
    let mut ranked: Vec<usize> = (0..net.hub_count()).collect();
    ranked.sort_by(|&a, &b| {
        rank_value[b]
            .total_cmp(&rank_value[a])
            .then(population(b).total_cmp(&population(a)))
            .then(a.cmp(&b))
    });
    (ranked, rank_value)
}

/// Where a label of width `tw` for the disc of radius `r` at `(x, y)` goes: the first free
/// candidate `(anchor x, baseline y, text-anchor, box)`, or `None` when every candidate leaves
/// `frame` or overlaps a box of `taken` or a disc of `discs` other than the hub's own (`own`).
///
/// Candidates: beside, above, below and diagonal at `r + 3` px, then the same at `r + 14` px
/// for hubs in clusters.
pub(super) fn place_label(
    (x, y, r): (f64, f64, f64),
    tw: f64,
    own: usize,
    frame: BoxPx,
    taken: &[BoxPx],
    discs: &[(usize, BoxPx)],
) -> Option<(f64, f64, &'static str, BoxPx)> {
    let size = LABEL_SIZE;
    let asc = size * 0.76;
    let mut candidates = Vec::with_capacity(16);
    for gap in [r + 3.0, r + 14.0] {
        candidates.extend([
            (x + gap, y + asc / 2.0 - 1.0, "start"),
            (x - gap, y + asc / 2.0 - 1.0, "end"),
            (x, y - gap - 2.0, "middle"),
            (x, y + gap + asc, "middle"),
            (x + gap * 0.7, y - gap * 0.7 - 1.0, "start"),
            (x + gap * 0.7, y + gap * 0.7 + asc, "start"),
            (x - gap * 0.7, y - gap * 0.7 - 1.0, "end"),
            (x - gap * 0.7, y + gap * 0.7 + asc, "end"),
        ]);
    }
    candidates.into_iter().find_map(|(ax, by, anchor)| {
        let x0 = match anchor {
            "start" => ax,
            "end" => ax - tw,
            _ => ax - tw / 2.0,
        };
        let b: BoxPx = (
            x0 - 1.0,
            by - asc - 1.0,
            x0 + tw + 1.0,
            by + size * 0.24 + 1.0,
        );
        let inside = b.0 >= frame.0 && b.2 <= frame.2 && b.1 >= frame.1 && b.3 <= frame.3;
        let free = taken.iter().all(|t| !overlaps(*t, b))
            && discs.iter().all(|(j, hb)| *j == own || !overlaps(*hb, b));
        (inside && free).then_some((ax, by, anchor, b))
    })
}

/// Draws up to `opts.labels` labels; `radius[i]` is the drawn radius of hub `i`, `discs` the
/// boxes of the drawn discs and `legend` the legend box.
pub(super) fn draw_labels(
    o: &mut SvgWriter,
    p: &Picture<'_>,
    radius: &[f64],
    discs: &[(usize, BoxPx)],
    legend: BoxPx,
) {
    let (fx, fy, fw, fh) = p.l.frame;
    let (ranked, rank_value) = ranked_hubs(p);
    let mut taken: Vec<BoxPx> = vec![legend];
    o.push_str(
        "<g id=\"labels\" font-size=\"12.5\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3.2\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n",
    );
    let frame_box: BoxPx = (fx + 2.0, fy + 2.0, fx + fw - 2.0, fy + fh - 2.0);
    let n = p.net.hub_count();
    let mut done = vec![false; n];
    // the endpoints first (italic), then the top hubs by the measure
    let endpoints = p.opts.endpoint_hubs.iter().filter(|&&i| i < n);
    let mut labelled = 0;
    for (&i, endpoint) in endpoints
        .map(|i| (i, true))
        .chain(ranked.iter().map(|i| (i, false)))
    {
        if !endpoint && (labelled >= p.opts.labels || rank_value[i] == f64::NEG_INFINITY) {
            break;
        }
        let h = p.net.hub(i);
        // only hubs with a name of their own: a raw id (an OSM node number) is no label
        if done[i] || h.name.trim().is_empty() || h.name == h.id.to_string() {
            continue;
        }
        let (x, y) = p.l.project(h.location.x(), h.location.y());
        let tw = text_width(&h.name, LABEL_SIZE);
        let placed = place_label((x, y, radius[i]), tw, i, frame_box, &taken, discs);
        if let Some((ax, by, anchor, b)) = placed {
            taken.push(b);
            done[i] = true;
            if !endpoint {
                labelled += 1;
            }
            let _ = writeln!(
                o,
                r#"<text id="label-{i}" class="label{}" x="{ax:.1}" y="{by:.1}" text-anchor="{anchor}"{}>{}</text>"#,
                if endpoint { " endpoint" } else { "" },
                if endpoint {
                    r#" font-style="italic""#
                } else {
                    ""
                },
                esc(&h.name)
            );
        }
    }
    o.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: BoxPx = (0.0, 0.0, 1000.0, 1000.0);

    #[test]
    fn a_free_label_goes_right_of_its_disc() {
        let (ax, _, anchor, _) =
            place_label((500.0, 500.0, 4.0), 60.0, 0, FRAME, &[], &[]).expect("free space");
        assert_eq!((ax, anchor), (507.0, "start"));
    }

    #[test]
    fn labels_avoid_each_other_and_other_discs() {
        let first = place_label((500.0, 500.0, 4.0), 60.0, 0, FRAME, &[], &[]).unwrap();
        // the same spot again: the first box is taken, so the label moves to the left
        let second = place_label((500.0, 500.0, 4.0), 60.0, 1, FRAME, &[first.3], &[]).unwrap();
        assert_eq!(second.2, "end");
        assert!(!overlaps(first.3, second.3));
        // a neighbouring disc right of the hub also pushes the label away; its own disc does not
        let discs = [
            (0, (496.0, 496.0, 504.0, 504.0)),
            (1, (520.0, 490.0, 540.0, 510.0)),
        ];
        let third = place_label((500.0, 500.0, 4.0), 60.0, 0, FRAME, &[], &discs).unwrap();
        assert!(discs.iter().skip(1).all(|(_, d)| !overlaps(*d, third.3)));
        assert_ne!(third.2, "start");
    }

    #[test]
    fn labels_stay_inside_the_frame() {
        // a hub in the top-left corner: only right/below positions fit
        let (ax, by, anchor, b) =
            place_label((5.0, 5.0, 3.0), 60.0, 0, FRAME, &[], &[]).expect("a position inside");
        assert!(b.0 >= 0.0 && b.1 >= 0.0, "{ax} {by} {anchor}");
        // a label wider than the frame never fits
        assert!(place_label((500.0, 500.0, 3.0), 2000.0, 0, FRAME, &[], &[]).is_none());
    }
}
