"""corridors: corridor graphs for studying trafficking and smuggling routes.

Python bindings of the Rust crate ``corridors``. Every computation runs in Rust with the
GIL released; Ctrl-C interrupts it (``KeyboardInterrupt``). Results are numpy arrays in hub
and segment index order, with ``to_dict()`` and ``to_pandas()``.

Keywords left at ``None`` take the library's defaults (weight, direction, normalisation),
so the Python API follows the Rust crate and the CLI.

>>> import corridors
>>> net, report = corridors.load_network(["data/mexico/hubs.geojson", "data/mexico/segments.geojson"])
>>> bc = corridors.betweenness(net, weight="minutes")
>>> top = max(bc.to_dict().items(), key=lambda kv: kv[1])
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np
import numpy.typing as npt

from . import _corridors
from ._corridors import (
    BetweennessPartial,
    CentralityGraph,
    Network,
)
from ._errors import (
    CorridorsError,
    CorridorsValueError,
    InvalidNetworkError,
    UnknownIdError,
    WeightError,
)

__version__: str = _corridors.__version__
#: Sources per chunk of exact betweenness (part of its numeric contract).
SOURCE_CHUNK: int = _corridors.SOURCE_CHUNK

FloatArray = npt.NDArray[np.float64]
PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class BuildReport:
    """What building a network found: a summary, warnings and hubs created at line ends."""

    summary: dict[str, Any]
    diagnostics: list[dict[str, Any]]
    created_hubs: list[str]

    @classmethod
    def _from_json(cls, text: str) -> BuildReport:
        d = json.loads(text) if text else {}
        return cls(d.get("summary", {}), d.get("diagnostics", []), d.get("created_hubs", []))


def load_network(
    paths: PathLike | Sequence[PathLike], tolerance_m: float = 1.0
) -> tuple[Network, BuildReport]:
    """Loads GeoJSON hub and segment files (the CLI's ``--network``).

    Raises ``InvalidNetworkError`` (with ``.diagnostics``) when an input has errors,
    including a file that cannot be read.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    net, report = _corridors.load_network([os.fspath(p) for p in paths], tolerance_m)
    return net, BuildReport._from_json(report)


def build_report(net: Network) -> BuildReport:
    """The build report of ``net``."""
    return BuildReport._from_json(net._report_json())


@dataclass(frozen=True)
class Betweenness:
    """Hub and segment betweenness, in index order (``hub_ids`` / ``segment_ids``)."""

    hubs: FloatArray
    segments: FloatArray
    directed: bool
    normalized: bool
    hub_ids: list[str] = field(default_factory=list)
    segment_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, float]:
        """``{hub_id: score}`` (NetworkX style)."""
        return dict(zip(self.hub_ids, self.hubs.tolist()))

    def segments_dict(self) -> dict[str, float]:
        """``{segment_id: score}``."""
        return dict(zip(self.segment_ids, self.segments.tolist()))

    def to_pandas(self) -> tuple[Any, Any]:
        """``(hub scores, segment scores)`` as pandas Series indexed by id."""
        pd: Any = importlib.import_module("pandas")

        return (
            pd.Series(self.hubs, index=pd.Index(self.hub_ids, name="hub"), name="betweenness"),
            pd.Series(
                self.segments,
                index=pd.Index(self.segment_ids, name="segment"),
                name="edge_betweenness",
            ),
        )


@dataclass(frozen=True)
class SampledBetweenness(Betweenness):
    """Sampled betweenness with its (ε, δ) guarantee."""

    epsilon: float = 0.0
    delta: float = 0.0
    samples: int = 0
    seed: int = 0
    vertex_diameter_bound: int = 0


@dataclass(frozen=True)
class Closeness:
    """Closeness (Wasserman–Faust) and harmonic centrality per hub."""

    closeness: FloatArray
    harmonic: FloatArray
    directed: bool
    hub_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, float]:
        """``{hub_id: closeness}``."""
        return dict(zip(self.hub_ids, self.closeness.tolist()))

    def to_pandas(self) -> Any:
        """A DataFrame indexed by hub id with ``closeness`` and ``harmonic`` columns."""
        pd: Any = importlib.import_module("pandas")

        return pd.DataFrame(
            {"closeness": self.closeness, "harmonic": self.harmonic},
            index=pd.Index(self.hub_ids, name="hub"),
        )


def betweenness(
    net: Network,
    *,
    weight: str | None = None,
    undirected: bool | None = None,
    normalized: bool | None = None,
    source_chunk: int | None = None,
    threads: int | None = None,
) -> Betweenness:
    """Exact betweenness of every hub and segment (Brandes with Dijkstra).

    ``weight``: ``"length"``, ``"minutes"`` or a numeric segment property (``None``: the
    library default). ``source_chunk`` fixes the grouping of the sum (see
    ``CentralityGraph``); ``None`` is ``SOURCE_CHUNK``. ``threads``: size of a dedicated
    thread pool (``None``: every core). Results do not depend on ``threads``.
    """
    h, s, d, n = _corridors.betweenness(
        net, weight, undirected, normalized, source_chunk, threads
    )
    return Betweenness(h, s, d, n, net.hub_ids, net.segment_ids)


