"""Which `pattern`s generated code may enforce: only those pydantic's Rust engine (linear time) runs.

A look-around or back-reference needs Python's backtracking `re`; datamodel-code-generator then
switches the whole model to it (`regex_engine="python-re"`), and a 39-byte value can cost seconds,
doubling with every character. Such patterns are not enforced, with a located warning.
"""

from __future__ import annotations

import re
from functools import lru_cache

BACKTRACKING = (
    "needs Python's backtracking regex engine (a look-around or back-reference): a crafted value "
    "could take exponential time to validate, so it is not enforced"
)


@lru_cache(maxsize=4096)
def linear_time(pattern: str) -> bool:
    """The pattern compiles on pydantic's Rust regex engine (which never backtracks)."""
    from pydantic_core import SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
        return True
    except Exception:  # SchemaError, or RecursionError/OverflowError on hostile input
        return False


def why_not_enforced(pattern: str) -> str:
    """Why a pattern that is not `linear_time` is left out."""
    try:
        re.compile(pattern)
    except Exception:
        return "is not a regular expression Python can use"
    return BACKTRACKING
