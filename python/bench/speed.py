"""Python vs the release CLI for the same work (acceptance 7), wall-clock, best of `--repeat`.

    cargo build --release --features cli --bin corridors
    python python/bench/roadlike.py 10000 42 /tmp/rl10k
    python python/bench/speed.py --cli target/release/corridors --network /tmp/rl10k

* centrality: `corridors centrality --weight w` (load, betweenness, closeness, write GeoJSON)
  vs `load_network` + `betweenness` + `closeness` (and `betweenness` alone);
* snap: `corridors snap --cases 1M.csv --out snapped.csv` vs `snap(net, lon, lat)` on numpy
  arrays (and with the CSV read by numpy first).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

import corridors


def best(f: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--network", required=True, help="folder with hubs.geojson, segments.geojson")
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    files = [str(Path(a.network) / "hubs.geojson"), str(Path(a.network) / "segments.geojson")]
    net_args = [x for f in files for x in ("--network", f)]
    tmp = Path(tempfile.mkdtemp())
    out: dict[str, float | int | str] = {"threads": os.cpu_count() or 0}

    cli_c = best(lambda: subprocess.run([a.cli, "centrality", *net_args, "--weight", "w",
                                         "--out", str(tmp / "c.geojson")],
                                        check=True, capture_output=True), a.repeat)

    def py_same() -> None:
        net, _ = corridors.load_network(files)
        corridors.betweenness(net, weight="w")
        corridors.closeness(net, weight="w")

    py_c = best(py_same, a.repeat)
    net, _ = corridors.load_network(files)
    py_b = best(lambda: corridors.betweenness(net, weight="w"), a.repeat)
    out.update(hubs=net.hub_count, segments=net.segment_count, cli_centrality_s=cli_c,
               py_load_betweenness_closeness_s=py_c, py_betweenness_only_s=py_b)

    rng = np.random.default_rng(7)
    lon = rng.uniform(-117.0, -86.0, a.points)
    lat = rng.uniform(14.5, 32.7, a.points)
    csv = tmp / "points.csv"
    with open(csv, "w") as f:
        f.write("case_id,lat,lon\n")
        f.writelines(f"P{i},{y:.6f},{x:.6f}\n" for i, (x, y) in enumerate(zip(lon, lat)))
    cli_s = best(lambda: subprocess.run([a.cli, "snap", *net_args, "--cases", str(csv),
                                         "--max-distance-m", "10000", "--out",
                                         str(tmp / "s.csv")], check=True, capture_output=True),
                 a.repeat)

    def py_csv() -> None:
        d = np.loadtxt(csv, delimiter=",", skiprows=1, usecols=(1, 2))
        corridors.snap(net, d[:, 1], d[:, 0], max_distance_m=10_000)

    corridors.snap(net, lon[:10], lat[:10])  # the segment index is built once per network
    py_s = best(lambda: corridors.snap(net, lon, lat, max_distance_m=10_000), a.repeat)
    py_sc = best(py_csv, a.repeat)
    out.update(points=a.points, cli_snap_s=cli_s, py_snap_arrays_s=py_s, py_snap_with_csv_s=py_sc)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
