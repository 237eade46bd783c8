#!/usr/bin/env python3
"""Check data/mexico/{hubs,segments}.geojson (needs shapely: pip install shapely).

Checks: unique ids, from/to exist, endpoints equal hub coordinates, no
self-loops, max leg <= 150 km (except the documented desert gaps in
make_mexico_data.py), connectivity (all modes and road only, with every
border crossing on a road), no single Chiapas hub cutting the Chiapas entry
hubs off from the US border inside Mexico, pairwise segment intersections only at a
shared hub endpoint, coordinates inside the region.  Prints counts.
Exit status 1 if any check fails.
"""
import collections
import json
import math
import os
import sys

from shapely.geometry import LineString, Point

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from make_mexico_data import LONG_LEG_EXCEPTIONS, MAX_LEG_KM, haversine_km  # noqa: E402

BBOX = (-118.5, 12.5, -86.0, 33.0)  # lon_min, lat_min, lon_max, lat_max
errors = []


def err(msg):
    errors.append(msg)
    print("FAIL:", msg)


def load(name):
    with open(os.path.join(ROOT, "data", "mexico", name), encoding="utf-8") as f:
        return json.load(f)["features"]


hubs = load("hubs.geojson")
segs = load("segments.geojson")
hub_by_id = {}
for h in hubs:
    p = h["properties"]
    if p["id"] in hub_by_id:
        err("duplicate hub id %s" % p["id"])
    hub_by_id[p["id"]] = h
    lon, lat = h["geometry"]["coordinates"]
    if not (BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]):
        err("hub outside region: %s" % p["id"])
if len({h["properties"]["geonameid"] for h in hubs}) != len(hubs):
    err("duplicate hub geonameid")

seg_ids = set()
adj = collections.defaultdict(set)
km = collections.Counter()
max_leg = 0.0
for s in segs:
    p = s["properties"]
    sid = p["id"]
    if sid in seg_ids:
        err("duplicate segment id %s" % sid)
    seg_ids.add(sid)
    if "length_m" in p:
        err("%s has length_m" % sid)
    a, b = p["from"], p["to"]
    if a not in hub_by_id or b not in hub_by_id:
        err("%s: unknown hub" % sid)
        continue
    if a == b:
        err("%s: self-loop" % sid)
    c = s["geometry"]["coordinates"]
    if c[0] != hub_by_id[a]["geometry"]["coordinates"]:
        err("%s: first vertex != from hub" % sid)
    if c[-1] != hub_by_id[b]["geometry"]["coordinates"]:
        err("%s: last vertex != to hub" % sid)
    if len(p["via_geonameids"]) != len(c) - 2:
        err("%s: via_geonameids count" % sid)
    gids = [hub_by_id[a]["properties"]["geonameid"]] + p["via_geonameids"] + [hub_by_id[b]["properties"]["geonameid"]]
    for i in range(len(c) - 1):
        d = haversine_km(c[i][0], c[i][1], c[i + 1][0], c[i + 1][1])
        km[p["mode"]] += d
        key = (gids[i], gids[i + 1])
        lim = LONG_LEG_EXCEPTIONS.get(key, LONG_LEG_EXCEPTIONS.get(key[::-1], MAX_LEG_KM))
        if d > lim:
            err("%s: leg %d is %.1f km" % (sid, i, d))
        if lim == MAX_LEG_KM:
            max_leg = max(max_leg, d)
    adj[a].add(b)
    adj[b].add(a)

# connectivity
start = sorted(hub_by_id)[0]
seen, todo = {start}, [start]
while todo:
    for n in adj[todo.pop()]:
        if n not in seen:
            seen.add(n)
            todo.append(n)
if seen != set(hub_by_id):
    err("not connected; unreachable: %s" % sorted(set(hub_by_id) - seen))

# (a) the road-only subnetwork is connected and every border crossing is on it
road_adj = collections.defaultdict(set)
for s in segs:
    p = s["properties"]
    if p["mode"] == "road" and p["from"] in hub_by_id and p["to"] in hub_by_id:
        road_adj[p["from"]].add(p["to"])
        road_adj[p["to"]].add(p["from"])


