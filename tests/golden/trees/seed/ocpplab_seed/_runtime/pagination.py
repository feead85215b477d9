"""Pages of list results, and auto-pagination over all of them.

A list method returns a page holding the parsed first response; iterating it fetches the
following pages as needed and yields every item::

    page = client.chargers.list(limit=50)      # SyncPage[ChargerResponse]
    page.data, page.total                       # attributes of the parsed response
    page.items                                  # this page's items
    page.response, page.http_response           # the raw page: parsed body, httpx response
    for charger in client.chargers.list():      # every charger, page after page
        ...
    while page.has_next_page():                 # or page by page
        page = page.next_page()                 # (also spelled get_next_page())
    for p in page.iter_pages(): ...

On the async client the method returns an :class:`AsyncPaginator` without awaiting::

    first = await client.chargers.list()        # AsyncPage[ChargerResponse]
    async for charger in client.chargers.list():
        ...

A :class:`PageSpec` tells how an operation pages (``style``):

- ``"page"``: a page number (``start``, default 1) incremented by one per page;
- ``"offset"``: an offset (``start``, default 0) advanced by the number of items received;
  paging stops on an empty page, once ``total`` items have been seen (when the response
  reports a total), or else on a page shorter than the limit;
- ``"cursor"``: the next request carries the last item's ``id_field`` (or the response's
  ``cursor_field``) in ``page_param`` (``starting_after``, ``after``); stops when
  ``has_more_field`` is false or on an empty (or short) page;
- ``"token"``: the next request carries the token the response holds at ``cursor_field``
  (``next_cursor``, ``response_metadata.next_cursor``, ``next_page``); stops when it is
  missing or empty (or ``has_more_field`` is false);
- ``"link"``: the next request is a GET of the URL the response holds at ``next_field``
  (``next``, ``links.next``, ``_links.next.href``, ``meta.next_page_url``) or, with
  ``link_header=True``, of the ``Link: <...>; rel="next"`` header (RFC 8288); stops when
  there is none;
- ``"window"``: a bare list whose next request carries the last item's ``id_field`` in
  ``page_param`` (``after``/``before`` windows); stops on an empty or short page.

Field names may be dotted paths into the response (``response_metadata.next_cursor``);
``items_field=""`` means the response itself is the list.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from dataclasses import dataclass, field
from typing import (
    Any,
    Generic,
    Literal,
    TypeVar,
)

import httpx

__all__ = ["AsyncPage", "AsyncPaginator", "NextRequest", "PageSpec", "SyncPage"]

ItemT = TypeVar("ItemT")


STYLES = ("page", "offset", "cursor", "token", "link", "window")
_DEFAULT_PARAM = {"page": "page", "offset": "offset", "cursor": "starting_after", "token": "cursor"}
_DEFAULT_PARAM.update({"window": "after", "link": ""})


@dataclass(frozen=True)
class PageSpec:
    """How an operation pages (see the module docstring for each ``style``).

    ``page_param`` is the query parameter that selects the page (page number, offset,
    cursor or token; unused by ``"link"``). ``limit_param`` is the page-size parameter,
    ``items_field`` the response field holding the items (``""``: the response is the list)
    and ``total_field`` the one holding the total count (None when the response has none).
    The response fields named like ``page_param`` and ``limit_param`` are read when the
    request did not set them.
    """

    style: Literal["page", "offset", "cursor", "token", "link", "window"] = "page"
    page_param: str = field(default="")
    limit_param: str | None = "limit"
    items_field: str = "data"
    total_field: str | None = "total"
    has_more_field: str | None = None
    cursor_field: str | None = None
    next_field: str | None = None
    link_header: bool = False
    id_field: str = "id"
    start: int | None = None

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"unknown pagination style {self.style!r}")
        if not self.page_param:
            object.__setattr__(self, "page_param", _DEFAULT_PARAM[self.style])
        if self.style == "token" and not self.cursor_field:
            raise ValueError("a token pager needs cursor_field (where the next token is)")
        if self.style == "link" and not self.next_field and not self.link_header:
            raise ValueError("a link pager needs next_field or link_header=True")


@dataclass(frozen=True)
class NextRequest:
    """What selects the next page: query parameters to override, or a URL to GET."""

    params: Mapping[str, object] | None = None
    url: str | None = None


def _field(response: object, name: str | None) -> object:
    """The value at a (dotted) field of a parsed response (None when absent)."""
    if name is None or response is None:
        return None
    if not name:
        return response
    value: object = response
    for part in name.split("."):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(part)
        else:
            value = getattr(value, part, None)
    return value


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


def _as_token(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(getattr(value, "value", value))
    return text or None


def extract_items(response: object, spec: PageSpec) -> list[Any]:
    """The items of a parsed list response (an empty list when the field is missing)."""
    items = _field(response, spec.items_field)
    if isinstance(items, list):
        return items
    if items is None:
        return []
    root = getattr(items, "root", None)  # a pydantic RootModel of a list
    if isinstance(root, list):
        return root
    return list(items) if isinstance(items, (tuple, set)) else [items]


class _BasePage(Generic[ItemT]):
    response: Any
    """The parsed response of this page (``page.data`` and such forward to it)."""
    items: list[ItemT]
    """This page's items."""
    http_response: httpx.Response | None
    """The HTTP response of this page (headers, status)."""

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
        self._seen = (seen_before or 0) + len(items)
        self._next = self._compute_next(seen_before)

    def _compute_next(self, seen_before: int | None) -> NextRequest | None:
        style = self._spec.style
        if style in ("page", "offset"):
            params = self._numbered_next(seen_before)
            return None if params is None else NextRequest(params=params)
        if style == "link":
            return self._link_next()
        return self._cursor_next()

    def _limit(self) -> int | None:
        spec = self._spec
        limit = _as_int(_field(self.response, spec.limit_param))
        if limit is None and spec.limit_param is not None:
            limit = _as_int(self._params.get(spec.limit_param))
        return limit

    def _says_no_more(self) -> bool:
        name = self._spec.has_more_field
        if not name:
            return False
        value = _field(self.response, name)
        return value is not None and not value

    def _numbered_next(self, seen_before: int | None) -> dict[str, object] | None:
        spec = self._spec
        count = len(self.items)
        total = _as_int(_field(self.response, spec.total_field))
        limit = self._limit()
        current = _as_int(self._params.get(spec.page_param))
        if current is None:
            current = _as_int(_field(self.response, spec.page_param))
        if spec.style == "page":
            first = 1 if spec.start is None else spec.start
            current = first if current is None or current < first else current
            if seen_before is None:
                seen_before = (current - first) * (limit if limit else count)
            next_value = current + 1
        else:
            first = 0 if spec.start is None else spec.start
            current = first if current is None or current < first else current
            seen_before = current - first
            next_value = current + count
        self._seen = seen_before + count
        if count == 0 or self._says_no_more():
            return None
        if total is not None:
            if self._seen >= total:
                return None
        elif limit is not None and count < limit:
            return None
        return {spec.page_param: next_value}

    def _cursor_next(self) -> NextRequest | None:
        spec = self._spec
        count = len(self.items)
        if self._says_no_more():
            return None
        if spec.style == "token":
            token = _as_token(_field(self.response, spec.cursor_field))
            if token is None or token == _as_token(self._params.get(spec.page_param)):
                return None
            return NextRequest(params={spec.page_param: token})
        # "cursor" and "window": the last item's id (or the response's cursor field)
        if count == 0:
            return None
        if spec.cursor_field:
            cursor = _as_token(_field(self.response, spec.cursor_field))
        else:
            cursor = _as_token(_field(self.items[-1], spec.id_field))
        if cursor is None or cursor == _as_token(self._params.get(spec.page_param)):
            return None
        has_more = _field(self.response, spec.has_more_field) if spec.has_more_field else None
        limit = self._limit()
        if not has_more and limit is not None and count < limit:
            return None
        return NextRequest(params={spec.page_param: cursor})

    def _link_next(self) -> NextRequest | None:
        spec = self._spec
        if spec.next_field:
            target = _as_token(_field(self.response, spec.next_field))
        else:
            target = _header_next(self.http_response)
        if target is None:
            return None
        if self.http_response is not None:
            current = self.http_response.request.url
            url = current.join(target)
            if url == current:
                return None
            target = str(url)
        return NextRequest(url=target)

    def next_page_params(self) -> dict[str, object] | None:
        """The query parameters that select the next page, or None on the last page (and
        for pages reached through a next link: see :meth:`next_page_url`)."""
        if self._next is None or self._next.params is None:
            return None
        return dict(self._next.params)

    def next_page_url(self) -> str | None:
        """The URL of the next page when the API gives next links, else None."""
        return None if self._next is None else self._next.url

    def has_next_page(self) -> bool:
        return self._next is not None

    def _next_request(self) -> NextRequest:
        if self._next is None:
            raise RuntimeError(
                "No next page expected; check `.has_next_page()` before `.get_next_page()`."
            )
        return self._next

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


