"""The "low" findings of the hostile-input probe: each is a located exit 2 (FILE:LINE:COL), never an
internal error (exit 3) or a silent misreading, each shown from a minimal spec of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

HEAD = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    return code, captured.err


def _validate(tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, err = _run(["validate", str(path)], capsys)
    assert code == 2, err
    return err.replace(str(path), name)


def test_very_long_names_generate_with_short_file_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "a" * 350
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": ""}}}}
    ok["content"]["application/json"]["schema"]["$ref"] = f"#/components/schemas/B{long}"
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/x": {"get": {"operationId": f"get{long}", "tags": [long], "responses": {"200": ok}}}
        },
        "components": {
            "schemas": {f"B{long}": {"type": "object", "properties": {long: {"type": "string"}}}}
        },
    }
    spec = tmp_path / "long.json"
    spec.write_text(json.dumps(doc))
    code, _ = _run(["generate", str(spec), "-o", str(tmp_path / "out"), "-p", "tiny"], capsys)
    assert code == 0
    names = [p.name for p in (tmp_path / "out" / "tiny").rglob("*")]
    assert max(len(name) for name in names) <= 90


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "bigint.yaml",
            HEAD + f"    A: {{type: integer, maximum: {'9' * 5000}}}\n",
            "bigint.yaml:6:33: error: YAML syntax error: int value cannot be read: Exceeds the limit",
        ),
        (
            "bigint.json",
            '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},\n'
            f' "components": {{"schemas": {{"A": {{"maximum": {"9" * 5000}}}}}}}}}',
            "bigint.json:2:46: error: a number cannot be read: Exceeds the limit",
        ),
        (
            "badint.yaml",
            HEAD + '    A: {type: integer, maximum: !!int "abc"}\n',
            "badint.yaml:6:33: error: YAML syntax error: int value cannot be read",
        ),
        (
            "badfloat.yaml",
            HEAD + '    A: {type: number, maximum: !!float "abc"}\n',
            "badfloat.yaml:6:32: error: YAML syntax error: float value cannot be read",
        ),
    ],
)
def test_numbers_that_cannot_be_read_are_located(
    tmp_path: Path, name: str, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert expected in _validate(tmp_path, name, text, capsys)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_nesting_500_deep_is_located(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    node = "{}"
    for _ in range(300):
        node = '{"type": "object", "properties": {"p": ' + node + "}}"
    text = (
        '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},\n'
        f'"components": {{"schemas": {{"A": {node}}}}}}}'
    )
    err = _validate(tmp_path, f"deep.{suffix}", text, capsys)
    assert f"deep.{suffix}:2:" in err and "nests deeper than 500 levels here" in err


def test_a_5000_member_one_of_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = [{"type": "object", "properties": {f"k{i}": {"type": "string"}}} for i in range(5000)]
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {"A": {"oneOf": members}}},
    }
    err = _validate(tmp_path, "oneof.json", json.dumps(doc), capsys)
    assert (
        "oneof.json:1:" in err and "oneOf lists 5000 schemas" in err and "[schema-too-large]" in err
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "nan.yaml",
            HEAD + "    A: {type: number, default: .nan}\n",
            "nan.yaml:6:32: error: YAML syntax error: '.nan' is not a JSON number",
        ),
        (
            "inf.yaml",
            HEAD + "    A: {type: number, maximum: -.inf}\n",
            "inf.yaml:6:32: error: YAML syntax error: '-.inf' is not a JSON number",
        ),
        (
            "nan.json",
            '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},\n'
            ' "components": {"schemas": {"A": {"type": "number", "default": NaN}}}}',
            "nan.json:2:64: error: NaN is not a JSON number",
        ),
        (
            "inf.json",
            '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},\n'
            ' "components": {"schemas": {"A": {"maximum": 1e999, "minimum": -Infinity}}}}',
            "inf.json:2:46: error: 1e999 is too large for a JSON number",
        ),
    ],
)
def test_nan_and_infinity_are_located_not_an_unsafe_output_alarm(
    tmp_path: Path, name: str, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _validate(tmp_path, name, text, capsys)
    assert expected in err and "unsafe-output" not in err


def test_yaml_control_characters_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _validate(tmp_path, "ctl.yaml", HEAD + "    A: {type: \x01string}\n", capsys)
    assert "ctl.yaml:6:15: error: YAML error: character U+0001 is not allowed" in err


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "dup.yaml",
            HEAD + "    A: {type: object}\n    A: {type: string}\n",
            "dup.yaml:7:5: error: YAML syntax error: duplicate key 'A'",
        ),
        (
            "dup.json",
            '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},\n'
            ' "components": {"schemas": {"A": {}, "A": {"type": "string"}}}}',
            "dup.json:2:38: error: duplicate key 'A'",
        ),
    ],
)
def test_duplicate_keys_are_located(
    tmp_path: Path, name: str, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert expected in _validate(tmp_path, name, text, capsys)


def test_openapi_and_swagger_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "openapi: '2.0'\nswagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n"
    text += "definitions:\n  A: {type: object}\n"
    err = _validate(tmp_path, "both.yaml", text, capsys)
    assert "both.yaml:2:1: error: the document has both an 'openapi' and a 'swagger'" in err


def test_unwritable_output_and_report_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(HEAD + "    A: {type: object}\n")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, err = _run(["generate", str(spec), "-o", str(blocker / "sub"), "-p", "tiny"], capsys)
    assert code == 2
    assert f"{blocker}/sub/tiny: error: cannot write the package" in err
    report = str(blocker / "r.json")
    code, err = _run(
        ["generate", str(spec), "-o", str(tmp_path / "out"), "-p", "tiny", "--report", report],
        capsys,
    )
    assert code == 2 and f"{report}: error: cannot write the report" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_check_does_not_read_a_device_listed_in_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(HEAD + "    A: {type: object}\n")
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "-p", "tiny"]) == 0
    manifest = out / "tiny" / ".apigen-manifest.json"
    data = json.loads(manifest.read_text())
    data["spec_files"] = ["s.yaml", "../" * 30 + "dev/zero", "/dev/zero"]
    manifest.write_text(json.dumps(data))
    proc = subprocess.run(  # in a child with a deadline: reading /dev/zero would never end
        [sys.executable, "-m", "generator", "check", str(spec), "-o", str(out), "-p", "tiny"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1  # the edited manifest is drift; nothing hung
    assert "spec_files" in proc.stdout


def test_diff_base_cannot_pass_an_option_to_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "written-by-git"
    code, err = _run(
        ["diff", f"--base=--output={target}", str(repo / "spec" / "seed-update-charger.yaml")],
        capsys,
    )
    assert code == 2
    assert "--base: error: --base '--output=" in err and "is not a git revision" in err
    assert not list(tmp_path.iterdir())
