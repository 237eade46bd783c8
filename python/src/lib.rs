//! Python bindings of `corridors` (the extension module `corridors._corridors`).
//!
//! The Python package (`python/corridors/__init__.py`) wraps these functions into the public
//! API; this module holds only what must run in Rust. Every computation runs with the GIL
//! released ([`run`]), polls Ctrl-C from the calling thread and maps `corridors::Error` to
//! the exception hierarchy of `corridors._errors`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use corridors::cases::{
    AggregateOptions, PrivacyGuard, SegmentIndex, SnapOptions, SnapStatus, count_points,
    snap_points,
};
use corridors::centrality::{
    self, BetweennessMerge, BetweennessPartial, CentralityGraph, CentralityOptions, SampleOptions,
};
use corridors::routing::{KRoutesOptions, Router, RouterOptions};
use corridors::{Costing, Direction, Error, Exec, Network, NetworkBuilder, OdDemand, Weighting};
use geo::Point;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

pyo3::import_exception!(corridors._errors, CorridorsError);
pyo3::import_exception!(corridors._errors, InvalidNetworkError);
pyo3::import_exception!(corridors._errors, UnknownIdError);
pyo3::import_exception!(corridors._errors, WeightError);
pyo3::import_exception!(corridors._errors, CorridorsValueError);

/// `corridors::Error` → the Python exception of `corridors._errors` (diagnostics attached).
fn to_py(e: Error) -> PyErr {
    Python::attach(|py| {
        let msg = e.to_string();
        match &e {
            Error::Invalid(diags) => {
                let err = InvalidNetworkError::new_err(msg);
                let json = serde_json::to_string(diags).unwrap_or_else(|_| "[]".into());
                let set = || -> PyResult<()> {
                    let list = py.import("json")?.call_method1("loads", (json,))?;
                    err.value(py).setattr("diagnostics", list)
                };
                match set() {
                    Ok(()) => err,
                    Err(other) => other,
                }
            }
            Error::UnknownHub {
                reference,
                suggestions,
            } => {
                let err = UnknownIdError::new_err(msg);
                let v = err.value(py);
                let set = || -> PyResult<()> {
                    v.setattr("reference", reference)?;
                    v.setattr("suggestions", suggestions.clone())
                };
                match set() {
                    Ok(()) => err,
                    Err(other) => other,
                }
            }
            Error::Weight { .. } => WeightError::new_err(msg),
            Error::InvalidArgument { .. } => CorridorsValueError::new_err(msg),
            Error::Io { source, .. } => PyErr::from(std::io::Error::new(source.kind(), msg)),
            Error::Cancelled => PyKeyboardInterrupt::new_err("cancelled"),
            _ => CorridorsError::new_err(msg),
        }
    })
}

/// Runs `f` with the GIL released on a helper thread (inside a rayon pool of `threads`
/// threads when given), while the calling thread polls Python's signal handlers every 50 ms:
/// Ctrl-C sets the cancel flag that the library polls (every block of work) and the call
/// raises `KeyboardInterrupt`. A panic becomes `RuntimeError`, never `PanicException`.
fn run<T, F>(py: Python<'_>, threads: Option<usize>, f: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Exec) -> corridors::Result<T> + Send,
{
    let pool = match threads {
        None => None,
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(t) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?,
        ),
    };
    // Signal handlers run on the main thread only: elsewhere there is nothing to poll, and
    // not taking the GIL at all leaves other Python threads every cycle.
    let threading = py.import("threading")?;
    let on_main = threading
        .call_method0("current_thread")?
        .is(&threading.call_method0("main_thread")?);
    let stop = AtomicBool::new(false);
    let (interrupt, result) = py.detach(|| {
        std::thread::scope(|s| {
            let (tx, rx) = mpsc::channel::<()>();
            let stop = &stop;
            let pool = pool.as_ref();
            let worker = s.spawn(move || {
                let cancel = || stop.load(Ordering::Relaxed);
                let exec = Exec {
                    cancel: &cancel,
                    ..Exec::default()
                };
                let r = match pool {
                    Some(p) => p.install(|| f(&exec)),
                    None => f(&exec),
                };
                let _ = tx.send(());
                r
            });
            let mut interrupt: Option<PyErr> = None;
            if !on_main {
                let _ = rx.recv();
            } else {
                loop {
                    match rx.recv_timeout(Duration::from_millis(50)) {
                        Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            if interrupt.is_none()
                                && let Err(e) = Python::attach(|py| py.check_signals())
                            {
                                stop.store(true, Ordering::Relaxed);
                                interrupt = Some(e);
                            }
                        }
                    }
                }
            }
            (interrupt, worker.join())
        })
    });
    if let Some(e) = interrupt {
        return Err(e);
    }
    match result {
        Ok(r) => r.map_err(to_py),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(PyRuntimeError::new_err(format!(
                "internal error in corridors (please report): {what}"
            )))
        }
    }
}

