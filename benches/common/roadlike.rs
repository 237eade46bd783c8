#![allow(dead_code)] // each user (bench, examples) needs a different part
//! Seeded road-like test graph: Delaunay triangulation of uniform random points over
//! Mexico's bounding box (lon −117…−86, lat 14.5…32.7), edges longer than 150 km dropped,
//! weight = haversine metres × 1.25 (a detour factor). Shared by the benchmarks, the
//! fixture exporter and the peer-comparison script (through the file it writes).

use corridors::geo::{Distance, Haversine, Point};
use corridors::{Hub, HubKind, Network, NetworkBuilder, SegmentSpec};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use spade::{DelaunayTriangulation, Point2, Triangulation};

/// Points and weighted edges of the road-like graph.
pub struct RoadLike {
    /// `(lon, lat)` of each node.
    pub points: Vec<(f64, f64)>,
    /// `(u, v, weight)` with `u < v`, sorted.
    pub edges: Vec<(u32, u32, f64)>,
}

/// The road-like graph with `n` nodes from `seed`.
pub fn road_like(n: usize, seed: u64) -> RoadLike {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let points: Vec<(f64, f64)> = (0..n)
        .map(|_| {
            (
                rng.random_range(-117.0..-86.0),
                rng.random_range(14.5..32.7),
            )
        })
        .collect();
    let mut t: DelaunayTriangulation<Point2<f64>> = DelaunayTriangulation::new();
    let mut handle_to_node = vec![u32::MAX; n];
    for (i, &(x, y)) in points.iter().enumerate() {
        let h = t.insert(Point2::new(x, y)).expect("finite point"); // invariant: finite coords
        handle_to_node[h.index()] = i as u32;
    }
    let mut edges = Vec::new();
    for e in t.undirected_edges() {
        let [a, b] = e.vertices();
        let (a, b) = (
            handle_to_node[a.fix().index()],
            handle_to_node[b.fix().index()],
        );
        let (pa, pb) = (points[a as usize], points[b as usize]);
        let d = Haversine.distance(Point::new(pa.0, pa.1), Point::new(pb.0, pb.1));
        if d <= 150_000.0 {
            edges.push((a.min(b), a.max(b), d * 1.25));
        }
    }
    edges.sort_by_key(|e| (e.0, e.1));
    RoadLike { points, edges }
}

impl RoadLike {
    /// As a corridor network: hubs `h<i>`, segments `e<k>` with the weight in property `w`.
    pub fn network(&self) -> Network {
        let mut b = NetworkBuilder::new();
        for (i, &(x, y)) in self.points.iter().enumerate() {
            b.add_hub(Hub::new(format!("h{i}"), HubKind::Transit, x, y));
        }
        for (k, &(u, v, w)) in self.edges.iter().enumerate() {
            let mut s = SegmentSpec::between(format!("e{k}"), format!("h{u}"), format!("h{v}"));
            s.properties.insert("w".into(), w.into());
            b.add_segment(s);
        }
        b.build().expect("generated graph is valid").0 // invariant: built from valid parts
    }

    /// Plain-text edge list for the peer script: first line `n m`, then `u v w` per edge
    /// (weights with 17 significant digits, so they round-trip exactly).
    pub fn edge_list(&self) -> String {
        let mut s = format!("{} {}\n", self.points.len(), self.edges.len());
        for &(u, v, w) in &self.edges {
            s.push_str(&format!("{u} {v} {w:.17e}\n"));
        }
        s
    }
}
