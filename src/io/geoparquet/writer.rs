//! The streaming GeoParquet writer.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use geojson::{Feature, FeatureCollection, JsonObject};
use parquet::basic::{Compression, GzipLevel, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::ByteArray;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use serde_json::Value;

use super::{CORRIDORS_KEY, GEOMETRY_COLUMN, wkb};
use crate::error::{Diagnostic, Error, ProblemKind, Result, SourceLocation};
use crate::network::Network;

/// The type of a property column.
///
/// ```
/// use corridors::io::geoparquet::ColumnType;
/// assert_eq!(ColumnType::Int.to_string(), "integer");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// 64-bit signed integers (`INT64`).
    Int,
    /// 64-bit floats (`DOUBLE`); accepts every JSON number.
    Float,
    /// Booleans (`BOOLEAN`).
    Bool,
    /// UTF-8 text (`BYTE_ARRAY` `STRING`). Strings are written as they are; any other value
    /// (number, boolean, object, array) as its JSON text.
    String,
    /// JSON objects, arrays or any mixture of values, each written as its JSON text in a
    /// `STRING` column; the column is listed in the file's `corridors` metadata, so that the
    /// readers of this module parse the values back (other tools see the JSON text).
    Json,
}

impl std::fmt::Display for ColumnType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ColumnType::Int => "integer",
            ColumnType::Float => "float",
            ColumnType::Bool => "boolean",
            ColumnType::String => "string",
            ColumnType::Json => "JSON",
        })
    }
}

/// One property column of a GeoParquet file: its name and type. Every column is nullable (a
/// missing or `null` property is a null value).
///
/// ```
/// use corridors::io::geoparquet::{Column, ColumnType};
/// let c = Column::new("betweenness", ColumnType::Float);
/// assert_eq!((c.name.as_str(), c.ty), ("betweenness", ColumnType::Float));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column (property) name.
    pub name: String,
    /// Its type.
    pub ty: ColumnType,
}

impl Column {
    /// A column of the given name and type.
    pub fn new(name: impl Into<String>, ty: ColumnType) -> Self {
        Column {
            name: name.into(),
            ty,
        }
    }
}

/// The compression of the column chunks.
///
/// ```
/// use corridors::io::geoparquet::Codec;
/// assert_eq!(Codec::default(), Codec::Snappy);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Codec {
    /// Snappy (the default of pyarrow and GeoPandas).
    #[default]
    Snappy,
    /// Gzip, smaller and slower.
    Gzip,
    /// Zstandard.
    Zstd,
    /// No compression.
    None,
}

/// How [`GeoParquetWriter`] writes.
///
/// ```
/// use corridors::io::geoparquet::{Codec, WriteOptions};
/// let o = WriteOptions::default();
/// assert_eq!((o.row_group_size, o.codec), (65_536, Codec::Snappy));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// Rows buffered before a row group is written (at least 1; default 65 536). The
    /// writer holds at most this many rows in memory.
    pub row_group_size: usize,
    /// Compression (default snappy).
    pub codec: Codec,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            row_group_size: 65_536,
            codec: Codec::Snappy,
        }
    }
}

/// The buffered values of one column for the row group being filled.
enum Values {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
    Bytes(Vec<ByteArray>),
}

struct Buffer {
    values: Values,
    /// definition levels: 1 for a value, 0 for null
    defs: Vec<i16>,
}

