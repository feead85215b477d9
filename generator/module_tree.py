"""One parse of a module for the steps that read the same text one after the other.

models.py is parsed by the models' checks (`models._classes`), then by `verify_source`, then by
the format stage's cut into units (`format.split_units`), each ~0.25 s on Stripe's, all on the
way from datamodel-code-generator to the formatter (the critical path of a big spec). The last
tree is kept for the next reader of the same text; the pipeline drops it once models.py is queued
for formatting (a tree is ~20x its text: 46 MB for Stripe's models.py).
"""

from __future__ import annotations

import ast
from functools import lru_cache


@lru_cache(maxsize=1)
def module_tree(source: str) -> ast.Module:
    """`ast.parse(source)`; the same tree to the next caller with the same text, so callers do
    not change it. Raises SyntaxError (ValueError for a NUL byte) as `ast.parse` does."""
    return ast.parse(source)


def forget() -> None:
    """Drop the kept tree (its memory), when no step will read its text again."""
    module_tree.cache_clear()
