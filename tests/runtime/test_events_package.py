"""A package generated from tests/runtime/specs/events.yaml, used as a user would: `stream=True`
overloads and an always-streaming method against a loopback SSE server, and webhooks and a
callback parsed through `client.webhooks.unwrap` with and without Standard Webhooks signatures."""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.config import Config
from generator.pipeline import generate, write

from .test_streaming import SSEServer

SPEC = Path(__file__).resolve().parent / "specs" / "events.yaml"
SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHM="  # base64 of "secret-key-for-tests"


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("events")
    config = Config(spec=str(SPEC), output=str(root), package="events_sdk", server=False)
    write(generate(SPEC, config), config)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("events_sdk")
    finally:
        sys.path.remove(str(root))
        for name in list(sys.modules):
            if name.split(".")[0] == "events_sdk":
                del sys.modules[name]


@pytest.fixture
def sse() -> Iterator[SSEServer]:
    server = SSEServer()
    try:
        yield server
    finally:
        server.close()


def test_stream_true_gives_typed_chunks_and_false_the_json_type(
    events: ModuleType, sse: SSEServer
) -> None:
    models = importlib.import_module("events_sdk.models")
    with events.Client(base_url=sse.url) as client:
        whole = client.chat.completions.create(prompt="hi")
        assert isinstance(whole, models.Completion) and whole.text == "abc"
        with client.chat.completions.create(prompt="hi", stream=True) as stream:
            chunks = list(stream)
        assert [type(c) for c in chunks] == [models.CompletionChunk] * 3
        assert "".join(c.delta for c in chunks) == "abc"
        ticks = client.ticks.retrieve()
        assert [t.n for t in ticks] == [0, 1, 2] and all(isinstance(t, models.Tick) for t in ticks)
        raw = client.chat.completions.with_raw_response.create(prompt="hi", stream=True)
        assert raw.status_code == 200
        assert [c.id for c in raw.parse()] == ["c0", "c1", "c2"]


def test_async_stream(events: ModuleType, sse: SSEServer) -> None:
    async def run() -> list[Any]:
        async with events.AsyncClient(base_url=sse.url) as client:
            stream = await client.chat.completions.create(prompt="hi", stream=True)
            async with stream:
                return [c async for c in stream]

    chunks = asyncio.run(run())
    assert [c.delta for c in chunks] == ["a", "b", "c"]


def _body(kind: str) -> dict[str, Any]:
    if kind == "completed":
        return {"id": "evt_1", "type": "chat.completed", "data": {"completion_id": "c1"}}
    if kind == "failed":
        return {"id": "evt_2", "type": "chat.failed", "data": {"completion_id": "c1", "error": "x"}}
    return {"tick": 7}


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("completed", "WebhookChatCompleted"),
        ("failed", "WebhookChatFailed"),
        ("tick", "TickNotification"),
    ],
)
def test_unwrap_picks_the_documented_class(events: ModuleType, kind: str, cls: str) -> None:
    models = importlib.import_module("events_sdk.models")
    client = events.Client(base_url="http://127.0.0.1:9")
    event = client.webhooks.unwrap(json.dumps(_body(kind)).encode())
    assert type(event) is getattr(models, cls)
    assert event.model_dump(mode="json", exclude_none=True) == _body(kind)


def test_unwrap_refuses_what_matches_nothing(events: ModuleType) -> None:
    from events_sdk._runtime.webhooks import WebhookParseError  # type: ignore[import-not-found]

    client = events.Client(base_url="http://127.0.0.1:9")
    with pytest.raises(WebhookParseError):
        client.webhooks.unwrap(b'{"unknown": true}')
    with pytest.raises(WebhookParseError):
        client.webhooks.unwrap(b"not json")