/// The costing from the Python keywords; `None` keeps the library's default.
fn costing(weight: Option<&str>, undirected: Option<bool>) -> PyResult<Costing> {
    let mut c = Costing::default();
    if let Some(w) = weight {
        c.weighting = w.parse::<Weighting>().map_err(to_py)?;
    }
    match undirected {
        Some(true) => c.direction = Direction::Undirected,
        Some(false) => c.direction = Direction::Auto,
        None => {}
    }
    Ok(c)
}

fn centrality_options(
    weight: Option<&str>,
    undirected: Option<bool>,
    normalized: Option<bool>,
) -> PyResult<CentralityOptions> {
    let mut o = CentralityOptions {
        costing: costing(weight, undirected)?,
        ..Default::default()
    };
    if let Some(n) = normalized {
        o.normalized = n;
    }
    Ok(o)
}

/// A corridor network (hubs and segments). Build it with `corridors.load_network` or
/// `corridors.Network.from_features`.
#[pyclass(frozen, module = "corridors._corridors", name = "Network")]
pub struct PyNetwork {
    net: Arc<Network>,
    /// `(label, GeoJSON text)` of the inputs and the tolerance: what pickling ships.
    sources: Arc<(Vec<(String, String)>, f64)>,
    index: OnceLock<Arc<SegmentIndex>>,
    /// The build report as JSON text.
    report: String,
}

fn build_from_texts(
    sources: &[(String, String)],
    tolerance_m: f64,
) -> corridors::Result<(Network, corridors::BuildReport)> {
    let mut b = NetworkBuilder::new().tolerance_m(tolerance_m);
    for (label, text) in sources {
        b.merge(corridors::io::geojson::read_network_from(
            label,
            text.as_bytes(),
        )?);
    }
    b.build()
}

impl PyNetwork {
    fn new(
        net: Network,
        report: &corridors::BuildReport,
        sources: Vec<(String, String)>,
        tolerance_m: f64,
    ) -> Self {
        Self {
            net: Arc::new(net),
            sources: Arc::new((sources, tolerance_m)),
            index: OnceLock::new(),
            report: serde_json::to_string(report).unwrap_or_default(),
        }
    }

    fn index(&self) -> corridors::Result<Arc<SegmentIndex>> {
        if let Some(i) = self.index.get() {
            return Ok(i.clone());
        }
        let i = Arc::new(SegmentIndex::new(&self.net)?);
        Ok(self.index.get_or_init(|| i).clone())
    }
}

#[pymethods]
impl PyNetwork {
    /// Builds a network from GeoJSON texts `[(label, text), …]`; returns `(network, report_json)`.
    #[staticmethod]
    #[pyo3(signature = (sources, tolerance_m = 1.0))]
    fn _from_geojson(
        py: Python<'_>,
        sources: Vec<(String, String)>,
        tolerance_m: f64,
    ) -> PyResult<(PyNetwork, String)> {
        let (net, report) = py
            .detach(|| build_from_texts(&sources, tolerance_m))
            .map_err(to_py)?;
        let json = serde_json::to_string(&report).unwrap_or_default();
        Ok((PyNetwork::new(net, &report, sources, tolerance_m), json))
    }

    /// Builds a network from GeoJSON FeatureCollections: dicts, or objects with
    /// `__geo_interface__` (e.g. the two GeoDataFrames of `osmnx.graph_to_gdfs`).
    #[staticmethod]
    #[pyo3(signature = (*collections, tolerance_m = 1.0))]
    fn from_features(
        py: Python<'_>,
        collections: Vec<Bound<'_, PyAny>>,
        tolerance_m: f64,
    ) -> PyResult<PyNetwork> {
        let dumps = py.import("json")?.getattr("dumps")?;
        let mut sources = Vec::with_capacity(collections.len());
        for (i, c) in collections.iter().enumerate() {
            let c = if c.hasattr("__geo_interface__")? {
                c.getattr("__geo_interface__")?
            } else {
                c.clone()
            };
            let text: String = dumps.call1((c,))?.extract()?;
            sources.push((format!("<features {i}>"), text));
        }
        Ok(Self::_from_geojson(py, sources, tolerance_m)?.0)
    }

