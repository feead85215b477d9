"""Operations: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import pytest

from .helpers import assert_case, diff, doc, op, rules

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
