"""generator/ir/operations.py: which operations, where they are placed, each one assembled."""

from __future__ import annotations

from typing import Any

from generator.ir.model import SecurityRequirement
from generator.ir.operations import entries, operation, placements, returns_list, waiter_of
from generator.ir.parameters import ClientSent
from generator.load.structure import HTTP_METHODS

from .spec import OK, codes, context, document

NOBODY = ClientSent(auth=False, headers=frozenset(), idempotency="idempotency-key")


def _json(schema: Any, status: str = "200") -> dict[str, Any]:
    return {status: {"description": "", "content": {"application/json": {"schema": schema}}}}


def test_entries_in_document_order_each_path_item_in_method_order_query_included() -> None:
    doc = document(
        {
            "/b": {m: {"responses": OK} for m in reversed(HTTP_METHODS)} | {"summary": "x"},
            "/a": {"$ref": "#/components/pathItems/A"},
            "/gone": {"$ref": "#/components/pathItems/Gone"},
        },
        components={"pathItems": {"A": {"get": {"responses": OK}}}},
    )
    ctx = context(doc)
    got = [(path, method) for path, method, _, _ in entries(doc, ctx)]
    assert got == [("/b", m) for m in HTTP_METHODS] + [("/a", "get")]
    assert "query" in HTTP_METHODS
    assert [(s.kind, s.pointer) for s in ctx.skipped] == [("operation", "/paths/~1gone")]
    assert codes(ctx) == [("skipped", "/paths/~1gone")]


def test_returns_list_reads_the_first_success_with_content() -> None:
    ctx = context(document())
    items = {"type": "array", "items": {"type": "string"}}
    assert returns_list({"responses": _json(items)}, ctx)
    page = {"type": "object", "properties": {"data": items, "has_more": {"type": "boolean"}}}
    assert returns_list({"responses": _json(page, "201")}, ctx)
    assert not returns_list({"responses": _json({"type": "object"})}, ctx)
    assert not returns_list({"responses": _json(items, "400")}, ctx)  # an error is not the answer
    # The first 2xx with content decides; a 204 has none.
    later = {"204": {"description": ""}, **_json({"type": "object"}), **_json(items, "206")}
    assert not returns_list({"responses": later}, ctx)
    assert returns_list(
        {
            "responses": {
                "200": {
                    "description": "",
                    "content": {
                        "text/plain": {},
                        "application/json": {"schema": {"type": ["array", "null"]}},
                    },
                }
            }
        },
        ctx,
    )


def test_placements_use_rest_names_and_the_names_table() -> None:
    doc = document(
        {
            "/pets": {"get": {"operationId": "listPets", "responses": OK}},
            "/pets/{id}": {"get": {"operationId": "showPetById", "responses": OK}},
        }
    )
    got = [(p.chain, p.method) for p in placements(doc, context(doc))]
    assert got == [(("pets",), "list"), (("pets",), "retrieve")]
    ctx = context(doc, names=(("showPetById", "animals.fetch"),))
    got = [(p.chain, p.method) for p in placements(doc, ctx)]
    assert got == [(("pets",), "list"), (("animals",), "fetch")]


def test_a_one_word_operation_id_naming_any_http_method_reads_as_a_method() -> None:
    """One list of methods: QUERY's `query` as well as POST's `post` is taken as it is."""
    ops = {m: {"operationId": m, "responses": OK} for m in ("post", "query")}
    doc = document({"/pets/{id}/toys": ops})
    rules = {p.method: p.method_rule for p in placements(doc, context(doc))}
    assert rules == {"post": "operationId", "query": "operationId"}


def _operation(path: str, method: str, op: dict[str, Any], **top: Any):  # type: ignore[no-untyped-def]
    doc = document({path: {method: op}}, **top)
    ctx = context(doc)
    (placed,) = placements(doc, ctx)
    return operation(placed, {"key": "key"}, NOBODY, doc, ctx), ctx  # type: ignore[dict-item]


def test_an_operation_is_assembled_from_its_parts() -> None:
    op = {
        "operationId": "createPet",
        "summary": "Create",
        "description": "Makes a pet.",
        "tags": ["pets", 3],
        "deprecated": True,
        "parameters": [{"name": "name", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
                }
            }
        },
        "responses": _json({"type": "object", "properties": {"id": {"type": "string"}}}, "201"),
        "security": [{"key": []}, {"other": []}],
    }
    got, _ = _operation("/pets", "post", op)
    assert (got.operation_id, got.method_name, got.http_method, got.path) == (
        "createPet",
        "create",
        "post",
        "/pets",
    )
    assert (got.summary, got.description, got.tags, got.deprecated) == (
        "Create",
        "Makes a pet.",
        ("pets", "3"),
        True,
    )
    assert got.pointer == "/paths/~1pets/post"
    # The body's fields are named apart from the parameters.
    assert [p.name for p in got.parameters] == ["name"]
    assert got.body is not None and [f.name for f in got.body.fields] == ["body_name"]
    assert [(r.status, r.type and r.type.annotation) for r in got.responses] == [
        ("201", "models.CreatePetResponse")
    ]
    assert got.security == ((SecurityRequirement("key", ()),), ())


def test_without_an_operation_id_the_hint_comes_from_method_and_path() -> None:
    got, _ = _operation(
        "/pets",
        "get",
        {"responses": _json({"type": "object", "properties": {"n": {"type": "integer"}}})},
    )
    assert got.operation_id == "get_/pets" and got.security is None
    assert got.success is not None and got.success.type is not None
    assert got.success.type.annotation == "models.GetPetsResponse"


def test_helpers_pagination_and_waiter() -> None:
    page = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": {"type": "string"}},
            "next_cursor": {"type": "string"},
        },
    }
    params = [{"name": "cursor", "in": "query", "schema": {"type": "string"}}]
    listed, _ = _operation("/pets", "get", {"parameters": params, "responses": _json(page)})
    assert listed.pagination is not None and listed.waiter is None
    job = {"type": "object", "properties": {"status_url": {"type": "string"}}}
    started, ctx = _operation(
        "/jobs", "post", {"operationId": "startJob", "responses": _json(job, "202")}
    )
    assert started.waiter is not None and started.waiter.status_url_field == "status_url"
    assert waiter_of(started, ctx) == started.waiter


def test_the_waiter_can_be_turned_off_and_needs_status_url() -> None:
    job = {"type": "object", "properties": {"status_url": {"type": "string"}}}
    doc = document({"/jobs": {"post": {"operationId": "startJob", "responses": _json(job, "202")}}})
    ctx = context(doc, waiter="off")
    (placed,) = placements(doc, ctx)
    assert operation(placed, {}, NOBODY, doc, ctx).waiter is None
    other = {"type": "object", "properties": {"id": {"type": "string"}}}
    got, _ = _operation(
        "/jobs", "post", {"operationId": "startJob", "responses": _json(other, "202")}
    )
    assert got.waiter is None
