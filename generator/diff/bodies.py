"""Request bodies: added, removed, required, media type; the body's schema in the request direction.

Only the media type the generated client sends is compared (the IR picks JSON first, then form,
multipart, text, binary): a spec dropping an alternative media type the client never used is no
change for it, and one changing the chosen media type is.
"""

from __future__ import annotations

from ..ir.model import Body, Operation
from .model import Context, escape_token
from .schemas import REQUEST, Where, body_schema, compare


def check(ctx: Context, old: Operation, new: Operation, label: str) -> None:
    before, after = old.body, new.body
    if before is None and after is None:
        return
    if before is None:
        assert after is not None
        if after.required:
            ctx.add(
                "request-body-added-required",
                "a required request body was added",
                operation=label,
                subject="request body",
                pointer=after.pointer,
            )
        return
    if after is None:
        ctx.add(
            "request-body-removed",
            "the request body was removed",
            operation=label,
            subject="request body",
            pointer=new.pointer,
        )
        return
    if after.required and not before.required:
        ctx.add(
            "request-body-became-required",
            "the request body became required",
            operation=label,
            subject="request body",
            pointer=after.pointer,
        )
    if _sent_as(before) != _sent_as(after):
        ctx.add(
            "request-media-type-changed",
            f"the client now sends the body as {after.media_type!s} (was {before.media_type!s})",
            operation=label,
            subject="request body",
            pointer=after.pointer,
            old=str(before.media_type),
            new=str(after.media_type),
        )
    pointer = f"{after.pointer}/content/{escape_token(str(after.media_type))}/schema"
    old_pointer = f"{before.pointer}/content/{escape_token(str(before.media_type))}/schema"
    compare(
        ctx,
        body_schema(ctx.old, before.type, old_pointer),
        body_schema(ctx.new, after.type, pointer),
        REQUEST,
        Where("request body", pointer, operation=label),
    )


def _sent_as(body: Body) -> str:
    """What the client puts on the wire: the encoding, and the media type for raw bodies."""
    if body.encoding in ("binary", "text"):
        return f"{body.encoding}:{str(body.media_type).split(';')[0].strip().lower()}"
    return body.encoding
