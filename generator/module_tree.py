"""One parse of a module for the steps that read the same text one after the other.

models.py is parsed by the models' checks (`models._classes`), then by `verify_source`, then by
the format stage's cut into units (`format.split_units`), each ~0.25 s on Stripe's, all on the
way from datamodel-code-generator to the formatter (the critical path of a big spec). The last
tree is kept for the next reader of the same text; the pipeline drops it once models.py is queued
for formatting (a tree is ~20x its text: 46 MB for Stripe's models.py), and everything kept at
the end of the format stage.

The cut needs only the top-level statements' lines, which every parse here also remembers (a few
numbers a statement), so the client's and server's modules, parsed by verify long before they are
cut, are not parsed again for it (~0.3 s on Stripe).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import NamedTuple


class TopLevel(NamedTuple):
    """A top-level statement: its first line (decorators included), its last, whether it is a
    class or function definition (1-based line numbers), and a class's name."""

    first: int
    last: int
    definition: bool
    class_name: str = ""  # "" when it is no class


_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
_REMEMBERED = 4096  # modules whose top-level lines are kept (Stripe's package: ~440 renders)
_top_levels: dict[str, tuple[TopLevel, ...]] = {}


@lru_cache(maxsize=1)
def module_tree(source: str) -> ast.Module:
    """`ast.parse(source)`; the same tree to the next caller with the same text, so callers do
    not change it. Raises SyntaxError (ValueError for a NUL byte) as `ast.parse` does."""
    tree = ast.parse(source)
    if len(_top_levels) >= _REMEMBERED:
        _top_levels.clear()
    _top_levels[source] = tuple(_top_level(node) for node in tree.body)
    return tree


def top_levels(source: str) -> tuple[TopLevel, ...]:
    """The top-level statements of `source`, from the parse that read it last (or a new one)."""
    found = _top_levels.get(source)
    if found is None:  # not parsed here yet (or forgotten since)
        found = _top_levels[source] = tuple(_top_level(n) for n in module_tree(source).body)
    return found


def forget_tree() -> None:
    """Drop the kept tree (its memory) when no step will parse its text again."""
    module_tree.cache_clear()


def forget() -> None:
    """Drop the kept tree and every text's top-level lines."""
    forget_tree()
    _top_levels.clear()


def _top_level(node: ast.stmt) -> TopLevel:
    decorators = [d.lineno for d in getattr(node, "decorator_list", [])]
    return TopLevel(
        min([node.lineno, *decorators]),
        node.end_lineno or node.lineno,
        isinstance(node, _DEFINITIONS),
        node.name if isinstance(node, ast.ClassDef) else "",
    )
