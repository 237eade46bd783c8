#!/usr/bin/env python3
"""Times sampled betweenness, whole process, on the 100,000-hub road-like benchmark network:
`corridors centrality` (CLI, reading the GeoJSON) vs NetworKit `ApproxBetweenness(epsilon,
delta)` (reading the same edges), interleaved, 2 threads each.

    cargo build --release --features cli --bin corridors --example export_graph
    python3 benches/peers/sampled_peers.py [--n 100000] [--seed 42] [--rounds 2] [--eps 0.05]

The graph (Delaunay of uniform random points over Mexico, edges > 150 km dropped, weight =
haversine metres × 1.25 in property `w`) is written once by `export_graph` as
target/gen/roadlike<N>_<seed>.geojson (hubs + segments, for corridors) and .edges (for
NetworKit). Wall time and peak RSS of each whole process come from /usr/bin/time -v; the
load average is printed before and after every run. pip install networkit
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REL = os.path.join(ROOT, "target", "release")


def networkit_run(path, eps, delta):
    """Inside a child process: read the edges, run ApproxBetweenness, print its sample count."""
    import networkit as nk

    nk.setNumberOfThreads(2)
    with open(path) as f:
        n, _ = map(int, f.readline().split())
        G = nk.Graph(n, weighted=True, directed=False)
        for line in f:
            u, v, w = line.split()
            G.addEdge(int(u), int(v), float(w))
    t = time.perf_counter()
    a = nk.centrality.ApproxBetweenness(G, epsilon=eps, delta=delta)
    a.run()
    print(f"samples {a.numberOfSamples()} algorithm_seconds {time.perf_counter() - t:.3f}")


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS MiB, stdout+stderr)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return wall, rss, p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--eps", type=float, default=0.05)
    ap.add_argument("--delta", type=float, default=0.1)
    ap.add_argument("--skip-networkit", action="store_true")
    ap.add_argument("--peer", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.peer:
        return networkit_run(a.peer, a.eps, a.delta)

    prefix = os.path.join(ROOT, "target", "gen", f"roadlike{a.n}_{a.seed}")
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    ex = os.path.join(REL, "examples", "export_graph")
    if not os.path.exists(prefix + ".geojson"):
        subprocess.run([ex, "roadlike-geojson", str(a.n), str(a.seed), prefix + ".geojson"], check=True)
    if not os.path.exists(prefix + ".edges"):
        subprocess.run([ex, "roadlike", str(a.n), str(a.seed), prefix], check=True)
    env = dict(os.environ, RAYON_NUM_THREADS="2")
    base = [os.path.join(REL, "corridors"), "centrality", "--network", prefix + ".geojson",
            "--weight", "w", "--measures", "betweenness,edge", "--epsilon", str(a.eps),
            "--delta", str(a.delta), "--out", prefix + ".sampled.geojson"]
    runs = [("corridors", base, env), ("corridors --adaptive", base + ["--adaptive"], env)]
    if not a.skip_networkit:
        runs.append(("NetworKit ApproxBetweenness",
                     [sys.executable, __file__, "--peer", prefix + ".edges", "--eps", str(a.eps),
                      "--delta", str(a.delta)], None))
    print(f"uptime before: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}",
          flush=True)
    best = {}
    for r in range(a.rounds):
        for name, cmd, e in runs:
            load = os.getloadavg()[0]
            wall, rss, out = timed(cmd, e)
            extra = ""
            m = re.search(r"samples (\d+)", out)
            if m:
                extra = f"samples {m.group(1)}"
            if name.startswith("corridors"):
                with open(prefix + ".sampled.geojson", "rb") as f:
                    f.seek(max(0, os.path.getsize(prefix + ".sampled.geojson") - 8192))
                    tail = f.read().decode("utf-8", "replace")
                m = re.search(r'"samples":\s*(\d+)', tail)
                v = re.search(r'"vertex_diameter_bound":\s*(\d+)', tail)
                if m:
                    extra = f"samples {m.group(1)} VD bound {v.group(1) if v else '?'}"
            print(f"round {r} {name:28s} {wall:8.2f} s  peak RSS {rss:7.1f} MiB  load {load:.2f}  {extra}",
                  flush=True)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, rss, extra)
    print(f"uptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    ref = best.get("NetworKit ApproxBetweenness")
    print(f"\nsampled betweenness eps={a.eps} delta={a.delta}, {a.n} hubs, whole process, best of {a.rounds}")
    for k, (w, m, x) in best.items():
        ratio = f"{w / ref[0]:.3f}" if ref else "-"
        print(f"{k:28s} {w:8.2f} s  ÷NetworKit {ratio:>6s}  peak RSS {m:7.1f} MiB  {x}")


if __name__ == "__main__":
    main()
