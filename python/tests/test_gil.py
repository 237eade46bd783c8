"""The GIL is released during computations, and Ctrl-C interrupts them within a second."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

import corridors
from conftest import grid


@pytest.fixture(scope="module")
def big() -> corridors.Network:
    return grid(71)  # 5 041 hubs


def count_for(seconds: float) -> float:
    n = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        n += 1
    return n / seconds


def test_other_python_threads_keep_running(big: corridors.Network) -> None:
    solo = count_for(0.5)
    done = threading.Event()
    box: list[corridors.Betweenness] = []

    def work() -> None:
        box.append(corridors.betweenness(big, weight="cost", threads=1))
        done.set()

    t = threading.Thread(target=work)
    t.start()
    time.sleep(0.05)
    busy = count_for(0.5)
    assert not done.is_set(), "the call must outlast the measurement"
    t.join()
    assert box and box[0].hubs.shape == (5041,)
    assert busy > 0.5 * solo, f"counter rate {busy:.0f}/s vs solo {solo:.0f}/s"


@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery")
def test_sigint_interrupts_within_a_second(big: corridors.Network) -> None:
    fired: list[float] = []

    def interrupt() -> None:
        fired.append(time.perf_counter())
        signal.raise_signal(signal.SIGINT)

    timer = threading.Timer(0.5, interrupt)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        corridors.betweenness(big, weight="cost", threads=1)
    elapsed = time.perf_counter() - fired[0]
    timer.join()
    assert elapsed < 1.0, f"KeyboardInterrupt {elapsed:.2f} s after SIGINT"
    # the library is usable afterwards
    assert corridors.betweenness(grid(3), weight="cost").hubs[4] > 0
