#!/usr/bin/env python3
"""Reference values for the `stats` module (tests/fixtures/stats/).

Run in a venv with spaghetti, esda, libpysal and scipy from PyPI:

    python3 -m venv .venv-ref && .venv-ref/bin/pip install spaghetti esda libpysal scipy
    .venv-ref/bin/python scripts/gen_stats_fixtures.py

Writes (the Rust tests read them and never need Python):
* square.json     - the 10 m square + tail of stats.md §9: spaghetti allneighbordistances,
                    GlobalAutoK observed, the Okabe-Yamada closed form, the disconnected case;
* scipy.json      - binomial / Poisson tails, mid-p, BH / BY q-values (scipy);
* path6.json      - Gi* z and p (esda G_Local, transform='B', star=True) and local Moran I
                    (esda Moran_Local, row-standardised) on a 6-unit path;
* helsinki_planar_{hubs,segments}.geojson, helsinki_positions.csv, helsinki.json -
                    a real street network (the Helsinki OSM cut of tests/fixtures/centrality,
                    ODbL) with planar lengths given explicitly (local equirectangular
                    projection), 300 positions, spaghetti K, Okabe-Yamada K from spaghetti's
                    distance matrix, sampled pair distances, scipy exceedance p / BH q and
                    esda Gi* z over segment contiguity.
Every file records the tool versions in its `generator` member.
"""
import csv
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.stats as st
import geopandas
import shapely
from shapely.geometry import LineString, Point
import spaghetti
import esda
import libpysal

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "tests", "fixtures", "stats")
os.makedirs(OUT, exist_ok=True)
GEN = {
    "script": "scripts/gen_stats_fixtures.py",
    "python": sys.version.split()[0],
    "spaghetti": spaghetti.__version__,
    "esda": esda.__version__,
    "libpysal": libpysal.__version__,
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "geopandas": geopandas.__version__,
    "shapely": shapely.__version__,
}


