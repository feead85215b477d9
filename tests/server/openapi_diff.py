"""Compare two OpenAPI documents operation by operation: the input spec and a served /openapi.json."""

from __future__ import annotations

from typing import Any

from generator.load.structure import HTTP_METHODS  # the one list of methods

# OAS 3: header parameters named so are ignored (security and the media types cover them).
IGNORED_HEADERS = {"authorization", "accept", "content-type"}
REF_PREFIX = "#/components/schemas/"


def _deref(doc: dict[str, Any], node: Any) -> Any:
    for _ in range(20):
        if not isinstance(node, dict) or "$ref" not in node:
            return node
        parts = node["$ref"].lstrip("#/").split("/")
        node = doc
        for part in parts:
            node = node.get(part.replace("~1", "/").replace("~0", "~"), {})
    return node


def _schema_name(schema: Any) -> str | None:
    """The component a schema points at, or None when it is inline (names of inline schemas differ)."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_PREFIX):
            return ref[len(REF_PREFIX) :]
        for combinator in ("anyOf", "oneOf"):  # FastAPI writes an optional body as anyOf [X, null]
            members = [m for m in schema.get(combinator) or [] if m != {"type": "null"}]
            if len(members) == 1:
                return _schema_name(members[0])
    return None


def _json_schema(content: Any) -> Any:
    if not isinstance(content, dict):
        return None
    for media, entry in content.items():
        if "json" in media and isinstance(entry, dict):
            schema = entry.get("schema")
            # `schema: {}` (FastAPI adds a title) says no more than no schema.
            if isinstance(schema, dict) and not set(schema) - {
                "title",
                "description",
                "examples",
                "example",
            }:
                return None
            return schema
    return None


def operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(METHOD, path) -> what the comparison looks at."""
    result: dict[tuple[str, str], dict[str, Any]] = {}
    for path, item in (doc.get("paths") or {}).items():
        item = _deref(doc, item)
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            params: dict[tuple[str, str], bool] = {}
            for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
                param = _deref(doc, raw)
                if (
                    param.get("in") == "header"
                    and str(param.get("name")).lower() in IGNORED_HEADERS
                ):
                    continue
                params[(str(param.get("in")), str(param.get("name")))] = bool(param.get("required"))
            body = _deref(doc, op.get("requestBody")) if "requestBody" in op else None
            responses = {str(k): _deref(doc, v) for k, v in (op.get("responses") or {}).items()}
            result[(method.upper(), path)] = {
                "parameters": params,
                "body": (
                    None
                    if body is None
                    else {
                        "required": bool(body.get("required")),
                        "media": sorted(body.get("content") or {}),
                        "schema": _json_schema(body.get("content")),
                    }
                ),
                "responses": {
                    status: _json_schema(response.get("content"))
                    for status, response in responses.items()
                },
            }
    return result


def shape(doc: dict[str, Any], schema: Any) -> tuple[object, ...]:
    """A schema's outline: its JSON types, property names, required names and enum values.

    Nested types are left out on purpose: pydantic writes `type: [string, 'null']` as
    `anyOf: [{type: string}, {type: 'null'}]`, which means the same."""
    schema = _deref(doc, schema)
    if not isinstance(schema, dict):
        return ()
    for combinator in ("anyOf", "oneOf"):
        members = [m for m in schema.get(combinator) or [] if m != {"type": "null"}]
        if len(members) == 1 and len(schema.get(combinator)) == 2:
            return shape(doc, members[0])
    if isinstance(schema.get("allOf"), list):  # the union of the members' outlines
        parts = [shape(doc, member) for member in schema["allOf"]] + [
            shape(doc, {k: v for k, v in schema.items() if k != "allOf"})
        ]
        parts = [p for p in parts if p]
        merged = [sorted({item for part in parts for item in part[i]}) for i in range(4)]
        types = merged[0] or (["object"] if merged[1] else [])
        return (tuple(types), tuple(merged[1]), tuple(merged[2]), tuple(merged[3]))
    declared = schema.get("type")
    types = sorted(
        t for t in (declared if isinstance(declared, list) else [declared]) if t and t != "null"
    )
    if not types and "properties" in schema:
        types = ["object"]
    return (
        tuple(types),
        tuple(sorted(schema.get("properties") or {})),
        tuple(sorted(schema.get("required") or [])),
        tuple(sorted(map(repr, schema.get("enum") or []))),
    )


