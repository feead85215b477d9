"""``with_raw_response``: the contextvar wrappers return APIResponse objects."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import pydantic
import pytest

from .faulty_server import Reply
from .helpers import Flavor, call_page, call_request


class Thing(pydantic.BaseModel):
    id: str
    size: int


def _resources(flavor: Flavor, client: Any) -> Any:
    """A hand-written stand-in for a generated resource with ``with_raw_response``."""
    rt = flavor.rt
    page = rt.PageSpec(style="page", page_param="page", limit_param="limit")

    if flavor.is_async:

        class AsyncThings:
            def __init__(self, client: Any) -> None:
                self._client = client

            async def get(self, thing_id: str) -> Thing:
                return await call_request(
                    self._client,
                    "GET",
                    "/things/{id}",
                    path_params={"id": thing_id},
                    response_type=Thing,
                )

            def list(self) -> Any:
                return call_page(
                    self._client,
                    "GET",
                    "/things",
                    page=page,
                    item_type=Thing,
                    response_type=dict[str, Any],
                )

            @functools.cached_property
            def with_raw_response(self) -> Any:
                return _Raw(self, rt.async_to_raw_response_wrapper)

        return AsyncThings(client)

    class Things:
        def __init__(self, client: Any) -> None:
            self._client = client

        def get(self, thing_id: str) -> Thing:
            return call_request(
                self._client,
                "GET",
                "/things/{id}",
                path_params={"id": thing_id},
                response_type=Thing,
            )

        def list(self) -> Any:
            return call_page(
                self._client,
                "GET",
                "/things",
                page=page,
                item_type=Thing,
                response_type=dict[str, Any],
            )

        @functools.cached_property
        def with_raw_response(self) -> Any:
            return _Raw(self, rt.to_raw_response_wrapper)

    return Things(client)


class _Raw:
    def __init__(self, resource: Any, wrap: Any) -> None:
        self.get = wrap(resource.get)
        self.list = wrap(resource.list)


def test_raw_response_wraps_the_parsed_value(flavor: Flavor) -> None:
    flavor.server.script(
        "/things/t1", Reply(503), Reply(200, json={"id": "t1", "size": 3}, headers={"X-Req": "7"})
    )
    client = flavor.client()
    things = _resources(flavor, client)
    raw = flavor.run(things.with_raw_response.get("t1"))
    assert isinstance(raw, flavor.rt.APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-req"] == "7"
    assert raw.http_response.json() == {"id": "t1", "size": 3}
    assert raw.retries_taken == 1
    assert raw.method == "GET" and raw.url.path == "/things/t1"
    parsed = raw.parse()
    assert parsed == Thing(id="t1", size=3)
    assert raw.parsed is parsed  # parsed once

    # the flag does not leak: the next plain call returns the model
    assert flavor.run(things.get("t1")) == Thing(id="t1", size=3)


def test_raw_response_still_raises_status_errors(flavor: Flavor) -> None:
    flavor.server.script("/things/t2", Reply(404, json={"detail": "gone"}))
    things = _resources(flavor, flavor.client())
    with pytest.raises(flavor.rt.NotFoundError):
        flavor.run(things.with_raw_response.get("t2"))


def test_raw_response_of_a_paginated_list(flavor: Flavor) -> None:
    def handler(req: Any) -> Reply:
        page = int(req.query.get("page", ["1"])[0])
        data = [{"id": f"t{page}", "size": page}] if page <= 2 else []
        return Reply(200, json={"data": data, "total": 2, "page": page, "limit": 1})

    flavor.server.route("/things", handler)
    things = _resources(flavor, flavor.client())
    raw = flavor.run(things.with_raw_response.list())
    assert isinstance(raw, flavor.rt.APIResponse)
    assert raw.status_code == 200
    page = raw.parse()
    assert page.items == [Thing(id="t1", size=1)]
    # following pages are fetched normally (not raw)
    assert [t.id for t in flavor.items(page)] == ["t1", "t2"]
    assert len(flavor.server.requests_to("/things")) == 2


def test_wrapper_keeps_the_function_metadata(rt: Any) -> None:
    def get(thing_id: str) -> Thing:
        """Doc."""
        raise AssertionError("not called")

    wrapped = rt.to_raw_response_wrapper(get)
    assert wrapped.__name__ == "get" and wrapped.__doc__ == "Doc."
    assert rt.async_to_raw_response_wrapper(get).__name__ == "get"


def test_wrapper_without_request_is_an_error(rt: Any) -> None:
    """Each of the four wrappers names the function that made no request it could wrap, and
    leaves no marker behind: the next plain call is not consumed as raw or streamed."""

    def plain() -> int:
        return 1

    async def aplain() -> int:
        return 1

    raw = "made no request that could return a raw response"
    streamed = "made no request that could stream its response"
    with pytest.raises(TypeError, match=f"plain {raw}"):
        rt.to_raw_response_wrapper(plain)()
    with pytest.raises(TypeError, match=f"plain {streamed}"):
        rt.to_streamed_response_wrapper(plain)()
    with pytest.raises(TypeError, match=f"aplain {raw}"):
        asyncio.run(rt.async_to_raw_response_wrapper(aplain)())
    with pytest.raises(TypeError, match=f"aplain {streamed}"):
        asyncio.run(rt.async_to_streamed_response_wrapper(aplain)())
    response_module = rt._response
    assert not response_module.consume_raw_response_request()
    assert not response_module.consume_streaming_response_request()
