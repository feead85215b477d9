"""Pagination: page and offset styles, stop conditions, sync and async."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic
import pytest

from .faulty_server import RecordedRequest, Reply
from .helpers import Flavor, call_page


class Item(pydantic.BaseModel):
    id: int


class ItemList(pydantic.BaseModel):
    data: list[Item]
    total: int
    page: int
    limit: int


class LogList(pydantic.BaseModel):
    data: list[Item]
    total: int
    limit: int
    offset: int


def _int(req: RecordedRequest, name: str, default: int) -> int:
    return int(req.query.get(name, [str(default)])[0])


def page_server(
    count: int, *, total: int | None = None, send_total: bool = True
) -> Callable[..., Reply]:
    def handler(req: RecordedRequest) -> Reply:
        page, limit = _int(req, "page", 1), _int(req, "limit", 3)
        ids = list(range(count))[(page - 1) * limit : page * limit]
        body: dict[str, Any] = {"data": [{"id": i} for i in ids], "page": page, "limit": limit}
        if send_total:
            body["total"] = count if total is None else total
        return Reply(200, json=body)

    return handler


def offset_server(count: int) -> Callable[..., Reply]:
    def handler(req: RecordedRequest) -> Reply:
        offset, limit = _int(req, "offset", 0), _int(req, "limit", 3)
        ids = list(range(count))[offset : offset + limit]
        return Reply(
            200,
            json={
                "data": [{"id": i} for i in ids],
                "total": count,
                "limit": limit,
                "offset": offset,
            },
        )

    return handler


def _page_spec(rt: Any) -> Any:
    return rt.PageSpec(
        style="page",
        page_param="page",
        limit_param="limit",
        items_field="data",
        total_field="total",
    )


def test_page_style_across_three_pages(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(7))
    client = flavor.client()
    paginator = call_page(
        client,
        "GET",
        "/items",
        page=_page_spec(flavor.rt),
        item_type=Item,
        response_type=ItemList,
        query={"limit": 3, "page": flavor.rt.omit},
    )
    first = flavor.run(paginator)
    assert isinstance(first, flavor.rt.AsyncPage if flavor.is_async else flavor.rt.SyncPage)
    assert isinstance(first.response, ItemList)
    assert first.total == 7 and first.page == 1 and first.data == first.items
    assert first.items == [Item(id=0), Item(id=1), Item(id=2)]
    assert first.has_next_page() and first.next_page_params() == {"page": 2}

    items = flavor.items(paginator if flavor.is_async else first)
    assert [i.id for i in items] == list(range(7))
    requests = flavor.server.requests_to("/items")
    queries = [r.query for r in requests]
    if flavor.is_async:  # the paginator fetched the first page again for `async for`
        queries = queries[1:]
    assert queries == [
        {"limit": ["3"]},
        {"limit": ["3"], "page": ["2"]},
        {"limit": ["3"], "page": ["3"]},
    ]
    assert all(r.header("authorization") == "Bearer tok" for r in requests)


def test_page_by_page(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(7))
    client = flavor.client()
    first = flavor.run(
        call_page(
            client,
            "GET",
            "/items",
            page=_page_spec(flavor.rt),
            item_type=Item,
            response_type=ItemList,
            query={"limit": 3},
        )
    )
    pages = flavor.pages(first)
    assert [[i.id for i in p.items] for p in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError):
        flavor.run(pages[-1].get_next_page())
    second = flavor.run(first.get_next_page())
    assert second.page == 2


def test_stops_at_total_without_fetching_an_empty_page(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(6))
    client = flavor.client()
    first = flavor.run(
        call_page(
            client,
            "GET",
            "/items",
            page=_page_spec(flavor.rt),
            item_type=Item,
            response_type=ItemList,
            query={"limit": 3},
        )
    )
    assert len(flavor.items(first)) == 6
    assert len(flavor.server.requests_to("/items")) == 2


def test_stops_on_an_empty_page_when_total_is_wrong(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(5, total=1000))
    client = flavor.client()
    first = flavor.run(
        call_page(
            client,
            "GET",
            "/items",
            page=_page_spec(flavor.rt),
            item_type=Item,
            response_type=ItemList,
            query={"limit": 3},
        )
    )
    assert [i.id for i in flavor.items(first)] == [0, 1, 2, 3, 4]
    assert len(flavor.server.requests_to("/items")) == 3  # pages 1, 2 and an empty page 3


def test_without_total_stops_on_a_short_page(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(5, send_total=False))
    client = flavor.client()
    spec = flavor.rt.PageSpec(
        style="page", page_param="page", limit_param="limit", total_field=None
    )
    first = flavor.run(
        call_page(client, "GET", "/items", page=spec, item_type=Item, query={"limit": 3})
    )
    assert [i.id for i in flavor.items(first)] == [0, 1, 2, 3, 4]
    assert len(flavor.server.requests_to("/items")) == 2


def test_without_total_stops_on_an_empty_page(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(6, send_total=False))
    client = flavor.client()
    spec = flavor.rt.PageSpec(
        style="page", page_param="page", limit_param="limit", total_field=None
    )
    first = flavor.run(
        call_page(client, "GET", "/items", page=spec, item_type=Item, query={"limit": 3})
    )
    assert isinstance(first.items[0], Item)  # no response_type: items parsed with item_type
    assert isinstance(first.response, dict)
    assert len(flavor.items(first)) == 6
    assert len(flavor.server.requests_to("/items")) == 3


def test_offset_style_across_three_pages(flavor: Flavor) -> None:
    flavor.server.route("/logs", offset_server(8))
    client = flavor.client()
    spec = flavor.rt.PageSpec(style="offset", page_param="offset", limit_param="limit")
    paginator = call_page(
        client, "GET", "/logs", page=spec, item_type=Item, response_type=LogList, query={"limit": 3}
    )
    first = flavor.run(paginator)
    assert first.offset == 0 and first.next_page_params() == {"offset": 3}
    assert [i.id for i in flavor.items(first)] == list(range(8))
    offsets = [r.query.get("offset") for r in flavor.server.requests_to("/logs")]
    assert offsets == [None, ["3"], ["6"]]


def test_offset_style_starting_later_and_stopping_at_total(flavor: Flavor) -> None:
    flavor.server.route("/logs", offset_server(9))
    client = flavor.client()
    spec = flavor.rt.PageSpec(style="offset", page_param="offset")
    first = flavor.run(
        call_page(
            client,
            "GET",
            "/logs",
            page=spec,
            item_type=Item,
            response_type=LogList,
            query={"limit": 3, "offset": 3},
        )
    )
    assert [i.id for i in flavor.items(first)] == [3, 4, 5, 6, 7, 8]
    offsets = [r.query["offset"] for r in flavor.server.requests_to("/logs")]
    assert offsets == [["3"], ["6"]]


def test_page_param_given_in_extra_query_is_advanced(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(7))
    client = flavor.client()
    first = flavor.run(
        call_page(
            client,
            "GET",
            "/items",
            page=_page_spec(flavor.rt),
            item_type=Item,
            response_type=ItemList,
            query={"limit": 3},
            extra_query={"page": 2, "tag": "x"},
        )
    )
    assert [i.id for i in flavor.items(first)] == [3, 4, 5, 6]
    assert [r.query for r in flavor.server.requests_to("/items")] == [
        {"limit": ["3"], "page": ["2"], "tag": ["x"]},
        {"limit": ["3"], "page": ["3"], "tag": ["x"]},
    ]


def test_empty_first_page(flavor: Flavor) -> None:
    flavor.server.script("/items", Reply(200, json={"data": [], "total": 0, "page": 1, "limit": 3}))
    client = flavor.client()
    first = flavor.run(
        call_page(
            client,
            "GET",
            "/items",
            page=_page_spec(flavor.rt),
            item_type=Item,
            response_type=ItemList,
        )
    )
    assert first.items == [] and not first.has_next_page()
    assert flavor.items(first) == []


def test_next_pages_are_retried_and_raise(flavor: Flavor) -> None:
    handler = page_server(7)
    calls = {"n": 0}

    def flaky(req: RecordedRequest) -> Reply:
        calls["n"] += 1
        if calls["n"] == 2:
            return Reply(503)
        if calls["n"] >= 4:
            return Reply(404, json={"detail": "gone"})
        return handler(req)

    flavor.server.route("/items", flaky)
    client = flavor.client()
    first = flavor.run(
        call_page(
            client,
            "GET",
            "/items",
            page=_page_spec(flavor.rt),
            item_type=Item,
            response_type=ItemList,
            query={"limit": 3},
        )
    )
    second = flavor.run(first.get_next_page())  # 503 then 200
    assert [i.id for i in second.items] == [3, 4, 5]
    with pytest.raises(flavor.rt.NotFoundError):
        flavor.run(second.get_next_page())


@pytest.mark.parametrize("flavor", ["async"], indirect=True)
def test_async_paginator_is_returned_without_await(flavor: Flavor) -> None:
    flavor.server.route("/items", page_server(4))
    client = flavor.client()
    paginator = call_page(
        client,
        "GET",
        "/items",
        page=_page_spec(flavor.rt),
        item_type=Item,
        response_type=ItemList,
        query={"limit": 3},
    )
    assert isinstance(paginator, flavor.rt.AsyncPaginator)
    assert flavor.server.requests == []  # nothing sent until awaited or iterated
    assert [i.id for i in flavor.items(paginator)] == [0, 1, 2, 3]
    page = flavor.run(paginator)
    assert [i.id for i in flavor.items(page)] == [0, 1, 2, 3]


def test_page_spec_defaults(rt: Any) -> None:
    assert rt.PageSpec().page_param == "page"
    assert rt.PageSpec(style="offset").page_param == "offset"
    with pytest.raises(ValueError):
        rt.PageSpec(style="bogus")


def test_each_page_of_a_post_list_gets_its_own_idempotency_key(flavor: Flavor) -> None:
    flavor.server.route("/search", page_server(5), method="POST")
    client = flavor.client(idempotency_header="Idempotency-Key")
    first = flavor.run(
        call_page(
            client,
            "POST",
            "/search",
            page=_page_spec(flavor.rt),
            item_type=Item,
            response_type=ItemList,
            query={"limit": 3},
            json_body={"q": "x"},
            idempotency_key="first-page",
        )
    )
    assert len(flavor.items(first)) == 5
    keys = [r.header("Idempotency-Key") for r in flavor.server.requests_to("/search")]
    assert keys[0] == "first-page" and keys[1] not in (None, "first-page")
    assert all(r.json() == {"q": "x"} for r in flavor.server.requests_to("/search"))