def test_standard_webhooks_signature(events: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    from events_sdk._runtime.webhooks import (  # type: ignore[import-not-found]
        WebhookVerificationError,
        sign,
    )

    body = json.dumps(_body("completed"))
    now = int(time.time())
    good = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(now),
        "webhook-signature": "v1,bm9wZQ== " + sign(body, SECRET, msg_id="msg_1", timestamp=now),
    }
    # the scheme's own example (standardwebhooks.com): a known secret, id, timestamp and body
    assert (
        sign(
            '{"test": 2432232314}',
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp=1614265330,
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )
    client = events.Client(base_url="http://127.0.0.1:9")
    assert client.webhooks.unwrap(body, {"x": "y"}).id == "evt_1"  # off unless configured
    assert client.webhooks.unwrap(body, good, secret=SECRET).id == "evt_1"
    bad = [
        {**good, "webhook-signature": "v1,bm9wZQ=="},
        {**good, "webhook-timestamp": str(now - 3600)},
        {k: v for k, v in good.items() if k != "webhook-id"},
        {**good, "webhook-id": "msg_2"},
    ]
    for headers in bad:
        with pytest.raises(WebhookVerificationError):
            client.webhooks.unwrap(body, headers, secret=SECRET)
    with pytest.raises(WebhookVerificationError):
        client.webhooks.unwrap(body.replace("c1", "c2"), good, secret=SECRET)
    # the environment prefix is named from the API title ("Events Demo": EVENTS)
    monkeypatch.setenv("EVENTS_WEBHOOK_SECRET", SECRET)
    configured = events.Client(base_url="http://127.0.0.1:9")
    with pytest.raises(WebhookVerificationError):
        configured.webhooks.unwrap(body, {})
    assert configured.webhooks.unwrap(body, good).id == "evt_1"


def test_with_streaming_response(events: ModuleType, sse: SSEServer) -> None:
    models = importlib.import_module("events_sdk.models")
    with events.Client(base_url=sse.url) as client:
        streaming = client.chat.completions.with_streaming_response
        with streaming.create(prompt="hi") as response:
            assert response.status_code == 200
            assert not response.http_response.is_stream_consumed  # nothing read yet
            assert b"".join(response.iter_bytes()) == b'{"id": "cmpl", "text": "abc"}'
        with streaming.create(prompt="hi") as response:
            assert response.parse() == models.Completion(id="cmpl", text="abc")
        with streaming.create(prompt="hi", stream=True) as response:
            assert response.headers["content-type"] == "text/event-stream"
            assert [c.delta for c in response.parse()] == ["a", "b", "c"]
        with client.ticks.with_streaming_response.retrieve() as response:
            lines = [line for line in response.iter_lines() if line.startswith("data:")]
        assert lines == ['data: {"n": 0}', 'data: {"n": 1}', 'data: {"n": 2}']

    async def run() -> tuple[Any, list[str]]:
        async with events.AsyncClient(base_url=sse.url) as client:
            streaming = client.chat.completions.with_streaming_response
            async with await streaming.create(prompt="hi") as response:
                whole = await response.parse()
            async with await streaming.create(prompt="hi", stream=True) as response:
                stream = await response.parse()
                deltas = [c.delta async for c in stream]
        return whole, deltas

    whole, deltas = asyncio.run(run())
    assert whole.text == "abc" and deltas == ["a", "b", "c"]


def test_with_streaming_response_of_an_error_status(events: ModuleType, sse: SSEServer) -> None:
    """An error status raises its status error (the connection closed), sync and async."""
    sse.failures_left = 2  # each answered 503 (no retries here)
    with events.Client(base_url=sse.url, max_retries=0) as client:
        with pytest.raises(events.InternalServerError) as caught:
            client.chat.completions.with_streaming_response.create(prompt="hi")
    assert caught.value.status_code == 503 and caught.value.response.is_closed

    async def run() -> Any:
        async with events.AsyncClient(base_url=sse.url, max_retries=0) as client:
            streaming = client.chat.completions.with_streaming_response
            with pytest.raises(events.InternalServerError) as caught:
                await streaming.create(prompt="hi", stream=True)
            return caught.value

    error = asyncio.run(run())
    assert error.status_code == 503 and error.response.is_closed and len(sse.requests) == 2


def test_stream_overloads_type_check(events: ModuleType, tmp_path: Path) -> None:
    """mypy --strict on the generated package and on a caller: `stream=True` gives the Stream."""
    import subprocess
    import tempfile

    root = Path(events.__file__).parent.parent
    usage = tmp_path / "use.py"
    usage.write_text(
        "from events_sdk import Client\n"
        "c = Client()\n"
        'reveal_type(c.chat.completions.create(prompt="x"))\n'
        'reveal_type(c.chat.completions.create(prompt="x", stream=True))\n'
        "def f(flag: bool) -> None:\n"
        '    reveal_type(c.chat.completions.create(prompt="x", stream=flag))\n'
        "reveal_type(c.ticks.retrieve())\n",
        encoding="utf-8",
    )
    cache = Path(tempfile.gettempdir()) / "apigen-events-mypy-cache"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(cache),
            "events_sdk",
            str(usage),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    revealed = [
        re.sub(r"\b[a-z_]\w*(\.[a-z_]\w*)*\.(?=[A-Z])", "", line.split("Revealed type is ")[1])
        for line in run.stdout.splitlines()
        if "Revealed" in line
    ]
    assert revealed == [
        '"Completion"',
        '"Stream[CompletionChunk]"',
        '"Completion | Stream[CompletionChunk]"',
        '"Stream[Tick]"',
    ], run.stdout
    assert "error" not in run.stdout, run.stdout
