"""Request parameters (path, query, header, cookie), matched by location and wire name.

Path parameters match by their position in the path template, so a renamed placeholder
(`/pets/{id}` -> `/pets/{pet_id}`) is the same parameter (the Python-level checker reports the
argument rename). Header names match case-insensitively.
"""

from __future__ import annotations

from ..ir.model import Operation, Parameter
from .model import Context, op_key, placeholders
from .schemas import REQUEST, Where, compare, type_schema


def param_key(op: Operation, p: Parameter) -> tuple[str, str]:
    if p.location == "path":
        names = placeholders(str(op.path))
        if str(p.wire_name) in names:
            return ("path", str(names.index(str(p.wire_name))))
        return ("path", str(p.wire_name))
    wire = str(p.wire_name).lower() if p.location == "header" else str(p.wire_name)
    return (p.location, wire)


def check(ctx: Context, old: Operation, new: Operation, label: str) -> None:
    # A reshaped path template (`{base}...{head}` -> `{basehead}`) serves the same URLs: its path
    # parameters are not the wire's business (the Python checker reports the arguments).
    reshaped = op_key(old) != op_key(new)
    old_params = {
        param_key(old, p): p for p in old.parameters if not (reshaped and p.location == "path")
    }
    new_params = {
        param_key(new, p): p for p in new.parameters if not (reshaped and p.location == "path")
    }
    for key, p in old_params.items():
        if key not in new_params:
            ctx.add(
                "parameter-removed",
                f"{p.location} parameter {p.wire_name!s} removed",
                operation=label,
                subject=f"{p.location} parameter {p.wire_name!s}",
                pointer=new.pointer,
            )
            ctx.add(
                "server-parameter-removed",
                f"{p.location} parameter {p.wire_name!s} removed: the service method loses "
                f"argument {p.name!s}",
                operation=label,
                subject=f"{p.location} parameter {p.wire_name!s}",
                pointer=new.pointer,
            )
    for key, p in new_params.items():
        subject = f"{p.location} parameter {p.wire_name!s}"
        if key not in old_params:
            rule = "parameter-added-required" if p.required else "parameter-added-optional"
            ctx.add(
                rule,
                f"new {'required' if p.required else 'optional'} {subject}",
                operation=label,
                subject=subject,
                pointer=p.pointer,
            )
            ctx.add(
                "server-parameter-added",
                f"new {subject}: the service method gains argument {p.name!s}",
                operation=label,
                subject=subject,
                pointer=p.pointer,
            )
            continue
        before = old_params[key]
        if p.required and not before.required:
            ctx.add(
                "parameter-became-required",
                f"{subject} became required",
                operation=label,
                subject=subject,
                pointer=p.pointer,
            )
        elif before.required and not p.required:
            ctx.add(
                "parameter-became-optional",
                f"{subject} became optional",
                operation=label,
                subject=subject,
                pointer=p.pointer,
            )
            ctx.add(
                "server-parameter-became-optional",
                f"{subject} became optional: the implementation may get None",
                operation=label,
                subject=subject,
                pointer=p.pointer,
            )
        compare(
            ctx,
            type_schema(before.type, before.constraints),
            type_schema(p.type, p.constraints),
            REQUEST,
            Where(subject, p.pointer, operation=label),
        )
