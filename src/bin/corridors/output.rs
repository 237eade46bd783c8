//! What every command writes the same way: the `--out` format chosen by the file extension,
//! the `parameters` member of each GeoJSON output, costs with their unit, short top-N
//! tables for the terminal, and warnings (one `warning:` line each, exit status unchanged).

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use corridors::{Costing, Network, Weighting};
use geojson::{Feature, FeatureCollection};
use serde_json::{Map, Value, json};

use crate::args::OutArgs;

/// A file format of `--out`, chosen by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// `.geojson` or `.json`: a GeoJSON FeatureCollection with its metadata members.
    GeoJson,
    /// `.csv`: one row per feature (or per record), its properties as columns.
    Csv,
    /// `.parquet` or `.geoparquet`: GeoParquet 1.1 (WKB geometry, properties as columns,
    /// the collection's metadata members in the file metadata), for GeoPandas
    /// `read_parquet`. A file only, never stdout.
    GeoParquet,
}

impl OutFormat {
    fn extensions(self) -> &'static str {
        match self {
            OutFormat::GeoJson => ".geojson or .json (GeoJSON)",
            OutFormat::Csv => ".csv (CSV)",
            OutFormat::GeoParquet => ".parquet or .geoparquet (GeoParquet)",
        }
    }
}

/// The format of `path` by its extension, among the formats a command writes.
///
/// # Errors
/// An extension that names no format, or a format this command does not write, with the
/// extensions it does write.
pub fn format_of(path: &Path, supported: &[OutFormat]) -> Result<OutFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let accepted = supported
        .iter()
        .map(|f| f.extensions())
        .collect::<Vec<_>>()
        .join(", ");
    let format = match ext.as_str() {
        "geojson" | "json" => OutFormat::GeoJson,
        "csv" => OutFormat::Csv,
        "parquet" | "geoparquet" => OutFormat::GeoParquet,
        _ => bail!(
            "--out {}: unknown output format {:?}; this command writes {accepted}, or `-` for stdout",
            path.display(),
            if ext.is_empty() {
                "(no extension)"
            } else {
                &ext
            }
        ),
    };
    if !supported.contains(&format) {
        bail!(
            "--out {}: this command does not write {}; it writes {accepted}",
            path.display(),
            match format {
                OutFormat::GeoJson => "GeoJSON",
                OutFormat::Csv => "CSV",
                OutFormat::GeoParquet => "GeoParquet",
            }
        );
    }
    Ok(format)
}

impl OutArgs {
    /// Whether `--out -` asks for stdout.
    pub fn is_stdout(&self) -> bool {
        self.out.as_deref() == Some(Path::new("-"))
    }

    /// The format `--out` asks for (the first supported one for stdout or no `--out`),
    /// checked before anything is computed.
    pub fn format(&self, supported: &[OutFormat]) -> Result<OutFormat> {
        match &self.out {
            Some(p) if !self.is_stdout() => format_of(p, supported),
            _ => Ok(supported[0]), // invariant: every command writes at least one format
        }
    }

    /// Writes a feature collection to `--out` (or stdout for `-` and, with
    /// `stdout_by_default`, without `--out`) in the format its extension names: compact
    /// GeoJSON, CSV of the feature properties, or GeoParquet (a file only). Returns the file
    /// written, if any.
    pub fn emit(
        &self,
        fc: &FeatureCollection,
        supported: &[OutFormat],
        stdout_by_default: bool,
    ) -> Result<Option<&Path>> {
        if self.out.is_none() && !stdout_by_default {
            return Ok(None);
        }
        let bytes = match self.format(supported)? {
            OutFormat::GeoJson => {
                let mut text = serde_json::to_string(fc).context("serialising the output")?;
                if self.out.is_none() || self.is_stdout() {
                    text.push('\n');
                }
                text.into_bytes()
            }
            OutFormat::Csv => collection_csv(fc)?,
            OutFormat::GeoParquet => {
                // format() chose GeoParquet from the extension of a file, never stdout
                let path = self.out.as_deref().context("GeoParquet needs --out FILE")?;
                write_layer(path, fc)?;
                return Ok(Some(path));
            }
        };
        self.write(&bytes)
    }
}

