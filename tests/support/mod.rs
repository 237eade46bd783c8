//! The one support module of the test crates (`tests/api`, `tests/cli`): the Mexico loader,
//! the CLI runner, small generated networks and the case-test network.
#![allow(dead_code)]

pub mod cases;

use corridors::{Hub, HubKind, Network, NetworkBuilder, SegmentSpec};
use serde_json::Value;

/// The two files of the Mexico network shipped in `data/mexico`.
pub const MEXICO_FILES: [&str; 2] = ["data/mexico/hubs.geojson", "data/mexico/segments.geojson"];

/// `--network` arguments for the Mexico network.
pub const MEXICO: [&str; 4] = [
    "--network",
    "data/mexico/hubs.geojson",
    "--network",
    "data/mexico/segments.geojson",
];

/// The `corridors` binary, ready for arguments (CLI test crate only).
#[cfg(feature = "cli")]
pub fn cmd() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_corridors"))
}

/// Runs the `corridors` binary with `args` and returns its output.
#[cfg(feature = "cli")]
pub fn corridors(args: &[&str]) -> std::process::Output {
    cmd().args(args).output().expect("the binary runs")
}

/// `COMMAND --network hubs --network segments` for the Mexico network; extend with more arguments.
pub fn with_mexico(command: &str) -> Vec<&str> {
    let mut args = vec![command];
    args.extend(MEXICO);
    args
}

/// Lossy UTF-8 text of a process stream.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The Mexico network and its build report.
pub fn mexico_with_report() -> (Network, corridors::BuildReport) {
    corridors::io::load_network(&MEXICO_FILES, 1.0).expect("data/mexico loads")
}

/// The Mexico network shipped in `data/mexico`.
pub fn mexico() -> Network {
    mexico_with_report().0
}

/// A network with hubs `h0..h{n-1}` on a grid and one segment `e{k}` per edge
/// `[u, v, weight]`; returns the network and the weights (indexed like the segments).
pub fn from_edges(n: usize, edges: &[(usize, usize, f64)], directed: bool) -> (Network, Vec<f64>) {
    let mut b = NetworkBuilder::new();
    for i in 0..n {
        let (lon, lat) = (-100.0 + (i % 5) as f64 * 0.7, 20.0 + (i / 5) as f64 * 0.6);
        b.add_hub(Hub::new(
            format!("h{i}").as_str(),
            HubKind::Transit,
            lon,
            lat,
        ));
    }
    for (k, &(u, v, _)) in edges.iter().enumerate() {
        b.add_segment(
            SegmentSpec::between(
                format!("e{k}").as_str(),
                format!("h{u}").as_str(),
                format!("h{v}").as_str(),
            )
            .with_oneway(directed),
        );
    }
    let (net, _) = b.build().expect("test network builds");
    let mut w = vec![0.0; net.segment_count()];
    for (k, &(_, _, x)) in edges.iter().enumerate() {
        w[net.segment_index(&format!("e{k}")).expect("segment")] = x;
    }
    (net, w)
}

/// Edges of a fixture case.
pub fn fixture_edges(case: &Value) -> Vec<(usize, usize, f64)> {
    case["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            (
                e[0].as_u64().expect("u") as usize,
                e[1].as_u64().expect("v") as usize,
                e[2].as_f64().expect("w"),
            )
        })
        .collect()
}

pub fn fixture() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/routing_nx.json").expect("fixture"),
    )
    .expect("fixture json")
}

/// Small deterministic pseudo-random generator (xorshift) for property tests.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A connected random undirected graph (spanning path plus extra edges), integer weights.
pub fn random_graph(rng: &mut Rng, n: usize, extra: usize, wmax: u64) -> Vec<(usize, usize, f64)> {
    let mut edges = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for i in 1..n {
        let j = rng.below(i);
        seen.insert((j.min(i), j.max(i)));
        edges.push((j, i, (1 + rng.next() % wmax) as f64));
    }
    let mut tries = 0;
    while edges.len() < n - 1 + extra && tries < 1000 {
        tries += 1;
        let (a, b) = (rng.below(n), rng.below(n));
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        edges.push((a, b, (1 + rng.next() % wmax) as f64));
    }
    edges
}

/// A copy of `net` built without the named hubs (and their segments) and segments.
pub fn without(net: &Network, hubs: &[String], segments: &[String]) -> Network {
    let mut b = NetworkBuilder::new();
    for h in net.hubs() {
        if !hubs.contains(&h.id.as_key()) {
            b.add_hub(h.clone());
        }
    }
    for (e, s) in net.segments().enumerate() {
        let (a, z) = net.endpoints(e);
        let (a, z) = (net.hub(a).id.clone(), net.hub(z).id.clone());
        if segments.contains(&s.id.as_key())
            || hubs.contains(&a.as_key())
            || hubs.contains(&z.as_key())
        {
            continue;
        }
        let mut spec = SegmentSpec::between(s.id.clone(), a, z)
            .with_mode(s.mode)
            .with_geometry(s.geometry.clone())
            .with_oneway(s.oneway);
        spec.length_m = Some(s.length_m);
        spec.minutes = s.minutes;
        spec.speed_kmh = s.speed_kmh;
        spec.properties = s.properties.clone();
        b.add_segment(spec);
    }
    b.build().expect("rebuilt network").0
}

/// The JSON data block of a page made by `corridors::map::html::render_html`.
pub fn embedded(page: &str) -> Value {
    let tag = "<script id=\"corridors-data\" type=\"application/json\">";
    let start = page.find(tag).expect("data block") + tag.len();
    let end = start + page[start..].find("</script>").expect("end of data block");
    serde_json::from_str(&page[start..end]).expect("valid JSON")
}

/// Every numeric value under a key that names a count (`cases`, `victims`, `*count*`).
pub fn counts(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let is_count = k == "cases" || k == "victims" || k.contains("count");
                if let (true, Some(n)) = (is_count, x.as_f64()) {
                    out.push(n);
                }
                counts(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| counts(x, out)),
        _ => {}
    }
}
