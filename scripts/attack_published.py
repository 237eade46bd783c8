#!/usr/bin/env python3
"""An attacker's check of `corridors aggregate` output, independent of the crate's own audit.

Reads one published aggregate layer (GeoJSON) and, optionally, the whole-network total the
same run printed ("cases counted: N" on stderr), then tries to recover every suppressed count
from the published ones by integer programming (scipy.optimize.milp, HiGHS):

* point cases (`parameters.itineraries` is null): a hub's count is the sum of the counts of
  its incident segments (a loop once), and the total is the sum of all segments';
* itineraries: a hub is at least each incident segment and at most their sum; the total is at
  least every hub and at most the sum of the hubs; the pairs of one origin (destination) sum
  to at most that hub; the route labels sum to at most the total.

Every suppressed cell is an unknown integer >= 1 (zeros are published as 0). For each one
the script finds the smallest and the largest value consistent with everything published;
an interval that excludes 1 or k - 1 narrows the cell below the rule it protects, and is
reported as a leak. It also reports any published count from 1 to k - 1.

Cases and victims are checked separately (each has its own suppression).

    python3 -m venv /tmp/att && /tmp/att/bin/pip install scipy numpy
    corridors aggregate ... --out /tmp/agg.geojson 2> /tmp/agg.log
    /tmp/att/bin/python scripts/attack_published.py /tmp/agg.geojson --log /tmp/agg.log

Exit status 0 when nothing leaks, 1 otherwise. Tested with scipy 1.17.1, numpy 2.4.
"""
import argparse
import json
import re
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def cells_of(doc, measure):
    """Published cells: list of (kind, key, value or None)."""
    out = []
    for f in doc["features"]:
        p = f["properties"]
        kind = "hub" if f["geometry"]["type"] == "Point" else "segment"
        out.append((kind, p["id"], p.get(measure), p))
    for r in doc.get("routes") or []:
        out.append(("route", r["route"], r.get(measure), r))
    for i, r in enumerate(doc.get("od_pairs") or []):
        out.append(("pair", i, r.get(measure), r))
    return out


def relations(doc, cells, total_index):
    """Linear relations between cells: (coefficients {cell: coef}, lo, hi)."""
    points = doc["parameters"].get("itineraries") is None
    index = {(k, key): i for i, (k, key, _, _) in enumerate(cells)}
    incident = {}
    for i, (k, key, _, p) in enumerate(cells):
        if k == "segment":
            ends = {p["from"], p["to"]}
            for h in ends:
                incident.setdefault(h, []).append(i)
    rels = []
    hubs = [i for i, c in enumerate(cells) if c[0] == "hub"]
    for i in hubs:
        inc = incident.get(cells[i][1], [])
        if points:
            coef = {i: 1.0}
            for e in inc:
                coef[e] = coef.get(e, 0.0) - 1.0
            rels.append((coef, 0.0, 0.0))
        else:
            coef = {i: 1.0}
            for e in inc:
                coef[e] = coef.get(e, 0.0) - 1.0
            rels.append((coef, -np.inf, 0.0))  # hub <= sum of incident
            for e in inc:
                rels.append(({i: 1.0, e: -1.0}, 0.0, np.inf))  # hub >= segment
    if total_index is not None:
        t = total_index
        segs = [i for i, c in enumerate(cells) if c[0] == "segment"]
        if points:
            coef = {t: 1.0}
            for e in segs:
                coef[e] = -1.0
            rels.append((coef, 0.0, 0.0))
        else:
            coef = {t: 1.0}
            for h in hubs:
                coef[h] = -1.0
            rels.append((coef, -np.inf, 0.0))
            for h in hubs:
                rels.append(({t: 1.0, h: -1.0}, 0.0, np.inf))
        routes = [i for i, c in enumerate(cells) if c[0] == "route"]
        if routes:
            coef = {t: 1.0}
            for r in routes:
                coef[r] = -1.0
            rels.append((coef, 0.0, np.inf))
    by_end = {}
    for i, (k, key, _, p) in enumerate(cells):
        if k == "pair":
            for end in ("origin", "destination"):
                h = p.get(end) or p.get(end[:4])
                if h is not None:
                    by_end.setdefault((end, h), []).append(i)
    for (end, h), pairs in by_end.items():
        if ("hub", h) in index:
            coef = {index[("hub", h)]: 1.0}
            for q in pairs:
                coef[q] = coef.get(q, 0.0) - 1.0
            rels.append((coef, 0.0, np.inf))
    return rels


