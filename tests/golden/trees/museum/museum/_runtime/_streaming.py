"""Server-sent events: a ``text/event-stream`` response as an iterator of typed events.

A streaming method returns a :class:`Stream` (an :class:`AsyncStream` on the async client)::

    with client.chat.completions.create(..., stream=True) as stream:
        for chunk in stream:                    # CreateChatCompletionStreamResponse, parsed
            print(chunk.choices[0].delta.content)
    # leaving the block (or breaking out of the loop) closes the connection

    async with await client.chat.completions.create(..., stream=True) as stream:
        async for chunk in stream: ...

Each event's ``data`` is JSON parsed into the operation's event type (a plain string when it is
not JSON); a ``data: [DONE]`` event ends the stream (OpenAI's convention); an ``event: error``
event raises :class:`APIStreamError`, and so does a connection cut before the stream ended. The
request is retried (as any other) until the response headers arrive, never once events flow.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import APIConnectionError

__all__ = ["APIStreamError", "AsyncStream", "SSEDecoder", "ServerSentEvent", "Stream"]

T = TypeVar("T")
DONE = "[DONE]"


class APIStreamError(APIConnectionError):
    """The event stream broke off (connection cut) or the server sent an ``error`` event."""

    def __init__(self, message: str, *, request: httpx.Request, body: object = None) -> None:
        super().__init__(message, request=request)
        self.body = body


@dataclass(frozen=True)
class ServerSentEvent:
    """One event as sent: ``event`` (None when the stream gave none), ``data`` (its lines joined
    by ``\\n``), ``id`` and ``retry``."""

    data: str = ""
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        return json.loads(self.data)


class SSEDecoder:
    """The event-stream format (WHATWG HTML, 9.2.6): feed it lines, it returns whole events."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def decode(self, line: str) -> ServerSentEvent | None:
        line = line.rstrip("\r\n")
        if not line:  # a blank line dispatches the event
            if not self._data:  # no data: nothing is dispatched (the event type resets)
                self._event = None
                return None
            event = ServerSentEvent("\n".join(self._data), self._event, self._id, self._retry)
            self._data, self._event, self._retry = [], None, None
            return event
        if line.startswith(":"):
            return None  # a comment (keep-alive)
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def flush(self) -> ServerSentEvent | None:
        """The last event when the stream ended without a blank line after it."""
        return self.decode("") if self._data else None


class _BaseStream(Generic[T]):
    response: httpx.Response
    """The HTTP response (its headers; the body is being streamed)."""

    def __init__(self, response: httpx.Response, parse: Callable[[Any], T]) -> None:
        self.response = response
        self._parse = parse
        self._decoder = SSEDecoder()
        self._done = False

    def _event(self, sse: ServerSentEvent) -> tuple[bool, T | None]:
        """(stop, value): what one server-sent event gives."""
        if sse.data.strip() == DONE:
            return True, None
        try:
            data: Any = sse.json()
        except ValueError:
            data = sse.data
        if sse.event == "error" or (
            sse.event is None and isinstance(data, dict) and set(data) == {"error"}
        ):
            raise APIStreamError(
                f"the server sent an error event: {sse.data[:500]}",
                request=self.response.request,
                body=data,
            )
        return False, self._parse(data)

    def _cut(self, exc: Exception) -> APIStreamError:
        return APIStreamError(
            f"the event stream was cut before it ended: {exc}", request=self.response.request
        )


class Stream(_BaseStream[T]):
    """The events of a ``text/event-stream`` response; iterate it once, close it when leaving
    early (``with stream:`` does)."""

    def __iter__(self) -> Iterator[T]:
        try:
            for sse in self._events():
                stop, value = self._event(sse)
                if stop:
                    return
                yield value  # type: ignore[misc]
        finally:
            self.close()

    def _events(self) -> Iterator[ServerSentEvent]:
        if self._done:
            return
        self._done = True
        try:
            for line in self.response.iter_lines():
                event = self._decoder.decode(line)
                if event is not None:
                    yield event
        except httpx.TransportError as exc:
            raise self._cut(exc) from exc
        last = self._decoder.flush()
        if last is not None:
            yield last

    def close(self) -> None:
        """Close the connection (also when the stream was not read to its end)."""
        self._done = True
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(_BaseStream[T]):
    """The events of a ``text/event-stream`` response on the async client."""

    async def __aiter__(self) -> AsyncIterator[T]:
        try:
            async for sse in self._events():
                stop, value = self._event(sse)
                if stop:
                    return
                yield value  # type: ignore[misc]
        finally:
            await self.close()

    async def _events(self) -> AsyncIterator[ServerSentEvent]:
        if self._done:
            return
        self._done = True
        try:
            async for line in self.response.aiter_lines():
                event = self._decoder.decode(line)
                if event is not None:
                    yield event
        except httpx.TransportError as exc:
            raise self._cut(exc) from exc
        last = self._decoder.flush()
        if last is not None:
            yield last

    async def close(self) -> None:
        self._done = True
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
