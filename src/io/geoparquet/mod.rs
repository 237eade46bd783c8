//! GeoParquet input and output (feature `geoparquet`): networks, case points and every
//! published layer, read and written so that GeoPandas `read_parquet` / `to_parquet`
//! round-trip them.
//!
//! # Format
//! [GeoParquet 1.1](https://geoparquet.org/releases/v1.1.0/) written by this module itself
//! on the Apache `parquet` crate's low-level column API (no Arrow):
//!
//! * one optional column per property (`INT64`, `DOUBLE`, `BOOLEAN` or UTF-8 `BYTE_ARRAY`,
//!   see [`ColumnType`] and [`infer_columns`]) and then the geometry column `geometry`,
//!   ISO WKB in 2D;
//! * the file key-value metadata `geo`: `version` `1.1.0`, `primary_column`, and for the
//!   geometry column `encoding` `WKB`, `geometry_types` and `bbox`; `crs` is left out,
//!   which means OGC:CRS84 (WGS84 longitude/latitude), the coordinates of every corridors
//!   model;
//! * the key-value metadata `corridors`: the FeatureCollection's foreign members (a
//!   published layer's `privacy`, `parameters`, `legend` …) and the columns holding JSON
//!   text, so that nothing of a layer is lost;
//! * snappy compression and row groups of 65 536 rows by default ([`WriteOptions`]).
//!
//! [`GeoParquetWriter`] streams: it holds one row group, never the whole output.
//! [`GeoParquetReader`] decodes a few thousand rows at a time, row group by row group.
//!
//! # What is read
//! Files written by GeoPandas/pyarrow, GDAL or DuckDB with WKB geometries: dictionary or
//! plain encoding, data pages v1 or v2, snappy, gzip, zstd or no compression (another codec
//! is an error naming it). Columns of `BOOLEAN`, `INT32`, `INT64`, `FLOAT`, `DOUBLE` and
//! UTF-8 `BYTE_ARRAY` become properties (`DATE` and `TIMESTAMP` columns become
//! `YYYY-MM-DD` text, with `THH:MM:SS` unless the time is midnight, and `Z` for UTC columns; a float NaN is
//! null); pandas index columns (`__index_level_0__` …) and the GeoParquet 1.1 bounding-box
//! covering column are skipped. Z and M coordinates are dropped, as the GeoJSON readers drop
//! altitude. A `crs` other than WGS84 longitude/latitude (`OGC:CRS84`, `EPSG:4326`) is
//! an error asking to reproject; a `crs` of `null` (unknown) is read as longitude/latitude,
//! and the coordinate range checks of the readers still apply. Nested columns (lists,
//! structs), `INT96` and fixed-length columns are errors naming the column.
//!
//! Every problem is a typed [`Error`](crate::Error) (or a builder diagnostic for
//! networks) of kind [`ProblemKind::InvalidParquet`](crate::ProblemKind::InvalidParquet)
//! naming the file and, for a row, its index and column; the readers do not panic on bad
//! input.
//!
//! # Networks and cases
//! [`read_network`] follows the GeoJSON network schema of [`crate::io::geojson`] row by row
//! (Points are hubs, LineStrings and MultiLineStrings segments, the same properties and
//! messages, [`NetworkReadOptions`](crate::io::geojson::NetworkReadOptions) honoured);
//! [`write_network`] writes a network in that schema. [`read_cases`] follows
//! [`crate::io::geojson::read_cases`]. [`crate::io::load_network`] and
//! [`crate::io::read_cases`] choose these readers for `.parquet` and `.geoparquet` files.
//!
//! # Why not the `geoparquet` crate
//! Measured on the project's 2-core machine (clean `target/`, registry downloaded, other
//! builds running at the same time, so CPU seconds are the steadier figure): the
//! `geoparquet` 0.9 + `geoarrow` crates (Arrow, ~140 crates in the lock file, MSRV 1.95
//! above this crate's 1.88) against the Apache `parquet` 60 crate alone with
//! `default-features = false` and `snap`, `flate2` (zlib-rs) and `zstd` (~70 crates):
//!
//! | scratch crate | `cargo check` wall / CPU | debug `cargo build` wall / CPU |
//! | --- | ---: | ---: |
//! | `parquet` 60 alone (chosen) | 270 s / 135 s | 383 s / 219 s |
//! | `geoparquet` 0.9 + `geoarrow` 0.9 | 376 s / 253 s | 512 s / 749 s |
//!
//! The Arrow route costs minutes more of every clean CI build (clippy and the test build
//! each compile the dependencies) and a higher MSRV, so this module writes GeoParquet
//! itself.

mod reader;
mod wkb;
mod writer;

pub use reader::{
    GeoParquetReader, read_cases, read_feature_collection, read_network, read_network_with,
};
pub use writer::{
    Codec, Column, ColumnType, GeoParquetWriter, WriteOptions, infer_columns,
    write_feature_collection, write_network,
};

/// The name of the geometry column written.
pub(crate) const GEOMETRY_COLUMN: &str = "geometry";

/// The key-value metadata key of what GeoParquet has no place for (foreign members, JSON
/// columns).
pub(crate) const CORRIDORS_KEY: &str = "corridors";
