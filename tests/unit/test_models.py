"""The models stage: what datamodel-code-generator is handed, and what comes back."""

from __future__ import annotations

import re
import sys
import types

import pydantic
import pytest

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


def test_no_numbered_classes_from_dmcgs_splits() -> None:
    """openai-3.1.yaml had 153 numbered classes: `allOf [anyOf [A, B], C]` split into `Event1` (C)
    and `Event2`..`EventN`, discriminated unions in array items named after the field and numbered
    (`Content1`..`Content4`), presence-only alternatives (`required: [a]` | `required: [b]`) split
    into `Ref1`, `Ref2`. Each now has a name from its place, and check_declared_types holds."""
    tagged = {
        name: {
            "type": "object",
            "properties": {"type": {"type": "string", "enum": [tag]}, "text": {"type": "string"}},
            "required": ["type"],
        }
        for name, tag in (("AudioDelta", "audio.delta"), ("TextDone", "text.done"))
    }
    schemas: dict[str, object] = {
        **tagged,
        "StreamEvent": {
            "allOf": [
                {
                    "anyOf": [
                        {"$ref": "#/components/schemas/AudioDelta"},
                        {"$ref": "#/components/schemas/TextDone"},
                    ]
                },
                {"type": "object", "properties": {"stream_id": {"type": "string"}}},
            ]
        },
        "Message": {
            "type": "object",
            "properties": {
                "content": {
                    "type": "array",
                    "items": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/AudioDelta"},
                            {"$ref": "#/components/schemas/TextDone"},
                        ],
                        "discriminator": {"propertyName": "type"},
                    },
                }
            },
        },
        "Content": {"type": "object", "properties": {"x": {"type": "string"}}},
        "ImageRef": {
            "type": "object",
            "properties": {"url": {"type": "string"}, "file_id": {"type": "string"}},
            "anyOf": [{"required": ["url"]}, {"required": ["file_id"]}],
            "not": {"required": ["url", "file_id"]},
        },
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    api = build_api(document, Config(), lambda pointer: Location("spec.yaml"), Findings())
    source = render_models(api, Findings())  # runs check_declared_types too
    classes = set(re.findall(r"^class (\w+)", source, re.MULTILINE))
    assert not [c for c in classes if c[-1].isdigit()], sorted(classes)
    assert {
        "StreamEventBase",
        "StreamEventAudioDelta",
        "StreamEventTextDone",
        "MessageContentItem",
        "ImageRef",
    } <= classes
    assert "class StreamEventAudioDelta(AudioDelta, StreamEventBase)" in source
    assert re.search(r"content: list\[MessageContentItem\]", source)


def test_nullable_wrappers_and_overridden_properties_make_no_numbered_classes() -> None:
    """`allOf: [{$ref: X}, {nullable: true}]` (openai's RunObject.tool_choice) was split into
    `RunObjectToolChoice1`..`3`; a property declared again over an inherited one with constraints
    (`top_logprobs`) into `TopLogprobs`, `TopLogprobs1`."""
    schemas: dict[str, object] = {
        "Named": {"type": "object", "properties": {"type": {"type": "string"}}},
        "ToolChoice": {
            "oneOf": [
                {"type": "string", "enum": ["none", "auto"]},
                {"$ref": "#/components/schemas/Named"},
            ]
        },
        "Run": {
            "type": "object",
            "properties": {
                "tool_choice": {
                    "allOf": [{"$ref": "#/components/schemas/ToolChoice"}, {"nullable": True}]
                }
            },
        },
        "Base": {
            "type": "object",
            "properties": {"top": {"anyOf": [{"type": "integer"}, {"type": "null"}]}},
        },
        "Create": {
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {
                    "type": "object",
                    "properties": {"top": {"type": "integer", "minimum": 0, "maximum": 20}},
                },
            ]
        },
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    api = build_api(document, Config(), lambda pointer: Location("spec.yaml"), Findings())
    source = render_models(api, Findings())
    classes = set(re.findall(r"^class (\w+)", source, re.MULTILINE))
    assert not [c for c in classes if c[-1].isdigit()], sorted(classes)
    assert "tool_choice: ToolChoice | None" in source


def _module(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(source, name, "exec"), module.__dict__)
    return module


