//! The NKDE layer: one LineString per lixel with its density class, published only where at
//! least `min_count` distinct cases contribute (the k rule for densities).

use serde_json::{Map, Value, json};

use crate::geodesy;
use crate::network::Network;
use crate::stats::{Density, Lixel};

/// Colours of the five density classes (light to dark), the same in the file and on the page.
pub const NKDE_RAMP: [&str; 5] = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];

/// One GeoJSON Feature per lixel (`segment_id`, `start_m`, `end_m`, and where at least
/// `min_count` distinct cases contribute: `density_per_km`, `mass`, `class`, styled by
/// quantile class of the published densities; lixels no case reaches: 0; the others only
/// `suppressed: true`), and the number of suppressed lixels.
///
/// # Example
/// ```
/// use corridors::stats::{self, NetPoint, NkdeOptions, Bandwidth};
/// let net = corridors::fixtures::path(&["a", "b", "c"]);
/// let pts = (0..12).map(|i| NetPoint::at_fraction(&net, 0, i as f64 / 12.0))
///     .collect::<Result<Vec<NetPoint>, _>>()?;
/// let lx = stats::lixelize(&net, 20_000.0, None)?;
/// let o = NkdeOptions { bandwidth: Bandwidth::Fixed(50_000.0), ..Default::default() };
/// let d = stats::nkde(&net, &pts, &lx, &o, &Default::default())?;
/// let (features, suppressed) = corridors::map::nkde_features(&net, &lx, &d, 11);
/// assert_eq!(features.len(), lx.len());
/// assert!(features.iter().all(|f| f["properties"].get("density_per_km").is_some()
///     || f["properties"]["suppressed"] == true));
/// # let _ = suppressed;
/// # Ok::<(), corridors::Error>(())
/// ```
pub fn nkde_features(
    net: &Network,
    lixels: &[Lixel],
    density: &Density,
    min_count: u32,
) -> (Vec<Value>, usize) {
    let k = min_count;
    // density classes by quantiles of the published densities
    let mut pubd: Vec<f64> = (0..lixels.len())
        .filter(|&i| density.contributors[i] >= k)
        .map(|i| density.at_centre_per_m[i])
        .collect();
    pubd.sort_by(f64::total_cmp);
    let breaks: Vec<f64> = (1..NKDE_RAMP.len())
        .map(|q| {
            if pubd.is_empty() {
                0.0
            } else {
                pubd[(q * pubd.len() / NKDE_RAMP.len()).min(pubd.len() - 1)]
            }
        })
        .collect();
    let mut features = Vec::with_capacity(lixels.len());
    let mut suppressed = 0usize;
    for (i, l) in lixels.iter().enumerate() {
        let mut p = Map::new();
        p.insert("segment_id".into(), net.segment(l.segment).id.to_json());
        p.insert("start_m".into(), json!(l.start_m));
        p.insert("end_m".into(), json!(l.end_m));
        if density.contributors[i] >= k {
            let v = density.at_centre_per_m[i];
            let class = breaks.iter().filter(|&&b| v >= b).count();
            p.insert("density_per_km".into(), num(v * 1000.0));
            p.insert("mass".into(), num(density.mass[i]));
            p.insert("class".into(), json!(class));
            p.insert("stroke".into(), json!(NKDE_RAMP[class]));
            p.insert("stroke-width".into(), json!(2 + class));
        } else if density.contributors[i] == 0 {
            p.insert("density_per_km".into(), json!(0.0));
            p.insert("mass".into(), json!(0.0));
            p.insert("class".into(), json!(0));
            p.insert("stroke".into(), json!("#e0e0e0"));
            p.insert("stroke-width".into(), json!(1));
        } else {
            suppressed += 1;
            p.insert("suppressed".into(), json!(true));
            p.insert("stroke".into(), json!("#bdbdbd"));
            p.insert("stroke-width".into(), json!(1));
        }
        features.push(json!({"type": "Feature",
            "geometry": sub_geometry(net, l.segment, l.start_m, l.end_m),
            "properties": p}));
    }
    (features, suppressed)
}

fn num(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

/// The segment as a GeoJSON LineString geometry.
pub fn segment_geometry(net: &Network, e: usize) -> Value {
    let coords: Vec<[f64; 2]> = net
        .segment(e)
        .geometry
        .points()
        .map(|p| [p.x(), p.y()])
        .collect();
    json!({"type": "LineString", "coordinates": coords})
}

/// The part of segment `e` from `a` to `b` metres (by the fraction of `length_m`, along
/// the polyline's great-circle length; cut points lie on the great-circle arcs).
pub fn sub_geometry(net: &Network, e: usize, a: f64, b: f64) -> Value {
    let s = net.segment(e);
    let pts = &s.geometry.0;
    if pts.len() < 2 || s.length_m <= 0.0 {
        return segment_geometry(net, e);
    }
    let mut cum = Vec::with_capacity(pts.len());
    cum.push(0.0);
    for w in pts.windows(2) {
        cum.push(cum[cum.len() - 1] + geodesy::haversine_m(w[0], w[1]));
    }
    let total = cum[cum.len() - 1];
    let along = |t: f64| (t / s.length_m).clamp(0.0, 1.0) * total;
    let at = |d: f64| -> [f64; 2] {
        let k = cum.partition_point(|&c| c < d).clamp(1, pts.len() - 1);
        let arc = cum[k] - cum[k - 1];
        let f = if arc > 0.0 {
            (d - cum[k - 1]) / arc
        } else {
            0.0
        };
        let c = geodesy::to_coord(geodesy::slerp(
            geodesy::unit(pts[k - 1]),
            geodesy::unit(pts[k]),
            f,
        ));
        [c.x, c.y]
    };
    let (da, db) = (along(a), along(b));
    let mut coords = vec![at(da)];
    coords.extend(
        (cum.iter().zip(pts))
            .filter(|&(&c, _)| c > da && c < db)
            .map(|(_, p)| [p.x, p.y]),
    );
    coords.push(at(db));
    json!({"type": "LineString", "coordinates": coords})
}
