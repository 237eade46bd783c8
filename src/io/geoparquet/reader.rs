//! The GeoParquet reader: row groups read in batches of rows, each row made a GeoJSON
//! Feature, and the network and case readers on top.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use geojson::{Feature, FeatureCollection, JsonObject};
use parquet::basic::{Compression, LogicalType, TimeUnit, Type as PhysicalType};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, DataType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::Value;

use super::{CORRIDORS_KEY, wkb};
use crate::cases::CaseRecord;
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::io::geojson::NetworkReadOptions;
use crate::io::{ReadOptions, ReadReport, open, read_all};
use crate::network::NetworkBuilder;

/// Rows decoded at a time (per column) before they are handed out as features.
const BATCH: usize = 4096;

/// How the values of one column become JSON.
#[derive(Clone, Copy, Debug)]
enum Conv {
    Bool,
    I32,
    U32,
    Date,
    Decimal32(i32),
    I64,
    U64,
    /// units per second, and whether the values are UTC (else local, no zone)
    Timestamp(i64, bool),
    Decimal64(i32),
    F32,
    F64,
    Text,
    Json,
    /// the geometry column (WKB)
    Wkb,
}

/// One column read: its index among the file's leaf columns, name and conversion.
struct Col {
    leaf: usize,
    name: String,
    conv: Conv,
    max_def: i16,
}

/// The values of one column for the current batch of rows.
enum Cells {
    Bool(Vec<bool>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bytes(Vec<ByteArray>),
}

struct Batch {
    cells: Cells,
    defs: Vec<i16>,
    /// position in `cells` of the next non-null value
    next: usize,
}

/// Reads a GeoParquet file feature by feature: an iterator of GeoJSON [`Feature`]s, one
/// per row, with the geometry decoded from WKB and the other columns as properties (see
/// [the module](super) for the types read). Rows are decoded a few thousand at a time, row
/// group by row group, so the whole file's rows are never held.
///
/// A row that cannot be made a feature (bad WKB, binary that is not text) is an `Err`
/// naming the file, row and column, and the iterator goes on; a file whose pages cannot be
/// decoded yields one `Err` and ends.
///
/// ```
/// use corridors::io::geoparquet::{GeoParquetReader, write_feature_collection};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("pts.parquet");
/// let mut f = geojson::Feature::from(geojson::Geometry::new_point([-92.0, 15.0]));
/// f.set_property("id", "a");
/// let fc = geojson::FeatureCollection { bbox: None, features: vec![f.clone()], foreign_members: None };
/// write_feature_collection(&path, &fc)?;
/// let r = GeoParquetReader::open(&path)?;
/// assert_eq!(r.rows(), 1);
/// let features: Vec<_> = r.collect::<Result<_, _>>()?;
/// assert_eq!(features, [f]);
/// # Ok::<(), corridors::Error>(())
/// ```
pub struct GeoParquetReader {
    label: String,
    file: Box<dyn FileReader>,
    cols: Vec<Col>,
    /// index in `cols` of the geometry column
    geometry: usize,
    members: Option<JsonObject>,
    rows: u64,
    /// next row group to open
    group: usize,
    readers: Vec<ColumnReader>,
    /// rows of the current row group not yet decoded
    group_left: usize,
    batches: Vec<Batch>,
    batch_left: usize,
    row: usize,
    done: bool,
}

impl std::fmt::Debug for GeoParquetReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeoParquetReader")
            .field("label", &self.label)
            .field("rows", &self.rows)
            .field("row", &self.row)
            .finish_non_exhaustive()
    }
}

/// A problem with the file as a whole.
fn file_error(label: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![Diagnostic::error(
        ProblemKind::InvalidParquet,
        SourceLocation::file(label),
        message,
    )])
}

fn row_error(label: &str, row: usize, column: &str, message: impl Into<String>) -> Error {
    Error::Invalid(vec![Diagnostic::error(
        ProblemKind::InvalidParquet,
        SourceLocation::feature(label, row).with_field(column),
        message,
    )])
}

