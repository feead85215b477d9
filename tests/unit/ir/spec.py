"""Small inline OpenAPI documents and a build context over one, for the IR's unit tests."""

from __future__ import annotations

from typing import Any

from generator.config import Config
from generator.findings import Findings, Location
from generator.ir.context import Context
from generator.ir.refs import component_resolver
from generator.ir.schemas import SchemaRegistry

OK = {"200": {"description": "ok"}}


def document(
    paths: dict[str, Any] | None = None, components: dict[str, Any] | None = None, **top: Any
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Pets API", "version": "1"},
        "paths": paths or {},
    }
    if components is not None:
        doc["components"] = components
    doc.update(top)
    return doc


def context(doc: dict[str, Any], **config: Any) -> Context:
    return Context(
        SchemaRegistry(doc),
        Config(**config),
        component_resolver(doc),
        lambda pointer: Location("spec.yaml", 1, 1),
        Findings(),
    )


def codes(ctx: Context) -> list[tuple[str, str]]:
    """(code, pointer) of every finding, in the order they were added."""
    return [(f.code, f.pointer) for f in ctx.findings.items]
