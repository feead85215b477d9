"""Visiting the objects of a bundled document by kind, and following its local refs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load import pointer as jp
from ..load.structure import Grammar, Kind, Shape, grammar_for


@dataclass(frozen=True)
class Node:
    pointer: str
    value: dict[str, Any]
    kind: Kind


def iter_objects(document: dict[str, Any], grammar: Grammar | None = None) -> Iterator[Node]:
    """Every OpenAPI object (mapping) in a structural position, in document order; data is skipped.

    A Reference Object is yielded with the kind it stands for; its target is visited where it is
    defined, not through the ref, so each object is seen once.
    """
    grammar = grammar or grammar_for(document)
    stack: list[tuple[str, Any, Shape]] = [("", document, Shape(Kind.DOCUMENT))]
    while stack:
        pointer, value, shape = stack.pop()
        if shape.kind is Kind.DATA:
            continue
        children: list[tuple[str, Any, Shape]] = []
        if isinstance(value, dict):
            if shape.is_object:
                yield Node(pointer, value, shape.kind)
            for key, child in value.items():
                children.append((jp.child(pointer, key), child, grammar.child(shape, key)))
        elif isinstance(value, list) and (shape.container == "list" or shape.kind is Kind.SCHEMA):
            member = Shape(shape.kind)
            children = [
                (jp.child(pointer, index), child, member) for index, child in enumerate(value)
            ]
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