def _header_next(response: httpx.Response | None) -> str | None:
    """The ``rel="next"`` target of the response's ``Link`` headers (RFC 8288)."""
    if response is None:
        return None
    for value in response.headers.get_list("link"):
        for part in value.split(","):
            target, _, params = part.partition(";")
            target = target.strip()
            if not (target.startswith("<") and target.endswith(">")):
                continue
            for param in params.split(";"):
                key, _, rel = param.strip().partition("=")
                if (
                    key.strip().lower() == "rel"
                    and "next" in rel.strip().strip('"').lower().split()
                ):
                    return target[1:-1].strip() or None
    return None


class SyncPage(_BasePage[ItemT]):
    """One page of a list result; iterating it yields the items of this and all later pages."""

    def __init__(
        self,
        *,
        response: Any,
        items: list[ItemT],
        spec: PageSpec,
        params: Mapping[str, object],
        fetch: Callable[[NextRequest, int], SyncPage[ItemT]],
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

    def get_next_page(self) -> SyncPage[ItemT]:
        """Fetch the next page (check :meth:`has_next_page` first)."""
        return self._fetch(self._next_request(), self._seen)

    def next_page(self) -> SyncPage[ItemT]:
        """The same as :meth:`get_next_page`."""
        return self.get_next_page()

    def iter_pages(self) -> Iterator[SyncPage[ItemT]]:
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
        fetch: Callable[[NextRequest, int], Awaitable[AsyncPage[ItemT]]],
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

    async def get_next_page(self) -> AsyncPage[ItemT]:
        """Fetch the next page (check :meth:`has_next_page` first)."""
        return await self._fetch(self._next_request(), self._seen)

    async def next_page(self) -> AsyncPage[ItemT]:
        """The same as :meth:`get_next_page`."""
        return await self.get_next_page()

    async def iter_pages(self) -> AsyncIterator[AsyncPage[ItemT]]:
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
