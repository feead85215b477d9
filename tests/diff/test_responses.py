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
    "response-media-type-removed": (
        get(ok({"type": "string"})),
        get(ok({"type": "string"}, media="application/vnd.pets+json")),
        "no longer offers application/json (now application/vnd.pets+json)",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_a_2xx_range_covers_a_removed_success_status() -> None:
    found = rules(diff(get(ok({"type": "string"})), get(ok({"type": "string"}, status="2XX"))))
    assert "response-success-removed" not in found


def test_vendor_json_media_type_reads_the_same_but_is_a_renamed_media_type() -> None:
    changes = diff(
        get(ok({"type": "string"})),
        get(ok({"type": "string"}, media="application/vnd.pets+json")),
    )
    # the generated client reads it the same way (no break); a client asking for
    # application/json by Accept may be refused: a warning
    assert [(c.rule, c.severity) for c in changes] == [("response-media-type-removed", "warning")]


def test_a_removed_alternative_media_type_is_reported() -> None:
    both = {
        "200": {
            "description": "ok",
            "content": {
                "application/json": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    }
    changes = diff(get(both), get(ok({"type": "string"})))
    assert [(c.rule, c.old) for c in changes] == [("response-media-type-removed", "text/csv")]


def test_response_body_removed_is_a_type_change() -> None:
    found = rules(diff(get(ok({"type": "string"})), get(ok(None))))
    assert found["response-type-changed"] == 1 and found["python-return-type-changed"] == 1
