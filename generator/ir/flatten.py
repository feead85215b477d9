"""A request body composed with `allOf` (OpenAI's chat completions: shared properties + its own) as
one object, so that its properties become keyword arguments like a plain object's."""

from __future__ import annotations

from typing import Any

from .schemas import SchemaRegistry, escape_pointer_token

_MAX_DEPTH = 16


def merged_object(
    registry: SchemaRegistry, schema: dict[str, Any], pointer: str
) -> tuple[dict[str, Any], set[str], dict[str, str]] | None:
    """(properties, required, property -> pointer) of an `allOf` of objects; None when the schema
    is not one (a member with oneOf/anyOf, a non-object member, a cycle)."""
    properties: dict[str, Any] = {}
    required: set[str] = set()
    pointers: dict[str, str] = {}
    seen: set[int] = set()
    composed: list[bool] = []

    def visit(node: dict[str, Any], where: str, depth: int) -> bool:
        if depth > _MAX_DEPTH or id(node) in seen:
            return False
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = registry.ref_target(ref)
            if target is None:
                return False
            info = registry.infos.get(target)
            return visit(registry.schemas[target], info.pointer if info else where, depth + 1)
        if any(k in node for k in ("oneOf", "anyOf", "not")):
            return False
        declared = node.get("type")
        if declared not in (None, "object"):
            return False
        members = node.get("allOf")
        if members is not None:
            if not isinstance(members, list):
                return False
            composed.append(True)
            for index, member in enumerate(members):
                if not isinstance(member, dict) or not visit(
                    member, f"{where}/allOf/{index}", depth + 1
                ):
                    return False
        props = node.get("properties")
        if isinstance(props, dict):
            for prop, prop_schema in props.items():
                properties[str(prop)] = prop_schema
                pointers[str(prop)] = f"{where}/properties/{escape_pointer_token(str(prop))}"
        required.update(str(r) for r in node.get("required") or [] if isinstance(r, str))
        return True

    if not visit(schema, pointer, 0) or not composed or not properties:
        return None
    return properties, required, pointers
