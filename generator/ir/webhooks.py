"""Webhooks and callbacks: the requests an API sends to its users, as payload types the generated
`client.webhooks.unwrap(body, headers)` parses into.

Each 3.1 `webhooks:` entry and each callback of an operation with a JSON request body gives one
`Webhook`: its payload type and, when the payload has a property holding one constant (`type:
{enum: [batch.completed]}` or `const`), that property and value, which pick the class at runtime.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load.pointer import escape
from ..load.structure import HTTP_METHODS
from .media import is_json
from .model import SpecText, Webhook
from .naming import pascal
from .refs import Deref
from .schemas import SchemaRegistry

EVENT_FIELDS = ("type", "event", "event_type", "eventType", "kind", "object")


def _constant(schema: dict[str, Any]) -> str | None:
    if "const" in schema and isinstance(schema["const"], (str, int)):
        return str(schema["const"])
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], (str, int)):
        return str(enum[0])
    return None


def _discriminator(registry: SchemaRegistry, schema: dict[str, Any]) -> tuple[str, str]:
    resolved = registry.resolve(schema)
    props: dict[str, Any] = {}
    for part in resolved.get("allOf") or []:
        if isinstance(part, dict):
            props.update(registry.resolve(part).get("properties") or {})
    props.update(resolved.get("properties") or {})
    constants = {
        str(k): c
        for k, v in props.items()
        if isinstance(v, dict) and (c := _constant(registry.resolve(v))) is not None
    }
    name = next((f for f in EVENT_FIELDS if f in constants), None)
    if name is None and len(constants) == 1:
        name = next(iter(constants))
    return (name, constants[name]) if name is not None else ("", "")


def _entries(document: dict[str, Any], deref: Deref) -> Iterator[tuple[str, str, str, Any]]:
    """(kind, name, pointer of the operation, operation) of every webhook and callback."""
    webhooks = document.get("webhooks")
    if isinstance(webhooks, dict):
        for name, item in webhooks.items():
            item, _ = deref(item, "pathItems")
            for method in HTTP_METHODS:
                if isinstance(item, dict) and isinstance(item.get(method), dict):
                    yield "webhook", str(name), f"/webhooks/{escape(name)}/{method}", item[method]
    paths = document.get("paths")
    for path, item in (paths or {}).items() if isinstance(paths, dict) else ():
        item, _ = deref(item, "pathItems")
        for op_method in HTTP_METHODS:
            op = item.get(op_method) if isinstance(item, dict) else None
            callbacks = op.get("callbacks") if isinstance(op, dict) else None
            if not isinstance(callbacks, dict):
                continue
            for cb_name, callback in callbacks.items():
                callback, _ = deref(callback, "callbacks")
                if not isinstance(callback, dict):
                    continue
                base = f"/paths/{escape(path)}/{op_method}/callbacks/{escape(cb_name)}"
                for expression, cb_item in callback.items():
                    cb_item, _ = deref(cb_item, "pathItems")
                    for method in HTTP_METHODS:
                        cb_op = cb_item.get(method) if isinstance(cb_item, dict) else None
                        if isinstance(cb_op, dict):
                            pointer = f"{base}/{escape(expression)}/{method}"
                            yield "callback", f"{cb_name} {expression}", pointer, cb_op


def collect(
    document: dict[str, Any], registry: SchemaRegistry, deref: Deref
) -> tuple[Webhook, ...]:
    result = []
    for kind, name, pointer, op in _entries(document, deref):
        body, body_pointer = deref(op.get("requestBody"), "requestBodies")
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict):
            continue
        media = next((m for m in content if is_json(str(m))), None)
        schema = (
            content[media].get("schema") if media and isinstance(content[media], dict) else None
        )
        if not isinstance(schema, dict):
            continue
        schema = registry.rewritten(schema)
        at = body_pointer or f"{pointer}/requestBody"
        payload = registry.type_of(
            schema, f"{pascal(name)} Webhook Payload", f"{at}/content/{escape(media or '')}/schema"
        )
        field, value = _discriminator(registry, schema)
        result.append(Webhook(SpecText(name), kind, payload, pointer, SpecText(field), SpecText(value)))  # type: ignore[arg-type]
    return tuple(result)
