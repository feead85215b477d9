"""Issue 13's hostile-server findings through a generated client (a minimal spec of our own,
generated once per module): credentials, client headers, idempotency key and body never follow
a redirect to another origin; response size and total time are bounded; deep JSON is typed."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

import pytest

from generator.config import Config
from generator.pipeline import generate, write

from .faulty_server import FaultyServer, RecordedRequest, Reply

PKG = "hostile_sdk"
SECRET = "s3cr3t"

SPEC = """\
openapi: 3.0.3
info: {title: Hostile, version: "1"}
servers: [{url: "http://localhost"}]
security: [{bearer: [], key: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Thing:
      type: object
      required: [id]
      properties: {id: {type: string}}
paths:
  /things/{thing_id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
  /things:
    post:
      operationId: createThing
      tags: [things]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
"""


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("hostile_sdk")
    spec = root / "hostile.yaml"
    spec.write_text(SPEC)
    config = Config().with_overrides(
        spec=str(spec),
        output=str(root / "out"),
        package=PKG,
        client_headers=("X-Organization-Id",),
        idempotency_header="Idempotency-Key",
    )
    write(generate(Path(spec), config), config)
    sys.path.insert(0, str(root / "out"))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(PKG)
    finally:
        sys.path.remove(str(root / "out"))
        for name in list(sys.modules):
            if name == PKG or name.startswith(PKG + "."):
                del sys.modules[name]


@pytest.fixture
def servers() -> Iterator[tuple[FaultyServer, FaultyServer]]:
    with FaultyServer() as base, FaultyServer() as other:
        other.default_reply = Reply(200, json={"id": "from-other"})
        yield base, other


def _client(sdk: ModuleType, url: str, is_async: bool, **kwargs: Any) -> Any:
    cls = sdk.AsyncClient if is_async else sdk.Client
    # the constructor's credential names are the generator's choice: find them by meaning
    names = list(inspect.signature(cls.__init__).parameters)
    # the bearer scheme's argument (`token`, or `api_key` as the credential naming rules call it)
    token = next(n for n in names if "token" in n or n == "api_key")
    org = next(n for n in names if "organization" in n)
    key = next(n for n in names if n not in (token, org) and n.endswith("key"))
    return cls(base_url=url, **{token: "tok", key: SECRET, org: "org-1"}, **kwargs)


def _get(client: Any) -> Any:
    """The getThing method (its name is the naming rules' choice)."""
    return next(
        getattr(client.things, n)
        for n in ("get", "get_thing", "retrieve")
        if hasattr(client.things, n)
    )


def _create(client: Any) -> Any:
    things = client.things
    return next(getattr(things, n) for n in ("create", "create_thing") if hasattr(things, n))


@pytest.fixture
def runner() -> Iterator[asyncio.Runner]:
    """One event loop per test: an async client's connections belong to the loop."""
    with asyncio.Runner() as loop_runner:
        yield loop_runner


def _call(runner: asyncio.Runner, is_async: bool, thunk: Any) -> Any:
    if not is_async:
        return thunk()

    async def run() -> Any:
        return await thunk()

    return runner.run(run())


def _anonymous(request: RecordedRequest) -> bool:
    sent = {name.lower() for name, _ in request.header_list}
    leaked = sent & {"authorization", "x-api-key", "x-organization-id", "idempotency-key"}
    return not leaked and SECRET not in request.target and request.body == b""


def test_client_options_are_generated(sdk: ModuleType) -> None:
    client = sdk.Client(base_url="http://127.0.0.1:9", max_response_size=1000, total_timeout=2.5)
    assert (client.max_response_size, client.total_timeout) == (1000, 2.5)
    assert sdk.Client(base_url="http://127.0.0.1:9").max_response_size == 64 * 1024 * 1024
    assert issubclass(sdk.APIResponseTooLargeError, sdk.APIError)
    assert issubclass(sdk.APIRedirectError, sdk.APIConnectionError)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_generated_client_redirects(
    sdk: ModuleType,
    servers: tuple[FaultyServer, FaultyServer],
    runner: asyncio.Runner,
    is_async: bool,
) -> None:
    base, other = servers
    base.script("/things/a", Reply(302, headers={"Location": other.url + "/elsewhere"}))
    base.script("/things", Reply(303, headers={"Location": other.url + "/made"}), method="POST")
    client = _client(sdk, base.url, is_async)
    assert _call(runner, is_async, lambda: _get(client)("a")).id == "from-other"
    assert _call(runner, is_async, lambda: _create(client)(id=SECRET)).id == "from-other"
    first_get, first_post = base.requests
    assert first_get.header("authorization") == "Bearer tok"
    assert first_get.header("x-organization-id") == "org-1"
    assert first_post.header("idempotency-key") and first_post.json() == {"id": SECRET}
    hop_get, hop_post = other.requests
    assert (hop_get.method, hop_post.method) == ("GET", "GET")
    assert _anonymous(hop_get) and _anonymous(hop_post), other.requests

    base.script("/things", Reply(307, headers={"Location": other.url + "/made"}), method="POST")
    with pytest.raises(sdk.APIRedirectError):
        _call(runner, is_async, lambda: _create(client)(id=SECRET))
    assert len(other.requests) == 2


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_generated_client_limits(
    sdk: ModuleType,
    servers: tuple[FaultyServer, FaultyServer],
    runner: asyncio.Runner,
    is_async: bool,
) -> None:
    base, _ = servers

    def endless(out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while not stopping.is_set():
            out.write(b"10000\r\n" + b" " * 0x10000 + b"\r\n")

    def drip(out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while not stopping.wait(0.02):
            out.write(b" ")

    base.script("/things/endless", Reply.raw(endless))
    base.script("/things/drip", Reply.raw(drip))
    base.script("/things/deep", Reply(200, body=b"[" * 200_000 + b"]" * 200_000))
    client = _client(sdk, base.url, is_async, max_response_size=1024 * 1024, max_retries=0)
    with pytest.raises(sdk.APIResponseTooLargeError):
        _call(runner, is_async, lambda: _get(client)("endless"))
    with pytest.raises(sdk.APITimeoutError, match="total timeout"):
        _call(runner, is_async, lambda: _get(client.with_options(total_timeout=0.3))("drip"))
    with pytest.raises(sdk.APIResponseValidationError, match="nested too deeply"):
        _call(runner, is_async, lambda: _get(client)("deep"))