impl Buffer {
    fn new(ty: Option<ColumnType>) -> Self {
        let values = match ty {
            Some(ColumnType::Int) => Values::Int(Vec::new()),
            Some(ColumnType::Float) => Values::Float(Vec::new()),
            Some(ColumnType::Bool) => Values::Bool(Vec::new()),
            _ => Values::Bytes(Vec::new()),
        };
        Buffer {
            values,
            defs: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.defs.clear();
        match &mut self.values {
            Values::Int(v) => v.clear(),
            Values::Float(v) => v.clear(),
            Values::Bool(v) => v.clear(),
            Values::Bytes(v) => v.clear(),
        }
    }
}

/// Writes GeoJSON features to a GeoParquet 1.1 file as they come: one `geometry` column of
/// WKB after the property columns given up front, a row group every
/// [`row_group_size`](WriteOptions::row_group_size) features, and the `geo` metadata
/// (geometry types, bounding box) in the footer at [`finish`](Self::finish). Only one row
/// group is held in memory.
///
/// A property that has no column, or a value that does not fit its column, is an error
/// naming the feature and the property: nothing is dropped silently. The Feature's own
/// `id` goes to a column `id` when the feature has no `id` property.
///
/// ```
/// use corridors::io::geoparquet::{Column, ColumnType, GeoParquetWriter, WriteOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("hubs.parquet");
/// let columns = vec![Column::new("id", ColumnType::String), Column::new("score", ColumnType::Float)];
/// let mut w = GeoParquetWriter::create(&path, columns, WriteOptions::default())?;
/// for (id, x) in [("a", -92.0), ("b", -93.0)] {
///     let mut f = geojson::Feature::from(geojson::Geometry::new_point([x, 15.0]));
///     f.set_property("id", id);
///     f.set_property("score", 0.5);
///     w.push(&f)?;
/// }
/// assert_eq!(w.finish()?, 2);
/// let fc = corridors::io::geoparquet::read_feature_collection(&path)?;
/// assert_eq!(fc.features[1].property("id"), Some(&serde_json::json!("b")));
/// # Ok::<(), corridors::Error>(())
/// ```
pub struct GeoParquetWriter<W: Write + Send> {
    label: String,
    inner: SerializedFileWriter<W>,
    columns: Vec<Column>,
    /// one per column, then the geometry
    buffers: Vec<Buffer>,
    pending: usize,
    rows: u64,
    row_group_size: usize,
    bbox: Option<[f64; 4]>,
    types: BTreeSet<&'static str>,
    members: Option<JsonObject>,
    scratch: Vec<u8>,
}

impl GeoParquetWriter<BufWriter<File>> {
    /// Creates (or truncates) the file at `path`, creating its directory first.
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetWriter, WriteOptions};
    /// let dir = tempfile::tempdir().unwrap();
    /// let w = GeoParquetWriter::create(dir.path().join("new/empty.parquet"), vec![], WriteOptions::default())?;
    /// assert_eq!(w.finish()?, 0);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] naming the directory or file that cannot be created;
    /// [`Error::InvalidArgument`] for a bad schema (see [`GeoParquetWriter::new`]).
    pub fn create(
        path: impl AsRef<Path>,
        columns: Vec<Column>,
        opts: WriteOptions,
    ) -> Result<Self> {
        let path = path.as_ref();
        check_columns(&columns, opts)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        }
        let label = path.display().to_string();
        let file = File::create(path).map_err(|e| Error::io(&label, e))?;
        Self::new(&label, BufWriter::new(file), columns, opts)
    }
}

fn check_columns(columns: &[Column], opts: WriteOptions) -> Result<()> {
    if opts.row_group_size == 0 {
        return Err(Error::InvalidArgument {
            name: "row_group_size",
            reason: "must be at least 1".into(),
        });
    }
    for (i, c) in columns.iter().enumerate() {
        if c.name == GEOMETRY_COLUMN {
            return Err(Error::InvalidArgument {
                name: "columns",
                reason: format!("a property column cannot be named {GEOMETRY_COLUMN:?}"),
            });
        }
        if c.name.is_empty() || columns[..i].iter().any(|d| d.name == c.name) {
            return Err(Error::InvalidArgument {
                name: "columns",
                reason: format!("column name {:?} is empty or repeated", c.name),
            });
        }
    }
    Ok(())
}

fn parquet_error(label: &str, e: parquet::errors::ParquetError) -> Error {
    match e {
        parquet::errors::ParquetError::External(inner) => {
            match inner.downcast::<std::io::Error>() {
                Ok(io) => Error::io(label, *io),
                Err(other) => Error::Serialize(other),
            }
        }
        other => Error::Serialize(Box::new(other)),
    }
}

