#!/usr/bin/env python3
"""Writes the NetworkX reference fixtures for tests/api/centrality.rs.

    python3 scripts/gen_centrality_fixtures.py [--only NAME ...]

Needs networkx (3.6 was used) and, for the road-like and GeoJSON networks, cargo (it runs
`cargo run --example export_graph` so that the graph and its weights are exactly the ones
corridors builds). The Helsinki network is cut from ../shared/data/osm/helsinki.osm.pbf
with pyosmium (`pip install osmium`) into tests/fixtures/centrality/helsinki_{hubs,segments}.geojson.

Each fixture is tests/fixtures/centrality/NAME.json:
  directed          bool: the NetworkX graph is a MultiDiGraph
  hubs, segments    the graph ([id, lon, lat], [id, from, to, weight, oneway]) with the
                    weight in segment property "w"; or "network": [GeoJSON paths] with
                    weight "length" (corridors' geodesic length_m); or "graph_from": another
                    fixture's graph with every "oneway_every"-th segment made one-way
  hub_ids, segment_ids         the order of the reference arrays
  betweenness, edge_betweenness, closeness, harmonic   NetworkX values (normalized)
  od: sources, targets, betweenness (nx subset, normalized=False), edge_betweenness
  edge_od_reference "networkx" or "brandes" (see brandes_edge_subset below)

Floats are written with repr (shortest round-trip form), so they read back exactly.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys

import networkx as nx
from networkx.algorithms.centrality.betweenness import _single_source_dijkstra_path_basic

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "centrality")


def build_nx(hubs, segments, directed):
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    for h in hubs:
        G.add_node(h[0])
    for sid, u, v, w, oneway in segments:
        G.add_edge(u, v, key=sid, w=w)
        if directed and not oneway:
            G.add_edge(v, u, key=sid, w=w)
    return G


def per_segment(G, values, seg_ids):
    """Sums NetworkX's (u, v, key) values per segment id (both directions of a two-way one)."""
    out = dict.fromkeys(seg_ids, 0.0)
    for (u, v, k), x in values.items():
        out[k] += x
    return [out[s] for s in seg_ids]


def brandes_edge_subset(G, sources, targets):
    """Edge OD betweenness with Brandes' proportional split at every hub.

    NetworkX 3.6's edge_betweenness_centrality_subset splits a non-target hub's dependency
    equally among its predecessors (c = delta[w] / len(P[w])) instead of in proportion to
    path counts; the two agree when shortest paths are unique. This is the textbook rule,
    with NetworkX's own Dijkstra, multigraph key split and undirected halving.
    """
    b = {}
    tset = set(targets)
    for s in sources:
        S, P, sigma, _ = _single_source_dijkstra_path_basic(G, s, "w")
        delta = dict.fromkeys(S, 0.0)
        while S:
            w = S.pop()
            coeff = ((1.0 if (w in tset and w != s) else 0.0) + delta[w]) / sigma[w]
            for v in P[w]:
                c = sigma[v] * coeff
                key = (v, w) if G.is_directed() else tuple(sorted((v, w), key=str))
                b[key] = b.get(key, 0.0) + c
                delta[v] += c
    scale = 1.0 if G.is_directed() else 0.5
    out = {}
    for (u, v), x in b.items():
        d = G[u][v]
        wt = min(dd["w"] for dd in d.values())
        keys = [k for k, dd in d.items() if dd["w"] == wt]
        for k in keys:
            out[(u, v, k)] = x * scale / len(keys)
    return out


def references(G, hub_ids, seg_ids, od, edge_od="networkx"):
    ref = {
        "directed": G.is_directed(),
        "hub_ids": hub_ids,
        "segment_ids": seg_ids,
    }
    bc = nx.betweenness_centrality(G, weight="w", normalized=True)
    ref["betweenness"] = [bc[h] for h in hub_ids]
    ebc = nx.edge_betweenness_centrality(G, weight="w", normalized=True)
    ref["edge_betweenness"] = per_segment(G, ebc, seg_ids)
    cc = nx.closeness_centrality(G, distance="w")
    ref["closeness"] = [cc[h] for h in hub_ids]
    hc = nx.harmonic_centrality(G, distance="w")
    ref["harmonic"] = [hc[h] for h in hub_ids]
    if od:
        src, tgt = od
        sb = nx.betweenness_centrality_subset(G, src, tgt, normalized=False, weight="w")
        if edge_od == "networkx":
            se = nx.edge_betweenness_centrality_subset(G, src, tgt, normalized=False, weight="w")
        else:
            se = brandes_edge_subset(G, src, tgt)
        ref["od"] = {
            "sources": src,
            "targets": tgt,
            "betweenness": [sb[h] for h in hub_ids],
            "edge_betweenness": per_segment(G, se, seg_ids),
        }
        ref["edge_od_reference"] = edge_od
    return ref


