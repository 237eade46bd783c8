//! Library tests: one test crate (linked once) with one module per area. Run with
//! `cargo test --all-features` (the CLI tests are the sibling crate `tests/cli`).

#[path = "../support/mod.rs"]
mod support;

mod cases_disclosure;
mod cases_itinerary;
mod cases_privacy;
mod cases_readers;
mod cases_snap;
mod cases_synthetic;
mod centrality;
mod centrality_sampling;
mod exec;
mod field_dialects;
mod field_stream;
mod fuzz_regressions;
mod geoparquet;
mod layering;
mod map;
mod map_html;
mod mexico_data;
mod network_build;
mod od_flow;
mod osm_import;
mod planning;
mod progress;
mod routing;
mod simplify;
mod stats;
mod stats_random;
mod vocabulary;
