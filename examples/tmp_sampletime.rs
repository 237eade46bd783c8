#[path = "../benches/common/roadlike.rs"]
mod roadlike;
use corridors::centrality::{self, CentralityOptions, SampleOptions};
use corridors::{Costing, Weighting};
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let k: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let net = roadlike::road_like(n, 42).network();
    let opts = CentralityOptions { costing: Costing::new(Weighting::Property("w".into())), ..Default::default() };
    let t = std::time::Instant::now();
    let s = centrality::sampled_betweenness(&net, &opts, &SampleOptions { samples: Some(1), ..Default::default() }, &Default::default()).unwrap();
    println!("vd {} in {:?}", s.vertex_diameter_bound, t.elapsed());
    let t = std::time::Instant::now();
    centrality::sampled_betweenness(&net, &opts, &SampleOptions { samples: Some(k), ..Default::default() }, &Default::default()).unwrap();
    println!("{k} bidirectional samples {:?}", t.elapsed());
    let t = std::time::Instant::now();
    centrality::sampled_closeness(&net, &opts, &SampleOptions { samples: Some(k), ..Default::default() }, &Default::default()).unwrap();
    println!("{k} full dijkstras {:?}", t.elapsed());
}