def has_ties(G, sources):
    for s in sources:
        _, P, _, _ = _single_source_dijkstra_path_basic(G, s, "w")
        if any(len(p) > 1 for p in P.values()):
            return True
    return False


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".json")
    import networkx
    # Provenance first: which script and which NetworkX made the reference values.
    obj = {"generator": "scripts/gen_centrality_fixtures.py", "networkx": networkx.__version__, **obj}
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(f"{name}: {os.path.getsize(path) // 1024} KiB", file=sys.stderr)


def graph_fixture(name, hubs, segments, directed, od=None, graph=None):
    """`graph` replaces the stored hubs and segments (e.g. a reference to another fixture)."""
    G = build_nx(hubs, segments, directed)
    hub_ids = [h[0] for h in hubs]
    seg_ids = [s[0] for s in segments]
    edge_od = "brandes" if od and has_ties(G, od[0]) else "networkx"
    ref = references(G, hub_ids, seg_ids, od, edge_od)
    graph = graph or {"hubs": hubs, "segments": segments}
    write(name, {"name": name, **graph, "weight": "w", **ref})
    return G


def layout(G):
    """Hub coordinates on a circle around (−100, 20): geometry only, weights are explicit."""
    n = G.number_of_nodes()
    return {
        v: [round(-100 + 3 * math.cos(2 * math.pi * i / n), 6), round(20 + 3 * math.sin(2 * math.pi * i / n), 6)]
        for i, v in enumerate(G.nodes())
    }


