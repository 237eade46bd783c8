#!/usr/bin/env python3
"""Times OSM import, whole process, on a synthetic country-sized extract: `corridors info --osm`
(with and without --simplify) vs pyrosm `OSM(path).get_network(network_type="driving")`,
interleaved. Wall time and peak RSS from /usr/bin/time -v; load average printed per run.

    cargo build --release --features cli --bin corridors
    python3 scripts/make_synthetic_osm.py target/gen/syn400.osm.pbf 400 400
    python3 benches/peers/osm_peers.py target/gen/syn400.osm.pbf [--rounds 2] [--threads 2]

pip install pyrosm osmium
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORRIDORS = os.path.join(ROOT, "target", "release", "corridors")


def pyrosm_run(path):
    from pyrosm import OSM

    t = time.perf_counter()
    nodes, edges = OSM(path).get_network(network_type="driving", nodes=True)
    print(f"pyrosm nodes {len(nodes)} edges {len(edges)} seconds {time.perf_counter() - t:.3f}")


def timed(cmd, env=None):
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return wall, rss, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pbf")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", default="2")
    ap.add_argument("--skip-pyrosm", action="store_true")
    ap.add_argument("--peer", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.peer:
        return pyrosm_run(a.pbf)
    env = dict(os.environ, RAYON_NUM_THREADS=a.threads)
    runs = [("corridors info --osm", [CORRIDORS, "info", "--osm", a.pbf], env),
            ("corridors info --osm --simplify", [CORRIDORS, "info", "--osm", a.pbf, "--simplify"], env)]
    if not a.skip_pyrosm:
        runs.append(("pyrosm get_network(driving)", [sys.executable, __file__, a.pbf, "--peer"], None))
    print(f"file {a.pbf}: {os.path.getsize(a.pbf) / 2**20:.1f} MiB", flush=True)
    print(f"uptime before: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}",
          flush=True)
    best = {}
    for r in range(a.rounds):
        for name, cmd, e in runs:
            load = os.getloadavg()[0]
            wall, rss, out = timed(cmd, e)
            m = re.search(r"(\d[\d,]*) hubs?.*?(\d[\d,]*) segments?", out) or re.search(
                r"nodes (\d+) edges (\d+)", out)
            size = f"{m.group(1)} / {m.group(2)}" if m else ""
            print(f"round {r} {name:34s} {wall:8.2f} s  peak RSS {rss:8.1f} MiB  load {load:.2f}  {size}",
                  flush=True)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, rss, size)
    print(f"uptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    ref = best.get("pyrosm get_network(driving)")
    for k, (w, m, s) in best.items():
        ratio = f"{w / ref[0]:.3f}" if ref else "-"
        mem = f"{m / ref[1]:.3f}" if ref else "-"
        print(f"{k:34s} {w:8.2f} s (÷pyrosm {ratio})  peak RSS {m:8.1f} MiB (÷pyrosm {mem})  {s}")


if __name__ == "__main__":
    main()