    /// The build report (summary, warnings, created hubs) as JSON text.
    fn _report_json(&self) -> String {
        self.report.clone()
    }

    /// Hubs and segments as a GeoJSON FeatureCollection dict (segments first, then hubs)
    /// that `geopandas.GeoDataFrame.from_features(…, crs="EPSG:4326")` takes as is. Each
    /// `hub_measures` / `segment_measures` entry (name → one value per hub / segment) becomes
    /// a property; segments and hubs carry `layer` = `"segment"` / `"hub"`.
    #[pyo3(signature = (hub_measures = None, segment_measures = None))]
    fn layer<'py>(
        &self,
        py: Python<'py>,
        hub_measures: Option<std::collections::BTreeMap<String, Vec<f64>>>,
        segment_measures: Option<std::collections::BTreeMap<String, Vec<f64>>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (hn, sn) = (self.net.hub_count(), self.net.segment_count());
        for (what, m, len) in [
            ("hub", &hub_measures, hn),
            ("segment", &segment_measures, sn),
        ] {
            for (k, v) in m.iter().flatten() {
                if v.len() != len {
                    return Err(CorridorsValueError::new_err(format!(
                        "{what} measure {k:?} has {} values for {len} {what}s",
                        v.len()
                    )));
                }
            }
        }
        let net = self.net.clone();
        let text = py.detach(|| {
            let mut fc = corridors::map::network_layer(&net);
            for (i, f) in fc.features.iter_mut().enumerate() {
                let props = f.properties.get_or_insert_with(Default::default);
                let (layer, m, j) = if i < sn {
                    ("segment", &segment_measures, i)
                } else {
                    ("hub", &hub_measures, i - sn)
                };
                props.insert("layer".into(), layer.into());
                for (k, v) in m.iter().flatten() {
                    let x = v[j];
                    props.insert(
                        k.clone(),
                        if x.is_finite() {
                            x.into()
                        } else {
                            serde_json::Value::Null
                        },
                    );
                }
            }
            serde_json::to_string(&fc).unwrap_or_default()
        });
        py.import("json")?.call_method1("loads", (text,))
    }

    /// Number of hubs.
    #[getter]
    fn hub_count(&self) -> usize {
        self.net.hub_count()
    }

    /// Number of segments.
    #[getter]
    fn segment_count(&self) -> usize {
        self.net.segment_count()
    }

    /// Hub ids in index order.
    #[getter]
    fn hub_ids(&self) -> Vec<String> {
        self.net.hubs().map(|h| h.id.as_key()).collect()
    }

    /// Segment ids in index order.
    #[getter]
    fn segment_ids(&self) -> Vec<String> {
        self.net.segments().map(|s| s.id.as_key()).collect()
    }

    /// Index of the hub with this id (`UnknownIdError` with suggestions otherwise).
    fn hub_index(&self, id: &str) -> PyResult<usize> {
        self.net.require_hub(id).map_err(to_py)
    }

    /// Hub indices of a reference: id, name, `kind:K`, `country:CC`.
    fn resolve_hubs(&self, reference: &str) -> PyResult<Vec<usize>> {
        self.net.resolve_hubs(reference).map_err(to_py)
    }

    /// The network as GeoJSON text (segments first, then hubs, in index order).
    fn _layer_json(&self, py: Python<'_>) -> String {
        let net = self.net.clone();
        py.detach(|| {
            serde_json::to_string(&corridors::map::network_layer(&net)).unwrap_or_default()
        })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let ctor = py.get_type::<PyNetwork>().getattr("_from_sources")?;
        let (sources, tol) = &*self.sources;
        (ctor, (sources.clone(), *tol)).into_pyobject(py)
    }

    /// Rebuilds a pickled network.
    #[staticmethod]
    fn _from_sources(
        py: Python<'_>,
        sources: Vec<(String, String)>,
        tolerance_m: f64,
    ) -> PyResult<PyNetwork> {
        Ok(Self::_from_geojson(py, sources, tolerance_m)?.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "<corridors.Network: {} hubs, {} segments>",
            self.net.hub_count(),
            self.net.segment_count()
        )
    }
}