impl<W: Write + Send> GeoParquetWriter<W> {
    /// A writer into any [`Write`]; `label` names the output in errors.
    ///
    /// ```
    /// use corridors::io::geoparquet::{Column, ColumnType, GeoParquetWriter, WriteOptions};
    /// let mut w = GeoParquetWriter::new("mem", Vec::new(), vec![Column::new("n", ColumnType::Int)], WriteOptions::default())?;
    /// let mut f = geojson::Feature::from(geojson::Geometry::new_point([1.0, 2.0]));
    /// f.set_property("n", 7);
    /// w.push(&f)?;
    /// let bytes = w.into_inner()?;
    /// assert_eq!(&bytes[..4], b"PAR1");
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a column is named `geometry`, a name is empty or
    /// repeated, or the row group size is 0.
    pub fn new(label: &str, writer: W, columns: Vec<Column>, opts: WriteOptions) -> Result<Self> {
        check_columns(&columns, opts)?;
        let mut fields = Vec::with_capacity(columns.len() + 1);
        let build = |t: parquet::errors::Result<Type>| {
            t.map(Arc::new).map_err(|e| Error::Serialize(Box::new(e)))
        };
        for c in &columns {
            let (physical, logical) = match c.ty {
                ColumnType::Int => (PhysicalType::INT64, None),
                ColumnType::Float => (PhysicalType::DOUBLE, None),
                ColumnType::Bool => (PhysicalType::BOOLEAN, None),
                ColumnType::String | ColumnType::Json => {
                    (PhysicalType::BYTE_ARRAY, Some(LogicalType::String))
                }
            };
            fields.push(build(
                Type::primitive_type_builder(&c.name, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(logical)
                    .build(),
            )?);
        }
        fields.push(build(
            Type::primitive_type_builder(GEOMETRY_COLUMN, PhysicalType::BYTE_ARRAY)
                .with_repetition(Repetition::OPTIONAL)
                .build(),
        )?);
        let schema = build(
            Type::group_type_builder("schema")
                .with_fields(fields)
                .build(),
        )?;
        let compression = match opts.codec {
            Codec::Snappy => Compression::SNAPPY,
            Codec::Gzip => Compression::GZIP(GzipLevel::default()),
            Codec::Zstd => Compression::ZSTD(Default::default()),
            Codec::None => Compression::UNCOMPRESSED,
        };
        let props = WriterProperties::builder()
            .set_compression(compression)
            .set_max_row_group_row_count(Some(opts.row_group_size))
            .set_created_by(format!("corridors {}", env!("CARGO_PKG_VERSION")))
            .build();
        let inner = SerializedFileWriter::new(writer, schema, Arc::new(props))
            .map_err(|e| parquet_error(label, e))?;
        let buffers = columns
            .iter()
            .map(|c| Buffer::new(Some(c.ty)))
            .chain(std::iter::once(Buffer::new(None)))
            .collect();
        Ok(GeoParquetWriter {
            label: label.to_string(),
            inner,
            columns,
            buffers,
            pending: 0,
            rows: 0,
            row_group_size: opts.row_group_size,
            bbox: None,
            types: BTreeSet::new(),
            members: None,
            scratch: Vec::new(),
        })
    }

    /// Keeps the FeatureCollection's foreign members (a published layer's `privacy`,
    /// `parameters`, …) in the file's `corridors` key-value metadata, where
    /// [`read_feature_collection`](super::read_feature_collection) finds them again.
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetWriter, WriteOptions, read_feature_collection};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("m.parquet");
    /// let mut w = GeoParquetWriter::create(&path, vec![], WriteOptions::default())?;
    /// let mut members = serde_json::Map::new();
    /// members.insert("parameters".into(), serde_json::json!({"seed": 7}));
    /// w.set_foreign_members(members);
    /// w.finish()?;
    /// let fc = read_feature_collection(&path)?;
    /// assert_eq!(fc.foreign_members.unwrap()["parameters"]["seed"], 7);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn set_foreign_members(&mut self, members: JsonObject) {
        self.members = Some(members);
    }

    /// The rows pushed so far.
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetWriter, WriteOptions};
    /// let w = GeoParquetWriter::new("mem", Vec::new(), vec![], WriteOptions::default())?;
    /// assert_eq!(w.rows(), 0);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn row_error(&self, field: &str, message: String) -> Error {
        let row = usize::try_from(self.rows).unwrap_or(usize::MAX);
        Error::Invalid(vec![Diagnostic::error(
            ProblemKind::InvalidProperty,
            SourceLocation::feature(self.label.clone(), row).with_field(field),
            message,
        )])
    }

    /// Adds one feature (a row); writes a row group when the buffer is full.
    ///
    /// ```
    /// use corridors::io::geoparquet::{Column, ColumnType, GeoParquetWriter, WriteOptions};
    /// let mut w = GeoParquetWriter::new("mem", Vec::new(), vec![Column::new("n", ColumnType::Int)], WriteOptions::default())?;
    /// let mut f = geojson::Feature::from(geojson::Geometry::new_point([1.0, 2.0]));
    /// f.set_property("n", "seven");
    /// let e = w.push(&f).unwrap_err();
    /// assert!(e.to_string().contains("column n is integer"), "{e}");
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the feature (row) and property when a property has no
    /// column or its value does not fit the column's type (the row is not written);
    /// [`Error::Io`] or [`Error::Serialize`] when writing a row group fails.
    pub fn push(&mut self, feature: &Feature) -> Result<()> {
        let props = feature.properties.as_ref();
        if let Some(p) = props {
            for (k, v) in p {
                if !v.is_null() && !self.columns.iter().any(|c| &c.name == k) {
                    return Err(self.row_error(k, format!("property {k:?} has no column")));
                }
            }
        }
        let id_member = feature.id.as_ref().map(|id| match id {
            geojson::feature::Id::String(s) => Value::String(s.clone()),
            geojson::feature::Id::Number(n) => Value::Number(n.clone()),
        });
        // check every value before buffering any, so that a bad row leaves no trace
        for c in &self.columns {
            let v = value_of(props, &c.name, id_member.as_ref());
            if let Some(msg) = misfit(c, v) {
                return Err(self.row_error(&c.name, msg));
            }
        }
        if id_member.is_some()
            && props.and_then(|p| p.get("id")).is_none_or(Value::is_null)
            && !self.columns.iter().any(|c| c.name == "id")
        {
            return Err(self.row_error("id", "the feature id has no column `id`".into()));
        }
        for (c, buf) in self.columns.iter().zip(&mut self.buffers) {
            let v = value_of(props, &c.name, id_member.as_ref());
            push_value(buf, c.ty, v);
        }
        // invariant: the constructors put the geometry buffer after the column buffers
        let Some(geom) = self.buffers.last_mut() else {
            return Err(self.row_error("geometry", "no geometry buffer".into()));
        };
        match &feature.geometry {
            None => geom.defs.push(0),
            Some(g) => {
                self.scratch.clear();
                wkb::encode(g, &mut self.scratch);
                geom.defs.push(1);
                if let Values::Bytes(v) = &mut geom.values {
                    v.push(ByteArray::from(self.scratch.clone()));
                }
                self.types.insert(g.value.type_name());
                extend_bbox(&mut self.bbox, &g.value);
            }
        }
        self.pending += 1;
        self.rows += 1;
        if self.pending >= self.row_group_size {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        let label = self.label.clone();
        let perr = |e| parquet_error(&label, e);
        let mut rg = self.inner.next_row_group().map_err(perr)?;
        let mut buffers = self.buffers.iter_mut();
        while let Some(mut col) = rg.next_column().map_err(perr)? {
            let Some(buf) = buffers.next() else {
                break;
            };
            let defs = Some(buf.defs.as_slice());
            let written = match (&buf.values, col.untyped()) {
                (Values::Int(v), parquet::column::writer::ColumnWriter::Int64ColumnWriter(w)) => {
                    w.write_batch(v, defs, None)
                }
                (
                    Values::Float(v),
                    parquet::column::writer::ColumnWriter::DoubleColumnWriter(w),
                ) => w.write_batch(v, defs, None),
                (Values::Bool(v), parquet::column::writer::ColumnWriter::BoolColumnWriter(w)) => {
                    w.write_batch(v, defs, None)
                }
                (
                    Values::Bytes(v),
                    parquet::column::writer::ColumnWriter::ByteArrayColumnWriter(w),
                ) => w.write_batch(v, defs, None),
                // invariant: each buffer was made for its column's type
                _ => Err(parquet::errors::ParquetError::General(
                    "a column buffer does not match its column type".into(),
                )),
            };
            written.map_err(perr)?;
            col.close().map_err(perr)?;
            buf.clear();
        }
        rg.close().map_err(perr)?;
        self.pending = 0;
        Ok(())
    }

    /// The last row group and the `geo` and `corridors` metadata (the footer is written by
    /// `into_inner`).
    fn close_file(&mut self) -> Result<()> {
        self.flush()?;
        let mut column = serde_json::Map::new();
        column.insert("encoding".into(), "WKB".into());
        column.insert(
            "geometry_types".into(),
            Value::from(self.types.iter().copied().collect::<Vec<_>>()),
        );
        if let Some(b) = self.bbox {
            column.insert("bbox".into(), Value::from(b.to_vec()));
        }
        let geo = serde_json::json!({
            "version": "1.1.0",
            "primary_column": GEOMETRY_COLUMN,
            "columns": { GEOMETRY_COLUMN: column },
        });
        self.inner
            .append_key_value_metadata(KeyValue::new("geo".into(), geo.to_string()));
        let json_columns: Vec<&str> = self
            .columns
            .iter()
            .filter(|c| c.ty == ColumnType::Json)
            .map(|c| c.name.as_str())
            .collect();
        if self.members.is_some() || !json_columns.is_empty() {
            let mut meta = serde_json::Map::new();
            if let Some(m) = &self.members {
                meta.insert("foreign_members".into(), Value::Object(m.clone()));
            }
            meta.insert("json_columns".into(), Value::from(json_columns));
            self.inner.append_key_value_metadata(KeyValue::new(
                CORRIDORS_KEY.into(),
                Value::Object(meta).to_string(),
            ));
        }
        Ok(())
    }

    /// Writes the last row group and the footer; returns the number of rows written.
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetWriter, WriteOptions};
    /// let dir = tempfile::tempdir().unwrap();
    /// let mut w = GeoParquetWriter::create(dir.path().join("a.parquet"), vec![], WriteOptions::default())?;
    /// w.push(&geojson::Feature::from(geojson::Geometry::new_point([1.0, 2.0])))?;
    /// assert_eq!(w.finish()?, 1);
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Serialize`] when writing fails.
    pub fn finish(self) -> Result<u64> {
        let rows = self.rows;
        self.into_inner()?;
        Ok(rows)
    }

    /// [`finish`](Self::finish), returning the underlying writer (e.g. the bytes of a
    /// `Vec<u8>`).
    ///
    /// ```
    /// use corridors::io::geoparquet::{GeoParquetWriter, WriteOptions};
    /// let w = GeoParquetWriter::new("mem", Vec::new(), vec![], WriteOptions::default())?;
    /// assert!(w.into_inner()?.ends_with(b"PAR1"));
    /// # Ok::<(), corridors::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`finish`](Self::finish).
    pub fn into_inner(mut self) -> Result<W> {
        self.close_file()?;
        let label = self.label.clone();
        let mut w = self
            .inner
            .into_inner()
            .map_err(|e| parquet_error(&label, e))?;
        w.flush().map_err(|e| Error::io(&label, e))?;
        Ok(w)
    }
}

