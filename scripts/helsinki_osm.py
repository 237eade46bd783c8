#!/usr/bin/env python3
"""Cuts the drivable street network of ../shared/data/osm/helsinki.osm.pbf into corridors'
hubs + segments GeoJSON (tests/fixtures/centrality/helsinki_{hubs,segments}.geojson).

Used by gen_centrality_fixtures.py; needs pyosmium (`pip install osmium`).

* Ways tagged highway = motorway … tertiary (and their _link), residential, unclassified,
  living_street or service.
* Hubs are way ends and nodes shared by two or more such ways (junctions); every way is
  split at its hubs into segments whose geometry keeps all intermediate nodes.
* oneway=yes/true/1 and junction=roundabout make a segment one-way; oneway=-1 reverses it.
* Only the largest weakly connected component is kept (ids: "n<OSM node id>" for hubs,
  "w<way id>_<part>" for segments). OSM data © OpenStreetMap contributors, ODbL.
"""
import json
import os
from collections import defaultdict

import osmium

PBF = "../shared/data/osm/helsinki.osm.pbf"
ROADS = {
    "motorway", "trunk", "primary", "secondary", "tertiary", "motorway_link", "trunk_link",
    "primary_link", "secondary_link", "tertiary_link", "residential", "unclassified",
    "living_street", "service",
}


class Ways(osmium.SimpleHandler):
    def __init__(self):
        super().__init__()
        self.ways = []  # (way id, [(node id, lon, lat)], oneway flag: 0, 1, -1, name)

    def way(self, w):
        if w.tags.get("highway") not in ROADS:
            return
        ow = w.tags.get("oneway", "no")
        flag = 1 if ow in ("yes", "true", "1") or w.tags.get("junction") == "roundabout" else 0
        if ow == "-1":
            flag = -1
        run = []
        for n in w.nodes:
            if n.location.valid():
                run.append((n.ref, n.location.lon, n.location.lat))
            else:  # node outside the extract: split the way there
                if len(run) >= 2:
                    self.ways.append((w.id, run, flag))
                run = []
        if len(run) >= 2:
            self.ways.append((w.id, run, flag))


def build(root):
    pbf = os.path.normpath(os.path.join(root, PBF))
    h = Ways()
    h.apply_file(pbf, locations=True)
    use = defaultdict(int)
    for _, nodes, _ in h.ways:
        for i, (nid, _, _) in enumerate(nodes):
            use[nid] += 2 if i in (0, len(nodes) - 1) else 1
    coords = {}
    segments = []
    for wid, nodes, flag in h.ways:
        if flag == -1:
            nodes = nodes[::-1]
        part, start = 0, 0
        for i in range(1, len(nodes)):
            if use[nodes[i][0]] >= 2 or i == len(nodes) - 1:
                piece = nodes[start : i + 1]
                segments.append((f"w{wid}_{part}", f"n{piece[0][0]}", f"n{piece[-1][0]}",
                                 [[lon, lat] for _, lon, lat in piece], flag != 0))
                for nid, lon, lat in (piece[0], piece[-1]):
                    coords[f"n{nid}"] = (lon, lat)
                part += 1
                start = i
    # largest weakly connected component
    parent = {v: v for v in coords}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, a, b, _, _ in segments:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    size = defaultdict(int)
    for v in coords:
        size[find(v)] += 1
    big = max(size, key=size.get)
    keep = {v for v in coords if find(v) == big}
    hubs_fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [coords[v][0], coords[v][1]]},
         "properties": {"id": v, "kind": "transit"}}
        for v in sorted(keep)]}
    segs_fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
         "properties": {"id": sid, "from": a, "to": b, "mode": "road", "oneway": ow}}
        for sid, a, b, line, ow in segments if a in keep]}
    out = os.path.join(root, "tests", "fixtures", "centrality")
    os.makedirs(out, exist_ok=True)
    files = []
    for name, fc in (("helsinki_hubs.geojson", hubs_fc), ("helsinki_segments.geojson", segs_fc)):
        with open(os.path.join(out, name), "w") as f:
            json.dump(fc, f, separators=(",", ":"))
        files.append(f"tests/fixtures/centrality/{name}")
    print(f"helsinki: {len(keep)} hubs, {len(segs_fc['features'])} segments")
    return files


if __name__ == "__main__":
    build(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
