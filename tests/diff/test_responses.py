"""Responses: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import pytest

from .helpers import assert_case, diff, doc, ok, op, rules


def get(responses: dict) -> dict:
    return doc({"/pets": {"get": op("listPets", responses=responses)}})


ERROR = {
    "404": {
        "description": "not found",
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"message": {"type": "string"}}}
            }
        },
    }
}

CASES = {
    "response-success-removed": (
        get(ok({"type": "string"})),
        get(ok({"type": "string"}, status="201")),
        "success response 200 removed",
    ),
    "response-error-removed": (
        get({**ok({"type": "string"}), **ERROR}),
        get(ok({"type": "string"})),
        "error response 404 removed",
    ),
    "response-media-type-changed": (
        get(ok({"type": "string"})),
        get(ok({"type": "string"}, media="application/octet-stream")),
        "octet-stream",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_a_2xx_range_covers_a_removed_success_status() -> None:
    found = rules(diff(get(ok({"type": "string"})), get(ok({"type": "string"}, status="2XX"))))
    assert "response-success-removed" not in found


def test_vendor_json_media_type_reads_the_same() -> None:
    assert (
        diff(
            get(ok({"type": "string"})),
            get(ok({"type": "string"}, media="application/vnd.pets+json")),
        )
        == []
    )


def test_response_body_removed_is_a_type_change() -> None:
    found = rules(diff(get(ok({"type": "string"})), get(ok(None))))
    assert found["response-type-changed"] == 1 and found["python-return-type-changed"] == 1
