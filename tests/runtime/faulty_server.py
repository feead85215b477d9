"""A scriptable, fault-injecting HTTP/1.1 server on 127.0.0.1 for client tests.

Each path gets a script: a sequence of replies consumed one per request (the last one
repeats), or a handler called with the recorded request. Replies can be ordinary
responses, a connection reset without any response, or a stall (sleep before answering,
longer than the client's timeout). Every request is recorded with its method, path,
query, headers, body bytes and arrival time::

    with FaultyServer() as server:
        server.script("/things", Reply(503), Reply(200, json={"ok": True}))
        server.script("/slow", Reply.stall(5.0))
        server.script("/flaky", Reply.reset(), Reply(200, json={}))
        server.route("/echo", lambda req: Reply(200, json={"q": req.query}))
        server.script("/endless", Reply.raw(lambda out, stop: ...))  # writes the whole answer
        ... client against server.url ...
        assert [r.path for r in server.requests] == ["/things", "/things"]

Scripts are keyed by path, or by ``"METHOD /path"`` (which wins over the bare path).
Unscripted paths answer ``server.default_reply``, or 404 ``{"detail": "..."}`` when unset.
"""

from __future__ import annotations

import email.utils
import json as jsonlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, BinaryIO, Literal, Union
from urllib.parse import parse_qs, urlsplit

__all__ = ["FaultyServer", "RecordedRequest", "Reply", "http_date"]

_NO_JSON: Any = object()


def http_date(seconds_from_now: float) -> str:
    """An HTTP date (for ``Retry-After``) ``seconds_from_now`` in the future."""
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


@dataclass
class Reply:
    """One scripted answer.

    ``action``: ``"respond"`` (default) answers after ``delay`` seconds; ``"reset"`` closes the
    connection with a TCP reset and no response; ``"close"`` closes it cleanly without a
    response; ``"stall"`` waits ``delay`` seconds and then closes without a response;
    ``"raw"`` hands the connection to ``writer(wfile, stopping)``, which writes the status
    line, headers and body itself (endless, dripped or malformed answers; it should return
    when ``stopping`` is set or a write fails), and closes it afterwards.
    """

    status: int = 200
    json: Any = _NO_JSON
    body: bytes | str | None = None
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = ()
    content_type: str | None = None
    delay: float = 0.0
    action: Literal["respond", "reset", "close", "stall", "raw"] = "respond"
    writer: Callable[[BinaryIO, threading.Event], None] | None = None

    @classmethod
    def reset(cls) -> Reply:
        return cls(action="reset")

    @classmethod
    def close(cls) -> Reply:
        return cls(action="close")

    @classmethod
    def stall(cls, seconds: float) -> Reply:
        return cls(action="stall", delay=seconds)

    @classmethod
    def raw(cls, writer: Callable[[BinaryIO, threading.Event], None]) -> Reply:
        return cls(action="raw", writer=writer)

    def encoded(self) -> tuple[bytes, str | None]:
        if self.json is not _NO_JSON:
            return jsonlib.dumps(self.json).encode("utf-8"), "application/json"
        if isinstance(self.body, str):
            return self.body.encode("utf-8"), "text/plain; charset=utf-8"
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        return b"", None


@dataclass
class RecordedRequest:
    """A request as the server received it."""

    method: str
    target: str
    path: str
    raw_query: str
    query: dict[str, list[str]]
    header_list: list[tuple[str, str]]
    body: bytes
    time: float
    connection_id: int

    @property
    def headers(self) -> dict[str, str]:
        """Headers by lower-case name (the last value when repeated)."""
        return {name.lower(): value for name, value in self.header_list}

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        return jsonlib.loads(self.body)


Handler = Callable[[RecordedRequest], Reply]
Script = Union[list[Reply], Handler]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    owner: FaultyServer


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # no Nagle: headers and body leave at once (avoids 40 ms delayed-ACK stalls)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except OSError:  # the client hung up (e.g. on a body it would not read to the end)
            self.close_connection = True

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        arrived = time.monotonic()
        owner = self.server.owner
        body = self._read_body()
        split = urlsplit(self.path)
        request = RecordedRequest(
            method=self.command,
            target=self.path,
            path=split.path,
            raw_query=split.query,
            query=parse_qs(split.query, keep_blank_values=True),
            header_list=list(self.headers.items()),
            body=body,
            time=arrived,
            connection_id=id(self.connection),
        )
        reply = owner._record_and_pick(request)
        if reply.action == "reset":
            self._reset()
            return
        if reply.action == "raw":
            self.close_connection = True
            assert reply.writer is not None
            try:
                reply.writer(self.wfile, owner._stopping)
                self.wfile.flush()
            except OSError:  # the client hung up, as it should
                pass
            return
        if reply.action in ("close", "stall"):
            if reply.delay:
                owner._stopping.wait(reply.delay)
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if reply.delay:
            owner._stopping.wait(reply.delay)
        payload, default_type = reply.encoded()
        try:
            self.send_response(reply.status)
            headers = list(
                reply.headers.items() if isinstance(reply.headers, Mapping) else reply.headers
            )
            names = {name.lower() for name, _ in headers}
            content_type = reply.content_type or default_type
            if content_type and "content-type" not in names:
                self.send_header("Content-Type", content_type)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            self.wfile.flush()
        except OSError:  # the client gave up (e.g. after a stall)
            self.close_connection = True

    def _reset(self) -> None:
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


class FaultyServer:
    """The server; start it with ``with FaultyServer() as server`` (or ``start()``/``stop()``)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._httpd = _Server((host, port), _RequestHandler)
        self._httpd.owner = self
        self._lock = threading.Lock()
        self._scripts: dict[str, Script] = {}
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.requests: list[RecordedRequest] = []
        self.default_reply: Reply | None = None
        """The answer for unscripted paths (None: 404 with a JSON ``detail``)."""

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultyServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultyServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- scripting ------------------------------------------------------------------------

    def script(self, path: str, *replies: Reply, method: str | None = None) -> None:
        """Answer requests to ``path`` with ``replies`` in order; the last one repeats."""
        if not replies:
            raise ValueError("a script needs at least one reply")
        with self._lock:
            self._scripts[self._key(path, method)] = list(replies)

    def route(self, path: str, handler: Handler, method: str | None = None) -> None:
        """Answer requests to ``path`` with ``handler(recorded_request)``."""
        with self._lock:
            self._scripts[self._key(path, method)] = handler

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            return [
                r
                for r in self.requests
                if r.path == path and (method is None or r.method == method.upper())
            ]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self._scripts.clear()

    @staticmethod
    def _key(path: str, method: str | None) -> str:
        return f"{method.upper()} {path}" if method else path

    def _record_and_pick(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            script = self._scripts.get(f"{request.method} {request.path}")
            if script is None:
                script = self._scripts.get(request.path)
            if script is None:
                if self.default_reply is not None:
                    return self.default_reply
                return Reply(404, json={"detail": f"no script for {request.method} {request.path}"})
            if isinstance(script, list):
                return script.pop(0) if len(script) > 1 else script[0]
        return script(request)