/// The CRS names and codes read as WGS84 longitude/latitude.
fn is_wgs84(crs: &Value) -> bool {
    let code_ok = |authority: &str, code: &str| {
        matches!(
            (
                authority.to_ascii_uppercase().as_str(),
                code.to_ascii_uppercase().as_str()
            ),
            ("EPSG", "4326") | ("OGC", "CRS84") | ("OGC", "CRS84H") | ("EPSG", "4979")
        )
    };
    match crs {
        Value::String(s) => s
            .split_once(':')
            .is_some_and(|(a, c)| code_ok(a.trim(), c.trim())),
        Value::Object(o) => {
            let id = o.get("id");
            let authority = id.and_then(|i| i.get("authority")).and_then(Value::as_str);
            let code = id.and_then(|i| i.get("code")).map(|c| match c {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            match (authority, code) {
                (Some(a), Some(c)) => code_ok(a, &c),
                _ => false,
            }
        }
        _ => false,
    }
}

fn crs_name(crs: &Value) -> String {
    match crs {
        Value::String(s) => s.clone(),
        Value::Object(o) => {
            let name = o.get("name").and_then(Value::as_str).unwrap_or("unnamed");
            match o.get("id") {
                Some(id) => format!(
                    "{name} ({}:{})",
                    id.get("authority").and_then(Value::as_str).unwrap_or("?"),
                    id.get("code").map_or("?".to_string(), |c| match c {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                ),
                None => name.to_string(),
            }
        }
        other => other.to_string(),
    }
}

impl GeoParquetReader {
    /// Opens a GeoParquet file and checks its `geo` metadata.
    ///
    /// ```
    /// let e = corridors::io::geoparquet::GeoParquetReader::open("no/such/file.parquet").unwrap_err();
    /// assert!(matches!(e, corridors::Error::Io { .. }));
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] naming the path when it cannot be opened; [`Error::Invalid`] (a
    /// [`ProblemKind::InvalidParquet`] diagnostic naming the file) when it is not Parquet
    /// (or truncated), has no `geo` metadata or no geometry column, a geometry encoding
    /// other than WKB, a CRS other than WGS84 longitude/latitude, a compression codec this
    /// build does not read, or a column type it does not convert.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let (label, file) = open(path.as_ref())?;
        let reader = SerializedFileReader::new(file)
            .map_err(|e| file_error(&label, format!("not a readable Parquet file: {e}")))?;
        Self::with(label, Box::new(reader))
    }

    /// Reads a GeoParquet file from any reader (it is read into memory first); `label`
    /// names it in diagnostics.
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetReader, GeoParquetWriter, WriteOptions};
    /// let mut w = GeoParquetWriter::new("mem", Vec::new(), vec![], WriteOptions::default())?;
    /// w.push(&geojson::Feature::from(geojson::Geometry::new_point([1.0, 2.0])))?;
    /// let bytes = w.into_inner()?;
    /// let r = GeoParquetReader::from_reader("mem.parquet", bytes.as_slice())?;
    /// assert_eq!(r.count(), 1);
    /// let e = GeoParquetReader::from_reader("bad.parquet", &bytes[..bytes.len() / 2]).unwrap_err();
    /// assert!(e.to_string().contains("bad.parquet"), "{e}");
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`open`](Self::open); [`Error::Io`] naming `label` when the reader fails.
    pub fn from_reader(label: &str, reader: impl Read) -> Result<Self> {
        let bytes = read_all(label, reader)?;
        let reader = SerializedFileReader::new(bytes::Bytes::from(bytes))
            .map_err(|e| file_error(label, format!("not a readable Parquet file: {e}")))?;
        Self::with(label.to_string(), Box::new(reader))
    }

    fn with(label: String, file: Box<dyn FileReader>) -> Result<Self> {
        let meta = file.metadata();
        let fmeta = meta.file_metadata();
        let kv = |key: &str| {
            fmeta
                .key_value_metadata()
                .and_then(|kv| kv.iter().find(|k| k.key == key))
                .and_then(|k| k.value.clone())
        };
        let geo = kv("geo").ok_or_else(|| {
            file_error(
                &label,
                "no `geo` metadata: not a GeoParquet file (write it with GeoPandas `to_parquet`, or add the GeoParquet metadata)",
            )
        })?;
        let geo: Value = serde_json::from_str(&geo)
            .map_err(|e| file_error(&label, format!("the `geo` metadata is not JSON: {e}")))?;
        let primary = geo
            .get("primary_column")
            .and_then(Value::as_str)
            .ok_or_else(|| file_error(&label, "the `geo` metadata has no `primary_column`"))?
            .to_string();
        let gcol = geo
            .get("columns")
            .and_then(|c| c.get(&primary))
            .ok_or_else(|| {
                file_error(
                    &label,
                    format!("the `geo` metadata does not describe column {primary:?}"),
                )
            })?;
        let encoding = gcol.get("encoding").and_then(Value::as_str).unwrap_or("");
        if !encoding.eq_ignore_ascii_case("WKB") {
            return Err(file_error(
                &label,
                format!(
                    "geometry column {primary:?} has encoding {encoding:?}; only WKB is read (GeoPandas: to_parquet(..., geometry_encoding=\"WKB\"))"
                ),
            ));
        }
        match gcol.get("crs") {
            // absent: OGC:CRS84 by the specification; null: unknown, taken as lon/lat
            None | Some(Value::Null) => {}
            Some(crs) if is_wgs84(crs) => {}
            Some(crs) => {
                return Err(file_error(
                    &label,
                    format!(
                        "geometry column {primary:?} has CRS {}; corridors reads WGS84 longitude/latitude only (OGC:CRS84 or EPSG:4326): reproject first, e.g. GeoPandas gdf.to_crs(4326)",
                        crs_name(crs)
                    ),
                ));
            }
        }
        // the bounding-box covering column of GeoParquet 1.1 (a struct) is skipped
        let covering = gcol
            .get("covering")
            .and_then(|c| c.get("bbox"))
            .and_then(|b| b.get("xmin"))
            .and_then(|x| x.get(0))
            .and_then(Value::as_str)
            .map(str::to_string);
        let corridors: Option<Value> =
            kv(CORRIDORS_KEY).and_then(|s| serde_json::from_str(&s).ok());
        let members = corridors
            .as_ref()
            .and_then(|c| c.get("foreign_members"))
            .and_then(Value::as_object)
            .cloned();
        let json_columns: BTreeSet<String> = corridors
            .as_ref()
            .and_then(|c| c.get("json_columns"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();

        for rg in meta.row_groups() {
            for c in rg.columns() {
                match c.compression() {
                    Compression::UNCOMPRESSED
                    | Compression::SNAPPY
                    | Compression::GZIP(_)
                    | Compression::ZSTD(_) => {}
                    other => {
                        return Err(file_error(
                            &label,
                            format!(
                                "column {} is compressed with {other}, which this build does not read (snappy, gzip, zstd or none; GeoPandas: to_parquet(..., compression=\"snappy\"))",
                                c.column_path()
                            ),
                        ));
                    }
                }
            }
        }

        let schema = fmeta.schema_descr();
        let mut cols = Vec::new();
        let mut geometry = None;
        for (leaf, d) in schema.columns().iter().enumerate() {
            let parts = d.path().parts();
            let top = parts[0].as_str();
            if top.starts_with("__index_level_") || covering.as_deref() == Some(top) {
                continue;
            }
            if parts.len() > 1 || d.max_rep_level() > 0 {
                return Err(file_error(
                    &label,
                    format!(
                        "column {} is nested (a list, map or struct), which this reader does not read",
                        d.path()
                    ),
                ));
            }
            let physical = d.physical_type();
            let logical = d.logical_type_ref();
            let unsupported = || {
                file_error(
                    &label,
                    format!(
                        "column {top:?} has type {physical}{}, which this reader does not read",
                        logical.map_or(String::new(), |l| format!(" ({l:?})"))
                    ),
                )
            };
            let conv = if top == primary {
                if physical != PhysicalType::BYTE_ARRAY {
                    return Err(file_error(
                        &label,
                        format!("geometry column {primary:?} is {physical}, not WKB bytes"),
                    ));
                }
                geometry = Some(cols.len());
                Conv::Wkb
            } else {
                match (physical, logical) {
                    (PhysicalType::BOOLEAN, _) => Conv::Bool,
                    (PhysicalType::INT32, Some(LogicalType::Date)) => Conv::Date,
                    (PhysicalType::INT32, Some(LogicalType::Decimal(d))) => {
                        Conv::Decimal32(d.scale)
                    }
                    (PhysicalType::INT32, Some(LogicalType::Integer(t))) if !t.is_signed => {
                        Conv::U32
                    }
                    (PhysicalType::INT32, _) => Conv::I32,
                    (PhysicalType::INT64, Some(LogicalType::Timestamp(t))) => {
                        let per_second = match t.unit {
                            TimeUnit::MILLIS => 1_000,
                            TimeUnit::MICROS => 1_000_000,
                            TimeUnit::NANOS => 1_000_000_000,
                        };
                        Conv::Timestamp(per_second, t.is_adjusted_to_u_t_c)
                    }
                    (PhysicalType::INT64, Some(LogicalType::Decimal(d))) => {
                        Conv::Decimal64(d.scale)
                    }
                    (PhysicalType::INT64, Some(LogicalType::Integer(t))) if !t.is_signed => {
                        Conv::U64
                    }
                    (PhysicalType::INT64, _) => Conv::I64,
                    (PhysicalType::FLOAT, _) => Conv::F32,
                    (PhysicalType::DOUBLE, _) => Conv::F64,
                    (PhysicalType::BYTE_ARRAY, Some(LogicalType::Json)) => Conv::Json,
                    (PhysicalType::BYTE_ARRAY, Some(LogicalType::Decimal(_))) => {
                        return Err(unsupported());
                    }
                    (PhysicalType::BYTE_ARRAY, _) if json_columns.contains(top) => Conv::Json,
                    (PhysicalType::BYTE_ARRAY, _) => Conv::Text,
                    _ => return Err(unsupported()),
                }
            };
            cols.push(Col {
                leaf,
                name: top.to_string(),
                conv,
                max_def: d.max_def_level(),
            });
        }
        let geometry = geometry.ok_or_else(|| {
            file_error(
                &label,
                format!("the geometry column {primary:?} named in the `geo` metadata is missing"),
            )
        })?;
        let rows = u64::try_from(fmeta.num_rows()).unwrap_or(0);
        Ok(GeoParquetReader {
            label,
            file,
            cols,
            geometry,
            members,
            rows,
            group: 0,
            readers: Vec::new(),
            group_left: 0,
            batches: Vec::new(),
            batch_left: 0,
            row: 0,
            done: false,
        })
    }

    /// The number of rows (features) of the file.
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetReader, GeoParquetWriter, WriteOptions};
    /// let w = GeoParquetWriter::new("mem", Vec::new(), vec![], WriteOptions::default())?;
    /// let r = GeoParquetReader::from_reader("mem", w.into_inner()?.as_slice())?;
    /// assert_eq!(r.rows(), 0);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The FeatureCollection foreign members a corridors writer stored (see
    /// [`GeoParquetWriter::set_foreign_members`](super::GeoParquetWriter::set_foreign_members)).
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetReader, GeoParquetWriter, WriteOptions};
    /// let w = GeoParquetWriter::new("mem", Vec::new(), vec![], WriteOptions::default())?;
    /// let r = GeoParquetReader::from_reader("mem", w.into_inner()?.as_slice())?;
    /// assert!(r.foreign_members().is_none());
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn foreign_members(&self) -> Option<&JsonObject> {
        self.members.as_ref()
    }

    /// The property columns read, in file order (the geometry, pandas index and bounding
    /// box covering columns left out).
    ///
    /// ```
    /// use corridors::io::geoparquet::{Column, ColumnType, GeoParquetReader, GeoParquetWriter, WriteOptions};
    /// let w = GeoParquetWriter::new("mem", Vec::new(), vec![Column::new("id", ColumnType::String)], WriteOptions::default())?;
    /// let r = GeoParquetReader::from_reader("mem", w.into_inner()?.as_slice())?;
    /// assert_eq!(r.columns().collect::<Vec<_>>(), ["id"]);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.cols
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.geometry)
            .map(|(_, c)| c.name.as_str())
    }

    /// Opens the next row group with rows; `false` at the end of the file.
    fn next_group(&mut self) -> Result<bool> {
        while self.group < self.file.num_row_groups() {
            let g = self.group;
            self.group += 1;
            let rg = self
                .file
                .get_row_group(g)
                .map_err(|e| file_error(&self.label, format!("row group {g}: {e}")))?;
            let n = usize::try_from(rg.metadata().num_rows()).unwrap_or(0);
            if n == 0 {
                continue;
            }
            let mut readers = Vec::with_capacity(self.cols.len());
            for c in &self.cols {
                readers.push(rg.get_column_reader(c.leaf).map_err(|e| {
                    file_error(
                        &self.label,
                        format!("row group {g}, column {}: {e}", c.name),
                    )
                })?);
            }
            self.readers = readers;
            self.group_left = n;
            return Ok(true);
        }
        Ok(false)
    }

    /// Decodes the next batch of rows of every column.
    fn next_batch(&mut self) -> Result<bool> {
        if self.group_left == 0 && !self.next_group()? {
            return Ok(false);
        }
        let want = self.group_left.min(BATCH);
        let mut batches = Vec::with_capacity(self.cols.len());
        for (c, r) in self.cols.iter().zip(&mut self.readers) {
            let mut defs = Vec::new();
            let d = (c.max_def > 0).then_some(&mut defs);
            let (got, cells) = match r {
                ColumnReader::BoolColumnReader(r) => {
                    read(r, want, d).map(|(n, v)| (n, Cells::Bool(v)))
                }
                ColumnReader::Int32ColumnReader(r) => {
                    read(r, want, d).map(|(n, v)| (n, Cells::I32(v)))
                }
                ColumnReader::Int64ColumnReader(r) => {
                    read(r, want, d).map(|(n, v)| (n, Cells::I64(v)))
                }
                ColumnReader::FloatColumnReader(r) => {
                    read(r, want, d).map(|(n, v)| (n, Cells::F32(v)))
                }
                ColumnReader::DoubleColumnReader(r) => {
                    read(r, want, d).map(|(n, v)| (n, Cells::F64(v)))
                }
                ColumnReader::ByteArrayColumnReader(r) => {
                    read(r, want, d).map(|(n, v)| (n, Cells::Bytes(v)))
                }
                // invariant: opening refuses the other physical types; kept as an error,
                // not a panic, since the file is user input
                _ => Err(parquet::errors::ParquetError::General(
                    "a physical type this reader does not read".into(),
                )),
            }
            .map_err(|e| {
                row_error(
                    &self.label,
                    self.row,
                    &c.name,
                    format!("cannot decode column {}: {e}", c.name),
                )
            })?;
            if got != want {
                return Err(row_error(
                    &self.label,
                    self.row + got,
                    &c.name,
                    format!(
                        "column {} ends after {got} of {want} rows (truncated or corrupt file)",
                        c.name
                    ),
                ));
            }
            if c.max_def == 0 {
                defs = vec![1; got];
            }
            let values = match &cells {
                Cells::Bool(v) => v.len(),
                Cells::I32(v) => v.len(),
                Cells::I64(v) => v.len(),
                Cells::F32(v) => v.len(),
                Cells::F64(v) => v.len(),
                Cells::Bytes(v) => v.len(),
            };
            let present = defs.iter().filter(|&&l| l == c.max_def.max(1)).count();
            if defs.len() != got || present != values {
                return Err(row_error(
                    &self.label,
                    self.row,
                    &c.name,
                    format!("column {} has inconsistent levels (corrupt file)", c.name),
                ));
            }
            batches.push(Batch {
                cells,
                defs,
                next: 0,
            });
        }
        self.group_left -= want;
        self.batches = batches;
        self.batch_left = want;
        Ok(true)
    }

    /// The next row of the batch as a feature.
    fn take_row(&mut self) -> Result<Feature> {
        let row = self.row;
        self.row += 1;
        self.batch_left -= 1;
        let at = self.batches[0].defs.len() - self.batch_left - 1;
        let mut properties = JsonObject::new();
        let mut geometry = None;
        let mut problem = None;
        for (i, (c, b)) in self.cols.iter().zip(&mut self.batches).enumerate() {
            let present = b.defs[at] == c.max_def.max(1);
            if !present {
                if i != self.geometry {
                    properties.insert(c.name.clone(), Value::Null);
                }
                continue;
            }
            let k = b.next;
            b.next += 1;
            if problem.is_some() {
                continue;
            }
            if i == self.geometry {
                if let Cells::Bytes(v) = &b.cells {
                    match wkb::decode(v[k].data()) {
                        Ok(g) => geometry = g,
                        Err(m) => {
                            problem = Some((c.name.clone(), format!("invalid geometry: {m}")));
                        }
                    }
                }
                continue;
            }
            match value(c.conv, &b.cells, k) {
                Ok(v) => {
                    properties.insert(c.name.clone(), v);
                }
                Err(m) => problem = Some((c.name.clone(), m)),
            }
        }
        if let Some((column, m)) = problem {
            return Err(row_error(&self.label, row, &column, m));
        }
        Ok(Feature {
            bbox: None,
            geometry,
            id: None,
            properties: Some(properties),
            foreign_members: None,
        })
    }
}