/// The value of column `name` for a feature: its property, or the Feature's id for `id`.
fn value_of<'a>(
    props: Option<&'a JsonObject>,
    name: &str,
    id_member: Option<&'a Value>,
) -> Option<&'a Value> {
    let v = props.and_then(|p| p.get(name)).filter(|v| !v.is_null());
    if v.is_none() && name == "id" {
        return id_member;
    }
    v
}

/// Why `v` does not fit column `c` (`None`: it fits).
fn misfit(c: &Column, v: Option<&Value>) -> Option<String> {
    let v = v?;
    let ok = match c.ty {
        ColumnType::Int => v.as_i64().is_some(),
        ColumnType::Float => v.is_number(),
        ColumnType::Bool => v.is_boolean(),
        ColumnType::String | ColumnType::Json => true,
    };
    (!ok).then(|| format!("column {} is {}, got {v}", c.name, c.ty))
}

fn push_value(buf: &mut Buffer, ty: ColumnType, v: Option<&Value>) {
    let Some(v) = v else {
        buf.defs.push(0);
        return;
    };
    buf.defs.push(1);
    match &mut buf.values {
        Values::Int(out) => out.push(v.as_i64().unwrap_or_default()),
        Values::Float(out) => out.push(v.as_f64().unwrap_or(f64::NAN)),
        Values::Bool(out) => out.push(v.as_bool().unwrap_or_default()),
        Values::Bytes(out) => {
            let text = match (ty, v) {
                (ColumnType::String, Value::String(s)) => s.clone(),
                _ => v.to_string(),
            };
            out.push(ByteArray::from(text.into_bytes()));
        }
    }
}