impl OutArgs {
    /// [`OutArgs::emit`] of a layer whose features are made one at a time (`features` is
    /// called once for GeoJSON, twice for CSV and GeoParquet): the same bytes, but memory
    /// stays that of one feature (one row group for GeoParquet), which a country-scale
    /// network (millions of features) needs.
    pub fn emit_layer<'f, I>(
        &self,
        features: impl Fn() -> I,
        foreign_members: &Map<String, Value>,
        supported: &[OutFormat],
        stdout_by_default: bool,
    ) -> Result<Option<&Path>>
    where
        I: Iterator<Item = Feature> + 'f,
    {
        if self.out.is_none() && !stdout_by_default {
            return Ok(None);
        }
        let format = self.format(supported)?;
        if format == OutFormat::GeoParquet {
            // format() chose GeoParquet from the extension of a file, never stdout; the
            // columns come from a first pass, as write_feature_collection infers them
            let path = self.out.as_deref().context("GeoParquet needs --out FILE")?;
            let columns = corridors::io::geoparquet::infer_columns(features());
            let opts = corridors::io::geoparquet::WriteOptions::default();
            let mut w = corridors::io::geoparquet::GeoParquetWriter::create(path, columns, opts)
                .with_context(|| format!("writing {}", path.display()))?;
            w.set_foreign_members(foreign_members.clone());
            for f in features() {
                w.push(&f)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            w.finish()
                .with_context(|| format!("writing {}", path.display()))?;
            return Ok(Some(path));
        }
        let file = match &self.out {
            Some(p) if !self.is_stdout() => Some(p.as_path()),
            _ => None,
        };
        let mut sink: Box<dyn Write> = match file {
            Some(p) => {
                if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating {}", dir.display()))?;
                }
                let f = std::fs::File::create(p)
                    .with_context(|| format!("creating {}", p.display()))?;
                Box::new(BufWriter::with_capacity(1 << 20, f))
            }
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
        };
        let what = file.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
        match format {
            OutFormat::GeoJson => {
                corridors::io::geojson::write_features(
                    &mut sink,
                    features(),
                    Some(foreign_members),
                )
                .with_context(|| format!("writing {what}"))?;
                if file.is_none() {
                    sink.write_all(b"\n")?;
                }
            }
            OutFormat::Csv => features_csv(&mut sink, || features().map(Cow::Owned))
                .with_context(|| format!("writing {what}"))?,
            // written above
            OutFormat::GeoParquet => {}
        }
        sink.flush().with_context(|| format!("writing {what}"))?;
        Ok(file)
    }
}

/// Writes a layer to `path` as GeoJSON, or GeoParquet for a `.parquet`/`.geoparquet` name
/// (the commands that write several layers to a folder).
pub fn write_layer(path: &Path, fc: &FeatureCollection) -> Result<()> {
    if format_of(path, &[OutFormat::GeoJson, OutFormat::GeoParquet])? == OutFormat::GeoParquet {
        corridors::io::geoparquet::write_feature_collection(path, fc)
            .with_context(|| format!("writing {}", path.display()))?;
    } else {
        corridors::io::geojson::write_feature_collection(path, fc)?;
    }
    Ok(())
}

/// The properties of every feature as CSV: the geometry type (`Point`, `LineString`), then
/// one column per property name (in first-seen order), strings as they are, other values as JSON, missing and null values empty.
pub fn collection_csv(fc: &FeatureCollection) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    features_csv(&mut bytes, || fc.features.iter().map(Cow::Borrowed))?;
    Ok(bytes)
}

