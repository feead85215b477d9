"""The client core: request building, authentication, the retry loop and response handling.

The generated ``Client`` and ``AsyncClient`` subclass :class:`SyncAPIClient` and
:class:`AsyncAPIClient`; generated resource methods call :meth:`SyncAPIClient.request`
(or :meth:`SyncAPIClient.request_page` for list operations) with the operation's path,
parameters, body and response type.

Authentication: an operation's ``security`` (alternatives of scheme keys) picks the
credentials it carries; without one the client's ``default_security`` (the document's
top-level requirement) applies, and without that every configured credential is sent.

Retries: ``max_retries`` (default 2) more attempts on 408, 409, 429, >= 500, connection
errors and timeouts; a ``x-should-retry: true|false`` response header overrides. The wait
is ``retry-after-ms``, else ``Retry-After`` (seconds or an HTTP date) when it is within
(0, 60] seconds, else ``initial_retry_delay * 2**retries`` capped at ``max_retry_delay``,
times a jitter in (0.75, 1]. Non-GET requests carry one idempotency key per call (the same
on every attempt) when ``idempotency_header`` is configured.

Hostile servers: every attempt is bounded by ``total_timeout`` (the whole attempt: connecting,
sending, redirects and reading the body; default ``TOTAL_TIMEOUT_FACTOR`` times the read
timeout) and every response body by ``max_response_size`` bytes, counted on the wire and
after decoding gzip/deflate (``APIResponseTooLargeError``). Redirects are followed here, not
by httpx: a hop to another origin than ``base_url``'s (scheme, host or port) carries none of
the client's credentials, cookies, default or client headers, idempotency key or body, and a
307/308 that would resend a body there is refused (``APIRedirectError``).
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import email.utils
import enum
import functools
import inspect
import io
import logging
import os
import random
import re
import time
import uuid
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import (
    Any,
    Generic,
    NoReturn,
    Self,
    TypeVar,
    cast,
    get_args,
    get_origin,
    overload,
)
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pydantic

from ._auth import (
    ApiKey,
    AuthSelection,
    AuthSettings,
    basic_header,
    check_credentials,
    select_auth,
)
from ._exceptions import (
    APIConnectionError,
    APIRedirectError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    make_status_error,
    too_deep_error,
)
from ._logging import logger, redact_headers, redact_url, setup_logging
from ._parse import (
    fits_type,
    json_dumps,
    parse_data,
    parse_error,
    strip_omit,
    to_jsonable,
)
from ._response import (
    APIResponse,
    AsyncStreamedAPIResponse,
    StreamedAPIResponse,
    consume_raw_response_request,
    consume_streaming_response_request,
    decode_json_body,
)
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, Omit, RequestOptions, Timeout, TypeOf
from .pagination import (
    AsyncPage,
    AsyncPaginator,
    NextRequest,
    PageSpec,
    SyncPage,
    extract_items,
)

__all__ = [
    "DEFAULT_INITIAL_RETRY_DELAY",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_RETRY_DELAY",
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "TOTAL_TIMEOUT_FACTOR",
    "ApiKey",
    "AsyncAPIClient",
    "AuthSettings",
    "SyncAPIClient",
]

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_INITIAL_RETRY_DELAY = 0.5
DEFAULT_MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
IDEMPOTENCY_KEY_PREFIX = "apigen-"
FALLBACK_IDEMPOTENCY_HEADER = "Idempotency-Key"
DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
"""Bytes a response body may have, on the wire and decoded (``max_response_size``)."""
TOTAL_TIMEOUT_FACTOR = 5.0
"""Without ``total_timeout``, an attempt may take this many times the read timeout in all."""
MAX_REDIRECTS = 20

_RETRYABLE_STATUSES = frozenset({408, 409, 429})
_RESPONSE_KINDS = frozenset({"json", "text", "bytes", "none"})
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT_ENCODING = "gzip, deflate"  # the codings the runtime decodes within max_response_size
_INFLATE_CODINGS = frozenset({"gzip", "x-gzip", "deflate"})
_DECODE_PIECE = 64 * 1024
# the only headers a request to another origin than base_url's keeps
_CROSS_ORIGIN_HEADERS = frozenset({"accept", "accept-encoding", "user-agent", "connection"})
_BODY_HEADERS = ("Content-Type", "Content-Length", "Transfer-Encoding")

_HttpxClientT = TypeVar("_HttpxClientT", httpx.Client, httpx.AsyncClient)
_T = TypeVar("_T")


# ------------------------------------------------------------------------------- value encoding


def _stringify(value: object) -> str:
    if isinstance(value, enum.Enum):
        return _stringify(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _is_absent(value: object) -> bool:
    return value is None or isinstance(value, (Omit, NotGiven))


def _multipart_fields(pairs: list[tuple[str, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body of text fields only (httpx makes one only when there are files)."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in pairs:
        quoted = name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted}"\r\n\r\n'.encode()
        out += value.encode("utf-8") + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), boundary


def _query_pairs(params: Mapping[str, object] | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if params:
        for key, value in params.items():
            _add_query(pairs, key, value)
    return pairs


def _add_query(pairs: list[tuple[str, str]], key: str, value: object) -> None:
    if _is_absent(value):
        return
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        for sub_key, sub_value in value.items():
            _add_query(pairs, f"{key}[{sub_key}]", sub_value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _add_query(pairs, key, item)
    elif isinstance(value, (set, frozenset)):
        for item in sorted(value, key=_stringify):
            _add_query(pairs, key, item)
    else:
        pairs.append((key, _stringify(value)))


def _header_value(name: str, value: object) -> str | None:
    if _is_absent(value):
        return None
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        text = ",".join(f"{k},{_stringify(v)}" for k, v in value.items() if not _is_absent(v))
    elif isinstance(value, (list, tuple)):
        text = ",".join(_stringify(v) for v in value if not _is_absent(v))
    else:
        text = _stringify(value)
    if "\r" in text or "\n" in text or "\0" in text:
        raise ValueError(f"header {name!r} must not contain line breaks or NUL")
    return text


def _path_segment(name: str, value: object) -> str:
    if _is_absent(value):
        raise ValueError(f"path parameter {name!r} is required, got {value!r}")
    text = _stringify(value)
    if text == "":
        raise ValueError(f"path parameter {name!r} must not be empty")
    segment = quote(text, safe="")
    if segment.strip(".") == "":  # "." and ".." would be resolved away by URL normalisation
        segment = segment.replace(".", "%2E")
    return segment


def _cookie_header(cookies: Sequence[tuple[str, object]]) -> str | None:
    parts = []
    for name, value in cookies:
        if _is_absent(value):
            continue
        if not name or any(c in name for c in "=;, \t\r\n"):
            raise ValueError(f"invalid cookie name {name!r}")
        parts.append(f"{name}={quote(_stringify(value), safe=_COOKIE_SAFE)}")
    return "; ".join(parts) if parts else None


def _read_file(value: object, field_name: str) -> tuple[str | None, bytes, str | None]:
    """(filename, content, content type) for a multipart file value, read into memory so
    that the body can be sent again on a retry."""
    if isinstance(value, tuple):
        filename = value[0] if len(value) > 0 else None
        _, content, _ = _read_file(value[1], field_name) if len(value) > 1 else (None, b"", None)
        content_type = value[2] if len(value) > 2 else None
        return (
            None if filename is None else str(filename),
            content,
            None if content_type is None else str(content_type),
        )
    if isinstance(value, bytes):
        return field_name, value, None
    if isinstance(value, str):
        return field_name, value.encode("utf-8"), None
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        with open(path, "rb") as handle:
            return os.path.basename(str(path)), handle.read(), None
    if isinstance(value, io.IOBase) or hasattr(value, "read"):
        data = value.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = getattr(value, "name", None)
        filename = os.path.basename(name) if isinstance(name, str) else field_name
        return filename, bytes(data), None
    raise TypeError(f"unsupported file value for {field_name!r}: {type(value).__name__}")


def _parse_retry_after(headers: httpx.Headers) -> float | None:
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return (when - datetime.datetime.now(datetime.UTC)).total_seconds()


def _timeout_reason(exc: httpx.TimeoutException) -> str:
    return "total timeout" if isinstance(exc, _TotalTimeout) else type(exc).__name__


def _timeout_message(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, _TotalTimeout):
        return f"Request timed out: {exc}."
    return "Request timed out."


def _to_httpx_timeout(timeout: Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout)


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


# ------------------------------------------------------------------ bounded attempts and bodies


class _TotalTimeout(httpx.TimeoutException):
    """An attempt ran past its ``total_timeout`` (retried like any timeout)."""


class _DeadlineTimeouts(dict):  # type: ignore[type-arg]
    """The ``timeout`` request extension, each value capped at the time left before the
    attempt's deadline: httpcore looks its timeouts up at the start of every phase (pool,
    connect, write, response headers, body), so a stalled phase ends at the deadline."""

    def __init__(self, base: Mapping[str, float | None], deadline: float) -> None:
        super().__init__(base)
        self.deadline = deadline

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key, default)
        left = max(self.deadline - time.monotonic(), 0.001)
        return left if value is None else min(float(value), left)


def _arm_deadline(request: httpx.Request, deadline: float | None) -> None:
    if deadline is not None:
        base = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = _DeadlineTimeouts(base, deadline)


class _Inflater:
    """One gzip or deflate coding, decoded in pieces of at most ``_DECODE_PIECE`` bytes, so
    that a small compressed chunk never expands into a large buffer (a gzip bomb)."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding != "deflate"
        self._first = True
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while not self._obj.eof:
            try:
                out = self._obj.decompress(data, _DECODE_PIECE)
            except zlib.error:
                if self._gzip or not self._first:
                    raise
                # "deflate" sent without its zlib header, as some servers do (httpx accepts it)
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                continue
            self._first = False
            data = self._obj.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < _DECODE_PIECE:
                return


