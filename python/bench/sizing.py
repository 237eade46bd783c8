"""Measures what sizing a distributed exact betweenness needs: seconds per source (one
thread), bytes of the shipped graph and of one chunk partial, and seconds per sample of
(eps, delta) sampling, on seeded road-like graphs of growing size.

    python python/bench/sizing.py 10000 100000 [1000000]

Prints one JSON line per size. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import json
import math
import sys
import time

import corridors

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from roadlike import features, road_like  # noqa: E402


def measure(n: int, sources: int = 64, samples: int = 256) -> dict[str, float]:
    t = time.perf_counter()
    net = corridors.Network.from_features(*features(*road_like(n, 42)))
    build_s = time.perf_counter() - t
    g = corridors.CentralityGraph(net, weight="w", source_chunk=sources)
    # CPU seconds of the process (all threads): core-seconds, robust to a busy machine
    t, c = time.perf_counter(), time.process_time()
    p = corridors.betweenness_partial(g, g.chunks // 2, threads=1)
    per_source_wall = (time.perf_counter() - t) / sources
    per_source = (time.process_time() - c) / sources
    c = time.process_time()
    s = corridors.sampled_betweenness(net, samples=samples, seed=1, weight="w", threads=1)
    per_sample = (time.process_time() - c) / samples
    # the pair count of an (eps, delta) guarantee: ceil(0.5 / eps^2 (floor(log2(vd - 2)) + 1
    # + ln(1 / delta))), the library's formula, with the measured vertex-diameter bound
    vd = s.vertex_diameter_bound
    need = {e: math.ceil(0.5 / e**2 * (math.floor(math.log2(max(vd - 2, 1))) + 1 + math.log(10)))
            for e in (0.01, 0.005)}
    return {
        "hubs": net.hub_count,
        "segments": net.segment_count,
        "build_s": round(build_s, 2),
        "cpu_s_per_source": per_source,
        "wall_s_per_source_1_thread": per_source_wall,
        "graph_bytes": len(g.to_bytes()),
        "partial_bytes": len(p.to_bytes()),
        "cpu_s_per_sample": per_sample,
        "vertex_diameter_bound": vd,
        "samples_eps_0.01_delta_0.1": need[0.01],
        "samples_eps_0.005_delta_0.1": need[0.005],
    }


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(json.dumps(measure(int(arg))), flush=True)
