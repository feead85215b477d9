"""Which OpenAPI object lives at which key: the grammar the bundler and the validator walk by.

Knowing the kind of each node tells a `$ref` that must be resolved (a Reference Object where a
schema or a parameter is allowed) from data that merely contains a "$ref" key (an example, a
default, a schema property named "$ref"), and where a bundled target belongs in `components`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    DOCUMENT = "document"
    PATHS = "paths"
    PATH_ITEM = "pathItem"
    OPERATION = "operation"
    PARAMETER = "parameter"
    REQUEST_BODY = "requestBody"
    RESPONSES = "responses"
    RESPONSE = "response"
    MEDIA_TYPE = "mediaType"
    ENCODING = "encoding"
    HEADER = "header"
    EXAMPLE = "example"
    LINK = "link"
    CALLBACK = "callback"
    SECURITY_SCHEME = "securityScheme"
    SCHEMA = "schema"
    DISCRIMINATOR = "discriminator"
    COMPONENTS = "components"
    DATA = "data"  # free-form values: examples, defaults, extensions; never walked for refs


@dataclass(frozen=True)
class Shape:
    """A node's kind, or a map/list whose every member has that kind."""

    kind: Kind
    container: str = ""  # "" = the object itself, "map" = name -> object, "list" = [object]

    @property
    def is_object(self) -> bool:
        return not self.container


DATA = Shape(Kind.DATA)

# Objects a Reference Object may stand in for (OpenAPI 3.x; Swagger 2.0 uses a subset).
REFERABLE = frozenset(
    {
        Kind.PATH_ITEM,
        Kind.PARAMETER,
        Kind.REQUEST_BODY,
        Kind.RESPONSE,
        Kind.HEADER,
        Kind.EXAMPLE,
        Kind.LINK,
        Kind.CALLBACK,
        Kind.SECURITY_SCHEME,
        Kind.SCHEMA,
    }
)

# The fixed fields of a Path Item that are operations: THE list of HTTP methods of apigen (OpenAPI
# 3.0/3.1, plus 3.2's `query`; Swagger 2.0 has a subset). Every module that iterates over methods
# imports it from here.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")


def _one(kind: Kind) -> Shape:
    return Shape(kind)


def _map(kind: Kind) -> Shape:
    return Shape(kind, "map")


def _list(kind: Kind) -> Shape:
    return Shape(kind, "list")


_SCHEMA_FIELDS: dict[str, Shape] = {
    **{
        key: _map(Kind.SCHEMA)
        for key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
    },
    **{
        key: _one(Kind.SCHEMA)
        for key in (
            "items",  # a list of schemas in old drafts: the walker treats a list here as one per element
            "additionalItems",
            "additionalProperties",
            "not",
            "contains",
            "propertyNames",
            "if",
            "then",
            "else",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema",
        )
    },
    **{key: _list(Kind.SCHEMA) for key in ("allOf", "anyOf", "oneOf", "prefixItems")},
    "discriminator": _one(Kind.DISCRIMINATOR),
}

