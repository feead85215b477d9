"""What a finding about the spec can change in the generated code, and its default severity.

Every validation finding gets an `Effect` (generator/findings.py):

- NONE: the IR never reads the part of the document it is about: examples, externalDocs,
  descriptions and summaries, `info` beyond its title and version, top-level tags, Example and
  Link objects, components nothing references (other than schemas, which are all generated),
  duplicates in a `required` list (read as a set), a path parameter without `required: true`
  (path parameters are always required), keywords apigen never reads (`$comment`,
  `$recursiveAnchor`), and fields an object may not have that the IR does not read either.
- DEGRADED: it can change the code, and there is a safe, honest fallback: an invalid `default`
  is dropped (the field gets no default), an invalid constraint keyword (`minimum`, `maxLength`,
  a boolean `exclusiveMinimum` in 3.1, a `required` that is not a list...) is ignored (the model
  accepts more, never less), a list under `items` is ignored (the items are Any). The fallback is applied to the document before the IR is built and
  listed in the coverage report.
- CODE: everything else: an error.

`grade` turns effects into severities: NONE and DEGRADED are warnings, CODE an error, and
`strict` (`--strict`, `[tool.apigen] strict = true`) makes all of them errors. Config overrides
(`[[tool.apigen.validation]]`) apply after grading and win.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from ..findings import Effect, Finding, Severity
from ..load import pointer as jp
from ..load.structure import HTTP_METHODS, Grammar, Kind, Shape, grammar_for
from .nodes import is_ref, iter_objects

# Fields no part of apigen reads, wherever they are written (as fields of an OpenAPI object or
# keywords of a schema; a schema *property* named "description" is not one of them).
NEVER_READ = frozenset(
    {
        "description",
        "summary",
        "example",
        "examples",
        "externalDocs",
        "$comment",
        "xml",
        "$recursiveAnchor",
        "contact",
        "license",
        "termsOfService",
    }
)
# Objects apigen never reads at all.
_UNREAD_KINDS = frozenset({Kind.EXAMPLE, Kind.LINK})
# `info` fields that reach the code: the package and client names, the version.
_INFO_READ = frozenset({"title", "version"})
# Component sections whose members only matter when something references them (schemas are all
# generated; security schemes are read by name, not by $ref).
_BY_REFERENCE = frozenset(
    {"parameters", "responses", "requestBodies", "headers", "examples", "links", "callbacks"}
)

# Schema keywords whose invalid value is safely ignored: a constraint dropped makes the model accept
# more, never refuse valid data; the type of the field does not change.
CONSTRAINTS = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "required",
        "readOnly",
        "writeOnly",
        "deprecated",
    }
)

# Fields the IR (or datamodel-code-generator) reads on each kind of object, whatever the version:
# an unexpected field outside this list cannot change the code.
_SCHEMA_READ = frozenset(
    {
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
        "$defs",
        "definitions",
        "type",
        "format",
        "enum",
        "const",
        "default",
        "nullable",
        "x-nullable",
        "title",
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "propertyNames",
        "items",
        "prefixItems",
        "additionalItems",
        "unevaluatedItems",
        "contains",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "dependentRequired",
        "discriminator",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        *CONSTRAINTS,
    }
)
_READ_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.DOCUMENT: frozenset(
        {"openapi", "swagger", "info", "servers", "paths", "webhooks", "components", "security"}
    ),
    Kind.PATH_ITEM: frozenset(
        {*HTTP_METHODS, "$ref", "parameters", "servers", "additionalOperations"}
    ),
    Kind.OPERATION: frozenset(
        {
            "operationId",
            "parameters",
            "requestBody",
            "responses",
            "tags",
            "deprecated",
            "security",
            "servers",
            "callbacks",
        }
    ),
    Kind.PARAMETER: frozenset(
        {
            "$ref",
            "name",
            "in",
            "required",
            "schema",
            "content",
            "style",
            "explode",
            "deprecated",
            "allowEmptyValue",
            "allowReserved",
        }
    ),
    Kind.HEADER: frozenset({"$ref", "required", "schema", "content", "style", "explode"}),
    Kind.REQUEST_BODY: frozenset({"$ref", "content", "required"}),
    Kind.RESPONSE: frozenset({"$ref", "content", "headers"}),
    Kind.MEDIA_TYPE: frozenset({"schema", "itemSchema", "encoding"}),
    Kind.ENCODING: frozenset({"contentType", "headers", "style", "explode", "allowReserved"}),
    Kind.SECURITY_SCHEME: frozenset(
        {"$ref", "type", "scheme", "name", "in", "bearerFormat", "flows", "openIdConnectUrl"}
    ),
    Kind.SCHEMA: _SCHEMA_READ,
}
# "... ('a', 'b' were unexpected)" or, beside patternProperties, "'a' does not match any of the regexes"
_UNEXPECTED = re.compile(
    r"\((.*) (?:was|were) unexpected\)|^(.*) (?:does|do) not match any of the regexes"
)
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")

DEFAULT_DROPPED = "the default is dropped: the field gets no default"


@dataclasses.dataclass(frozen=True)
class Verdict:
    effect: Effect
    fallback: str = ""
    drop: str = ""  # pointer of the key the fallback removes (or, for NONE, a field nothing reads)


CODE = Verdict(Effect.CODE)
NONE = Verdict(Effect.NONE)

# Effects of apigen's own checks, by finding code (spec-invalid and default-invalid are judged one
# by one). Codes not listed here get no effect: they are not about the spec's validity.
CHECK_EFFECTS: dict[str, Effect] = {
    "ref-dangling": Effect.CODE,
    "ref-cycle": Effect.CODE,
    "operation-id-duplicate": Effect.CODE,
    "operation-id-missing": Effect.CODE,  # info: the method name is derived
    "path-param-missing": Effect.CODE,
    "path-param-unused": Effect.CODE,
    "path-param-optional": Effect.NONE,  # the IR makes every path parameter required
    "parameter-duplicate": Effect.CODE,
    "response-status-invalid": Effect.CODE,
}


def default_verdict(default_pointer: str) -> Verdict:
    return Verdict(Effect.DEGRADED, DEFAULT_DROPPED, default_pointer)


def judge(
    document: dict[str, Any], pointer: str, validator: str, message: str, *, from_default: bool
) -> Verdict:
    """The effect of one openapi-spec-validator error at `pointer` (its keyword: `validator`)."""
    parts = jp.split(pointer)
    grammar = grammar_for(document)
    walk = _walk(grammar, parts)
    if from_default:
        at = _last_field(walk, Kind.SCHEMA, "default")
        if at is not None:
            return default_verdict(jp.join(parts[: at + 1]))
    unread = _unread(document, walk, parts)
    if unread is not None:
        # Dropped before the models stage, which would still choke on it (a description that is
        # not a string): what no stage reads, it does not miss.
        return Verdict(Effect.NONE, "", jp.join(parts[: unread + 1])) if unread >= 0 else NONE
    if validator == "required":
        missing = _QUOTED.findall(message.split(" is a required property")[0])
        if missing and all(name in NEVER_READ for name in missing):
            return NONE  # a response without its `description`: nothing to read is missing
    if validator in ("additionalProperties", "unevaluatedProperties"):
        keys = _unexpected_keys(message)
        shape = _shape_at(grammar, parts)
        read = _READ_FIELDS.get(shape.kind) if shape.is_object else None
        if keys and read is not None and not any(key in read for key in keys):
            return NONE
        return CODE
    last = walk[-1] if walk else None
    if last is not None and last[0] is Kind.SCHEMA:
        _, field, index = last
        if field == "required" and validator == "uniqueItems":
            return NONE  # read as a set: a name listed twice is required once
        if field == "items" and isinstance(_value(document, parts[: index + 1]), list):
            # A list of schemas (draft 4's tuple form, or a lone schema written as a list): only
            # the first elements were constrained; typing every item Any is what stays true.
            drop = jp.join(parts[: index + 1])
            return Verdict(
                Effect.DEGRADED, "the list under `items` is ignored: items are Any", drop
            )
        if field in CONSTRAINTS:
            drop = jp.join(parts[: index + 1])
            return Verdict(
                Effect.DEGRADED,
                f"the invalid `{field}` is ignored: the model does not check it",
                drop,
            )
    return CODE


def grade(findings: Iterable[Finding], *, strict: bool) -> list[Finding]:
    """Severity from effect: CODE an error, NONE and DEGRADED warnings; all errors when strict.
    Findings without an effect, and infos, keep theirs."""
    graded: list[Finding] = []
    for finding in findings:
        effect = finding.effect
        if effect is None and finding.code in CHECK_EFFECTS:
            effect = CHECK_EFFECTS[finding.code]
            finding = dataclasses.replace(finding, effect=effect)
        if effect is not None and finding.severity >= Severity.WARNING:
            severity = Severity.ERROR if strict or effect is Effect.CODE else Severity.WARNING
            finding = dataclasses.replace(finding, severity=severity)
        graded.append(finding)
    return graded


# -- walking a pointer by the grammar --------------------------------------------------------------

# (kind of the object, its field, index of the field in the pointer's parts), outermost first
_Step = tuple[Kind, str, int]


def _walk(grammar: Grammar, parts: list[str]) -> list[_Step]:
    steps: list[_Step] = []
    shape = Shape(Kind.DOCUMENT)
    for index, part in enumerate(parts):
        if shape.kind is Kind.DATA:
            break
        if shape.is_object:
            steps.append((shape.kind, part, index))
        shape = grammar.child(shape, part)
    return steps


def _shape_at(grammar: Grammar, parts: list[str]) -> Shape:
    shape = Shape(Kind.DOCUMENT)
    for part in parts:
        shape = grammar.child(shape, part)
    return shape


def _last_field(steps: list[_Step], kind: Kind, field: str) -> int | None:
    for step_kind, step_field, index in reversed(steps):
        if step_kind is kind and step_field == field:
            return index
    return None


def _unread(document: dict[str, Any], steps: list[_Step], parts: list[str]) -> int | None:
    """None when some stage of apigen reads the pointer's part of the document; else the index in
    `parts` of a never-read field to drop from the document (a description in a schema), or -1."""
    if parts[:1] == ["info"]:
        return -1 if len(parts) > 1 and parts[1] not in _INFO_READ else None
    if parts[:1] == ["tags"]:
        return -1  # tag descriptions: docstrings only
    for kind, field, index in steps:
        if kind in _UNREAD_KINDS:
            return -1
        if field in NEVER_READ:
            return index
    if len(parts) >= 3 and parts[0] == "components" and parts[1] in _BY_REFERENCE:
        used = f"#/components/{jp.escape(parts[1])}/{jp.escape(parts[2])}" in _refs(document)
        return None if used else -1
    return None


_REFS_CACHE: dict[int, tuple[dict[str, Any], frozenset[str]]] = {}


def _refs(document: dict[str, Any]) -> frozenset[str]:
    """Every local $ref of the document (cached per document for the run)."""
    cached = _REFS_CACHE.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    found = frozenset(
        str(node.value["$ref"]) for node in iter_objects(document) if is_ref(node.value)
    )
    _REFS_CACHE.clear()
    _REFS_CACHE[id(document)] = (document, found)
    return found


def _value(document: dict[str, Any], parts: list[str]) -> Any:
    try:
        return jp.resolve(document, parts)
    except (LookupError, ValueError):
        return None


def _unexpected_keys(message: str) -> list[str]:
    found = _UNEXPECTED.search(message)
    return _QUOTED.findall(found.group(1) or found.group(2)) if found else []
