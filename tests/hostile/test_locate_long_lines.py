"""Locating a finding in a YAML spec searches its lines with regular expressions: a long line must
cost its length. A plain-key pattern with two ways to match trailing blanks (`[^\\n]*?[ \\t]*:`)
took the square of the line's length: ~35 s for one line of 200k blanks."""

from __future__ import annotations

import pytest

from generator.load import source_map


@pytest.mark.parametrize(
    "line",
    [
        "a" + " " * 200_000 + "b",  # blanks that are not followed by a colon
        "a" + ":b" * 100_000,  # colons that do not end a key
        '"' + "x" * 200_000,  # a quote that is never closed
        "k: " + "a " * 100_000,  # a long value
    ],
)
def test_a_long_line_is_searched_in_linear_time(line: str) -> None:
    text = f"{line}\nz:\n  y: 1\n"
    tree = source_map._YamlTextTree(text, lambda: source_map._yaml_tree(text))
    assert tree._find(["z", "y"]) == text.index("y: 1")
