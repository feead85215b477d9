"""A recursion limit lowered for one block: library code that stops only by RecursionError (the
JSON decoder's nesting, openapi-spec-validator's walk of schema cycles) stops at the same depth,
and so at the same cost, whatever limit the process runs with."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


def stack_depth() -> int:
    """Frames on the current thread's stack."""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    return depth


@contextmanager
def recursion_limit_at_most(limit: int) -> Iterator[None]:
    """The recursion limit no higher than `limit` inside the block (the process's, when lower),
    the process's again after it."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(min(previous, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)
