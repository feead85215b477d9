"""Annotations printed inside a class whose methods may shadow builtins (a method named `list`
makes `list[...]` in a later signature mean the method, for mypy): qualify those names."""

from __future__ import annotations

import re
from collections.abc import Iterable

_BUILTIN_TYPES = ("list", "dict", "str", "int", "float", "bool", "bytes", "type", "set", "tuple")


def qualify_builtins(annotation: str, shadowed: Iterable[str]) -> str:
    names = [n for n in _BUILTIN_TYPES if n in set(shadowed)]
    if not names:
        return annotation
    pattern = re.compile(r"(?<![\w.])(" + "|".join(names) + r")\b")
    # Only code is rewritten, never the inside of a string literal (`Literal['my list']`).
    parts = _STRING.split(annotation)
    return "".join(
        part if index % 2 else pattern.sub(r"builtins.\1", part) for index, part in enumerate(parts)
    )


_STRING = re.compile(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
