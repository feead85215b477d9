"""Minimal valid values for a JSON schema: what a careful caller would pass, so that a mock server
that validates requests (Prism) accepts every call the tests make."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Resolve = Callable[[str], Any]


def sample(schema: Any, resolve: Resolve, depth: int = 0) -> Any:
    if not isinstance(schema, dict) or depth > 8:
        return "x"
    if "$ref" in schema:
        return sample(resolve(schema["$ref"]), resolve, depth + 1)
    if "example" in schema:
        return schema["example"]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            options = [
                s for s in schema[key] if not (isinstance(s, dict) and s.get("type") == "null")
            ]
            return sample(options[0] if options else schema[key][0], resolve, depth + 1)
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(part, resolve, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None and "properties" in schema:
        kind = "object"
    if kind == "object":
        required = schema.get("required") or []
        props = schema.get("properties") or {}
        return {name: sample(props.get(name, {}), resolve, depth + 1) for name in required}
    if kind == "array":
        count = max(int(schema.get("minItems", 1) or 1), 1)
        return [sample(schema.get("items", {}), resolve, depth + 1) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 1) or 1)
    if kind == "number":
        return float(schema.get("minimum", 1) or 1)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    fmt = schema.get("format")
    return {
        "date-time": "2024-01-01T00:00:00Z",
        "date": "2024-01-01",
        "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email": "user@example.com",
        "uri": "https://example.com/x",
        "url": "https://example.com/x",
        "binary": "x",
    }.get(str(fmt), "x" * max(int(schema.get("minLength", 1) or 1), 1))
