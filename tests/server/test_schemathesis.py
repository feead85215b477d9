"""schemathesis against the generated server, for the implemented resources (chargers, locations).

The input spec (spec/ocpplab-gateway.yaml, not the app's own /openapi.json) drives the generation,
so what is checked is conformance to the spec. Each of the 15 operations runs twice, with valid
(positive) and with invalid (negative) requests, and every response goes through these checks:

- not_a_server_error: no 5xx;
- response_schema_conformance: the body matches the schema documented for the status;
- status_code_conformance: the status is documented;
- negative_data_rejection: a request the spec forbids is answered 4xx, never accepted;
- positive_data_acceptance: a valid request is not rejected.

The bound, so CI stays fast: MAX_EXAMPLES = 20 generated requests per operation and mode (600 in
all), derandomized (the same requests on every run, no example database), each request with a
DEADLINE of 5 s and a 5 s HTTP timeout; the whole module takes about 15 s.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
import yaml

from .conftest import SPEC, LiveServer

MAX_EXAMPLES = 20
DEADLINE = timedelta(seconds=5)
TAGS = ("chargers", "subpackage_chargers", "locations")
MODES = ("positive", "negative")


def _operations() -> list[str]:
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return [
        f"{method.upper()} {path}"
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and set(op.get("tags") or []) & set(TAGS)
    ]


@pytest.fixture(scope="module")
def schema(live_server: LiveServer) -> Any:
    import schemathesis

    config = schemathesis.Config.from_dict(
        {
            "base-url": live_server.url,
            "request-timeout": 5,
            "auth": {"openapi": {"bearerAuth": {"bearer": "schemathesis-token"}}},
            # Query parameters the spec does not name are not "invalid data" for this server.
            "generation": {"allow-extra-parameters": False},
        }
    )
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return schemathesis.openapi.from_dict(spec, config=config).include(tag=list(TAGS))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("label", _operations())
def test_schemathesis(schema: Any, label: str, mode: str) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        negative_data_rejection,
        positive_data_acceptance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
        negative_data_rejection,
        positive_data_acceptance,
    ]
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=DEADLINE,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))
    def run(case: Any) -> None:
        case.call_and_validate(checks=checks)

    run()


def test_operations_under_test() -> None:
    assert len(_operations()) == 15  # chargers 10 (the seed's PUT among them), locations 5


def test_date_time_query_parameter_is_validated(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, headers={"Authorization": "Bearer t"}) as http:
        answer = http.get("/ocpp/chargers/x/logs", params={"start_date": "not a date"})
    assert answer.status_code == 422
