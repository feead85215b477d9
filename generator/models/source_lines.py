"""Lines of generated Python source as Python's parser numbers them.

`str.splitlines` also breaks at form feeds, `\\x1c`-`\\x1e`, `\\x85`, `\\u2028` and `\\u2029`, which
a spec's text can put inside a string or docstring of models.py; Python's parser does not. Cutting
models.py by the parser's line numbers (ast `lineno`) over `splitlines` lines would cut inside a
string literal: every cut uses these lines instead.

The passes over models.py rewrite its text as edits, spans of its UTF-8 bytes (the parser's
columns are byte offsets) found from one parse: passes whose spans do not overlap share that parse
and are applied together."""

from __future__ import annotations

import ast

Edit = tuple[int, int, bytes]  # (start, end, replacement): byte offsets into the source


def code_lines(source: str) -> list[str]:
    """`source`'s lines with their `\\n`, broken where the parser breaks them."""
    lines = source.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def node_position(node: ast.AST) -> tuple[int, int, int, int] | None:
    """Where `node` is: (first line, last line, start column, end column), the lines 1-based and
    the columns UTF-8 byte offsets, as the parser gives them; None for a node without one."""
    first: int | None = getattr(node, "lineno", None)
    last: int | None = getattr(node, "end_lineno", None)
    start: int | None = getattr(node, "col_offset", None)
    end: int | None = getattr(node, "end_col_offset", None)
    if first is None or last is None or start is None or end is None:
        return None
    return first, last, start, end


def line_starts(data: bytes) -> list[int]:
    """The byte offset where each line of `data` starts (1-based line N at index N - 1), and one
    past the end."""
    starts = [0]
    for line in data.split(b"\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


def apply_edits(data: bytes, edits: list[Edit]) -> bytes:
    """`data` with each span replaced; the spans do not overlap (insertions: start == end)."""
    out: list[bytes] = []
    at = 0
    for start, end, text in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        out += (data[at:start], text)
        at = end
    out.append(data[at:])
    return b"".join(out)
