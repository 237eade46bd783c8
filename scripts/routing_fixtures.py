"""Generate tests/fixtures/routing_nx.json: NetworkX reference answers for the routing and
planning tests (k shortest simple paths, group betweenness).

Run from the repository root:  python3 scripts/routing_fixtures.py
Needs networkx (tested with 3.6.1). The Rust tests read the JSON only.
"""
import itertools
import json
import random

import networkx as nx

K = 8


def gen_graph(seed, n, m, directed, wmax):
    rng = random.Random(seed)
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    # a spanning path first so that the graph is connected
    order = list(range(n))
    rng.shuffle(order)
    for a, b in zip(order, order[1:]):
        G.add_edge(a, b, weight=rng.randint(1, wmax))
        if directed:
            G.add_edge(b, a, weight=rng.randint(1, wmax))
    while G.number_of_edges() < m:
        a, b = rng.sample(range(n), 2)
        if not G.has_edge(a, b):
            G.add_edge(a, b, weight=rng.randint(1, wmax))
    return G


def edges_of(G):
    return [[u, v, d["weight"]] for u, v, d in G.edges(data=True)]


def ksp_case(seed, n, m, directed):
    # large weight range, re-seeded until the first K costs are distinct (unique order)
    while True:
        G = gen_graph(seed, n, m, directed, 1000)
        rng = random.Random(seed * 7 + 1)
        s, t = rng.sample(range(n), 2)
        paths = list(itertools.islice(nx.shortest_simple_paths(G, s, t, weight="weight"), K))
        costs = [nx.path_weight(G, p, "weight") for p in paths]
        if len(set(costs)) == len(costs) and len(paths) >= 4:
            return {
                "directed": directed,
                "n": n,
                "edges": edges_of(G),
                "source": s,
                "target": t,
                "k": K,
                "paths": paths,
                "costs": costs,
            }
        seed += 1000


def gb_case(seed, n, m, weighted):
    G = gen_graph(seed, n, m, False, 3 if weighted else 1)
    rng = random.Random(seed)
    groups = []
    for size in (1, 2, 3):
        C = sorted(rng.sample(range(n), size))
        value = nx.group_betweenness_centrality(
            G, C, normalized=False, weight="weight" if weighted else None, endpoints=False
        )
        groups.append({"group": C, "nx_unnormalized": value})
    return {"directed": False, "n": n, "edges": edges_of(G), "weighted": weighted, "groups": groups}


def main():
    out = {
        "generator": "scripts/routing_fixtures.py",
        "networkx": nx.__version__,
        "ksp": [ksp_case(1, 12, 26, False), ksp_case(2, 14, 30, False), ksp_case(3, 10, 34, True)],
        "group_betweenness": [gb_case(4, 12, 22, True), gb_case(5, 10, 18, False), gb_case(6, 14, 30, True)],
    }
    with open("tests/fixtures/routing_nx.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
