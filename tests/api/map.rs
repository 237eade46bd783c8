//! Map layers and pictures: class breaks against jenkspy/mapclassify, RFC 7946 validity of
//! every layer, the SVG parsed by usvg with every element counted, and (feature `png`) the
//! rendered pixels.

use corridors::Network;
use corridors::map::svg::{Boundaries, Layout, MapLayers, SvgOptions, render_svg};
use corridors::map::{
    self, ClassMethod, ClassOptions, HubMeasure, LineItem, PointItem, SegmentMeasure, classify,
};
use geojson::FeatureCollection;
use resvg::usvg;
use serde_json::{Value, json};

use crate::support::mexico;

fn outlines() -> Boundaries {
    corridors::io::geojson::read_boundaries("data/boundaries/countries_50m.geojson").unwrap()
}

/// A synthetic case load: every 7th segment suppressed, every 11th without a value.
fn synthetic_load(net: &Network) -> SegmentMeasure {
    let n = net.segment_count();
    let suppressed: Vec<bool> = (0..n).map(|e| e % 7 == 3).collect();
    let values = (0..n)
        .map(|e| {
            if suppressed[e] || e % 11 == 5 {
                None
            } else {
                Some(((e * 37) % 101 + 11) as f64)
            }
        })
        .collect();
    SegmentMeasure::new("cases", values).with_suppressed(suppressed)
}

// ---------- class breaks ----------

