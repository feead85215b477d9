"""Operations: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import pytest

from .helpers import assert_case, diff, doc, op, param, rules

PETS = {"/pets": {"get": op("listPets")}}

CASES = {
    "operation-removed": (
        doc(
            {
                **PETS,
                "/pets/{id}": {
                    "delete": op(
                        "deletePet",
                        parameters=[
                            {
                                "name": "id",
                                "in": "path",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        ],
                    )
                },
            }
        ),
        doc(PETS),
        "DELETE /pets/{id} removed",
    ),
    "operation-added": (
        doc(PETS),
        doc({"/pets": {"get": op("listPets"), "post": op("createPet")}}),
        "POST /pets added",
    ),
    "operation-deprecated": (
        doc(PETS),
        doc({"/pets": {"get": op("listPets", deprecated=True)}}),
        "deprecated",
    ),
    "operation-path-reshaped": (
        doc(
            {
                "/compare/{base}...{head}": {
                    "get": op("compare", parameters=[param("base", "path"), param("head", "path")])
                }
            }
        ),
        doc(
            {"/compare/{basehead}": {"get": op("compare", parameters=[param("basehead", "path")])}}
        ),
        "/compare/{base}...{head} is now /compare/{basehead}",
    ),
    "server-operation-added": (
        doc(PETS),
        doc({"/pets": {"get": op("listPets"), "post": op("createPet")}}),
        "the service implementation must implement it",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_operations_match_by_method_and_path_ignoring_placeholder_names() -> None:
    old = doc(
        {
            "/pets/{id}": {
                "get": op(
                    "getPet",
                    parameters=[
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                )
            }
        }
    )
    new = doc(
        {
            "/pets/{pet_id}": {
                "get": op(
                    "getPet",
                    parameters=[
                        {
                            "name": "pet_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                )
            }
        }
    )
    found = rules(diff(old, new))
    assert "operation-removed" not in found and "operation-added" not in found
    assert found["python-argument-renamed"] == 1  # id -> pet_id breaks keyword callers only


def test_a_reshaped_route_is_not_an_operation_removed() -> None:
    """GitHub's `/compare/{base}...{head}` -> `/compare/{basehead}`: every URL an old caller built
    is still served, the Python method survives; only its arguments change (and say why)."""
    old, new = CASES["operation-path-reshaped"][:2]
    changes = diff(old, new)
    found = rules(changes)
    for gone in ("operation-removed", "operation-added", "python-method-removed"):
        assert gone not in found, found
    assert found["python-argument-renamed"] == 1 and found["python-argument-removed"] == 1
    assert not [r for r in found if r.startswith("parameter-")], found  # the wire kept its URLs
    renamed = next(c for c in changes if c.rule == "python-argument-renamed")
    assert renamed.old == "base" and renamed.new == "basehead"
    assert "path template changed from /compare/{base}...{head}" in renamed.reason


def test_a_route_serving_other_urls_is_still_removed() -> None:
    old = doc({"/pets/{id}": {"get": op("getPet", parameters=[param("id", "path")])}})
    new = doc({"/pets/{id}.json": {"get": op("getPet", parameters=[param("id", "path")])}})
    found = rules(diff(old, new))
    assert found["operation-removed"] == 1 and found["operation-added"] == 1