_V3: dict[Kind, dict[str, Shape]] = {
    Kind.DOCUMENT: {
        "paths": _one(Kind.PATHS),
        "webhooks": _map(Kind.PATH_ITEM),
        "components": _one(Kind.COMPONENTS),
    },
    Kind.COMPONENTS: {
        "schemas": _map(Kind.SCHEMA),
        "responses": _map(Kind.RESPONSE),
        "parameters": _map(Kind.PARAMETER),
        "examples": _map(Kind.EXAMPLE),
        "requestBodies": _map(Kind.REQUEST_BODY),
        "headers": _map(Kind.HEADER),
        "securitySchemes": _map(Kind.SECURITY_SCHEME),
        "links": _map(Kind.LINK),
        "callbacks": _map(Kind.CALLBACK),
        "pathItems": _map(Kind.PATH_ITEM),
        "mediaTypes": _map(Kind.MEDIA_TYPE),
    },
    Kind.PATH_ITEM: {
        **{method: _one(Kind.OPERATION) for method in HTTP_METHODS},
        "parameters": _list(Kind.PARAMETER),
        "additionalOperations": _map(Kind.OPERATION),
    },
    Kind.OPERATION: {
        "parameters": _list(Kind.PARAMETER),
        "requestBody": _one(Kind.REQUEST_BODY),
        "responses": _one(Kind.RESPONSES),
        "callbacks": _map(Kind.CALLBACK),
    },
    Kind.PARAMETER: {
        "schema": _one(Kind.SCHEMA),
        "content": _map(Kind.MEDIA_TYPE),
        "examples": _map(Kind.EXAMPLE),
    },
    Kind.HEADER: {
        "schema": _one(Kind.SCHEMA),
        "content": _map(Kind.MEDIA_TYPE),
        "examples": _map(Kind.EXAMPLE),
    },
    Kind.REQUEST_BODY: {"content": _map(Kind.MEDIA_TYPE)},
    Kind.RESPONSE: {
        "headers": _map(Kind.HEADER),
        "content": _map(Kind.MEDIA_TYPE),
        "links": _map(Kind.LINK),
    },
    Kind.MEDIA_TYPE: {
        "schema": _one(Kind.SCHEMA),
        "itemSchema": _one(Kind.SCHEMA),
        "examples": _map(Kind.EXAMPLE),
        "encoding": _map(Kind.ENCODING),
        "prefixEncoding": _list(Kind.ENCODING),
        "itemEncoding": _one(Kind.ENCODING),
    },
    Kind.ENCODING: {"headers": _map(Kind.HEADER)},
    Kind.SCHEMA: _SCHEMA_FIELDS,
}

_V2: dict[Kind, dict[str, Shape]] = {
    Kind.DOCUMENT: {
        "paths": _one(Kind.PATHS),
        "definitions": _map(Kind.SCHEMA),
        "parameters": _map(Kind.PARAMETER),
        "responses": _map(Kind.RESPONSE),
    },
    Kind.PATH_ITEM: {
        **{m: _one(Kind.OPERATION) for m in HTTP_METHODS},
        "parameters": _list(Kind.PARAMETER),
    },
    Kind.OPERATION: {"parameters": _list(Kind.PARAMETER), "responses": _one(Kind.RESPONSES)},
    Kind.PARAMETER: {"schema": _one(Kind.SCHEMA)},
    Kind.RESPONSE: {"schema": _one(Kind.SCHEMA)},
    Kind.SCHEMA: _SCHEMA_FIELDS,
}

# Kinds whose every (non-extension) member has one kind: paths, responses, callbacks.
_MEMBERS: dict[Kind, Shape] = {
    Kind.PATHS: _one(Kind.PATH_ITEM),
    Kind.RESPONSES: _one(Kind.RESPONSE),
    Kind.CALLBACK: _one(Kind.PATH_ITEM),
}


@dataclass(frozen=True)
class Grammar:
    fields: dict[Kind, dict[str, Shape]]
    # Where a bundled target of each kind goes; a kind missing here is inlined at the $ref.
    homes: dict[Kind, tuple[str, ...]]

    def child(self, shape: Shape, key: str | int) -> Shape:
        """The shape of `node[key]` when `node` has `shape`."""
        if shape.container:
            return Shape(shape.kind)
        if isinstance(key, int):
            return DATA
        if key.startswith("x-"):
            return DATA  # specification extensions are free-form
        member = _MEMBERS.get(shape.kind)
        if member is not None:
            return member
        return self.fields.get(shape.kind, {}).get(key, DATA)

    def referable(self, shape: Shape) -> bool:
        return shape.is_object and shape.kind in REFERABLE


GRAMMAR_V3 = Grammar(
    _V3,
    {
        Kind.SCHEMA: ("components", "schemas"),
        Kind.RESPONSE: ("components", "responses"),
        Kind.PARAMETER: ("components", "parameters"),
        Kind.EXAMPLE: ("components", "examples"),
        Kind.REQUEST_BODY: ("components", "requestBodies"),
        Kind.HEADER: ("components", "headers"),
        Kind.SECURITY_SCHEME: ("components", "securitySchemes"),
        Kind.LINK: ("components", "links"),
        Kind.CALLBACK: ("components", "callbacks"),
    },
)
GRAMMAR_V2 = Grammar(
    _V2,
    {Kind.SCHEMA: ("definitions",), Kind.PARAMETER: ("parameters",), Kind.RESPONSE: ("responses",)},
)


def grammar_for(document: dict[str, object]) -> Grammar:
    return GRAMMAR_V2 if "swagger" in document and "openapi" not in document else GRAMMAR_V3
