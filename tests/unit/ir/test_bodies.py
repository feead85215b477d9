"""generator/ir/bodies.py: body encodings, flattening into fields, what is skipped."""

from __future__ import annotations

from typing import Any

from generator.ir.bodies import body, is_binary, nothing_to_send
from generator.ir.model import Typing

from .spec import codes, context, document

POINTER = "/paths/~1pets/post"
AT = f"{POINTER}/requestBody/content"
PET = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "maxLength": 20, "description": "Its name."},
        "timeout": {"type": "integer"},
        "id": {"type": "string", "readOnly": True},
    },
}


def _body(request: Any, reserved: frozenset[str] = frozenset(), pointer: str = POINTER, **top: Any):  # type: ignore[no-untyped-def]
    ctx = context(document(**top))
    return body({"requestBody": request}, pointer, "CreatePet", reserved, ctx), ctx


def json(schema: Any, media: str = "application/json") -> dict[str, Any]:
    return {"content": {media: {"schema": schema}}}


def test_no_request_body() -> None:
    got, ctx = _body(None)
    assert got is None and ctx.skipped == []


def test_an_object_sent_as_json_is_flattened_into_fields_named_apart_from_the_arguments() -> None:
    got, ctx = _body(
        {**json(PET), "required": True, "description": "A pet."}, frozenset({"timeout"})
    )
    assert got is not None
    assert (got.encoding, got.media_type, got.required, got.flattened, got.description) == (
        "json",
        "application/json",
        True,
        True,
        "A pet.",
    )
    assert (got.type.annotation, got.model) == ("models.CreatePetRequest", "CreatePetRequest")
    # The read-only `id` is the server's: not an argument.
    assert [(f.name, f.wire_name, f.required, f.type.annotation) for f in got.fields] == [
        ("name", "name", True, "str"),
        ("body_timeout", "timeout", False, "int"),
    ]
    name = got.fields[0]
    assert (name.description, name.constraints.max_length) == ("Its name.", 20)
    assert name.pointer == f"{AT}/application~1json/schema/properties/name"
    assert got.pointer == f"{POINTER}/requestBody" and got.alternatives == ()
    assert ctx.typing == [
        Typing("body", f"{AT}/application~1json/schema", "body of POST /pets", "")
    ]


def test_a_required_read_only_field_keeps_the_model_from_validating_the_request() -> None:
    schema = {**PET, "required": ["name", "id"]}
    got, _ = _body(json(schema))
    assert got is not None and got.flattened and got.model == ""
    assert [f.name for f in got.fields] == ["name", "timeout"]


def test_a_form_body_is_flattened_too() -> None:
    got, _ = _body(json(PET, "application/x-www-form-urlencoded"))
    assert got is not None and (got.encoding, got.flattened) == ("form", True)


def test_multipart_file_fields_take_file_content() -> None:
    schema = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "files": {"type": "array", "items": {"type": "string", "contentEncoding": "binary"}},
            "note": {"type": "string"},
        },
    }
    got, _ = _body(json(schema, "multipart/form-data"))
    assert got is not None and got.encoding == "multipart"
    assert [(f.name, f.type.annotation) for f in got.fields] == [
        ("file", "FileContent"),
        ("files", "FileContent"),
        ("note", "str"),
    ]


def test_json_with_form_alternatives_takes_a_content_type_argument() -> None:
    schema = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "contentMediaType": "image/png"},
            "content_type": {"type": "string"},
        },
    }
    request = {
        "content": {
            "application/json": {"schema": schema},
            "multipart/form-data": {"schema": schema},
            "text/plain": {},
        }
    }
    got, _ = _body(request)
    assert got is not None and got.encoding == "json"
    assert got.alternatives == ("multipart/form-data",)
    # The argument is named after the fields: `content_type` is taken by one of them.
    assert got.media_argument == "content_type_2"
    assert [(f.name, f.type.annotation) for f in got.fields] == [
        ("file", "str | FileContent"),
        ("content_type", "str"),
    ]


