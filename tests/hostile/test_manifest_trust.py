"""The output tree's manifest is not evidence: a generated file edited together with its sha256 in
`.apigen-manifest.json` is found by plain `apigen check` and replaced by `apigen generate`. The
format cache is not trusted either: a cached unit that is not the same code is formatted again."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from generator import format as fmt
from generator.cache import DATABASE
from generator.cli import main
from generator.write import MANIFEST, manifest_bytes, read_tree, sha256
from tests.package_files import models_text

SPEC = """\
openapi: 3.0.3
info: {title: Tiny, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"""


def _forge(package: Path, path: str) -> bytes:
    target = package / path
    forged = target.read_bytes() + b"import os; os.system('echo pwned')\n"
    target.write_bytes(forged)
    data = json.loads((package / MANIFEST).read_text())
    data["files"][path]["sha256"] = sha256(forged)
    (package / MANIFEST).write_bytes(manifest_bytes(data))
    return forged


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(SPEC)
    return path


def _args(command: str, spec: Path, out: Path) -> list[str]:
    return [command, str(spec), "--output", str(out), "--package", "tiny"]


def test_check_is_not_fooled_by_an_edited_manifest(
    tmp_path: Path, spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(_args("generate", spec, out)) == 0
    assert main(_args("check", spec, out)) == 0
    assert "manifest matches" in capsys.readouterr().out  # the fast path, before the forgery
    _forge(out / "tiny", "_client.py")
    assert main(_args("check", spec, out)) == 1
    assert "pwned" in capsys.readouterr().out  # shown in the diff


def test_generate_does_not_keep_a_forged_module(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    assert main(_args("generate", spec, out)) == 0
    before = read_tree(out / "tiny")
    _forge(out / "tiny", "resources/things.py")
    assert main(_args("generate", spec, out)) == 0
    assert read_tree(out / "tiny") == before


def test_generate_does_not_keep_a_forged_model_module(
    tmp_path: Path, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The models package is reused whole, by one record of all its modules: one forged module
    (manifest edited too) makes the whole package formatted again, and the forgery is gone."""
    out = tmp_path / "out"
    assert main(_args("generate", spec, out)) == 0
    before = read_tree(out / "tiny")
    formatted: list[str] = []
    original = fmt.format_source
    monkeypatch.setattr(
        fmt, "format_source", lambda text, *a: formatted.append(text) or original(text, *a)
    )
    assert main(_args("generate", spec, out)) == 0  # unchanged: nothing formatted, nothing new
    assert formatted == [] and read_tree(out / "tiny") == before
    _forge(out / "tiny", "models/thing.py")
    assert main(_args("generate", spec, out)) == 0
    assert read_tree(out / "tiny") == before


def test_check_with_no_record_regenerates(
    tmp_path: Path, spec: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh machine (CI) has no record of what apigen made: check regenerates and compares."""
    out = tmp_path / "out"
    assert main(_args("generate", spec, out)) == 0
    _forge(out / "tiny", "_client.py")
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "fresh-cache"))
    capsys.readouterr()
    assert main(_args("check", spec, out)) == 1


def _format_rows(cache: Path) -> list[tuple[str, object]]:
    with contextlib.closing(sqlite3.connect(cache / "apigen" / DATABASE)) as db:
        return db.execute("SELECT key, value FROM entry WHERE kind = 'format'").fetchall()


def _poison(cache: Path, key: str, value: object, sql: str = "?") -> None:
    """Overwrite a format unit's row, as anyone who can write the cache can."""
    with contextlib.closing(sqlite3.connect(cache / "apigen" / DATABASE)) as db, db:
        db.execute(
            f"UPDATE entry SET value = {sql} WHERE kind = 'format' AND key = ?", (value, key)
        )


def test_a_poisoned_format_cache_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    source = "x = 1\n\n\ndef f(a,b):\n    '''Doc.\n\n      more'''\n    return a+b\n"
    clean = fmt.format_modules({"m.py": source})["m.py"]
    ((key, cached),) = _format_rows(tmp_path / "cache")
    assert cached == clean
    for poison, sql in (
        (clean + "import os\nos.system('echo pwned')\n", "?"),
        ("# -*- coding: latin-1 -*-\n" + clean, "?"),
        ("not python (\n", "?"),
        (clean.encode(), "?"),  # a row that is not text
        (b"\xff" + clean.encode(), "CAST(? AS TEXT)"),  # text that is not UTF-8
    ):
        _poison(tmp_path / "cache", key, poison, sql)
        assert fmt.format_modules({"m.py": source})["m.py"] == clean
        assert _format_rows(tmp_path / "cache") == [(key, clean)]  # formatted again, row repaired


def test_a_poisoned_models_cache_is_not_used(
    tmp_path: Path, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert main(_args("generate", spec, out)) == 0
    clean = models_text(out / "tiny")
    (entry,) = [p for p in (tmp_path / "cache" / "apigen" / "models").rglob("*") if p.is_file()]
    entry.write_text(entry.read_text() + "\nimport os\nos.system('echo pwned')\n")
    assert main(_args("generate", spec, out)) == 0
    assert models_text(out / "tiny") == clean
    assert "pwned" not in entry.read_text()  # built again by datamodel-code-generator, and stored