fn extend_bbox(bbox: &mut Option<[f64; 4]>, v: &geojson::GeometryValue) {
    use geojson::GeometryValue as G;
    let mut add = |p: &geojson::Position| {
        let (x, y) = (p[0], p[1]);
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        let b = bbox.get_or_insert([x, y, x, y]);
        b[0] = b[0].min(x);
        b[1] = b[1].min(y);
        b[2] = b[2].max(x);
        b[3] = b[3].max(y);
    };
    match v {
        G::Point { coordinates } => add(coordinates),
        G::MultiPoint { coordinates } | G::LineString { coordinates } => {
            coordinates.iter().for_each(add);
        }
        G::MultiLineString { coordinates } | G::Polygon { coordinates } => {
            coordinates.iter().flatten().for_each(add);
        }
        G::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().flatten().for_each(add);
        }
        G::GeometryCollection { geometries } => {
            for g in geometries {
                extend_bbox(bbox, &g.value);
            }
        }
    }
}

/// The columns [`write_feature_collection`] gives `features`: one per property name, in
/// first-seen order (`id` first when a feature has a Feature id), typed by the values:
///
/// * only integers: [`ColumnType::Int`]; numbers with a fraction (or integers beyond
///   `i64`) among them: [`ColumnType::Float`];
/// * only booleans: [`ColumnType::Bool`]; only strings: [`ColumnType::String`];
/// * any object or array: [`ColumnType::Json`] (the values are parsed back on reading);
/// * other mixtures of strings, numbers and booleans: [`ColumnType::String`], the
///   non-strings as their JSON text (`3`, `true`), which reads back as strings;
/// * only nulls: [`ColumnType::String`] (all null).
///
/// ```
/// use corridors::io::geoparquet::{ColumnType, infer_columns};
/// let mut a = geojson::Feature::from(geojson::Geometry::new_point([1.0, 2.0]));
/// a.set_property("n", 1);
/// a.set_property("tags", serde_json::json!(["x"]));
/// let mut b = a.clone();
/// b.set_property("n", 1.5);
/// b.set_property("label", "x");
/// let cols = infer_columns([&a, &b]);
/// let types: Vec<_> = cols.iter().map(|c| (c.name.as_str(), c.ty)).collect();
/// assert_eq!(types, [("n", ColumnType::Float), ("tags", ColumnType::Json), ("label", ColumnType::String)]);
/// ```
pub fn infer_columns<F: std::borrow::Borrow<Feature>>(
    features: impl IntoIterator<Item = F>,
) -> Vec<Column> {
    let mut inf = Inference::default();
    for f in features {
        let f = f.borrow();
        if let Some(id) = &f.id
            && f.property("id").is_none_or(Value::is_null)
        {
            let v = match id {
                geojson::feature::Id::String(s) => Value::String(s.clone()),
                geojson::feature::Id::Number(n) => Value::Number(n.clone()),
            };
            inf.note("id", &v);
        }
        for (k, v) in f.properties.iter().flatten() {
            inf.note(k, v);
        }
    }
    inf.columns()
}

