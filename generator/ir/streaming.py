"""Server-sent events: which operations answer with a `text/event-stream`, and what one event is.

An operation streams when its success response offers `text/event-stream`: always when that is
its only media type, or on request when it sits beside JSON and the request body has a boolean
`stream` field (OpenAI: `stream: true`), which then selects the return type through overloads.
The event type is the media type's `itemSchema` (OpenAPI 3.2), else its `schema` (the schema of
one event's data, as OpenAI and others write it), else `Any`.
"""

from __future__ import annotations

from typing import Any

from ..load import pointer as jsonpointer
from .model import Operation, Streaming, TypeExpr
from .naming import pascal
from .refs import Deref
from .schemas import SchemaRegistry, escape_pointer_token
from .types import AnyType, Primitive, wire_parts

EVENT_STREAM = "text/event-stream"


def _media_key(content: dict[str, Any]) -> str | None:
    return next((k for k in content if str(k).split(";")[0].strip().lower() == EVENT_STREAM), None)


def detect(
    op: Operation, document: dict[str, Any], registry: SchemaRegistry, deref: Deref
) -> Streaming | None:
    success = op.success
    if success is None:
        return None
    try:
        raw_op = jsonpointer.resolve(document, jsonpointer.split(op.pointer))
    except (LookupError, ValueError):
        return None
    responses = raw_op.get("responses") if isinstance(raw_op, dict) else None
    if not isinstance(responses, dict):
        return None
    raw = next((v for k, v in responses.items() if str(k).upper() == success.status), None)
    response, ref_pointer = deref(raw, "responses")
    content = response.get("content") if isinstance(response, dict) else None
    if not isinstance(content, dict):
        return None
    key = _media_key(content)
    if key is None:
        return None
    media = content[key] if isinstance(content[key], dict) else {}
    alone = len(content) == 1
    flag = ""
    if not alone:
        body = op.body
        field = next(
            (
                f
                for f in (body.fields if body is not None and body.flattened else ())
                if f.wire_name == "stream" and _is_boolean(wire_parts(f.type)[0])
            ),
            None,
        )
        if field is None:
            return None  # an event stream beside other media, chosen by nothing we can type
        flag = str(field.name)
    resp_pointer = ref_pointer or f"{op.pointer}/responses/{escape_pointer_token(success.status)}"
    where = "itemSchema" if isinstance(media.get("itemSchema"), dict) else "schema"
    schema = media.get(where)
    if isinstance(schema, dict):
        event_type = registry.type_of(
            registry.rewritten(schema),
            f"{pascal(str(op.operation_id))} Event",
            f"{resp_pointer}/content/{escape_pointer_token(key)}/{where}",
        )
    else:
        event_type = AnyType()
    reason = (
        f"the {success.status} response is a {EVENT_STREAM}"
        + (" when the body's `stream` is true" if flag else "")
        + f"; one event is its {where}"
    )
    return Streaming(event_type, flag, reason)


def _is_boolean(t: TypeExpr) -> bool:
    return isinstance(t, Primitive) and t.type == "boolean"