/// Loads GeoJSON files like the CLI's `--network`; returns `(network, report_json)`.
#[pyfunction]
#[pyo3(signature = (paths, tolerance_m = 1.0))]
fn load_network(
    py: Python<'_>,
    paths: Vec<std::path::PathBuf>,
    tolerance_m: f64,
) -> PyResult<(PyNetwork, String)> {
    let (net, report, texts) = py
        .detach(|| -> corridors::Result<_> {
            let (net, report) = corridors::io::load_network(&paths, tolerance_m)?;
            // the texts travel with the network when it is pickled
            let texts = paths
                .iter()
                .map(|p| {
                    let label = p.display().to_string();
                    std::fs::read_to_string(p)
                        .map(|t| (label.clone(), t))
                        .map_err(|e| Error::Io {
                            path: label,
                            source: e,
                        })
                })
                .collect::<corridors::Result<Vec<_>>>()?;
            Ok((net, report, texts))
        })
        .map_err(to_py)?;
    let json = serde_json::to_string(&report).unwrap_or_default();
    Ok((PyNetwork::new(net, &report, texts, tolerance_m), json))
}

type Scores<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>, bool);

/// Hub scores, segment scores, directed, normalised.
type BcScores<'py> = (
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    bool,
    bool,
);

/// Exact betweenness: `(hubs, segments, directed)`; `source_chunk=None` is the library's.
#[pyfunction]
#[pyo3(signature = (net, weight = None, undirected = None, normalized = None, source_chunk = None, threads = None))]
fn betweenness<'py>(
    py: Python<'py>,
    net: &PyNetwork,
    weight: Option<&str>,
    undirected: Option<bool>,
    normalized: Option<bool>,
    source_chunk: Option<usize>,
    threads: Option<usize>,
) -> PyResult<BcScores<'py>> {
    let opts = centrality_options(weight, undirected, normalized)?;
    let n = net.net.clone();
    let b = run(py, threads, move |exec| match source_chunk {
        None => centrality::betweenness(&n, &opts, exec),
        Some(c) => CentralityGraph::new(&n, &opts, c)?.betweenness(opts.normalized, exec),
    })?;
    Ok((
        b.hubs.into_pyarray(py),
        b.segments.into_pyarray(py),
        b.directed,
        b.normalized,
    ))
}

/// OD betweenness over hub-index pairs, or over a demand CSV when `csv` is given.
#[pyfunction]
#[pyo3(signature = (net, origins, destinations, demand, csv = None, weight = None, undirected = None, normalized = None, threads = None))]
#[allow(clippy::too_many_arguments)]
fn od_betweenness<'py>(
    py: Python<'py>,
    net: &PyNetwork,
    origins: Vec<String>,
    destinations: Vec<String>,
    demand: Vec<f64>,
    csv: Option<std::path::PathBuf>,
    weight: Option<&str>,
    undirected: Option<bool>,
    normalized: Option<bool>,
    threads: Option<usize>,
) -> PyResult<BcScores<'py>> {
    if origins.len() != destinations.len() || origins.len() != demand.len() {
        return Err(CorridorsValueError::new_err(format!(
            "origins, destinations and demand have different lengths ({}, {}, {})",
            origins.len(),
            destinations.len(),
            demand.len()
        )));
    }
    // OD betweenness is reported unnormalised unless asked (the CLI's convention)
    let mut opts = centrality_options(weight, undirected, normalized)?;
    if normalized.is_none() {
        opts.normalized = false;
    }
    let n = net.net.clone();
    let b = run(py, threads, move |exec| {
        let d = match csv {
            Some(p) => corridors::io::csv::read_demand(p, &n)?,
            None => {
                let mut pairs = Vec::with_capacity(origins.len());
                for ((o, t), w) in origins.iter().zip(&destinations).zip(&demand) {
                    pairs.push((n.resolve_hub(o)?, n.resolve_hub(t)?, *w));
                }
                OdDemand::from_pairs(&n, pairs)?
            }
        };
        centrality::od_betweenness(&n, &d, &opts, exec)
    })?;
    Ok((
        b.hubs.into_pyarray(py),
        b.segments.into_pyarray(py),
        b.directed,
        b.normalized,
    ))
}

