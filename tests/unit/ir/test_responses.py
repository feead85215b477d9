"""generator/ir/responses.py: status keys, the media type read, the type it is parsed as."""

from __future__ import annotations

from typing import Any

from generator.ir.model import Typing
from generator.ir.responses import responses

from .spec import codes, context, document

POINTER = "/paths/~1pets/get"
OBJ = {"type": "object", "properties": {"id": {"type": "integer"}}}


def _responses(raw: Any, **top: Any):  # type: ignore[no-untyped-def]
    ctx = context(document(**top))
    return responses({"responses": raw}, POINTER, "GetPet", ctx), ctx


def test_status_keys_are_codes_ranges_or_default() -> None:
    raw = {
        200: {"description": "an int key"},
        "4xx": {"description": "a range"},
        "default": {"description": "anything else"},
        "2001": {"description": "not a status"},
        "x-extension": {"description": "not a status"},
        "600": {"description": "not a status"},
    }
    got, ctx = _responses(raw)
    assert [r.status for r in got] == ["200", "4XX", "default"]
    assert got[1].pointer == f"{POINTER}/responses/4xx"  # the spec's own key
    assert [s.pointer for s in ctx.skipped] == [
        f"{POINTER}/responses/2001",
        f"{POINTER}/responses/x-extension",
        f"{POINTER}/responses/600",
    ]
    assert codes(ctx)[0] == ("skipped", f"{POINTER}/responses/2001")


def test_json_is_read_before_any_other_media_and_typed_from_its_schema() -> None:
    content = {"text/html": {"schema": {"type": "string"}}, "application/json": {"schema": OBJ}}
    got, ctx = _responses({"200": {"description": "ok", "content": content}})
    (ok,) = got
    assert (ok.media_type, ok.type and ok.type.annotation) == (
        "application/json",
        "models.GetPetResponse",
    )
    schema_pointer = f"{POINTER}/responses/200/content/application~1json/schema"
    assert ctx.typing == [Typing("response", schema_pointer, "200 response of GET /pets", "")]


def test_an_error_body_is_named_after_its_status() -> None:
    got, _ = _responses(
        {"404": {"description": "nf", "content": {"application/problem+json": {"schema": OBJ}}}}
    )
    assert got[0].type is not None and got[0].type.annotation == "models.GetPetError404"


def test_json_without_schema_is_any_text_is_str_anything_else_bytes() -> None:
    raw = {
        "200": {"description": "", "content": {"application/json": {}}},
        "201": {"description": "", "content": {"text/csv": {"schema": {"type": "string"}}}},
        "202": {"description": "", "content": {"image/png": {}}},
        "204": {"description": "no content"},
        "205": {"description": "", "content": {}},
    }
    got, ctx = _responses(raw)
    assert [(r.status, r.media_type, r.type and r.type.annotation) for r in got] == [
        ("200", "application/json", "Any"),
        ("201", "text/csv", "str"),
        ("202", "image/png", "bytes"),
        ("204", "", None),
        ("205", "", None),
    ]
    assert ctx.typing == []  # only a JSON schema is counted as typed or not


def test_a_referenced_response_is_located_at_its_component_with_its_headers() -> None:
    components = {
        "responses": {
            "Page": {
                "description": "A page.",
                "headers": {"X-Next": {"schema": {"type": "string"}}, "Link": {}},
                "content": {"application/json": {"schema": OBJ}},
            }
        }
    }
    got, ctx = _responses({"200": {"$ref": "#/components/responses/Page"}}, components=components)
    (page,) = got
    assert (page.pointer, page.description, page.headers) == (
        "/components/responses/Page",
        "A page.",
        ("X-Next", "Link"),
    )
    assert ctx.typing[0].pointer == ("/components/responses/Page/content/application~1json/schema")


def test_a_dangling_ref_is_an_empty_response_and_a_non_object_is_left_out() -> None:
    got, ctx = _responses({"200": {"$ref": "#/components/responses/Missing"}, "201": "text"})
    assert [(r.status, r.pointer, r.media_type, r.type) for r in got] == [
        ("200", "/components/responses/Missing", "", None)
    ]
    assert ctx.skipped == [] and codes(ctx) == []
