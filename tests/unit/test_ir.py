"""Tier 1: the intermediate model: naming decisions, schema lifting, helpers detected from the spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.config import Config
from generator.findings import Findings, Location
from generator.ir.build import build_api
from generator.ir.model import Api

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def _api(document: dict[str, Any], **config: Any) -> Api:
    return build_api(document, Config(**config), lambda p: Location("spec.yaml"), Findings())


def _load(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(), Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]


def _op(api: Api, resource: str, method: str):  # type: ignore[no-untyped-def]
    res = next(r for r in api.resources if r.name == resource)
    return next(o for o in res.operations if o.method_name == method)


def test_seed_and_reference_both_name_chargers_update() -> None:
    seed = _api(_load(REPO / "spec" / "seed-update-charger.yaml"))
    reference = _api(_load(SHARED / "ocpplab" / "ocpplab-gateway.reference.yaml"))
    for api in (seed, reference):
        op = _op(api, "chargers", "update")
        assert op.http_method == "put" and op.path == "/ocpp/chargers/{charger_id}"
        assert [p.name for p in op.path_params] == ["charger_id"]


def test_seed_update_signature() -> None:
    op = _op(_api(_load(REPO / "spec" / "seed-update-charger.yaml")), "chargers", "update")
    assert [p.name for p in op.parameters] == ["charger_id"]
    assert op.client_handled == (("Authorization", "sent by the client's auth (token=...)"),)
    assert op.body is not None and op.body.flattened and op.body.model == "UpdateChargerRequest"
    assert [(f.name, f.required, f.type.annotation) for f in op.body.fields][:2] == [
        ("name", False, "str | None"),
        ("charge_point_name", False, "str | None"),
    ]
    assert op.success is not None and op.success.type is not None
    assert op.success.type.annotation == "models.ChargerResponse"
    assert {r.status: r.type.annotation for r in op.errors if r.type} == {
        "400": "models.HttpErrorResponse",
        "401": "models.HttpErrorResponse",
        "403": "models.HttpErrorResponse",
        "404": "models.HttpErrorResponse",
        "422": "models.HTTPValidationError",
        "500": "models.HttpErrorResponse",
    }


def test_ocpplab_helpers_detected() -> None:
    api = _api(_load(REPO / "spec" / "ocpplab-gateway.yaml"), client_headers=("X-Organization-Id",))
    assert len(api.operations) == 57
    listing = _op(api, "chargers", "list")
    assert listing.pagination is not None and listing.pagination.style == "page"
    assert listing.pagination.items_field == "data" and listing.pagination.total_field == "total"
    logs = _op(api, "chargers", "get_logs")
    assert logs.pagination is not None and logs.pagination.style == "offset"
    waiting = sorted(
        f"{r.name}.{o.method_name}" for r in api.resources for o in r.operations if o.waiter
    )
    assert waiting == [
        "chargers.create",
        "location_chargers.create",
        "ocpi_cpos.create",
        "ocpi_locations.create",
    ]
    # X-Organization-Id is a constructor argument, never a method argument
    assert all(p.wire_name != "X-Organization-Id" for op in api.operations for p in op.parameters)
    assert [h.name for h in api.client_headers] == ["organization_id"]


def test_inline_schemas_get_parent_scoped_names() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Tool": {
                    "type": "object",
                    "properties": {
                        "function": {"type": "object", "properties": {"name": {"type": "string"}}},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                    },
                },
                "Other": {
                    "type": "object",
                    "properties": {
                        "function": {"type": "object", "properties": {"id": {"type": "integer"}}}
                    },
                },
            }
        },
    }
    api = _api(doc)
    names = sorted(m.class_name for m in api.models)
    assert names == ["Other", "OtherFunction", "Tool", "ToolFunction", "ToolKind"]
    assert api.model_document["components"]["schemas"]["Tool"]["properties"]["function"] == {
        "$ref": "#/components/schemas/ToolFunction"
    }


def test_name_collisions_are_resolved_deterministically() -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "list",
                    "tags": ["x"],
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/b": {
                "get": {
                    "operationId": "x_list",
                    "tags": ["x"],
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/c/{class}": {
                "get": {
                    "operationId": "get",
                    "tags": ["x"],
                    "parameters": [
                        {
                            "name": "class",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
    }
    findings = Findings()
    api = build_api(doc, Config(), lambda p: Location("spec.yaml"), findings)
    names = [o.method_name for o in api.resources[0].operations]
    assert names == ["list", "x_list", "get"]
    get = api.resources[0].operations[2]
    assert [p.name for p in get.parameters] == ["class_", "query_timeout"]
    assert [f.code for f in findings] == ["name-collision"]


def test_untagged_operations_group_by_the_first_naming_path_segment() -> None:
    ok = {"200": {"description": "ok"}}
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/v1/customers": {"get": {"operationId": "GetCustomers", "responses": ok}},
            "/v1/charges/{id}": {"get": {"operationId": "GetCharge", "responses": ok}},
            "/api/2024-01-01/events": {"get": {"operationId": "ListEvents", "responses": ok}},
            "/{id}": {"get": {"operationId": "Root", "responses": ok}},
        },
    }
    assert [r.name for r in _api(doc).resources] == ["customers", "charges", "events", "default"]


def test_a_parameter_named_body_gives_way_to_the_request_body() -> None:
    """Found by the hostile fuzz test: a query parameter `body` beside a body that is not flattened
    (an array) made `def post(self, *, body: ..., body: ...)`."""
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "operationId": "post",
                    "parameters": [{"name": "body", "in": "query", "schema": {"type": "string"}}],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"type": "string"}}
                            }
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                },
                "get": {
                    "operationId": "get",
                    "parameters": [{"name": "body", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "ok"}},
                },
            }
        },
    }
    api = _api(doc)
    post, get = _op(api, "a", "post"), _op(api, "a", "get")
    assert (
        [p.name for p in post.parameters] == ["query_body"]
        and post.body is not None
        and not post.body.flattened
    )
    assert [p.name for p in get.parameters] == ["body"]  # no request body: the name is free
