"""Laying out a huge annotation is linear in its size: a request body whose property is a string
enum of 8k values (or 50k) makes a `Literal[...]` parameter line of that many items, which the
layout once split in quadratic time (33 s for 8k; 50k did not finish in 7 minutes)."""

from __future__ import annotations

import time

import pytest

from generator.render import layout


def _line(n: int) -> str:
    values = ", ".join(f'"value_{i}"' for i in range(n))
    return f"        kind: Literal[{values}] | Omit = omit,"


def _tokens_examined(n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many tokens the layout looks at (delimiter scans), a count that does not depend on load."""
    seen = 0
    original = layout._delimiters

    def counting(tokens: list[layout._Token]) -> dict[int, int]:
        nonlocal seen
        seen += len(tokens)
        return original(tokens)

    monkeypatch.setattr(layout, "_delimiters", counting)
    layout._fit_line.cache_clear()
    lines = layout.fit(_line(n), "param", 100).split("\n")
    assert (
        len(lines) == n + 5
    )  # `kind: (`, `Literal[`, one value a line, `]`, `| Omit`, `) = omit,`
    return seen


def test_layout_work_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _tokens_examined(500, monkeypatch), _tokens_examined(4000, monkeypatch)
    assert large <= 8 * small * 1.2  # quadratic would be 64 times


def _seconds(n: int) -> float:
    line = _line(n)
    best = float("inf")
    for _ in range(2):
        layout._fit_line.cache_clear()
        started = time.perf_counter()
        layout.fit(line, "param", 100)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow
def test_layout_of_an_8k_and_a_50k_enum_scales_linearly() -> None:
    small, large = _seconds(6_250), _seconds(50_000)  # 8 times the items
    assert large < 8 * small * 2.5, (small, large)  # linear within a factor; quadratic is 64x
    assert _seconds(8_000) < 10
