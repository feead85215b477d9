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


def test_integer_to_number_on_a_request_argument_is_not_a_python_break() -> None:
    """An `int` is accepted where a `float` is expected: `limit: int` -> `limit: float` keeps
    every old call valid (a query parameter and a flattened body field alike)."""

    def spec(kind: str) -> dict:
        return doc(
            {
                "/pets": {
                    "get": op("listPets", parameters=[param("limit", schema={"type": kind})]),
                    "post": op("createPet", body=obj({"weight": {"type": kind}}, ["weight"])),
                }
            }
        )

    found = rules(diff(spec("integer"), spec("number")))
    assert "python-argument-type-changed" not in found, found
    assert not [r for r in found if r.startswith("request-")], found
    # the other way round narrows what is accepted: still a break
    back = rules(diff(spec("number"), spec("integer")))
    assert back["python-argument-type-changed"] >= 1, back


def test_python_breaks_the_wire_does_not_explain_say_why() -> None:
    body = obj({"name": {"type": "string"}}, ["name"])
    old = doc(
        {"/pets/{id}": {"post": op("createPet", parameters=[param("id", "path")], body=body)}}
    )
    new = doc(
        {"/pets/{pet_id}": {"post": op("addPet", parameters=[param("pet_id", "path")], body=body)}}
    )
    found = {c.rule: c for c in diff(old, new)}
    assert not [c for c in found.values() if c.level == "wire"]  # nothing changed on the wire
    # the method is named from the verb and the path (`update`): a new operationId keeps it
    assert set(found) == {"python-model-renamed", "python-argument-renamed"}
    assert all(c.reason.startswith("because ") for c in found.values()), found
    assert found["python-argument-renamed"].reason == (
        "because the path placeholder {id} is now {pet_id}"
    )
    lifted = found["python-model-renamed"].reason
    assert lifted.startswith(
        "because the inline schema at /paths/~1pets~1{pet_id}/post/requestBody/content/"
        "application~1json/schema is now named from operationId addPet, request body"
    ), lifted
    assert "(was operationId createPet, request body)" in lifted


def test_a_return_type_that_differs_by_a_renamed_model_only_says_so() -> None:
    old = doc({"/pets": {"get": op("listPets", responses=ok(ref("Pet")))}}, {"Pet": PET})
    new = doc({"/pets": {"get": op("listPets", responses=ok(ref("Animal")))}}, {"Animal": PET})
    changed = [c for c in diff(old, new) if c.rule == "python-return-type-changed"]
    assert changed and changed[0].reason == (
        "because models.Pet is now models.Animal (the annotation differs by these names only)"
    )


def _moved(old: dict, new: dict) -> tuple[str, str]:
    found = [c for c in diff(old, new) if c.rule == "python-method-moved"]
    assert len(found) == 1, found
    return found[0].message, found[0].reason


def test_method_moved_by_path_nesting_says_the_path() -> None:
    """No tags (resources from path segments): GET /v1/customers/search is an action of
    `customers` until a path nests under it; then `search` is a resource of its own. The message
    says so, not "first tag '' -> ''"."""
    paths = {
        "/v1/customers": {"get": op("GetCustomers", tags=())},
        "/v1/customers/search": {"get": op("GetCustomersSearch", tags=())},
    }
    nested = {
        "/v1/customers/search/{id}": {
            "get": op("GetCustomersSearchId", tags=(), parameters=[param("id", "path")])
        }
    }
    message, reason = _moved(doc(paths), doc({**paths, **nested}))
    assert message == (
        "client.customers.search() is now client.customers.search.list()"
        " (path /v1/customers/search)"
    )
    assert reason.startswith("because the path segments of /v1/customers/search nest differently")
    assert "tag" not in message + reason


def test_method_moved_by_an_extension_says_the_extension() -> None:
    old, new, _ = CASES["python-method-moved"]
    message, reason = _moved(old, new)
    assert message.endswith("(path /stores -> x-fern-sdk-group-name)")
    assert reason == "because its resource now comes from x-fern-sdk-group-name (was path /stores)"


def test_method_moved_by_its_first_tag_says_the_tag() -> None:
    """operationIds that carry their tag (`<tag>_<method>`): the tag is the resource."""

    def spec(tag: str) -> dict:
        return doc(
            {
                "/pets": {"get": op("pets_list", tags=("pets",))},
                "/stores": {
                    "get": op("stores_list", tags=("stores",)),
                    "post": op("stores_create", tags=(tag,)),
                },
            }
        )

    message, reason = _moved(spec("stores"), spec("pets"))
    assert message.endswith("(first tag 'stores' -> first tag 'pets')"), message
    assert reason == "because the first tag changed from 'stores' to 'pets'"


def test_resource_renamed_by_an_extension_says_the_extension() -> None:
    old, new, _ = CASES["python-resource-renamed"]
    found = {c.rule: c for c in diff(old, new)}
    assert found["python-resource-renamed"].reason == (
        "because its operations' resource now comes from x-fern-sdk-group-name (was path /pets)"
    )
