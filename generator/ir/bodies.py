"""An operation's request body: its media type, its type, and its fields when flattened into
the method's arguments."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..load.pointer import escape
from .constraints import constraints
from .context import Context, label, text
from .flatten import merged_object
from .media import body_media
from .model import Body, BodyField, Identifier, SpecText, Typing
from .naming import snake, unique
from .schemas import SchemaRegistry
from .types import Bytes, File, OrFile, Primitive


def body(
    op: dict[str, Any], pointer: str, hint: str, reserved: frozenset[str], ctx: Context
) -> Body | None:
    """The request body, or None (none declared, nothing to send, or skipped: no content or no
    supported media type). An object body (or an allOf of objects) sent as JSON or a form is
    flattened: one field per property, named apart from `reserved` (the method's other arguments);
    any other body is the method's `body` argument."""
    raw = op.get("requestBody")
    if raw is None:
        return None
    taken = set(reserved)
    registry = ctx.registry
    request, ref_pointer = ctx.deref(raw, "requestBodies")
    body_pointer = ref_pointer or f"{pointer}/requestBody"
    content = request.get("content") if isinstance(request, dict) else None
    if pointer.rsplit("/", 1)[-1] in ("get", "head", "delete") and nothing_to_send(
        content, registry
    ):
        return None  # Stripe's GET/DELETE bodies: an object with no properties, none allowed
    if not isinstance(content, dict) or not content:
        ctx.skip("body", body_pointer, "request body has no content")
        return None
    media, encoding = body_media(list(content))
    if media is None or encoding is None:
        ctx.skip(
            "body",
            body_pointer,
            f"request body media types {sorted(content)} are not supported",
        )
        return None
    media_obj = content[media] if isinstance(content[media], dict) else {}
    schema = registry.rewritten(media_obj.get("schema") or {})
    schema_pointer = f"{body_pointer}/content/{escape(media)}/schema"
    body_type, why = registry.degraded_reason(schema, f"{hint} Request", schema_pointer)
    if encoding in ("json", "form", "multipart") and media_obj.get("schema"):
        ctx.typing.append(Typing("body", schema_pointer, f"body of {label(op, pointer)}", why))
    if encoding == "binary":
        body_type = Bytes()
    elif encoding == "text":
        body_type = Primitive("string")
    resolved = registry.resolve(schema)
    fields: list[BodyField] = []
    flattened = False
    model = ""
    alternatives: tuple[SpecText, ...] = ()
    media_argument = Identifier("")
    props = resolved.get("properties")
    pointers: dict[str, str] = {}
    composed = merged_object(registry, schema, schema_pointer)
    if composed is not None:  # allOf of objects: flattened like one object
        props, required_all, pointers = composed
        resolved = {"properties": props, "required": sorted(required_all)}
    if (
        encoding in ("json", "form", "multipart")
        and isinstance(props, dict)
        and props
        and not any(k in resolved for k in ("oneOf", "anyOf"))
    ):
        required = set(resolved.get("required") or [])
        model = (
            body_type.model_refs[0]
            if body_type.model_refs and body_type.annotation.startswith("models.")
            else ""
        )
        flattened = True
        for prop, prop_schema in props.items():
            name = snake(str(prop), "field")
            if name in taken:
                name = snake(f"body {prop}", "field")
            name = unique(name, taken)
            prop_schema = prop_schema if isinstance(prop_schema, dict) else {}
            ftype = registry.type_of(prop_schema, f"{hint} {prop}")
            if encoding == "multipart" and is_binary(registry.resolve(prop_schema)):
                ftype = File()
            fields.append(
                BodyField(
                    name=name,
                    wire_name=SpecText(str(prop)),
                    required=str(prop) in required,
                    type=ftype,
                    description=text(prop_schema.get("description")),
                    pointer=pointers.get(str(prop))
                    or f"{schema_pointer}/properties/{escape(str(prop))}",
                    constraints=constraints(registry.resolve(prop_schema)),
                    read_only=bool(prop_schema.get("readOnly")),
                )
            )
        # Server-owned fields are not arguments of a request; a model that requires one cannot
        # validate a request (it would demand what the client never sends): none is used then.
        if any(f.read_only and f.required for f in fields):
            model = ""
        fields = [f for f in fields if not f.read_only]
        if encoding == "json":
            alternatives = tuple(
                SpecText(other)
                for other in content
                if body_media([other])[1] in ("form", "multipart")
            )
        if alternatives:
            media_argument = unique("content_type", taken)
            if any(body_media([a])[1] == "multipart" for a in alternatives):
                # Files are sent as multipart parts: such fields take file content there.
                fields = [
                    (
                        replace(f, type=OrFile(f.type))
                        if is_binary(registry.resolve(props.get(str(f.wire_name)) or {}))
                        and not f.is_file
                        else f
                    )
                    for f in fields
                ]
    return Body(
        media_type=SpecText(media),
        encoding=encoding,
        required=bool(request.get("required")),
        type=body_type,
        fields=tuple(fields),
        flattened=flattened,
        model=model,
        description=text(request.get("description")),
        pointer=body_pointer,
        alternatives=alternatives,
        media_argument=media_argument,
    )


def is_binary(schema: dict[str, Any]) -> bool:
    """A file: `format: binary` (3.0), `contentEncoding: binary` or `contentMediaType` (3.1)."""
    if (
        schema.get("format") == "binary"
        or schema.get("contentEncoding") == "binary"
        or schema.get("contentMediaType")
    ):
        return True
    items = schema.get("items")
    return isinstance(items, dict) and (
        items.get("format") == "binary" or items.get("contentEncoding") == "binary"
    )


def nothing_to_send(content: Any, registry: SchemaRegistry) -> bool:
    """A request body whose every media type is an object with no properties and no others allowed."""
    if not isinstance(content, dict) or not content:
        return False
    for media in content.values():
        schema = registry.resolve(
            registry.rewritten(media.get("schema")) if isinstance(media, dict) else None
        )
        if schema.get("properties") or schema.get("additionalProperties") is not False:
            return False
    return True
