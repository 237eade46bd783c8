#!/usr/bin/env python3
"""`corridors stats k` against spaghetti's GlobalAutoK, in the same run.

Both compute the network K function of the 300 positions of tests/fixtures/stats (the
Helsinki street network with planar lengths) at 10 radii from 0 to 2000 m with 9 simulated
patterns. corridors is timed as a whole process (network loading, CSV reading, K, 9
replicates, JSON writing); spaghetti as the GlobalAutoK call alone (its network build and
snapping, timed separately, are not counted). Run from the repository root after
`cargo build --release --features cli`:

    .venv-ref/bin/python benches/peers/stats_k_peers.py
"""
import json
import subprocess
import sys
import time
import warnings

import numpy as np
import geopandas
import spaghetti
from shapely.geometry import LineString, Point

warnings.filterwarnings("ignore")
sys.path.insert(0, "scripts")
F = "tests/fixtures/stats/"
segs = json.load(open(F + "helsinki_planar_segments.geojson"))["features"]
import math
R = 6371008.8
kx = math.cos(math.radians(60.17)) * R * math.pi / 180
ky = R * math.pi / 180
proj = lambda c: ((c[0] - 24.94) * kx, (c[1] - 60.17) * ky)
lines = [LineString([proj(c) for c in s["geometry"]["coordinates"]]) for s in segs]
index = {s["properties"]["id"]: k for k, s in enumerate(segs)}
pts = []
import csv
for row in csv.DictReader(open(F + "helsinki_positions.csv")):
    if row["status"] != "matched":
        continue
    pl = lines[index[row["segment_id"]]]
    pts.append(pl.interpolate(float(row["fraction"]) * pl.length))

t0 = time.perf_counter()
net = spaghetti.Network(in_data=geopandas.GeoDataFrame(geometry=lines))
net.snapobservations(geopandas.GeoDataFrame(geometry=pts), "cases")
t_build = time.perf_counter() - t0
pp = net.pointpatterns["cases"]
np.random.seed(0)
t0 = time.perf_counter()
k = net.GlobalAutoK(pp, nsteps=10, permutations=9, upperbound=2000.0)
t_sp = time.perf_counter() - t0

cmd = ["target/release/corridors", "stats", "k",
       "--network", F + "helsinki_planar_hubs.geojson",
       "--network", F + "helsinki_planar_segments.geojson", "--tolerance-m", "0.01",
       "--positions", F + "helsinki_positions.csv", "--estimator", "spaghetti",
       "--max-m", "2000", "--steps", "10", "--replicates", "9", "--out", "/tmp/stats_k_peer.json"]
runs = []
for _ in range(5):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    runs.append(time.perf_counter() - t0)
ours = json.load(open("/tmp/stats_k_peer.json"))
maxdiff = max(abs(a - b) for a, b in zip(ours["observed"], k.observed))
t_ours = min(runs)
print(json.dumps({
    "spaghetti": spaghetti.__version__,
    "spaghetti_network_and_snap_s": round(t_build, 3),
    "spaghetti_GlobalAutoK_s": round(t_sp, 3),
    "corridors_whole_process_s_best_of_5": round(t_ours, 4),
    "corridors_runs_s": [round(r, 4) for r in runs],
    "ratio_corridors_over_spaghetti": round(t_ours / t_sp, 5),
    "observed_max_abs_difference": maxdiff,
}, indent=1))
