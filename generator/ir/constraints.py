"""A parameter's or body field's validation keywords, as the generated code checks them."""

from __future__ import annotations

from typing import Any

from ..regex import linear_time
from .model import Constraints, Default


def constraints(schema: dict[str, Any]) -> Constraints:
    """The keywords of a resolved schema; a pattern a backtracking engine could take exponential
    time on is left out (never enforced: see generator/regex.py)."""

    def num(key: str) -> float | None:
        value = schema.get(key)
        return (
            float(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else None
        )

    def whole(key: str) -> int | None:
        value = schema.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not linear_time(pattern):
        pattern = None  # never enforced by a backtracking engine (see generator/regex.py)
    fmt = schema.get("format")
    return Constraints(
        max_length=whole("maxLength"),
        min_length=whole("minLength"),
        maximum=num("maximum"),
        minimum=num("minimum"),
        pattern=pattern if isinstance(pattern, str) else None,
        max_items=whole("maxItems"),
        default=Default(schema["default"]) if "default" in schema else None,
        format=fmt if isinstance(fmt, str) else None,
    )
