"""Notebook-style tour of the Python API on data/mexico (run from the repository root):

    python python/examples/mexico.py [OUT.png]

Loads the network, computes OD betweenness from the entry hubs to the border crossings,
snaps the synthetic cases (numpy in, numpy out), publishes their per-segment counts through
the privacy guard (no count from 1 to 10 is ever shown) and draws everything with GeoPandas.
The cases are SYNTHETIC (corridors' generator): no real case is in this repository.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import corridors  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "mexico"


def main(out: Path) -> None:
    # 1. The network, with its build report (warnings, summary).
    net, report = corridors.load_network([DATA / "hubs.geojson", DATA / "segments.geojson"])
    print(f"{net.hub_count} hubs, {net.segment_count} segments, "
          f"{len(report.diagnostics)} warnings")

    # 2. OD betweenness: every entry hub to every border crossing, demand 1 per pair.
    entries = [net.hub_ids[i] for i in net.resolve_hubs("kind:entry")]
    borders = [net.hub_ids[i] for i in net.resolve_hubs("kind:border_crossing")]
    demand = [(o, d, 1.0) for o in entries for d in borders]
    t = time.perf_counter()
    od = corridors.od_betweenness(net, demand, weight="minutes")
    print(f"OD betweenness over {len(demand)} pairs in {1e3 * (time.perf_counter() - t):.1f} ms")

    # 3. Snap the synthetic case points: two numpy arrays in, numpy arrays out.
    with open(DATA / "cases_synthetic.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    snapped = corridors.snap(net, lon, lat, max_distance_m=10_000)
    matched = snapped.status == 0
    print(f"{matched.mean():.0%} of the cases lie within 10 km of a segment "
          f"(median distance {np.median(snapped.distance_m[matched]):.0f} m)")

    # 4. Publish per-segment case counts through the privacy guard (k = 11).
    agg = corridors.aggregate(net, DATA / "cases_synthetic.csv", max_distance_m=10_000)
    cases = [c.get("cases") for c in agg["segments"]]
    shown = sum(1 for c in cases if c)
    print(f"{shown} segments with a published count; "
          f"{sum(1 for c in agg['segments'] if c.get('suppressed'))} suppressed")

    # 5. One GeoDataFrame for hubs and segments, straight from net.layer(...).
    layer = net.layer(
        hub_measures={"od_betweenness": od.hubs},
        segment_measures={
            "od_edge_betweenness": od.segments,
            "cases": np.array([np.nan if c is None else float(c) for c in cases]),
        },
    )
    gdf = gpd.GeoDataFrame.from_features(layer, crs="EPSG:4326")
    segs = gdf[gdf["layer"] == "segment"]
    hubs = gdf[gdf["layer"] == "hub"]

    fig, ax = plt.subplots(figsize=(10, 7.5), dpi=110)
    boundaries = ROOT / "data" / "boundaries" / "countries_50m.geojson"
    if boundaries.exists():
        gpd.read_file(boundaries).plot(ax=ax, color="#f4f1ea", edgecolor="#c8c2b5", linewidth=0.5)
    width = 0.6 + 5.0 * segs["od_edge_betweenness"] / max(segs["od_edge_betweenness"].max(), 1e-12)
    segs.plot(ax=ax, color="#b9b4aa", linewidth=width)
    counted = segs[segs["cases"].notna() & (segs["cases"] > 0)]
    counted.plot(ax=ax, column="cases", cmap="OrRd", linewidth=width[counted.index] + 1.0,
                 legend=True, legend_kwds={"label": "published synthetic cases (k = 11)",
                                           "shrink": 0.6})
    size = 8 + 220 * hubs["od_betweenness"] / max(hubs["od_betweenness"].max(), 1e-12)
    hubs.plot(ax=ax, markersize=size, color="#3b4cc0", alpha=0.75, edgecolor="white",
              linewidth=0.5)
    for _, h in hubs.nlargest(6, "od_betweenness").iterrows():
        ax.annotate(h["name"], (h.geometry.x, h.geometry.y), xytext=(4, 4),
                    textcoords="offset points", fontsize=8)
    minx, miny, maxx, maxy = gdf.total_bounds
    ax.set_xlim(minx - 1, maxx + 1)
    ax.set_ylim(miny - 1, maxy + 1)
    ax.set_title("Mexico: OD betweenness, entry hubs → border crossings (minutes)\n"
                 "line width and hub size: OD betweenness; colour: published synthetic case counts",
                 fontsize=10)
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("mexico_python.png"))
