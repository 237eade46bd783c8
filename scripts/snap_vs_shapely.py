#!/usr/bin/env python3
"""Whole-process snapping comparison: `corridors snap` against shapely STRtree, same run.

Both sides do the whole job a user does, each in its own process, timed from outside
(`/usr/bin/time -v`: wall clock, CPU, peak RSS):

* corridors: `corridors snap --network hubs.geojson --network segments.geojson
  --cases points.csv --out corridors.csv` (load and check the network, read the CSV as a
  stream, snap on the sphere, write one row per case);
* shapely: read the same segments GeoJSON (json + shapely.linestrings), read the CSV with
  pandas, `STRtree(lines).query_nearest(points, return_distance=True)` (planar degrees), write
  case id, segment id and distance with pandas.

The network is the benchmark lattice of `scripts/bench_map_network.py` (160 x 160 hubs);
the points are seeded, uniform over the same box (SYNTHETIC). Run from the repository root:

    python3 -m venv .venv-ref && .venv-ref/bin/pip install shapely pandas numpy
    cargo build --release --features cli
    .venv-ref/bin/python scripts/snap_vs_shapely.py [--points 1000000] [--dir /tmp/snapcmp]

Prints one JSON object (times, RSS, load average before and after, tool versions, and how
often both pick the same segment) and writes it to DIR/result.json.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shapely_peer(d, out):
    """The shapely side, run in its own process (`--peer`)."""
    import numpy as np
    import pandas as pd
    import shapely

    with open(os.path.join(d, "net", "segments.geojson")) as f:
        feats = json.load(f)["features"]
    ids = np.array([ft["properties"]["id"] for ft in feats], dtype=object)
    coords = [ft["geometry"]["coordinates"] for ft in feats]
    counts = np.array([len(c) for c in coords])
    flat = np.array([p for c in coords for p in c], dtype="f8")
    lines = shapely.linestrings(flat, indices=np.repeat(np.arange(len(coords)), counts))
    df = pd.read_csv(os.path.join(d, "points.csv"), dtype={"case_id": str})
    points = shapely.points(df["lon"].to_numpy(), df["lat"].to_numpy())
    tree = shapely.STRtree(lines)
    (pi, li), dist = tree.query_nearest(points, all_matches=False, return_distance=True)
    seg = np.full(len(points), "", dtype=object)
    dd = np.full(len(points), np.nan)
    seg[pi] = ids[li]
    dd[pi] = dist
    pd.DataFrame({"case_id": df["case_id"], "segment_id": seg, "distance_deg": dd}).to_csv(
        out, index=False, float_format="%.6f"
    )


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns wall s, CPU s, peak RSS MiB."""
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-3000:]}")
    e = p.stderr

    def grab(pat):
        return re.search(pat, e).group(1)

    wall = grab(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)")
    parts = [float(x) for x in wall.split(":")]
    secs = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    cpu = float(grab(r"User time \(seconds\): (\S+)")) + float(grab(r"System time \(seconds\): (\S+)"))
    rss = int(grab(r"Maximum resident set size \(kbytes\): (\d+)")) / 1024
    return {"wall_s": round(secs, 2), "cpu_s": round(cpu, 2), "peak_rss_mib": round(rss, 1)}, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/tmp/snapcmp")
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--corridors", default=os.path.join(REPO, "target/release/corridors"))
    ap.add_argument("--peer", help=argparse.SUPPRESS)
    a = ap.parse_args()
    d = a.dir
    if a.peer:
        shapely_peer(d, a.peer)
        return
    os.makedirs(d, exist_ok=True)
    net = os.path.join(d, "net")
    if not os.path.exists(os.path.join(net, "segments.geojson")):
        subprocess.run([sys.executable, os.path.join(REPO, "scripts/bench_map_network.py"), net], check=True)
    pts = os.path.join(d, "points.csv")
    if not os.path.exists(pts) or sum(1 for _ in open(pts)) != a.points + 1:
        rng = random.Random(7)
        with open(pts, "w") as f:
            f.write("case_id,lat,lon\n")
            f.writelines(
                f"SYN-{i:07d},{14.5 + 18.2 * rng.random():.5f},{-117 + 31 * rng.random():.5f}\n"
                for i in range(a.points)
            )
    load_before = open("/proc/loadavg").read().split()[:3]
    rust_out = os.path.join(d, "corridors.csv")
    rust, rust_err = timed([a.corridors, "snap", "--network", os.path.join(net, "hubs.geojson"),
                            "--network", os.path.join(net, "segments.geojson"), "--cases", pts,
                            "--out", rust_out])
    shp_out = os.path.join(d, "shapely.csv")
    shp, _ = timed([sys.executable, os.path.abspath(__file__), "--dir", d, "--peer", shp_out])
    load_after = open("/proc/loadavg").read().split()[:3]
    import numpy as np
    import pandas
    import shapely

    r = pandas.read_csv(rust_out, dtype=str, keep_default_na=False)
    s = pandas.read_csv(shp_out, dtype=str, keep_default_na=False)
    same = float((r["segment_id"].to_numpy() == s["segment_id"].to_numpy()).mean())
    summary = [l for l in rust_err.splitlines() if "rows:" in l]
    result = {
        "points": a.points,
        "corridors": rust,
        "shapely": shp,
        "ratio_wall": round(rust["wall_s"] / shp["wall_s"], 3),
        "ratio_cpu": round(rust["cpu_s"] / shp["cpu_s"], 3),
        "same_segment_share": round(same, 4),
        "corridors_summary": summary[0] if summary else "",
        "load_before": load_before,
        "load_after": load_after,
        "cpus": os.cpu_count(),
        "versions": {"python": sys.version.split()[0], "shapely": shapely.__version__,
                     "geos": shapely.geos_version_string, "pandas": pandas.__version__,
                     "numpy": np.__version__},
        "when_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
    }
    with open(os.path.join(d, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
