//! The picture of a network K (or G) function with its Monte Carlo envelope.

use crate::stats::Curve;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A K (or G) curve with its envelope as an SVG document: the observed curve (red), the
/// simulation mean (dashed) and the pointwise envelope (grey band), radii in metres.
///
/// # Example
/// ```
/// use corridors::stats::{k_function, KOptions, NetPoint, Radii};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let pts = [NetPoint::new(0, 0.0), NetPoint::new(0, 10.0), NetPoint::new(1, 5.0)];
/// let o = KOptions { radii: Radii::List(vec![0.0, 10.0, 100.0]), ..Default::default() };
/// let k = k_function(&net, &pts, &o, &Default::default())?;
/// let svg = corridors::map::k_curve_svg(&k, "K");
/// assert!(svg.starts_with("<svg") && svg.contains("observed"));
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn k_curve_svg(c: &Curve, title: &str) -> String {
    let (w, h, ml, mr, mt, mb) = (640.0, 420.0, 70.0, 20.0, 40.0, 50.0);
    let xmax = c.radii.iter().cloned().fold(0.0, f64::max).max(1e-9);
    let ymax = c
        .observed
        .iter()
        .chain(&c.hi)
        .chain(&c.sim_mean)
        .filter(|v| v.is_finite())
        .cloned()
        .fold(0.0, f64::max)
        .max(1e-9);
    let x = |v: f64| ml + v / xmax * (w - ml - mr);
    let y = |v: f64| h - mb - v / ymax * (h - mt - mb);
    let path = |vals: &[f64]| {
        c.radii
            .iter()
            .zip(vals)
            .filter(|(_, v)| v.is_finite())
            .enumerate()
            .map(|(k, (r, v))| {
                format!(
                    "{}{:.2},{:.2}",
                    if k == 0 { "M" } else { "L" },
                    x(*r),
                    y(*v)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut band = String::new();
    for (r, v) in c.radii.iter().zip(&c.hi) {
        if v.is_finite() {
            band.push_str(&format!("{:.2},{:.2} ", x(*r), y(*v)));
        }
    }
    for (r, v) in c.radii.iter().zip(&c.lo).rev() {
        if v.is_finite() {
            band.push_str(&format!("{:.2},{:.2} ", x(*r), y(*v)));
        }
    }
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n\
         <text x=\"{ml}\" y=\"22\" font-size=\"14\">{}</text>\n",
        escape(title)
    );
    s.push_str(&format!(
        "<polygon points=\"{band}\" fill=\"#bdbdbd\" fill-opacity=\"0.6\" stroke=\"none\"><title>simulation envelope</title></polygon>\n"
    ));
    s.push_str(&format!(
        "<path d=\"{}\" fill=\"none\" stroke=\"#636363\" stroke-dasharray=\"5,4\" stroke-width=\"1.5\"><title>simulation mean</title></path>\n",
        path(&c.sim_mean)
    ));
    s.push_str(&format!(
        "<path d=\"{}\" fill=\"none\" stroke=\"#d7301f\" stroke-width=\"2.5\"><title>observed</title></path>\n",
        path(&c.observed)
    ));
    // axes
    s.push_str(&format!(
        "<line x1=\"{ml}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"black\"/>\n<line x1=\"{ml}\" y1=\"{mt}\" x2=\"{ml}\" y2=\"{}\" stroke=\"black\"/>\n",
        h - mb,
        w - mr,
        h - mb,
        h - mb
    ));
    for k in 0..=4 {
        let (vx, vy) = (xmax * k as f64 / 4.0, ymax * k as f64 / 4.0);
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
            x(vx),
            h - mb + 16.0,
            short(vx),
            ml - 6.0,
            y(vy) + 4.0,
            short(vy)
        ));
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">distance along the network (m)</text>\n",
        (ml + w - mr) / 2.0,
        h - 12.0
    ));
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#d7301f\">observed</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#636363\">simulation mean and envelope</text>\n",
        w - mr,
        mt + 14.0,
        w - mr,
        mt + 30.0
    ));
    s.push_str("</svg>\n");
    s
}

fn short(v: f64) -> String {
    if v.abs() >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v.abs() >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{v:.1}")
    }
}
