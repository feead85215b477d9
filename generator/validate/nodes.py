"""Visiting the objects of a bundled document by kind, and following its local refs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ..load import pointer as jp
from ..load.structure import Grammar, Kind, Shape, grammar_for


@dataclass(frozen=True)
class Node:
    pointer: str
    value: dict[str, Any]
    kind: Kind


# (document, grammar, its objects) while `shared_objects(document)` is active.
_SHARED: ContextVar[tuple[Any, Grammar, list[Node] | None] | None] = ContextVar(
    "apigen_shared_objects", default=None
)


@contextmanager
def shared_objects(document: dict[str, Any]) -> Iterator[None]:
    """Within this block, `iter_objects(document)` walks the document once and replays the walk
    to later callers. The document must not change inside the block (the checks only read it)."""
    token = _SHARED.set((document, grammar_for(document), None))
    try:
        yield
    finally:
        _SHARED.reset(token)


def iter_objects(document: dict[str, Any], grammar: Grammar | None = None) -> Iterator[Node]:
    """Every OpenAPI object (mapping) in a structural position, in document order; data is skipped.

    A Reference Object is yielded with the kind it stands for; its target is visited where it is
    defined, not through the ref, so each object is seen once.
    """
    grammar = grammar or grammar_for(document)
    shared = _SHARED.get()
    if shared is not None and shared[0] is document and shared[1] is grammar:
        objects = shared[2]
        if objects is None:
            objects = list(_walk_objects(document, grammar))
            _SHARED.set((document, grammar, objects))
        return iter(objects)
    return _walk_objects(document, grammar)


def _walk_objects(document: dict[str, Any], grammar: Grammar) -> Iterator[Node]:
    stack: list[tuple[str, Any, Shape]] = [("", document, Shape(Kind.DOCUMENT))]
    data = Kind.DATA
    while stack:
        pointer, value, shape = stack.pop()
        # Only containers outside data are pushed: nothing else can yield an object.
        if isinstance(value, dict):
            if shape.is_object:
                yield Node(pointer, value, shape.kind)
            children = [
                (jp.child(pointer, key), child, child_shape)
                for key, child in value.items()
                if isinstance(child, (dict, list))
                and (child_shape := grammar.child(shape, key)).kind is not data
            ]
        elif isinstance(value, list) and (shape.container == "list" or shape.kind is Kind.SCHEMA):
            member = Shape(shape.kind)
            children = [
                (jp.child(pointer, index), child, member)
                for index, child in enumerate(value)
                if isinstance(child, (dict, list))
            ]
        else:
            continue
        stack.extend(reversed(children))  # reversed: pop in document order


def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def resolve(document: dict[str, Any], value: Any, pointer: str) -> tuple[Any, str] | None:
    """Follow local refs from `value` (at `pointer`) to a real object; None if dangling or cyclic."""
    seen: set[str] = set()
    while is_ref(value):
        ref = str(value["$ref"])
        if not ref.startswith("#") or ref in seen:
            return None
        seen.add(ref)
        try:
            parts = jp.split(ref[1:])
            value = jp.resolve(document, parts)
        except (LookupError, ValueError):
            return None
        pointer = jp.join(parts)
    return value, pointer