/// Sampled betweenness: `(hubs, segments, directed, info_json)`.
#[pyfunction]
#[pyo3(signature = (net, samples = None, epsilon = None, delta = None, seed = None, weight = None, undirected = None, normalized = None, threads = None))]
#[allow(clippy::too_many_arguments)]
fn sampled_betweenness<'py>(
    py: Python<'py>,
    net: &PyNetwork,
    samples: Option<usize>,
    epsilon: Option<f64>,
    delta: Option<f64>,
    seed: Option<u64>,
    weight: Option<&str>,
    undirected: Option<bool>,
    normalized: Option<bool>,
    threads: Option<usize>,
) -> PyResult<(BcScores<'py>, String)> {
    let opts = centrality_options(weight, undirected, normalized)?;
    let mut s = SampleOptions::default();
    s.samples = samples.or(s.samples);
    s.epsilon = epsilon.unwrap_or(s.epsilon);
    s.delta = delta.unwrap_or(s.delta);
    s.seed = seed.unwrap_or(s.seed);
    let n = net.net.clone();
    let normalized = opts.normalized;
    let b = run(py, threads, move |exec| {
        centrality::sampled_betweenness(&n, &opts, &s, exec)
    })?;
    let info = serde_json::json!({
        "epsilon": b.epsilon, "delta": b.delta, "samples": b.samples, "seed": b.seed,
        "vertex_diameter_bound": b.vertex_diameter_bound,
    })
    .to_string();
    Ok((
        (
            b.hubs.into_pyarray(py),
            b.segments.into_pyarray(py),
            b.directed,
            normalized,
        ),
        info,
    ))
}

/// Closeness and harmonic centrality: `(closeness, harmonic, directed)`.
#[pyfunction]
#[pyo3(signature = (net, weight = None, undirected = None, threads = None))]
fn closeness<'py>(
    py: Python<'py>,
    net: &PyNetwork,
    weight: Option<&str>,
    undirected: Option<bool>,
    threads: Option<usize>,
) -> PyResult<Scores<'py>> {
    let opts = centrality_options(weight, undirected, None)?;
    let n = net.net.clone();
    let c = run(py, threads, move |exec| {
        centrality::closeness(&n, &opts, exec)
    })?;
    Ok((
        c.closeness.into_pyarray(py),
        c.harmonic.into_pyarray(py),
        c.directed,
    ))
}

/// Route tuple: hub ids, segment ids, cost, length_m, minutes, `[[lon, lat], …]`.
type RouteTuple = (Vec<String>, Vec<String>, f64, f64, f64, Vec<[f64; 2]>);

/// Up to `k` loopless routes through `stops` (origin, vias…, destination) in cost order.
#[pyfunction]
#[pyo3(signature = (net, stops, k = 1, max_shared = None, weight = None, undirected = None))]
fn routes(
    py: Python<'_>,
    net: &PyNetwork,
    stops: Vec<String>,
    k: usize,
    max_shared: Option<f64>,
    weight: Option<&str>,
    undirected: Option<bool>,
) -> PyResult<Vec<RouteTuple>> {
    let opts = RouterOptions::new(costing(weight, undirected)?);
    let n = net.net.clone();
    run(py, None, move |exec| {
        exec.check()?;
        let router = Router::new(&n, &opts)?;
        let idx = stops
            .iter()
            .map(|s| n.resolve_hub(s))
            .collect::<corridors::Result<Vec<_>>>()?;
        if idx.len() < 2 {
            return Err(Error::InvalidArgument {
                name: "stops",
                reason: "a route needs an origin and a destination".into(),
            });
        }
        let mut ws = router.workspace();
        let found = if idx.len() == 2 && k != 1 {
            let ko = KRoutesOptions {
                k,
                max_shared,
                ..Default::default()
            };
            router.k_routes(&mut ws, idx[0], idx[1], &ko, None)
        } else if k != 1 {
            return Err(Error::InvalidArgument {
                name: "k",
                reason: "k routes are computed between two hubs only (no via hubs)".into(),
            });
        } else {
            router.route_via(&mut ws, &idx, None).map(|r| vec![r])
        };
        let found = found.unwrap_or_default();
        Ok(found
            .into_iter()
            .map(|r| {
                let coords = r.geometry.coords().map(|c| [c.x, c.y]).collect();
                (
                    r.hub_ids(&n),
                    r.segment_ids(&n),
                    r.cost,
                    r.length_m,
                    r.minutes,
                    coords,
                )
            })
            .collect())
    })
}

type SnapArrays<'py> = (
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<i8>>,
);

