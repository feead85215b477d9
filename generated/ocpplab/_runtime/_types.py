"""Sentinels and type aliases shared by the runtime and the generated code.

``omit`` marks an optional argument the caller did not give: omit values are dropped from
the query, the headers and the body, so an update sends only the fields that were passed.
``NOT_GIVEN`` marks "use the client default" for ``timeout`` and ``max_retries`` (where
``None`` already has a meaning: no timeout).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import (
    IO,
    Any,
    ClassVar,
    Generic,
    Literal,
    Self,
    TypeAlias,
    TypeVar,
    cast,
    final,
)

import httpx

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "Headers",
    "NotGiven",
    "Omit",
    "Query",
    "RawFileContent",
    "RequestOptions",
    "ResponseKind",
    "Timeout",
    "TypeOf",
    "omit",
]


class _Sentinel:
    """A falsy singleton (one per subclass) that copies, deep copies and pickles as itself."""

    _name: ClassVar[str]
    _instance: ClassVar[Any] = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cast(Self, cls._instance)

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return self._name

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def __reduce__(self) -> str:
        return self._name


@final
class Omit(_Sentinel):
    """The type of :data:`omit`: an argument that was not given (falsy, a singleton)."""

    _name = "omit"


omit = Omit()


@final
class NotGiven(_Sentinel):
    """The type of :data:`NOT_GIVEN`: "use the client's default" (falsy, a singleton)."""

    _name = "NOT_GIVEN"


NOT_GIVEN = NotGiven()

Timeout: TypeAlias = float | httpx.Timeout | None
"""Seconds (applied to connect, read, write and pool), an ``httpx.Timeout``, or None (none)."""

Headers = Mapping[str, str | Omit | None]
"""Extra headers for one call; an ``omit`` or None value removes a header the client would send."""

Query = Mapping[str, object]
"""Query parameters; values are stringified (bools as true/false, lists as repeated keys)."""

Body = object
"""A JSON-able request body."""

ResponseKind = Literal["json", "text", "bytes", "none"]

RawFileContent: TypeAlias = IO[bytes] | bytes | os.PathLike[str]
"""The bytes of an uploaded file: a binary file object, bytes, or a path to read."""

FileContent: TypeAlias = (
    RawFileContent
    | tuple[str | None, RawFileContent]
    | tuple[str | None, RawFileContent, str | None]
)
"""A multipart file: its content, or ``(filename, content)``, or
``(filename, content, content_type)``. Contents are read into memory once, so a retried
request sends the same bytes."""


_T = TypeVar("_T")


class TypeOf(Generic[_T]):
    """``cast_to=TypeOf[A | B]``: a response type that is not a class (a union, ``Any``), for
    :meth:`SyncAPIClient.request` to return as ``A | B``. Never instantiated."""


@dataclass(frozen=True, kw_only=True)
class RequestOptions:
    """Everything about one operation call but the type it returns (``cast_to``)."""

    method: str
    path: str
    path_params: Mapping[str, object] | None = None
    query: Mapping[str, object] | None = None
    headers: Mapping[str, object] | None = None
    cookies: Mapping[str, object] | None = None
    json_body: object = omit
    form_body: Mapping[str, object] | None = None
    files: Mapping[str, object] | None = None
    content: bytes | str | None = None
    content_type: str | None = None
    response_kind: str = "json"
    error_types: Mapping[str, Any] | None = None
    security: Sequence[Sequence[str]] | None = None
    extra_headers: Mapping[str, str | Omit | None] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    idempotency_key: str | None = None
