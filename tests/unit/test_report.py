"""Tier 1: the coverage report. Every operation, schema and parameter of the spec is either
generated or listed with its JSON pointer and a reason; anything the IR dropped without a `Skipped`
entry is exposed as an apigen bug, never hidden."""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from typing import Any

from generator.config import Config
from generator.findings import Findings, Location
from generator.ir.build import build_api
from generator.models import render_models
from generator.report import (
    CALLBACK_REASON,
    UNACCOUNTED_REASON,
    WEBHOOK_REASON,
    CoverageReport,
    coverage,
)


def _spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Coverage", "version": "1"},
        "paths": {
            "/upload": {
                "post": {
                    "operationId": "upload",
                    "parameters": [
                        {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                        {"name": "weird", "in": "matrix", "schema": {"type": "string"}},
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    ],
                    "requestBody": {"content": {"x-custom/thing": {"schema": {"type": "string"}}}},
                    "responses": {"200": {"description": "ok"}},
                    "callbacks": {
                        "onDone": {
                            "{$request.body#/url}": {
                                "post": {"responses": {"200": {"description": "ok"}}}
                            }
                        }
                    },
                }
            },
            "/pets/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {
                    "operationId": "getPet",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                            },
                        }
                    },
                },
            },
            "x-internal": {"get": {"responses": {"200": {"description": "not a path"}}}},
        },
        "webhooks": {"petAdopted": {"post": {"responses": {"200": {"description": "ok"}}}}},
        "components": {
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            },
            "schemas": {
                "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
                "PetName": {"type": "string"},
            },
        },
    }


def _report(document: dict[str, Any], *, with_models: bool = True) -> tuple[CoverageReport, Any]:
    findings = Findings()
    api = build_api(document, Config(), lambda p: Location("spec.yaml"), findings)
    source = None
    if with_models:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = render_models(api, findings)
    return coverage(api, document, source), api


def _by_pointer(report: CoverageReport) -> dict[str, Any]:
    return {item.pointer: item for tally in report.tallies for item in tally.items}


def test_unsupported_body_cookie_param_and_webhook_each_appear_with_a_reason() -> None:
    report, _ = _report(_spec())
    items = _by_pointer(report)
    skipped = {pointer: (kind, reason) for kind, pointer, reason in report.skipped}

    # the unsupported request body media type: the operation is generated, its body is skipped
    assert items["/paths/~1upload/post"].generated
    kind, reason = skipped["/paths/~1upload/post/requestBody"]
    assert kind == "body" and "x-custom/thing" in reason and "not supported" in reason
    # the cookie parameter is generated (the client sends cookies); a `matrix` one is skipped
    assert items["/paths/~1upload/post/parameters/0"].generated
    assert items["/paths/~1upload/post/parameters/0"].label.startswith("cookie 'session'")
    weird = items["/paths/~1upload/post/parameters/1"]
    assert not weird.generated and "unsupported location 'matrix'" in weird.reason
    # the webhook and the callback are counted, not generated, with why
    webhook = items["/webhooks/petAdopted/post"]
    assert (webhook.kind, webhook.generated, webhook.reason) == ("webhook", False, WEBHOOK_REASON)
    callback = items["/paths/~1upload/post/callbacks/onDone/{$request.body#~1url}/post"]
    assert (callback.kind, callback.generated, callback.reason) == (
        "callback",
        False,
        CALLBACK_REASON,
    )
    assert report.unaccounted == ()

    text = "\n".join(report.summary_lines())
    for needle in (
        "/paths/~1upload/post/requestBody",
        "/webhooks/petAdopted/post",
        "matrix",
        "callbacks are not generated",
    ):
        assert needle in text


