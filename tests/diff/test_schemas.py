"""Schemas, compared model by model in the request or response direction: one pair per rule."""

from __future__ import annotations

import pytest

from .helpers import assert_case, diff, doc, obj, ok, op, param, ref, rules


def sent(prop: dict) -> dict:
    """A request body model with one property `value`."""
    return doc(
        {"/pets": {"post": op("createPet", body=ref("NewPet"))}}, {"NewPet": obj({"value": prop})}
    )


def got(pet: dict, extra: dict | None = None) -> dict:
    """A response model `Pet`."""
    return doc(
        {
            "/pets/{id}": {
                "get": op("getPet", parameters=[param("id", "path")], responses=ok(ref("Pet")))
            }
        },
        {"Pet": pet, **(extra or {})},
    )


def query(schema: dict) -> dict:
    return doc({"/pets": {"get": op("listPets", parameters=[param("q", schema=schema)])}})


STATUS = {"type": "string", "enum": ["available", "sold"]}

CASES = {
    # ---- request direction
    "request-type-changed": (
        sent({"type": "integer"}),
        sent({"type": "string"}),
        "from integer to string",
    ),
    "request-became-not-nullable": (
        sent({"type": "string", "nullable": True}),
        sent({"type": "string"}),
        "no longer accepts null",
    ),
    "request-enum-value-removed": (
        query({"type": "string", "enum": ["a", "b", "c"]}),
        query({"type": "string", "enum": ["a", "b"]}),
        '"c"',
    ),
    "request-length-narrowed": (
        sent({"type": "string", "maxLength": 100}),
        sent({"type": "string", "maxLength": 50}),
        "maxLength",
    ),
    "request-range-narrowed": (
        query({"type": "integer", "maximum": 100}),
        query({"type": "integer", "maximum": 10}),
        "maximum",
    ),
    "request-pattern-changed": (
        sent({"type": "string"}),
        sent({"type": "string", "pattern": "^[a-z]+$"}),
        "pattern",
    ),
    "request-default-changed": (
        query({"type": "integer", "default": 20}),
        query({"type": "integer", "default": 50}),
        "default",
    ),
    # ---- response direction
    "response-required-property-removed": (
        got(obj({"id": {"type": "string"}, "name": {"type": "string"}}, ["id", "name"])),
        got(obj({"id": {"type": "string"}}, ["id"])),
        "Pet.name removed",
    ),
    "response-optional-property-removed": (
        got(obj({"id": {"type": "string"}, "tag": {"type": "string"}}, ["id"])),
        got(obj({"id": {"type": "string"}}, ["id"])),
        "Pet.tag removed",
    ),
    "response-property-became-optional": (
        got(obj({"id": {"type": "string"}, "name": {"type": "string"}}, ["id", "name"])),
        got(obj({"id": {"type": "string"}, "name": {"type": "string"}}, ["id"])),
        "Pet.name became optional",
    ),
    "response-became-nullable": (
        got(obj({"name": {"type": "string"}})),
        got(obj({"name": {"type": "string", "nullable": True}})),
        "Pet.name can now be null",
    ),
    "response-type-changed": (
        got(obj({"age": {"type": "integer"}})),
        got(obj({"age": {"type": "string"}})),
        "Pet.age changed from integer to string",
    ),
    "response-enum-value-added": (
        got(obj({"status": ref("Status")}), {"Status": STATUS}),
        got(
            obj({"status": ref("Status")}),
            {"Status": {**STATUS, "enum": ["available", "sold", "pending"]}},
        ),
        '"pending"',
    ),
    # ---- the generated models
    "python-model-field-removed": (
        got(obj({"id": {"type": "string"}, "tag": {"type": "string"}})),
        got(obj({"id": {"type": "string"}})),
        "field Pet.tag removed",
    ),
    "python-field-type-changed": (
        got(obj({"born": {"type": "string"}})),
        got(obj({"born": {"type": "string", "format": "date-time"}})),
        "format of Pet.born changed from none to date-time",
    ),
    "python-enum-member-removed": (
        got(
            obj({"status": ref("Status")}),
            {"Status": {**STATUS, "enum": ["available", "pending", "sold"]}},
        ),
        got(obj({"status": ref("Status")}), {"Status": STATUS}),
        '"pending"',
    ),
    "python-response-enum-widened": (
        got(obj({"status": ref("Status")}), {"Status": STATUS}),
        got(
            obj({"status": ref("Status")}),
            {"Status": {**STATUS, "enum": ["available", "sold", "pending"]}},
        ),
        "strict clients reject it",
    ),
    "python-response-union-widened": (
        got(
            obj({"owner": {"oneOf": [ref("Person"), ref("Shelter")]}}),
            {
                "Person": obj({"name": {"type": "string"}}),
                "Shelter": obj({"city": {"type": "string"}}),
                "Zoo": obj({"zone": {"type": "string"}}),
            },
        ),
        got(
            obj({"owner": {"oneOf": [ref("Person"), ref("Shelter"), ref("Zoo")]}}),
            {
                "Person": obj({"name": {"type": "string"}}),
                "Shelter": obj({"city": {"type": "string"}}),
                "Zoo": obj({"zone": {"type": "string"}}),
            },
        ),
        "can now also be Zoo",
    ),
    # ---- server audience: hand-written service implementations
    "server-request-property-became-optional": (
        doc(
            {"/pets": {"post": op("createPet", body=ref("NewPet"))}},
            {"NewPet": obj({"value": {"type": "string"}}, ["value"])},
        ),
        sent({"type": "string"}),
        "NewPet.value became optional: the implementation may get None",
    ),
    "server-response-property-added-required": (
        got(obj({"id": {"type": "string"}}, ["id"])),
        got(obj({"id": {"type": "string"}, "name": {"type": "string"}}, ["id", "name"])),
        "new required response property Pet.name",
    ),
    "server-response-property-became-required": (
        got(obj({"id": {"type": "string"}, "name": {"type": "string"}}, ["id"])),
        got(obj({"id": {"type": "string"}, "name": {"type": "string"}}, ["id", "name"])),
        "Pet.name became required",
    ),
    "server-request-enum-value-added": (
        query({"type": "string", "enum": ["a", "b"]}),
        query({"type": "string", "enum": ["a", "b", "c"]}),
        '"c"',
    ),
    "server-request-type-widened": (
        sent({"type": "integer"}),
        sent({"type": "number"}),
        "widened from integer to number",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_widening_a_request_is_not_breaking() -> None:
    found = rules(diff(sent({"type": "integer", "maxLength": 5}), sent({"type": "number"})))
    assert not any(r.startswith("request-") for r in found), found
    found = rules(
        diff(
            query({"type": "string", "enum": ["a", "b"]}),
            query({"type": "string", "enum": ["a", "b", "c"]}),
        )
    )
    assert found == {}, found  # Literal['a', 'b'] -> Literal['a', 'b', 'c'] accepts every old value


def test_narrowing_a_response_is_not_breaking() -> None:
    old = got(
        obj({"age": {"type": "number", "nullable": True}, "status": ref("Status")}, ["status"]),
        {"Status": {**STATUS, "enum": ["a", "b", "c"]}},
    )
    new = got(
        obj({"age": {"type": "integer"}, "status": ref("Status")}, ["status", "age"]),
        {"Status": {**STATUS, "enum": ["a", "b", "c"]}},
    )
    found = rules(diff(old, new))
    assert not any(r.startswith("response-") for r in found), found


def test_a_model_change_is_reported_once_with_every_operation_reaching_it() -> None:
    pet_old = obj({"id": {"type": "string"}, "name": {"type": "string"}}, ["id", "name"])
    pet_new = obj({"id": {"type": "string"}}, ["id"])
    paths = {
        "/pets": {"get": op("listPets", responses=ok({"type": "array", "items": ref("Pet")}))},
        "/pets/{id}": {
            "get": op("getPet", parameters=[param("id", "path")], responses=ok(ref("Pet")))
        },
        "/owners/{id}": {
            "get": op(
                "getOwner",
                tags=("owners",),
                parameters=[param("id", "path")],
                responses=ok(ref("Owner")),
            )
        },
    }
    owner = obj({"pets": {"type": "array", "items": ref("Pet")}})
    changes = diff(
        doc(paths, {"Pet": pet_old, "Owner": owner}), doc(paths, {"Pet": pet_new, "Owner": owner})
    )
    removed = [c for c in changes if c.rule == "response-required-property-removed"]
    assert len(removed) == 1
    assert removed[0].operations == ("GET /owners/{id}", "GET /pets", "GET /pets/{id}")


def test_recursive_models_terminate() -> None:
    node = obj({"children": {"type": "array", "items": ref("Node")}, "name": {"type": "string"}})
    old = got(obj({"root": ref("Node")}), {"Node": node})
    new = got(
        obj({"root": ref("Node")}),
        {"Node": obj({"children": {"type": "array", "items": ref("Node")}})},
    )
    assert rules(diff(old, new))["response-optional-property-removed"] == 1


def test_a_use_that_points_at_another_model_says_so() -> None:
    old = got(
        obj({"owner": ref("Person")}),
        {"Person": obj({"name": {"type": "string"}}), "Shelter": obj({"city": {"type": "string"}})},
    )
    new = got(
        obj({"owner": ref("Shelter")}),
        {"Person": obj({"name": {"type": "string"}}), "Shelter": obj({"city": {"type": "string"}})},
    )
    removed = [c for c in diff(old, new) if c.rule == "response-optional-property-removed"]
    assert removed and "in place of Person" in removed[0].message


def test_nullability_is_compared_after_resolving_allof_wrappers() -> None:
    """GitHub's move to `Nullable*` schemas: `{nullable: true, allOf: [$ref: Milestone]}` became
    `$ref: NullableMilestone` (a copy with `nullable: true`). Both are a nullable Milestone."""
    milestone = obj({"title": {"type": "string"}})
    old = got(
        obj({"milestone": {"nullable": True, "allOf": [ref("Milestone")]}}),
        {"Milestone": milestone},
    )
    new = got(
        obj({"milestone": ref("NullableMilestone")}),
        {"Milestone": milestone, "NullableMilestone": {**milestone, "nullable": True}},
    )
    found = rules(diff(old, new))
    assert "response-became-nullable" not in found, found
    # ... while a use that really became nullable is still found, through the same wrappers
    really = got(
        obj({"milestone": ref("NullableMilestone")}),
        {"Milestone": milestone, "NullableMilestone": {**milestone, "nullable": True}},
    )
    before = got(obj({"milestone": ref("Milestone")}), {"Milestone": milestone})
    became = [c for c in diff(before, really) if c.rule == "response-became-nullable"]
    assert [c.subject for c in became] == ["Pet.milestone"]


def test_request_widening_is_a_server_matter_only() -> None:
    old, new = sent({"type": "integer"}), sent({"type": "number"})
    assert rules(diff(old, new)) == {}  # clients: int is still accepted
    assert rules(diff(old, new, audience="server")) == {"server-request-type-widened": 1}
