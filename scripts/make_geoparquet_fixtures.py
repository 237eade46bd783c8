"""Writes the GeoParquet fixtures of tests/fixtures/geoparquet with GeoPandas/pyarrow, and
the same frames as GeoJSON (GeoDataFrame.to_json), so that the Rust tests can check that a
GeoPandas file reads exactly as its GeoJSON twin.

    python3 -m venv /tmp/pqv
    /tmp/pqv/bin/pip install geopandas==1.2.0 shapely==2.2.0 pandas==3.1.1 pyarrow==<see below>
    /tmp/pqv/bin/python scripts/make_geoparquet_fixtures.py

Tool versions are written to tests/fixtures/geoparquet/VERSIONS.json. Everything is
SYNTHETIC: hub names are real places, the cases are invented.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow
import shapely
from shapely.geometry import LineString, MultiLineString, Point

OUT = Path(__file__).resolve().parents[1] / "tests/fixtures/geoparquet"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    hubs = gpd.GeoDataFrame(
        {
            "id": ["tapachula", "arriaga", "ixtepec", "tuxtla", "dropped"],
            "name": ["Tapachula", "Arriaga", "Ixtepec", "Tuxtla Gutiérrez", "x"],
            "kind": ["entry", "transit", "transit", "destination", "other"],
            "population": [353706, 49192, 28000, 604147, 0],
            "score": [0.5, np.nan, 1.25, 2.0, 0.0],
            "shelter": [True, False, True, False, False],
        },
        geometry=[
            Point(-92.2667, 14.9056),
            Point(-93.8997, 16.2361),
            Point(-95.1003, 16.5628),
            Point(-93.1161, 16.7531),
            Point(0.0, 0.0),
        ],
        crs="EPSG:4326",
    )
    hubs = hubs[hubs["id"] != "dropped"]
    # a non-range index: pyarrow stores it as the column __index_level_0__
    hubs.index = pd.Index(["h1", "h2", "h3", "h4"])
    segments = gpd.GeoDataFrame(
        {
            "id": ["s1", "s2", "s3"],
            "from": ["tapachula", "arriaga", "ixtepec"],
            "to": ["arriaga", "ixtepec", "tuxtla"],
            "mode": ["road", "rail", "road"],
            "minutes": [240.0, np.nan, 180.0],
            "oneway": [False, False, True],
        },
        geometry=[
            LineString([(-92.2667, 14.9056), (-93.0, 15.6), (-93.8997, 16.2361)]),
            LineString([(-93.8997, 16.2361), (-95.1003, 16.5628)]),
            # parts that continue each other: merged into one segment
            MultiLineString([
                [(-95.1003, 16.5628), (-94.0, 16.7)],
                [(-94.0, 16.7), (-93.1161, 16.7531)],
            ]),
        ],
        crs="EPSG:4326",
    )
    cases = gpd.GeoDataFrame(
        {
            "id": ["c1", "c2", "c3"],
            "date": ["2024-03-01", "2024-03-15", None],
            "count": [2, 1, 5],
            "route": ["pacific", None, "gulf"],
            "seen": pd.to_datetime(["2024-03-01 00:00", "2024-03-15 12:30", "2024-04-01 00:00"]),
        },
        # the third point has a Z value, which the reader drops
        geometry=[Point(-92.3, 14.95), Point(-93.9, 16.2), Point(-95.1, 16.56, 12.0)],
        crs="EPSG:4326",
    )
    hubs.to_parquet(OUT / "geopandas_hubs.parquet")
    segments.to_parquet(OUT / "geopandas_segments.parquet")
    cases.to_parquet(OUT / "geopandas_cases.parquet")
    # variants: another codec, a projected CRS
    segments.to_parquet(OUT / "geopandas_segments_zstd.parquet", compression="zstd")
    hubs.to_crs(32615).to_parquet(OUT / "geopandas_hubs_utm.parquet")
    for name, frame in (("hubs", hubs), ("segments", segments)):
        text = frame.to_json(na="null", drop_id=True)
        (OUT / f"geopandas_{name}.geojson").write_text(text + "\n", encoding="utf-8")
    versions = {
        "python": sys.version.split()[0],
        "geopandas": gpd.__version__,
        "shapely": shapely.__version__,
        "pandas": pd.__version__,
        "pyarrow": pyarrow.__version__,
        "numpy": np.__version__,
    }
    (OUT / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(versions))


if __name__ == "__main__":
    main()
