"""The models stage: what datamodel-code-generator is handed, and what comes back."""

from __future__ import annotations

from generator.config import Config
from generator.findings import Findings, Location
from generator.ir.build import build_api
from generator.models import render_models, sanitize_model_document


def _doc(properties: dict[str, object], version: str = "3.0.3") -> dict[str, object]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"ClientError": {"type": "object", "properties": properties}}},
    }


def test_an_explicit_nullable_false_on_an_optional_property_types_like_any_optional_one() -> None:
    """box-v2026.0.json writes `nullable: false` on optional properties; dmcg turned those into
    `status: int = Field(None)`, which mypy --strict rejects (5 errors in that spec's models)."""
    properties = {
        "status": {"type": "integer", "nullable": False, "example": 400},
        "type": {"type": "string", "enum": ["error"], "nullable": False},
        "note": {"type": "string", "nullable": True},
    }
    document = _doc(properties)
    api = build_api(document, Config(), lambda pointer: Location("spec.yaml"), Findings())
    clean, dropped = sanitize_model_document(api.model_document)
    schema = clean["components"]["schemas"]["ClientError"]["properties"]
    assert "nullable" not in schema["status"] and schema["note"]["nullable"] is True
    assert not dropped  # nothing the user needs to hear about: it meant nothing
    source = render_models(api, Findings())
    assert "status: int | None = Field(None" in source
    assert "type: Literal['error'] | None = None" in source  # (quotes are black's to choose, later)
    assert "note: str | None = None" in source