def classic(name, G, seed):
    rnd = random.Random(seed)
    pos = layout(G)
    hubs = [[str(v), *pos[v]] for v in G.nodes()]
    segs = []
    for k, (u, v) in enumerate(G.edges()):
        segs.append([f"e{k}", str(u), str(v), float(rnd.choice([1, 2, 3, 0.5, 1.5])), False])
    ids = [h[0] for h in hubs]
    graph_fixture(name, hubs, segs, False, (ids[: len(ids) // 3], ids[len(ids) // 2 :]))


def grid(rows, cols, col_w, row_w, scale=1.0):
    """Grid where every monotone route between two hubs has the same length: ties everywhere."""
    hubs, segs = [], []
    hid = lambda i, j: f"g{i}_{j}"
    for i in range(rows):
        for j in range(cols):
            hubs.append([hid(i, j), -100 + 0.1 * j, 20 + 0.1 * i])
    for i in range(rows):
        for j in range(cols):
            if j + 1 < cols:
                segs.append([f"h{i}_{j}", hid(i, j), hid(i, j + 1), col_w[j] * scale, False])
            if i + 1 < rows:
                segs.append([f"v{i}_{j}", hid(i, j), hid(i + 1, j), row_w[i] * scale, False])
    return hubs, segs


def directed_multi(seed):
    """Small directed multigraph: parallel segments (some of equal cost), one-way segments."""
    rnd = random.Random(seed)
    n = 40
    hubs = [[f"m{i}", -100 + 0.05 * (i % 8), 20 + 0.05 * (i // 8)] for i in range(n)]
    segs = []
    k = 0
    for i in range(n):  # a ring keeps it strongly connected
        segs.append([f"r{k}", f"m{i}", f"m{(i + 1) % n}", float(rnd.randint(1, 4)), False])
        k += 1
    for _ in range(70):
        u, v = rnd.sample(range(n), 2)
        w = float(rnd.randint(1, 6))
        segs.append([f"r{k}", f"m{u}", f"m{v}", w, rnd.random() < 0.4])
        k += 1
        if rnd.random() < 0.25:  # a parallel segment, often of equal cost
            segs.append([f"r{k}", f"m{u}", f"m{v}", w if rnd.random() < 0.6 else w + 1, False])
            k += 1
    segs.append([f"r{k}", "m3", "m3", 1.0, False])  # a self-loop scores 0
    ids = [h[0] for h in hubs]
    graph_fixture("directed_multi", hubs, segs, True, (ids[:8], ids[20:]))


def cargo_export(args):
    subprocess.run(["cargo", "run", "-q", "--release", "--example", "export_graph", "--", *args],
                   cwd=ROOT, check=True)


def roadlike():
    prefix = os.path.join(ROOT, "target", "gen", "roadlike2k")
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    cargo_export(["roadlike", "2000", "7", prefix])
    g = json.load(open(prefix + ".graph.json"))
    hubs = [[h[0], round(h[1], 5), round(h[2], 5)] for h in g["hubs"]]
    segs = g["segments"]
    ids = [h[0] for h in hubs]
    rnd = random.Random(11)
    od = (sorted(rnd.sample(ids, 25)), sorted(rnd.sample(ids, 40)))
    graph_fixture("roadlike2k", hubs, segs, False, od)
    # the same graph with every 7th segment one-way: a MultiDiGraph (stored by reference)
    dsegs = [[s[0], s[1], s[2], s[3], k % 7 == 0] for k, s in enumerate(segs)]
    graph_fixture("roadlike2k_directed", hubs, dsegs, True, od,
                  graph={"graph_from": "roadlike2k", "oneway_every": 7})


def geojson_fixture(name, files, od):
    tmp = os.path.join(ROOT, "target", "gen", name + ".graph.json")
    os.makedirs(os.path.dirname(tmp), exist_ok=True)
    cargo_export(["geojson", tmp, *[os.path.join(ROOT, f) for f in files]])
    g = json.load(open(tmp))
    directed = any(s[4] for s in g["segments"])
    G = build_nx(g["hubs"], g["segments"], directed)
    hub_ids = [h[0] for h in g["hubs"]]
    seg_ids = [s[0] for s in g["segments"]]
    src, tgt = od(g)
    edge_od = "brandes" if has_ties(G, src) else "networkx"
    ref = references(G, hub_ids, seg_ids, (src, tgt), edge_od)
    write(name, {"name": name, "network": files, "weight": "length", **ref})


def helsinki():
    import helsinki_osm  # scripts/helsinki_osm.py

    files = helsinki_osm.build(ROOT)

    def od(g):
        rnd = random.Random(5)
        ids = [h[0] for h in g["hubs"]]
        return sorted(rnd.sample(ids, 20)), sorted(rnd.sample(ids, 30))

    geojson_fixture("helsinki", files, od)


def mexico():
    files = ["data/mexico/hubs.geojson", "data/mexico/segments.geojson"]
    hubs = json.load(open(os.path.join(ROOT, files[0])))["features"]
    kinds = {f["properties"]["id"]: f["properties"].get("kind") for f in hubs}

    def od(g):
        src = [h[0] for h in g["hubs"] if kinds.get(h[0]) == "entry"]
        tgt = [h[0] for h in g["hubs"] if kinds.get(h[0]) == "border_crossing"]
        return src, tgt

    geojson_fixture("mexico", files, od)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    a = ap.parse_args()
    want = lambda n: not a.only or n in a.only
    if want("kite"):
        classic("kite", nx.krackhardt_kite_graph(), 1)
    if want("florentine"):
        classic("florentine", nx.florentine_families_graph(), 2)
    col_w = [1, 0.5, 2, 1.25, 1, 3, 0.75, 1]
    row_w = [2, 1, 0.5, 1, 1.5, 1, 2]
    if want("grid_ties"):
        hubs, segs = grid(8, 9, col_w, row_w)
        ids = [h[0] for h in hubs]
        graph_fixture("grid_ties", hubs, segs, False, (ids[:9], ids[-20:]))
    if want("grid_ulp"):
        # Same grid, weights × 0.1: decimal sums that differ in the last ulp. The reference is
        # the tie-aware answer (dyadic grid: betweenness is scale-free, closeness and harmonic
        # scale by 1/0.1); "nx_naive_betweenness" is what NetworkX's == gives on these weights.
        hubs, segs = grid(8, 9, col_w, row_w)
        G = build_nx(hubs, segs, False)
        ids = [h[0] for h in hubs]
        ref = references(G, ids, [s[0] for s in segs], (ids[:9], ids[-20:]), "brandes")
        ref["closeness"] = [x * 10 for x in ref["closeness"]]
        ref["harmonic"] = [x * 10 for x in ref["harmonic"]]
        _, usegs = grid(8, 9, col_w, row_w, 0.1)
        naive = nx.betweenness_centrality(build_nx(hubs, usegs, False), weight="w")
        ref["nx_naive_betweenness"] = [naive[h] for h in ids]
        diff = sum(1 for a_, b_ in zip(ref["betweenness"], ref["nx_naive_betweenness"]) if abs(a_ - b_) > 1e-9)
        print(f"grid_ulp: NetworkX's exact-equality answer differs at {diff} hubs", file=sys.stderr)
        write("grid_ulp", {"name": "grid_ulp", "hubs": hubs, "segments": usegs, "weight": "w", **ref})
    if want("directed_multi"):
        directed_multi(3)
    if want("roadlike2k"):
        roadlike()
    if want("helsinki"):
        helsinki()
    if want("mexico"):
        if os.path.exists(os.path.join(ROOT, "data/mexico/hubs.geojson")):
            mexico()
        else:
            print("mexico: data/mexico not present yet, skipped", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
