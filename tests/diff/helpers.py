"""Small dict specs for the diff rule tests: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from generator.config import Config
from generator.diff import diff_apis
from generator.diff.model import Change
from generator.findings import Findings, Location
from generator.ir.build import build_api

JSON = "application/json"


def doc(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, *, title: str = "Pets API"
) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1.0"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def ok(schema: Any = None, status: str = "200", media: str = JSON) -> dict[str, Any]:
    if schema is None:
        return {status: {"description": "ok"}}
    return {status: {"description": "ok", "content": {media: {"schema": schema}}}}


def op(
    op_id: str,
    *,
    tags: tuple[str, ...] = ("pets",),
    parameters: list[dict[str, Any]] | None = None,
    body: Any = None,
    body_required: bool = True,
    media: str = JSON,
    responses: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operationId": op_id,
        "tags": list(tags),
        "responses": responses or ok({"type": "string"}),
    }
    if parameters:
        result["parameters"] = parameters
    if body is not None:
        result["requestBody"] = {"required": body_required, "content": {media: {"schema": body}}}
    result.update(extra)
    return result


def param(
    name: str, where: str = "query", *, required: bool = False, schema: Any = None, **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema or {"type": "string"},
        **extra,
    }


def obj(
    properties: dict[str, Any], required: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return schema


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def build(document: dict[str, Any], config: Config | None = None) -> Any:
    return build_api(
        copy.deepcopy(document),
        config or Config(),
        lambda pointer: Location("spec.yaml"),
        Findings(),
    )


def diff(
    old: dict[str, Any],
    new: dict[str, Any],
    config: Config | None = None,
    *,
    audience: str = "client",
) -> list[Change]:
    return diff_apis(
        build(old, config),
        build(new, config),
        audience=audience,
        old_document=copy.deepcopy(old),
        new_document=copy.deepcopy(new),
    )


def rules(changes: list[Change]) -> Counter[str]:
    return Counter(c.rule for c in changes)


def assert_case(rule_id: str, case: tuple[Any, ...]) -> list[Change]:
    """The pair reports `rule_id` (and the message contains the expected text, when given)."""
    old, new, *rest = case
    expected = rest[0] if rest else ""
    changes = diff(old, new, audience="both")
    hits = [c for c in changes if c.rule == rule_id]
    assert hits, f"{rule_id} not reported; got {[(c.rule, c.message) for c in changes]}"
    if expected:
        assert any(expected in c.message for c in hits), [c.message for c in hits]
    # an unchanged spec reports nothing
    assert diff(old, old, audience="both") == []
    assert diff(new, new, audience="both") == []
    return hits