/// Snaps points to the nearest segment: `(segment, distance_m, offset_m, fraction, status)`
/// with `segment = -1` and NaN measures when unmatched; status 0 matched, 1 too far,
/// 2 invalid. Non-finite coordinates raise unless `allow_invalid`.
#[pyfunction]
#[pyo3(signature = (net, lon, lat, max_distance_m = None, allow_invalid = false, threads = None))]
fn snap<'py>(
    py: Python<'py>,
    net: &PyNetwork,
    lon: PyReadonlyArray1<'py, f64>,
    lat: PyReadonlyArray1<'py, f64>,
    max_distance_m: Option<f64>,
    allow_invalid: bool,
    threads: Option<usize>,
) -> PyResult<SnapArrays<'py>> {
    let (lon, lat) = (lon.as_slice()?, lat.as_slice()?);
    if lon.len() != lat.len() {
        return Err(CorridorsValueError::new_err(format!(
            "lon and lat have different lengths ({} and {})",
            lon.len(),
            lat.len()
        )));
    }
    if !allow_invalid
        && let Some(i) = (0..lon.len()).find(|&i| !lon[i].is_finite() || !lat[i].is_finite())
    {
        return Err(CorridorsValueError::new_err(format!(
            "point {i} has a non-finite coordinate (lon {}, lat {}); pass allow_invalid=True to mark such points invalid",
            lon[i], lat[i]
        )));
    }
    let mut opts = SnapOptions::default();
    if let Some(d) = max_distance_m {
        opts.max_distance_m = d;
    }
    opts.validate().map_err(to_py)?;
    let index = py.detach(|| net.index()).map_err(to_py)?;
    let r = run(py, threads, move |exec| {
        let pts: Vec<Point<f64>> = lon
            .iter()
            .zip(lat)
            .map(|(&x, &y)| Point::new(x, y))
            .collect();
        let res = snap_points(&index, &pts, &opts, exec)?;
        let k = res.len();
        let (mut seg, mut dist, mut off, mut frac, mut st) = (
            Vec::with_capacity(k),
            Vec::with_capacity(k),
            Vec::with_capacity(k),
            Vec::with_capacity(k),
            Vec::with_capacity(k),
        );
        for r in res {
            let status = match r.status {
                SnapStatus::Matched => 0i8,
                SnapStatus::TooFar => 1,
                SnapStatus::Invalid => 2,
            };
            match (r.status, r.nearest) {
                (SnapStatus::Matched, Some(s)) => {
                    seg.push(s.segment as i64);
                    dist.push(s.distance_m);
                    off.push(s.offset_m);
                    frac.push(s.fraction);
                }
                (_, near) => {
                    seg.push(-1);
                    dist.push(near.map_or(f64::NAN, |s| s.distance_m));
                    off.push(f64::NAN);
                    frac.push(f64::NAN);
                }
            }
            st.push(status);
        }
        Ok((seg, dist, off, frac, st))
    })?;
    Ok((
        r.0.into_pyarray(py),
        r.1.into_pyarray(py),
        r.2.into_pyarray(py),
        r.3.into_pyarray(py),
        r.4.into_pyarray(py),
    ))
}

/// Case points of a file counted per hub and segment and published through the privacy
/// guard; returns JSON text (see `corridors.aggregate`).
#[pyfunction]
#[pyo3(signature = (net, cases, max_distance_m = None, min_count = None, rounding = None))]
fn aggregate(
    py: Python<'_>,
    net: &PyNetwork,
    cases: std::path::PathBuf,
    max_distance_m: Option<f64>,
    min_count: Option<u32>,
    rounding: Option<u32>,
) -> PyResult<String> {
    let mut guard = PrivacyGuard::default();
    if let Some(k) = min_count {
        if k < guard.min_count {
            return Err(CorridorsValueError::new_err(format!(
                "min_count {k} is below the privacy floor {}",
                guard.min_count
            )));
        }
        guard.min_count = k;
    }
    guard.rounding = rounding;
    let mut snap = SnapOptions::default();
    if let Some(d) = max_distance_m {
        snap.max_distance_m = d;
    }
    let n = net.net.clone();
    run(py, None, move |exec| {
        guard.validate()?;
        snap.validate()?;
        let read = corridors::io::read_cases(&cases, &Default::default())?;
        let counts = count_points(&n, &read.records, &snap, &AggregateOptions::default(), exec)?;
        let published = guard.publish(&n, &counts.aggregate)?;
        let cell = |c: &corridors::cases::PublishedCounts| {
            let mut m = serde_json::Map::new();
            c.write_to(&mut m);
            serde_json::Value::Object(m)
        };
        // `matched` is the total of the counted cases, so it is the guard's total (secondary
        // suppression may hide it: it is the sum of the segments). When that total is hidden
        // or rounded, `too_far` and `invalid` are withheld too: rows − too far − invalid would
        // give it back (the CLI's `aggregate` follows the same rule).
        let total = published.total().cases();
        let rounded = guard.rounding.is_some_and(|r| r > 1);
        let withheld = total.is_none() || rounded;
        let publish = |x: usize| {
            if withheld {
                None
            } else {
                guard.publish_count(x as u64)
            }
        };
        Ok(serde_json::json!({
            "hubs": published.hubs().iter().map(cell).collect::<Vec<_>>(),
            "segments": published.segments().iter().map(cell).collect::<Vec<_>>(),
            "matched": total,
            "too_far": publish(counts.too_far),
            "invalid": publish(counts.invalid),
            "privacy": published.privacy_metadata(),
        })
        .to_string())
    })
}

