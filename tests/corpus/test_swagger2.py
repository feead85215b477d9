"""Swagger 2.0 -> OpenAPI 3.0 conversion (generator.convert.swagger2).

On the five Swagger 2.0 documents of the shared corpus: the converted document is valid OpenAPI 3.0
(openapi-spec-validator's 3.0 validator), every operation survives, every definition becomes a
component schema, no reference still points at a 2.0 location, and conversion is deterministic and
leaves its input untouched. Then each conversion rule on a small hand-written document.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.convert import convert, convert_with_map, is_swagger2
from generator.load.structure import HTTP_METHODS

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SWAGGER2_SPECS = [
    "oai-petstore-swagger2.yaml",
    "oai-petstore-expanded-swagger2.json",
    "oai-uber-swagger2.json",
    "netlify-swagger2.yaml",
    "kubernetes-swagger2.json",
]
METHODS = HTTP_METHODS  # the one list of methods (Swagger 2.0 documents use a subset)


def _load(name: str) -> dict[str, Any]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [
        (path, method, op.get("operationId"))
        for path, item in doc.get("paths", {}).items()
        if isinstance(item, dict)
        for method, op in item.items()
        if method in METHODS and isinstance(op, dict)
    ]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key not in ("example", "examples", "default", "enum", "x-example"):
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    node: Any = doc
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}"
)


@needs_corpus
@pytest.mark.parametrize("name", SWAGGER2_SPECS)
def test_corpus_spec_converts_to_valid_openapi_30(name: str) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, validate

    source = _load(name)
    pristine = copy.deepcopy(source)
    assert is_swagger2(source)
    converted = convert(source)

    assert source == pristine, "convert() modified its input"
    assert converted["openapi"] == "3.0.3"
    validate(converted, cls=OpenAPIV30SpecValidator)  # raises on any violation

    assert _operations(converted) == _operations(source)
    assert list(converted.get("components", {}).get("schemas", {})) == list(
        source.get("definitions", {})
    )
    for ref in _refs(converted):
        assert not ref.startswith(("#/definitions/", "#/parameters/", "#/responses/")), ref
        if ref.startswith("#/"):
            _resolve(converted, ref)  # every local reference still lands somewhere
    for path, item in converted["paths"].items():
        for method in METHODS:
            for param in (item.get(method) or {}).get("parameters", []):
                assert param.get("in") not in ("body", "formData"), (path, method, param)
    # Deterministic: the same input gives the same bytes.
    assert json.dumps(convert(source)) == json.dumps(converted)


@needs_corpus
def test_kubernetes_body_parameters_become_request_bodies() -> None:
    source = _load("kubernetes-swagger2.json")
    converted = convert(source)
    bodies = 0
    for path, item in source["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            params = [*item.get("parameters", []), *op.get("parameters", [])]
            has_body = any(
                p.get("in") == "body"
                or source["parameters"].get(p.get("$ref", "").rsplit("/", 1)[-1], {}).get("in")
                == "body"
                for p in params
            )
            new_op = converted["paths"][path][method]
            assert ("requestBody" in new_op) == has_body, (path, method)
            if has_body:
                bodies += 1
                assert list(new_op["requestBody"]["content"]) == op.get(
                    "consumes", source.get("consumes", ["application/json"])
                )
    assert bodies > 300
    patch = converted["paths"]["/api/v1/namespaces/{namespace}/pods/{name}"]["patch"]
    assert "application/merge-patch+json" in patch["requestBody"]["content"]
    assert converted["components"]["securitySchemes"]["BearerToken"] == {
        "type": "apiKey",
        "name": "authorization",
        "in": "header",
        "description": "Bearer Token authentication",
    }


@needs_corpus
def test_netlify_form_upload_global_params_and_oauth() -> None:
    converted = convert(_load("netlify-swagger2.yaml"))
    assert converted["servers"] == [{"url": "https://api.netlify.com/api/v1"}]
    assert converted["components"]["securitySchemes"]["netlifyAuth"] == {
        "type": "oauth2",
        "flows": {
            "implicit": {"authorizationUrl": "https://app.netlify.com/authorize", "scopes": {}}
        },
    }
    assert set(converted["components"]["parameters"]) == {"page", "perPage", "retryCount"}
    assert "error" in converted["components"]["responses"]
    uploads = [
        op["requestBody"]
        for item in converted["paths"].values()
        for method, op in item.items()
        if method in METHODS
        and "multipart/form-data" in op.get("requestBody", {}).get("content", {})
    ]
    assert uploads, "the formData file upload became no multipart body"
    props = uploads[0]["content"]["multipart/form-data"]["schema"]["properties"]
    assert any(
        p == {"type": "string", "format": "binary"} or p.get("format") == "binary"
        for p in props.values()
    )


# ---- each rule on a small document ---------------------------------------------------------------
def _mini(**extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    doc.update(extra)
    return doc


def test_servers_from_host_base_path_and_schemes() -> None:
    assert convert(_mini(host="api.example.com", basePath="/v2", schemes=["https", "http"]))[
        "servers"
    ] == [
        {"url": "https://api.example.com/v2"},
        {"url": "http://api.example.com/v2"},
    ]
    assert convert(_mini(host="h"))["servers"] == [{"url": "https://h"}]
    assert convert(_mini(basePath="/api"))["servers"] == [{"url": "/api"}]
    assert "servers" not in convert(_mini())


def test_parameters_collection_formats_and_refs() -> None:
    doc = _mini(
        parameters={
            "limit": {
                "name": "limit",
                "in": "query",
                "type": "integer",
                "maximum": 100,
                "default": 10,
            }
        },
        paths={
            "/items/{ids}": {
                "parameters": [
                    {"name": "ids", "in": "path", "type": "array", "items": {"type": "string"}}
                ],
                "get": {
                    "parameters": [
                        {"$ref": "#/parameters/limit"},
                        {
                            "name": "tag",
                            "in": "query",
                            "type": "array",
                            "items": {"type": "string"},
                            "collectionFormat": "multi",
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "type": "array",
                            "items": {"type": "string"},
                            "collectionFormat": "pipes",
                        },
                        {"name": "X-Trace", "in": "header", "type": "string", "x-nullable": True},
                    ],
                    "responses": {200: {"description": "ok"}},
                },
            }
        },
    )
    out = convert(doc)
    assert out["components"]["parameters"]["limit"] == {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "default": 10, "maximum": 100},
    }
    item = out["paths"]["/items/{ids}"]
    assert item["parameters"] == [
        {
            "name": "ids",
            "in": "path",
            "required": True,
            "style": "simple",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "string"}},
        }
    ]
    params = item["get"]["parameters"]
    assert params[0] == {"$ref": "#/components/parameters/limit"}
    assert (params[1]["style"], params[1]["explode"]) == ("form", True)
    assert (params[2]["style"], params[2]["explode"]) == ("pipeDelimited", False)
    assert params[3]["schema"] == {"type": "string", "nullable": True}
    assert list(item["get"]["responses"]) == ["200"]  # YAML int status codes become strings


def test_body_and_form_data_become_request_bodies() -> None:
    doc = _mini(
        consumes=["application/json", "application/xml"],
        parameters={
            "payload": {
                "name": "payload",
                "in": "body",
                "required": True,
                "schema": {"$ref": "#/definitions/Pet"},
            }
        },
        definitions={"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
        paths={
            "/pets": {
                "post": {
                    "parameters": [{"$ref": "#/parameters/payload"}],
                    "responses": {"201": {"description": "made"}},
                },
                "put": {
                    "consumes": ["application/json"],
                    "parameters": [
                        {
                            "name": "pet",
                            "in": "body",
                            "description": "the pet",
                            "schema": {"$ref": "#/definitions/Pet"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                },
            },
            "/pets/{id}/photo": {
                "post": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "type": "integer"},
                        {"name": "file", "in": "formData", "type": "file", "required": True},
                        {"name": "caption", "in": "formData", "type": "string"},
                    ],
                    "responses": {"204": {"description": "stored"}},
                }
            },
            "/login": {
                "post": {
                    "parameters": [
                        {"name": "user", "in": "formData", "type": "string", "required": True}
                    ],
                    "responses": {"204": {"description": "in"}},
                }
            },
        },
    )
    out = convert(doc)
    post = out["paths"]["/pets"]["post"]
    assert "parameters" not in post
    assert post["requestBody"] == {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
            "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}},
        },
        "required": True,
        "x-codegen-request-body-name": "payload",
    }
    assert "parameters" not in out.get("components", {})  # a body parameter is no 3.0 component
    put = out["paths"]["/pets"]["put"]["requestBody"]
    assert put["description"] == "the pet" and list(put["content"]) == ["application/json"]
    photo = out["paths"]["/pets/{id}/photo"]["post"]
    assert [p["name"] for p in photo["parameters"]] == ["id"]
    assert photo["requestBody"] == {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "caption": {"type": "string"},
                    },
                    "required": ["file"],
                }
            }
        },
        "required": True,
    }
    assert list(out["paths"]["/login"]["post"]["requestBody"]["content"]) == [
        "application/x-www-form-urlencoded"
    ]


def test_responses_schemas_security_and_names() -> None:
    doc = _mini(
        produces=["application/json"],
        securityDefinitions={
            "basic": {"type": "basic"},
            "oauth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://a/authorize",
                "tokenUrl": "https://a/token",
                "scopes": {"read": "read things"},
            },
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a/token"},
        },
        security=[{"oauth": ["read"]}],
        definitions={
            "Animal": {
                "type": "object",
                "discriminator": "kind",
                "required": ["kind"],
                "properties": {"kind": {"type": "string"}},
            },
            "Dog«Big»": {
                "allOf": [{"$ref": "#/definitions/Animal"}],
                "properties": {"owner": {"$ref": "#/definitions/Owner", "x-nullable": True}},
            },
            "Owner": {"type": "object", "required": [], "properties": {"photo": {"type": "file"}}},
        },
        paths={
            "/dogs": {
                "get": {
                    "produces": ["application/json", "text/csv"],
                    "responses": {
                        "200": {
                            "description": "dogs",
                            "schema": {
                                "type": "array",
                                "items": {"$ref": "#/definitions/Dog«Big»"},
                            },
                            "headers": {"X-Rate": {"type": "integer", "description": "left"}},
                            "examples": {"application/json": [{"kind": "dog"}]},
                        },
                        "default": {"$ref": "#/responses/Error"},
                    },
                }
            }
        },
        responses={"Error": {"description": "bad", "schema": {"type": "object"}}},
    )
    conversion = convert_with_map(doc)
    out = conversion.document
    schemes = out["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["oauth"]["flows"] == {
        "authorizationCode": {
            "authorizationUrl": "https://a/authorize",
            "tokenUrl": "https://a/token",
            "scopes": {"read": "read things"},
        }
    }
    assert schemes["app"]["flows"] == {
        "clientCredentials": {"tokenUrl": "https://a/token", "scopes": {}}
    }
    assert out["security"] == [{"oauth": ["read"]}]
    schemas = out["components"]["schemas"]
    assert list(schemas) == ["Animal", "Dog_Big_", "Owner"]
    assert conversion.renamed == {"definitions": {"Dog«Big»": "Dog_Big_"}}
    assert schemas["Animal"]["discriminator"] == {"propertyName": "kind"}
    assert schemas["Dog_Big_"]["properties"]["owner"] == {
        "allOf": [{"$ref": "#/components/schemas/Owner"}],
        "nullable": True,
    }
    assert schemas["Owner"] == {
        "type": "object",
        "properties": {"photo": {"type": "string", "format": "binary"}},
    }
    ok = out["paths"]["/dogs"]["get"]["responses"]["200"]
    assert ok["headers"] == {"X-Rate": {"description": "left", "schema": {"type": "integer"}}}
    assert ok["content"]["application/json"] == {
        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Dog_Big_"}},
        "example": [{"kind": "dog"}],
    }
    assert ok["content"]["text/csv"]["schema"]["items"] == {"$ref": "#/components/schemas/Dog_Big_"}
    assert out["paths"]["/dogs"]["get"]["responses"]["default"] == {
        "$ref": "#/components/responses/Error"
    }
    assert out["components"]["responses"]["Error"]["content"]["application/json"]["schema"] == {
        "type": "object"
    }

    from openapi_spec_validator import OpenAPIV30SpecValidator, validate

    validate(out, cls=OpenAPIV30SpecValidator)


def test_pointer_map_locates_findings_in_the_swagger_document() -> None:
    doc = _mini(
        definitions={"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
        paths={
            "/pets": {
                "post": {
                    "parameters": [
                        {"name": "q", "in": "query", "type": "string"},
                        {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}},
                        {"name": "r", "in": "query", "type": "string"},
                    ],
                    "responses": {
                        "200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}
                    },
                }
            }
        },
    )
    conv = convert_with_map(doc)
    assert (
        conv.source_pointer("/components/schemas/Pet/properties/name")
        == "/definitions/Pet/properties/name"
    )
    assert (
        conv.source_pointer("/paths/~1pets/post/parameters/1/schema")
        == "/paths/~1pets/post/parameters/2/schema"
    )
    assert (
        conv.source_pointer("/paths/~1pets/post/requestBody/content/application~1json/schema")
        == "/paths/~1pets/post/parameters/1/schema"
    )
    assert (
        conv.source_pointer("/paths/~1pets/post/responses/200/content/application~1json/schema")
        == "/paths/~1pets/post/responses/200/schema"
    )
    assert conv.source_pointer("/info/title") == "/info/title"


def test_refuses_a_non_swagger_document() -> None:
    with pytest.raises(ValueError):
        convert({"openapi": "3.0.0", "info": {}, "paths": {}})


@needs_corpus
def test_loaded_spec_is_converted_and_still_located_in_the_swagger_file() -> None:
    from generator.convert import as_openapi3
    from generator.load import load_spec

    path = CORPUS / "netlify-swagger2.yaml"
    loaded = load_spec(path)
    converted = as_openapi3(loaded)
    assert converted.version == "3.0.3" and converted.document["openapi"] == "3.0.3"
    assert converted.sha256 == loaded.sha256  # the manifest still describes the bytes on disk
    assert converted.locate("/components/schemas/site") == loaded.locate("/definitions/site")
    body = converted.locate("/paths/~1sites/post/requestBody/content/application~1json/schema")
    assert body.line > 0 and body.file.endswith("netlify-swagger2.yaml")
    assert as_openapi3(load_spec(CORPUS / "oai-petstore.yaml")).version.startswith("3.")


def test_every_ref_is_rewritten_wherever_it_sits() -> None:
    """Refs inside invalid shapes (an array-valued `items`, a mapping under `allOf`) move with their
    targets like every other; data that merely holds a "$ref" key (an example) is left alone."""
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/u": {
                "get": {
                    "parameters": [
                        {
                            "name": "ids",
                            "in": "query",
                            "type": "array",
                            "items": [{"$ref": "#/definitions/Id"}],
                        }
                    ],
                    "responses": {
                        "200": {"description": "ok", "schema": {"$ref": "#/definitions/L"}}
                    },
                }
            }
        },
        "definitions": {
            "Id": {"type": "string"},
            "L": {
                "type": "object",
                "example": {"$ref": "#/definitions/Id"},
                "properties": {
                    "members": {"type": "array", "items": [{"$ref": "#/definitions/Id"}]},
                    "one": {"allOf": {"$ref": "#/definitions/Id"}},
                },
            },
        },
    }
    out = convert(doc)
    schema = out["components"]["schemas"]["L"]
    assert schema["properties"]["members"]["items"] == [{"$ref": "#/components/schemas/Id"}]
    assert schema["properties"]["one"]["allOf"] == {"$ref": "#/components/schemas/Id"}
    assert schema["example"] == {"$ref": "#/definitions/Id"}  # data, as written
    param = out["paths"]["/u"]["get"]["parameters"][0]
    assert param["schema"]["items"] == [{"$ref": "#/components/schemas/Id"}]
    assert not [ref for ref in _refs(out) if ref.startswith("#/definitions/")]
