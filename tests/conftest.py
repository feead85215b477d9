"""Suite-wide fixtures: each test leaves the interpreter's settings as it found them."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _interpreter_as_found() -> Iterator[None]:
    """mypy run in-process (the type-checking tests) raises the recursion limit to 16384 and sets
    the collector's thresholds to (200000, 30, 30) for the rest of the process; apigen's CLI sets
    its own thresholds (gc_tuning). With the recursion limit raised, the corpus meta-check test
    (tests/unit/test_validate_speed.py) took ~120 s and ~10.5 GB of memory instead of 14 s and
    150 MB: the validation of some corpus schemas recurses that much deeper before it gives up."""
    limit, thresholds, enabled = sys.getrecursionlimit(), gc.get_threshold(), gc.isenabled()
    yield
    sys.setrecursionlimit(limit)
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()