/// A network prepared for exact betweenness (picklable; ship it once to every worker).
#[pyclass(frozen, module = "corridors._corridors", name = "CentralityGraph")]
pub struct PyCentralityGraph {
    g: Arc<CentralityGraph>,
}

#[pymethods]
impl PyCentralityGraph {
    #[new]
    #[pyo3(signature = (net, *, weight = None, undirected = None, source_chunk = None))]
    fn new(
        py: Python<'_>,
        net: &PyNetwork,
        weight: Option<&str>,
        undirected: Option<bool>,
        source_chunk: Option<usize>,
    ) -> PyResult<Self> {
        let opts = centrality_options(weight, undirected, None)?;
        let chunk = source_chunk.unwrap_or(centrality::SOURCE_CHUNK);
        let n = net.net.clone();
        let g = py
            .detach(|| CentralityGraph::new(&n, &opts, chunk))
            .map_err(to_py)?;
        Ok(Self { g: Arc::new(g) })
    }

    /// Number of source chunks (tasks).
    #[getter]
    fn chunks(&self) -> usize {
        self.g.chunks()
    }

    /// Identifies graph, costs and chunk size.
    #[getter]
    fn fingerprint(&self) -> u64 {
        self.g.fingerprint()
    }

    /// Sources per chunk.
    #[getter]
    fn source_chunk(&self) -> usize {
        self.g.source_chunk()
    }

    /// Number of hubs.
    #[getter]
    fn hub_count(&self) -> usize {
        self.g.hub_count()
    }

    /// Number of segments.
    #[getter]
    fn segment_count(&self) -> usize {
        self.g.segment_count()
    }

    /// Whether one-way segments are respected.
    #[getter]
    fn directed(&self) -> bool {
        self.g.directed()
    }

    /// Versioned bytes (what pickling ships).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.g.to_bytes())
    }

    /// Reads `to_bytes` output (`ValueError` for truncated or corrupted bytes).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        let g = py
            .detach(|| CentralityGraph::from_bytes(data))
            .map_err(to_py)?;
        Ok(Self { g: Arc::new(g) })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let ctor = py.get_type::<PyCentralityGraph>().getattr("from_bytes")?;
        (ctor, (self.to_bytes(py),)).into_pyobject(py)
    }

    fn __sizeof__(&self) -> usize {
        // what Dask and sys.getsizeof see: the shipped size, not the Python shell
        self.g.to_bytes().len() + 64
    }

    fn __repr__(&self) -> String {
        format!(
            "<corridors.CentralityGraph: {} hubs, {} chunks of {}, fingerprint {:016x}>",
            self.g.hub_count(),
            self.g.chunks(),
            self.g.source_chunk(),
            self.g.fingerprint()
        )
    }
}

/// The raw sums of one source chunk (picklable).
#[pyclass(frozen, module = "corridors._corridors", name = "BetweennessPartial")]
pub struct PyBetweennessPartial {
    p: Arc<BetweennessPartial>,
}

#[pymethods]
impl PyBetweennessPartial {
    /// The chunk index.
    #[getter]
    fn chunk(&self) -> usize {
        self.p.chunk
    }

    /// Fingerprint of the graph it was computed on.
    #[getter]
    fn fingerprint(&self) -> u64 {
        self.p.fingerprint
    }

