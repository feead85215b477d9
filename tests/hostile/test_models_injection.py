"""What reaches datamodel-code-generator: hostile schema strings cannot inject code into models.py,
and the schema keywords dmcg reads as import paths or as places to load more schemas from never
reach it (generator/models/__init__.py: sanitize_model_document)."""

from __future__ import annotations

import ast
import socket
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

from generator.config import Config
from generator.findings import Findings, Location
from generator.ir.build import build_api
from generator.models import render_models, sanitize_model_document

from .harness import import_in_fresh_interpreter, render_document, write_unformatted
from .strategies import HOSTILE_PAYLOADS, PAYLOAD

# Modules models.py may import from: what datamodel-code-generator prints for our options.
MODEL_IMPORTS = {
    "__future__",
    "pydantic",
    "enum",
    "typing",
    "datetime",
    "decimal",
    "uuid",
    "ipaddress",
    "pathlib",
    "typing_extensions",
    "annotated_types",
}


def _models(schemas: dict[str, Any]) -> tuple[str, Findings]:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "m", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    findings = Findings()
    api = build_api(document, Config(), lambda p: Location("spec.yaml"), findings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return render_models(api, findings), findings


def _imported_modules(source: str) -> set[str]:
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
    return found


def hostile_schemas() -> dict[str, Any]:
    """Every payload as a description, title, default (scalar, list, object), enum value, const,
    example, property name, pattern and x-enum-varnames."""
    schemas: dict[str, Any] = {}
    for i, p in enumerate(HOSTILE_PAYLOADS):
        schemas[f"Hostile{i}"] = {
            "type": "object",
            "title": p,
            "description": p,
            "properties": {
                p: {"type": "string", "description": p, "default": p},
                "a": {"type": "string", "title": p, "default": p, "examples": [p], "const": p},
                "b": {"type": "array", "items": {"type": "string"}, "default": [p, p]},
                "c": {"type": "object", "default": {p: p}},
                "d": {"type": "string", "enum": [p, "ok"], "x-enum-varnames": [p, "ok"]},
                "e": {"type": "string", "pattern": p},
                "f": {"type": "integer", "description": p},
            },
            "required": ["a"],
        }
        schemas[f"HostileEnum{i}"] = {"type": "string", "enum": [p, p + "2", "x"], "description": p}
    return schemas


def test_hostile_schema_strings_do_not_inject_code(tmp_path: Path) -> None:
    source, _ = _models(hostile_schemas())
    assert _imported_modules(source) <= MODEL_IMPORTS
    calls = {ast.unparse(n.func) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)}
    assert not [c for c in calls if "__import__" in c or "mkdir" in c], calls
    # and importing the module runs none of it
    package = tmp_path / "root" / "models_only"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text(source, encoding="utf-8")
    (package / "_client.py").write_text("")
    (package / "resources").mkdir()
    (package / "resources" / "__init__.py").write_text("")
    sentinel = tmp_path / "sentinel"
    sentinel.mkdir()
    results = import_in_fresh_interpreter(tmp_path / "root", ["models_only"], sentinel)
    assert not list(sentinel.iterdir())
    assert results["models_only"]["errors"] == []