#[test]
fn class_breaks_match_jenkspy_and_mapclassify() {
    let text = std::fs::read_to_string("tests/fixtures/classify_reference.json").unwrap();
    let fx: Value = serde_json::from_str(&text).unwrap();
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for c in cases {
        let values: Vec<f64> = c["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let k = c["k"].as_u64().unwrap() as usize;
        for (method, key) in [
            (ClassMethod::Jenks, "jenks"),
            (ClassMethod::Quantiles, "quantiles"),
        ] {
            let want: Vec<f64> = c[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let got = classify(&values, k, method).unwrap();
            assert_eq!(got.breaks.len(), want.len(), "{key}, n = {}", values.len());
            for (g, w) in got.breaks.iter().zip(&want) {
                assert!(
                    (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                    "{key}, n = {}: {:?} vs {want:?}",
                    values.len(),
                    got.breaks
                );
            }
        }
    }
}

#[test]
fn large_inputs_are_sampled_for_jenks_and_say_so() {
    let values: Vec<f64> = (0..10_000).map(|i| ((i * 7919) % 10_007) as f64).collect();
    let c = classify(&values, 5, ClassMethod::Jenks).unwrap();
    assert!(c.sampled);
    assert_eq!(c.breaks[0], 0.0);
    assert_eq!(*c.breaks.last().unwrap(), 10_006.0);
    assert_eq!(c.to_json()["sampled"], true);
}

// ---------- RFC 7946 ----------

/// A small RFC 7946 validator: object shapes, positions (finite lon/lat in range, 2 or 3
/// numbers), LineStrings of ≥ 2 positions, closed Polygon rings of ≥ 4 positions with the
/// exterior counter-clockwise and holes clockwise (§3.1.6), no `crs` member, and (our own
/// rule) coordinates rounded to 6 decimals.
fn validate_rfc7946(v: &Value) -> Result<(), String> {
    let o = v.as_object().ok_or("top level is not an object")?;
    if o.contains_key("crs") {
        return Err("`crs` is not part of RFC 7946".into());
    }
    if o.get("type") != Some(&json!("FeatureCollection")) {
        return Err("type is not FeatureCollection".into());
    }
    let fs = o["features"].as_array().ok_or("features is not an array")?;
    for (i, f) in fs.iter().enumerate() {
        let fo = f
            .as_object()
            .ok_or(format!("feature {i} is not an object"))?;
        if fo.get("type") != Some(&json!("Feature")) {
            return Err(format!("feature {i}: type is not Feature"));
        }
        match fo.get("properties") {
            Some(Value::Object(_)) | Some(Value::Null) => {}
            _ => return Err(format!("feature {i}: properties must be an object or null")),
        }
        match fo.get("geometry") {
            Some(Value::Null) => {}
            Some(g) => validate_geometry(g).map_err(|e| format!("feature {i}: {e}"))?,
            None => return Err(format!("feature {i}: no geometry member")),
        }
    }
    Ok(())
}

fn position(p: &Value) -> Result<(f64, f64), String> {
    let a = p.as_array().ok_or("position is not an array")?;
    if a.len() < 2 || a.len() > 3 {
        return Err(format!("position has {} numbers", a.len()));
    }
    let n: Vec<f64> = a
        .iter()
        .map(|x| x.as_f64().ok_or("non-numeric coordinate".to_string()))
        .collect::<Result<_, _>>()?;
    let (lon, lat) = (n[0], n[1]);
    if !lon.is_finite() || !lat.is_finite() {
        return Err("non-finite coordinate".into());
    }
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("({lon}, {lat}) is not lon/lat"));
    }
    for c in [lon, lat] {
        if ((c * 1e6).round() - c * 1e6).abs() > 1e-6 {
            return Err(format!("{c} is not rounded to 6 decimals"));
        }
    }
    Ok((lon, lat))
}

fn positions(v: &Value) -> Result<Vec<(f64, f64)>, String> {
    v.as_array()
        .ok_or("coordinates are not an array")?
        .iter()
        .map(position)
        .collect()
}

fn ring(v: &Value, exterior: bool) -> Result<(), String> {
    let r = positions(v)?;
    if r.len() < 4 {
        return Err("ring with fewer than 4 positions".into());
    }
    if r[0] != r[r.len() - 1] {
        return Err("ring is not closed".into());
    }
    let area2: f64 = r
        .windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum();
    if exterior && area2 <= 0.0 {
        return Err("exterior ring is not counter-clockwise".into());
    }
    if !exterior && area2 >= 0.0 {
        return Err("hole is not clockwise".into());
    }
    Ok(())
}

fn polygon(v: &Value) -> Result<(), String> {
    let rings = v.as_array().ok_or("polygon is not an array of rings")?;
    if rings.is_empty() {
        return Err("polygon without rings".into());
    }
    for (k, r) in rings.iter().enumerate() {
        ring(r, k == 0)?;
    }
    Ok(())
}

fn validate_geometry(g: &Value) -> Result<(), String> {
    let t = g["type"].as_str().ok_or("geometry without type")?;
    let c = &g["coordinates"];
    match t {
        "Point" => position(c).map(|_| ()),
        "MultiPoint" => positions(c).map(|_| ()),
        "LineString" => {
            if positions(c)?.len() < 2 {
                return Err("LineString with fewer than 2 positions".into());
            }
            Ok(())
        }
        "MultiLineString" => c
            .as_array()
            .ok_or("not an array")?
            .iter()
            .try_for_each(|l| {
                (positions(l)?.len() >= 2)
                    .then_some(())
                    .ok_or("short line".into())
            }),
        "Polygon" => polygon(c),
        "MultiPolygon" => c
            .as_array()
            .ok_or("not an array")?
            .iter()
            .try_for_each(polygon),
        "GeometryCollection" => g["geometries"]
            .as_array()
            .ok_or("geometries is not an array")?
            .iter()
            .try_for_each(validate_geometry),
        other => Err(format!("unknown geometry type {other}")),
    }
}

fn as_written(fc: &FeatureCollection) -> Value {
    // through text, as a reader of the file would see it (NaN would become null)
    serde_json::from_str(&serde_json::to_string(fc).unwrap()).unwrap()
}

#[test]
fn the_validator_rejects_what_rfc7946_forbids() {
    let fc = |geom: Value| {
        json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": geom}]})
    };
    let ccw = json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]});
    let cw = json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]]});
    let open = json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.5]]]});
    let latlon = json!({"type": "Point", "coordinates": [19.4, -99.1]});
    let null_coord = json!({"type": "Point", "coordinates": [null, 1.0]});
    let unrounded = json!({"type": "Point", "coordinates": [-99.12345678, 19.4]});
    assert!(validate_rfc7946(&fc(ccw)).is_ok());
    for bad in [cw, open, latlon, null_coord, unrounded] {
        assert!(validate_rfc7946(&fc(bad.clone())).is_err(), "{bad}");
    }
}

