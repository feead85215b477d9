"""`apigen diff`: what changed between two versions of a spec, judged by what it breaks.

Both versions are built into the intermediate model (the same IR the generator renders from), then
compared at two levels: the wire (operations, parameters, bodies, responses, schemas in request and
response direction) and the generated Python API (package, resources, methods, arguments, return
types, model classes, enum members). Every change is a row of `rules.RULES`.

    result = diff_files(Path("old.yaml"), Path("new.yaml"), Config())
    result.failing("breaking")  # the changes that fail CI

The comparison lives in `engine`; this package imports it on first use, so that the CLI can
register `apigen diff` without importing it (`apigen check` stays fast).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import DiffResult, diff_apis, diff_files

__all__ = ["DiffResult", "diff_apis", "diff_files"]


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    engine = importlib.import_module(f"{__name__}.engine")
    return getattr(engine, name)
