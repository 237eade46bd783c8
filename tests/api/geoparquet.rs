//! GeoParquet in and out (feature `geoparquet`): networks and cases round-trip, GeoPandas
//! files read like their GeoJSON twins, and bad files are typed errors, never panics.
#![cfg(feature = "geoparquet")]

use std::path::Path;
use std::sync::Arc;

use corridors::io::ReadOptions;
use corridors::io::geojson::{KeepProperties, NetworkReadOptions};
use corridors::io::geoparquet::{
    self, Column, ColumnType, GeoParquetReader, GeoParquetWriter, WriteOptions,
};
use corridors::{Error, Network, ProblemKind};
use serde_json::{Value, json};

const FIXTURES: &str = "tests/fixtures/geoparquet";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// Every hub and segment of `a` equals the one of `b` (ids, names, kinds, coordinates,
/// properties, ends, modes, lengths, times, directions).
fn assert_same_network(a: &Network, b: &Network) {
    assert_eq!(a.hub_count(), b.hub_count());
    assert_eq!(a.segment_count(), b.segment_count());
    for (x, y) in a.hubs().zip(b.hubs()) {
        assert_eq!(x, y);
    }
    for e in 0..a.segment_count() {
        let (x, y) = (a.segment(e), b.segment(e));
        assert_eq!(x.id, y.id);
        assert_eq!(x.mode, y.mode);
        assert_eq!(x.geometry, y.geometry, "segment {}", x.id);
        assert_eq!(x.length_m, y.length_m, "segment {}", x.id);
        assert_eq!(x.minutes, y.minutes);
        assert_eq!(x.speed_kmh, y.speed_kmh);
        assert_eq!(x.oneway, y.oneway);
        assert_eq!(x.properties, y.properties, "segment {}", x.id);
        let ends = |n: &Network, e| {
            let (u, v) = n.endpoints(e);
            (n.hub(u).id.clone(), n.hub(v).id.clone())
        };
        assert_eq!(ends(a, e), ends(b, e));
    }
}

/// The network with its null properties removed.
fn without_nulls(net: &Network) -> Network {
    let mut b = corridors::NetworkBuilder::new().tolerance_m(1.0);
    for h in net.hubs() {
        let mut h = h.clone();
        h.properties.retain(|_, v| !v.is_null());
        b.add_hub(h);
    }
    for e in 0..net.segment_count() {
        let s = net.segment(e);
        let (u, v) = net.endpoints(e);
        let mut spec = corridors::SegmentSpec::between(
            s.id.clone(),
            net.hub(u).id.clone(),
            net.hub(v).id.clone(),
        );
        spec.mode = s.mode;
        spec.geometry = Some(s.geometry.clone());
        spec.length_m = Some(s.length_m);
        spec.minutes = s.minutes;
        spec.speed_kmh = s.speed_kmh;
        spec.oneway = s.oneway;
        spec.properties = s.properties.clone();
        spec.properties.retain(|_, v| !v.is_null());
        b.add_segment(spec);
    }
    b.build().unwrap().0
}

#[test]
fn network_round_trips_through_geoparquet() {
    let net = crate::support::mexico();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mexico.parquet");
    let rows = geoparquet::write_network(&path, &net).unwrap();
    assert_eq!(rows as usize, net.hub_count() + net.segment_count());
    let (back, report) = geoparquet::read_network(&path)
        .unwrap()
        .tolerance_m(1.0)
        .build()
        .unwrap();
    assert_same_network(&net, &back);
    assert_eq!(report.summary.components.len(), 1);
    // load_network chooses the GeoParquet reader by the extension
    let (loaded, _) = corridors::io::load_network(&[&path], 1.0).unwrap();
    assert_same_network(&net, &loaded);
    // and honours the kept properties
    let opts = NetworkReadOptions::default().keep_properties(KeepProperties::listed(["country"]));
    let (few, _) = corridors::io::load_network_with(&[&path], 1.0, &opts).unwrap();
    assert!(few.hubs().any(|h| h.properties.contains_key("country")));
    assert!(
        few.hubs()
            .all(|h| h.properties.keys().all(|k| k == "country"))
    );
    let (few_json, _) =
        corridors::io::load_network_with(&crate::support::MEXICO_FILES, 1.0, &opts).unwrap();
    assert_same_network(&few, &few_json);
}

