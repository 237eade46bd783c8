"""Seeded road-like graphs as GeoJSON, for timing Python against the CLI.

The recipe of benches/common/roadlike.rs: uniform random points over Mexico's bounding box
(lon -117..-86, lat 14.5..32.7), Delaunay edges, edges longer than 150 km dropped,
weight `w` = haversine metres x 1.25. (numpy's generator, so not the Rust graph's points.)

    python python/bench/roadlike.py N SEED OUT_DIR    # writes OUT_DIR/hubs.geojson, segments.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np


def road_like(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from scipy.spatial import Delaunay

    rng = np.random.default_rng(seed)
    pts = np.column_stack([rng.uniform(-117.0, -86.0, n), rng.uniform(14.5, 32.7, n)])
    tri = Delaunay(pts)
    s = tri.simplices
    e = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]])
    e.sort(axis=1)
    e = np.unique(e, axis=0)
    lon1, lat1 = np.radians(pts[e[:, 0]]).T
    lon2, lat2 = np.radians(pts[e[:, 1]]).T
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d = 2 * 6_371_008.8 * np.arcsin(np.sqrt(a))
    keep = d <= 150_000.0
    return pts, e[keep], d[keep] * 1.25


def features(pts: np.ndarray, edges: np.ndarray, w: np.ndarray) -> tuple[dict, dict]:
    hubs = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(x), float(y)]},
         "properties": {"id": f"h{i}", "kind": "transit"}} for i, (x, y) in enumerate(pts)]}
    segs = {"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "geometry": {"type": "LineString",
                      "coordinates": [pts[a].tolist(), pts[b].tolist()]},
         "properties": {"id": f"e{k}", "from": f"h{a}", "to": f"h{b}", "w": float(x)}}
        for k, ((a, b), x) in enumerate(zip(edges, w))]}
    return hubs, segs


if __name__ == "__main__":
    n, seed, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    hubs, segs = features(*road_like(n, seed))
    (out / "hubs.geojson").write_text(json.dumps(hubs))
    (out / "segments.geojson").write_text(json.dumps(segs))
    print(f"{len(hubs['features'])} hubs, {len(segs['features'])} segments -> {out}")