def attack(doc, measure, total, k, truth=None):
    """Leaks of one measure. `truth` maps (kind, key) to the true count (a run with
    --min-count 1): with it, the primary cells (true count 1..k-1) are known."""
    cells = list(cells_of(doc, measure))
    total_index = None
    if total is not None:
        cells.append(("total", "total", total, {}))
        total_index = len(cells) - 1
    leaks = [f"{kind} {key}: published {measure} {v} lies in 1..{k - 1}"
             for kind, key, v, _ in cells if v is not None and 1 <= v < k]
    notes = []
    unknown = [i for i, c in enumerate(cells) if c[2] is None]
    if not unknown:
        return leaks, notes, 0
    col = {c: j for j, c in enumerate(unknown)}
    rows, lo, hi = [], [], []
    for coef, l, h in relations(doc, cells, total_index):
        row = np.zeros(len(unknown))
        const = 0.0
        for c, a in coef.items():
            if c in col:
                row[col[c]] += a
            else:
                const += a * cells[c][2]
        if not row.any():
            continue
        rows.append(row)
        lo.append(l - const)
        hi.append(h - const)
    cons = [LinearConstraint(np.array(rows), lo, hi)] if rows else []
    big = max([v for _, _, v, _ in cells if v is not None] + [k]) * 100
    n = len(unknown)
    integrality = np.ones(n)

    def extreme(j, sign, floor_others):
        c = np.zeros(n)
        c[j] = sign
        lb = np.full(n, float(floor_others))
        lb[j] = 1.0
        r = milp(c, constraints=cons, bounds=Bounds(lb, np.full(n, big)),
                 integrality=integrality)
        if r.status != 0:
            raise SystemExit(f"solver failed: {r.message}")
        return round(r.x[j])

    for j, i in enumerate(unknown):
        kind, key = cells[i][0], cells[i][1]
        true = truth.get((kind, key)) if truth is not None else None
        primary = true is not None and 1 <= true < k
        if truth is not None and not primary:
            continue
        top = extreme(j, -1.0, 1)
        low = extreme(j, 1.0, 1)  # every suppressed cell is at least 1 (zeros are published)
        what = f"{kind} {key} ({'true ' + str(true) if primary else 'suppressed'})"
        if top < k - 1:
            leaks.append(f"{what}: {measure} at most {top} < k - 1")
        if low > 1:
            # what the published zeros alone imply (every non-zero cell unknown, at least 1):
            # a hub of point cases with s non-zero segments holds at least s, whatever is
            # suppressed; only a lower end above that is learnt from the published numbers
            floor = structural_min(doc, cells, total_index, i, truth) if truth else 1
            if low > floor:
                leaks.append(f"{what}: {measure} at least {low} > {floor}")
            else:
                notes.append(f"{what}: {measure} at least {low}, as the published zeros "
                             f"alone imply (structural)")
    return leaks, notes, n


def structural_min(doc, cells, total_index, target, truth):
    """The smallest value of cell `target` when every cell with a non-zero true count is
    unknown (at least 1) and only the zeros are known."""
    nonzero = [i for i, c in enumerate(cells)
               if c[0] == "total" or truth.get((c[0], c[1]), 0) != 0]
    col = {c: j for j, c in enumerate(nonzero)}
    rows, lo, hi = [], [], []
    for coef, l, h in relations(doc, cells, total_index):
        row = np.zeros(len(nonzero))
        for c, a in coef.items():
            if c in col:
                row[col[c]] += a
        if row.any():
            rows.append(row)
            lo.append(l)
            hi.append(h)
    c = np.zeros(len(nonzero))
    c[col[target]] = 1.0
    r = milp(c, constraints=[LinearConstraint(np.array(rows), lo, hi)],
             bounds=Bounds(np.ones(len(nonzero)), np.full(len(nonzero), 1e9)),
             integrality=np.ones(len(nonzero)))
    if r.status != 0:
        raise SystemExit(f"solver failed: {r.message}")
    return round(r.x[col[target]])


def truth_of(path, measure):
    doc = json.load(open(path))
    return {(kind, key): v for kind, key, v, _ in cells_of(doc, measure)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("geojson")
    ap.add_argument("--log", help="stderr of the same run (for 'cases counted: N')")
    ap.add_argument("--truth", help="the same run with --min-count 1: only the primary cells "
                    "(true count 1..k-1) are checked")
    ap.add_argument("--k", type=int, default=None, help="threshold (default: privacy.min_count)")
    a = ap.parse_args()
    doc = json.load(open(a.geojson))
    k = a.k or doc["privacy"]["min_count"]
    total = None
    if a.log:
        m = re.search(r"cases counted: (\d+)", open(a.log).read())
        total = int(m.group(1)) if m else None
    bad = []
    for measure in ("cases", "victims"):
        t = total if measure == "cases" else None
        truth = truth_of(a.truth, measure) if a.truth else None
        leaks, notes, n = attack(doc, measure, t, k, truth)
        print(f"{measure}: {n} suppressed cells, {len(leaks)} leak(s), {len(notes)} structural "
              f"lower bound(s)")
        for line in leaks:
            print("  LEAK " + line)
        for line in notes:
            print("  note " + line)
        bad += leaks
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
