"""Presence alternatives (`anyOf: [{required: [image_url]}, {required: [file-id]}]`, `oneOf` of
such, `not: {required: [a, b]}`) are enforced by the generated models, without the numbered
classes datamodel-code-generator would make of them (models/presence.py): a model built from too
few or too many of them raises; a response that breaks them raises in strict parsing, through a
generated client against a loopback server, and is kept in lenient parsing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from generator.config import Config
from generator.findings import Findings, Location
from generator.ir.build import build_api
from generator.models import render_models
from tests.execution.recording_server import Answer, RecordingServer
from tests.package_files import models_text

from .harness import Generated, generate_package, make_client, method, unload

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "presence-3.1.yaml"


@pytest.fixture(scope="module")
def presence(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    root = tmp_path_factory.mktemp("presence")
    yield generate_package(FIXTURE, root, "presence_rules")
    unload("presence_rules")


def _fails(model: Any, data: dict[str, Any], why: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=re.escape(why)):
        model.model_validate(data)


def test_the_models_enforce_the_alternatives(presence: Generated) -> None:
    image = presence.model("ImageRef")
    _fails(image, {"detail": "low"}, "at least one of these must be present: image_url | file-id")
    _fails(image, {"image_url": "u", "file-id": "f"}, "must not all be present: image_url, file-id")
    assert image.model_validate({"file-id": "f"}).file_id == "f"  # by its wire name
    assert image(image_url="u").image_url == "u"
    with pytest.raises(pydantic.ValidationError):
        image(detail="low")
    # a null is present: JSON Schema's `required` asks for the key, not a value
    assert image.model_validate({"image_url": None}).image_url is None


def test_a_subclass_keeps_its_base_rules_beside_its_own(presence: Generated) -> None:
    search = presence.model("Search")
    assert issubclass(search, presence.model("Base"))
    ok = {"label": "l", "vector_store_ids": ["vs_1"]}
    assert search.model_validate(ok).vector_store_ids == ["vs_1"]
    _fails(search, {"vector_store_ids": ["vs_1"]}, "at least one of these must be present")
    _fails(search, {"label": "l"}, "exactly one of these must be present")
    both = {**ok, "vector_stores": [{}]}
    _fails(search, both, "exactly one of these must be present: vector_store_ids | vector_stores")


def test_no_numbered_classes(presence: Generated) -> None:
    package = Path(presence.package.__file__).parent
    classes = set(re.findall(r"^class (\w+)", models_text(package), re.MULTILINE))
    assert classes == {"ImageRef", "Search", "Base"}


@pytest.mark.parametrize("strict", [True, False])
def test_a_response_that_breaks_them(presence: Generated, strict: bool) -> None:
    """Strict parsing raises; lenient parsing keeps the body as the model it was declared."""
    with RecordingServer(lambda _: Answer(200, {"detail": "low"})) as server:
        client = make_client(presence, server.url, strict=strict)
        create = method(presence, client, "createImage")
        if strict:
            with pytest.raises(Exception, match="at least one of these must be present"):
                create(body={"image_url": "u"})
        else:
            image = create(body={"image_url": "u"})
            assert type(image) is presence.model("ImageRef") and image.detail == "low"
        client.close()


def test_a_model_body_is_checked_when_built_and_sent_as_given(presence: Generated) -> None:
    image = presence.model("ImageRef")
    with RecordingServer(lambda _: Answer(200, {"file-id": "f"})) as server:
        client = make_client(presence, server.url)
        returned = method(presence, client, "createImage")(body=image(image_url="u"))
        client.close()
    assert json.loads(server.requests[0].body) == {"image_url": "u"}
    assert returned.file_id == "f"


def test_alternatives_with_no_class_of_their_own_are_reported() -> None:
    """An alternative the models cannot check (its members say more than which properties are
    present) is dropped with a warning naming it, never silently."""
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "anyOf": [{"required": ["a"], "not": {"type": "string"}}, {"required": ["b"]}],
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Pair": schema}},
    }
    api = build_api(document, Config(), lambda pointer: Location("spec.yaml"), Findings())
    findings = Findings()
    source = render_models(api, findings)
    assert "model_validator" not in source and "class Pair(" in source
    warned = [f for f in findings if f.code == "model-keyword-dropped"]
    assert [f.pointer for f in warned] == ["/components/schemas/Pair/anyOf"]
    assert "not enforced" in warned[0].message


def test_lenient_parsing_counts_a_broken_rule_as_no_fit(presence: Generated) -> None:
    """Of a union's members, one whose presence rule the value breaks is no fit, however many of
    its fields the value sets: the other member wins (it used to take ImageRef, two fields set)."""
    from typing import Union

    parse = presence.package._runtime._parse.parse_data
    image, base = presence.model("ImageRef"), presence.model("Base")
    both = {"image_url": "u", "file-id": "f", "label": "l"}
    assert type(parse(Union[image, base], both, strict=False)) is base
    assert type(parse(Union[image, base], {"image_url": "u"}, strict=False)) is image
