"""GeoParquet through the CLI and GeoPandas: a layer the CLI writes as .parquet reads with
geopandas.read_parquet (columns, geometries, the GeoJSON twin's values), and a file GeoPandas
writes with to_parquet is a CLI input (network and cases)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import MEXICO, ROOT

gpd = pytest.importorskip("geopandas")
pytest.importorskip("pyarrow")

NET_ARGS = [a for p in MEXICO for a in ("--network", p)]


def run(cli: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(cli), *args], check=True, capture_output=True)


def test_cli_geoparquet_reads_in_geopandas(cli: Path, tmp_path: Path) -> None:
    pq = tmp_path / "c.parquet"
    gj = tmp_path / "c.geojson"
    for out in (pq, gj):
        run(cli, "centrality", *NET_ARGS, "--out", str(out))
    frame = gpd.read_parquet(pq)
    doc = json.loads(gj.read_text(encoding="utf-8"))
    assert len(frame) == len(doc["features"])
    # no `crs` in the metadata: OGC:CRS84 by the GeoParquet specification
    assert frame.crs is not None and frame.crs.to_authority() == ("OGC", "CRS84")
    assert {"id", "betweenness", "edge_betweenness"} <= set(frame.columns)
    assert set(frame.geom_type) == {"Point", "LineString"}
    for i in (0, len(frame) - 1):
        feature = doc["features"][i]
        geom = frame.geometry.iloc[i]
        coords = feature["geometry"]["coordinates"]
        first = coords if feature["geometry"]["type"] == "Point" else coords[0]
        assert list(geom.coords)[0] == pytest.approx(tuple(first))
        assert str(frame["id"].iloc[i]) == str(feature["properties"]["id"])
    # the layer's metadata members travel in the file metadata
    import pyarrow.parquet as papq

    meta = papq.read_metadata(pq).metadata
    members = json.loads(meta[b"corridors"])["foreign_members"]
    assert members == {k: v for k, v in doc.items() if k not in ("type", "features")}


def test_geopandas_files_are_cli_inputs(cli: Path, tmp_path: Path) -> None:
    hubs = gpd.read_file(MEXICO[0])
    segments = gpd.read_file(MEXICO[1])
    # free columns of mixed lists and numbers have no Arrow type: not needed here
    segments = segments.drop(columns=[c for c in segments.columns
                                      if c != "geometry" and segments[c].dtype == object])
    hubs.to_parquet(tmp_path / "hubs.parquet")
    segments.to_parquet(tmp_path / "segments.parquet")
    out_pq = tmp_path / "from_parquet.geojson"
    out_gj = tmp_path / "from_geojson.geojson"
    run(cli, "centrality", "--network", str(tmp_path / "hubs.parquet"),
        "--network", str(tmp_path / "segments.parquet"), "--out", str(out_pq))
    run(cli, "centrality", *NET_ARGS, "--out", str(out_gj))
    a = json.loads(out_pq.read_text(encoding="utf-8"))
    b = json.loads(out_gj.read_text(encoding="utf-8"))

    def scores(doc: dict[str, object]) -> dict[str, float]:
        feats = doc["features"]  # type: ignore[index]
        return {str(f["properties"]["id"]): f["properties"].get("betweenness")  # type: ignore[index]
                for f in feats if f["geometry"]["type"] == "Point"}  # type: ignore[index]

    assert scores(a) == scores(b)
    # case points written by GeoPandas
    cases = gpd.read_parquet(ROOT / "tests/fixtures/geoparquet/geopandas_cases.parquet")
    assert len(cases) == 3
    cases.to_parquet(tmp_path / "cases.parquet")
    agg = run(cli, "aggregate", *NET_ARGS, "--cases", str(tmp_path / "cases.parquet"))
    doc = json.loads(agg.stdout)
    assert doc["type"] == "FeatureCollection"
    # a projected file is refused with a message naming its CRS
    hubs.to_crs(32615).to_parquet(tmp_path / "utm.parquet")
    bad = subprocess.run([str(cli), "centrality", "--network", str(tmp_path / "utm.parquet")],
                         capture_output=True)
    assert bad.returncode == 2
    assert b"EPSG:32615" in bad.stderr
