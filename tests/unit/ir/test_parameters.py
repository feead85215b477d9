"""generator/ir/parameters.py: locations, order, names, styles, what the client sends itself."""

from __future__ import annotations

from typing import Any

from generator.config import Config
from generator.ir.model import Default, SecurityScheme
from generator.ir.naming import CALL_OPTION_NAMES, METHOD_LOCAL_NAMES
from generator.ir.parameters import ClientSent, parameters

from .spec import OK, codes, context, document

RESERVED = frozenset(CALL_OPTION_NAMES | METHOD_LOCAL_NAMES)
NOBODY = ClientSent(auth=False, headers=frozenset(), idempotency="idempotency-key")
POINTER = "/paths/~1pets~1{id}/post"


def _params(item: dict[str, Any], op: dict[str, Any], client: ClientSent = NOBODY, **top: Any):  # type: ignore[no-untyped-def]
    doc = document({"/pets/{id}": {**item, "post": op}}, **top)
    ctx = context(doc)
    got = parameters("/pets/{id}", "post", item, op, POINTER, "CreatePet", RESERVED, client, ctx)
    return got, ctx


def q(name: str, location: str = "query", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": location, "schema": {"type": "string"}, **extra}


def test_in_path_query_header_cookie_order_with_path_params_always_required() -> None:
    op = {"parameters": [q("sid", "cookie"), q("X-Trace", "header"), q("limit"), q("id", "path")]}
    (params, handled), _ = _params({}, {**op, "responses": OK})
    assert [(p.name, p.location, p.required) for p in params] == [
        ("id", "path", True),
        ("limit", "query", False),
        ("x_trace", "header", False),
        ("sid", "cookie", False),
    ]
    assert handled == ()


def test_path_level_parameters_are_overridden_by_the_operation_by_name_and_location() -> None:
    item = {"parameters": [q("id", "path"), q("limit", description="path level")]}
    op = {
        "parameters": [
            q("limit", required=True, description="operation level"),
            q("limit", "header"),
        ]
    }
    (params, _), _ = _params(item, op)
    assert [(p.wire_name, p.location, p.required, p.description, p.pointer) for p in params] == [
        ("id", "path", True, "", "/paths/~1pets~1{id}/parameters/0"),
        ("limit", "query", True, "operation level", f"{POINTER}/parameters/0"),
        ("limit", "header", False, "", f"{POINTER}/parameters/1"),
    ]
    # Two parameters spelled the same get apart: the second takes its location.
    assert [p.name for p in params] == ["id", "limit", "header_limit"]


def test_a_referenced_parameter_is_located_at_its_component() -> None:
    op = {"parameters": [{"$ref": "#/components/parameters/Limit"}, {"$ref": "#/nowhere"}, {}]}
    (params, _), _ = _params(
        {}, op, components={"parameters": {"Limit": q("limit", schema={"type": "integer"})}}
    )
    assert [(p.name, p.pointer, p.type.annotation) for p in params] == [
        ("limit", "/components/parameters/Limit", "int")
    ]


def test_style_explode_deprecated_and_constraints() -> None:
    op = {
        "parameters": [
            q(
                "tags",
                style="form",
                explode=False,
                deprecated=True,
                schema={"type": "array", "items": {"type": "string"}, "maxItems": 5},
            ),
            q(
                "sort",
                style="deepObject",
                explode="yes",
                schema={"type": "string", "default": "asc", "maxLength": 4},
            ),
        ]
    }
    (params, _), _ = _params({}, op)
    tags, sort = params
    assert (tags.style, tags.explode, tags.deprecated, tags.constraints.max_items) == (
        "form",
        False,
        True,
        5,
    )
    assert tags.type.annotation == "list[str]"
    assert (sort.style, sort.explode, sort.deprecated) == ("deepObject", None, False)
    assert (sort.constraints.default, sort.constraints.max_length) == (Default("asc"), 4)


def test_a_parameter_given_by_content_takes_its_first_media_schema() -> None:
    op = {
        "parameters": [
            {
                "name": "filter",
                "in": "query",
                "content": {"application/json": {"schema": {"type": "integer"}}},
            },
            {"name": "bare", "in": "query"},
        ]
    }
    (params, _), _ = _params({}, op)
    assert [(p.name, p.type.annotation) for p in params] == [("filter", "int"), ("bare", "Any")]


def test_an_unsupported_location_is_skipped_with_a_located_warning() -> None:
    (params, _), ctx = _params({}, {"parameters": [q("payload", "body"), q("limit")]})
    assert [p.name for p in params] == ["limit"]
    assert [(s.kind, s.pointer) for s in ctx.skipped] == [("parameter", f"{POINTER}/parameters/0")]
    assert codes(ctx) == [("skipped", f"{POINTER}/parameters/0")]


def test_names_clash_with_call_options_or_the_body_argument() -> None:
    op = {
        "parameters": [
            q("timeout"),
            q("body"),
            q("self", "header"),
            q("Page-Size"),
            q("page_size"),
        ],
        "requestBody": {},
    }
    (params, _), _ = _params({}, op)
    assert [p.name for p in params] == [
        "query_timeout",
        "query_body",
        "page_size",
        "query_page_size",
        "header_self",
    ]


def test_headers_the_client_sends_itself() -> None:
    client = ClientSent.of(
        Config(client_headers=("X-Org",)),
        document(),
        (SecurityScheme(name="b", key="b", kind="bearer"),),
    )
    headers = ["Authorization", "x-org", "Accept", "Content-Type", "Idempotency-Key", "X-Other"]
    (params, handled), _ = _params({}, {"parameters": [q(h, "header") for h in headers]}, client)
    assert [p.wire_name for p in params] == ["X-Other"]
    assert handled == (
        ("Authorization", "sent by the client's auth (token=...)"),
        ("x-org", "set once on the client"),
        ("Accept", "set by the client from the media type"),
        ("Content-Type", "set by the client from the media type"),
        ("Idempotency-Key", "sent by the client (the idempotency_key argument)"),
    )


def test_authorization_is_an_argument_without_an_auth_scheme_and_idempotency_on_get() -> None:
    assert NOBODY.reason("header", "Authorization", "post") == ""
    assert NOBODY.reason("header", "Idempotency-Key", "get") == ""
    assert NOBODY.reason("query", "accept", "post") == ""
    apikey_only = ClientSent.of(
        Config(), document(), (SecurityScheme(name="k", key="k", kind="api_key"),)
    )
    assert not apikey_only.auth


def test_the_idempotency_header_from_config_then_document_then_default() -> None:
    assert ClientSent.of(Config(), document(), ()).idempotency == "idempotency-key"
    doc = document(**{"x-idempotency-header": "X-Request-Id"})
    assert ClientSent.of(Config(), doc, ()).idempotency == "x-request-id"
    assert ClientSent.of(Config(idempotency_header="Once"), doc, ()).idempotency == "once"


def test_a_pattern_needing_backtracking_is_not_enforced_and_said_so() -> None:
    op = {"parameters": [q("code", schema={"type": "string", "pattern": r"^(a)\1$"})]}
    (params, _), ctx = _params({}, op)
    assert params[0].constraints.pattern is None
    assert codes(ctx) == [("pattern-not-enforced", f"{POINTER}/parameters/0/schema/pattern")]
