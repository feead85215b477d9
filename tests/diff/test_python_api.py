"""The generated Python API: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import pytest

from generator.diff.python_api import union_parts

from .helpers import assert_case, diff, doc, obj, ok, op, param, ref, rules

PET = obj({"name": {"type": "string"}})
LIST = op("listPets")


def by_owner(*names: str) -> dict:
    path = "/owners/{owner}/pets/{pet}"
    return doc({path: {"get": op("getOwnerPet", parameters=[param(n, "path") for n in names])}})


CASES = {
    "python-package-renamed": (
        doc({"/pets": {"get": LIST}}),
        doc({"/pets": {"get": LIST}}, title="Animals API"),
        "import pets is now import animals",
    ),
    "python-resource-removed": (
        doc({"/pets": {"get": LIST}, "/stores": {"get": op("listStores", tags=("stores",))}}),
        doc({"/pets": {"get": LIST}}),
        "client.stores removed",
    ),
    "python-resource-renamed": (
        doc({"/pets": {"get": LIST}}),
        doc({"/pets": {"get": op("listPets", **{"x-fern-sdk-group-name": "animals"})}}),
        "client.pets is now client.animals",
    ),
    "python-method-removed": (
        doc({"/pets": {"get": LIST, "post": op("createPet")}}),
        doc({"/pets": {"get": LIST}}),
        "client.pets.update() removed",  # GET /pets answers one string: a singleton
    ),
    "python-method-renamed": (
        doc({"/pets": {"get": LIST}}),
        doc({"/pets": {"get": op("listPets", **{"x-fern-sdk-method-name": "list_all"})}}),
        "client.pets.retrieve() is now client.pets.list_all()",
    ),
    "python-method-moved": (
        doc(
            {
                "/pets": {"get": LIST},
                "/stores": {
                    "get": op("listStores", tags=("stores",)),
                    "post": op("createStore", tags=("stores",)),
                },
            }
        ),
        doc(
            {
                "/pets": {"get": LIST},
                "/stores": {
                    "get": op("listStores", tags=("stores",)),
                    "post": op("createStore", **{"x-fern-sdk-group-name": "pets"}),
                },
            }
        ),
        "client.stores.update() is now client.pets.update()",
    ),
    "python-argument-removed": (
        doc({"/pets": {"get": op("listPets", parameters=[param("limit")])}}),
        doc({"/pets": {"get": LIST}}),
        "argument limit",
    ),
    "python-argument-renamed": (
        doc({"/pets/{id}": {"get": op("getPet", parameters=[param("id", "path")])}}),
        doc({"/pets/{pet_id}": {"get": op("getPet", parameters=[param("pet_id", "path")])}}),
        "argument id of client.pets.retrieve() is now pet_id",
    ),
    "python-positional-order-changed": (
        by_owner("owner", "pet"),
        by_owner("pet", "owner"),
        "were (owner, pet), are (pet, owner)",
    ),
    "python-required-argument-added": (
        doc({"/pets": {"post": op("createPet", body=obj({"name": {"type": "string"}}))}}),
        doc(
            {
                "/pets": {
                    "post": op(
                        "createPet",
                        body=obj(
                            {"name": {"type": "string"}, "kind": {"type": "string"}}, ["kind"]
                        ),
                    )
                }
            }
        ),
        "new required argument kind",
    ),
    "python-argument-type-changed": (
        doc(
            {
                "/pets": {
                    "get": op("listPets", parameters=[param("limit", schema={"type": "integer"})])
                }
            }
        ),
        doc(
            {
                "/pets": {
                    "get": op("listPets", parameters=[param("limit", schema={"type": "string"})])
                }
            }
        ),
        "is now str (was int)",
    ),
    "python-return-type-changed": (
        doc(
            {
                "/pets": {
                    "get": op("listPets", responses=ok({"type": "array", "items": ref("Pet")}))
                }
            },
            {"Pet": PET},
        ),
        doc({"/pets": {"get": op("listPets", responses=ok(ref("Pet")))}}, {"Pet": PET}),
        "returns models.Pet (was list[models.Pet])",
    ),
    "python-model-removed": (
        doc({"/pets": {"get": LIST}}, {"Pet": PET, "Toy": obj({"kind": {"type": "string"}})}),
        doc({"/pets": {"get": LIST}}, {"Pet": PET}),
        "models.Toy removed",
    ),
    "python-model-renamed": (
        doc({"/pets": {"get": op("listPets", responses=ok(ref("Pet")))}}, {"Pet": PET}),
        doc({"/pets": {"get": op("listPets", responses=ok(ref("Animal")))}}, {"Animal": PET}),
        "models.Pet is now models.Animal",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_renamed_operation_id_is_reported_where_oasdiff_says_info() -> None:
    from generator.diff.rules import RULES

    rule = RULES["python-method-renamed"]
    assert rule.severity == "breaking" and rule.oasdiff_level == "INFO" and rule.oasdiff_misses


def test_inline_model_renamed_with_its_operation() -> None:
    body = obj({"name": {"type": "string"}}, ["name"])
    old = doc({"/pets": {"post": op("createPet", body=body)}})
    new = doc({"/pets": {"post": op("addPet", body=body)}})
    found = {c.rule: c for c in diff(old, new)}
    # The method is named from the verb and the path: a new operationId does not rename it.
    assert "python-method-renamed" not in found
    assert found["python-model-renamed"].message.startswith(
        "models.CreatePetRequest is now models.AddPetRequest"
    )


def test_union_parts_splits_literals() -> None:
    assert union_parts("Literal['a', 'b'] | None") == {"Literal['a']", "Literal['b']", "None"}
    assert union_parts("list[int | str]") == {"list[int | str]"}


def test_argument_widened_is_not_breaking() -> None:
    old = doc(
        {"/pets": {"get": op("listPets", parameters=[param("limit", schema={"type": "integer"})])}}
    )
    new = doc(
        {
            "/pets": {
                "get": op(
                    "listPets",
                    parameters=[param("limit", schema={"type": "integer", "nullable": True})],
                )
            }
        }
    )
    assert "python-argument-type-changed" not in rules(diff(old, new))