Demand = Union[
    PathLike,
    Iterable[tuple[str, str, float]],
    Any,  # a pandas DataFrame with origin, destination, demand columns
]


def od_betweenness(
    net: Network,
    demand: Demand,
    *,
    weight: str | None = None,
    undirected: bool | None = None,
    normalized: bool | None = None,
    threads: int | None = None,
) -> Betweenness:
    """Betweenness restricted to origin → destination pairs, weighted by demand.

    ``demand``: a CSV path (columns origin,destination,demand, as the CLI's ``--demand``),
    a DataFrame with those columns, or an iterable of ``(origin_id, destination_id,
    demand)``. Unknown hub ids raise ``UnknownIdError``. ``normalized=None`` reports raw
    demand-weighted sums (the CLI's OD convention).
    """
    csv: str | None = None
    o: list[str] = []
    t: list[str] = []
    w: list[float] = []
    if isinstance(demand, (str, os.PathLike)):
        csv = os.fspath(demand)
    elif hasattr(demand, "columns") and hasattr(demand, "itertuples"):
        df: Any = demand
        missing = {"origin", "destination", "demand"} - set(df.columns)
        if missing:
            raise CorridorsValueError(f"demand DataFrame lacks columns {sorted(missing)}")
        o = [str(x) for x in df["origin"]]
        t = [str(x) for x in df["destination"]]
        w = [float(x) for x in df["demand"]]
    else:
        for row in demand:  # type: ignore[union-attr]
            a, b, c = row
            o.append(str(a))
            t.append(str(b))
            w.append(float(c))
    h, s, d, n = _corridors.od_betweenness(
        net, o, t, w, csv, weight, undirected, normalized, threads
    )
    return Betweenness(h, s, d, n, net.hub_ids, net.segment_ids)


def sampled_betweenness(
    net: Network,
    *,
    samples: int | None = None,
    epsilon: float | None = None,
    delta: float | None = None,
    seed: int | None = None,
    weight: str | None = None,
    undirected: bool | None = None,
    normalized: bool | None = None,
    threads: int | None = None,
) -> SampledBetweenness:
    """Riondato–Kornaropoulos sampled betweenness (seeded, reproducible)."""
    (h, s, d, n), info = _corridors.sampled_betweenness(
        net, samples, epsilon, delta, seed, weight, undirected, normalized, threads
    )
    i = json.loads(info)
    return SampledBetweenness(
        h, s, d, n, net.hub_ids, net.segment_ids,
        float(i["epsilon"]), float(i["delta"]), int(i["samples"]), int(i["seed"]),
        int(i["vertex_diameter_bound"]),
    )


def closeness(
    net: Network,
    *,
    weight: str | None = None,
    undirected: bool | None = None,
    threads: int | None = None,
) -> Closeness:
    """Closeness (Wasserman–Faust improved) and harmonic centrality of every hub."""
    c, h, d = _corridors.closeness(net, weight, undirected, threads)
    return Closeness(c, h, d, net.hub_ids)


@dataclass(frozen=True)
class Route:
    """A route: hubs and segments in travel order, totals, and its line geometry."""

    hub_ids: list[str]
    segment_ids: list[str]
    cost: float
    length_m: float
    minutes: float
    coordinates: list[list[float]]

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """A GeoJSON Feature (LineString, WGS84 lon/lat) with the route's properties."""
        return {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": self.coordinates},
            "properties": {
                "hubs": self.hub_ids,
                "segments": self.segment_ids,
                "cost": self.cost,
                "length_m": self.length_m,
                "minutes": self.minutes,
            },
        }


def _routes(raw: list[tuple[list[str], list[str], float, float, float, list[list[float]]]]) -> list[Route]:
    return [Route(h, s, c, lm, mi, [list(p) for p in xy]) for h, s, c, lm, mi, xy in raw]


def route(
    net: Network,
    origin: str,
    destination: str,
    *,
    via: Sequence[str] = (),
    weight: str | None = None,
    undirected: bool | None = None,
) -> Route | None:
    """The shortest route from ``origin`` through ``via`` to ``destination`` (hub ids,
    names, ``kind:K``…), or ``None`` when there is none."""
    r = _routes(_corridors.routes(net, [origin, *via, destination], 1, None, weight, undirected))
    return r[0] if r else None


def k_routes(
    net: Network,
    origin: str,
    destination: str,
    k: int = 3,
    *,
    max_shared: float | None = None,
    weight: str | None = None,
    undirected: bool | None = None,
) -> list[Route]:
    """Up to ``k`` loopless routes in non-decreasing cost (Yen); ``max_shared`` keeps only
    alternatives sharing at most that fraction of their length with a better route."""
    return _routes(_corridors.routes(net, [origin, destination], k, max_shared, weight, undirected))