class _BodyReader:
    """Collects a response body within ``limit`` bytes (received and decoded) and before
    ``deadline``; decodes gzip/deflate itself (other codings are kept as they are, as httpx
    does for codings it cannot decode)."""

    def __init__(
        self,
        response: httpx.Response,
        limit: int | None,
        deadline: float | None,
        total: float | None,
    ) -> None:
        self._response = response
        self._limit = limit
        self._deadline = deadline
        self._total = total
        self._size = 0
        self._parts: list[bytes] = []
        codings = [c.strip().lower() for c in response.headers.get_list("content-encoding", True)]
        # codings are listed in the order they were applied: undo them from the last one
        self._stages = [_Inflater(c) for c in reversed(codings) if c in _INFLATE_CODINGS]
        declared = response.headers.get("content-length", "").strip()
        bodiless = response.request.method == "HEAD" or response.status_code in (204, 304)
        if limit is not None and not bodiless and declared.isdigit() and int(declared) > limit:
            self._too_large()

    def _too_large(self) -> None:
        assert self._limit is not None
        raise APIResponseTooLargeError(response=self._response, limit=self._limit)

    def feed(self, raw: bytes) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise _TotalTimeout(
                f"total timeout of {self._total or 0.0:g} s exceeded",
                request=self._response.request,
            )
        if self._limit is not None and self._response.num_bytes_downloaded > self._limit:
            self._too_large()
        self._decode(0, raw)

    def _decode(self, stage: int, data: bytes) -> None:
        if stage == len(self._stages):
            self._size += len(data)
            if self._limit is not None and self._size > self._limit:
                self._parts.clear()
                self._too_large()
            self._parts.append(data)
            return
        try:
            for piece in self._stages[stage].feed(data):
                self._decode(stage + 1, piece)
        except zlib.error as exc:
            raise httpx.DecodingError(
                f"invalid {self._response.headers.get('content-encoding')} body: {exc}",
                request=self._response.request,
            ) from exc

    def finish(self) -> None:
        for stage in range(len(self._stages)):
            self._decode(stage, b"")
        # the body was read by the runtime; httpx serves it from here (.content, .text, .json())
        self._response._content = b"".join(self._parts)
        self._parts.clear()


def _rebind(obj: Any, old: object, new: object, seen: dict[int, Any]) -> Any:
    """A shallow copy of a resource object whose ``_client`` is ``old``, pointing at ``new``."""
    if id(obj) in seen:
        return seen[id(obj)]
    clone = copy.copy(obj)
    seen[id(obj)] = clone
    if hasattr(clone, "__dict__"):
        _rebind_attributes(clone, old, new, seen)
        if clone.__dict__.get("_client") is old:
            clone.__dict__["_client"] = new
    return clone


def _rebind_attributes(target: Any, old: object, new: object, seen: dict[int, Any]) -> None:
    state = target.__dict__
    for name in list(state):
        if isinstance(getattr(type(target), name, None), functools.cached_property):
            del state[name]  # recomputed lazily, against the new client
            continue
        value = state[name]
        if value is not old and getattr(value, "_client", None) is old:
            state[name] = _rebind(value, old, new, seen)


# ------------------------------------------------------------------------------ request options


@dataclass(frozen=True, kw_only=True)
class _Options(RequestOptions):
    """A call's :class:`RequestOptions` with what only the runtime sets."""

    response_type: Any = None  # the type to parse the response as (None: no parsing)
    stream: bool = False  # leave the body unread: the caller streams it

    def page_params(self) -> dict[str, object]:
        merged = {**(self.query or {}), **(self.extra_query or {})}
        return {k: v for k, v in merged.items() if not _is_absent(v)}

    def with_page(self, next_request: NextRequest) -> _Options:
        if next_request.url is not None:  # a next link: its own query, the same call otherwise
            return replace(
                self, path=next_request.url, query=None, extra_query=None, idempotency_key=None
            )
        overrides = next_request.params or {}
        query = {**(self.query or {}), **overrides}
        extra = {k: v for k, v in (self.extra_query or {}).items() if k not in overrides}
        # another page is another call: it gets its own idempotency key
        return replace(self, query=query, extra_query=extra or None, idempotency_key=None)


def _type_form(cast_to: Any) -> Any:
    """The type a ``cast_to`` stands for: ``X`` for ``TypeOf[X]``, None (no parsing) for
    ``NoneType``, else itself."""
    if get_origin(cast_to) is TypeOf:
        return get_args(cast_to)[0]
    return None if cast_to is type(None) else cast_to


def _call(options: RequestOptions, cast_to: Any, **changes: Any) -> _Options:
    """The internal, per-call options: ``options`` and the type to parse the response as."""
    values = {f.name: getattr(options, f.name) for f in fields(RequestOptions)}
    return _Options(**{**values, "response_type": _type_form(cast_to), **changes})


