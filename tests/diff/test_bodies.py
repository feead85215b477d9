"""Request bodies: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import pytest

from .helpers import assert_case, diff, doc, obj, ok, op, ref, rules

PET = obj({"name": {"type": "string"}, "tag": {"type": "string"}}, ["name"])


def create(
    body=None,
    *,
    required: bool = True,
    media: str = "application/json",
    schemas: dict | None = None,
) -> dict:
    return doc(
        {"/pets": {"post": op("createPet", body=body, body_required=required, media=media)}},
        schemas,
    )


CASES = {
    "request-body-added-required": (create(), create(PET), "required request body was added"),
    "request-body-became-required": (create(PET, required=False), create(PET), "became required"),
    "request-body-removed": (create(PET), create(), "removed"),
    "request-media-type-changed": (
        create(PET),
        create(PET, media="application/x-www-form-urlencoded"),
        "x-www-form-urlencoded",
    ),
    "request-property-removed": (
        create(ref("NewPet"), schemas={"NewPet": PET}),
        create(ref("NewPet"), schemas={"NewPet": obj({"name": {"type": "string"}}, ["name"])}),
        "NewPet.tag removed",
    ),
    "request-property-added-required": (
        create(ref("NewPet"), schemas={"NewPet": PET}),
        create(
            ref("NewPet"),
            schemas={
                "NewPet": obj({**PET["properties"], "owner": {"type": "string"}}, ["name", "owner"])
            },
        ),
        "NewPet.owner",
    ),
    "request-property-became-required": (
        create(ref("NewPet"), schemas={"NewPet": PET}),
        create(ref("NewPet"), schemas={"NewPet": obj(PET["properties"], ["name", "tag"])}),
        "NewPet.tag became required",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule(rule_id: str) -> None:
    assert_case(rule_id, CASES[rule_id])


def test_new_optional_property_and_read_only_required_property_are_not_breaking() -> None:
    new = create(
        ref("NewPet"),
        schemas={
            "NewPet": obj(
                {
                    **PET["properties"],
                    "id": {"type": "string", "readOnly": True},
                    "age": {"type": "integer"},
                },
                ["name", "id"],
            )
        },
    )
    found = rules(diff(create(ref("NewPet"), schemas={"NewPet": PET}), new))
    assert not [r for r in found if r.startswith(("request-", "python-"))], found


def test_alternative_json_media_type_is_no_change_for_the_client() -> None:
    old = doc(
        {
            "/pets": {
                "post": {
                    **op("createPet"),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": PET},
                            "application/xml": {"schema": PET},
                        },
                    },
                }
            }
        }
    )
    assert diff(old, create(PET)) == []


def _inline(request_props: dict, request_required: list[str], response_props: dict) -> dict:
    """A request and a 201 response body written in place as `allOf: [$ref Base, {...}]`."""
    return doc(
        {
            "/pets": {
                "post": op(
                    "createPet",
                    body={"allOf": [ref("Base"), obj(request_props, request_required or None)]},
                    responses=ok({"allOf": [ref("Base"), obj(response_props)]}, "201"),
                )
            }
        },
        {"Base": obj({"name": {"type": "string"}})},
    )


def _wire(changes: list) -> list[tuple[str, str, bool]]:
    """(rule, changed property, reached from POST /pets) of the wire changes: the same whether
    the IR keeps an inline allOf body as a dict or lifts it into a model class."""
    return [
        (c.rule, c.subject.rsplit(".", 1)[-1], "POST /pets" in (c.operation, *c.operations))
        for c in changes
        if c.level == "wire"
    ]


def test_inline_allof_bodies_are_compared_as_their_merged_schema() -> None:
    base = _inline({"age": {"type": "integer"}}, [], {"secret": {"type": "string"}})
    assert diff(base, base) == []
    # a type change inside the inline allOf member
    typed = _inline({"age": {"type": "string"}}, [], {"secret": {"type": "string"}})
    changes = diff(base, typed)
    assert _wire(changes) == [("request-type-changed", "age", True)]
    wire = next(c for c in changes if c.rule == "request-type-changed")
    assert wire.pointer.endswith("/allOf/1/properties/age"), wire.pointer
    # the allOf body is flattened: `age` is a keyword argument whose type changed too
    assert "python-argument-type-changed" in {c.rule for c in changes}
    # a nullable change in the response (GitHub's app-manifests webhook_secret)
    nullable = _inline(
        {"age": {"type": "integer"}}, [], {"secret": {"type": "string", "nullable": True}}
    )
    changes = diff(base, nullable)
    assert _wire(changes) == [("response-became-nullable", "secret", True)]
    assert changes[0].message.endswith(".secret can now be null")
    # a new required request property
    required = _inline(
        {"age": {"type": "integer"}, "owner": {"type": "string"}},
        ["owner"],
        {"secret": {"type": "string"}},
    )
    assert _wire(diff(base, required)) == [("request-property-added-required", "owner", True)]


def test_a_self_referencing_inline_allof_terminates() -> None:
    member: dict = {"type": "object", "properties": {}}
    member["properties"]["again"] = member  # what a YAML anchor can build
    spec = doc(
        {"/pets": {"post": op("createPet", body={"allOf": [ref("Base"), member]})}},
        {"Base": obj({"name": {"type": "string"}})},
    )
    from generator.diff.model import Side

    from .helpers import build

    side = Side(build(doc({}, {"Base": obj({})})), spec)
    schema = side.rewritten(
        side.raw("/paths/~1pets/post/requestBody/content/application~1json/schema")
    )
    depth, node = 0, schema["allOf"][1]
    while node:
        node, depth = node.get("properties", {}).get("again", {}), depth + 1
    assert 10 < depth < 70
