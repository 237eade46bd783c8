"""The exception hierarchy of corridors (raised by the extension module too)."""

from __future__ import annotations

from typing import Any


class CorridorsError(Exception):
    """Base class of every error corridors raises itself."""


class InvalidNetworkError(CorridorsError, ValueError):
    """The network input has errors; ``diagnostics`` lists every problem found.

    Each diagnostic is a dict with ``severity``, ``kind``, ``location`` (file, feature,
    line/column where known) and ``message``. A file that cannot be read is reported here
    too (kind ``io``).
    """

    diagnostics: list[dict[str, Any]]

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.diagnostics = []


class UnknownIdError(CorridorsError, KeyError):
    """A hub reference names no hub; ``suggestions`` holds close ids or names."""

    reference: str
    suggestions: list[str]

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.reference = str(args[0]) if args else ""
        self.suggestions = []

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class WeightError(CorridorsError, ValueError):
    """A segment has no valid cost under the requested weight."""


class CorridorsValueError(CorridorsError, ValueError):
    """An argument is out of its domain (bad option, mismatched arrays, bad bytes…)."""


__all__ = [
    "CorridorsError",
    "CorridorsValueError",
    "InvalidNetworkError",
    "UnknownIdError",
    "WeightError",
]