def dump(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def fin(x):
    return [None if not np.isfinite(v) else float(v) for v in x]


# ---------------------------------------------------------------- §9 square + tail
lines = [LineString([(0, 0), (10, 0)]), LineString([(10, 0), (10, 10)]),
         LineString([(10, 10), (0, 10)]), LineString([(0, 10), (0, 0)]),
         LineString([(10, 0), (20, 0)])]
net = spaghetti.Network(in_data=geopandas.GeoDataFrame(geometry=lines))
pts = [(2, 0), (7, 0), (10, 3), (5, 10), (0, 5), (15, 0)]
net.snapobservations(geopandas.GeoDataFrame(geometry=[Point(p) for p in pts]), "cases")
pp = net.pointpatterns["cases"]
D = net.allneighbordistances(pp)
iu = np.triu_indices(len(pts), 1)
np.random.seed(12345)
k = net.GlobalAutoK(pp, nsteps=5, permutations=9, threshold=0.5, upperbound=20.0)
L = float(sum(net.arc_lengths.values()))
n = len(pts)
oy = [L * 2 * float((D[iu] <= r).sum()) / (n * (n - 1)) for r in k.xaxis]
# disconnected: two parallel lines
net2 = spaghetti.Network(in_data=geopandas.GeoDataFrame(
    geometry=[LineString([(0, 0), (10, 0)]), LineString([(0, 5), (10, 5)])]))
net2.snapobservations(geopandas.GeoDataFrame(
    geometry=[Point(p) for p in [(1, 0), (4, 0), (2, 5), (9, 5)]]), "cases")
pp2 = net2.pointpatterns["cases"]
D2 = net2.allneighbordistances(pp2)
k2 = net2.GlobalAutoK(pp2, nsteps=4, permutations=2)
dump("square.json", {
    "generator": GEN,
    "lines": [list(map(list, l.coords)) for l in lines],
    "points": pts,
    "total_length": L,
    "distances_upper": [float(x) for x in D[iu]],
    "radii": [float(x) for x in k.xaxis],
    "k_spaghetti": [float(x) for x in k.observed],
    "k_okabe_yamada": oy,
    "disconnected": {
        "lines": [[[0, 0], [10, 0]], [[0, 5], [10, 5]]],
        "points": [[1, 0], [4, 0], [2, 5], [9, 5]],
        "distances_upper": fin(D2[np.triu_indices(4, 1)]),
        "spaghetti_upperbound": None if not np.isfinite(k2.upperbound) else float(k2.upperbound),
        "spaghetti_xaxis": [str(x) for x in k2.xaxis],
        "finite_max": 7.0,
    },
})

# ---------------------------------------------------------------- scipy values
pv = [0.010, 0.001, 0.039, 0.041, 0.20, 0.005]
dump("scipy.json", {
    "generator": GEN,
    "binom_sf_12_50_0.1": float(st.binom.sf(11, 50, 0.1)),
    "binom_midp_12_50_0.1": float(st.binom.sf(12, 50, 0.1) + 0.5 * st.binom.pmf(12, 50, 0.1)),
    "pois_sf_12_5": float(st.poisson.sf(11, 5.0)),
    "pois_sf_1_0.25": float(st.poisson.sf(0, 0.25)),
    "binom_sf_grid": [[x, nn, p, float(st.binom.sf(x - 1, nn, p))]
                      for (x, nn, p) in [(1, 10, 0.01), (5, 1000, 0.001), (30, 1000, 0.01),
                                         (300, 2000, 0.1), (2, 3, 0.9), (60, 60, 0.5),
                                         (150, 100000, 0.001), (7, 300, 0.004)]],
    "pois_sf_grid": [[x, mu, float(st.poisson.sf(x - 1, mu))]
                     for (x, mu) in [(1, 1e-4), (3, 0.5), (40, 20.0), (500, 400.0), (2, 30.0)]],
    "p": pv,
    "bh": [float(x) for x in st.false_discovery_control(pv, method="bh")],
    "by": [float(x) for x in st.false_discovery_control(pv, method="by")],
    "chi2_sf_10_4": float(st.chi2.sf(10.0, 4)),
})

# ---------------------------------------------------------------- esda path of 6
y6 = np.array([0, 2, 7, 9, 3, 1], dtype=float)
nb = {i: [j for j in (i - 1, i + 1) if 0 <= j < 6] for i in range(6)}
w6 = libpysal.weights.W(nb)
g6 = esda.G_Local(y6, w6, transform="B", star=True, permutations=0)
w6r = libpysal.weights.W(nb)
w6r.transform = "r"
m6 = esda.Moran_Local(y6, w6r, permutations=0)
dump("path6.json", {
    "generator": GEN,
    "y": y6.tolist(),
    "gi_star_z": [float(x) for x in g6.Zs],
    "gi_star_p_norm": [float(x) for x in g6.p_norm],
    "local_moran_i": [float(x) for x in m6.Is],
})

# ---------------------------------------------------------------- Helsinki, planar lengths
hubs = json.load(open(os.path.join(ROOT, "tests/fixtures/centrality/helsinki_hubs.geojson")))
segs = json.load(open(os.path.join(ROOT, "tests/fixtures/centrality/helsinki_segments.geojson")))
R = 6371008.8
lat0 = 60.17
lon0 = 24.94
kx = math.cos(math.radians(lat0)) * R * math.pi / 180
ky = R * math.pi / 180


def proj(c):
    return ((c[0] - lon0) * kx, (c[1] - lat0) * ky)


hub_xy = {h["properties"]["id"]: tuple(h["geometry"]["coordinates"]) for h in hubs["features"]}
# keep straight-enough topology: drop loops, duplicate hub pairs with identical geometry, and
# polylines whose interior vertices touch any other vertex (spaghetti would join them there)
count = {}
for s in segs["features"]:
    for c in s["geometry"]["coordinates"]:
        count[tuple(c)] = count.get(tuple(c), 0) + 1
kept = []
seen = set()
for s in segs["features"]:
    p = s["properties"]
    cs = [tuple(c) for c in s["geometry"]["coordinates"]]
    if p["from"] == p["to"] or cs[0] == cs[-1]:
        continue
    if any(count[c] > 1 for c in cs[1:-1]):
        continue
    key = tuple(sorted([cs[0], cs[-1]])) if len(cs) == 2 else tuple(cs)
    if key in seen or tuple(reversed(key)) in seen:
        continue
    seen.add(key)
    kept.append(s)
used = set()
out_segs = []
plines = []
for s in kept:
    cs = s["geometry"]["coordinates"]
    pl = LineString([proj(c) for c in cs])
    plines.append(pl)
    p = s["properties"]
    used.update([p["from"], p["to"]])
    out_segs.append({"type": "Feature", "geometry": s["geometry"],
                     "properties": {"id": p["id"], "from": p["from"], "to": p["to"],
                                    "mode": "road", "length_m": pl.length}})
out_hubs = [h for h in hubs["features"] if h["properties"]["id"] in used]
for name, feats in [("helsinki_planar_hubs.geojson", out_hubs),
                    ("helsinki_planar_segments.geojson", out_segs)]:
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f)
        f.write("\n")
