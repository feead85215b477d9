"""Server-sent events: typed events from a loopback server that really streams (chunked, with
pauses), `[DONE]`, a stream cut in the middle, early exit closing the connection, retries only
before the first byte of the stream, sync and async."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pydantic
import pytest

from .helpers import Flavor, call_stream


class Chunk(pydantic.BaseModel):
    id: str
    delta: str


def _event(n: int) -> bytes:
    return f"data: {json.dumps({'id': f'c{n}', 'delta': 'abc'[n]})}\n\n".encode()


class SSEServer:
    """A raw HTTP/1.1 server on 127.0.0.1: each path is a scripted event stream."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests: list[str] = []
        self.closed_by_client = threading.Event()
        self.failures_left = 0
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                got = conn.recv(65536)
                if not got:
                    return
                data += got
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            while len(body) < length:  # read the whole request: unread bytes make close() a reset
                got = conn.recv(65536)
                if not got:
                    return
                body += got
            head = head.decode()
            path = head.split(" ")[1]
            self.requests.append(head)
            if self.failures_left:
                self.failures_left -= 1
                conn.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n"
                    b"connection: close\r\n\r\n"
                )
                return
            if path == "/chat/completions" and not json.loads(body or b"{}").get("stream"):
                answer = json.dumps({"id": "cmpl", "text": "abc"}).encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-length: %d\r\n\r\n%s" % (len(answer), answer)
                )
                return
            if path == "/missing":  # an error status: a JSON body, not a stream
                answer = b'{"error": "no such stream"}'
                conn.sendall(
                    b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\n"
                    b"content-length: %d\r\n\r\n%s" % (len(answer), answer)
                )
                return
            conn.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                b"transfer-encoding: chunked\r\ncache-control: no-cache\r\n\r\n"
            )

            def chunk(payload: bytes) -> None:
                conn.sendall(b"%x\r\n%s\r\n" % (len(payload), payload))

            if path == "/cut":
                chunk(_event(0) + _event(1))
                time.sleep(0.05)
                conn.sendall(b'40\r\ndata: {"id": "c2"')  # half a chunk, then the line drops
                conn.shutdown(socket.SHUT_RDWR)
                return
            if path == "/endless":
                chunk(b": hello\n\n" + _event(0))
                try:
                    for _ in range(400):  # ~20 s unless the client hangs up
                        time.sleep(0.05)
                        chunk(b": keep-alive\n\n")
                except OSError:
                    self.closed_by_client.set()
                return
            if path == "/ticks":  # no [DONE]: the stream just ends
                chunk(b"".join(b'event: tick\ndata: {"n": %d}\n\n' % n for n in range(3)))
                conn.sendall(b"0\r\n\r\n")
                return
            if path == "/error":
                chunk(_event(0) + b'event: error\ndata: {"error": {"message": "overloaded"}}\n\n')
                conn.sendall(b"0\r\n\r\n")
                return
            for n in range(3):  # "/sse": three events across chunks, then [DONE]
                chunk(_event(n)[:10])
                time.sleep(0.01)
                chunk(_event(n)[10:])
            chunk(b"data: [DONE]\n\n")
            conn.sendall(b"0\r\n\r\n")

    def close(self) -> None:
        self._stop = True
        self.sock.close()


@pytest.fixture
def sse() -> Iterator[SSEServer]:
    server = SSEServer()
    try:
        yield server
    finally:
        server.close()


def _stream(flavor: Flavor, sse: SSEServer, path: str, **kwargs: Any) -> Any:
    client = flavor.client(base_url=sse.url, **kwargs)
    return flavor.run(call_stream(client, "POST", path, event_type=Chunk, json_body={"s": 1}))


def _collect(flavor: Flavor, stream: Any, limit: int | None = None) -> list[Any]:
    if not flavor.is_async:
        out = []
        with stream:
            for event in stream:
                out.append(event)
                if limit is not None and len(out) >= limit:
                    break
        return out

    async def run() -> list[Any]:
        out = []
        async with stream:
            async for event in stream:
                out.append(event)
                if limit is not None and len(out) >= limit:
                    break
        return out

    return flavor.run(run())


def test_three_typed_events_then_done(flavor: Flavor, sse: SSEServer) -> None:
    stream = _stream(flavor, sse, "/sse")
    assert isinstance(stream, flavor.rt.AsyncStream if flavor.is_async else flavor.rt.Stream)
    assert stream.response.headers["content-type"] == "text/event-stream"
    events = _collect(flavor, stream)
    assert events == [
        Chunk(id="c0", delta="a"),
        Chunk(id="c1", delta="b"),
        Chunk(id="c2", delta="c"),
    ]
    assert "accept: text/event-stream" in sse.requests[0].lower()
    assert _collect(flavor, stream) == []  # a stream is read once


def test_a_cut_stream_raises_a_typed_error_and_is_not_replayed(
    flavor: Flavor, sse: SSEServer
) -> None:
    stream = _stream(flavor, sse, "/cut")
    seen: list[Any] = []
    with pytest.raises(flavor.rt.APIStreamError) as caught:
        if flavor.is_async:

            async def run() -> None:
                async for event in stream:
                    seen.append(event)

            flavor.run(run())
        else:
            for event in stream:
                seen.append(event)
    assert [e.id for e in seen] == ["c0", "c1"]
    assert isinstance(caught.value, flavor.rt.APIConnectionError)
    assert len(sse.requests) == 1  # no retry once events flowed


def test_leaving_early_closes_the_connection(flavor: Flavor, sse: SSEServer) -> None:
    stream = _stream(flavor, sse, "/endless")
    events = _collect(flavor, stream, limit=1)
    assert [e.id for e in events] == ["c0"]
    assert sse.closed_by_client.wait(5), "the server kept streaming to an open connection"


def test_an_error_event_raises(flavor: Flavor, sse: SSEServer) -> None:
    stream = _stream(flavor, sse, "/error")
    with pytest.raises(flavor.rt.APIStreamError) as caught:
        _collect(flavor, stream)
    assert caught.value.body == {"error": {"message": "overloaded"}}


def test_retried_until_the_stream_starts(flavor: Flavor, sse: SSEServer) -> None:
    sse.failures_left = 1
    stream = _stream(flavor, sse, "/sse")
    assert len(_collect(flavor, stream)) == 3
    assert len(sse.requests) == 2


def test_an_error_status_raises_with_its_body_read(flavor: Flavor, sse: SSEServer) -> None:
    with pytest.raises(flavor.rt.NotFoundError) as caught:
        _stream(flavor, sse, "/missing")
    assert caught.value.body == {"error": "no such stream"}
    assert caught.value.response.is_closed and len(sse.requests) == 1


def test_decoder_follows_the_event_stream_format(rt: Any) -> None:
    from sdkpkg._runtime._streaming import SSEDecoder  # type: ignore[import-not-found]

    decoder = SSEDecoder()
    lines = ["event: delta", "id: 7", "data: one", "data:two", ": comment", "retry: 10", ""]
    events = [e for e in map(decoder.decode, lines) if e is not None]
    assert len(events) == 1
    assert (events[0].event, events[0].id, events[0].data, events[0].retry) == (
        "delta",
        "7",
        "one\ntwo",
        10,
    )
    assert decoder.decode("") is None