#[test]
fn every_layer_is_valid_rfc7946() {
    let net = mexico();
    let opts = ClassOptions::default();
    let degree = HubMeasure::degree(&net);
    let load = synthetic_load(&net);
    let route = LineItem {
        geometry: net.segment(0).geometry.clone(),
        properties: Default::default(),
    };
    let site = PointItem {
        location: net.hub(0).location,
        properties: Default::default(),
    };
    let layers = [
        map::network_layer(&net),
        map::hub_measure_layer(&net, &degree, &opts).unwrap(),
        map::segment_measure_layer(
            &net,
            &load,
            &ClassOptions {
                method: ClassMethod::Quantiles,
                classes: 4,
            },
        )
        .unwrap(),
        map::segment_measure_layer(&net, &SegmentMeasure::length_km(&net), &opts).unwrap(),
        map::route_item_layer(std::slice::from_ref(&route)).unwrap(),
        map::corridor_item_layer(&[route]).unwrap(),
        map::site_item_layer(&[site]).unwrap(),
    ];
    for fc in &layers {
        let v = as_written(fc);
        validate_rfc7946(&v).unwrap_or_else(|e| panic!("{}: {e}", v["name"]));
        assert!(
            v["legend"]["description"].is_string(),
            "{} has no legend",
            v["name"]
        );
    }
}

// ---------- layer contents ----------