lengths = np.array([pl.length for pl in plines])
Ltot = float(lengths.sum())
rng = np.random.default_rng(20261201)
NP = 300
# clustered half (a few hot segments) and uniform half, so that tests have signal
hot = rng.choice(len(plines), 6, replace=False)
segi = np.concatenate([rng.choice(len(plines), NP // 2, p=lengths / Ltot),
                       rng.choice(hot, NP - NP // 2)])
frac = rng.integers(1, 1024, NP) / 1024.0
positions = []
geoms = []
for s, f in zip(segi, frac):
    pl = plines[s]
    geoms.append(pl.interpolate(f * pl.length))
    positions.append((out_segs[s]["properties"]["id"], float(f)))
with open(os.path.join(OUT, "helsinki_positions.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["case_id", "status", "segment_id", "fraction"])
    for k, (sid, fr) in enumerate(positions):
        w.writerow([f"c{k}", "matched", sid, repr(fr)])
    w.writerow(["far1", "too_far", "", ""])
    w.writerow(["bad1", "invalid", "", ""])
hnet = spaghetti.Network(in_data=geopandas.GeoDataFrame(geometry=plines))
hnet.snapobservations(geopandas.GeoDataFrame(geometry=geoms), "cases")
hpp = hnet.pointpatterns["cases"]
HD = hnet.allneighbordistances(hpp)
Lsp = float(sum(hnet.arc_lengths.values()))
np.random.seed(1)
hk = hnet.GlobalAutoK(hpp, nsteps=10, permutations=9, upperbound=2000.0)
hiu = np.triu_indices(NP, 1)
hoy = [Lsp * 2 * float((HD[hiu] <= r).sum()) / (NP * (NP - 1)) for r in hk.xaxis]
pick = rng.choice(len(hiu[0]), 500, replace=False)
sample = [[int(hiu[0][q]), int(hiu[1][q]), None if not np.isfinite(HD[hiu][q]) else float(HD[hiu][q])]
          for q in sorted(pick)]
# exceedance by segment
counts = np.bincount(segi, minlength=len(plines))
pi = lengths / Ltot
p = np.where(counts > 0, st.binom.sf(counts - 1, NP, pi), 1.0)
q = st.false_discovery_control(p, method="bh")
# contiguity: segments sharing a hub
by_hub = {}
for k, s in enumerate(out_segs):
    for h in (s["properties"]["from"], s["properties"]["to"]):
        by_hub.setdefault(h, set()).add(k)
nbrs = {k: sorted(set().union(*[by_hub[s["properties"]["from"]], by_hub[s["properties"]["to"]]]) - {k})
        for k, s in enumerate(out_segs)}
wc = libpysal.weights.W(nbrs, silence_warnings=True)
gh = esda.G_Local(counts.astype(float), wc, transform="B", star=True, permutations=0)
dump("helsinki.json", {
    "generator": GEN,
    "source": "tests/fixtures/centrality/helsinki_*.geojson (OpenStreetMap, ODbL), projected "
              "equirectangularly at lat 60.17; lengths are planar metres, given as length_m",
    "segments": len(out_segs),
    "n": NP,
    "total_length": Lsp,
    "radii": [float(x) for x in hk.xaxis],
    "k_spaghetti": [float(x) for x in hk.observed],
    "k_okabe_yamada": hoy,
    "pairs_sample": sample,
    "counts": [int(c) for c in counts],
    "p": [float(x) for x in p],
    "q_bh": [float(x) for x in q],
    "gi_star_z": [float(x) for x in gh.Zs],
})
print("wrote", OUT, "segments", len(out_segs), "L", Lsp, "vs", Ltot)
