"""The `annotation` filter: a type of the IR printed for a template (see ir/types.py `python`).

Inside a class whose methods (or nested resources) are named like a builtin, an annotation written
after them must say `builtins.list[...]` (mypy reads `list[...]` there as the method): `shadowed`
is those names. `dicts`: object model classes a request argument also takes as a plain mapping
(`list[models.Message | Mapping[str, object]]`, so `create(messages=[{"role": "user"}])`
type-checks; the model validates it at run time)."""

from __future__ import annotations

from collections.abc import Iterable

from ..ir.types import BUILTIN_TYPES, TypeExpr, python


def annotation(t: TypeExpr, shadowed: Iterable[str] = (), dicts: Iterable[str] = ()) -> str:
    names = BUILTIN_TYPES.intersection(str(n) for n in shadowed)
    objects = dicts if isinstance(dicts, (set, frozenset)) else frozenset(dicts)
    return python(t, shadowed=names, dicts=objects)
