"""Operations: the document's (path, method) pairs, where each one lives on the client, and each
one built from its parameters, body, responses and security, with the helpers found on top of
it (pagination, streaming, waiting for a durable job)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..load.pointer import escape
from ..load.structure import HTTP_METHODS
from .bodies import body
from .context import Context, text
from .media import response_media
from .model import Identifier, Operation, SpecText, Waiter
from .naming import CALL_OPTION_NAMES, METHOD_LOCAL_NAMES, pascal, words
from .pagination import ITEMS_FIELDS
from .pagination import detect as detect_pagination
from .parameters import ClientSent, parameters
from .responses import responses
from .security import requirements
from .streaming import detect as detect_streaming
from .surface import Entry, Placement, SurfacePlanner


def entries(document: dict[str, Any], ctx: Context) -> list[Entry]:
    """(path, method, path item, operation) in document order; a path item that cannot be
    resolved is skipped."""
    result: list[Entry] = []
    for path, item in (document.get("paths") or {}).items():
        item, _ = ctx.deref(item, "pathItems")
        if not isinstance(item, dict) or not item:
            ctx.skip(
                "operation",
                f"/paths/{escape(str(path))}",
                f"path item {str(path)[:80]!r} could not be resolved",
            )
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                result.append((str(path), method, item, op))
    return result


def placements(document: dict[str, Any], ctx: Context) -> list[Placement]:
    """Where each operation lives on the client (resource chain and method name)."""
    schemas = (document.get("components") or {}).get("schemas")
    return SurfacePlanner(
        entries(document, ctx),
        dict(ctx.config.names),
        lambda op: returns_list(op, ctx),
        ctx.locate,
        ctx.findings,
        frozenset(str(k) for k in schemas) if isinstance(schemas, dict) else frozenset(),
    ).plan()


def returns_list(op: dict[str, Any], ctx: Context) -> bool:
    """Whether an operation's success answer is a list, or a page holding one (`data: [...]`)."""
    registry = ctx.registry
    for status, response in (op.get("responses") or {}).items():
        if not str(status).startswith("2"):
            continue
        response, _ = ctx.deref(response, "responses")
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict) or not content:
            continue
        media = content[response_media(list(content))]
        schema = media.get("schema") if isinstance(media, dict) else None
        resolved = registry.resolve(registry.rewritten(schema or {}))
        if "array" in _types(resolved):
            return True
        props = resolved.get("properties")
        return isinstance(props, dict) and any(
            "array" in _types(registry.resolve(props.get(f))) for f in ITEMS_FIELDS
        )
    return False


def operation(
    placement: Placement,
    scheme_names: dict[str, Identifier],
    client: ClientSent,
    document: dict[str, Any],
    ctx: Context,
) -> Operation:
    """One operation, in this order (the order inline schemas are lifted to models in):
    parameters, request body, responses; then its security and the helpers on top of it."""
    path, method, item, op = placement.entry
    pointer = f"/paths/{escape(path)}/{method}"
    op_id = op.get("operationId")
    if not (isinstance(op_id, str) and words(op_id)):
        op_id = f"{method}_{path}"
    hint = pascal(str(op_id))
    reserved = frozenset(CALL_OPTION_NAMES | METHOD_LOCAL_NAMES)
    params, client_handled = parameters(
        path, method, item, op, pointer, hint, reserved, client, ctx
    )
    request = body(op, pointer, hint, reserved | {p.name for p in params}, ctx)
    answers = responses(op, pointer, hint, ctx)
    security = requirements(op["security"], scheme_names) if "security" in op else None
    built = Operation(
        operation_id=SpecText(str(op_id)),
        method_name=placement.method,
        http_method=method,
        path=SpecText(path),
        summary=text(op.get("summary")),
        description=text(op.get("description")),
        tags=tuple(SpecText(str(t)) for t in op.get("tags") or []),
        parameters=params,
        body=request,
        responses=answers,
        security=security,
        pointer=pointer,
        deprecated=bool(op.get("deprecated")),
        client_handled=client_handled,
    )
    return with_helpers(built, document, ctx)


def with_helpers(op: Operation, document: dict[str, Any], ctx: Context) -> Operation:
    """The operation with its pagination (or why not), waiter and streaming."""
    pagination, note = detect_pagination(op, ctx.registry, ctx.config)
    waiter = waiter_of(op, ctx) if ctx.config.waiter != "off" else None
    streaming = detect_streaming(op, document, ctx.registry, ctx.deref)
    return replace(
        op, pagination=pagination, waiter=waiter, pagination_note=note, streaming=streaming
    )


def waiter_of(op: Operation, ctx: Context) -> Waiter | None:
    """A `202 Accepted` answer whose model has a `status_url`: the job can be waited for."""
    accepted = next((r for r in op.responses if r.status == "202"), None)
    if accepted is None or accepted.type is None or not accepted.type.model_refs:
        return None
    schema = ctx.registry.schemas.get(accepted.type.model_refs[0], {})
    if "status_url" in (schema.get("properties") or {}):
        return Waiter("status_url")
    return None


def _types(schema: dict[str, Any]) -> list[Any]:
    declared = schema.get("type")
    return declared if isinstance(declared, list) else [declared]
