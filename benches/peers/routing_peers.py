"""NetworkX peer timings for benches/planning.rs on the same Mexico network.

Run from the repository root:  python3 benches/peers/routing_peers.py [--prominent]
Builds an undirected nx.MultiGraph -> nx.Graph keeping the shortest parallel segment (NetworkX's
shortest_simple_paths does not accept multigraphs), weight = geodesic length from the segment
geometry (pyproj-free: haversine on R = 6 371 008.8 m, close to the ellipsoidal lengths).
"""
import itertools
import json
import math
import sys
import time

import networkx as nx

R = 6371008.8


def hav(a, b):
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(h))


def main():
    hubs = json.load(open("data/mexico/hubs.geojson"))["features"]
    segs = json.load(open("data/mexico/segments.geojson"))["features"]
    G = nx.Graph()
    kind = {}
    for f in hubs:
        G.add_node(f["properties"]["id"])
        kind[f["properties"]["id"]] = f["properties"]["kind"]
    for f in segs:
        p = f["properties"]
        c = f["geometry"]["coordinates"]
        w = sum(hav(a, b) for a, b in zip(c, c[1:]))
        u, v = p["from"], p["to"]
        if not G.has_edge(u, v) or G[u][v]["weight"] > w:
            G.add_edge(u, v, weight=w)
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        paths = list(itertools.islice(nx.shortest_simple_paths(G, "tapachula", "tijuana", weight="weight"), 10))
    t1 = time.perf_counter()
    print(f"networkx {nx.__version__} shortest_simple_paths k=10 tapachula->tijuana: {(t1 - t0) / reps * 1e3:.2f} ms")
    entries = [h for h, k in kind.items() if k == "entry"]
    borders = [h for h, k in kind.items() if k == "border_crossing"]
    # the OD-restricted greedy has no NetworkX equivalent; time the closest pieces: one
    # group_betweenness_centrality evaluation (all pairs) of a 5-hub group, and
    # prominent_group(k=5) (all-pairs greedy, Puzis et al.)
    group = ["arriaga", "acayucan", "cdmx", "monterrey", "guadalajara"]
    t0 = time.perf_counter()
    nx.group_betweenness_centrality(G, group, weight="weight")
    t1 = time.perf_counter()
    print(f"networkx group_betweenness_centrality (all pairs, |C| = 5): {(t1 - t0) * 1e3:.1f} ms")
    if "--prominent" in sys.argv:  # slow: took about 15 minutes here
        t0 = time.perf_counter()
        nx.prominent_group(G, 5, weight="weight")
        t1 = time.perf_counter()
        print(f"networkx prominent_group(k=5, all pairs): {(t1 - t0) * 1e3:.1f} ms")
    print(f"({len(entries)} entries x {len(borders)} borders in the Rust benchmark)")


if __name__ == "__main__":
    main()