#[test]
fn small_row_groups_stream_and_read_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.parquet");
    let columns = vec![
        Column::new("n", ColumnType::Int),
        Column::new("x", ColumnType::Float),
        Column::new("odd", ColumnType::Bool),
        Column::new("label", ColumnType::String),
        Column::new("tags", ColumnType::Json),
    ];
    let opts = WriteOptions {
        row_group_size: 1000,
        ..Default::default()
    };
    let mut w = GeoParquetWriter::create(&path, columns, opts).unwrap();
    let n = 10_007;
    for i in 0..n {
        let mut f = geojson::Feature::from(geojson::Geometry::new_point([
            -100.0 + i as f64 * 1e-4,
            20.0,
        ]));
        f.set_property("n", i);
        if i % 3 != 0 {
            f.set_property("x", i as f64 / 2.0);
        }
        f.set_property("odd", i % 2 == 1);
        f.set_property("label", format!("r{i}"));
        f.set_property("tags", json!({"i": i, "list": [i]}));
        w.push(&f).unwrap();
    }
    assert_eq!(w.finish().unwrap(), n);
    let r = GeoParquetReader::open(&path).unwrap();
    assert_eq!(r.rows(), n);
    let mut count = 0;
    for (i, f) in r.enumerate() {
        let f = f.unwrap();
        assert_eq!(f.property("n"), Some(&json!(i)));
        let x = if i % 3 != 0 {
            json!(i as f64 / 2.0)
        } else {
            Value::Null
        };
        assert_eq!(f.property("x"), Some(&x));
        assert_eq!(f.property("odd"), Some(&json!(i % 2 == 1)));
        assert_eq!(f.property("label"), Some(&json!(format!("r{i}"))));
        assert_eq!(f.property("tags"), Some(&json!({"i": i, "list": [i]})));
        count += 1;
    }
    assert_eq!(count, n);
}

#[test]
fn geopandas_network_reads_like_its_geojson_twin() {
    let pq = [
        fixture("geopandas_hubs.parquet"),
        fixture("geopandas_segments.parquet"),
    ];
    let gj = [
        fixture("geopandas_hubs.geojson"),
        fixture("geopandas_segments.geojson"),
    ];
    let (from_pq, _) = corridors::io::load_network(&pq, 1.0).unwrap();
    // a null cell is an absent property (a table has every column in every row); the
    // GeoJSON twin writes NaN as a null property
    let (from_gj, _) = corridors::io::load_network(&gj, 1.0).unwrap();
    let from_gj = without_nulls(&from_gj);
    assert_eq!(from_pq.hub_count(), 4);
    assert_eq!(from_pq.segment_count(), 3);
    assert_same_network(&from_pq, &from_gj);
    // the pandas index column is not a property; NaN is null, as in GeoPandas' GeoJSON
    let tap = from_pq.hub(from_pq.hub_index("tapachula").unwrap());
    assert!(!tap.properties.contains_key("__index_level_0__"));
    assert_eq!(tap.properties["population"], json!(353706));
    assert_eq!(tap.properties["shelter"], json!(true));
    let arr = from_pq.hub(from_pq.hub_index("arriaga").unwrap());
    assert!(!arr.properties.contains_key("score"));
    // the joined MultiLineString is one segment
    let s3 = from_pq.segment(from_pq.segment_index("s3").unwrap());
    assert_eq!(s3.geometry.0.len(), 3);
    assert!(s3.oneway);
    // zstd pages read too
    let zstd = fixture("geopandas_segments_zstd.parquet");
    let (z, _) = corridors::io::load_network(&[pq[0].clone(), zstd], 1.0).unwrap();
    assert_same_network(&z, &from_pq);
}

