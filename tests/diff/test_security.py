"""Security requirements (operation and document level) and the Client's credential arguments."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import assert_case, diff, doc, op, rules

SCHEMES = {
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "oauth": {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {
                "tokenUrl": "https://example.com/token",
                "scopes": {"pets:read": "read", "pets:write": "write"},
            }
        },
    },
}


def secured(
    op_security: Any = None,
    document_security: Any = None,
    schemes: dict[str, Any] | None = None,
    *,
    extra_op: bool = False,
) -> dict[str, Any]:
    get = op("listPets")
    if op_security is not None:
        get["security"] = op_security
    paths: dict[str, Any] = {"/pets": {"get": get}}
    if extra_op:
        paths["/toys"] = {"get": op("listToys")}
    spec = doc(paths)
    spec["components"]["securitySchemes"] = SCHEMES if schemes is None else schemes
    if document_security is not None:
        spec["security"] = document_security
    return spec


CASES = {
    "security-requirement-changed": (
        secured([{"apiKey": []}]),
        secured([{"oauth": ["pets:read"]}]),
        "now requires OAuth2 token (scopes pets:read) (was API key in header X-API-Key)",
    ),
    "security-requirement-relaxed": (
        secured([{"oauth": ["pets:read"]}]),
        secured([{"oauth": ["pets:read"]}, {"apiKey": []}]),
        "now accepts",
    ),
    "python-credential-removed": (
        secured([{"apiKey": []}]),
        secured([{"key": []}], schemes={"key": SCHEMES["apiKey"], "oauth": SCHEMES["oauth"]}),
        "Client(api_key=...) removed",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_api_key_to_oauth_at_operation_level_is_breaking() -> None:
    changes = diff(secured([{"apiKey": []}]), secured([{"oauth": []}]))
    assert [(c.rule, c.operation, c.severity) for c in changes] == [
        ("security-requirement-changed", "GET /pets", "breaking")
    ]


def test_a_scope_added_or_anonymous_access_withdrawn_is_breaking() -> None:
    assert rules(
        diff(secured([{"oauth": ["pets:read"]}]), secured([{"oauth": ["pets:read", "pets:write"]}]))
    ) == {"security-requirement-changed": 1}
    assert rules(diff(secured([{}, {"apiKey": []}]), secured([{"apiKey": []}]))) == {
        "security-requirement-changed": 1
    }
    assert rules(diff(secured(), secured([{"apiKey": []}]))) == {"security-requirement-changed": 1}


def test_document_level_change_is_reported_once_for_every_inheriting_operation() -> None:
    old = secured(document_security=[{"apiKey": []}], extra_op=True)
    new = secured(document_security=[{"oauth": []}], extra_op=True)
    changes = diff(old, new)
    assert len(changes) == 1
    change = changes[0]
    assert change.rule == "security-requirement-changed" and change.subject == "document security"
    assert change.operations == ("GET /pets", "GET /toys") and change.pointer == "/security"
    # an operation that sets its own requirement is not affected by the document's
    own = secured([{"apiKey": []}], document_security=[{"apiKey": []}], extra_op=True)
    own_new = secured([{"apiKey": []}], document_security=[{"oauth": []}], extra_op=True)
    assert [c.operations for c in diff(own, own_new)] == [("GET /toys",)]


def test_a_scheme_renamed_with_the_same_wire_is_no_wire_change() -> None:
    renamed = {"key": SCHEMES["apiKey"], "oauth": SCHEMES["oauth"]}
    found = rules(diff(secured([{"apiKey": []}]), secured([{"key": []}], schemes=renamed)))
    assert (
        "security-requirement-changed" not in found and "security-requirement-relaxed" not in found
    )
    # ... but the same key sent elsewhere is
    moved = {**SCHEMES, "apiKey": {"type": "apiKey", "in": "query", "name": "api_key"}}
    found = rules(diff(secured([{"apiKey": []}]), secured([{"apiKey": []}], schemes=moved)))
    assert found["security-requirement-changed"] == 1