/// The column types of [`infer_columns`], value by value.
#[derive(Default)]
struct Inference {
    /// bit set of the kinds seen: 1 int, 2 float, 4 bool, 8 string, 16 object/array
    seen: Vec<(String, u8)>,
}

impl Inference {
    fn note(&mut self, name: &str, v: &Value) {
        let kind = match v {
            Value::Null => 0,
            Value::Number(n) if n.as_i64().is_some() => 1,
            Value::Number(_) => 2,
            Value::Bool(_) => 4,
            Value::String(_) => 8,
            Value::Array(_) | Value::Object(_) => 16,
        };
        match self.seen.iter_mut().find(|(n, _)| n == name) {
            Some((_, k)) => *k |= kind,
            None => self.seen.push((name.to_string(), kind)),
        }
    }

    fn columns(self) -> Vec<Column> {
        self.seen
            .into_iter()
            .map(|(name, k)| {
                let ty = match k {
                    _ if k & 16 != 0 => ColumnType::Json,
                    1 => ColumnType::Int,
                    2 | 3 => ColumnType::Float,
                    4 => ColumnType::Bool,
                    _ => ColumnType::String,
                };
                Column { name, ty }
            })
            .collect()
    }
}

/// Hub `i` in the GeoJSON network schema: `id`, `name`, `kind`, the free properties.
fn hub_feature(net: &Network, i: usize) -> Feature {
    let h = net.hub(i);
    let mut p = JsonObject::new();
    p.insert("id".into(), h.id.to_json());
    p.insert("name".into(), Value::from(h.name.clone()));
    p.insert("kind".into(), Value::from(h.kind.as_str()));
    for (k, v) in &h.properties {
        p.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new_point([
            h.location.x(),
            h.location.y(),
        ])),
        id: None,
        properties: Some(p),
        foreign_members: None,
    }
}