#[test]
fn hub_layer_states_its_classes_and_sizes_by_value() {
    let net = mexico();
    let degree = HubMeasure::degree(&net);
    let fc = map::hub_measure_layer(
        &net,
        &degree,
        &ClassOptions {
            method: ClassMethod::Quantiles,
            classes: 3,
        },
    )
    .unwrap();
    let meta = fc.foreign_members.as_ref().unwrap();
    assert_eq!(meta["classification"]["method"], "quantiles");
    let breaks: Vec<f64> = meta["classification"]["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_f64().unwrap())
        .collect();
    let max_degree = (0..net.hub_count()).map(|i| net.degree(i)).max().unwrap() as f64;
    assert_eq!(*breaks.last().unwrap(), max_degree);
    assert_eq!(
        meta["legend"]["classes"].as_array().unwrap().len(),
        breaks.len() - 1
    );
    // larger degree, larger marker; every hub once
    assert_eq!(fc.features.len(), net.hub_count());
    let mut pairs: Vec<(f64, f64)> = fc
        .features
        .iter()
        .map(|f| {
            let p = f.properties.as_ref().unwrap();
            (
                p["degree"].as_f64().unwrap(),
                p["radius_px"].as_f64().unwrap(),
            )
        })
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(pairs.windows(2).all(|w| w[0].1 <= w[1].1));
    assert!(pairs[0].1 < pairs[pairs.len() - 1].1);
}

#[test]
fn suppressed_segments_are_null_and_drawn_distinctly() {
    let net = mexico();
    let load = synthetic_load(&net);
    let fc = map::segment_measure_layer(&net, &load, &ClassOptions::default()).unwrap();
    assert_eq!(fc.features.len(), net.segment_count());
    let mut n_suppressed = 0;
    for f in &fc.features {
        let p = f.properties.as_ref().unwrap();
        let e = net
            .segment_index(
                &p["id"]
                    .as_str()
                    .map_or_else(|| p["id"].to_string(), str::to_string),
            )
            .unwrap();
        if load.suppressed[e] {
            n_suppressed += 1;
            assert!(p["cases"].is_null());
            assert_eq!(p["suppressed"], true);
            assert_eq!(p["stroke"], map::NO_VALUE_COLOUR);
            assert_eq!(p["stroke-dasharray"], map::SUPPRESSED_DASHARRAY);
        } else {
            assert_eq!(p["suppressed"], false);
            assert!(p.get("stroke-dasharray").is_none());
            assert_eq!(p["cases"].as_f64(), load.values[e]);
        }
    }
    assert_eq!(n_suppressed, load.suppressed.iter().filter(|s| **s).count());
    assert_eq!(
        fc.foreign_members.as_ref().unwrap()["suppressed_segments"],
        n_suppressed
    );
}

#[test]
fn measures_that_do_not_fit_are_errors() {
    let net = mexico();
    let short = HubMeasure::new("x", vec![Some(1.0); 3]);
    let e = map::hub_measure_layer(&net, &short, &ClassOptions::default()).unwrap_err();
    assert!(e.to_string().contains("3 values"), "{e}");
    let mut nan = HubMeasure::degree(&net);
    nan.values[4] = Some(f64::NAN);
    let e = map::hub_measure_layer(&net, &nan, &ClassOptions::default()).unwrap_err();
    assert!(e.to_string().contains(&net.hub(4).id.as_key()), "{e}");
    // a suppressed aggregate must not carry its value into a published layer
    let mut leak = synthetic_load(&net);
    leak.values[3] = Some(4.0);
    assert!(map::segment_measure_layer(&net, &leak, &ClassOptions::default()).is_err());
    let too_many = ClassOptions {
        method: ClassMethod::Jenks,
        classes: 8,
    };
    assert!(map::hub_measure_layer(&net, &HubMeasure::degree(&net), &too_many).is_err());
    let bad_route = LineItem {
        geometry: vec![(-99.0, 19.0), (f64::NAN, 20.0)].into(),
        properties: Default::default(),
    };
    assert!(map::route_item_layer(&[bad_route]).is_err());
}

// ---------- the picture ----------

fn picture(net: &Network, load: Option<&SegmentMeasure>, b: Option<&Boundaries>) -> String {
    let degree = HubMeasure::degree(net);
    let layers = MapLayers {
        hub_measure: Some(&degree),
        segment_measure: load,
        boundaries: b,
    };
    render_svg(net, &layers, &SvgOptions::default()).unwrap()
}

fn collect_ids(g: &usvg::Group, out: &mut Vec<String>) {
    for node in g.children() {
        match node {
            usvg::Node::Group(c) => {
                out.push(c.id().to_string());
                collect_ids(c, out);
            }
            usvg::Node::Path(p) => out.push(p.id().to_string()),
            usvg::Node::Image(i) => out.push(i.id().to_string()),
            usvg::Node::Text(t) => out.push(t.id().to_string()),
        }
    }
}

#[test]
fn svg_parses_and_holds_outlines_segments_hubs_legend_and_scale_bar() {
    let net = mexico();
    let b = outlines();
    let load = synthetic_load(&net);
    let svg = picture(&net, Some(&load), Some(&b));
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("usvg parses the map");
    let mut ids = Vec::new();
    collect_ids(tree.root(), &mut ids);
    let count = |prefix: &str| ids.iter().filter(|i| i.starts_with(prefix)).count();
    assert_eq!(count("hub-"), net.hub_count());
    assert_eq!(count("seg-"), net.segment_count());
    // all seven countries of the file lie in or touch the view of Mexico and Central America
    assert_eq!(count("outline-"), b.countries.len());
    for group in ["outlines", "segments", "hubs", "legend", "scale-bar"] {
        assert!(ids.iter().any(|i| i == group), "no group {group}");
    }
    // legend: 1 box + a swatch per hub class and per segment class, suppressed and no-value rows
    let swatches = count("legend-") - 1;
    assert!(swatches >= 2 + 2 + 2, "{swatches} legend swatches");
    assert!(svg.contains("suppressed (small count or to protect one)"));
    assert!(svg.contains("Natural Earth (public domain)"));
    assert!(svg.contains(" km</text>"));
    assert!(svg.matches("class=\"label\"").count() >= 8);
}

#[test]
fn svg_is_deterministic_and_draws_without_outlines() {
    let net = mexico();
    let a = picture(&net, None, None);
    assert_eq!(a, picture(&net, None, None));
    let tree = usvg::Tree::from_str(&a, &usvg::Options::default()).unwrap();
    let mut ids = Vec::new();
    collect_ids(tree.root(), &mut ids);
    assert_eq!(ids.iter().filter(|i| i.starts_with("outline-")).count(), 0);
    assert_eq!(
        ids.iter().filter(|i| i.starts_with("hub-")).count(),
        net.hub_count()
    );
}

#[test]
fn bad_boundaries_are_located_errors() {
    let e = corridors::io::geojson::read_boundaries_from(
        "b.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
            "geometry":{"type":"Point","coordinates":[1,2]}}]}"#
            .as_bytes(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("b.geojson: feature 0"), "{e}");
    assert!(corridors::io::geojson::read_boundaries_from("c.geojson", "{oops".as_bytes()).is_err());
    assert!(corridors::io::geojson::read_boundaries("no/such/file.geojson").is_err());
}

