"""generator/ir/build.py: build_api puts the steps together (one small spec through all of them)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.config import Config
from generator.findings import ApigenError, Findings, Location
from generator.ir.build import build_api, client_headers, strip_x
from generator.ir.model import Api, SecurityRequirement

from .spec import OK, document

PET = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
LIST = {
    "200": {
        "description": "",
        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}},
    }
}


def _api(doc: dict[str, Any], **config: Any) -> tuple[Api, Findings]:
    findings = Findings()
    return build_api(doc, Config(**config), lambda p: Location("spec.yaml"), findings), findings


def _doc(**top: Any) -> dict[str, Any]:
    return document(
        {
            "/pets": {
                "get": {"operationId": "listPets", "responses": LIST, "security": []},
                "post": {
                    "operationId": "createPet",
                    "parameters": [
                        {"name": "X-Org", "in": "header"},
                        {"name": "bad", "in": "body"},
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        }
                    },
                    "responses": {
                        "201": {"description": "", "content": {"application/json": {"schema": PET}}}
                    },
                },
            },
            "/broken": {"$ref": "#/components/pathItems/Missing"},
        },
        components={
            "schemas": {"Pet": PET},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        security=[{"bearer": []}],
        servers=[{"url": "https://api.example.com"}, {"description": "no url"}],
        **top,
    )


def test_one_spec_through_every_step() -> None:
    api, _ = _api(_doc(), client_headers=("X-Org",))
    assert (api.title, api.version, api.openapi_version, api.package) == (
        "Pets API",
        "1",
        "3.1.0",
        "pets",
    )
    assert api.servers == ("https://api.example.com",)
    assert [(r.name, [o.method_name for o in r.operations]) for r in api.resources] == [
        ("pets", ["list", "create"])
    ]
    create = api.resources[0].operations[1]
    assert create.client_handled == (("X-Org", "set once on the client"),)
    assert create.body is not None and create.body.model == "Pet"
    assert [(s.key, s.argument, s.env) for s in api.security_schemes] == [
        ("bearer", "api_key", "PETS_API_KEY")
    ]
    assert api.env_prefix == "PETS"
    assert api.default_security == ((SecurityRequirement("bearer", ()),),)
    assert [(h.name, h.wire_name) for h in api.client_headers] == [("org", "X-Org")]
    # The 201 schema has Pet's shape: it is read as Pet, not lifted to a model of its own.
    assert [m.class_name for m in api.models] == ["Pet"]
    assert create.success is not None and create.success.type is not None
    assert create.success.type.annotation == "models.Pet"
    # What could not be rendered, in document order: the path item, then the parameter.
    assert [(s.kind, s.pointer) for s in api.skipped] == [
        ("operation", "/paths/~1broken"),
        ("parameter", "/paths/~1pets/post/parameters/1"),
    ]
    assert [(t.kind, t.label) for t in api.typing] == [
        ("response", "200 response of GET /pets"),
        ("body", "body of POST /pets"),
        ("response", "201 response of POST /pets"),
    ]
    assert [(d.kind, d.name) for d in api.naming] == [
        ("resource", "pets"),
        ("method", "pets.list"),
        ("method", "pets.create"),
    ]
    assert not api.has_waiter and api.webhooks == ()


def test_idempotency_header_from_config_or_document() -> None:
    api, _ = _api(_doc(**{"x-idempotency-header": "X-Request-Id"}))
    assert api.idempotency_header == "X-Request-Id"
    api, _ = _api(_doc(), idempotency_header="Once")
    assert api.idempotency_header == "Once"
    api, _ = _api(_doc())
    assert api.idempotency_header == ""


def test_client_headers_are_named_apart_from_the_credentials() -> None:
    got = client_headers(
        Config(client_headers=("X-Api-Key", "Api-Key", "base-url")),
        frozenset({"api_key", "base_url"}),
    )
    assert [(h.name, h.wire_name) for h in got] == [
        ("api_key_2", "X-Api-Key"),
        ("api_key_3", "Api-Key"),
        ("base_url_2", "base-url"),
    ]
    assert strip_x("x-Trace") == "Trace" and strip_x("Xavier") == "Xavier"


def test_a_package_name_that_shadows_a_module_is_refused() -> None:
    with pytest.raises(ApigenError) as raised:
        _api(_doc(), package="json")
    assert [f.code for f in raised.value.findings] == ["package-shadows"]


def test_webhooks_and_callbacks_of_any_method_with_any_json_body_reach_the_api() -> None:
    def hook(media: str) -> dict[str, Any]:
        return {"requestBody": {"content": {media: {"schema": PET}}}, "responses": OK}

    callback = {"{$request.body#/url}": {"query": hook("Application/Vnd.Pet+JSON")}}
    doc = _doc(
        webhooks={"petAdopted": {"post": hook("application/json"), "query": hook("*/*")}},
    )
    doc["paths"]["/pets"]["post"]["callbacks"] = {"onSearch": callback}
    api, _ = _api(doc, waiter="on")
    assert [(w.kind, str(w.name), w.pointer) for w in api.webhooks] == [
        ("webhook", "petAdopted", "/webhooks/petAdopted/post"),
        ("webhook", "petAdopted", "/webhooks/petAdopted/query"),
        (
            "callback",
            "onSearch {$request.body#/url}",
            "/paths/~1pets/post/callbacks/onSearch/{$request.body#~1url}/query",
        ),
    ]
    assert {w.payload.annotation for w in api.webhooks} == {"models.Pet"}
    assert api.has_waiter
