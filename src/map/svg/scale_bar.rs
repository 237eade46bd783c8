//! The scale bar: a round length (1-2-5 × 10ⁿ km, at least 10 m) measured geodesically at the map centre.

use std::fmt::Write as _;

use super::SvgWriter;
use super::layout::Layout;
use crate::map::format::fmt_value;

/// Draws the scale bar under the legend box at `(lx, ly)` (legend `legend_w` wide and
/// `legend_h` tall).
pub(super) fn draw_scale_bar(
    o: &mut SvgWriter,
    l: &Layout,
    (lx, ly): (f64, f64),
    legend_w: f64,
    legend_h: f64,
) {
    // scale bar: a round length near a fifth of the legend width … frame width
    let px_km = l.px_per_km();
    let target_km = (legend_w - 40.0).max(60.0) / px_km;
    let km = nice_length(target_km);
    let bar = km * px_km;
    let sx = lx + 12.0;
    let sy = ly + legend_h + 8.0 + 24.0;
    let _ = writeln!(
        o,
        r##"<g id="scale-bar" font-size="11" fill="#1a1a1a"><rect x="{sx:.1}" y="{:.1}" width="{:.1}" height="5" fill="#1a1a1a"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="5" fill="#ffffff" stroke="#1a1a1a" stroke-width="0.8"/><text x="{sx:.1}" y="{:.1}" text-anchor="middle">0</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text x="{sx:.1}" y="{:.1}" font-size="10" fill="#555555">scale true east–west at {:.1}°{}</text></g>"##,
        sy - 5.0,
        bar / 2.0,
        sx + bar / 2.0,
        sy - 5.0,
        bar / 2.0,
        sy - 9.0,
        sx + bar,
        sy - 9.0,
        if km < 1.0 {
            format!("{} m", fmt_value(km * 1000.0))
        } else {
            format!("{} km", fmt_value(km))
        },
        sy + 14.0,
        l.lat0.abs(),
        if l.lat0 >= 0.0 { "N" } else { "S" },
    );
}

/// The largest 1-2-5 × 10ⁿ length not above `km` (at least 10 m).
fn nice_length(km: f64) -> f64 {
    if !(km.is_finite() && km > 0.01) {
        return 0.01;
    }
    // divide for negative powers so that 0.25 is exactly 2.5 / 10
    let e = km.log10().floor() as i32;
    let scaled = |m: f64| {
        if e >= 0 {
            m * 10f64.powi(e)
        } else {
            m / 10f64.powi(-e)
        }
    };
    [5.0, 2.5, 2.0, 1.0]
        .into_iter()
        .map(scaled)
        .find(|&v| v <= km)
        .unwrap_or(scaled(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_lengths() {
        assert_eq!(nice_length(730.0), 500.0);
        assert_eq!(nice_length(260.0), 250.0);
        assert_eq!(nice_length(199.0), 100.0);
        assert_eq!(nice_length(0.3), 0.25);
        assert_eq!(nice_length(0.001), 0.01);
        assert_eq!(nice_length(f64::NAN), 0.01);
        assert_eq!(nice_length(20.0), 20.0);
    }

    #[test]
    fn the_bar_is_a_round_length() {
        let l = Layout {
            width: 1200.0,
            height: 800.0,
            frame: (16.0, 66.0, 1168.0, 700.0),
            lon0: -100.0,
            lat0: 0.0,
            scale: 20.0,
        };
        let mut o = SvgWriter::new();
        draw_scale_bar(&mut o, &l, (30.0, 80.0), 200.0, 100.0);
        let svg = o.finish();
        // 160 px at ~0.18 px/km is ~890 km: the bar shows 500 km
        assert!(svg.contains(">500 km</text>"), "{svg}");
        assert!(svg.starts_with("<g id=\"scale-bar\""));
    }
}
