"""Nested resources through a generated client against a real server on 127.0.0.1, and mypy --strict
on code a user writes against them."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from mypy import api as mypy_api

from generator.config import Config
from generator.pipeline import generate, write
from tests.execution.recording_server import Answer, Recorded, RecordingServer

SPEC = Path(__file__).parent / "specs" / "nested.yaml"


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("nested")
    config = Config(spec=str(SPEC), output=str(root), package="nested_shop")
    write(generate(SPEC, config), config)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("nested_shop")
    finally:
        sys.path.remove(str(root))
        for name in list(sys.modules):
            if name.split(".")[0] == "nested_shop":
                del sys.modules[name]


def _answer(rec: Recorded) -> Answer:
    if rec.path.endswith("/capabilities"):
        return Answer(200, [{"id": "card_payments"}])
    if rec.path.endswith("/messages"):
        return Answer(200, {"id": "msg_1", **json.loads(rec.body)})
    return Answer(200, {"id": "x"})


def test_nested_accessors_reach_their_paths(nested: ModuleType) -> None:
    with RecordingServer(_answer) as server:
        client = nested.Client(base_url=server.url)
        caps = client.accounts.capabilities.list("acct_1")
        assert [c.id for c in caps] == ["card_payments"]
        assert client.accounts.capabilities.retrieve("acct_1", "card_payments").id == "x"
        message = client.threads.messages.create("th_1", content="hi")
        assert message.content == "hi"
        assert client.accounts.reject("acct_1").id == "x"
        assert client.models.versions.list("m1") is not None
        # The same resource object each time (cached), sharing the client's transport.
        assert client.accounts.capabilities is client.accounts.capabilities

        async def run() -> str:
            async with nested.AsyncClient(base_url=server.url) as aclient:
                m = await aclient.threads.messages.create("th_2", content="yo")
                return str(m.content)

        assert asyncio.run(run()) == "yo"
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/v1/accounts/acct_1/capabilities"),
        ("GET", "/v1/accounts/acct_1/capabilities/card_payments"),
        ("POST", "/threads/th_1/messages"),
        ("POST", "/v1/accounts/acct_1/reject"),
        ("GET", "/models/m1/versions"),
        ("POST", "/threads/th_2/messages"),
    ]
    # `models` only groups `versions`: no route of its own on the server side.
    package = Path(nested.__file__).parent
    assert (package / "resources" / "models.py").is_file()
    assert not (package / "server" / "routers" / "models.py").exists()
    assert (package / "server" / "routers" / "models_versions.py").is_file()


def test_model_attributes_are_snake_case_with_the_wire_name_as_alias(nested: ModuleType) -> None:
    def answer(rec: Recorded) -> Answer:
        return Answer(200, {"id": "a1", **json.loads(rec.body)})

    with RecordingServer(answer) as server:
        client = nested.Client(base_url=server.url)
        account = client.accounts.create(display_name="Bob")
    assert json.loads(server.requests[0].body) == {"displayName": "Bob"}
    assert account.display_name == "Bob"
    models = importlib.import_module("nested_shop.models")
    # Accepted both ways; written back by its wire name.
    assert models.Account(display_name="x").display_name == "x"
    assert models.Account(displayName="y").display_name == "y"
    assert models.Account(display_name="z").model_dump(by_alias=True, exclude_unset=True) == {
        "displayName": "z"
    }


def test_allof_body_is_keyword_arguments(nested: ModuleType) -> None:
    with RecordingServer(lambda rec: Answer(200, {"id": "c1", "content": "ok"})) as server:
        client = nested.Client(base_url=server.url)
        client.chat.completions.create(
            model="gpt", messages=[{"id": "m", "content": "hi"}], temperature=0.5
        )
        with pytest.raises(TypeError):
            client.chat.completions.create(messages=[])  # `model` is required
    assert json.loads(server.requests[0].body) == {
        "model": "gpt",
        "messages": [{"id": "m", "content": "hi"}],
        "temperature": 0.5,
    }


def test_nested_accessors_type_check_strict(nested: ModuleType, tmp_path: Path) -> None:
    user = tmp_path / "user_code.py"
    user.write_text(
        "from nested_shop import Client\n"
        "from nested_shop import models\n\n"
        "def caps(client: Client) -> list[str]:\n"
        "    return [c.id or '' for c in client.accounts.capabilities.list('a')]\n\n"
        "def msg(client: Client) -> models.Message:\n"
        "    return client.threads.messages.create('t', content='hi')\n\n"
        "def chat(client: Client) -> models.Message:\n"
        "    return client.chat.completions.create(model='m', messages=[{'id': 'm', 'content': 'hi'}], user='u')\n\n"
        "def wrong(client: Client) -> None:\n"
        "    client.accounts.capabilities.create('a')\n"
    )
    root = Path(nested.__file__).parent.parent
    out, _, status = mypy_api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            str(user),
            str(root / "nested_shop"),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    # The one mistake is caught (no `create` on capabilities) and nothing else complains.
    assert len(errors) == 1 and 'has no attribute "create"' in errors[0], out
    assert status == 1