/// [`collection_csv`] of features made on demand, written to `out`: `features` is called
/// twice (once for the columns, once for the rows), so no feature is kept.
fn features_csv<'f, I>(out: impl Write, features: impl Fn() -> I) -> Result<()>
where
    I: Iterator<Item = Cow<'f, Feature>>,
{
    let mut columns: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for f in features() {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            if !seen.contains(k) {
                seen.insert(k.clone());
                columns.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(std::iter::once("geometry").chain(columns.iter().map(String::as_str)))?;
    for f in features() {
        let geometry = f.geometry.as_ref().map_or("", |g| g.value.type_name());
        let row = columns.iter().map(|c| match f.property(c) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        });
        w.write_record(std::iter::once(geometry.to_string()).chain(row))?;
    }
    w.flush().context("writing CSV")
}

/// Sets the collection's `parameters` member: what produced the output.
pub fn set_parameters(fc: &mut FeatureCollection, parameters: Map<String, Value>) {
    fc.foreign_members
        .get_or_insert_with(Default::default)
        .insert("parameters".into(), Value::Object(parameters));
}

/// The costing as parameters: `weight` (its name), `cost_unit`, `direction` and the whole
/// `costing` (so options added to it later are recorded too).
pub fn cost_parameters(costing: &Costing) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("weight".into(), json!(costing.weighting.to_string()));
    m.insert("cost_unit".into(), json!(cost_unit(&costing.weighting)));
    m.insert(
        "direction".into(),
        serde_json::to_value(costing.direction).unwrap_or(Value::Null),
    );
    m.insert(
        "costing".into(),
        serde_json::to_value(costing).unwrap_or(Value::Null),
    );
    m
}

/// The hub ids of indices, for the parameters.
pub fn hub_ids(net: &Network, hubs: &[usize]) -> Value {
    json!(
        hubs.iter()
            .map(|&h| net.hub(h).id.as_key())
            .collect::<Vec<_>>()
    )
}

/// The unit a cost is printed in: `km` for lengths (metres in the data), `min` for travel
/// time, the property name otherwise.
pub fn cost_unit(w: &Weighting) -> String {
    match w {
        Weighting::Length => "km".into(),
        Weighting::Minutes(_) => "min".into(),
        Weighting::Property(p) => p.clone(),
    }
}

/// A cost with its unit: metres as km, minutes as min, a property value with its name.
pub fn cost_text(w: &Weighting, cost: f64) -> String {
    match w {
        Weighting::Length => format!("{:.1} km", cost / 1000.0),
        Weighting::Minutes(_) => format!("{cost:.1} min"),
        Weighting::Property(p) => format!("{cost:.1} ({p})"),
    }
}

/// The value of a cost in its printed unit (metres to km).
pub fn cost_value(w: &Weighting, cost: f64) -> f64 {
    match w {
        Weighting::Length => cost / 1000.0,
        _ => cost,
    }
}

/// Indices of the `n` largest finite values, largest first (ties by index).
pub fn top(values: &[f64], n: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len())
        .filter(|&i| values[i].is_finite())
        .collect();
    idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    idx.truncate(n);
    idx
}

/// Prints one warning line on stderr. Warnings never change the exit status.
pub fn warn(message: impl std::fmt::Display) {
    eprintln!("warning: {message}");
}

impl crate::args::DemandArgs {
    /// The demand as parameters: the references as given (`sources`, `targets`) or the
    /// `demand_file`, and the resolved pairs and total demand.
    pub fn parameters(&self, demand: Option<&corridors::OdDemand>) -> Map<String, Value> {
        let mut m = Map::new();
        if let Some(p) = &self.demand {
            m.insert("demand_file".into(), json!(p.display().to_string()));
        } else if !self.sources.is_empty() {
            let trimmed = |v: &[String]| v.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>();
            m.insert("sources".into(), json!(trimmed(&self.sources)));
            m.insert("targets".into(), json!(trimmed(&self.targets)));
        }
        if let Some(d) = demand {
            m.insert("od_pairs".into(), json!(d.len()));
            m.insert("total_demand".into(), json!(d.total()));
        }
        m
    }
}