def _event_stream_call(options: RequestOptions) -> _Options:
    """The per-call options of a ``text/event-stream`` operation (its events parsed as they
    are read, not as a response body)."""
    headers = {"Accept": "text/event-stream", **(options.headers or {})}
    return _call(options, None, headers=headers, response_kind="none")


@dataclass
class _Prepared:
    """Everything about one call that stays the same across its attempts."""

    method: str
    url: str
    params: list[tuple[str, str]]
    base_headers: list[tuple[str, str]]
    late_headers: list[tuple[str, str | None]]
    auth: AuthSelection
    content: bytes | None = None
    data: dict[str, str | list[str]] | None = None
    files: list[tuple[str, tuple[str | None, bytes, str | None]]] | None = None
    timeout: httpx.Timeout = field(default_factory=lambda: httpx.Timeout(DEFAULT_TIMEOUT))
    max_retries: int = DEFAULT_MAX_RETRIES
    total_timeout: float | None = None
    max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE


# ----------------------------------------------------------------------------------- base client


class _BaseClient(Generic[_HttpxClientT]):
    _client: _HttpxClientT
    _owns_http_client: bool
    _base_url: str
    _auth: AuthSettings
    _timeout: Timeout
    _max_retries: int
    _default_headers: dict[str, str]
    _client_headers: dict[str, str | None]
    _strict: bool
    _idempotency_header: str | None
    _initial_retry_delay: float
    _max_retry_delay: float
    _default_security: list[list[str]] | None
    _max_response_size: int | None
    _total_timeout: float | None | NotGiven

    def __init__(
        self,
        *,
        base_url: str,
        auth: AuthSettings,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        client_headers: Mapping[str, str | None] | None = None,
        http_client: _HttpxClientT | None = None,
        strict: bool = False,
        idempotency_header: str | None = None,
        initial_retry_delay: float = DEFAULT_INITIAL_RETRY_DELAY,
        max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY,
        default_security: Sequence[Sequence[str]] | None = None,
        max_response_size: int | None | NotGiven = NOT_GIVEN,
        total_timeout: float | None | NotGiven = NOT_GIVEN,
    ) -> None:
        http_client_type = self._http_client_type()
        if http_client is not None and not isinstance(http_client, http_client_type):
            raise TypeError(
                f"http_client must be an httpx.{http_client_type.__name__},"
                f" got {type(http_client)!r}"
            )
        resolved_timeout = self._resolve_timeout(timeout, http_client)
        self._configure(
            base_url=base_url,
            auth=auth,
            timeout=resolved_timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            client_headers=client_headers,
            strict=strict,
            idempotency_header=idempotency_header,
            initial_retry_delay=initial_retry_delay,
            max_retry_delay=max_retry_delay,
            default_security=default_security,
            max_response_size=max_response_size,
            total_timeout=total_timeout,
        )
        self._owns_http_client = http_client is None
        self._client = http_client or http_client_type(
            timeout=_to_httpx_timeout(resolved_timeout),
            follow_redirects=True,
            limits=DEFAULT_CONNECTION_LIMITS,
        )

    @staticmethod
    def _http_client_type() -> type[_HttpxClientT]:
        """``httpx.Client`` or ``httpx.AsyncClient``: the HTTP client this core sends with."""
        raise NotImplementedError

    def _configure(
        self,
        *,
        base_url: str,
        auth: AuthSettings,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        client_headers: Mapping[str, str | None] | None,
        strict: bool,
        idempotency_header: str | None,
        initial_retry_delay: float,
        max_retry_delay: float,
        default_security: Sequence[Sequence[str]] | None,
        max_response_size: int | None | NotGiven = NOT_GIVEN,
        total_timeout: float | None | NotGiven = NOT_GIVEN,
    ) -> None:
        if isinstance(max_response_size, NotGiven):
            max_response_size = DEFAULT_MAX_RESPONSE_SIZE
        if max_response_size is not None and (
            not isinstance(max_response_size, int)
            or isinstance(max_response_size, bool)
            or max_response_size < 1
        ):
            raise ValueError(
                f"max_response_size must be an int >= 1 or None, got {max_response_size!r}"
            )
        if (
            total_timeout is not None
            and not isinstance(total_timeout, NotGiven)
            and (isinstance(total_timeout, bool) or not total_timeout > 0)
        ):
            raise ValueError(f"total_timeout must be > 0 or None, got {total_timeout!r}")
        if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
            raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
        if initial_retry_delay < 0 or max_retry_delay < 0:
            raise ValueError("retry delays must be >= 0")
        parsed = httpx.URL(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise ValueError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
        self._base_url = base_url.rstrip("/")
        self._auth = auth
        self._timeout = timeout
        self._max_retries = max_retries
        self._default_headers = dict(default_headers or {})
        self._client_headers = dict(client_headers or {})
        self._strict = strict
        self._idempotency_header = idempotency_header
        self._initial_retry_delay = initial_retry_delay
        self._max_retry_delay = max_retry_delay
        self._default_security = (
            None if default_security is None else [list(alt) for alt in default_security]
        )
        self._max_response_size = max_response_size
        self._total_timeout = total_timeout
        setup_logging()

    @staticmethod
    def _resolve_timeout(timeout: Timeout | NotGiven, http_client: object) -> Timeout:
        if not isinstance(timeout, NotGiven):
            return timeout
        client_timeout = getattr(http_client, "timeout", None)
        if isinstance(client_timeout, httpx.Timeout) and client_timeout != _HTTPX_DEFAULT_TIMEOUT:
            return client_timeout
        return DEFAULT_TIMEOUT

    def _now(self) -> float:
        return time.monotonic()

    # -- public configuration --------------------------------------------------------------

    def is_closed(self) -> bool:
        return self._client.is_closed

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def auth(self) -> AuthSettings:
        return self._auth

    @property
    def timeout(self) -> Timeout:
        return self._timeout

    @property
    def max_retries(self) -> int:
        return self._max_retries

    @property
    def strict(self) -> bool:
        return self._strict

    @property
    def max_response_size(self) -> int | None:
        """Bytes a response body may have (on the wire and decoded); None: no limit."""
        return self._max_response_size

    @property
    def total_timeout(self) -> float | None | NotGiven:
        """Seconds one attempt may take in all; NOT_GIVEN: ``TOTAL_TIMEOUT_FACTOR`` times the
        read timeout; None: no limit."""
        return self._total_timeout

    def with_options(
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        auth: AuthSettings | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        client_headers: Mapping[str, str | None] | NotGiven = NOT_GIVEN,
        http_client: _HttpxClientT | NotGiven = NOT_GIVEN,
        strict: bool | NotGiven = NOT_GIVEN,
        idempotency_header: str | None | NotGiven = NOT_GIVEN,
        initial_retry_delay: float | NotGiven = NOT_GIVEN,
        max_retry_delay: float | NotGiven = NOT_GIVEN,
        default_security: Sequence[Sequence[str]] | None | NotGiven = NOT_GIVEN,
        max_response_size: int | None | NotGiven = NOT_GIVEN,
        total_timeout: float | None | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy of this client with some settings changed, sharing its HTTP client.

        ``default_headers`` and ``client_headers`` are merged into the current ones (a None
        client header stops it being sent). Resources held in ``functools.cached_property``
        attributes, or objects whose ``_client`` is this client, are rebound to the copy.
        """
        new = copy.copy(self)
        new._owns_http_client = False
        new._configure(
            base_url=self._base_url if isinstance(base_url, NotGiven) else base_url,
            auth=self._auth if isinstance(auth, NotGiven) else auth,
            timeout=self._timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self._max_retries if isinstance(max_retries, NotGiven) else max_retries,
            default_headers={
                **self._default_headers,
                **({} if isinstance(default_headers, NotGiven) else default_headers),
            },
            client_headers={
                **self._client_headers,
                **({} if isinstance(client_headers, NotGiven) else client_headers),
            },
            strict=self._strict if isinstance(strict, NotGiven) else strict,
            idempotency_header=(
                self._idempotency_header
                if isinstance(idempotency_header, NotGiven)
                else idempotency_header
            ),
            initial_retry_delay=(
                self._initial_retry_delay
                if isinstance(initial_retry_delay, NotGiven)
                else initial_retry_delay
            ),
            max_retry_delay=(
                self._max_retry_delay if isinstance(max_retry_delay, NotGiven) else max_retry_delay
            ),
            default_security=(
                self._default_security
                if isinstance(default_security, NotGiven)
                else default_security
            ),
            max_response_size=(
                self._max_response_size
                if isinstance(max_response_size, NotGiven)
                else max_response_size
            ),
            total_timeout=(
                self._total_timeout if isinstance(total_timeout, NotGiven) else total_timeout
            ),
        )
        if not isinstance(http_client, NotGiven):
            new._client = http_client
        _rebind_attributes(new, self, new, {id(self): new})
        return new

    # -- building requests -----------------------------------------------------------------

    def _url(self, path: str, path_params: Mapping[str, object] | None) -> str:
        if path.startswith(("http://", "https://")):
            return path
        params = path_params or {}

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in params:
                raise ValueError(f"missing path parameter {name!r} for {path!r}")
            return _path_segment(name, params[name])

        rendered = _PATH_PARAM.sub(substitute, path)
        return f"{self._base_url}/{rendered.lstrip('/')}"

    def _status_url(self, url: str) -> str:
        if url.startswith(("http://", "https://")):
            return url
        base = urlsplit(self._base_url)
        prefix = base.path.rstrip("/")
        if prefix and url.startswith(prefix + "/"):  # already includes the base path
            return f"{base.scheme}://{base.netloc}{url}"
        return f"{self._base_url}/{url.lstrip('/')}"

    def _prepare(self, options: _Options) -> _Prepared:
        if options.response_kind not in _RESPONSE_KINDS:
            raise ValueError(f"unknown response_kind {options.response_kind!r}")
        bodies = [
            name
            for name, given in (
                ("json_body", not isinstance(options.json_body, Omit)),
                ("form_body/files", options.form_body is not None or bool(options.files)),
                ("content", options.content is not None),
            )
            if given
        ]
        if len(bodies) > 1:
            raise TypeError(f"only one kind of request body can be sent, got {', '.join(bodies)}")
        method = options.method.upper()
        url = self._url(options.path, options.path_params)
        cross_origin = not _same_origin(httpx.URL(url), httpx.URL(self._base_url))
        security = options.security if options.security is not None else self._default_security
        selection = AuthSelection() if cross_origin else select_auth(self._auth, security)
        if cross_origin:
            # the same rule as for a redirect to another origin (see _next_hop)
            logger.debug("not sending credentials to %s (another origin than base_url)", url)
        else:
            check_credentials(
                self._auth,
                security,
                method=method,
                path=options.path,
                header_names=[
                    *self._default_headers,
                    *(options.headers or {}),
                    *(options.extra_headers or {}),
                ],
                query_names=[k for k, _ in _query_pairs(options.extra_query)],
                transport_auth=getattr(self._client, "auth", None) is not None,
            )

        params = [(k.name, str(k.value)) for k in selection.api_keys if k.location == "query"]
        if "?" in url:  # a URL given whole (a next-page link): its query goes first
            given = httpx.URL(url)
            url = str(given.copy_with(query=None, fragment=None))
            keys = {k for k, _ in params}
            params = [(k, v) for k, v in given.params.multi_items() if k not in keys] + params
        params += _query_pairs(options.query)
        extra_params = _query_pairs(options.extra_query)
        if extra_params:
            overridden = {k for k, _ in extra_params}
            params = [(k, v) for k, v in params if k not in overridden] + extra_params

        base_headers: list[tuple[str, str]] = []
        if options.response_kind == "json":
            base_headers.append(("Accept", "application/json"))
        configured_headers = [*self._default_headers.items(), *self._client_headers.items()]
        for name, configured in [] if cross_origin else configured_headers:
            text = _header_value(name, configured)
            if text is not None:
                base_headers.append((name, text))
        for key in selection.api_keys:
            if key.location == "header" and key.value is not None:
                base_headers.append((key.name, _header_value(key.name, key.value) or ""))

        late: list[tuple[str, str | None]] = []
        cookie_items: list[tuple[str, object]] = [
            (k.name, k.value) for k in selection.api_keys if k.location == "cookie"
        ]
        cookie_items += list((options.cookies or {}).items())
        cookie = _cookie_header(cookie_items)
        if cookie is not None:
            late.append(("Cookie", cookie))
        idempotency_key = options.idempotency_key
        header_name = self._idempotency_header
        if idempotency_key is None and header_name is not None and method != "GET":
            idempotency_key = f"{IDEMPOTENCY_KEY_PREFIX}{uuid.uuid4()}"
        if idempotency_key is not None and not cross_origin:
            key_header = header_name or FALLBACK_IDEMPOTENCY_HEADER
            late.append((key_header, _header_value(key_header, idempotency_key)))
        for name, value in (options.headers or {}).items():
            text = _header_value(name, value)
            if text is not None:
                late.append((name, text))

        prepared = _Prepared(
            method=method,
            url=url,
            params=params,
            base_headers=base_headers,
            late_headers=late,
            auth=selection,
        )
        content_type = self._prepare_body(options, prepared)
        if content_type is not None:
            late.append(("Content-Type", content_type))
        for name, value in (options.extra_headers or {}).items():
            late.append((name, _header_value(name, value)))

        timeout = self._timeout if isinstance(options.timeout, NotGiven) else options.timeout
        prepared.timeout = _to_httpx_timeout(timeout)
        max_retries = (
            self._max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries
        )
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        prepared.max_retries = max_retries
        total = self._total_timeout
        if isinstance(total, NotGiven):
            read = prepared.timeout.read
            total = None if read is None else read * TOTAL_TIMEOUT_FACTOR
        prepared.total_timeout = total
        prepared.max_response_size = self._max_response_size
        return prepared

    def _prepare_body(self, options: _Options, prepared: _Prepared) -> str | None:
        """Fill the body of ``prepared``; returns the Content-Type to send (None: httpx's)."""
        extra = strip_omit(dict(options.extra_body)) if options.extra_body else None
        if options.content is not None:
            if extra:
                raise TypeError("extra_body cannot be combined with a raw content body")
            raw = options.content
            prepared.content = raw.encode("utf-8") if isinstance(raw, str) else raw
            default = "text/plain; charset=utf-8" if isinstance(raw, str) else None
            return options.content_type or default or "application/octet-stream"
        if options.files or options.form_body is not None:
            form = {**(options.form_body or {}), **(extra or {})}
            pairs = _query_pairs(form)
            if options.files:
                data: dict[str, str | list[str]] = {}
                for key, value in pairs:
                    current = data.get(key)
                    if current is None:
                        data[key] = value
                    elif isinstance(current, list):
                        current.append(value)
                    else:
                        data[key] = [current, value]
                files: list[tuple[str, tuple[str | None, bytes, str | None]]] = []
                for name, file_value in options.files.items():
                    if _is_absent(file_value):
                        continue
                    items = file_value if isinstance(file_value, list) else [file_value]
                    for item in items:
                        files.append((name, _read_file(item, name)))
                if files:
                    prepared.data = data
                    prepared.files = files
                    return None  # httpx sets multipart/form-data with its boundary
            if (options.content_type or "").lower().startswith("multipart/form-data"):
                prepared.content, boundary = _multipart_fields(pairs)
                return f"multipart/form-data; boundary={boundary}"
            prepared.content = urlencode(pairs).encode("ascii")
            return options.content_type or "application/x-www-form-urlencoded"
        body = options.json_body
        if extra:
            if isinstance(body, Omit):
                body = {}
            if not isinstance(body, Mapping):
                raise TypeError("extra_body can only be merged into a JSON object body")
            body = {**body, **extra}
        if isinstance(body, Omit):
            return None
        prepared.content = json_dumps(to_jsonable(body))
        return options.content_type or "application/json"

    def _headers_for_attempt(self, prepared: _Prepared, bearer: str | None) -> httpx.Headers:
        headers = httpx.Headers(prepared.base_headers)
        if "accept-encoding" not in headers:
            headers["Accept-Encoding"] = _ACCEPT_ENCODING
        if prepared.auth.bearer and bearer is not None:
            headers["Authorization"] = _header_value("Authorization", f"Bearer {bearer}") or ""
        elif prepared.auth.basic and self._auth.basic is not None:
            headers["Authorization"] = basic_header(self._auth.basic)
        for name, value in prepared.late_headers:
            if value is None:
                if name in headers:
                    del headers[name]
            else:
                headers[name] = value
        return headers

    # -- redirects and deadlines -----------------------------------------------------------

    def _next_hop(
        self, request: httpx.Request, response: httpx.Response, hops: int
    ) -> httpx.Request | None:
        """The request a redirect asks for (None: ``response`` is the answer).

        The rule: a hop to another origin than ``base_url``'s (scheme, host or port), and
        every hop after it, keeps only the Accept, Accept-Encoding, User-Agent and Connection
        headers (no credentials in headers, query or cookies, no default or client headers,
        no idempotency key) and is sent without httpx-level auth; a 307/308 that would
        resend a request body there is refused. Same-origin hops are followed as httpx does.
        """
        if response.status_code not in _REDIRECT_STATUSES or "location" not in response.headers:
            return None
        if not self._client.follow_redirects:
            return None  # an http_client built with follow_redirects=False gets the 3xx
        if hops >= MAX_REDIRECTS:
            raise APIRedirectError(f"Exceeded {MAX_REDIRECTS} redirects.", request=request)
        location = response.headers["location"]
        try:
            url = request.url.join(location)
        except httpx.InvalidURL as exc:
            raise APIRedirectError(
                f"Invalid redirect location {location!r}: {exc}", request=request
            ) from None
        if url.scheme not in ("http", "https") or not url.host:
            raise APIRedirectError(f"Not following a redirect to {location!r}.", request=request)
        method = request.method
        status = response.status_code
        if (status in (302, 303) and method != "HEAD") or (status == 301 and method == "POST"):
            method = "GET"
        keep_body = method == request.method
        has_body = keep_body and (
            request.headers.get("content-length", "0").strip() != "0"
            or "transfer-encoding" in request.headers
        )
        base = httpx.URL(self._base_url)
        cross_origin = not (_same_origin(url, base) and _same_origin(request.url, base))
        if cross_origin:
            if has_body:
                raise APIRedirectError(
                    f"Not resending the request body to {url.scheme}://{url.netloc.decode()}"
                    f" (a {status} redirect away from the origin of base_url).",
                    request=request,
                )
            headers = httpx.Headers(
                [(k, v) for k, v in request.headers.multi_items() if k in _CROSS_ORIGIN_HEADERS]
            )
            logger.debug("redirect to another origin: no credentials sent to %s", url.host)
        else:
            headers = httpx.Headers(request.headers)
            if not has_body:
                for name in _BODY_HEADERS:
                    headers.pop(name, None)
        headers["Host"] = url.netloc.decode("ascii")
        if logger.isEnabledFor(logging.INFO):
            _, query_names = self._secret_names()
            logger.info("HTTP Redirect: %d to %s %s", status, method, redact_url(url, query_names))
        return httpx.Request(
            method,
            url,
            headers=headers,
            stream=request.stream if has_body else None,
            extensions=dict(request.extensions),
        )

    @staticmethod
    def _deadline(prepared: _Prepared) -> float | None:
        total = prepared.total_timeout
        return None if total is None else time.monotonic() + total

    @staticmethod
    def _raise_timed_out(
        exc: httpx.TimeoutException, prepared: _Prepared, deadline: float | None
    ) -> NoReturn:
        """Raise ``exc``, or a ``_TotalTimeout`` when it happened because the deadline passed."""
        if deadline is None or isinstance(exc, _TotalTimeout):
            raise exc
        if time.monotonic() < deadline - 0.002:
            raise exc
        total = prepared.total_timeout or 0.0
        raise _TotalTimeout(f"total timeout of {total:g} s exceeded", request=exc.request) from exc

    # -- retries ---------------------------------------------------------------------------

    def _should_retry(self, response: httpx.Response) -> bool:
        override = response.headers.get("x-should-retry")
        if override is not None:
            if override.strip().lower() == "true":
                return True
            if override.strip().lower() == "false":
                return False
        status = response.status_code
        return status in _RETRYABLE_STATUSES or status >= 500

    def _retry_wait(self, retries_taken: int, response: httpx.Response | None) -> float:
        """Seconds to wait before retry number ``retries_taken + 1``."""
        if response is not None:
            retry_after = _parse_retry_after(response.headers)
            if retry_after is not None and 0 < retry_after <= MAX_RETRY_AFTER:
                return retry_after
        delay = min(self._initial_retry_delay * 2.0**retries_taken, self._max_retry_delay)
        return max(delay * (1 - 0.25 * random.random()), 0.0)

    def _build_request(self, prepared: _Prepared, bearer: str | None) -> httpx.Request:
        """The request of one attempt (its headers are built again for each attempt)."""
        return self._client.build_request(
            prepared.method,
            prepared.url,
            params=cast(Any, prepared.params),
            headers=self._headers_for_attempt(prepared, bearer),
            content=prepared.content,
            data=prepared.data,
            files=prepared.files,
            timeout=prepared.timeout,
        )

    def _wait_after_error(
        self,
        prepared: _Prepared,
        request: httpx.Request,
        retries_taken: int,
        exc: httpx.HTTPError,
    ) -> float:
        """Seconds to wait before retrying an attempt that raised ``exc``; raises the error
        the call ends with when ``exc`` is not retried or no retry is left."""
        retries_left = prepared.max_retries - retries_taken
        if isinstance(exc, httpx.TimeoutException):
            if retries_left > 0:
                wait = self._retry_wait(retries_taken, None)
                self._log_retry(request, wait, retries_left - 1, _timeout_reason(exc))
                return wait
            raise APITimeoutError(request, _timeout_message(exc)) from exc
        if isinstance(exc, httpx.TransportError):
            if retries_left > 0:
                wait = self._retry_wait(retries_taken, None)
                self._log_retry(request, wait, retries_left - 1, type(exc).__name__)
                return wait
            raise APIConnectionError(f"Connection error: {exc}", request=request) from exc
        raise APIConnectionError(f"HTTP error: {exc}", request=request) from exc

    def _wait_after_status(
        self,
        prepared: _Prepared,
        request: httpx.Request,
        retries_taken: int,
        response: httpx.Response,
    ) -> float | None:
        """Seconds to wait before retrying an attempt answered by ``response`` (None: it is
        the answer)."""
        self._log_response(response, retries_taken)
        retries_left = prepared.max_retries - retries_taken
        if response.status_code >= 400 and retries_left > 0 and self._should_retry(response):
            wait = self._retry_wait(retries_taken, response)
            self._log_retry(request, wait, retries_left - 1, f"status {response.status_code}")
            return wait
        return None

    # -- responses -------------------------------------------------------------------------

    def _secret_names(self) -> tuple[set[str], set[str]]:
        return self._auth.secret_names()

    def _log_request(self, request: httpx.Request, attempt: int, max_retries: int) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        header_names, query_names = self._secret_names()
        logger.info(
            "HTTP Request: %s %s (attempt %d of %d)",
            request.method,
            redact_url(request.url, query_names),
            attempt + 1,
            max_retries + 1,
        )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "Request headers: %s", redact_headers(request.headers.multi_items(), header_names)
            )

    def _log_response(self, response: httpx.Response, attempt: int) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        header_names, query_names = self._secret_names()
        logger.info(
            'HTTP Response: %s %s "%d %s" (attempt %d)',
            response.request.method,
            redact_url(response.request.url, query_names),
            response.status_code,
            response.reason_phrase,
            attempt + 1,
        )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "Response headers: %s",
                redact_headers(response.headers.multi_items(), header_names),
            )

    def _log_retry(self, request: httpx.Request, wait: float, retries_left: int, why: str) -> None:
        if logger.isEnabledFor(logging.INFO):
            _, query_names = self._secret_names()
            logger.info(
                "Retrying %s %s in %.3f seconds (%s; %d retries left)",
                request.method,
                redact_url(request.url, query_names),
                wait,
                why,
                retries_left,
            )

    @staticmethod
    def _decode_body(response: httpx.Response) -> object | None:
        if not response.content:
            return None
        try:
            return decode_json_body(response)
        except APIResponseValidationError:
            if response.status_code < 400:
                raise
            return response.text  # an error status stays an APIStatusError
        except ValueError:
            return response.text

    def _status_error(self, options: _Options, response: httpx.Response) -> APIStatusError:
        body = self._decode_body(response)
        error_type = None
        if options.error_types:
            status = str(response.status_code)
            for key in (status, f"{status[0]}XX", f"{status[0]}xx", "default"):
                if key in options.error_types:
                    error_type = options.error_types[key]
                    break
        error: Any = None
        if error_type is not None and body is not None:
            try:  # leniently, like a success body (strict mode: the raw body stays in .body)
                error = parse_error(error_type, body, strict=self._strict)
            except Exception:  # noqa: BLE001  any failure to parse an error body keeps the raw body
                logger.debug(
                    "error body of %d does not match its documented type", response.status_code
                )
                error = None
        return make_status_error(response, body, error)

    def _parse_success(self, options: _Options, response: httpx.Response) -> Any:
        kind = options.response_kind
        if kind == "none" or response.status_code == 204:
            return None
        if kind == "bytes":
            return response.content
        if kind == "text":
            return response.text
        if kind != "json":
            raise ValueError(f"unknown response_kind {kind!r}")
        if options.response_type is None or not response.content.strip():
            return None
        try:
            data = decode_json_body(response)
        except APIResponseValidationError:
            raise
        except ValueError as exc:
            if self._strict or not fits_type(options.response_type, response.text):
                raise APIResponseValidationError(
                    response=response, body=response.text, message=f"Response is not JSON: {exc}"
                ) from exc
            logger.debug("response body of %s is not JSON; returning its text", response.url)
            return response.text
        try:
            return parse_data(options.response_type, data, strict=self._strict)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                response=response, body=data, message=str(exc)
            ) from exc
        except RecursionError:
            raise too_deep_error(response) from None

    def _finish(
        self,
        options: _Options,
        response: httpx.Response,
        retries_taken: int,
        raw: bool,
        build: Callable[[], Any] | None = None,
    ) -> Any:
        if response.status_code >= 400:
            raise self._status_error(options, response)
        parser = build if build is not None else (lambda: self._parse_success(options, response))
        if raw:
            return APIResponse(response, parser, retries_taken=retries_taken)
        return parser()

    def _event_parser(self, event_type: Any, response: httpx.Response) -> Callable[[Any], Any]:
        if event_type is None or event_type is Any:
            return lambda data: data

        def parse(data: Any) -> Any:
            try:
                return parse_data(event_type, data, strict=self._strict)
            except pydantic.ValidationError as exc:
                raise APIResponseValidationError(
                    response=response, body=data, message=str(exc)
                ) from exc

        return parse

    def _page_items(
        self, options: _Options, response: httpx.Response, spec: PageSpec, item_type: Any
    ) -> tuple[Any, list[Any]]:
        if options.response_type is not None:
            parsed = self._parse_success(options, response)
        else:
            parsed = self._decode_body(response) if response.status_code != 204 else None
        items = extract_items(parsed, spec)
        if item_type is not None and item_type is not Any and items:
            # typed items pass through unchanged (pydantic does not revalidate instances)
            try:
                items = parse_data(list[item_type], items, strict=self._strict)
            except pydantic.ValidationError as exc:
                raise APIResponseValidationError(
                    response=response, body=parsed, message=str(exc)
                ) from exc
        return parsed, items


