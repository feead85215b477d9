"""The example maker (tests/execution/sample_values.py) makes values their schemas accept: checked
with jsonschema (formats included) on the shapes that broke it on real specs (pagerduty-rest:
a discriminator mapping, date-times inside allOf parts, `required` in another part than the
property)."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from .sample_values import sample

COMPONENTS: dict[str, Any] = {
    "Reference": {
        "type": "object",
        "properties": {"id": {"type": "string", "readOnly": True}, "type": {"type": "string"}},
    },
    "Abstract": {
        "allOf": [
            {"$ref": "#/components/schemas/Reference"},
            {
                "type": "object",
                "properties": {
                    "action_type": {"type": "string", "enum": ["script", "process_automation"]},
                    "creation_time": {"type": "string", "format": "date-time"},
                    "modify_time": {"type": "string", "format": "date-time"},
                },
                # `id`, `type` are declared in the other part
                "required": ["id", "type", "action_type", "creation_time", "modify_time"],
            },
        ]
    },
    "Script": {
        "allOf": [
            {"$ref": "#/components/schemas/Abstract"},
            {"properties": {"script": {"type": "string", "pattern": "^[a-z]{3}\\d{2}$"}}},
            {"required": ["script"]},
        ]
    },
    "Job": {
        "allOf": [
            {"$ref": "#/components/schemas/Abstract"},
            {"properties": {"job": {"type": "integer", "minimum": 10, "multipleOf": 5}}},
            {"required": ["job"]},
        ]
    },
    "Pet": {
        "type": "object",
        "required": ["pet_type"],
        "properties": {"pet_type": {"type": "string"}},
        "discriminator": {"propertyName": "pet_type", "mapping": {"doggo": "Dog"}},
    },
    "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"required": ["bark"]}]},
    "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}]},
    "Message": {
        "type": "object",
        "required": ["role"],
        "properties": {"role": {"enum": ["user"]}, "type": {"type": "string", "enum": ["message"]}},
    },
}
DOCUMENT: dict[str, Any] = {"components": {"schemas": COMPONENTS}}


def resolve(ref: str) -> Any:
    node: Any = DOCUMENT
    for token in ref[2:].split("/"):
        node = node[token]
    return node


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def valid(schema: dict[str, Any], value: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        {**schema, **DOCUMENT}, format_checker=jsonschema.FormatChecker()
    )
    validator.validate(value)


def test_discriminator_mapping_tags_the_member_and_formats_inside_allof_parts_are_honoured() -> (
    None
):
    schema = {
        "oneOf": [ref("Script"), ref("Job")],
        "discriminator": {
            "propertyName": "action_type",
            "mapping": {"script": ref("Script")["$ref"], "process_automation": ref("Job")["$ref"]},
        },
    }
    value = sample(schema, resolve)
    assert value["action_type"] == "script"
    assert value["creation_time"] == value["modify_time"] == "2024-01-01T00:00:00Z"
    assert set(value) >= {"id", "type", "script"}
    assert re.fullmatch(r"[a-z]{3}\d{2}", value["script"])
    valid(schema, value)  # every member's constraints (jsonschema ignores the discriminator)


def test_discriminator_tags_the_first_member_by_its_mapping_key() -> None:
    path = "#/components/schemas/"
    schema = {
        "oneOf": [ref("Job"), ref("Script")],
        "discriminator": {
            "propertyName": "action_type",
            "mapping": {"script": path + "Script", "process_automation": path + "Job"},
        },
    }
    value = sample(schema, resolve)
    assert value["action_type"] == "process_automation"
    assert value["job"] == 10  # minimum 10, a multiple of 5
    valid(schema, value)


def test_implicit_discriminator_names_the_component() -> None:
    schema = {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "pet_type"}}
    assert sample(schema, resolve) == {"pet_type": "Cat"}


def test_inherited_discriminator_tags_the_schema_with_its_mapping_key_or_name() -> None:
    assert sample(ref("Dog"), resolve) == {"pet_type": "doggo", "bark": "x"}
    assert sample(ref("Cat"), resolve) == {"pet_type": "Cat"}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "date", "example": "01/02/2024"},
        {"type": "string", "format": "uuid"},
        {"type": "string", "format": "email"},
        {"type": "string", "format": "ipv6"},
        {"type": "string", "pattern": "^P[A-Z0-9]{6}$", "example": "not it"},
        {"type": "string", "pattern": "^(GET|POST)$"},
        {"type": "string", "pattern": "^[^0-9]{2}-\\d+$"},
        {"type": "string", "minLength": 4, "maxLength": 4},
        {"type": "integer", "minimum": 0, "exclusiveMinimum": 0, "maximum": 3},
        {"type": "integer", "maximum": -2},
        {"type": "number", "minimum": 2.5, "multipleOf": 0.5},
        {"type": "array", "minItems": 3, "items": {"type": "string", "enum": [None, "a"]}},
        {"type": ["null", "boolean"]},
        {"allOf": [{"type": "string"}, {"const": "fixed"}]},
        {"allOf": [{"$ref": "#/components/schemas/Abstract"}, {"required": ["extra"]}]},
        {  # OpenAI's ImageRefParam: the members only say which property is required
            "type": "object",
            "properties": {"url": {"type": "string", "format": "uri"}, "id": {"type": "string"}},
            "anyOf": [{"required": ["url"]}, {"required": ["id"]}],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}},
            "anyOf": [
                {"type": "null"},
                {"required": ["a"], "properties": {"a": {"type": "integer"}}},
            ],
        },
    ],
)
def test_made_values_validate(schema: dict[str, Any]) -> None:
    valid(schema, sample(schema, resolve))


def test_example_kept_when_it_fits() -> None:
    schema = {"type": "string", "pattern": "^P[A-Z0-9]{6}$", "example": "PABC123"}
    assert sample(schema, resolve) == "PABC123"
    assert sample({"type": "integer", "maximum": 5, "example": 9}, resolve) == 1


def test_discriminator_without_mapping_uses_the_members_fixed_value() -> None:
    """OpenAI's shape: no mapping, each member's `type` is a one-value enum (not required)."""
    schema = {"oneOf": [ref("Message"), ref("Cat")], "discriminator": {"propertyName": "type"}}
    assert sample(schema, resolve) == {"role": "user", "type": "message"}


def test_union_members_that_only_require_keep_the_properties_beside_them() -> None:
    schema = {
        "type": "object",
        "properties": {"url": {"type": "string", "format": "uri"}, "id": {"type": "string"}},
        "anyOf": [{"required": ["url"]}, {"required": ["id"]}],
    }
    assert sample(schema, resolve) == {"url": "https://example.com/x"}
