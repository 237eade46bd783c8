"""Distributed betweenness on a two-process LocalCluster equals the single-process result
byte for byte (30 × 30 unit grid: ties everywhere, non-integer raw scores)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import corridors
from conftest import grid

distributed = pytest.importorskip("distributed")
import corridors.dask  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, host="127.0.0.1") as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def net() -> corridors.Network:
    return grid(30)


def test_two_workers_equal_one_process_byte_for_byte(client: Any, net: corridors.Network) -> None:
    one = corridors.betweenness(net, weight="cost", source_chunk=64)
    g = corridors.CentralityGraph(net, weight="cost", source_chunk=64)
    assert g.chunks == 15
    raw = np.concatenate([corridors.betweenness_partial(g, c).raw for c in range(g.chunks)])
    assert np.any(raw != np.round(raw))  # non-integer sums: the grouping matters
    for threads in (1, 2):
        for order in (None, list(reversed(range(g.chunks)))):
            d = corridors.dask.betweenness(client, net, weight="cost", source_chunk=64,
                                           threads=threads, order=order)
            assert d.hubs.tobytes() == one.hubs.tobytes()
            assert d.segments.tobytes() == one.segments.tobytes()
    # and a different chunk size does move some bits (the contract is not vacuous)
    other = corridors.betweenness(net, weight="cost", source_chunk=100)
    assert other.hubs.tobytes() != one.hubs.tobytes()
    assert np.allclose(other.hubs, one.hubs, rtol=1e-12, atol=0)


def test_threads_do_not_change_bits(net: corridors.Network) -> None:
    a = corridors.betweenness(net, weight="cost", threads=1)
    b = corridors.betweenness(net, weight="cost", threads=2)
    assert a.hubs.tobytes() == b.hubs.tobytes() and a.segments.tobytes() == b.segments.tobytes()


def test_merge_refuses_out_of_order_foreign_and_missing(net: corridors.Network) -> None:
    g = corridors.CentralityGraph(net, weight="cost", source_chunk=300)
    other = corridors.CentralityGraph(net, weight="cost", source_chunk=256)
    p = [corridors.betweenness_partial(g, c) for c in range(g.chunks)]
    m = corridors.BetweennessMerge(g)
    with pytest.raises(corridors.CorridorsValueError, match="out of order"):
        m.add(p[1])
    with pytest.raises(ValueError, match="another graph"):
        m.add(corridors.betweenness_partial(other, 0))
    m.add(p[0])
    with pytest.raises(ValueError, match="chunks merged"):
        m.finish()
    m.add(p[1])
    m.add(p[2])
    assert m.finish().hubs.shape == (900,)
    with pytest.raises(ValueError, match="out of range|not below"):
        corridors.betweenness_partial(g, 3)


def test_pickle_and_bytes(net: corridors.Network) -> None:
    import sys

    g = corridors.CentralityGraph(net, weight="cost", source_chunk=64)
    b = g.to_bytes()
    g2 = pickle.loads(pickle.dumps(g))
    assert g2.fingerprint == g.fingerprint and g2.to_bytes() == b
    assert sys.getsizeof(g) >= len(b)
    for bad in (b[:-1], b[:40], b"", b[:100] + bytes([b[100] ^ 0xFF]) + b[101:]):
        with pytest.raises(ValueError):
            corridors.CentralityGraph.from_bytes(bad)
    p = corridors.betweenness_partial(g, 3)
    p2 = pickle.loads(pickle.dumps(p))
    assert (p2.chunk, p2.fingerprint) == (3, g.fingerprint)
    assert p2.raw.tobytes() == p.raw.tobytes()
    n2 = pickle.loads(pickle.dumps(net))
    assert n2.hub_ids == net.hub_ids
    assert corridors.betweenness(n2, weight="cost").hubs.tobytes() == \
        corridors.betweenness(net, weight="cost").hubs.tobytes()