def test_a_form_alternative_without_files_leaves_the_field_types() -> None:
    request = {
        "content": {
            "application/json": {"schema": PET},
            "application/x-www-form-urlencoded": {"schema": PET},
        }
    }
    got, _ = _body(request)
    assert got is not None and got.media_argument == "content_type"
    assert [f.type.annotation for f in got.fields] == ["str", "int"]


def test_an_all_of_of_objects_is_flattened_with_pointers_into_its_parts() -> None:
    components = {
        "schemas": {
            "Named": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}},
            }
        }
    }
    schema = {
        "allOf": [
            {"$ref": "#/components/schemas/Named"},
            {"type": "object", "properties": {"age": {"type": "integer"}}},
        ]
    }
    got, _ = _body(json(schema), components=components)
    assert got is not None and got.flattened
    assert [(f.name, f.required, f.pointer) for f in got.fields] == [
        ("name", True, "/components/schemas/Named/properties/name"),
        ("age", False, f"{AT}/application~1json/schema/allOf/1/properties/age"),
    ]


def test_a_union_or_a_non_object_body_is_the_body_argument() -> None:
    union = {"oneOf": [PET, {"type": "string"}], "properties": PET["properties"]}
    for schema in (union, {"type": "array", "items": {"type": "string"}}, {}):
        got, _ = _body(json(schema))
        assert got is not None and not got.flattened and got.fields == () and got.model == ""


def test_bytes_and_text_bodies() -> None:
    got, ctx = _body(json({"type": "string", "format": "binary"}, "application/octet-stream"))
    assert got is not None and (got.encoding, got.type.annotation) == ("binary", "bytes")
    got, _ = _body({"content": {"text/csv": {}}})
    assert got is not None and (got.encoding, got.type.annotation) == ("text", "str")
    assert ctx.typing == []  # only JSON and form bodies are counted as typed or not


def test_a_referenced_body_is_located_at_its_component() -> None:
    components = {"requestBodies": {"Pet": json(PET)}}
    got, _ = _body({"$ref": "#/components/requestBodies/Pet"}, components=components)
    assert got is not None and got.pointer == "/components/requestBodies/Pet"
    assert got.fields[0].pointer == (
        "/components/requestBodies/Pet/content/application~1json/schema/properties/name"
    )


def test_a_body_without_content_or_with_unsupported_media_is_skipped() -> None:
    got, ctx = _body({"content": {}})
    assert got is None
    assert [(s.kind, s.reason) for s in ctx.skipped] == [("body", "request body has no content")]
    got, ctx = _body({"content": {"font/woff2": {}}})
    assert got is None and codes(ctx) == [("skipped", f"{POINTER}/requestBody")]
    assert "['font/woff2'] are not supported" in ctx.skipped[0].reason


def test_an_empty_object_body_of_a_get_or_delete_is_no_body_at_all() -> None:
    empty = json({"type": "object", "properties": {}, "additionalProperties": False})
    for method in ("get", "head", "delete"):
        got, ctx = _body(empty, pointer=f"/paths/~1pets/{method}")
        assert got is None and ctx.skipped == []
    got, _ = _body(empty)  # a POST sends it
    assert got is not None


def test_nothing_to_send_and_is_binary() -> None:
    registry = context(document()).registry
    closed = {"schema": {"type": "object", "additionalProperties": False}}
    assert nothing_to_send({"application/json": closed}, registry)
    assert not nothing_to_send({"application/json": closed, "text/plain": {}}, registry)
    assert not nothing_to_send({}, registry) and not nothing_to_send(None, registry)
    assert is_binary({"format": "binary"}) and is_binary({"contentMediaType": "image/png"})
    assert is_binary({"items": {"format": "binary"}})
    assert not is_binary({"type": "string", "format": "byte"})
