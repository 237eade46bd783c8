"""Shared fixtures: repository paths, the CLI binary, synthetic networks."""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

import corridors

ROOT = Path(__file__).resolve().parents[2]
MEXICO = [str(ROOT / "data/mexico/hubs.geojson"), str(ROOT / "data/mexico/segments.geojson")]


def cli_binary() -> Path:
    """The `corridors` CLI: $CORRIDORS_CLI, else a built one in target/, else built now."""
    env = os.environ.get("CORRIDORS_CLI")
    if env:
        return Path(env)
    for p in (ROOT / "target/release/corridors", ROOT / "target/debug/corridors"):
        if p.exists():
            return p
    subprocess.run(
        ["cargo", "build", "--features", "cli", "--bin", "corridors"], cwd=ROOT, check=True
    )
    return ROOT / "target/debug/corridors"


@pytest.fixture(scope="session")
def cli() -> Path:
    return cli_binary()


@pytest.fixture(scope="session")
def mexico() -> corridors.Network:
    net, _ = corridors.load_network(MEXICO)
    return net


def grid_features(side: int, weight: float | None = 1.0) -> tuple[dict[str, Any], dict[str, Any]]:
    """A side × side grid (hubs h{r}_{c}, 0.01° apart) with a `cost` property."""
    hubs = []
    segs = []
    for r in range(side):
        for c in range(side):
            hubs.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [c * 0.01, r * 0.01]},
                "properties": {"id": f"h{r}_{c}", "kind": "transit"},
            })
    for r in range(side):
        for c in range(side):
            for r2, c2 in ((r + 1, c), (r, c + 1)):
                if r2 < side and c2 < side:
                    segs.append({
                        "type": "Feature",
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [[c * 0.01, r * 0.01], [c2 * 0.01, r2 * 0.01]],
                        },
                        "properties": {
                            "id": f"h{r}_{c}-h{r2}_{c2}",
                            "from": f"h{r}_{c}",
                            "to": f"h{r2}_{c2}",
                            "cost": weight,
                        },
                    })
    fc = lambda fs: {"type": "FeatureCollection", "features": fs}  # noqa: E731
    return fc(hubs), fc(segs)


def grid(side: int) -> corridors.Network:
    return corridors.Network.from_features(*grid_features(side))


def random_graph(n: int, p: float, seed: int) -> tuple[corridors.Network, list[tuple[int, int, int]]]:
    """A connected-ish random graph with integer weights 1..5 (ties are exact)."""
    rng = random.Random(seed)
    pts = [(rng.uniform(-100, -90), rng.uniform(15, 25)) for _ in range(n)]
    edges: list[tuple[int, int, int]] = []
    for i in range(1, n):  # a random spanning tree keeps it connected
        edges.append((rng.randrange(i), i, rng.randint(1, 5)))
    seen = {(min(a, b), max(a, b)) for a, b, _ in edges}
    for a in range(n):
        for b in range(a + 1, n):
            if (a, b) not in seen and rng.random() < p:
                edges.append((a, b, rng.randint(1, 5)))
    hubs = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(pts[i])},
         "properties": {"id": f"n{i}"}} for i in range(n)]}
    segs = {"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "geometry": {"type": "LineString", "coordinates": [list(pts[a]), list(pts[b])]},
         "properties": {"id": f"e{k}", "from": f"n{a}", "to": f"n{b}", "w": w}}
        for k, (a, b, w) in enumerate(edges)]}
    return corridors.Network.from_features(hubs, segs), edges


def cli_properties(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """`{id: properties}` of the hubs and of the segments of a CLI GeoJSON output."""
    d = json.loads(path.read_text())
    hubs, segs = {}, {}
    for f in d["features"]:
        target = hubs if f["geometry"]["type"] == "Point" else segs
        target[f["properties"]["id"]] = f["properties"]
    return hubs, segs
