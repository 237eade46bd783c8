#!/usr/bin/env python3
"""Snapping comparison: corridors (Rust) vs shapely 2 STRtree.query_nearest vs GeoPandas
sjoin_nearest, on the same 1,000,000 points and the same ~61,000-segment seeded synthetic
road-like network, measured in one run on one machine.

    pip install shapely geopandas
    python3 benches/peers/snapping_peers.py [--dir /tmp/corridors_snapbench] [--points N]

The Rust side (`benches/snapping.rs`, full mode) writes the network (WKT) and the points
(binary f64 lon,lat) and times itself; every peer then runs in its own subprocess so that
its peak memory (VmHWM) is its own. Times cover index build + nearest query, not file I/O.

shapely and GeoPandas work in planar degrees; corridors ranks by great-circle metres, so the
nearest segment differs where two segments are almost equally near and the degree metric
(1° of longitude is shorter than 1° of latitude away from the equator) tips the choice.
"""
import argparse
import json
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def vmhwm_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def load(d):
    import numpy as np
    import shapely

    with open(os.path.join(d, "network.wkt")) as f:
        lines = shapely.from_wkt([l.strip() for l in f if l.strip()])
    pts = np.fromfile(os.path.join(d, "points.bin"), dtype="<f8").reshape(-1, 2)
    points = shapely.points(pts)
    return lines, points


def peer(name, d):
    import numpy as np

    lines, points = load(d)
    rss_before = vmhwm_kib()
    if name == "shapely":
        import shapely

        c0 = time.process_time()
        t0 = time.perf_counter()
        tree = shapely.STRtree(lines)
        idx = tree.query_nearest(points, all_matches=False)
        t = time.perf_counter() - t0
        cpu = time.process_time() - c0
        nearest = np.full(len(points), np.iinfo(np.uint32).max, dtype="<u4")
        nearest[idx[0]] = idx[1]
    elif name == "geopandas":
        import geopandas as gpd

        gl = gpd.GeoDataFrame({"seg": np.arange(len(lines))}, geometry=lines, crs="EPSG:4326")
        gp = gpd.GeoDataFrame({"pt": np.arange(len(points))}, geometry=points, crs="EPSG:4326")
        import warnings

        warnings.simplefilter("ignore")  # geographic CRS warning: planar degrees on purpose
        c0 = time.process_time()
        t0 = time.perf_counter()
        j = gpd.sjoin_nearest(gp, gl, how="left")
        t = time.perf_counter() - t0
        cpu = time.process_time() - c0
        j = j[~j.index.duplicated(keep="first")]
        nearest = j["seg"].to_numpy().astype("<u4")
    else:
        raise SystemExit(f"unknown peer {name}")
    nearest.tofile(os.path.join(d, f"{name}_nearest.bin"))
    print(json.dumps({"peer": name, "total_s": t, "cpu_s": cpu, "peak_rss_kib_before_index": rss_before,
                      "peak_rss_kib": vmhwm_kib()}))