def reach(adj, start, allowed):
    """Hubs reachable from start through hubs in `allowed` (start included)."""
    if start not in allowed:
        return set()
    seen, todo = {start}, [start]
    while todo:
        for n in adj[todo.pop()]:
            if n in allowed and n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


road_seen = reach(road_adj, start, set(hub_by_id))
if road_seen != set(hub_by_id):
    err("road-only network not connected; unreachable by road from %s: %s"
        % (start, sorted(set(hub_by_id) - road_seen)))
crossings = sorted(h for h, f in hub_by_id.items() if f["properties"]["kind"] == "border_crossing")
off_road = [h for h in crossings if not road_adj[h]]
if off_road:
    err("border crossings without a road: %s" % off_road)
if not crossings:
    err("no border crossing hubs")


# (b) no single Chiapas hub cuts the Chiapas entries off from the US border:
# with any one hub of Chiapas (MX admin1 05) removed, every Chiapas entry hub
# other than the removed one still reaches a Mexican border crossing to the
# USA through Mexican hubs only.  Checked on the road-only network (which
# implies it for road + rail) and reported for both.
def props(h):
    return hub_by_id[h]["properties"]


mx = {h for h in hub_by_id if props(h)["country"] == "MX"}
chiapas = sorted(h for h in mx if props(h)["admin1"] == "05")
chiapas_entries = [h for h in chiapas if props(h)["kind"] == "entry"]
us_crossings = {h for h in crossings if h in mx}
if len(chiapas_entries) < 5:
    err("expected the five Chiapas entry hubs, found %s" % chiapas_entries)
if not us_crossings:
    err("no Mexican border crossing hubs")
for label, graph in (("road", road_adj), ("road+rail", adj)):
    cuts = []
    for removed in [None] + chiapas:
        allowed = mx - {removed}
        for e in chiapas_entries:
            if e == removed:
                continue
            if not reach(graph, e, allowed) & us_crossings:
                cuts.append((removed, e))
    if cuts:
        err("%s: removing one Chiapas hub cuts an entry from every border crossing "
            "(removed, entry): %s" % (label, cuts))
    print("%s: %d Chiapas hubs removed one at a time; %d Chiapas entries; cuts: %d"
          % (label, len(chiapas), len(chiapas_entries), len(cuts)))

# pairwise intersections
geoms = [(s["properties"], LineString(s["geometry"]["coordinates"])) for s in segs]
for p, g in geoms:
    if not g.is_simple:
        err("%s is self-intersecting" % p["id"])
n_bad = 0
for i in range(len(geoms)):
    pi, gi = geoms[i]
    for j in range(i + 1, len(geoms)):
        pj, gj = geoms[j]
        if not gi.intersects(gj):
            continue
        inter = gi.intersection(gj)
        shared = {pi["from"], pi["to"]} & {pj["from"], pj["to"]}
        allowed = [Point(hub_by_id[h]["geometry"]["coordinates"]) for h in shared]
        pts = [inter] if inter.geom_type == "Point" else list(getattr(inter, "geoms", [inter]))
        for q in pts:
            if q.geom_type != "Point" or not any(q.equals(a) for a in allowed):
                n_bad += 1
                err("%s x %s intersect at %s" % (pi["id"], pj["id"], q.wkt[:80]))

kinds = collections.Counter(h["properties"]["kind"] for h in hubs)
modes = collections.Counter(s["properties"]["mode"] for s in segs)
print("hubs: %d  %s" % (len(hubs), dict(sorted(kinds.items()))))
print("segments: %d  %s" % (len(segs), dict(sorted(modes.items()))))
print("km by mode (great-circle along polylines): %s" % {m: round(v) for m, v in sorted(km.items())})
print("max leg (non-exception): %.1f km; exceptions: %d" % (max_leg, len(LONG_LEG_EXCEPTIONS)))
print("connected: %s; road-only connected: %s; border crossings on roads: %d/%d; bad intersections: %d"
      % (seen == set(hub_by_id), road_seen == set(hub_by_id), len(crossings) - len(off_road),
         len(crossings), n_bad))
if len(hubs) < 70 or len(segs) < 100:
    err("too few hubs/segments")
print("RESULT:", "OK" if not errors else "%d problems" % len(errors))
sys.exit(1 if errors else 0)