# ----------------------------------------------------------------------------------------- sync


class SyncAPIClient(_BaseClient[httpx.Client]):
    """The synchronous client core; the generated ``Client`` subclasses it."""

    @staticmethod
    def _http_client_type() -> type[httpx.Client]:
        return httpx.Client

    def _sleep(self, seconds: float) -> None:
        """Wait between attempts and between polls (replace it in tests)."""
        time.sleep(seconds)

    def _bearer(self, prepared: _Prepared) -> str | None:
        if not prepared.auth.bearer:
            return None
        token = self._auth.bearer
        if callable(token):
            value: object = token()
            if inspect.isawaitable(value):
                if inspect.iscoroutine(value):
                    value.close()
                raise TypeError("an async bearer token callable needs the async client")
            token = cast(str | None, value)
        return None if token is None else str(token)

    def _attempt(
        self, prepared: _Prepared, request: httpx.Request, stream: bool = False
    ) -> httpx.Response:
        """One attempt: ``request``, the redirects it is sent on (see ``_next_hop``) and the
        final body, read within ``max_response_size`` and ``total_timeout``.

        The deadline caps the timeout of every phase and is checked after every chunk of the
        body; a status line and headers dripped byte by byte are not cut before they are
        complete (httpcore reads them in one call; the async client cuts them too).
        """
        deadline = self._deadline(prepared)
        history: list[httpx.Response] = []
        hop = request
        while True:
            _arm_deadline(hop, deadline)
            try:
                response = self._client.send(
                    hop,
                    stream=True,
                    follow_redirects=False,
                    auth=None if history else httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.TimeoutException as exc:
                self._raise_timed_out(exc, prepared, deadline)
            except httpx.InvalidURL as exc:  # httpx parses Location even when not following
                raise APIRedirectError(f"Invalid redirect location: {exc}", request=hop) from exc
            keep = False  # a streamed final response stays open for the caller
            try:
                next_hop = self._next_hop(hop, response, len(history))
                if next_hop is None and stream:
                    response.history = history
                    keep = True
                    return response
                # a redirect's body too is read (within the limits), as httpx does
                reader = _BodyReader(
                    response, prepared.max_response_size, deadline, prepared.total_timeout
                )
                for raw in response.iter_raw():
                    reader.feed(raw)
                reader.finish()
                if next_hop is None:
                    response.history = history
                    return response
            except httpx.TimeoutException as exc:
                self._raise_timed_out(exc, prepared, deadline)
            finally:
                if not keep:
                    response.close()
            history.append(response)
            hop = next_hop

    def _send(self, options: _Options) -> tuple[httpx.Response, int]:
        prepared = self._prepare(options)
        retries_taken = 0
        while True:
            request = self._build_request(prepared, self._bearer(prepared))
            self._log_request(request, retries_taken, prepared.max_retries)
            wait: float | None
            try:
                response = self._attempt(prepared, request, stream=options.stream)
            except httpx.HTTPError as exc:
                wait = self._wait_after_error(prepared, request, retries_taken, exc)
            else:
                wait = self._wait_after_status(prepared, request, retries_taken, response)
                if wait is None:
                    return response, retries_taken
                response.close()
            self._sleep(wait)
            retries_taken += 1

    @overload
    def request(self, cast_to: type[TypeOf[_T]], options: RequestOptions) -> _T: ...

    @overload
    def request(self, cast_to: type[_T], options: RequestOptions) -> _T: ...

    def request(self, cast_to: Any, options: RequestOptions) -> Any:
        """Send one operation (with retries) and return its response parsed as ``cast_to`` (a
        class, ``list[X]``, or ``TypeOf[A | B]`` for a union).

        Inside a ``with_raw_response`` wrapper the result is an ``APIResponse`` instead.
        """
        raw = consume_raw_response_request()
        call = _call(options, cast_to)
        if consume_streaming_response_request():
            return self._streamed(call, lambda r: self._parse_success(call, r))
        response, retries_taken = self._send(call)
        return self._finish(call, response, retries_taken, raw)

    def _send_unread(self, options: _Options) -> tuple[httpx.Response, int]:
        """:meth:`_send`, leaving the body of the answer unread for the caller to stream (an
        error status's body is read, for the error, and the response closed)."""
        response, retries_taken = self._send(replace(options, stream=True))
        if response.status_code >= 400:
            response.read()
            response.close()
        return response, retries_taken

    def _streamed(
        self, options: _Options, parse: Callable[[httpx.Response], Any], *, read_first: bool = True
    ) -> StreamedAPIResponse[Any]:
        """A ``with_streaming_response`` call: the response with its body left unread."""
        response, retries_taken = self._send_unread(options)
        if response.status_code >= 400:
            raise self._status_error(options, response)
        return StreamedAPIResponse(
            response,
            lambda: parse(response),
            retries_taken=retries_taken,
            read_before_parse=read_first,
        )

    @overload
    def request_stream(
        self, options: RequestOptions, *, event_type: type[TypeOf[_T]]
    ) -> Stream[_T]: ...

    @overload
    def request_stream(self, options: RequestOptions, *, event_type: type[_T]) -> Stream[_T]: ...

    def request_stream(self, options: RequestOptions, *, event_type: Any) -> Any:
        """Send one operation whose answer is a ``text/event-stream`` and return a
        :class:`Stream` of its events parsed as ``event_type`` (retried until the response
        headers arrive, never once events flow)."""
        raw = consume_raw_response_request()
        call = _event_stream_call(options)
        event_type = _type_form(event_type)
        if consume_streaming_response_request():
            return self._streamed(
                call, lambda r: Stream(r, self._event_parser(event_type, r)), read_first=False
            )
        response, retries_taken = self._send_unread(call)
        stream: Stream[Any] = Stream(response, self._event_parser(event_type, response))
        return self._finish(call, response, retries_taken, raw, lambda: stream)

    @overload
    def request_page(
        self,
        cast_to: Any,
        options: RequestOptions,
        *,
        page: PageSpec,
        item_type: type[TypeOf[_T]],
    ) -> SyncPage[_T]: ...

    @overload
    def request_page(
        self, cast_to: Any, options: RequestOptions, *, page: PageSpec, item_type: type[_T]
    ) -> SyncPage[_T]: ...

    def request_page(
        self, cast_to: Any, options: RequestOptions, *, page: PageSpec, item_type: Any
    ) -> Any:
        """Fetch the first page of a list operation; the page fetches the next ones."""
        raw = consume_raw_response_request()
        call = _call(options, cast_to)
        item_type = _type_form(item_type)
        page_or_raw: Any = self._fetch_page(call, page, item_type, raw=raw, seen_before=None)
        return cast(SyncPage[Any], page_or_raw)

    def _fetch_page(
        self,
        options: _Options,
        spec: PageSpec,
        item_type: Any,
        *,
        raw: bool,
        seen_before: int | None,
    ) -> SyncPage[Any] | APIResponse[SyncPage[Any]]:
        response, retries_taken = self._send(options)

        def fetch_next(params: NextRequest, seen: int) -> SyncPage[Any]:
            next_page = self._fetch_page(
                options.with_page(params), spec, item_type, raw=False, seen_before=seen
            )
            return cast(SyncPage[Any], next_page)

        def build() -> SyncPage[Any]:
            parsed, items = self._page_items(options, response, spec, item_type)
            return SyncPage(
                response=parsed,
                items=items,
                spec=spec,
                params=options.page_params(),
                fetch=fetch_next,
                http_response=response,
                seen_before=seen_before,
            )

        result: SyncPage[Any] | APIResponse[SyncPage[Any]] = self._finish(
            options, response, retries_taken, raw, build
        )
        return result

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# ---------------------------------------------------------------------------------------- async


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """The asynchronous client core; the generated ``AsyncClient`` subclasses it."""

    @staticmethod
    def _http_client_type() -> type[httpx.AsyncClient]:
        return httpx.AsyncClient

    async def _sleep(self, seconds: float) -> None:
        """Wait between attempts and between polls (replace it in tests)."""
        await asyncio.sleep(seconds)

    async def _bearer(self, prepared: _Prepared) -> str | None:
        if not prepared.auth.bearer:
            return None
        token = self._auth.bearer
        if callable(token):
            value: object = token()
            if inspect.isawaitable(value):
                value = await value
            token = cast(str | None, value)
        return None if token is None else str(token)

    async def _attempt(
        self, prepared: _Prepared, request: httpx.Request, stream: bool = False
    ) -> httpx.Response:
        """One attempt: ``request``, the redirects it is sent on (see ``_next_hop``) and the
        final body, read within ``max_response_size`` and ``total_timeout`` (a hard deadline
        for the whole attempt)."""
        deadline = self._deadline(prepared)
        if deadline is None or prepared.total_timeout is None:
            return await self._attempt_hops(prepared, request, None, stream)
        try:
            return await asyncio.wait_for(
                self._attempt_hops(prepared, request, deadline, stream), prepared.total_timeout
            )
        except TimeoutError as exc:
            raise _TotalTimeout(
                f"total timeout of {prepared.total_timeout:g} s exceeded", request=request
            ) from exc

    async def _attempt_hops(
        self,
        prepared: _Prepared,
        request: httpx.Request,
        deadline: float | None,
        stream: bool = False,
    ) -> httpx.Response:
        history: list[httpx.Response] = []
        hop = request
        while True:
            _arm_deadline(hop, deadline)
            try:
                response = await self._client.send(
                    hop,
                    stream=True,
                    follow_redirects=False,
                    auth=None if history else httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.TimeoutException as exc:
                self._raise_timed_out(exc, prepared, deadline)
            except httpx.InvalidURL as exc:  # httpx parses Location even when not following
                raise APIRedirectError(f"Invalid redirect location: {exc}", request=hop) from exc
            keep = False  # a streamed final response stays open for the caller
            try:
                next_hop = self._next_hop(hop, response, len(history))
                if next_hop is None and stream:
                    response.history = history
                    keep = True
                    return response
                # a redirect's body too is read (within the limits), as httpx does
                reader = _BodyReader(
                    response, prepared.max_response_size, deadline, prepared.total_timeout
                )
                async for raw in response.aiter_raw():
                    reader.feed(raw)
                reader.finish()
                if next_hop is None:
                    response.history = history
                    return response
            except httpx.TimeoutException as exc:
                self._raise_timed_out(exc, prepared, deadline)
            finally:
                if not keep:
                    await response.aclose()
            history.append(response)
            hop = next_hop

    async def _send(self, options: _Options) -> tuple[httpx.Response, int]:
        prepared = self._prepare(options)
        retries_taken = 0
        while True:
            request = self._build_request(prepared, await self._bearer(prepared))
            self._log_request(request, retries_taken, prepared.max_retries)
            wait: float | None
            try:
                response = await self._attempt(prepared, request, stream=options.stream)
            except httpx.HTTPError as exc:
                wait = self._wait_after_error(prepared, request, retries_taken, exc)
            else:
                wait = self._wait_after_status(prepared, request, retries_taken, response)
                if wait is None:
                    return response, retries_taken
                await response.aclose()
            await self._sleep(wait)
            retries_taken += 1

    @overload
    async def request(self, cast_to: type[TypeOf[_T]], options: RequestOptions) -> _T: ...

    @overload
    async def request(self, cast_to: type[_T], options: RequestOptions) -> _T: ...

    async def request(self, cast_to: Any, options: RequestOptions) -> Any:
        """Send one operation (with retries) and return its response parsed as ``cast_to`` (a
        class, ``list[X]``, or ``TypeOf[A | B]`` for a union).

        Inside an ``async_to_raw_response_wrapper`` the result is an ``APIResponse`` instead.
        """
        raw = consume_raw_response_request()
        call = _call(options, cast_to)
        if consume_streaming_response_request():
            return await self._streamed(call, lambda r: self._parse_success(call, r))
        response, retries_taken = await self._send(call)
        return self._finish(call, response, retries_taken, raw)

    async def _send_unread(self, options: _Options) -> tuple[httpx.Response, int]:
        """:meth:`_send`, leaving the body of the answer unread for the caller to stream (an
        error status's body is read, for the error, and the response closed)."""
        response, retries_taken = await self._send(replace(options, stream=True))
        if response.status_code >= 400:
            await response.aread()
            await response.aclose()
        return response, retries_taken

    async def _streamed(
        self, options: _Options, parse: Callable[[httpx.Response], Any], *, read_first: bool = True
    ) -> AsyncStreamedAPIResponse[Any]:
        """A ``with_streaming_response`` call: the response with its body left unread."""
        response, retries_taken = await self._send_unread(options)
        if response.status_code >= 400:
            raise self._status_error(options, response)
        return AsyncStreamedAPIResponse(
            response,
            lambda: parse(response),
            retries_taken=retries_taken,
            read_before_parse=read_first,
        )

    @overload
    async def request_stream(
        self, options: RequestOptions, *, event_type: type[TypeOf[_T]]
    ) -> AsyncStream[_T]: ...

    @overload
    async def request_stream(
        self, options: RequestOptions, *, event_type: type[_T]
    ) -> AsyncStream[_T]: ...

    async def request_stream(self, options: RequestOptions, *, event_type: Any) -> Any:
        """Send one operation whose answer is a ``text/event-stream`` and return an
        :class:`AsyncStream` of its events parsed as ``event_type``."""
        raw = consume_raw_response_request()
        call = _event_stream_call(options)
        event_type = _type_form(event_type)
        if consume_streaming_response_request():
            return await self._streamed(
                call,
                lambda r: AsyncStream(r, self._event_parser(event_type, r)),
                read_first=False,
            )
        response, retries_taken = await self._send_unread(call)
        stream: AsyncStream[Any] = AsyncStream(response, self._event_parser(event_type, response))
        return self._finish(call, response, retries_taken, raw, lambda: stream)

    @overload
    def request_page(
        self,
        cast_to: Any,
        options: RequestOptions,
        *,
        page: PageSpec,
        item_type: type[TypeOf[_T]],
    ) -> AsyncPaginator[_T]: ...

    @overload
    def request_page(
        self, cast_to: Any, options: RequestOptions, *, page: PageSpec, item_type: type[_T]
    ) -> AsyncPaginator[_T]: ...

    def request_page(
        self, cast_to: Any, options: RequestOptions, *, page: PageSpec, item_type: Any
    ) -> Any:
        """A paginator for a list operation (not awaited here): ``await`` it for the first
        page, ``async for`` over it for every item."""
        call = _call(options, cast_to)
        item_type = _type_form(item_type)

        async def first_page() -> AsyncPage[Any]:
            raw = consume_raw_response_request()
            result: Any = await self._fetch_page(call, page, item_type, raw=raw, seen_before=None)
            return cast(AsyncPage[Any], result)

        return AsyncPaginator(first_page)

    async def _fetch_page(
        self,
        options: _Options,
        spec: PageSpec,
        item_type: Any,
        *,
        raw: bool,
        seen_before: int | None,
    ) -> AsyncPage[Any] | APIResponse[AsyncPage[Any]]:
        response, retries_taken = await self._send(options)

        async def fetch_next(params: NextRequest, seen: int) -> AsyncPage[Any]:
            next_page = await self._fetch_page(
                options.with_page(params), spec, item_type, raw=False, seen_before=seen
            )
            return cast(AsyncPage[Any], next_page)

        def build() -> AsyncPage[Any]:
            parsed, items = self._page_items(options, response, spec, item_type)
            return AsyncPage(
                response=parsed,
                items=items,
                spec=spec,
                params=options.page_params(),
                fetch=fetch_next,
                http_response=response,
                seen_before=seen_before,
            )

        result: AsyncPage[Any] | APIResponse[AsyncPage[Any]] = self._finish(
            options, response, retries_taken, raw, build
        )
        return result

    async def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