#[test]
fn layout_is_centred_and_scaled_by_cos_phi0() {
    let net = mexico();
    let l = Layout::fit(&net, &SvgOptions::default());
    let (x0, _) = l.project(l.lon0, l.lat0);
    let (x1, _) = l.project(l.lon0 + 1.0, l.lat0);
    let (_, y1) = l.project(l.lon0, l.lat0 + 1.0);
    let (_, y0) = l.project(l.lon0, l.lat0);
    let cos0 = l.lat0.to_radians().cos();
    assert!(((x1 - x0) / (y0 - y1) - cos0).abs() < 1e-12);
    // every hub inside the frame
    let (fx, fy, fw, fh) = l.frame;
    for h in net.hubs() {
        let (x, y) = l.project(h.location.x(), h.location.y());
        assert!(
            x > fx && x < fx + fw && y > fy && y < fy + fh,
            "{} outside",
            h.name
        );
    }
    // 1° of longitude at 23° N is about 102.5 km on WGS84
    let km_per_deg = (x1 - x0) / l.px_per_km();
    assert!((km_per_deg - 111.32 * cos0).abs() < 0.5, "{km_per_deg}");
}

#[cfg(feature = "png")]
#[test]
fn png_is_not_blank_and_the_network_stays_in_its_bounding_box() {
    use corridors::map::png::render_pixmap;
    let net = mexico();
    let b = outlines();
    let load = synthetic_load(&net);
    let svg = picture(&net, Some(&load), Some(&b));
    // the same picture without the network: the difference is what the network drew
    let cut = |s: &str, group: &str| {
        let start = s.find(&format!("<g id=\"{group}\"")).unwrap();
        let end = start + s[start..].find("</g>").unwrap();
        format!("{}{}", &s[..start], &s[end + 4..])
    };
    let bare = cut(&cut(&svg, "segments"), "hubs");
    let full = render_pixmap(&svg, 1.0).unwrap();
    let base = render_pixmap(&bare, 1.0).unwrap();
    let (w, h) = (full.width() as usize, full.height() as usize);
    // not blank: many colours and plenty of non-white pixels
    let px = full.data();
    let mut colours: Vec<[u8; 4]> = px.chunks(4).map(|c| [c[0], c[1], c[2], c[3]]).collect();
    let non_white = colours.iter().filter(|c| c[..3] != [255, 255, 255]).count();
    assert!(
        non_white > w * h / 2,
        "{non_white} non-white pixels of {}",
        w * h
    );
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 100, "{} colours", colours.len());
    // the network's projected bounding box, widened by the largest marker/stroke
    let l = Layout::fit(&net, &SvgOptions::default());
    let pts = net
        .hubs()
        .map(|h| h.location.0)
        .chain(net.segments().flat_map(|s| s.geometry.0.iter().copied()));
    let (mut bx0, mut by0, mut bx1, mut by1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in pts {
        let (x, y) = l.project(c.x, c.y);
        (bx0, by0, bx1, by1) = (bx0.min(x), by0.min(y), bx1.max(x), by1.max(y));
    }
    let m = 14.0;
    let (mut dx0, mut dy0, mut dx1, mut dy1) = (usize::MAX, usize::MAX, 0, 0);
    let mut drawn = 0;
    for y in 0..h {
        for x in 0..w {
            let i = 4 * (y * w + x);
            if full.data()[i..i + 4] != base.data()[i..i + 4] {
                drawn += 1;
                assert!(
                    (x as f64) >= bx0 - m
                        && (x as f64) <= bx1 + m
                        && (y as f64) >= by0 - m
                        && (y as f64) <= by1 + m,
                    "network pixel ({x}, {y}) outside its box ({bx0:.0}, {by0:.0})–({bx1:.0}, {by1:.0})"
                );
                (dx0, dy0, dx1, dy1) = (dx0.min(x), dy0.min(y), dx1.max(x), dy1.max(y));
            }
        }
    }
    assert!(drawn > 5_000, "only {drawn} network pixels");
    // and the drawing reaches every side of the box
    for (got, want) in [
        (dx0 as f64, bx0),
        (dy0 as f64, by0),
        (dx1 as f64, bx1),
        (dy1 as f64, by1),
    ] {
        assert!(
            (got - want).abs() <= m,
            "drawn extent {got} vs box side {want}"
        );
    }
}
