"""Operations: removed, added, deprecated, path template reshaped; matched pairs are handed to the
per-part checkers.

Operations match by method and path (placeholder names ignored); an operation whose template was
reshaped so that it still serves every URL it served (`/compare/{base}...{head}` ->
`/compare/{basehead}`) is the same operation, not one removed and one added (`model.same_urls`).
"""

from __future__ import annotations

from . import bodies, parameters, responses, security
from .model import Context, escape_token, op_key, op_label


def check(ctx: Context) -> None:
    old_ops, new_ops = ctx.old.operations, ctx.new.operations
    for key, (op, _) in old_ops.items():
        if key not in ctx.old_matched:
            label = op_label(op)
            ctx.add(
                "operation-removed",
                f"{label} removed" + (" (it was deprecated)" if op.deprecated else ""),
                operation=label,
                subject=str(op.operation_id),
                pointer=f"/paths/{escape_token(str(op.path))}/{op.http_method}",
            )
    for key, (op, _) in new_ops.items():
        if key not in ctx.new_matched:
            label = op_label(op)
            ctx.add(
                "operation-added",
                f"{label} added",
                operation=label,
                subject=str(op.operation_id),
                pointer=op.pointer,
            )
            ctx.add(
                "server-operation-added",
                f"{label} added: the service implementation must implement it",
                operation=label,
                subject=str(op.operation_id),
                pointer=op.pointer,
            )
    for old, _, new, _ in ctx.matched_ops():
        label = op_label(new)
        if op_key(old) != op_key(new):
            ctx.add(
                "operation-path-reshaped",
                f"path template {old.path} is now {new.path} (the same URLs are served)",
                operation=label,
                subject=str(new.operation_id),
                pointer=new.pointer,
                old=str(old.path),
                new=str(new.path),
            )
        if new.deprecated and not old.deprecated:
            ctx.add(
                "operation-deprecated",
                f"{label} is deprecated",
                operation=label,
                subject=str(new.operation_id),
                pointer=new.pointer,
            )
        parameters.check(ctx, old, new, label)
        bodies.check(ctx, old, new, label)
        responses.check(ctx, old, new, label)
        security.check_operation(ctx, old, new, label)
    security.check_document(ctx)
