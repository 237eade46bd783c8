"""Type stubs of the extension module (checked with ``python -m mypy.stubtest corridors``)."""

from collections.abc import Mapping, Sequence
from typing import Any, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "BetweennessMerge",
    "BetweennessPartial",
    "CentralityGraph",
    "Network",
    "aggregate",
    "betweenness",
    "betweenness_partial",
    "closeness",
    "load_network",
    "od_betweenness",
    "routes",
    "sampled_betweenness",
    "snap",
    "__version__",
    "SOURCE_CHUNK",
]

__version__: str
SOURCE_CHUNK: int

_F = npt.NDArray[np.float64]

@final
class Network:
    @staticmethod
    def _from_geojson(
        sources: Sequence[tuple[str, str]], tolerance_m: float = 1.0
    ) -> tuple[Network, str]: ...
    @staticmethod
    def _from_sources(sources: Sequence[tuple[str, str]], tolerance_m: float) -> Network: ...
    @staticmethod
    def from_features(*collections: Any, tolerance_m: float = 1.0) -> Network: ...
    @property
    def hub_count(self) -> int: ...
    @property
    def segment_count(self) -> int: ...
    @property
    def hub_ids(self) -> list[str]: ...
    @property
    def segment_ids(self) -> list[str]: ...
    def hub_index(self, id: str) -> int: ...
    def resolve_hubs(self, reference: str) -> list[int]: ...
    def layer(
        self,
        hub_measures: Mapping[str, Sequence[float] | _F] | None = None,
        segment_measures: Mapping[str, Sequence[float] | _F] | None = None,
    ) -> dict[str, Any]: ...
    def _layer_json(self) -> str: ...
    def _report_json(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

def load_network(paths: Sequence[str], tolerance_m: float = 1.0) -> tuple[Network, str]: ...
def betweenness(
    net: Network,
    weight: str | None = None,
    undirected: bool | None = None,
    normalized: bool | None = None,
    source_chunk: int | None = None,
    threads: int | None = None,
) -> tuple[_F, _F, bool, bool]: ...
def od_betweenness(
    net: Network,
    origins: Sequence[str],
    destinations: Sequence[str],
    demand: Sequence[float],
    csv: str | None = None,
    weight: str | None = None,
    undirected: bool | None = None,
    normalized: bool | None = None,
    threads: int | None = None,
) -> tuple[_F, _F, bool, bool]: ...
def sampled_betweenness(
    net: Network,
    samples: int | None = None,
    epsilon: float | None = None,
    delta: float | None = None,
    seed: int | None = None,
    weight: str | None = None,
    undirected: bool | None = None,
    normalized: bool | None = None,
    threads: int | None = None,
) -> tuple[tuple[_F, _F, bool, bool], str]: ...
def closeness(
    net: Network,
    weight: str | None = None,
    undirected: bool | None = None,
    threads: int | None = None,
) -> tuple[_F, _F, bool]: ...
def routes(
    net: Network,
    stops: Sequence[str],
    k: int = 1,
    max_shared: float | None = None,
    weight: str | None = None,
    undirected: bool | None = None,
) -> list[tuple[list[str], list[str], float, float, float, list[list[float]]]]: ...
def snap(
    net: Network,
    lon: _F,
    lat: _F,
    max_distance_m: float | None = None,
    allow_invalid: bool = False,
    threads: int | None = None,
) -> tuple[
    npt.NDArray[np.int64], _F, _F, _F, npt.NDArray[np.int8]
]: ...
def aggregate(
    net: Network,
    cases: str,
    max_distance_m: float | None = None,
    min_count: int | None = None,
    rounding: int | None = None,
) -> str: ...
@final
class CentralityGraph:
    def __new__(
        cls,
        net: Network,
        *,
        weight: str | None = None,
        undirected: bool | None = None,
        source_chunk: int | None = None,
    ) -> CentralityGraph: ...
    @property
    def chunks(self) -> int: ...
    @property
    def fingerprint(self) -> int: ...
    @property
    def source_chunk(self) -> int: ...
    @property
    def hub_count(self) -> int: ...
    @property
    def segment_count(self) -> int: ...
    @property
    def directed(self) -> bool: ...
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> CentralityGraph: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __sizeof__(self) -> int: ...

@final
class BetweennessPartial:
    @property
    def chunk(self) -> int: ...
    @property
    def fingerprint(self) -> int: ...
    @property
    def raw(self) -> _F: ...
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> BetweennessPartial: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __sizeof__(self) -> int: ...

def betweenness_partial(
    graph: CentralityGraph, chunk: int, threads: int | None = None
) -> BetweennessPartial: ...
@final
class BetweennessMerge:
    def __new__(cls, graph: CentralityGraph, normalized: bool | None = None) -> BetweennessMerge: ...
    @property
    def next_chunk(self) -> int: ...
    def add(self, partial: BetweennessPartial) -> None: ...
    def finish(self) -> tuple[_F, _F, bool, bool]: ...
