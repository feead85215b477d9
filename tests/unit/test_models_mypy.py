"""Models datamodel-code-generator writes pass mypy --strict: the shapes of openai-3.1.yaml that did
not (issue 15), each in a tiny spec whose models are type-checked and built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mypy import api as mypy_api

from generator.config import Config
from generator.findings import Findings, Location
from generator.ir.build import build_api
from generator.models import render_models, sanitize_model_document
from tests.unit.test_models import _module

REF = "#/components/schemas/"

SCHEMAS: dict[str, Any] = {
    "Kind": {"type": "string", "enum": ["completed", "failed"]},
    "Other": {"type": "object", "properties": {"x": {"type": "string"}}},
    # `default: null` where null is no value of the schema (openai's input_audio_noise_reduction,
    # ConversationParam), and one where it is (kept).
    "Session": {
        "type": "object",
        "properties": {
            "noise": {
                "type": "object",
                "default": None,
                "properties": {"type": {"$ref": f"{REF}Kind"}},
            },
            "label": {"type": ["string", "null"], "default": None},
        },
    },
    "Param": {"default": None, "oneOf": [{"type": "string"}, {"$ref": f"{REF}Other"}]},
    # An allOf part typing a base's field again (openai's FunctionToolCallResource: status).
    "Base": {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["call"]},
            "status": {"type": "string", "enum": ["in_progress", "completed"]},
            "note": {"type": "string"},
        },
        "required": ["type"],
    },
    "Resource": {
        "allOf": [
            {"$ref": f"{REF}Base"},
            {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "status": {"description": "retyped", "$ref": f"{REF}Kind"},
                },
                "required": ["id", "status"],
            },
        ]
    },
    # A part that types a base's `string` field as an enum (a str subclass): still a subclass.
    "Plain": {"type": "object", "properties": {"state": {"type": "string"}}},
    "Narrowed": {
        "allOf": [
            {"$ref": f"{REF}Plain"},
            {"type": "object", "properties": {"state": {"$ref": f"{REF}Kind"}}},
        ]
    },
}


def _api() -> Any:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": SCHEMAS},
    }
    return build_api(document, Config(), lambda pointer: Location("spec.yaml"), Findings())


def test_a_null_default_null_is_no_value_of_is_dropped() -> None:
    clean, dropped = sanitize_model_document(_api().model_document)
    schemas = clean["components"]["schemas"]
    assert "default" not in schemas["Param"]
    noise, label = (schemas["Session"]["properties"][k] for k in ("noise", "label"))
    assert "default" not in noise and "default" in label and label["default"] is None
    assert not dropped  # it meant nothing: no warning
    source = render_models(_api(), Findings())
    assert "root: str | Other\n" in source
    assert "noise: SessionNoise | None = None\n" in source
    assert "label: str | None = None\n" in source  # null is a value there: the default stays


def test_a_base_whose_field_a_part_types_again_is_inlined() -> None:
    source = render_models(_api(), Findings())
    assert "class Resource(BaseModel):" in source and "status: Kind\n" in source
    assert "class Narrowed(Plain):" in source  # a compatible retyping keeps the subclass
    models = _module(source, "retyped_base_models")
    resource = models.Resource.model_validate({"type": "call", "id": "r", "status": "failed"})
    assert resource.status is models.Kind.failed and resource.note is None
    assert set(models.Resource.model_fields) == {"type", "status", "note", "id"}


def test_the_models_pass_mypy_strict(tmp_path: Path) -> None:
    target = tmp_path / "models.py"
    target.write_text(render_models(_api(), Findings()), encoding="utf-8")
    args = ["--strict", "--python-version=3.11", f"--cache-dir={tmp_path / 'cache'}"]
    stdout, stderr, status = mypy_api.run([*args, str(target)])
    assert status == 0, stdout + stderr
    # The check can fail: the subclass dmcg made before, with its incompatible override.
    broken = tmp_path / "broken.py"
    broken.write_text(
        "from pydantic import BaseModel\n\n\nclass Base(BaseModel):\n    status: int | None = None\n"
        "\n\nclass Resource(Base):\n    status: str\n",
        encoding="utf-8",
    )
    stdout, _, status = mypy_api.run([*args, str(broken)])
    assert status == 1 and "incompatible types in assignment" in stdout.lower()
