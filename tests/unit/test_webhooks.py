"""Webhooks of openai-3.1.yaml: 16 `webhooks:` entries, each a payload class told apart by its
constant `type`; the slow test generates the SDK and parses a schema-made payload of each through
`client.webhooks.unwrap` (the IR half runs in the fast suite)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import Config, Suppression
from generator.findings import Findings, Location
from generator.ir.build import build_api
from tests.execution.sample_values import sample

REPO = Path(__file__).resolve().parents[2]
OPENAI = REPO.parent / "shared" / "corpus" / "openai-3.1.yaml"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return yaml.load(OPENAI.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]


def test_openai_webhooks_in_the_ir(document: dict[str, Any]) -> None:
    api = build_api(document, Config(), lambda p: Location("openai.yaml"), Findings())
    hooks = {str(w.name): w for w in api.webhooks}
    assert sorted(hooks) == sorted(document["webhooks"])
    assert len(hooks) == 16
    for name, hook in hooks.items():
        schema = document["webhooks"][name]["post"]["requestBody"]["content"]["application/json"]
        ref = schema["schema"]["$ref"].rsplit("/", 1)[1]
        assert hook.kind == "webhook" and hook.payload.annotation == f"models.{ref}"
        assert hook.event_field == "type"
        assert (
            hook.event_value
            == document["components"]["schemas"][ref]["properties"]["type"]["enum"][0]
        )
    assert len({w.event_value for w in api.webhooks}) == 16


def _payload(document: dict[str, Any], name: str) -> dict[str, Any]:
    def resolve(ref: str) -> Any:
        node: Any = document
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    schema = document["webhooks"][name]["post"]["requestBody"]["content"]["application/json"]
    value = sample(schema["schema"], resolve)
    assert isinstance(value, dict)
    return value


@pytest.mark.slow
def test_openai_sdk_unwraps_every_webhook(
    document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from generator.pipeline import generate, write

    root = tmp_path_factory.mktemp("openai")
    config = Config(
        spec=str(OPENAI),
        output=str(root),
        package="openai_sdk",
        server=False,
        validation=(
            Suppression("spec-invalid", "warning", reason="upstream defaults (corpus README)"),
        ),
    )
    write(generate(OPENAI, config), config)
    sys.path.insert(0, str(root))
    try:
        sdk = importlib.import_module("openai_sdk")
        models = importlib.import_module("openai_sdk.models")
        client = sdk.Client(base_url="http://127.0.0.1:9", api_key="t")
        for name, item in document["webhooks"].items():
            ref = item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            body = json.dumps(_payload(document, name))
            event = client.webhooks.unwrap(body, {})
            assert type(event) is getattr(models, ref.rsplit("/", 1)[1]), name
    finally:
        sys.path.remove(str(root))
        for module in list(sys.modules):
            if module.split(".")[0] == "openai_sdk":
                del sys.modules[module]


def test_report_counts_received_webhooks_and_callbacks_as_generated() -> None:
    from generator.report import RECEIVED_NOTE, coverage

    spec = REPO / "tests" / "runtime" / "specs" / "events.yaml"
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    api = build_api(document, Config(), lambda p: Location("events.yaml"), Findings())
    report = coverage(api, document)
    received = {i.pointer: i for i in report.operations.items if i.kind in ("webhook", "callback")}
    assert set(received) == {
        "/webhooks/chat_completed/post",
        "/webhooks/chat_failed/post",
        "/paths/~1subscriptions/post/callbacks/onTick/{$request.body#~1url}/post",
    }
    assert all(i.generated and i.reason == RECEIVED_NOTE for i in received.values())
