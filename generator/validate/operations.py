"""The operations of a document: under paths, webhooks, and the callbacks of other operations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load import pointer as jp
from ..load.structure import HTTP_METHODS
from .nodes import resolve


@dataclass(frozen=True)
class Operation:
    method: str
    route: str  # the path template, webhook name, or callback expression
    area: str  # "paths" | "webhooks" | "callbacks"
    pointer: str  # of the operation object (after following refs)
    value: dict[str, Any]
    path_item: dict[str, Any]
    path_item_pointer: str

    @property
    def title(self) -> str:
        return f"{self.method.upper()} {self.route}"


@dataclass(frozen=True)
class Parameter:
    pointer: str  # where it is listed (a "$ref" item stays at the list position)
    value: dict[str, Any]  # the parameter object, refs followed
    defined_at: str  # pointer of the parameter object itself

    @property
    def name(self) -> str:
        return str(self.value.get("name", ""))

    @property
    def location(self) -> str:
        return str(self.value.get("in", ""))


def iter_operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Each operation once, even when a callback or path item is referenced from several places."""
    seen: set[str] = set()
    pending: list[tuple[str, str, Any, str]] = []
    for area in ("paths", "webhooks"):
        items = document.get(area)
        if isinstance(items, dict):
            pending.extend(
                (area, str(route), item, jp.child(f"/{area}", route))
                for route, item in items.items()
                if not str(route).startswith("x-")
            )
    while pending:
        area, route, raw_item, item_pointer = pending.pop(0)
        resolved = resolve(document, raw_item, item_pointer)
        if resolved is None or not isinstance(resolved[0], dict):
            continue
        path_item, item_pointer = resolved
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            pointer = jp.child(item_pointer, method)
            if not isinstance(operation, dict) or pointer in seen:
                continue
            seen.add(pointer)
            yield Operation(method, route, area, pointer, operation, path_item, item_pointer)
            pending.extend(_callback_items(document, operation, pointer))


def _callback_items(
    document: dict[str, Any], operation: dict[str, Any], pointer: str
) -> Iterator[tuple[str, str, Any, str]]:
    callbacks = operation.get("callbacks")
    if not isinstance(callbacks, dict):
        return
    for name, raw in callbacks.items():
        resolved = resolve(document, raw, jp.child(jp.child(pointer, "callbacks"), name))
        if resolved is None or not isinstance(resolved[0], dict):
            continue
        callback, callback_pointer = resolved
        for expression, item in callback.items():
            if not str(expression).startswith("x-"):
                yield ("callbacks", str(expression), item, jp.child(callback_pointer, expression))


def parameters(
    document: dict[str, Any], owner: dict[str, Any], owner_pointer: str
) -> list[Parameter]:
    """The parameters listed on a path item or an operation, refs followed; unresolvable ones skipped."""
    listed = owner.get("parameters")
    if not isinstance(listed, list):
        return []
    found: list[Parameter] = []
    for index, raw in enumerate(listed):
        pointer = jp.child(jp.child(owner_pointer, "parameters"), index)
        resolved = resolve(document, raw, pointer)
        if resolved is not None and isinstance(resolved[0], dict):
            found.append(Parameter(pointer, resolved[0], resolved[1]))
    return found