#[test]
fn geopandas_cases_read_like_geojson_cases() {
    let r = corridors::io::read_cases(fixture("geopandas_cases.parquet"), &ReadOptions::default())
        .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.rows, 3);
    let ids: Vec<_> = r.records.iter().map(|c| c.id.clone().unwrap()).collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    assert_eq!(r.records[0].count, Some(2));
    assert!(r.records[0].date.is_some());
    assert!(r.records[2].date.is_none());
    assert_eq!(r.records[0].route.as_deref(), Some("pacific"));
    // Z dropped; timestamps as text (the date alone at midnight)
    assert_eq!(
        r.records[2].location,
        corridors::geo::Point::new(-95.1, 16.56)
    );
    assert_eq!(r.records[0].properties["seen"], "2024-03-01");
    assert_eq!(r.records[1].properties["seen"], "2024-03-15T12:30:00");
}

#[test]
fn layers_keep_their_members_and_json_properties() {
    let net = crate::support::mexico();
    let mut fc = corridors::map::network_layer(&net);
    fc.features[0].set_property("nested", json!({"a": [1, 2]}));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("layer.parquet");
    geoparquet::write_feature_collection(&path, &fc).unwrap();
    let back = geoparquet::read_feature_collection(&path).unwrap();
    assert_eq!(back.foreign_members, fc.foreign_members);
    assert_eq!(back.features.len(), fc.features.len());
    assert_eq!(
        back.features[0].property("nested"),
        Some(&json!({"a": [1, 2]}))
    );
    for (a, b) in fc.features.iter().zip(&back.features) {
        assert_eq!(a.geometry, b.geometry);
        for (k, v) in a.properties.iter().flatten() {
            let w = b.property(k).unwrap();
            let same = v == w || (v.is_number() && v.as_f64() == w.as_f64());
            assert!(same, "{k}: {v} != {w}");
        }
    }
    // the `geo` metadata a GeoParquet reader needs
    let file = std::fs::File::open(&path).unwrap();
    let reader = parquet::file::reader::SerializedFileReader::new(file).unwrap();
    use parquet::file::reader::FileReader;
    let kv = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap();
    let geo: Value = serde_json::from_str(
        kv.iter()
            .find(|k| k.key == "geo")
            .unwrap()
            .value
            .as_ref()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(geo["primary_column"], "geometry");
    assert_eq!(geo["columns"]["geometry"]["encoding"], "WKB");
    assert_eq!(
        geo["columns"]["geometry"]["geometry_types"],
        json!(["LineString", "Point"])
    );
    let bbox = geo["columns"]["geometry"]["bbox"].as_array().unwrap();
    assert!(bbox[0].as_f64().unwrap() < -110.0 && bbox[3].as_f64().unwrap() > 30.0);
    assert!(geo["columns"]["geometry"].get("crs").is_none());
}

#[test]
fn writer_refuses_what_it_would_lose() {
    let mut w = GeoParquetWriter::new(
        "mem",
        Vec::new(),
        vec![Column::new("n", ColumnType::Int)],
        WriteOptions::default(),
    )
    .unwrap();
    let mut f = geojson::Feature::from(geojson::Geometry::new_point([1.0, 2.0]));
    f.set_property("other", 1);
    let e = w.push(&f).unwrap_err();
    assert!(e.to_string().contains("\"other\" has no column"), "{e}");
    let mut f = geojson::Feature::from(geojson::Geometry::new_point([1.0, 2.0]));
    f.set_property("n", 1.5);
    let Error::Invalid(d) = w.push(&f).unwrap_err() else {
        panic!("a typed error")
    };
    assert_eq!(d[0].location.field.as_deref(), Some("n"));
    assert_eq!(d[0].location.feature, Some(0));
    f.id = Some(geojson::feature::Id::String("x".into()));
    f.set_property("n", 1);
    assert!(w.push(&f).unwrap_err().to_string().contains("feature id"));
    assert_eq!(w.rows(), 0);
    assert!(
        GeoParquetWriter::new(
            "mem",
            Vec::new(),
            vec![Column::new("geometry", ColumnType::Int)],
            WriteOptions::default()
        )
        .is_err()
    );
}

/// The one diagnostic of a failed network read, after building.
fn network_error(path: &Path) -> corridors::Diagnostic {
    let b = geoparquet::read_network(path).unwrap();
    let e = b.build().unwrap_err();
    e.diagnostics()
        .iter()
        .find(|d| d.severity == corridors::Severity::Error)
        .unwrap()
        .clone()
}

#[test]
fn truncated_and_non_parquet_files_are_errors_naming_the_file() {
    let net = crate::support::mexico();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.parquet");
    geoparquet::write_network(&path, &net).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    for cut in [0, 4, bytes.len() / 3, bytes.len() - 9, bytes.len() - 1] {
        let p = dir.path().join(format!("cut{cut}.parquet"));
        std::fs::write(&p, &bytes[..cut]).unwrap();
        let d = network_error(&p);
        assert_eq!(d.kind, ProblemKind::InvalidParquet, "{d}");
        assert_eq!(d.location.file.as_deref(), Some(p.to_str().unwrap()));
        assert!(geoparquet::read_feature_collection(&p).is_err());
        assert!(corridors::io::read_cases(&p, &ReadOptions::default()).is_err());
    }
    // pages corrupted in the middle: an error, no panic
    let mut bad = bytes.clone();
    for b in &mut bad[100..bytes.len() / 2] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    let p = dir.path().join("garbled.parquet");
    std::fs::write(&p, &bad).unwrap();
    let r = GeoParquetReader::open(&p).unwrap();
    assert!(r.into_iter().any(|f| f.is_err()));
    // a missing file is an I/O error
    assert!(matches!(
        geoparquet::read_network("no/such.parquet"),
        Err(Error::Io { .. })
    ));
}

#[test]
fn non_wgs84_crs_is_refused() {
    let p = fixture("geopandas_hubs_utm.parquet");
    let e = GeoParquetReader::open(&p).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("EPSG:32615"), "{msg}");
    assert!(msg.contains("reproject"), "{msg}");
    assert!(msg.contains("geopandas_hubs_utm.parquet"), "{msg}");
    let d = network_error(Path::new(&p));
    assert_eq!(d.kind, ProblemKind::InvalidParquet);
}

