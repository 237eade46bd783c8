"""Exact betweenness on a Dask cluster, bit-identical to the single-process result.

The prepared graph (``CentralityGraph``, the compiled kernel without geometry) is scattered
once to every worker; one task per source chunk computes ``betweenness_partial``; the
client merges the partials in chunk order as they arrive, holding the running total and at
most the partials that finished early. Run one Dask thread per worker machine: the Rust
kernel uses every core of the worker itself, and results do not depend on its thread count.

Needs ``dask[distributed]`` (``pip install "corridors[dask]"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import (
    Betweenness,
    BetweennessMerge,
    BetweennessPartial,
    CentralityGraph,
    Network,
    betweenness_partial,
)

if TYPE_CHECKING:
    from distributed import Client


def _partial(graph: CentralityGraph, chunk: int, threads: int | None) -> BetweennessPartial:
    return betweenness_partial(graph, chunk, threads=threads)


def betweenness(
    client: Client,
    net: Network,
    *,
    weight: str | None = None,
    undirected: bool | None = None,
    normalized: bool | None = None,
    source_chunk: int | None = None,
    threads: int | None = None,
    order: Sequence[int] | None = None,
) -> Betweenness:
    """Exact betweenness of ``net`` computed by the workers of ``client``.

    Arguments are those of ``corridors.betweenness``; with the same ``source_chunk``
    (default ``SOURCE_CHUNK``) the result equals ``corridors.betweenness`` byte for byte.
    ``threads`` sizes each task's thread pool (``None``: every core of the worker).
    ``order`` is the order in which chunk tasks are submitted (default ascending); the
    merge is in chunk order whatever it is.
    """
    from distributed import as_completed

    graph = CentralityGraph(net, weight=weight, undirected=undirected, source_chunk=source_chunk)
    [g_fut] = client.scatter([graph], broadcast=True, hash=False)
    chunks = list(range(graph.chunks)) if order is None else list(order)
    if sorted(chunks) != list(range(graph.chunks)):
        raise ValueError(f"order must be a permutation of range({graph.chunks})")
    futures = [
        client.submit(
            _partial,
            g_fut,
            c,
            threads,
            key=f"corridors-bc-{graph.fingerprint:016x}-{c}",
            pure=False,
        )
        for c in chunks
    ]
    merge = BetweennessMerge(graph, normalized)
    pending: dict[int, Any] = {}
    try:
        for fut in as_completed(futures):
            p: BetweennessPartial = fut.result()
            fut.release()
            pending[p.chunk] = p
            while merge.next_chunk in pending:
                merge.add(pending.pop(merge.next_chunk))
    finally:
        for f in futures:
            f.release()
        g_fut.release()
    return merge.finish(net)


__all__ = ["betweenness"]