    /// Raw sums (a copy): one per hub, then one per merged arc.
    #[getter]
    fn raw<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.p.raw.clone().into_pyarray(py)
    }

    /// Little-endian bytes: chunk, fingerprint, raw values.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let mut b = Vec::with_capacity(16 + 8 * self.p.raw.len());
        b.extend_from_slice(&(self.p.chunk as u64).to_le_bytes());
        b.extend_from_slice(&self.p.fingerprint.to_le_bytes());
        for x in &self.p.raw {
            b.extend_from_slice(&x.to_le_bytes());
        }
        PyBytes::new(py, &b)
    }

    /// Reads `to_bytes` output.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<Self> {
        if data.len() < 16 || !data.len().is_multiple_of(8) {
            return Err(CorridorsValueError::new_err("not a betweenness partial"));
        }
        let word = |i: usize| {
            let mut a = [0u8; 8];
            a.copy_from_slice(&data[8 * i..8 * i + 8]);
            a
        };
        let chunk = usize::try_from(u64::from_le_bytes(word(0)))
            .map_err(|_| CorridorsValueError::new_err("chunk out of range"))?;
        let fingerprint = u64::from_le_bytes(word(1));
        let raw = (2..data.len() / 8)
            .map(|i| f64::from_le_bytes(word(i)))
            .collect();
        Ok(Self {
            p: Arc::new(BetweennessPartial {
                chunk,
                fingerprint,
                raw,
            }),
        })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let ctor = py
            .get_type::<PyBetweennessPartial>()
            .getattr("from_bytes")?;
        (ctor, (self.to_bytes(py),)).into_pyobject(py)
    }

    fn __sizeof__(&self) -> usize {
        16 + 8 * self.p.raw.len() + 64
    }

    fn __repr__(&self) -> String {
        format!(
            "<corridors.BetweennessPartial: chunk {}, fingerprint {:016x}>",
            self.p.chunk, self.p.fingerprint
        )
    }
}

/// The raw sums of chunk `chunk` of `graph` (GIL released; Ctrl-C cancels).
#[pyfunction]
#[pyo3(signature = (graph, chunk, threads = None))]
fn betweenness_partial(
    py: Python<'_>,
    graph: &PyCentralityGraph,
    chunk: usize,
    threads: Option<usize>,
) -> PyResult<PyBetweennessPartial> {
    let g = graph.g.clone();
    let p = run(py, threads, move |exec| {
        centrality::betweenness_partial(&g, chunk, exec)
    })?;
    Ok(PyBetweennessPartial { p: Arc::new(p) })
}

/// The ordered merge of chunk partials.
#[pyclass(module = "corridors._corridors", name = "BetweennessMerge")]
pub struct PyBetweennessMerge {
    g: Arc<CentralityGraph>,
    m: Option<BetweennessMerge>,
}

#[pymethods]
impl PyBetweennessMerge {
    #[new]
    #[pyo3(signature = (graph, normalized = None))]
    fn new(graph: &PyCentralityGraph, normalized: Option<bool>) -> Self {
        let normalized = normalized.unwrap_or(CentralityOptions::default().normalized);
        Self {
            g: graph.g.clone(),
            m: Some(BetweennessMerge::new(&graph.g, normalized)),
        }
    }

    /// The chunk expected next.
    #[getter]
    fn next_chunk(&self) -> usize {
        self.m.as_ref().map_or(0, |m| m.next_chunk())
    }

    /// Adds the next partial (`ValueError` when out of order or of another graph).
    fn add(&mut self, partial: &PyBetweennessPartial) -> PyResult<()> {
        let m = self
            .m
            .as_mut()
            .ok_or_else(|| CorridorsValueError::new_err("the merge is already finished"))?;
        m.add(&partial.p).map_err(to_py)
    }

    /// `(hubs, segments, directed, normalized)` once every chunk is in.
    fn finish<'py>(&mut self, py: Python<'py>) -> PyResult<BcScores<'py>> {
        let m = self
            .m
            .as_ref()
            .ok_or_else(|| CorridorsValueError::new_err("the merge is already finished"))?;
        // keep the merge when chunks are missing, so that the caller can add them
        let b = m.clone().finish(&self.g).map_err(to_py)?;
        self.m = None;
        Ok((
            b.hubs.into_pyarray(py),
            b.segments.into_pyarray(py),
            b.directed,
            b.normalized,
        ))
    }
}

/// The extension module.
#[pymodule]
mod _corridors {
    #[pymodule_export]
    use super::{
        PyBetweennessMerge, PyBetweennessPartial, PyCentralityGraph, PyNetwork, aggregate,
        betweenness, betweenness_partial, closeness, load_network, od_betweenness, routes,
        sampled_betweenness, snap,
    };
    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", corridors::VERSION)?;
        m.add("SOURCE_CHUNK", corridors::centrality::SOURCE_CHUNK)?;
        Ok(())
    }
}
