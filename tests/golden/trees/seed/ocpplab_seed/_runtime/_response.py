"""Raw responses: the HTTP response next to the parsed value.

Every resource offers ``with_raw_response``, whose methods return an :class:`APIResponse`
instead of the parsed value::

    response = client.items.with_raw_response.get("item-1")
    response.status_code, response.headers["x-request-id"]
    item = response.parse()

The wrappers set a context variable that the client reads (and consumes) on its next
request, so the wrapped method itself does not change.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import (
    Any,
    Generic,
    ParamSpec,
    TypeVar,
    cast,
)

import httpx

from ._exceptions import too_deep_error
from ._parse import decode_json

__all__ = [
    "APIResponse",
    "AsyncStreamedAPIResponse",
    "StreamedAPIResponse",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "consume_raw_response_request",
    "consume_streaming_response_request",
    "decode_json_body",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

_UNSET: Any = object()


class _RawRequest:
    """One ``with_raw_response`` call: its first request returns an APIResponse."""

    __slots__ = ("consumed",)

    def __init__(self) -> None:
        self.consumed = False


_raw_request: contextvars.ContextVar[_RawRequest | None] = contextvars.ContextVar(
    "apigen_raw_response", default=None
)


_streaming_request: contextvars.ContextVar[_RawRequest | None] = contextvars.ContextVar(
    "apigen_streaming_response", default=None
)


def _consume(request: contextvars.ContextVar[_RawRequest | None]) -> bool:
    marker = request.get()
    if marker is None or marker.consumed:
        return False
    marker.consumed = True
    return True


def consume_streaming_response_request() -> bool:
    """True (once) when the current call was made through a ``with_streaming_response`` wrapper
    (the body is then left unread for the caller to stream)."""
    return _consume(_streaming_request)


def consume_raw_response_request() -> bool:
    """True (once) when the current call was made through a ``with_raw_response`` wrapper."""
    return _consume(_raw_request)


def decode_json_body(response: httpx.Response) -> Any:
    """The JSON of ``response``; ``ValueError`` when it is not JSON and
    ``APIResponseValidationError`` (never ``RecursionError``) when it nests too deeply."""
    try:
        return decode_json(response.content)
    except RecursionError:
        raise too_deep_error(response) from None


class APIResponse(Generic[T]):
    """An HTTP response and the (lazily) parsed value of its body."""

    http_response: httpx.Response
    retries_taken: int

    def __init__(
        self, http_response: httpx.Response, parser: Callable[[], T], *, retries_taken: int = 0
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._parser = parser
        self._parsed: Any = _UNSET

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def url(self) -> httpx.URL:
        return self.http_response.request.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        """The body decoded as JSON (``APIResponseValidationError`` when it nests too deeply
        to decode, never ``RecursionError``)."""
        return decode_json_body(self.http_response)

    def parse(self) -> T:
        """The body parsed as the method's return type (computed once)."""
        if self._parsed is _UNSET:
            self._parsed = self._parser()
        return cast(T, self._parsed)

    @property
    def parsed(self) -> T:
        return self.parse()

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url}>"


def to_raw_response_wrapper(fn: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap a sync method so that it returns an :class:`APIResponse` of its value."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        result = _call_marked(_raw_request, fn, args, kwargs)
        return cast(APIResponse[R], _expect(fn, result, APIResponse, "return a raw response"))

    return wrapped


def async_to_raw_response_wrapper(
    fn: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """Wrap an async method (or one returning an awaitable, like a paginator) so that it
    returns an :class:`APIResponse` of its value."""

    @functools.wraps(fn)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        result = await _await_marked(_raw_request, fn, args, kwargs)
        return cast(APIResponse[R], _expect(fn, result, APIResponse, "return a raw response"))

    return wrapped


def _call_marked(
    marker: contextvars.ContextVar[_RawRequest | None],
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """``fn(*args, **kwargs)`` with a fresh ``marker`` set for the request it makes."""
    token = marker.set(_RawRequest())
    try:
        return fn(*args, **kwargs)
    finally:
        marker.reset(token)


async def _await_marked(
    marker: contextvars.ContextVar[_RawRequest | None],
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """:func:`_call_marked`, awaiting the result when it is awaitable (a paginator is)."""
    token = marker.set(_RawRequest())
    try:
        result = fn(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result
    finally:
        marker.reset(token)


def _expect(fn: Callable[..., Any], result: object, expected: type, what: str) -> object:
    """``result``, when the wrapped ``fn`` returned an ``expected`` (its request was marked)."""
    if not isinstance(result, expected):
        name = getattr(fn, "__qualname__", None) or repr(fn)
        raise TypeError(f"{name} made no request that could {what}")
    return result


class _UnreadAPIResponse(APIResponse[T]):
    """A response whose body is left unread; ``read_before_parse``: parsing reads it first."""

    def __init__(
        self,
        http_response: httpx.Response,
        parser: Callable[[], T],
        *,
        retries_taken: int = 0,
        read_before_parse: bool = True,
    ) -> None:
        super().__init__(http_response, parser, retries_taken=retries_taken)
        self._read_before_parse = read_before_parse


class StreamedAPIResponse(_UnreadAPIResponse[T]):
    """What ``with_streaming_response`` methods return: the response with its body not yet read.

    Use it as a context manager (the connection closes on leaving); stream the body with
    :meth:`iter_bytes` / :meth:`iter_lines`, or :meth:`parse` it (which reads it first)::

        with client.files.with_streaming_response.content("file-1") as response:
            for chunk in response.iter_bytes():
                ...
    """

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def parse(self) -> T:
        if self._read_before_parse:
            self.http_response.read()
        return super().parse()

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> StreamedAPIResponse[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStreamedAPIResponse(_UnreadAPIResponse[T]):
    """``with_streaming_response`` on the async client: ``async with``, ``aiter_bytes``,
    ``await response.parse()``."""

    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def aiter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def parse(self) -> T:  # type: ignore[override]
        if self._read_before_parse:
            await self.http_response.aread()
        return APIResponse.parse(self)

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncStreamedAPIResponse[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def to_streamed_response_wrapper(fn: Callable[P, R]) -> Callable[P, StreamedAPIResponse[R]]:
    """Wrap a sync method so that it returns a :class:`StreamedAPIResponse` (body unread)."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamedAPIResponse[R]:
        result = _call_marked(_streaming_request, fn, args, kwargs)
        return cast(
            StreamedAPIResponse[R], _expect(fn, result, StreamedAPIResponse, "stream its response")
        )

    return wrapped


def async_to_streamed_response_wrapper(
    fn: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[AsyncStreamedAPIResponse[R]]]:
    """Wrap an async method so that it returns an :class:`AsyncStreamedAPIResponse`."""

    @functools.wraps(fn)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamedAPIResponse[R]:
        result = await _await_marked(_streaming_request, fn, args, kwargs)
        return cast(
            AsyncStreamedAPIResponse[R],
            _expect(fn, result, AsyncStreamedAPIResponse, "stream its response"),
        )

    return wrapped
