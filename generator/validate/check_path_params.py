"""Path parameters against the path template: each {name} defined, each defined one used, all required."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, error
from ..load import LoadedSpec
from ..load import pointer as jp
from .operations import Parameter, iter_operations, parameters

_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def template_names(route: str) -> list[str]:
    return _TEMPLATE.findall(route)


def check_path_params(spec: LoadedSpec) -> Iterator[Finding]:
    document = spec.document
    reported: set[str] = (
        set()
    )  # list positions checked: a path item's list is shared by its operations
    checked: set[str] = set()  # parameter objects checked for `required`, refs followed
    for operation in iter_operations(document):
        if operation.area != "paths":
            continue  # webhook names and callback expressions are not path templates
        in_template = template_names(operation.route)
        shared = [
            p
            for p in parameters(document, operation.path_item, operation.path_item_pointer)
            if p.location == "path"
        ]
        own = [
            p
            for p in parameters(document, operation.value, operation.pointer)
            if p.location == "path"
        ]
        defined = {p.name for p in shared} | {p.name for p in own}
        for name in in_template:
            if name not in defined:
                yield error(
                    "path-param-missing",
                    f"{operation.title}: path parameter {name!r} is in the path but not defined",
                    location=spec.locate(operation.pointer),
                    pointer=operation.pointer,
                    hint=f"add a parameter with `in: path`, `name: {name}`, `required: true`",
                )
        for parameter in [*shared, *own]:
            if parameter.pointer not in reported and parameter.name not in in_template:
                yield error(
                    "path-param-unused",
                    f"path parameter {parameter.name!r} is not in the path {operation.route}",
                    location=spec.locate(parameter.pointer),
                    pointer=parameter.pointer,
                    hint=f"remove the parameter or add {{{parameter.name}}} to the path",
                )
            reported.add(parameter.pointer)
            if parameter.defined_at not in checked and parameter.value.get("required") is not True:
                yield _not_required(spec, parameter)
            checked.add(parameter.defined_at)


def _not_required(spec: LoadedSpec, parameter: Parameter) -> Finding:
    pointer = parameter.defined_at
    if "required" in parameter.value:
        pointer = jp.child(pointer, "required")
    return error(
        "path-param-optional",
        f"path parameter {parameter.name!r} is not required",
        location=spec.locate(pointer),
        pointer=pointer,
        hint="add `required: true`: a path parameter is always present",
    )
