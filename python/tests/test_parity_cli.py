"""Python results equal the CLI's output bit for bit on data/mexico (explicit --weight flags,
so that a change of the library default moves both sides together)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

import corridors
from conftest import MEXICO, cli_properties

NET_ARGS = [a for p in MEXICO for a in ("--network", p)]


def run_cli(cli: Path, tmp: Path, *args: str) -> Path:
    out = tmp / "out.geojson"
    subprocess.run([str(cli), "centrality", *NET_ARGS, *args, "--out", str(out)],
                   check=True, capture_output=True)
    return out


def by_id(props: dict[str, dict[str, object]], ids: list[str], key: str) -> np.ndarray:
    return np.array([float(props[i][key]) for i in ids])  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", ["length", "minutes"])
def test_betweenness_and_closeness_equal_the_cli(cli: Path, tmp_path: Path, mexico: corridors.Network, weight: str) -> None:
    hubs, segs = cli_properties(run_cli(cli, tmp_path, "--weight", weight))
    bc = corridors.betweenness(mexico, weight=weight)
    assert bc.normalized
    assert np.array_equal(bc.hubs, by_id(hubs, mexico.hub_ids, "betweenness"))
    assert np.array_equal(bc.segments, by_id(segs, mexico.segment_ids, "edge_betweenness"))
    assert bc.hubs.max() > 0.1  # not trivially zero
    cl = corridors.closeness(mexico, weight=weight)
    assert np.array_equal(cl.closeness, by_id(hubs, mexico.hub_ids, "closeness"))
    assert np.array_equal(cl.harmonic, by_id(hubs, mexico.hub_ids, "harmonic"))
    # a distributed-style run with the default chunk is the same result
    g = corridors.CentralityGraph(mexico, weight=weight)
    m = corridors.BetweennessMerge(g)
    for c in range(g.chunks):
        m.add(corridors.betweenness_partial(g, c))
    merged = m.finish(mexico)
    assert merged.hubs.tobytes() == bc.hubs.tobytes()
    assert merged.segments.tobytes() == bc.segments.tobytes()


@pytest.mark.parametrize("weight", ["length", "minutes"])
def test_od_betweenness_equals_the_cli(cli: Path, tmp_path: Path, mexico: corridors.Network, weight: str) -> None:
    hubs, segs = cli_properties(run_cli(
        cli, tmp_path, "--weight", weight, "--sources", "tapachula",
        "--targets", "tijuana,ciudad_juarez,nuevo_laredo"))
    od_keys = [k for k in next(iter(segs.values())) if k.startswith("od_")]
    assert od_keys, "the CLI writes OD columns"
    demand = [("tapachula", t, 1.0) for t in ("tijuana", "ciudad_juarez", "nuevo_laredo")]
    od = corridors.od_betweenness(mexico, demand, weight=weight, normalized=False)
    assert np.array_equal(od.hubs, by_id(hubs, mexico.hub_ids, "od_betweenness"))
    seg_key = "od_edge_betweenness" if "od_edge_betweenness" in od_keys else od_keys[0]
    assert np.array_equal(od.segments, by_id(segs, mexico.segment_ids, seg_key))
    assert od.segments.max() > 0
    # the same demand as a CSV file and as a DataFrame
    csv = tmp_path / "demand.csv"
    csv.write_text("origin,destination,demand\n" + "".join(f"{a},{b},{w}\n" for a, b, w in demand))
    from_csv = corridors.od_betweenness(mexico, csv, weight=weight, normalized=False)
    assert from_csv.hubs.tobytes() == od.hubs.tobytes()


def test_od_demand_as_a_dataframe(mexico: corridors.Network) -> None:
    pd = pytest.importorskip("pandas")
    demand = [("tapachula", "tijuana", 2.0), ("ciudad_hidalgo_chiapas", "nuevo_laredo", 1.0)]
    df = pd.DataFrame(demand, columns=["origin", "destination", "demand"])
    a = corridors.od_betweenness(mexico, df, weight="minutes")
    b = corridors.od_betweenness(mexico, demand, weight="minutes")
    assert a.segments.tobytes() == b.segments.tobytes() and a.segments.max() > 0
    hubs, segs = a.to_pandas()
    assert hubs["tapachula"] == a.to_dict()["tapachula"]