/// Segment `e` in the GeoJSON network schema: `id`, `from`, `to`, `mode`, `length_m`,
/// `minutes`, `speed_kmh` (when set), `oneway`, the free properties.
fn segment_feature(net: &Network, e: usize) -> Feature {
    let s = net.segment(e);
    let (a, b) = net.endpoints(e);
    let mut p = JsonObject::new();
    p.insert("id".into(), s.id.to_json());
    p.insert("from".into(), net.hub(a).id.to_json());
    p.insert("to".into(), net.hub(b).id.to_json());
    p.insert("mode".into(), Value::from(s.mode.as_str()));
    p.insert("length_m".into(), Value::from(s.length_m));
    if let Some(m) = s.minutes {
        p.insert("minutes".into(), Value::from(m));
    }
    if let Some(v) = s.speed_kmh {
        p.insert("speed_kmh".into(), Value::from(v));
    }
    p.insert("oneway".into(), Value::from(s.oneway));
    for (k, v) in &s.properties {
        p.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new_line_string(
            s.geometry.0.iter().map(|c| [c.x, c.y]),
        )),
        id: None,
        properties: Some(p),
        foreign_members: None,
    }
}

/// Writes a network in the GeoJSON network schema of [`crate::io::geojson`] (hubs as
/// Points with `id`, `name`, `kind`; segments as LineStrings with `id`, `from`, `to`,
/// `mode`, `length_m`, `minutes`, `speed_kmh`, `oneway`; free properties as columns),
/// full-precision coordinates, so that [`read_network`](super::read_network) builds the
/// same network again. Streams: one pass over the network finds the column types, a
/// second writes row groups as it goes.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("net.parquet");
/// let (net, _) = corridors::io::load_network(&["data/mexico"], 1.0)?;
/// assert_eq!(corridors::io::geoparquet::write_network(&path, &net)?,
///            (net.hub_count() + net.segment_count()) as u64);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming the directory or file that cannot be written;
/// [`Error::InvalidArgument`] when a free property is named `geometry`.
pub fn write_network(path: impl AsRef<Path>, net: &Network) -> Result<u64> {
    let mut inf = Inference::default();
    for (k, v) in [
        ("id", Value::Null),
        ("name", Value::Null),
        ("kind", Value::Null),
        ("from", Value::Null),
        ("to", Value::Null),
        ("mode", Value::Null),
        ("length_m", Value::Null),
        ("minutes", Value::Null),
        ("speed_kmh", Value::Null),
        ("oneway", Value::Null),
    ] {
        inf.note(k, &v);
    }
    let features = (0..net.hub_count())
        .map(|i| hub_feature(net, i))
        .chain((0..net.segment_count()).map(|e| segment_feature(net, e)));
    for f in features {
        for (k, v) in f.properties.iter().flatten() {
            inf.note(k, v);
        }
    }
    let mut w = GeoParquetWriter::create(path, inf.columns(), WriteOptions::default())?;
    for i in 0..net.hub_count() {
        w.push(&hub_feature(net, i))?;
    }
    for e in 0..net.segment_count() {
        w.push(&segment_feature(net, e))?;
    }
    w.finish()
}

/// Writes a FeatureCollection to a GeoParquet file at `path` (snappy, row groups of 65 536
/// features), with the columns of [`infer_columns`] and the collection's foreign members in
/// the `corridors` metadata. GeoPandas reads it with `geopandas.read_parquet`.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out/layer.parquet");
/// let mut f = geojson::Feature::from(geojson::Geometry::new_line_string([[-92.0, 15.0], [-93.0, 16.0]]));
/// f.set_property("mode", "road");
/// let fc = geojson::FeatureCollection { bbox: None, features: vec![f], foreign_members: None };
/// corridors::io::geoparquet::write_feature_collection(&path, &fc)?;
/// assert_eq!(corridors::io::geoparquet::read_feature_collection(&path)?, fc);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming the directory or file that cannot be written;
/// [`Error::InvalidArgument`] when a property is named `geometry`.
pub fn write_feature_collection(path: impl AsRef<Path>, fc: &FeatureCollection) -> Result<()> {
    let columns = infer_columns(&fc.features);
    let mut w = GeoParquetWriter::create(path, columns, WriteOptions::default())?;
    if let Some(m) = &fc.foreign_members {
        w.set_foreign_members(m.clone());
    }
    for f in &fc.features {
        w.push(f)?;
    }
    w.finish()?;
    Ok(())
}
