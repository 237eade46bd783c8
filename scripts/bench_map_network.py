#!/usr/bin/env python3
"""Writes a seeded road-like benchmark network for `corridors map --html` timing.

A jittered lattice over Mexico's bounding box (lon -117..-86, lat 14.5..32.7): ROWS x COLS
hubs, each joined to its east and north neighbour by a straight two-vertex segment.
160 x 160 gives 25,600 hubs and 50,880 segments.

usage: scripts/bench_map_network.py OUT_DIR [ROWS COLS]   (writes hubs.geojson, segments.geojson)
"""
import json
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 160
cols = int(sys.argv[3]) if len(sys.argv) > 3 else 160
rng = random.Random(42)
out.mkdir(parents=True, exist_ok=True)
pts = {}
for r in range(rows):
    for c in range(cols):
        lon = -117 + 31 * (c + 0.5 + rng.uniform(-0.35, 0.35)) / cols
        lat = 14.5 + 18.2 * (r + 0.5 + rng.uniform(-0.35, 0.35)) / rows
        pts[r, c] = (round(lon, 6), round(lat, 6))
hubs = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": list(p)},
         "properties": {"id": f"h{r}_{c}", "kind": "transit"}} for (r, c), p in pts.items()]
segs = []
for (r, c), p in pts.items():
    for (r2, c2) in ((r, c + 1), (r + 1, c)):
        if (r2, c2) in pts:
            q = pts[r2, c2]
            segs.append({"type": "Feature",
                         "geometry": {"type": "LineString", "coordinates": [list(p), list(q)]},
                         "properties": {"id": f"s{len(segs)}", "from": f"h{r}_{c}",
                                        "to": f"h{r2}_{c2}", "mode": "road"}})
(out / "hubs.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": hubs}))
(out / "segments.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": segs}))
print(f"{len(hubs)} hubs, {len(segs)} segments in {out}")
