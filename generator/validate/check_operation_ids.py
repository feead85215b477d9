"""operationId checks: unique across the API (they become method names); missing ones are derived."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity, error
from ..load import LoadedSpec
from ..load import pointer as jp
from .operations import Operation, iter_operations


def check_operation_ids(spec: LoadedSpec) -> Iterator[Finding]:
    first_use: dict[str, Operation] = {}
    for operation in iter_operations(spec.document):
        operation_id = operation.value.get("operationId")
        if operation_id is None:
            yield Finding(
                Severity.INFO,
                "operation-id-missing",
                f"{operation.title} has no operationId; apigen derives one from the method and path",
                spec.locate(operation.pointer),
                operation.pointer,
                "add an operationId to choose the method name yourself",
            )
            continue
        if not isinstance(operation_id, str):
            continue  # a type error: openapi-spec-validator reports it
        earlier = first_use.setdefault(operation_id, operation)
        if earlier is operation:
            continue
        pointer = jp.child(operation.pointer, "operationId")
        where = spec.locate(jp.child(earlier.pointer, "operationId"))
        yield error(
            "operation-id-duplicate",
            f"operationId {operation_id!r} of {operation.title} is already used by {earlier.title}"
            + (
                f" (line {where.line})"
                if where.line and where.file == spec.locate(pointer).file
                else ""
            ),
            location=spec.locate(pointer),
            pointer=pointer,
            hint="operationIds must be unique across the API: each becomes a method name",
        )
