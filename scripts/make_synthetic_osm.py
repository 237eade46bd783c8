#!/usr/bin/env python3
"""Writes a SYNTHETIC country-sized OpenStreetMap extract (.osm.pbf) with pyosmium, for the
OSM import and `--simplify` benchmarks and tests.

    python3 scripts/make_synthetic_osm.py OUT.osm.pbf [ROWS COLS [SHAPE]] [--seed S]

A jittered lattice of ROWS x COLS street junctions over southern Mexico's longitudes
(lon -100..-88, lat 14.5..22), every block edge drawn with SHAPE intermediate shape nodes
(default 2), so each junction-to-junction street has SHAPE + 2 nodes. Streets run as ways
of 8 blocks along each row and column, so consecutive ways of one street meet end to end at
a junction (where they also cross the other direction) and, every 3rd way, mid-block:
those mid-block joints are degree-2 hubs after import, which `--simplify` merges away.

Tags (seeded, so the file is reproducible):
- highway: every 20th row/column `primary` (maxspeed 80, ref "MEX <k>"), every 5th
  `secondary` (maxspeed 60), the rest `residential` (maxspeed 30 on half of them); names
  "Calle <r>" / "Avenida <c>";
- residential ways with way id ≡ 6 (mod 7) `oneway=yes` (≡ 13 mod 14: `oneway=-1`);
- residential ways with id ≡ 10 (mod 11) `access=private`, ≡ 12 (mod 13) `access=no`;
- every 50th row carries a parallel `railway=rail` line (own nodes, joined to the street
  junctions at its ends), and one `route=ferry` way joins the two corners of the lattice.

400 x 400 (the default) gives 160,000 junctions and about 1.1 M nodes; 1000 x 1000 gives
10^6 junctions and about 5.4 M nodes. Records the pyosmium version in the file's header
(`generator`). Needs `pip install osmium`.
"""
import argparse
import random

import osmium
from importlib.metadata import version as _version
from osmium.osm.mutable import Node, Way

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("rows", nargs="?", type=int, default=400)
p.add_argument("cols", nargs="?", type=int, default=400)
p.add_argument("shape", nargs="?", type=int, default=2)
p.add_argument("--seed", type=int, default=42)
a = p.parse_args()

rng = random.Random(a.seed)
R, C, S = a.rows, a.cols, a.shape
LON0, LON1, LAT0, LAT1 = -100.0, -88.0, 14.5, 22.0
dx, dy = (LON1 - LON0) / C, (LAT1 - LAT0) / R


def junction(r, c):
    return 1 + r * C + c


jpos = {}
for r in range(R):
    for c in range(C):
        jpos[r, c] = (LON0 + (c + 0.5 + rng.uniform(-0.3, 0.3)) * dx,
                      LAT0 + (r + 0.5 + rng.uniform(-0.3, 0.3)) * dy)

next_node = R * C + 1
next_way = 1
header = osmium.io.Header()
header.set("generator", f"corridors make_synthetic_osm.py (pyosmium {_version('osmium')})")
w = osmium.SimpleWriter(a.out, overwrite=True, header=header)
try:
    # Junction nodes first, then the shape nodes of each block edge (ids in increasing order).
    for r in range(R):
        for c in range(C):
            lon, lat = jpos[r, c]
            w.add_node(Node(id=junction(r, c), location=(lon, lat)))
    edge_nodes = {}  # ((r, c), (r2, c2)) -> [shape node ids]
    for r in range(R):
        for c in range(C):
            for (r2, c2) in ((r, c + 1), (r + 1, c)):
                if r2 >= R or c2 >= C:
                    continue
                (x0, y0), (x1, y1) = jpos[r, c], jpos[r2, c2]
                ids = []
                for k in range(1, S + 1):
                    t = k / (S + 1)
                    off = rng.uniform(-0.05, 0.05)
                    lon = x0 + (x1 - x0) * t + off * dx * (r2 - r)
                    lat = y0 + (y1 - y0) * t + off * dy * (c2 - c)
                    w.add_node(Node(id=next_node, location=(lon, lat)))
                    ids.append(next_node)
                    next_node += 1
                edge_nodes[(r, c), (r2, c2)] = ids
    # Rail: its own nodes beside every 50th row.
    rail_lines = []
    for r in range(25, R, 50):
        ids = []
        for c in range(C):
            lon, lat = jpos[r, c]
            w.add_node(Node(id=next_node, location=(lon, lat + 0.25 * dy)))
            ids.append(next_node)
            next_node += 1
        rail_lines.append((r, ids))

    def street_tags(kind, idx, k):
        if idx % 20 == 0:
            t = {"highway": "primary", "maxspeed": "80", "ref": f"MEX {idx // 20 + 1}"}
        elif idx % 5 == 0:
            t = {"highway": "secondary", "maxspeed": "60"}
        else:
            t = {"highway": "residential"}
            if idx % 2 == 0:
                t["maxspeed"] = "30"
            if k % 14 == 13:
                t["oneway"] = "-1"
            elif k % 7 == 6:
                t["oneway"] = "yes"
            if k % 11 == 10:
                t["access"] = "private"
            elif k % 13 == 12:
                t["access"] = "no"
        t["name"] = f"{'Calle' if kind == 'row' else 'Avenida'} {idx}"
        return t

    def add_way(nodes, tags):
        global next_way
        w.add_way(Way(id=next_way, nodes=nodes, tags=tags))
        next_way += 1

    def street(kind, idx, cells):
        """Ways of 8 blocks along `cells`; every 3rd joint is moved mid-block."""
        pts = [junction(*cells[0])]
        for a_, b_ in zip(cells, cells[1:]):
            pts.extend(edge_nodes[a_, b_] if (a_, b_) in edge_nodes else edge_nodes[b_, a_][::-1])
            pts.append(junction(*b_))
        per_block = S + 1
        k = 0
        start = 0
        while start < len(pts) - 1:
            end = min(start + 8 * per_block, len(pts) - 1)
            if k % 3 == 2 and end < len(pts) - 1 and S >= 1:
                end -= per_block // 2 or 1  # a mid-block joint: a degree-2 hub after import
            add_way(pts[start:end + 1], street_tags(kind, idx, next_way))
            start = end
            k += 1

    for r in range(R):
        street("row", r, [(r, c) for c in range(C)])
    for c in range(C):
        street("col", c, [(r, c) for r in range(R)])
    for r, ids in rail_lines:
        for s0 in range(0, len(ids) - 1, 40):
            add_way(ids[s0:s0 + 41], {"railway": "rail", "name": f"Ferrocarril {r}"})
        add_way([junction(r, 0), ids[0]], {"highway": "service"})
        add_way([ids[-1], junction(r, C - 1)], {"highway": "service"})
    add_way([junction(0, 0), junction(R - 1, C - 1)], {"route": "ferry", "name": "Ferry"})
finally:
    w.close()
print(f"{R * C} junctions, {next_node - 1} nodes, {next_way - 1} ways -> {a.out}")