@dataclass(frozen=True)
class Snapped:
    """Snapping results, one entry per input point.

    ``segment`` is the segment index (-1 when unmatched), ``distance_m`` the great-circle
    distance to it, ``offset_m`` / ``fraction`` the position along it from its ``from``
    hub, ``status`` 0 matched, 1 too far, 2 invalid coordinates.
    """

    segment: npt.NDArray[np.int64]
    distance_m: FloatArray
    offset_m: FloatArray
    fraction: FloatArray
    status: npt.NDArray[np.int8]

    def to_pandas(self) -> Any:
        """The five arrays as DataFrame columns."""
        pd: Any = importlib.import_module("pandas")

        return pd.DataFrame(self.__dict__)


def snap(
    net: Network,
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    *,
    max_distance_m: float | None = None,
    allow_invalid: bool = False,
    threads: int | None = None,
) -> Snapped:
    """Snaps points (WGS84 degrees) to the nearest segment; numpy in, numpy out.

    Non-finite coordinates raise ``CorridorsValueError`` (a ``ValueError``) unless
    ``allow_invalid``, which marks them with status 2; arrays of different lengths raise.
    The segment index is built on first use and cached on the network.
    """
    x = np.ascontiguousarray(lon, dtype=np.float64)
    y = np.ascontiguousarray(lat, dtype=np.float64)
    if x.ndim != 1 or y.ndim != 1:
        raise CorridorsValueError("lon and lat must be one-dimensional")
    seg, dist, off, frac, st = _corridors.snap(net, x, y, max_distance_m, allow_invalid, threads)
    return Snapped(seg, dist, off, frac, st)


def aggregate(
    net: Network,
    cases: PathLike,
    *,
    max_distance_m: float | None = None,
    min_count: int | None = None,
    rounding: int | None = None,
) -> dict[str, Any]:
    """Case points of a file (CSV or GeoJSON) snapped and counted per hub and segment,
    published through the privacy guard: no count from 1 to ``min_count - 1`` (default and
    minimum 11) is ever returned; suppressed cells are ``None``.

    Returns ``{"hubs": [...], "segments": [...], "matched", "too_far", "invalid",
    "privacy"}``, lists in index order. ``matched`` is the guard's published total (it is the
    sum of the segments, so secondary suppression can hide it: ``None``); when it is hidden
    or rounded, ``too_far`` and ``invalid`` are ``None`` too, since the number of rows minus
    them would give it back.
    """
    out: dict[str, Any] = json.loads(
        _corridors.aggregate(net, os.fspath(cases), max_distance_m, min_count, rounding)
    )
    return out


def betweenness_partial(
    graph: CentralityGraph, chunk: int, *, threads: int | None = None
) -> BetweennessPartial:
    """The raw sums of source chunk ``chunk`` of ``graph`` (a task for Dask, Ray, Spark…)."""
    return _corridors.betweenness_partial(graph, chunk, threads)


class BetweennessMerge:
    """Merges chunk partials in chunk order; refuses out-of-order or foreign partials.

    >>> g = CentralityGraph(net, weight="minutes")          # doctest: +SKIP
    >>> m = BetweennessMerge(g)                              # doctest: +SKIP
    >>> for i in range(g.chunks): m.add(betweenness_partial(g, i))   # doctest: +SKIP
    >>> bc = m.finish(net)                                   # doctest: +SKIP
    """

    def __init__(self, graph: CentralityGraph, normalized: bool | None = None) -> None:
        self._m = _corridors.BetweennessMerge(graph, normalized)

    @property
    def next_chunk(self) -> int:
        """The chunk expected next."""
        return self._m.next_chunk

    def add(self, partial: BetweennessPartial) -> None:
        """Adds the next partial (``CorridorsValueError`` when out of order or foreign)."""
        self._m.add(partial)

    def finish(self, net: Network | None = None) -> Betweenness:
        """The result once every chunk is in (``net`` supplies the ids)."""
        h, s, d, n = self._m.finish()
        if net is None:
            return Betweenness(h, s, d, n)
        return Betweenness(h, s, d, n, net.hub_ids, net.segment_ids)


__all__ = [
    "SOURCE_CHUNK",
    "Betweenness",
    "BetweennessMerge",
    "BetweennessPartial",
    "BuildReport",
    "CentralityGraph",
    "Closeness",
    "CorridorsError",
    "CorridorsValueError",
    "InvalidNetworkError",
    "Network",
    "Route",
    "SampledBetweenness",
    "Snapped",
    "UnknownIdError",
    "WeightError",
    "__version__",
    "aggregate",
    "betweenness",
    "betweenness_partial",
    "build_report",
    "closeness",
    "k_routes",
    "load_network",
    "od_betweenness",
    "route",
    "sampled_betweenness",
    "snap",
]
