"""Install, version, typing, GeoPandas/shapely interop, snapping and the privacy guard."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import corridors
from conftest import MEXICO, ROOT


def test_version_is_the_crate_version() -> None:
    cargo = (ROOT / "Cargo.toml").read_text()
    version = re.search(r'^version\s*=\s*"([^"]+)"', cargo, re.M)
    assert version and corridors.__version__ == version.group(1)
    py_cargo = (ROOT / "python/Cargo.toml").read_text()
    assert f'version = "{version.group(1)}"' in py_cargo  # the wheel's version


def test_the_extension_is_abi3_and_typed() -> None:
    from corridors import _corridors

    assert _corridors.__file__ and ".abi3." in Path(_corridors.__file__).name
    pkg = Path(corridors.__file__).parent
    assert (pkg / "py.typed").exists() and (pkg / "_corridors.pyi").exists()


def test_build_report_and_ids(mexico: corridors.Network) -> None:
    net, report = corridors.load_network(MEXICO)
    assert report.summary["hubs"] == net.hub_count == 103
    assert len(net.hub_ids) == net.hub_count and net.hub_index(net.hub_ids[7]) == 7
    assert corridors.build_report(net).summary == report.summary
    assert net.resolve_hubs("kind:entry")


def test_layer_feeds_geopandas(mexico: corridors.Network) -> None:
    gpd = pytest.importorskip("geopandas")
    bc = corridors.betweenness(mexico, weight="minutes")
    layer = mexico.layer(hub_measures={"betweenness": bc.hubs},
                         segment_measures={"edge_betweenness": bc.segments})
    gdf = gpd.GeoDataFrame.from_features(layer, crs="EPSG:4326")
    assert len(gdf) == mexico.hub_count + mexico.segment_count
    hubs = gdf[gdf["layer"] == "hub"].set_index("id")
    assert len(hubs) == mexico.hub_count
    assert np.array_equal(hubs.loc[mexico.hub_ids, "betweenness"].to_numpy(), bc.hubs)
    assert gdf[gdf["layer"] == "segment"]["edge_betweenness"].max() == bc.segments.max()


def test_route_geo_interface(mexico: corridors.Network) -> None:
    shapely = pytest.importorskip("shapely")
    r = corridors.route(mexico, "tapachula", "tijuana", weight="minutes")
    assert r is not None and r.hub_ids[0] == "tapachula" and r.hub_ids[-1] == "tijuana"
    line = shapely.geometry.shape(r.__geo_interface__["geometry"])
    assert line.geom_type == "LineString" and line.coords[0] == tuple(r.coordinates[0])
    rs = corridors.k_routes(mexico, "tapachula", "tijuana", 3, weight="minutes")
    assert len(rs) == 3 and rs[0].cost == r.cost
    assert all(a.cost <= b.cost for a, b in zip(rs, rs[1:]))
    via = corridors.route(mexico, "tapachula", "tijuana", via=["monterrey"])
    assert via is not None and "monterrey" in via.hub_ids


def test_snap_matches_the_cli(cli: Path, mexico: corridors.Network) -> None:
    out = subprocess.run([str(cli), "snap", "--network", MEXICO[0], "--network", MEXICO[1],
                          "--cases", str(ROOT / "data/mexico/cases_synthetic.csv")],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    src = list(csv.DictReader(open(ROOT / "data/mexico/cases_synthetic.csv")))
    lon = np.array([float(r["lon"]) for r in src])
    lat = np.array([float(r["lat"]) for r in src])
    s = corridors.snap(mexico, lon, lat)
    ids = mexico.segment_ids
    for i, r in enumerate(rows):
        if r["status"] == "matched":
            assert s.status[i] == 0 and ids[s.segment[i]] == r["segment_id"]
            assert abs(s.distance_m[i] - float(r["distance_m"])) <= 0.05
        else:
            assert s.status[i] != 0
    assert (s.status == 0).sum() > 500


def test_aggregate_never_publishes_small_counts(mexico: corridors.Network) -> None:
    agg = corridors.aggregate(mexico, ROOT / "data/mexico/cases_synthetic.csv")
    cells = agg["hubs"] + agg["segments"]
    values = [c.get("cases") for c in cells] + [c.get("victims") for c in cells]
    assert any(v is not None and v >= 11 for v in values)
    assert all(v is None or v == 0 or v >= 11 for v in values)
    assert agg["privacy"]["min_count"] == 11
    assert "SYN-" not in str(agg)


def test_aggregate_totals_do_not_give_a_suppressed_segment_away(
    mexico: corridors.Network,
) -> None:
    # point cases: the matched total is the sum of the segments, so it is published only
    # where the guard publishes the total (never next to exactly one hidden segment), and
    # the other row counts go with it (rows - too far - invalid = matched)
    agg = corridors.aggregate(mexico, ROOT / "data/mexico/cases_synthetic.csv")
    hidden = [s for s in agg["segments"] if s.get("cases") is None]
    total = agg["matched"]
    assert total is None or total >= 11
    if total is not None:
        # one hidden segment would be the total minus the published ones
        assert len(hidden) != 1
    else:
        assert agg["too_far"] is None and agg["invalid"] is None


def test_sampled_betweenness_is_seeded(mexico: corridors.Network) -> None:
    a = corridors.sampled_betweenness(mexico, samples=2000, seed=3, weight="minutes")
    b = corridors.sampled_betweenness(mexico, samples=2000, seed=3, weight="minutes")
    assert a.hubs.tobytes() == b.hubs.tobytes() and a.samples == 2000
    exact = corridors.betweenness(mexico, weight="minutes")
    assert np.abs(a.hubs - exact.hubs).max() < 0.1


MYPY_SCRIPT = '''
import numpy as np
import numpy.typing as npt
import corridors

net, report = corridors.load_network(["data/mexico/hubs.geojson", "data/mexico/segments.geojson"])
n: int = len(report.diagnostics) + net.hub_count
bc: corridors.Betweenness = corridors.betweenness(net, weight="minutes", threads=2)
h: npt.NDArray[np.float64] = bc.hubs
top: dict[str, float] = bc.to_dict()
od = corridors.od_betweenness(net, [("tapachula", "tijuana", 1.0)], normalized=False)
cl = corridors.closeness(net)
r = corridors.route(net, "tapachula", "tijuana")
length: float = r.length_m if r is not None else 0.0
s = corridors.snap(net, np.array([-99.1]), np.array([19.4]), max_distance_m=5_000.0)
seg: int = int(s.segment[0])
g = corridors.CentralityGraph(net, weight="minutes", source_chunk=64)
m = corridors.BetweennessMerge(g)
for c in range(g.chunks):
    m.add(corridors.betweenness_partial(g, c))
merged: corridors.Betweenness = m.finish(net)
layer = net.layer(hub_measures={"bc": bc.hubs})
try:
    corridors.route(net, "x", "y")
except corridors.UnknownIdError as e:
    print(e.suggestions)
'''


def test_mypy_strict_accepts_a_script(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    p = tmp_path / "use_corridors.py"
    p.write_text(MYPY_SCRIPT)
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(p)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
