"""A field datamodel-code-generator aliases itself (a property that is not a Python name) is set by
its Python name too (models/aliases.py `accept_python_names`): without `populate_by_name` the
keyword was kept as an extra key and sent under the Python name."""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

import pytest

from generator.config import Config
from generator.models.aliases import accept_python_names
from tests.hostile.harness import render_document

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Names", "version": "1"},
    "paths": {
        "/things": {
            "post": {
                "operationId": "createThing",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    }
                },
                "responses": {"204": {"description": "done"}},
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {"api_key.created": {"type": "string"}, "from": {"type": "integer"}},
            },
            "Plain": {"type": "object", "properties": {"name": {"type": "string"}}},
        }
    },
}


@pytest.fixture(scope="module")
def models() -> types.ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(SPEC, Config(server=False))
    module = types.ModuleType("python_names_models")
    sys.modules[module.__name__] = module  # pydantic looks its classes' module up
    try:
        exec(compile(gen.renders["models.py"], "models.py", "exec"), module.__dict__)
    finally:
        del sys.modules[module.__name__]
    return module


def test_an_aliased_field_is_set_by_its_python_name(models: types.ModuleType) -> None:
    thing = models.Thing(api_key_created="k", from_=3)
    assert thing.model_dump(by_alias=True, exclude_unset=True) == {
        "api_key.created": "k",
        "from": 3,
    }
    assert thing.model_extra == {}  # not an extra key sent under the Python name
    parsed = models.Thing.model_validate({"api_key.created": "k"})
    assert parsed.api_key_created == "k"


def test_only_classes_with_an_aliased_field_get_it(models: types.ModuleType) -> None:
    assert models.Thing.model_config.get("populate_by_name") is True
    assert "populate_by_name" not in models.Plain.model_config


@pytest.mark.parametrize(
    "config",
    ["ConfigDict(extra='allow')", "ConfigDict(\n        extra='allow',\n    )", "ConfigDict()"],
)
def test_the_setting_is_added_to_any_spelling_of_the_config(config: str) -> None:
    source = (
        "class A(BaseModel):\n"
        f"    model_config = {config}\n"
        "    foo_bar: str | None = Field(None, alias='foo-bar')\n"
    )
    text = accept_python_names(source)
    assert "populate_by_name=True" in text
    namespace: dict[str, Any] = {}
    exec("from pydantic import BaseModel, ConfigDict, Field\n" + text, namespace)
    assert namespace["A"](foo_bar="x").model_dump(by_alias=True) == {"foo-bar": "x"}
    assert accept_python_names(text) == text  # once


def test_the_setting_is_laid_out_as_black_lays_it_out() -> None:
    """In datamodel-code-generator's spelling of the config (one setting a line), the setting is
    a line of its own: black has nothing to change there (a second pass of black otherwise)."""
    import black

    source = (
        "class A(BaseModel):\n"
        '    model_config = ConfigDict(\n        extra="allow",\n    )\n'
        '    foo_bar: str | None = Field(None, alias="foo-bar")\n'
    )
    text = accept_python_names(source)
    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})
    assert "populate_by_name=True" in text
    assert black.format_str(text, mode=mode) == text


def test_python_names_and_model_unions_share_one_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The models stage makes both passes' edits from one parse of models.py; the text is what
    the two passes make one after the other (UTF-8 text before the edits: byte offsets)."""
    import ast

    from generator import module_tree
    from generator.models import _python_names_and_model_unions
    from generator.models.unions import prefer_models

    source = (
        "from __future__ import annotations\n\n"
        "from typing import Any\n\n"
        "from pydantic import BaseModel, ConfigDict, Field\n\n\n"
        "class Limit(BaseModel):\n"
        '    """Grenzwert – “quoted”."""\n\n'
        "    value: int\n\n\n"
        "class A(BaseModel):\n"
        "    model_config = ConfigDict(\n"
        '        extra="allow",\n'
        "    )\n"
        '    note: str = "é ü"\n'
        "    limit: Limit | dict[str, Any] | None = None\n"
        '    foo_bar: str | None = Field(None, alias="foo-bar")\n'
    )
    expected = prefer_models(accept_python_names(source))
    assert "populate_by_name=True" in expected and "left_to_right" in expected
    parses: list[str] = []
    real_parse = ast.parse
    monkeypatch.setattr(
        module_tree.ast, "parse", lambda text: parses.append(text) or real_parse(text)
    )
    module_tree.forget_tree()
    assert _python_names_and_model_unions(source) == expected
    assert parses == [source]
