"""Pages of list results, and auto-pagination over all of them.

A list method returns a page holding the parsed first response; iterating it fetches the
following pages as needed and yields every item::

    page = client.chargers.list(limit=50)      # SyncPage[ChargerResponse]
    page.data, page.total                       # attributes of the parsed response
    page.items                                  # this page's items
    for charger in client.chargers.list():      # every charger, page after page
        ...
    while page.has_next_page():                 # or page by page
        page = page.get_next_page()
    for p in page.iter_pages(): ...

On the async client the method returns an :class:`AsyncPaginator` without awaiting::

    first = await client.chargers.list()        # AsyncPage[ChargerResponse]
    async for charger in client.chargers.list():
        ...

A :class:`PageSpec` tells how an operation pages: ``style="page"`` sends a 1-based page
number incremented by one per page; ``style="offset"`` sends an offset advanced by the
number of items received. Paging stops on an empty page, once ``total`` items have been
seen (when the response reports a total), or else on a page shorter than the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Generic,
    Iterator,
    Literal,
    Mapping,
    TypeVar,
)

import httpx

__all__ = ["PageSpec", "SyncPage", "AsyncPage", "AsyncPaginator"]

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class PageSpec:
    """How an operation pages.

    ``page_param`` is the query parameter that selects the page: the page number for
    ``style="page"`` (default ``"page"``), the offset for ``style="offset"`` (default
    ``"offset"``). ``limit_param`` is the page-size parameter, ``items_field`` the response
    field holding the items and ``total_field`` the one holding the total count (None when
    the response has none). The response fields named like ``page_param`` and
    ``limit_param`` are read when the request did not set them.
    """

    style: Literal["page", "offset"] = "page"
    page_param: str = field(default="")
    limit_param: str | None = "limit"
    items_field: str = "data"
    total_field: str | None = "total"

    def __post_init__(self) -> None:
        if self.style not in ("page", "offset"):
            raise ValueError(f"unknown pagination style {self.style!r}")
        if not self.page_param:
            object.__setattr__(self, "page_param", "page" if self.style == "page" else "offset")


def _field(response: object, name: str | None) -> object:
    if name is None or response is None:
        return None
    if isinstance(response, Mapping):
        return response.get(name)
    return getattr(response, name, None)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def extract_items(response: object, spec: PageSpec) -> list[Any]:
    """The items of a parsed list response (an empty list when the field is missing)."""
    items = _field(response, spec.items_field)
    if isinstance(items, list):
        return items
    if items is None:
        return []
    return list(items) if isinstance(items, (tuple, set)) else [items]


class _BasePage(Generic[ItemT]):
    response: Any
    """The parsed response of this page (``page.data`` and such forward to it)."""
    items: list[ItemT]
    """This page's items."""
    http_response: httpx.Response | None

    def __init__(
        self,
        *,
        response: Any,
        items: list[ItemT],
        spec: PageSpec,
        params: Mapping[str, object],
        http_response: httpx.Response | None = None,
        seen_before: int | None = None,
    ) -> None:
        self.response = response
        self.items = items
        self.http_response = http_response
        self._spec = spec
        self._params = dict(params)
        self._next = self._compute_next(seen_before)

    def _compute_next(self, seen_before: int | None) -> dict[str, object] | None:
        spec = self._spec
        count = len(self.items)
        total = _as_int(_field(self.response, spec.total_field))
        limit = _as_int(_field(self.response, spec.limit_param))
        if limit is None and spec.limit_param is not None:
            limit = _as_int(self._params.get(spec.limit_param))
        current = _as_int(self._params.get(spec.page_param))
        if current is None:
            current = _as_int(_field(self.response, spec.page_param))
        if spec.style == "page":
            current = 1 if current is None or current < 1 else current
            if seen_before is None:
                seen_before = (current - 1) * (limit if limit else count)
            next_value = current + 1
        else:
            current = 0 if current is None or current < 0 else current
            seen_before = current
            next_value = current + count
        self._seen = seen_before + count
        if count == 0:
            return None
        if total is not None:
            if self._seen >= total:
                return None
        elif limit is not None and count < limit:
            return None
        return {spec.page_param: next_value}

    def next_page_params(self) -> dict[str, object] | None:
        """The query parameters that select the next page, or None on the last page."""
        return None if self._next is None else dict(self._next)

    def has_next_page(self) -> bool:
        return self._next is not None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        response = self.__dict__.get("response")
        if isinstance(response, Mapping):
            if name in response:
                return response[name]
            raise AttributeError(name)
        return getattr(response, name)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} items={len(self.items)} "
            f"params={self._params!r} has_next_page={self.has_next_page()}>"
        )


class SyncPage(_BasePage[ItemT]):
    """One page of a list result; iterating it yields the items of this and all later pages."""

    def __init__(
        self,
        *,
        response: Any,
        items: list[ItemT],
        spec: PageSpec,
        params: Mapping[str, object],
        fetch: Callable[[Mapping[str, object], int], "SyncPage[ItemT]"],
        http_response: httpx.Response | None = None,
        seen_before: int | None = None,
    ) -> None:
        super().__init__(
            response=response,
            items=items,
            spec=spec,
            params=params,
            http_response=http_response,
            seen_before=seen_before,
        )
        self._fetch = fetch

    def get_next_page(self) -> "SyncPage[ItemT]":
        """Fetch the next page (check :meth:`has_next_page` first)."""
        params = self.next_page_params()
        if params is None:
            raise RuntimeError(
                "No next page expected; check `.has_next_page()` before `.get_next_page()`."
            )
        return self._fetch(params, self._seen)

    def iter_pages(self) -> Iterator["SyncPage[ItemT]"]:
        """This page, then every following page."""
        page: SyncPage[ItemT] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_BasePage[ItemT]):
    """One page of a list result on the async client; ``async for`` yields all later items too."""

    def __init__(
        self,
        *,
        response: Any,
        items: list[ItemT],
        spec: PageSpec,
        params: Mapping[str, object],
        fetch: Callable[[Mapping[str, object], int], Awaitable["AsyncPage[ItemT]"]],
        http_response: httpx.Response | None = None,
        seen_before: int | None = None,
    ) -> None:
        super().__init__(
            response=response,
            items=items,
            spec=spec,
            params=params,
            http_response=http_response,
            seen_before=seen_before,
        )
        self._fetch = fetch

    async def get_next_page(self) -> "AsyncPage[ItemT]":
        """Fetch the next page (check :meth:`has_next_page` first)."""
        params = self.next_page_params()
        if params is None:
            raise RuntimeError(
                "No next page expected; check `.has_next_page()` before `.get_next_page()`."
            )
        return await self._fetch(params, self._seen)

    async def iter_pages(self) -> AsyncIterator["AsyncPage[ItemT]"]:
        """This page, then every following page."""
        page: AsyncPage[ItemT] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPaginator(Generic[ItemT]):
    """What an async list method returns, without awaiting.

    ``await paginator`` fetches the first page (an :class:`AsyncPage`);
    ``async for item in paginator`` yields every item of every page.
    """

    def __init__(self, first_page: Callable[[], Awaitable[AsyncPage[ItemT]]]) -> None:
        self._first_page = first_page

    def __await__(self) -> Generator[Any, None, AsyncPage[ItemT]]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page = await self._first_page()
        async for item in page:
            yield item
