"""Annotations printed inside a class whose methods may shadow builtins (a method named `list`
makes `list[...]` in a later signature mean the method, for mypy): qualify those names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .escape import STRING_LITERAL as _STRING

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


_MODEL_REF = re.compile(r"(?<![\w.])models\.([A-Za-z_]\w*)")


def accepts_dicts(annotation: str, object_models: Iterable[str]) -> str:
    """A parameter annotation that also takes a plain dict where it takes an object model:
    `list[models.Message]` -> `list[models.Message | Mapping[str, object]]`, so that
    `create(messages=[{"role": "user"}])` type-checks (the model validates it at run time)."""
    objects = object_models if isinstance(object_models, (set, frozenset)) else set(object_models)
    if not objects or "models." not in annotation:
        return annotation

    def widen(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"models.{name} | Mapping[str, object]" if name in objects else match.group(0)

    parts = _STRING.split(annotation)
    return "".join(
        part if index % 2 else _MODEL_REF.sub(widen, part) for index, part in enumerate(parts)
    )
