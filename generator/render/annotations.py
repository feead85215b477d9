"""Annotations printed inside a class whose methods may shadow builtins (a method named `list`
makes `list[...]` in a later signature mean the method, for mypy): qualify those names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..ir.params import param_name

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


_MODEL_REF = re.compile(r"(?<![\w.])models\.([A-Za-z_]\w*)")


def accepts_dicts(annotation: str, param_models: Iterable[str], qualifier: str = "params.") -> str:
    """A parameter annotation that also takes the matching TypedDict where it takes a model
    (ir/params.py): `list[models.Message]` -> `list[models.Message | params.MessageParam]`, so
    that `create(messages=[{"role": "user"}])` type-checks (the model validates it at run time).
    `qualifier` is "" inside the params module itself."""
    objects = param_models if isinstance(param_models, (set, frozenset)) else set(param_models)
    if not objects or "models." not in annotation:
        return annotation

    def widen(match: re.Match[str]) -> str:
        name = match.group(1)
        return (
            f"models.{name} | {qualifier}{param_name(name)}" if name in objects else match.group(0)
        )

    parts = _STRING.split(annotation)
    return "".join(
        part if index % 2 else _MODEL_REF.sub(widen, part) for index, part in enumerate(parts)
    )