def test_scalar_schemas_are_type_aliases_and_unions_of_models_stay_classes() -> None:
    """openai-3.1.yaml had `ParallelToolCalls(RootModel[bool])`, `ModelIdsShared(RootModel[str |
    ModelIdsSharedEnum])`; dmcg's own `QueryItem(RootModel[str])` for a constrained array item.
    A scalar schema is an alias a field can be annotated with, its constraints kept."""
    schemas: dict[str, object] = {
        "ParallelToolCalls": {"type": "boolean", "description": "Whether to call in parallel."},
        "TopLogprobs": {"type": "integer", "minimum": 0, "maximum": 20},
        "ModelIdsEnum": {"type": "string", "enum": ["gpt-4o", "o3"]},
        "ModelIds": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/ModelIdsEnum"}]},
        "Cat": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Dog": {"type": "object", "properties": {"bark": {"type": "string"}}},
        "Pet": {
            "anyOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]
        },
        "Request": {
            "type": "object",
            "properties": {
                "parallel": {"$ref": "#/components/schemas/ParallelToolCalls"},
                "top": {"$ref": "#/components/schemas/TopLogprobs"},
                "model": {"$ref": "#/components/schemas/ModelIds"},
                "pet": {"$ref": "#/components/schemas/Pet"},
                "queries": {
                    "type": "array",
                    "items": {"type": "string", "description": "A query.", "minItems": 1},
                },
            },
        },
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    api = build_api(document, Config(), lambda pointer: Location("spec.yaml"), Findings())
    source = render_models(api, Findings())  # check_declared_types holds
    assert "ParallelToolCalls: TypeAlias = bool\n" in source
    assert '"""\nWhether to call in parallel.\n"""' in source
    assert "TopLogprobs: TypeAlias = Annotated[int, Field(ge=0, le=20)]" in source
    assert "ModelIds: TypeAlias = str | ModelIdsEnum" in source
    assert "class Pet(RootModel[Cat | Dog])" in source
    classes = set(re.findall(r"^class (\w+)\(RootModel", source, re.MULTILINE))
    assert classes == {"Pet"}, classes  # no QueryItem / Queries class: the item is inline
    module = _module(source, "apigen_test_scalar_aliases")
    request = module.Request.model_validate(
        {"parallel": False, "top": 3, "model": "o3", "pet": {"name": "Tom"}, "queries": ["a"]}
    )
    assert request.parallel is False and request.top == 3 and request.model == "o3"
    assert request.model_dump(exclude_none=True)["pet"] == {"name": "Tom"}
    for bad in ({"top": 21}, {"queries": [""]}):
        with pytest.raises(pydantic.ValidationError):
            module.Request.model_validate(bad)


def test_a_discriminator_without_mapping_takes_the_tags_its_members_declare() -> None:
    """openai-3.1.yaml's `Tool` (discriminator `type`, no mapping): `WebSearchTool.type` is the
    enum `web_search | web_search_2025_08_26`, and dmcg wrote `type: Literal["WebSearchTool"]`
    (the implicit mapping), so no answer of the server parsed. A member whose tag says nothing
    of its values keeps the implicit one."""
    ref = "#/components/schemas/"
    schemas: dict[str, object] = {
        "Tool": {
            "discriminator": {"propertyName": "type"},
            "oneOf": [
                {"$ref": f"{ref}WebSearchTool"},
                {"$ref": f"{ref}FunctionTool"},
                {"$ref": f"{ref}PlainTool"},
            ],
        },
        "WebSearchTool": {
            "type": "object",
            "required": ["type"],
            "properties": {
                # a $ref with siblings to an enum component, as openai-3.1.yaml's reaches dmcg
                "type": {"allOf": [{"$ref": f"{ref}WebSearchToolType"}], "default": "web_search"},
                "depth": {"type": "integer"},
            },
        },
        "WebSearchToolType": {"type": "string", "enum": ["web_search", "web_search_2025_08_26"]},
        "FunctionTool": {
            "type": "object",
            "required": ["type", "name"],
            "properties": {
                "type": {"type": "string", "const": "function"},
                "name": {"type": "string"},
            },
        },
        "PlainTool": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"type": "string"}},
        },
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    api = build_api(document, Config(), lambda pointer: Location("spec.yaml"), Findings())
    source = render_models(api, Findings())
    module = _module(source, "apigen_test_member_tags")
    tool = module.Tool.model_validate({"type": "web_search_2025_08_26", "depth": 2}).root
    assert type(tool).__name__ == "WebSearchTool" and tool.depth == 2
    assert type(module.Tool.model_validate({"type": "function", "name": "f"}).root).__name__ == (
        "FunctionTool"
    )
    assert type(module.Tool.model_validate({"type": "PlainTool"}).root).__name__ == "PlainTool"
    with pytest.raises(pydantic.ValidationError):
        module.Tool.model_validate({"type": "WebSearchTool"})
