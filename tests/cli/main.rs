//! The `corridors` binary end to end: one test crate with one module per command family.
#![cfg(feature = "cli")]

#[path = "../support/mod.rs"]
mod support;

mod arg_groups;
mod cases;
mod centrality;
mod centrality_measures;
mod geoparquet;
mod info_validate;
mod map;
mod map_html;
mod progress;
mod routing;
mod stats;
mod vocabulary;
