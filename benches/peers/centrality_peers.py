#!/usr/bin/env python3
"""Times exact weighted hub + segment betweenness: corridors vs NetworKit, igraph, NetworkX,
rustworkx on the same seeded road-like graph, interleaved (ours, theirs, ours, theirs …).

    cargo build --release --example export_graph --example centrality_time
    python3 benches/peers/centrality_peers.py [--n 10000] [--seed 42] [--rounds 2]

The graph (Delaunay of uniform random points over Mexico, edges > 150 km dropped, weight =
haversine metres × 1.25) is written by the Rust side (`export_graph roadlike`), so every tool
reads the same edges and weights. corridors and NetworKit run with 2 threads; igraph,
NetworkX and rustworkx are single-threaded. NetworkX is timed on a sample of sources and
extrapolated (a full run takes hours); rustworkx has no weighted betweenness, so it is timed
unweighted (BFS) and marked as such. Each tool runs in its own process; peak RSS comes from
/usr/bin/time -v. pip install networkit igraph rustworkx networkx
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EX = os.path.join(ROOT, "target", "release", "examples")


def read_edges(path):
    with open(path) as f:
        n, m = map(int, f.readline().split())
        edges = []
        for line in f:
            u, v, w = line.split()
            edges.append((int(u), int(v), float(w)))
    return n, edges


def peer(tool, path, nx_sources):
    """Runs inside a child process: prints 'seconds <t>' for one tool."""
    n, edges = read_edges(path)
    if tool == "networkit":
        import networkit as nk

        nk.setNumberOfThreads(2)
        G = nk.Graph(n, weighted=True, directed=False)
        for u, v, w in edges:
            G.addEdge(u, v, w)
        G.indexEdges()
        t = time.perf_counter()
        b = nk.centrality.Betweenness(G, normalized=False, computeEdgeCentrality=True)
        b.run()
        secs = time.perf_counter() - t
        s = b.scores()
        with open(path + ".networkit.txt", "w") as f:
            f.writelines(f"{x!r}\n" for x in s)
    elif tool == "igraph":
        import igraph as ig

        G = ig.Graph(n=n, edges=[(u, v) for u, v, _ in edges])
        G.es["w"] = [w for _, _, w in edges]
        t = time.perf_counter()
        G.betweenness(weights="w")
        G.edge_betweenness(weights="w")
        secs = time.perf_counter() - t
    elif tool == "networkx":
        import random

        import networkx as nx
        from networkx.algorithms.centrality.betweenness import (
            _accumulate_edges,
            _single_source_dijkstra_path_basic,
        )

        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(edges, weight="w")
        src = random.Random(1).sample(range(n), nx_sources)
        b = dict.fromkeys(G, 0.0)
        b.update(dict.fromkeys(G.edges(), 0.0))
        t = time.perf_counter()
        for s in src:  # the loop of nx.edge_betweenness_centrality (node + edge in one pass)
            S, P, sigma, _ = _single_source_dijkstra_path_basic(G, s, "w")
            b = _accumulate_edges(b, S, P, sigma, s)
        secs = (time.perf_counter() - t) * n / nx_sources
    elif tool == "rustworkx":
        import rustworkx as rx

        G = rx.PyGraph()
        G.add_nodes_from(range(n))
        G.add_edges_from([(u, v, w) for u, v, w in edges])
        t = time.perf_counter()
        rx.betweenness_centrality(G, parallel_threshold=10**9)
        rx.edge_betweenness_centrality(G, parallel_threshold=10**9)
        secs = time.perf_counter() - t
    print(f"seconds {secs:.3f}")


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (reported seconds, peak RSS MiB)."""
    p = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{p.stdout}\n{p.stderr}")
    secs = float(re.search(r"seconds ([0-9.]+)", p.stdout).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return secs, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--nx-sources", type=int, default=100)
    ap.add_argument("--peers", default="networkit,igraph,networkx,rustworkx")
    ap.add_argument("--peer", help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.peer:
        return peer(a.peer, a.path, a.nx_sources)

    prefix = os.path.join(ROOT, "target", "gen", f"roadlike{a.n}_{a.seed}")
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    subprocess.run([os.path.join(EX, "export_graph"), "roadlike", str(a.n), str(a.seed), prefix], check=True)
    path = prefix + ".edges"
    env = dict(os.environ, RAYON_NUM_THREADS="2")
    ours_cmd = [os.path.join(EX, "centrality_time"), str(a.n), str(a.seed), prefix + ".ours.txt"]
    peers = a.peers.split(",")
    times = {k: [] for k in ["corridors", *peers]}
    rss = {}
    print(f"load before: {os.getloadavg()}", flush=True)
    for r in range(a.rounds):
        for p in peers:
            for name, cmd, e in (("corridors", ours_cmd, env),
                                 (p, [sys.executable, __file__, "--peer", p, "--path", path,
                                      "--nx-sources", str(a.nx_sources)], None)):
                if name == "corridors" and len(times["corridors"]) >= a.rounds * len(peers):
                    continue
                s, m = timed(cmd, e)
                times[name].append(s)
                rss[name] = max(rss.get(name, 0), m)
                print(f"round {r} {name:10s} {s:8.3f} s  peak RSS {m:7.1f} MiB  load {os.getloadavg()[0]:.2f}",
                      flush=True)
    print(f"load after: {os.getloadavg()}")
    best = {k: min(v) for k, v in times.items()}
    print(f"\nexact weighted node+edge betweenness, {a.n} nodes (best of runs)")
    print(f"{'tool':12s} {'seconds':>9s} {'corridors/tool':>15s} {'peak RSS MiB':>13s}")
    for k, v in best.items():
        note = " (extrapolated)" if k == "networkx" else " (unweighted)" if k == "rustworkx" else ""
        print(f"{k:12s} {v:9.3f} {best['corridors'] / v:15.3f} {rss[k]:13.1f}{note}")
    nk_file = path + ".networkit.txt"
    if os.path.exists(nk_file):
        ours = [float(x) for x in open(prefix + ".ours.txt")]
        theirs = [float(x) for x in open(nk_file)]
        # NetworKit's raw scores sum over ordered pairs (also when undirected)
        scale = 1 / ((a.n - 1) * (a.n - 2))
        d = max(abs(x - y * scale) / max(abs(x), 1e-300) for x, y in zip(ours, theirs) if x > 1e-12)
        print(f"max relative difference corridors vs NetworKit hub scores: {d:.2e}")


if __name__ == "__main__":
    main()
