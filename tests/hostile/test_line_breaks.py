"""Line breaks Python's parser does not see as line breaks (`\\x0c`, `\\x1c`, `\\u2028`...) and a
bare `\\r` in a spec's text: models.py is cut by the parser's line numbers, so such a character in
a description or an enum value must not shift a cut into a string literal (found by the hostile
fuzz test: a `description` of `\\r__import__(...)\\r#` on a scalar schema broke the type-alias
rewrite, and an enum value with a form feed broke the split)."""

from __future__ import annotations

import ast

import pytest

from generator.config import Config
from generator.models.split import split_models

from .harness import package_files, render_document

BREAKS = ["\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_odd_line_breaks_in_descriptions_and_enums_keep_every_module_valid(brk: str) -> None:
    text = f"{brk}__import__('os').system('echo pwned'){brk}#"
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/A"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Scalar": {"type": "string", "description": text},
                "Kind": {"type": "string", "enum": [f"x{brk}y", "z"], "description": text},
                "A": {
                    "type": "object",
                    "description": text,
                    "properties": {
                        "s": {"$ref": "#/components/schemas/Scalar"},
                        "k": {"$ref": "#/components/schemas/Kind"},
                        "n": {"type": "integer", "description": text},
                    },
                },
            }
        },
    }
    gen = render_document(document, Config(server=False))
    assert gen.models_source is not None
    files = {p: b.decode("utf-8") for p, b in package_files(gen).items()}
    files["models.py"] = gen.models_source
    models = split_models(gen.models_source, "")
    assert {"models/a.py", "models/kind.py", "models/scalar.py"} <= set(models), sorted(models)
    files.update(models)
    for path, body in files.items():
        if path.endswith(".py"):
            tree = ast.parse(body, path)  # every module is valid Python
            calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
            assert not any(
                isinstance(c.func, ast.Name) and c.func.id == "__import__" for c in calls
            ), path
