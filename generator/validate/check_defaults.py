"""A schema's `default` must be valid for its `format` (a uuid default that is not a UUID).

Graded like every invalid default (effects.py): by default a warning, and the default is dropped
from the generated code. The format rules are openapi-schema-validator's, so they agree with the
validator; its own default-format errors are dropped in favour of these.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..findings import Finding, warning
from ..load import LoadedSpec
from ..load import pointer as jp
from ..load.structure import Kind
from .effects import default_verdict
from .formats import for_version
from .messages import short
from .nodes import iter_objects


def check_default_formats(spec: LoadedSpec) -> Iterator[Finding]:
    checker = for_version(spec.version)
    for node in iter_objects(spec.document):
        if node.kind is not Kind.SCHEMA or "default" not in node.value:
            continue
        fmt = node.value.get("format")
        if not isinstance(fmt, str) or fmt not in checker.checkers:
            continue
        default = node.value["default"]
        if checker.conforms(default, fmt):
            continue
        pointer = jp.child(node.pointer, "default")
        verdict = default_verdict(pointer)
        finding = warning(
            "default-invalid",
            f"default {short(default)} is not a valid {fmt}",
            location=spec.locate(pointer),
            pointer=pointer,
            hint=f"use a valid {fmt} as the default, or remove the default",
        )
        yield dataclasses.replace(
            finding, effect=verdict.effect, fallback=verdict.fallback, drop=verdict.drop
        )
