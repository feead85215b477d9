"""Parameters: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import pytest

from .helpers import assert_case, diff, doc, op, param, rules


def pets(*parameters: dict) -> dict:
    return doc({"/pets": {"get": op("listPets", parameters=list(parameters))}})


CASES = {
    "parameter-removed": (pets(param("limit")), pets(), "query parameter limit removed"),
    "parameter-added-required": (
        pets(),
        pets(param("owner", required=True)),
        "new required query parameter owner",
    ),
    "parameter-added-optional": (
        pets(),
        pets(param("owner")),
        "new optional query parameter owner",
    ),
    "parameter-became-required": (
        pets(param("owner")),
        pets(param("owner", required=True)),
        "became required",
    ),
    "parameter-became-optional": (
        pets(param("owner", required=True)),
        pets(param("owner")),
        "became optional",
    ),
    # ---- server audience: hand-written service implementations
    "server-parameter-added": (
        pets(),
        pets(param("owner")),
        "the service method gains argument owner",
    ),
    "server-parameter-removed": (
        pets(param("limit")),
        pets(),
        "the service method loses argument limit",
    ),
    "server-parameter-became-optional": (
        pets(param("owner", required=True)),
        pets(param("owner")),
        "the implementation may get None",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_header_names_match_case_insensitively() -> None:
    assert diff(pets(param("X-Trace", "header")), pets(param("x-trace", "header"))) == []


def test_parameter_moved_to_another_location_is_removed_and_added() -> None:
    found = rules(diff(pets(param("owner")), pets(param("owner", "header"))))
    assert found["parameter-removed"] == 1 and found["parameter-added-optional"] == 1
    # same Python name: the keyword argument survives, so no Python-level break
    assert "python-argument-removed" not in found


def test_a_new_optional_parameter_breaks_servers_not_clients() -> None:
    old, new = pets(), pets(param("owner"))
    assert "server-parameter-added" not in rules(diff(old, new))  # --audience client (default)
    server = rules(diff(old, new, audience="server"))
    assert server == {"server-parameter-added": 1}, server  # client-only rules are not shown
    both = rules(diff(old, new, audience="both"))
    assert both["parameter-added-optional"] == 1 and both["server-parameter-added"] == 1


def test_a_changed_default_is_breaking_as_oasdiff_ranks_it() -> None:
    changes = diff(
        pets(param("limit", schema={"type": "integer", "default": 20})),
        pets(param("limit", schema={"type": "integer", "default": 50})),
    )
    default = [c for c in changes if c.rule == "request-default-changed"]
    assert default and default[0].severity == "breaking"  # so --fail-on breaking catches it
    assert default[0].info.oasdiff_level == "ERR"
