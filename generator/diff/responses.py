"""Responses: statuses removed, media types changed, and each kept status's body (response direction)."""

from __future__ import annotations

from ..ir.model import Operation
from .model import Context, escape_token
from .schemas import RESPONSE, Where, compare, type_schema


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
        compare(
            ctx,
            type_schema(before.type),
            type_schema(after.type),
            RESPONSE,
            Where(f"{subject} body", pointer, operation=label),
        )


def _kind(media: str) -> str:
    """How the client reads a body: JSON (any +json), text, or bytes."""
    base = media.split(";")[0].strip().lower()
    if base in ("application/json", "*/*") or base.endswith("+json"):
        return "json"
    return "text" if base.startswith("text/") else "bytes"