#[test]
fn wrong_geometry_types_are_row_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("poly.parquet");
    let mut hub = geojson::Feature::from(geojson::Geometry::new_point([-92.0, 15.0]));
    hub.set_property("id", "a");
    let mut poly = geojson::Feature::from(geojson::Geometry::new_polygon([vec![
        [-92.0, 15.0],
        [-92.5, 15.0],
        [-92.5, 15.5],
        [-92.0, 15.0],
    ]]));
    poly.set_property("id", "p");
    let fc = geojson::FeatureCollection::from_iter([hub, poly]);
    geoparquet::write_feature_collection(&path, &fc).unwrap();
    let d = network_error(&path);
    assert_eq!(d.kind, ProblemKind::UnsupportedGeometry);
    assert_eq!(d.location.feature, Some(1));
    assert!(d.message.contains("Polygon"), "{d}");
    // as cases: the polygon row is rejected, the point kept
    let r = corridors::io::read_cases(&path, &ReadOptions::default()).unwrap();
    assert_eq!((r.records.len(), r.errors.len()), (1, 1));
    assert_eq!(r.errors[0].location.feature, Some(1));
}

/// A Parquet file written with the parquet crate directly: `schema` in the message type
/// syntax, one row group of byte-array / int64 columns, and key-value metadata.
fn raw_file(path: &Path, schema: &str, columns: &[Vec<Option<Vec<u8>>>], kv: &[(&str, &str)]) {
    use parquet::data_type::ByteArray;
    use parquet::file::metadata::KeyValue;
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).unwrap());
    let props = WriterProperties::builder()
        .set_key_value_metadata(Some(
            kv.iter()
                .map(|(k, v)| KeyValue::new(k.to_string(), v.to_string()))
                .collect(),
        ))
        .build();
    let file = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(file, schema, Arc::new(props)).unwrap();
    let mut rg = w.next_row_group().unwrap();
    let mut i = 0;
    while let Some(mut col) = rg.next_column().unwrap() {
        let cells = &columns[i];
        let defs: Vec<i16> = cells.iter().map(|c| i16::from(c.is_some())).collect();
        let values: Vec<ByteArray> = cells.iter().flatten().map(|b| b.clone().into()).collect();
        if let parquet::column::writer::ColumnWriter::ByteArrayColumnWriter(cw) = col.untyped() {
            cw.write_batch(&values, Some(&defs), None).unwrap();
        }
        col.close().unwrap();
        i += 1;
    }
    rg.close().unwrap();
    w.close().unwrap();
}