def _compare_schema(
    spec: dict[str, Any], a: Any, served: dict[str, Any], b: Any, where: str
) -> list[str]:
    """The spec's schema `a` and the served `b` for one body or response."""
    if a is None or b is None:
        return (
            []
            if a is None and b is None
            else [f"{where}: schema {'missing' if b is None else 'not in the spec'}"]
        )
    name_a, name_b = _schema_name(a), _schema_name(b)
    if name_a is not None and name_b is not None:
        return [] if name_a == name_b else [f"{where}: schema {name_b!r}, the spec says {name_a!r}"]
    if shape(spec, a) != shape(served, b):  # one side inline: compare outlines
        return [f"{where}: schema outline {shape(served, b)}, the spec says {shape(spec, a)}"]
    return []


def differences(spec: dict[str, Any], served: dict[str, Any]) -> list[str]:
    """Every way `served` describes the operations differently from `spec` (empty when they agree)."""
    problems: list[str] = []
    want, got = operations(spec), operations(served)
    for key in sorted(set(want) - set(got)):
        problems.append(f"{' '.join(key)}: in the spec, not served")
    for key in sorted(set(got) - set(want)):
        problems.append(f"{' '.join(key)}: served, not in the spec")
    for key in sorted(set(want) & set(got)):
        label = " ".join(key)
        a, b = want[key], got[key]
        for param in sorted(set(a["parameters"]) | set(b["parameters"])):
            where = f"{param[0]} parameter {param[1]!r}"
            if param not in b["parameters"]:
                problems.append(f"{label}: {where} is missing")
            elif param not in a["parameters"]:
                problems.append(f"{label}: {where} is not in the spec")
            elif a["parameters"][param] != b["parameters"][param]:
                problems.append(
                    f"{label}: {where} required={b['parameters'][param]}, the spec says {a['parameters'][param]}"
                )
        if (a["body"] is None) != (b["body"] is None):
            problems.append(
                f"{label}: request body {'missing' if b['body'] is None else 'not in the spec'}"
            )
        elif a["body"] is not None:
            for field in ("required", "media"):
                if a["body"][field] != b["body"][field]:
                    problems.append(
                        f"{label}: request body {field} is {b['body'][field]!r}, the spec says {a['body'][field]!r}"
                    )
            problems += _compare_schema(
                spec, a["body"]["schema"], served, b["body"]["schema"], f"{label}: request body"
            )
        if set(a["responses"]) != set(b["responses"]):
            problems.append(
                f"{label}: response statuses {sorted(b['responses'])}, the spec says {sorted(a['responses'])}"
            )
        for status in sorted(set(a["responses"]) & set(b["responses"])):
            problems += _compare_schema(
                spec,
                a["responses"][status],
                served,
                b["responses"][status],
                f"{label}: {status} response",
            )
    return problems


def component_differences(spec: dict[str, Any], served: dict[str, Any]) -> list[str]:
    """Component schemas both documents define, whose outlines differ; and object or enum schemas
    the spec's operations use that the served document does not define (a free-form schema may be
    inlined, and is then compared where it is used)."""
    ours = (spec.get("components") or {}).get("schemas") or {}
    theirs = (served.get("components") or {}).get("schemas") or {}
    problems = [
        f"schema {name!r}: outline {shape(served, theirs[name])}, the spec says {shape(spec, ours[name])}"
        for name in sorted(set(ours) & set(theirs))
        if shape(spec, ours[name]) != shape(served, theirs[name])
    ]
    for name in sorted(_referenced(spec) - set(theirs)):
        outline = shape(spec, ours.get(name))
        if outline and (outline[1] or outline[3]):
            problems.append(
                f"schema {name!r}: used by the spec's operations, not defined by the served document"
            )
    return problems


def _referenced(spec: dict[str, Any]) -> set[str]:
    schemas = (spec.get("components") or {}).get("schemas") or {}
    wanted: set[str] = set()
    stack: list[Any] = [spec.get("paths")]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                name = ref[len(REF_PREFIX) :]
                if name not in wanted:
                    wanted.add(name)
                    stack.append(schemas.get(name))
            elif isinstance(ref, str) and ref.startswith("#/components/"):
                stack.append(_deref(spec, node))
            stack.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            stack.extend(node)
    return wanted