def test_counts_and_percent() -> None:
    report, _ = _report(_spec())
    assert (report.operations.total, report.operations.generated) == (
        4,
        2,
    )  # 2 paths x methods + webhook + callback
    assert (report.schemas.total, report.schemas.generated) == (2, 2)
    assert (report.parameters.total, report.parameters.generated) == (
        4,
        3,
    )  # session, weird, X-Trace, id
    assert (report.typed.total, report.typed.generated) == (1, 1)  # one JSON response
    assert report.total == 11 and report.generated == 8 and report.percent == 72.73
    assert (
        report.summary_lines()[0]
        == "coverage: 72.7% generated (operations 2/4, schemas 2/2, parameters 3/4, typed 1/1)"
    )


def test_a_schema_without_a_class_of_its_own_is_noted_not_missing() -> None:
    report, api = _report(_spec())
    assert (
        _by_pointer(report)["/components/schemas/PetName"].reason == ""
    )  # dmcg made `class PetName(RootModel[str])`
    # models.py as it would be had datamodel-code-generator typed PetName fields as plain `str`
    noted = coverage(api, _spec(), "class Pet(BaseModel):\n    name: str | None = None\n")
    pet_name = _by_pointer(noted)["/components/schemas/PetName"]
    assert pet_name.generated and "underlying type" in pet_name.reason
    assert noted.percent == report.percent
    assert (
        json.loads(noted.to_json())["schemas"]["notes"][0]["pointer"]
        == "/components/schemas/PetName"
    )


def test_an_operation_dropped_without_a_reason_is_exposed() -> None:
    report, api = _report(_spec(), with_models=False)
    resources = tuple(
        replace(r, operations=tuple(o for o in r.operations if o.operation_id != "getPet"))
        for r in api.resources
    )
    broken = replace(api, resources=resources)
    exposed = coverage(broken, _spec())
    (item,) = exposed.unaccounted
    assert (
        item.pointer == "/paths/~1pets~1{id}/get"
        and item.reason == UNACCOUNTED_REASON
        and not item.generated
    )
    assert "dropped without a reason" in exposed.summary_lines()[-1]
    assert exposed.percent < report.percent


def test_a_parameter_dropped_without_a_reason_is_exposed() -> None:
    _, api = _report(_spec(), with_models=False)
    op = next(o for o in api.operations if o.operation_id == "getPet")
    resources = tuple(
        replace(
            r, operations=tuple(replace(o, parameters=()) if o is op else o for o in r.operations)
        )
        for r in api.resources
    )
    exposed = coverage(replace(api, resources=resources), _spec())
    assert [i.pointer for i in exposed.unaccounted] == ["/components/parameters/Id"]


def test_path_items_behind_a_reference_are_counted() -> None:
    document = _spec()
    document["components"]["pathItems"] = {
        "Shared": {"delete": {"responses": {"204": {"description": "gone"}}}}
    }
    document["paths"]["/shared"] = {"$ref": "#/components/pathItems/Shared"}
    report, _ = _report(document, with_models=False)
    item = _by_pointer(report)["/paths/~1shared/delete"]
    # generated, or listed with a reason (UNACCOUNTED_REASON while the IR builder ignores path-item refs)
    assert item.generated or item.reason


def test_json_report_is_complete_and_ascii() -> None:
    document = _spec()
    document["info"]["title"] = "Évil \u202e\n title"
    report, _ = _report(document)
    text = report.to_json()
    assert text.isascii()
    data = json.loads(text)
    assert data["percent"] == report.percent and data["title"] == "Évil \u202e\n title"
    assert {"operations", "schemas", "parameters", "skipped", "unaccounted"} <= set(data)
    assert data["operations"]["total"] == 4 and len(data["operations"]["not_generated"]) == 2
    assert {"kind", "pointer", "reason"} <= set(data["skipped"][0])
    assert all("\n" not in line and "\u202e" not in line for line in report.summary_lines())


def test_empty_spec_is_complete() -> None:
    report, _ = _report({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})
    assert (
        report.total == 0
        and report.percent == 100.0
        and report.summary_lines()
        == ["coverage: 100.0% generated (operations 0/0, schemas 0/0, parameters 0/0, typed 0/0)"]
    )