def run_rust(d, points, threads=None, network=None, near_km=None):
    env = dict(os.environ, SNAP_FULL_DIR=d, SNAP_POINTS=str(points))
    if near_km:
        env["SNAP_NEAR_KM"] = str(near_km)
    if network:
        env["SNAP_NETWORK"] = ",".join(os.path.abspath(p) for p in network.split(","))
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    out = subprocess.run(["cargo", "bench", "--bench", "snapping"], cwd=REPO, env=env,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/tmp/corridors_snapbench")
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--peer")
    ap.add_argument("--skip-geopandas", action="store_true")
    ap.add_argument("--near-km", type=float, help="with --network: points within this many km "
                    "of a random point of a random segment (case-like) instead of uniform")
    ap.add_argument("--network", help="hubs.geojson,segments.geojson: a real network instead "
                    "of the synthetic one (points uniform in its bounding box)")
    a = ap.parse_args()
    if a.peer:
        peer(a.peer, a.dir)
        return
    import numpy as np

    os.makedirs(a.dir, exist_ok=True)
    for f in ("points.bin", "network.wkt"):  # always regenerate the inputs
        p = os.path.join(a.dir, f)
        if os.path.exists(p):
            os.remove(p)
    rust = run_rust(a.dir, a.points, network=a.network, near_km=a.near_km)
    rust_nearest = np.fromfile(os.path.join(a.dir, "rust_nearest.bin"), dtype="<u4")
    rust1 = run_rust(a.dir, a.points, threads=1, network=a.network, near_km=a.near_km)
    peers = {}
    for name in ["shapely"] + ([] if a.skip_geopandas else ["geopandas"]):
        out = subprocess.run([sys.executable, __file__, "--peer", name, "--dir", a.dir],
                             check=True, capture_output=True, text=True).stdout
        peers[name] = json.loads(out.strip().splitlines()[-1])
        other = np.fromfile(os.path.join(a.dir, f"{name}_nearest.bin"), dtype="<u4")
        peers[name]["agreement"] = float(np.mean(other == rust_nearest))
        # ties: a different segment at exactly the same planar distance (parallel road and
        # rail, or a shared end hub) is the same answer
        lines_, points_ = load(a.dir)
        diff = np.nonzero(other != rust_nearest)[0]
        tie = np.zeros(len(diff), dtype=bool)
        if len(diff):
            import shapely
            d1 = shapely.distance(points_[diff], lines_[rust_nearest[diff]])
            d2 = shapely.distance(points_[diff], lines_[other[diff]])
            tie = np.isclose(d1, d2, rtol=1e-12, atol=1e-12)
        peers[name]["agreement_ties_counted"] = float(1.0 - (len(diff) - tie.sum()) / len(rust_nearest))
        if name == "shapely":
            import shapely

            lines, points = load(a.dir)
            bad = diff[~tie]
            if len(bad):
                d_ours = shapely.distance(points[bad], lines[rust_nearest[bad]])
                d_theirs = shapely.distance(points[bad], lines[other[bad]])
                excess = d_ours / np.maximum(d_theirs, 1e-12) - 1.0
                peers[name]["disagreements"] = {
                    "count": int(len(bad)),
                    "planar_excess_of_our_choice_median": float(np.median(excess)),
                    "planar_excess_of_our_choice_p99": float(np.quantile(excess, 0.99)),
                }
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()}")
    print(f"network: {rust['segments']} segments ({rust['pieces']} R-tree pieces), "
          f"{rust['points']} points")
    print(f"{'tool':<30}{'wall s':>8}{'cpu s':>8}{'peak RSS MiB':>14}{'agree*':>8}"
          f"{'speed-up wall':>15}{'speed-up cpu':>14}")
    sh, shc = peers["shapely"]["total_s"], peers["shapely"]["cpu_s"]
    rows = [(f"corridors ({rust['threads']} threads)", rust, 1.0),
            ("corridors (1 thread)", rust1, 1.0)]
    rows += [(f"{n} (1 thread)", p, p["agreement_ties_counted"]) for n, p in peers.items()]
    for n, r, ag in rows:
        t, c = r["total_s"], max(r["cpu_s"], 1e-9)
        print(f"{n:<30}{t:>8.2f}{c:>8.2f}{r['peak_rss_kib'] / 1024:>14.0f}{ag:>8.4f}"
              f"{sh / t:>14.1f}x{shc / c:>13.1f}x")
    print("times: index build + nearest query of every point (no file I/O); speed-up relative "
          "to shapely STRtree.query_nearest; cpu = user+system time of all threads. "
          "Peak RSS (VmHWM) includes the input arrays. agree* = same segment as corridors, or "
          "one at exactly the same planar distance (exact index agreement: "
          + ", ".join(f"{n} {p['agreement']:.4f}" for n, p in peers.items()) + ")")
    dis = peers["shapely"].get("disagreements")
    if dis:
        print(f"disagreements with shapely: {dis['count']}; there the segment corridors picks (nearest "
              f"in metres) is farther in planar degrees by a median {100 * dis['planar_excess_of_our_choice_median']:.1f}% "
              f"(99th percentile {100 * dis['planar_excess_of_our_choice_p99']:.1f}%): near-ties that "
              "the degree metric tips the other way")
    with open(os.path.join(a.dir, "comparison.json"), "w") as f:
        json.dump({"rust": rust, "rust_1_thread": rust1, "peers": peers}, f, indent=1)


if __name__ == "__main__":
    main()