fn read<T: DataType>(
    r: &mut ColumnReaderImpl<T>,
    want: usize,
    defs: Option<&mut Vec<i16>>,
) -> parquet::errors::Result<(usize, Vec<T::T>)> {
    let mut values = Vec::new();
    let (records, _, _) = r.read_records(want, defs, None, &mut values)?;
    Ok((records, values))
}

/// The JSON value of cell `k`.
fn value(conv: Conv, cells: &Cells, k: usize) -> std::result::Result<Value, String> {
    let number = |x: f64| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number);
    Ok(match (conv, cells) {
        (Conv::Bool, Cells::Bool(v)) => Value::Bool(v[k]),
        (Conv::I32, Cells::I32(v)) => Value::from(v[k]),
        (Conv::U32, Cells::I32(v)) => Value::from(v[k] as u32),
        (Conv::Date, Cells::I32(v)) => Value::String(date(i64::from(v[k]))),
        (Conv::Decimal32(s), Cells::I32(v)) => number(f64::from(v[k]) / 10f64.powi(s)),
        (Conv::I64, Cells::I64(v)) => Value::from(v[k]),
        (Conv::U64, Cells::I64(v)) => Value::from(v[k] as u64),
        (Conv::Timestamp(per_second, utc), Cells::I64(v)) => {
            Value::String(timestamp(v[k], per_second, utc))
        }
        (Conv::Decimal64(s), Cells::I64(v)) => number(v[k] as f64 / 10f64.powi(s)),
        (Conv::F32, Cells::F32(v)) => number(f64::from(v[k])),
        (Conv::F64, Cells::F64(v)) => number(v[k]),
        (Conv::Text | Conv::Json, Cells::Bytes(v)) => {
            let text = std::str::from_utf8(v[k].data())
                .map_err(|e| format!("value is not UTF-8 text: {e}"))?;
            match conv {
                Conv::Json => {
                    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
                }
                _ => Value::String(text.to_string()),
            }
        }
        _ => return Err("value of an unexpected type".into()),
    })
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian).
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A timestamp as `YYYY-MM-DD` at midnight, else `YYYY-MM-DDTHH:MM:SS[.fraction]`, with `Z`
/// when the column is UTC.
fn timestamp(value: i64, per_second: i64, utc: bool) -> String {
    let secs = value.div_euclid(per_second);
    let frac = value.rem_euclid(per_second);
    let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let day = date(days);
    if sod == 0 && frac == 0 {
        return day;
    }
    let (h, m, s) = (sod / 3600, sod % 3600 / 60, sod % 60);
    let zone = if utc { "Z" } else { "" };
    if frac == 0 {
        format!("{day}T{h:02}:{m:02}:{s:02}{zone}")
    } else {
        let digits = per_second.ilog10() as usize;
        format!("{day}T{h:02}:{m:02}:{s:02}.{frac:0digits$}{zone}")
    }
}

