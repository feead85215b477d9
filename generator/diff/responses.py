"""Responses: statuses removed, media types changed, and each kept status's body (response direction)."""

from __future__ import annotations

from ..ir.media import base, is_json
from ..ir.model import Operation, Response
from .model import Context, Side, escape_token
from .schemas import RESPONSE, Where, body_schema, compare


def check(ctx: Context, old: Operation, new: Operation, label: str) -> None:
    new_by_status = {r.status: r for r in new.responses}
    for before in old.responses:
        after = new_by_status.get(before.status)
        subject = f"response {before.status}"
        if after is None:
            if before.is_success:
                covered = any(
                    r.is_success and r.status.endswith("XX") and r.status[0] == before.status[0]
                    for r in new.responses
                )
                if not covered:
                    ctx.add(
                        "response-success-removed",
                        f"success response {before.status} removed",
                        operation=label,
                        subject=subject,
                        pointer=f"{new.pointer}/responses",
                    )
            elif before.status != "default" or not new.errors:
                ctx.add(
                    "response-error-removed",
                    f"error response {before.status} removed",
                    operation=label,
                    subject=subject,
                    pointer=f"{new.pointer}/responses",
                )
            continue
        _media_types(ctx, before, after, label, subject, new.pointer)
        if before.type is None:
            continue
        if after.type is None:
            ctx.add(
                "response-type-changed",
                f"{subject} no longer has a body",
                operation=label,
                subject=f"{subject} body",
                pointer=after.pointer,
                old=before.type.wire,
                new="no body",
            )
            continue
        if (
            before.media_type
            and after.media_type
            and _kind(before.media_type) != _kind(after.media_type)
        ):
            ctx.add(
                "response-media-type-changed",
                f"{subject} is now {after.media_type!s} (was {before.media_type!s})",
                operation=label,
                subject=subject,
                pointer=after.pointer,
                old=str(before.media_type),
                new=str(after.media_type),
            )
            continue
        pointer = f"{after.pointer}/content/{escape_token(str(after.media_type))}/schema"
        old_pointer = f"{before.pointer}/content/{escape_token(str(before.media_type))}/schema"
        compare(
            ctx,
            body_schema(ctx.old, before.type, old_pointer),
            body_schema(ctx.new, after.type, pointer),
            RESPONSE,
            Where(f"{subject} body", pointer, operation=label),
        )


def _offered(side: Side, response: Response) -> set[str]:
    content = side.raw(f"{response.pointer}/content") if response.pointer else None
    if isinstance(content, dict):
        return {str(m) for m in content}
    return {str(response.media_type)} if response.media_type else set()


def _media_types(
    ctx: Context, before: Response, after: Response, label: str, subject: str, op_pointer: str
) -> None:
    """Media types a kept status no longer offers (the one the client reads changing kind is
    `response-media-type-changed`, a body gone entirely is a type change)."""
    old_media, new_media = _offered(ctx.old, before), _offered(ctx.new, after)
    if not new_media:
        return
    for media in sorted(old_media - new_media):
        if (
            media == before.media_type
            and after.media_type
            and _kind(media) != _kind(str(after.media_type))
        ):
            continue
        ctx.add(
            "response-media-type-removed",
            f"{subject} no longer offers {media} (now {', '.join(sorted(new_media))})",
            operation=label,
            subject=f"{subject} {media}",
            pointer=f"{after.pointer}/content" if after.pointer else op_pointer,
            old=media,
            new=", ".join(sorted(new_media)),
        )


def _kind(media: str) -> str:
    """How the client reads a body: JSON (any +json), text, or bytes."""
    if is_json(media):
        return "json"
    return "text" if base(media).startswith("text/") else "bytes"
