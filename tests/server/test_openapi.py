"""The app's own /openapi.json describes what the input spec describes.

Compared per operation: the set of (method, path); the parameters (name, in, required; OAS ignores
header parameters named Authorization, Accept and Content-Type); the request body's presence,
`required`, media types and schema; the response status codes and, per status, the schema (the same
component, or the same outline where one side is inline); and every component schema both define.
"""

from __future__ import annotations

import copy
from types import ModuleType

import yaml

from .conftest import SPEC
from .openapi_diff import component_differences, differences


def _spec() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def test_served_openapi_matches_the_input_spec(ocpplab: ModuleType) -> None:
    spec = _spec()
    served = ocpplab.server.create_app().openapi()
    problems = differences(spec, served) + component_differences(spec, served)
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems)
    assert len({(m, p) for p, item in served["paths"].items() for m in item}) == 57


def test_the_comparison_lists_every_difference(ocpplab: ModuleType) -> None:
    """The comparison is not vacuous: a doctored document shows each change."""
    spec = _spec()
    served = copy.deepcopy(ocpplab.server.create_app().openapi())
    del served["paths"]["/health"]
    get = served["paths"]["/ocpp/chargers/{charger_id}"]["get"]
    get["parameters"] = [p for p in get["parameters"] if p["name"] != "X-Organization-Id"]
    del get["responses"]["404"]
    listing = served["paths"]["/ocpp/chargers"]["get"]
    next(p for p in listing["parameters"] if p["name"] == "page")["required"] = True
    served["paths"]["/ocpp/locations"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ] = {"$ref": "#/components/schemas/LocationResponse"}
    served["components"]["schemas"]["ChargerResponse"]["required"] = ["id"]
    problems = differences(spec, served) + component_differences(spec, served)
    expected = [
        "GET /health: in the spec, not served",
        "GET /ocpp/chargers/{charger_id}: header parameter 'X-Organization-Id' is missing",
        "GET /ocpp/chargers/{charger_id}: response statuses",
        "GET /ocpp/chargers: query parameter 'page' required=True, the spec says False",
        "POST /ocpp/locations: request body: schema outline",  # the spec's body is inline
        "schema 'ChargerResponse': outline",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == len(expected), problems
