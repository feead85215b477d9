"""No parameter listed twice (same name and location) in one parameters list."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, error
from ..load import LoadedSpec
from .operations import Parameter, iter_operations, parameters


def _identity(parameter: Parameter) -> tuple[str, str]:
    # HTTP header names are case-insensitive: X-Id and x-id are one header.
    name = parameter.name.lower() if parameter.location == "header" else parameter.name
    return (name, parameter.location)


def check_duplicate_parameters(spec: LoadedSpec) -> Iterator[Finding]:
    document = spec.document
    seen_lists: set[str] = set()
    for operation in iter_operations(document):
        for owner, owner_pointer in (
            (operation.path_item, operation.path_item_pointer),
            (operation.value, operation.pointer),
        ):
            if owner_pointer in seen_lists:
                continue  # a path item's list is shared by its operations
            seen_lists.add(owner_pointer)
            first: dict[tuple[str, str], Parameter] = {}
            for parameter in parameters(document, owner, owner_pointer):
                earlier = first.setdefault(_identity(parameter), parameter)
                if earlier is parameter:
                    continue
                yield error(
                    "parameter-duplicate",
                    f"{parameter.location} parameter {parameter.name!r} is listed twice"
                    + (
                        f" in {operation.title}"
                        if owner is operation.value
                        else f" on path {operation.route}"
                    ),
                    location=spec.locate(parameter.pointer),
                    pointer=parameter.pointer,
                    hint="remove one: a parameter is identified by its name and `in`",
                )
