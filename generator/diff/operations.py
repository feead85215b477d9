"""Operations: removed, added, deprecated; matched pairs are handed to the per-part checkers."""

from __future__ import annotations

from . import bodies, parameters, responses
from .model import Context, escape_token, op_label


def check(ctx: Context) -> None:
    old_ops, new_ops = ctx.old.operations, ctx.new.operations
    for key, (op, _) in old_ops.items():
        if key not in new_ops:
            label = op_label(op)
            ctx.add(
                "operation-removed",
                f"{label} removed" + (" (it was deprecated)" if op.deprecated else ""),
                operation=label,
                subject=str(op.operation_id),
                pointer=f"/paths/{escape_token(str(op.path))}/{op.http_method}",
            )
    for key, (op, _) in new_ops.items():
        if key not in old_ops:
            label = op_label(op)
            ctx.add(
                "operation-added",
                f"{label} added",
                operation=label,
                subject=str(op.operation_id),
                pointer=op.pointer,
            )
    for key, (new, _) in new_ops.items():
        if key not in old_ops:
            continue
        old = old_ops[key][0]
        label = op_label(new)
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
