"""Request bodies: one minimal OLD/NEW pair per rule."""

from __future__ import annotations

import pytest

from .helpers import assert_case, diff, doc, obj, op, ref, rules

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
