"""Every pagination style against a loopback server, sync and async.

Each style lists 7 items over pages of 3 (3 + 3 + 1): every item arrives exactly once and in
order, each request carries the cursor (page number, offset, id, token or next link) the
previous page called for, and an empty first page or a last page without a cursor ends it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from .faulty_server import RecordedRequest, Reply
from .helpers import Flavor, call_page

IDS = [f"it_{i}" for i in range(7)]
LIMIT = 3


def _q(req: RecordedRequest, name: str) -> str | None:
    values = req.query.get(name)
    return values[0] if values else None


def _after(cursor: str | None) -> int:
    """Index of the first item after the item with id `cursor` (0 when none)."""
    return 0 if cursor is None else IDS.index(cursor) + 1


def _items(start: int, count: int) -> list[dict[str, Any]]:
    return [{"id": i, "n": IDS.index(i)} for i in IDS[start : start + count]]


@dataclass
class Style:
    name: str
    spec: dict[str, Any]
    handler: Callable[[RecordedRequest, int], Reply]  # (request, total items) -> reply
    cursor_of: Callable[[RecordedRequest], str | None]  # what the server saw as the cursor
    expected_cursors: list[str | None]  # of the three requests of a 7-item listing


def scim(req: RecordedRequest, total: int) -> Reply:
    start = int(_q(req, "startIndex") or 1)
    count = int(_q(req, "count") or LIMIT)
    page = _items(start - 1, min(count, total - start + 1))
    return Reply(
        200,
        json={
            "Resources": page,
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(page),
        },
    )


def spotify(req: RecordedRequest, total: int) -> Reply:
    offset, limit = int(_q(req, "offset") or 0), int(_q(req, "limit") or LIMIT)
    page = _items(offset, min(limit, max(total - offset, 0)))
    more = offset + len(page) < total
    nxt = f"/spotify?offset={offset + limit}&limit={limit}" if more else None
    return Reply(
        200,
        json={"items": page, "total": total, "limit": limit, "offset": offset, "next": nxt},
    )


def stripe(req: RecordedRequest, total: int) -> Reply:
    start = _after(_q(req, "starting_after"))
    page = _items(start, min(LIMIT, max(total - start, 0)))
    return Reply(200, json={"object": "list", "data": page, "has_more": start + len(page) < total})


def openai(req: RecordedRequest, total: int) -> Reply:
    start = _after(_q(req, "after"))
    page = _items(start, min(LIMIT, max(total - start, 0)))
    return Reply(
        200,
        json={
            "object": "list",
            "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": start + len(page) < total,
        },
    )


def _token_page(token: str | None, total: int) -> tuple[list[dict[str, Any]], str | None]:
    start = int(token[4:]) if token else 0
    page = _items(start, min(LIMIT, max(total - start, 0)))
    end = start + len(page)
    return page, (f"tok-{end}" if end < total else None)


def slack(req: RecordedRequest, total: int) -> Reply:
    page, nxt = _token_page(_q(req, "cursor"), total)
    return Reply(
        200, json={"ok": True, "members": page, "response_metadata": {"next_cursor": nxt or ""}}
    )


def stripe_search(req: RecordedRequest, total: int) -> Reply:
    page, nxt = _token_page(_q(req, "page"), total)
    return Reply(
        200,
        json={
            "object": "search_result",
            "data": page,
            "has_more": nxt is not None,
            "next_page": nxt,
        },
    )


def _link_page(req: RecordedRequest, total: int) -> tuple[list[dict[str, Any]], str | None]:
    start = int(_q(req, "start") or 0)
    page = _items(start, min(LIMIT, max(total - start, 0)))
    end = start + len(page)
    return page, (f"{req.path}?start={end}&sig=x%2Cy" if end < total else None)


def body_next(req: RecordedRequest, total: int) -> Reply:
    page, nxt = _link_page(req, total)
    return Reply(200, json={"results": page, "next": nxt})


def links_next(req: RecordedRequest, total: int) -> Reply:
    page, nxt = _link_page(req, total)
    return Reply(200, json={"data": page, "links": {"next": nxt, "self": req.target}})


def hal_next(req: RecordedRequest, total: int) -> Reply:
    page, nxt = _link_page(req, total)
    links: dict[str, Any] = {"self": {"href": req.target}}
    if nxt:
        links["next"] = {"href": nxt}
    return Reply(200, json={"_embedded": {"things": page}, "_links": links})


def twilio(req: RecordedRequest, total: int) -> Reply:
    page, nxt = _link_page(req, total)
    meta = {"page_size": LIMIT, "next_page_url": nxt and f"http://{req.headers['host']}{nxt}"}
    return Reply(200, json={"calls": page, "meta": meta})


def github(req: RecordedRequest, total: int) -> Reply:
    page_no = int(_q(req, "page") or 1)
    start = (page_no - 1) * LIMIT
    page = _items(start, min(LIMIT, max(total - start, 0)))
    links = [f'<{req.path}?page=1&per_page={LIMIT}>; rel="first"']
    if start + len(page) < total:
        links.append(f'<{req.path}?page={page_no + 1}&per_page={LIMIT}>; rel="next"')
    return Reply(200, json=page, headers=[("Link", ", ".join(links))])


def discord(req: RecordedRequest, total: int) -> Reply:
    start = _after(_q(req, "after"))
    limit = int(_q(req, "limit") or 50)
    return Reply(200, json=_items(start, min(limit, max(total - start, 0))))


STYLES = [
    Style(
        "scim-startIndex-count",
        dict(
            style="offset",
            page_param="startIndex",
            limit_param="count",
            items_field="Resources",
            total_field="totalResults",
            start=1,
        ),
        scim,
        lambda r: _q(r, "startIndex"),
        [None, "4", "7"],
    ),
    Style(
        "spotify-offset-limit",
        dict(style="offset", page_param="offset", limit_param="limit", items_field="items"),
        spotify,
        lambda r: _q(r, "offset"),
        [None, "3", "6"],
    ),
    Style(
        "stripe-has_more-starting_after",
        dict(style="cursor", page_param="starting_after", has_more_field="has_more"),
        stripe,
        lambda r: _q(r, "starting_after"),
        [None, "it_2", "it_5"],
    ),
    Style(
        "openai-has_more-after-last_id",
        dict(style="cursor", page_param="after", has_more_field="has_more", cursor_field="last_id"),
        openai,
        lambda r: _q(r, "after"),
        [None, "it_2", "it_5"],
    ),
    Style(
        "slack-response_metadata.next_cursor",
        dict(
            style="token",
            page_param="cursor",
            items_field="members",
            cursor_field="response_metadata.next_cursor",
            limit_param=None,
            total_field=None,
        ),
        slack,
        lambda r: _q(r, "cursor"),
        [None, "tok-3", "tok-6"],
    ),
    Style(
        "stripe-search-next_page",
        dict(style="token", page_param="page", cursor_field="next_page", has_more_field="has_more"),
        stripe_search,
        lambda r: _q(r, "page"),
        [None, "tok-3", "tok-6"],
    ),
    Style(
        "body-next",
        dict(style="link", items_field="results", next_field="next"),
        body_next,
        lambda r: _q(r, "start"),
        [None, "3", "6"],
    ),
    Style(
        "links.next",
        dict(style="link", items_field="data", next_field="links.next"),
        links_next,
        lambda r: _q(r, "start"),
        [None, "3", "6"],
    ),
    Style(
        "_links.next.href",
        dict(style="link", items_field="_embedded.things", next_field="_links.next.href"),
        hal_next,
        lambda r: _q(r, "start"),
        [None, "3", "6"],
    ),
    Style(
        "twilio-meta.next_page_url",
        dict(style="link", items_field="calls", next_field="meta.next_page_url"),
        twilio,
        lambda r: _q(r, "start"),
        [None, "3", "6"],
    ),
    Style(
        "github-link-header",
        dict(style="link", items_field="", link_header=True, limit_param="per_page"),
        github,
        lambda r: _q(r, "page"),
        [None, "2", "3"],
    ),
    Style(
        "discord-after-window",
        dict(style="window", page_param="after", items_field="", limit_param="limit"),
        discord,
        lambda r: _q(r, "after"),
        [None, "it_2", "it_5"],
    ),
]


def _first_page(flavor: Flavor, style: Style, total: int, query: dict[str, object]) -> Any:
    path = "/" + style.name.split("-")[0].replace(".", "_")
    flavor.server.route(path, lambda req: style.handler(req, total))
    client = flavor.client()
    return path, flavor.run(
        call_page(
            client, "GET", path, page=flavor.rt.PageSpec(**style.spec), item_type=None, query=query
        )
    )


def _query(style: Style) -> dict[str, object]:
    limit = style.spec.get("limit_param", "limit")
    return {limit: LIMIT} if limit and style.name != "scim-startIndex-count" else {}


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_three_pages_every_item_once_in_order(flavor: Flavor, style: Style) -> None:
    path, first = _first_page(flavor, style, 7, _query(style))
    assert [i["id"] for i in first.items] == IDS[:3]
    assert first.has_next_page()
    items = flavor.items(first)
    assert [i["id"] for i in items] == IDS
    requests = flavor.server.requests_to(path)
    assert [style.cursor_of(r) for r in requests] == style.expected_cursors
    pages = flavor.pages(first)
    assert [len(p.items) for p in pages] == [3, 3, 1]
    assert not pages[-1].has_next_page()
    assert pages[-1].http_response is not None and pages[-1].response is not None
    with pytest.raises(RuntimeError):
        flavor.run(pages[-1].next_page())


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_empty_first_page_ends(flavor: Flavor, style: Style) -> None:
    path, first = _first_page(flavor, style, 0, _query(style))
    assert first.items == [] and not first.has_next_page()
    assert flavor.items(first) == []
    assert len(flavor.server.requests_to(path)) == 1


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_last_page_without_cursor_ends(flavor: Flavor, style: Style) -> None:
    """A listing that fits one page: no cursor (or has_more false, or a short page) ends it."""
    path, first = _first_page(flavor, style, 2, _query(style))
    assert [i["id"] for i in flavor.items(first)] == IDS[:2]
    assert len(flavor.server.requests_to(path)) == 1


def test_next_page_by_hand_carries_the_cursor(flavor: Flavor) -> None:
    style = STYLES[2]  # stripe
    _, first = _first_page(flavor, style, 7, {})
    assert first.next_page_params() == {"starting_after": "it_2"}
    second = flavor.run(first.next_page())
    assert [i["id"] for i in second.items] == IDS[3:6]


def test_next_link_url_is_resolved_against_the_response(flavor: Flavor) -> None:
    style = STYLES[6]  # body next (a relative URL with an escaped comma)
    _, first = _first_page(flavor, style, 7, {})
    assert first.next_page_params() is None
    assert first.next_page_url() == f"{flavor.server.url}/body?start=3&sig=x%2Cy"
    flavor.items(first)
    assert [r.raw_query for r in flavor.server.requests_to("/body")][1:] == [
        "start=3&sig=x%2Cy",
        "start=6&sig=x%2Cy",
    ]


def test_token_pager_stops_when_the_token_repeats(flavor: Flavor) -> None:
    flavor.server.route(
        "/loop",
        lambda req: Reply(200, json={"data": [{"id": "a"}], "next_cursor": "same"}),
    )
    client = flavor.client()
    spec = flavor.rt.PageSpec(style="token", cursor_field="next_cursor")
    first = flavor.run(call_page(client, "GET", "/loop", page=spec, item_type=None))
    assert len(flavor.items(first)) == 2  # the second page gives the token it was asked with
    assert len(flavor.server.requests_to("/loop")) == 2


def test_link_header_parsing(rt: Any) -> None:
    import httpx
    from sdkpkg._runtime.pagination import _header_next  # type: ignore[import-not-found]

    request = httpx.Request("GET", "https://api.example.com/items")

    def resp(*links: str) -> httpx.Response:
        return httpx.Response(200, headers=[("Link", v) for v in links], request=request)

    assert (
        _header_next(resp('<https://x/a?page=2>; rel="next", <https://x/a?page=9>; rel="last"'))
        == "https://x/a?page=2"
    )
    assert (
        _header_next(resp('<https://x/a?page=1>; rel="prev"', "<https://x/b>; rel=next"))
        == "https://x/b"
    )
    assert _header_next(resp('<https://x/a>; rel="prev next"')) == "https://x/a"
    assert _header_next(resp('<https://x/a>; rel="last"')) is None
    assert _header_next(resp()) is None


def test_bad_specs_are_refused(rt: Any) -> None:
    with pytest.raises(ValueError):
        rt.PageSpec(style="token")
    with pytest.raises(ValueError):
        rt.PageSpec(style="link")
    assert rt.PageSpec(style="cursor").page_param == "starting_after"
    assert rt.PageSpec(style="window").page_param == "after"