fn wkb_point(x: f64, y: f64) -> Vec<u8> {
    let mut b = vec![1u8];
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&x.to_le_bytes());
    b.extend_from_slice(&y.to_le_bytes());
    b
}

const GEO: &str = r#"{"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{"encoding":"WKB","geometry_types":["Point"]}}}"#;
const SCHEMA: &str = "message schema { optional binary id (STRING); optional binary geometry; }";

/// A defective file: name, schema, key-value metadata, what the error says.
type Defect<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

#[test]
fn missing_geometry_column_or_metadata_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let id = vec![Some(b"a".to_vec())];
    let geom = vec![Some(wkb_point(-92.0, 15.0))];
    // a good file first: the test files are right but for the one defect
    let good = dir.path().join("good.parquet");
    raw_file(&good, SCHEMA, &[id.clone(), geom.clone()], &[("geo", GEO)]);
    let (net, _) = geoparquet::read_network(&good).unwrap().build().unwrap();
    assert_eq!(net.hub_count(), 1);
    let cases: [Defect; 4] = [
        ("nogeo", SCHEMA, &[], "no `geo` metadata"),
        (
            "nocolumn",
            "message schema { optional binary id (STRING); optional binary geom; }",
            &[("geo", GEO)],
            "geometry column \"geometry\" named in the `geo` metadata is missing",
        ),
        (
            "wkt",
            SCHEMA,
            &[("geo", &GEO.replace("WKB", "WKT"))],
            "only WKB is read",
        ),
        ("badjson", SCHEMA, &[("geo", "{")], "not JSON"),
    ];
    for (name, schema, kv, says) in cases {
        let p = dir.path().join(format!("{name}.parquet"));
        raw_file(&p, schema, &[id.clone(), geom.clone()], kv);
        let d = network_error(&p);
        assert_eq!(d.kind, ProblemKind::InvalidParquet);
        assert!(d.message.contains(says), "{name}: {d}");
        assert!(d.to_string().contains(&format!("{name}.parquet")), "{d}");
    }
}

#[test]
fn bad_cells_are_errors_naming_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cells.parquet");
    let ids = vec![
        Some(b"a".to_vec()),
        Some(vec![0xff, 0xfe]),
        Some(b"c".to_vec()),
        Some(b"d".to_vec()),
    ];
    let geoms = vec![
        Some(wkb_point(-92.0, 15.0)),
        Some(wkb_point(-92.1, 15.0)),
        Some(vec![1, 1, 0, 0]),
        None,
    ];
    raw_file(&p, SCHEMA, &[ids, geoms], &[("geo", GEO)]);
    let results: Vec<_> = GeoParquetReader::open(&p).unwrap().collect();
    assert_eq!(results.len(), 4);
    assert!(results[0].is_ok() && results[3].is_ok());
    let Err(Error::Invalid(d)) = &results[1] else {
        panic!("row 1 is an error")
    };
    assert_eq!(d[0].location.feature, Some(1));
    assert_eq!(d[0].location.field.as_deref(), Some("id"));
    assert!(d[0].message.contains("UTF-8"), "{}", d[0]);
    let Err(Error::Invalid(d)) = &results[2] else {
        panic!("row 2 is an error")
    };
    assert_eq!(d[0].location.feature, Some(2));
    assert_eq!(d[0].location.field.as_deref(), Some("geometry"));
    assert!(d[0].message.contains("WKB"), "{}", d[0]);
    // the network reader lists all three problems (row 3 has no geometry)
    let e = geoparquet::read_network(&p).unwrap().build().unwrap_err();
    let rows: Vec<_> = e
        .diagnostics()
        .iter()
        .filter(|d| d.severity == corridors::Severity::Error)
        .map(|d| d.location.feature)
        .collect();
    assert_eq!(rows, [Some(1), Some(2), Some(3)]);
}
