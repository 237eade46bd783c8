"""python/examples/mexico.py runs and writes a PNG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def test_mexico_example_writes_a_png(tmp_path: Path) -> None:
    pytest.importorskip("geopandas")
    pytest.importorskip("matplotlib")
    out = tmp_path / "mexico.png"
    r = subprocess.run([sys.executable, str(ROOT / "python/examples/mexico.py"), str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 50_000
    assert "OD betweenness over" in r.stdout and "suppressed" in r.stdout