@pytest.mark.parametrize(
    "keyword",
    [
        {"customTypePath": "evil_module.Thing"},
        {"customBasePath": "evil_module.Base"},
        {"x-python-type": "evil_module.Thing"},
        {"x-python-import": {"module": "evil_module", "name": "Thing"}},
    ],
    ids=["customTypePath", "customBasePath", "x-python-type", "x-python-import"],
)
def test_schema_cannot_choose_what_models_import(keyword: dict[str, Any], tmp_path: Path) -> None:
    """Before the fix, `customTypePath: evil_module.Thing` printed `from evil_module import Thing`
    into models.py: importing the models imported (ran) any module the spec named."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"a": {"type": "string", **keyword}, "b": {"type": "string"}},
    }
    if "customBasePath" in keyword or "x-python-import" in keyword:
        schema = {**schema, **keyword}
    source, findings = _models(
        {
            "Victim": schema,
            "Other": {
                "type": "object",
                "properties": {"v": {"$ref": "#/components/schemas/Victim"}},
            },
        }
    )
    assert "evil_module" not in source
    assert _imported_modules(source) <= MODEL_IMPORTS
    if not next(iter(keyword)).startswith("x-"):
        assert any(f.code == "model-keyword-dropped" for f in findings)
    # the whole package, imported next to an evil_module that would leave a mark
    root = tmp_path / "root"
    gen = render_document(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/v": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Victim"}
                                    }
                                },
                            }
                        }
                    }
                }
            },
            "components": {"schemas": {"Victim": schema}},
        },
        Config(package="import_victim", server=False),
    )
    write_unformatted(gen, root)
    (root / "evil_module.py").write_text(PAYLOAD + "\nclass Thing(str): pass\nclass Base: pass\n")
    sentinel = tmp_path / "sentinel"
    sentinel.mkdir()
    results = import_in_fresh_interpreter(root, ["import_victim"], sentinel)
    assert not list(sentinel.iterdir()), "models.py imported a module the spec chose"
    assert results["import_victim"]["errors"] == []


def test_references_outside_the_document_are_never_followed(tmp_path: Path) -> None:
    """dmcg reads any `$ref` it is given: an absolute path, `../`, `file://`, a path relative to the
    working directory, a URL. None of them may reach it."""
    secret = tmp_path / "secret.json"
    secret.write_text(
        '{"type": "object", "properties": {"SECRET_MARKER_7f3a": {"type": "string"}}}'
    )
    hits: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(5)
    port = server.getsockname()[1]

    def accept() -> None:
        try:
            while True:
                conn, _ = server.accept()
                hits.append(conn.recv(1024))
                conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    refs = [
        str(secret),
        f"file://{secret}",
        "../" * 12 + str(secret).lstrip("/"),
        "secret.json",
        f"http://127.0.0.1:{port}/schema.json",
        f"http://localhost:{port}/schema.json#/x",
    ]
    schemas = {
        "Leaky": {
            "type": "object",
            "properties": {f"p{i}": {"$ref": ref} for i, ref in enumerate(refs)}
            | {
                "dyn": {"$dynamicRef": str(secret)},
                "rec": {"$recursiveRef": str(secret)},
                "all": {"allOf": [{"$ref": str(secret)}]},
            },
        },
        "Based": {
            "$id": f"http://127.0.0.1:{port}/",
            "type": "object",
            "properties": {"x": {"$ref": "secret.json"}},
        },
        "Mapped": {
            "oneOf": [{"$ref": "#/components/schemas/Based"}],
            "discriminator": {
                "propertyName": "x",
                "mapping": {"a": str(secret), "b": "#/components/schemas/Based"},
            },
        },
    }
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)  # so "secret.json" would resolve, were it followed
    try:
        source, findings = _models(schemas)
    finally:
        os.chdir(cwd)
        server.close()
    assert "SECRET_MARKER_7f3a" not in source and "SecretMarker" not in source
    assert not hits, "generation made a network request"
    dropped = [f for f in findings if f.code == "model-keyword-dropped"]
    assert len(dropped) >= len(refs) + 3


def test_sanitizer_keeps_what_dmcg_needs() -> None:
    """Local references, recursion anchors, enum names and every data value pass unchanged, so
    ordinary specs generate the same models as before."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {
            "schemas": {
                "Node": {
                    "$recursiveAnchor": True,
                    "type": "object",
                    "properties": {
                        "children": {"type": "array", "items": {"$recursiveRef": "#"}},
                        "x-not-an-extension": {
                            "type": "string",
                            "default": {"customTypePath": "kept as data"},
                        },
                        "kind": {
                            "type": "string",
                            "enum": ["a", "b"],
                            "x-enum-varnames": ["A", "B"],
                        },
                        "next": {"$ref": "#/components/schemas/Node"},
                        "code": {"type": "string", "pattern": "^[a-z]+\\p{L}?$"},
                    },
                    "x-internal": True,
                },
            }
        },
    }
    clean, dropped = sanitize_model_document(document)
    node = clean["components"]["schemas"]["Node"]
    assert dropped == []
    assert "x-internal" not in node
    props = node["properties"]
    assert props["x-not-an-extension"]["default"] == {"customTypePath": "kept as data"}
    assert props["kind"]["x-enum-varnames"] == ["A", "B"]
    assert props["children"]["items"] == {"$recursiveRef": "#"} and props["next"] == {
        "$ref": "#/components/schemas/Node"
    }
    assert props["code"]["pattern"] == "^[a-z]+\\p{L}?$"  # (a look-around is not: see test_redos)


def test_unusable_pattern_and_lone_surrogates_do_not_break_the_models() -> None:
    """A pattern no regex engine accepts made models.py raise on import; a lone surrogate (valid in
    JSON) made the write fail. Now: the pattern is dropped with a warning, the surrogate is U+FFFD.
    """
    source, findings = _models(
        {
            "Odd": {
                "type": "object",
                "description": "bad \ud800 text",
                "properties": {
                    "a": {"type": "string", "pattern": "[unclosed"},
                    "b\udc00": {"type": "string", "enum": ["\udfff", "x"]},
                },
            }
        }
    )
    source.encode("utf-8")
    assert "[unclosed" not in source
    assert any("pattern" in f.message for f in findings if f.code == "model-keyword-dropped")
    compile(source, "models.py", "exec")