impl Iterator for GeoParquetReader {
    type Item = Result<Feature>;

    fn next(&mut self) -> Option<Result<Feature>> {
        if self.done {
            return None;
        }
        if self.batch_left == 0 {
            match self.next_batch() {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        Some(self.take_row())
    }
}

/// Reads a whole GeoParquet file as a FeatureCollection, with the foreign members a
/// corridors writer stored. For small files (layers, case points); a large file is better
/// read with [`GeoParquetReader`].
///
/// ```
/// let fc = corridors::io::geoparquet::read_feature_collection("tests/fixtures/geoparquet/geopandas_hubs.parquet")?;
/// assert_eq!(fc.features.len(), 4);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`GeoParquetReader::open`]; the first row error.
pub fn read_feature_collection(path: impl AsRef<Path>) -> Result<FeatureCollection> {
    let r = GeoParquetReader::open(path)?;
    let foreign_members = r.foreign_members().cloned();
    let features = r.collect::<Result<Vec<_>>>()?;
    Ok(FeatureCollection {
        bbox: None,
        features,
        foreign_members,
    })
}

/// Reads the hubs and segments of a GeoParquet file into a new builder, by the rules of
/// the GeoJSON network reader ([`crate::io::geojson`]: Points are hubs, LineStrings and
/// MultiLineStrings segments, the same property names and messages), every free property
/// kept. Row groups are read a few thousand rows at a time.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("net.parquet");
/// let (net, _) = corridors::io::load_network(&["data/mexico"], 1.0)?;
/// corridors::io::geoparquet::write_network(&path, &net)?;
/// let (back, _) = corridors::io::geoparquet::read_network(&path)?.tolerance_m(1.0).build()?;
/// assert_eq!((back.hub_count(), back.segment_count()), (net.hub_count(), net.segment_count()));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming the path when the file cannot be opened. Problems in the content
/// (not GeoParquet, a bad row) are diagnostics in the builder, reported by
/// [`build`](NetworkBuilder::build).
pub fn read_network(path: impl AsRef<Path>) -> Result<NetworkBuilder> {
    read_network_with(path, &NetworkReadOptions::default())
}

/// [`read_network`] with options: which free properties to keep (those not kept are
/// dropped row by row, before the hub or segment is built).
///
/// ```
/// use corridors::io::geojson::{KeepProperties, NetworkReadOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("net.parquet");
/// let (net, _) = corridors::io::load_network(&["data/mexico"], 1.0)?;
/// corridors::io::geoparquet::write_network(&path, &net)?;
/// let opts = NetworkReadOptions::default().keep_properties(KeepProperties::None);
/// let (back, _) = corridors::io::geoparquet::read_network_with(&path, &opts)?.build()?;
/// assert!(back.hubs().all(|h| h.properties.is_empty()));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`read_network`].
pub fn read_network_with(
    path: impl AsRef<Path>,
    opts: &NetworkReadOptions,
) -> Result<NetworkBuilder> {
    let label = path.as_ref().display().to_string();
    let mut builder = NetworkBuilder::new();
    let reader = match GeoParquetReader::open(path) {
        Ok(r) => r,
        Err(Error::Invalid(diags)) => {
            for d in diags {
                builder.add_diagnostic(d);
            }
            return Ok(builder);
        }
        Err(e) => return Err(e),
    };
    network_into(&mut builder, &label, reader, opts);
    Ok(builder)
}

/// Feeds every row to the GeoJSON reader's per-feature logic.
fn network_into(
    builder: &mut NetworkBuilder,
    label: &str,
    reader: GeoParquetReader,
    opts: &NetworkReadOptions,
) {
    use crate::io::geojson::{SPECIAL, read_feature};
    let keep = &opts.properties;
    let label: std::sync::Arc<str> = label.into();
    for (i, f) in reader.enumerate() {
        let mut f = match f {
            Ok(f) => f,
            Err(Error::Invalid(diags)) => {
                for d in diags {
                    builder.add_diagnostic(d);
                }
                continue;
            }
            Err(e) => {
                builder.add_diagnostic(Diagnostic::error(
                    ProblemKind::InvalidParquet,
                    SourceLocation::feature(label.clone(), i),
                    e.to_string(),
                ));
                continue;
            }
        };
        // the properties the reader interprets for this geometry, as the GeoJSON reader
        let point = matches!(
            f.geometry.as_ref().map(|g| &g.value),
            Some(geojson::GeometryValue::Point { .. })
        );
        let interpreted = |k: &str| {
            k == "id"
                || if point {
                    matches!(k, "name" | "kind")
                } else {
                    SPECIAL.contains(&k) && !matches!(k, "name" | "kind")
                }
        };
        if let Some(p) = f.properties.as_mut() {
            // a null cell is an absent property: a table has every column in every row
            p.retain(|k, v| !v.is_null() && (interpreted(k) || keep.keeps(k)));
        }
        let value = match serde_json::to_value(&f) {
            Ok(v) => v,
            Err(e) => {
                builder.add_diagnostic(Diagnostic::error(
                    ProblemKind::InvalidParquet,
                    SourceLocation::feature(label.clone(), i),
                    e.to_string(),
                ));
                continue;
            }
        };
        if let Err(d) = read_feature(builder, &value, SourceLocation::feature(label.clone(), i)) {
            builder.add_diagnostic(*d);
        }
    }
}

/// Reads case points from a GeoParquet file of Points, by the rules of the GeoJSON case
/// reader ([`crate::io::geojson::read_cases`]): columns `id`, `date`, `count` (or
/// `victims`) and `route`; other columns kept unless they look like personal data; a row
/// that is not a Point, or whose coordinates are invalid, is reported (row, reason).
///
/// ```
/// use corridors::io::ReadOptions;
/// let r = corridors::io::geoparquet::read_cases(
///     "tests/fixtures/geoparquet/geopandas_cases.parquet", &ReadOptions::default())?;
/// assert_eq!(r.records.len(), 3);
/// assert_eq!(r.records[0].count, Some(2));
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened; [`Error::Invalid`] when it is not
/// GeoParquet (see [`GeoParquetReader::open`]) or (strict mode) any row error.
pub fn read_cases(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<ReadReport<CaseRecord>> {
    let label = path.as_ref().display().to_string();
    let reader = GeoParquetReader::open(path)?;
    let mut features = Vec::new();
    let mut rejected = Vec::new();
    for (i, f) in reader.enumerate() {
        match f {
            Ok(f) => {
                let mut f = f;
                if let Some(p) = f.properties.as_mut() {
                    p.retain(|_, v| !v.is_null());
                }
                features.push(serde_json::to_value(&f).unwrap_or(Value::Null));
            }
            Err(Error::Invalid(diags)) => {
                features.push(Value::Null);
                rejected.extend(diags.into_iter().map(|mut d| {
                    d.location.feature.get_or_insert(i);
                    d
                }));
            }
            Err(e) => return Err(e),
        }
    }
    crate::io::geojson::read_case_features(&label, &features, rejected, Vec::new(), opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(19_782), "2024-02-29");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(timestamp(1_709_164_800_000, 1_000, true), "2024-02-29");
        assert_eq!(
            timestamp(1_709_164_800_500, 1_000, true),
            "2024-02-29T00:00:00.500Z"
        );
        assert_eq!(
            timestamp(1_709_208_000_000_000_000, 1_000_000_000, false),
            "2024-02-29T12:00:00"
        );
    }

    #[test]
    fn crs_rules() {
        assert!(is_wgs84(&serde_json::json!("EPSG:4326")));
        assert!(is_wgs84(
            &serde_json::json!({"id": {"authority": "OGC", "code": "CRS84"}})
        ));
        assert!(is_wgs84(
            &serde_json::json!({"id": {"authority": "EPSG", "code": 4326}})
        ));
        assert!(!is_wgs84(
            &serde_json::json!({"name": "WGS 84 / UTM zone 15N", "id": {"authority": "EPSG", "code": 32615}})
        ));
        assert_eq!(
            crs_name(
                &serde_json::json!({"name": "WGS 84 / UTM zone 15N", "id": {"authority": "EPSG", "code": 32615}})
            ),
            "WGS 84 / UTM zone 15N (EPSG:32615)"
        );
    }
}
