"""The `annotation` filter: a type of the IR printed for a template (see ir/types.py `python`).

Inside a class whose methods (or nested resources) are named like a builtin, an annotation written
after them must say `builtins.list[...]` (mypy reads `list[...]` there as the method): `shadowed`
is those names. `dicts`: (model, TypedDict name) pairs, `Api.param_names`: the models a request
argument also takes as their TypedDict (ir/params.py)
(`list[models.Message | params.MessageParam]`, so `create(messages=[{"role": "user"}])`
type-checks; the model validates the dict at run time); `qualifier` is "" inside the params module
itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from ..ir.types import BUILTIN_TYPES, TypeExpr, python


def annotation(
    t: TypeExpr,
    shadowed: Iterable[str] = (),
    dicts: Iterable[tuple[str, str]] = (),
    qualifier: str = "params.",
) -> str:
    names = BUILTIN_TYPES.intersection(str(n) for n in shadowed)
    pairs = dicts if isinstance(dicts, frozenset) else frozenset(dicts)
    return python(t, shadowed=names, dicts=_typed_dicts(pairs, qualifier))


@lru_cache(maxsize=8)
def _typed_dicts(pairs: frozenset[tuple[str, str]], qualifier: str) -> Mapping[str, str]:
    """Model name -> its TypedDict's annotation (made once per API, not per annotation)."""
    return MappingProxyType({model: f"{qualifier}{name}" for model, name in pairs})
