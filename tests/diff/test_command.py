"""`apigen diff` end to end: formats, exit codes, --fail-on, config silencing, --base REV."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.diff.command import register
from generator.findings import ApigenError

from .helpers import doc, obj, ok, op, param, ref

OLD = doc(
    {
        "/pets": {
            "get": op(
                "listPets",
                parameters=[param("limit", schema={"type": "integer"})],
                responses=ok({"type": "array", "items": ref("Pet")}),
            )
        },
        "/pets/{id}": {"delete": op("deletePet", parameters=[param("id", "path")])},
    },
    {
        "Pet": obj(
            {"id": {"type": "string"}, "name": {"type": "string"}, "status": ref("Status")},
            ["id", "name"],
        ),
        "Status": {"type": "string", "enum": ["available", "sold"]},
    },
)
NEW = doc(
    {
        "/pets": {
            "get": op(
                "listPets",
                parameters=[param("limit", schema={"type": "integer"}), param("sort")],
                responses=ok({"type": "array", "items": ref("Pet")}),
            )
        }
    },
    {
        "Pet": obj(
            {"id": {"type": "string"}, "name": {"type": "string"}, "status": ref("Status")}, ["id"]
        ),
        "Status": {"type": "string", "enum": ["available", "sold", "pending"]},
    },
)


def write(path: Path, document: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="apigen")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["diff", *argv])
    return int(args.func(args))


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    return write(tmp_path / "old.yaml", OLD), write(tmp_path / "new.yaml", NEW)


def test_text_report_and_exit_code(specs, capsys) -> None:
    old, new = specs
    assert run(str(old), str(new)) == 1
    out = capsys.readouterr().out
    # one row for the wire and the Python side of the same removal, under its operation
    assert (
        "  DELETE /pets/{id}\n    [operation-removed, python-method-removed] DELETE /pets/{id} removed"
        in out
    )
    assert "[response-property-became-optional]" in out and "new.yaml:" in out
    # the summary comes first, the per-rule table after the changes
    lines = out.splitlines()
    assert lines[1].startswith("FAIL: ") and lines[2].startswith("wire: ")
    assert lines.index("per rule:") > lines.index(
        next(x for x in lines if x.startswith("BREAKING"))
    )
    assert "Breaking changes oasdiff would not fail on" in out
    assert (
        "python-response-enum-widened x1: oasdiff ranks it WARN (response-property-enum-value-added)"
        in out
    )
    assert out.rstrip().endswith("change(s) at or above breaking")


def test_fail_on_thresholds(specs, capsys) -> None:
    old, new = specs
    assert run(str(old), str(old)) == 0
    assert run(str(old), str(new), "--fail-on", "never") == 0
    # only an info-level change: passes at breaking and warning, fails at info
    added = write(
        old.parent / "added.yaml",
        {**OLD, "paths": {**OLD["paths"], "/toys": {"get": op("listToys", tags=("toys",))}}},
    )
    assert run(str(old), str(added), "--fail-on", "warning") == 0
    assert run(str(old), str(added), "--fail-on", "info") == 1


def test_json_report(specs, capsys) -> None:
    old, new = specs
    run(str(old), str(new), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["operation-removed"] == 1
    assert data["counts"]["python-method-removed"] == 1
    change = next(c for c in data["changes"] if c["rule"] == "response-property-became-optional")
    assert change["severity"] == "breaking" and change["level"] == "wire"
    assert change["operations"] == ["GET /pets"]
    assert change["location"]["file"].endswith("new.yaml") and change["location"]["line"] > 0


def test_github_annotations_point_at_the_new_spec_line(specs, capsys) -> None:
    old, new = specs
    run(str(old), str(new), "--format", "github")
    lines = capsys.readouterr().out.splitlines()
    became = next(line for line in lines if "response-property-became-optional" in line)
    assert became.startswith("::error file=new.yaml,line=")
    line_no = int(became.split("line=")[1].split(",")[0])
    assert new.read_text().splitlines()[line_no - 1].strip().startswith("name:")
    # the wire warning and the strict-client break of one new enum value: one annotation
    enum = [line for line in lines if "response-enum-value-added" in line]
    assert len(enum) == 1 and enum[0].startswith("::error ")
    assert "python-response-enum-widened" in enum[0]
    # the last annotation is the summary, with the verdict
    summary = [line for line in lines if line.startswith("::")][-1]
    assert summary.startswith("::error title=apigen diff ") and "FAIL:" in summary
    assert "%3A" in became.split("::")[1]  # ':' escaped inside the title property
    assert not any(
        "operation-added" in line or "parameter-added-optional" in line for line in lines
    )


def test_markdown_report(specs, capsys) -> None:
    old, new = specs
    run(str(old), str(new), "--format", "markdown", "--output", "report.md")
    out = capsys.readouterr().out
    assert out.startswith("### ❌ apigen diff")
    rule_row = "| `operation-removed` | breaking | wire | 1 | api-removed-without-deprecation ERR |"
    assert rule_row in out
    # summary, then the breaking changes by operation, then the rest, the rule table last
    assert (
        out.index("**FAIL: ")
        < out.index("#### Breaking changes")
        < out.index("**DELETE /pets/{id}**")
        < out.index("<summary>Warnings and info")
        < out.index("<summary>Rules</summary>")
        < out.index(rule_row)
    )
    assert out.count("DELETE /pets/{id} removed") == 1  # operation-removed + python-method-removed
    assert Path("report.md").read_text(encoding="utf-8") == out


def test_level_filter(specs, capsys) -> None:
    old, new = specs
    run(str(old), str(new), "--format", "json", "--level", "python")
    data = json.loads(capsys.readouterr().out)
    assert data["changes"] and all(c["level"] == "python" for c in data["changes"])


def test_config_silences_a_rule_or_one_operation_with_a_reason(specs, capsys) -> None:
    old, new = specs
    config = old.parent / "pyproject.toml"
    config.write_text(
        "[tool.apigen]\n"
        'package = "pets"\n'
        "[[tool.apigen.diff.ignore]]\n"
        'rule = "operation-removed"\n'
        'operation = "delete /pets/{id}"\n'
        'reason = "deprecated for a year"\n'
        "[[tool.apigen.diff.ignore]]\n"
        'rule = "python-method-removed"\n'
        'reason = "same removal"\n'
        "[[tool.apigen.diff.ignore]]\n"
        'rule = "response-property-became-optional"\n'
        'subject = "Pet.name"\n'
        'reason = "always sent in practice"\n'
        "[[tool.apigen.diff.ignore]]\n"
        'rule = "python-model-field-removed"\n'
        'operation = "GET /pets"\n'
        'reason = "not a field removal"\n',
        encoding="utf-8",
    )
    assert (
        run(str(old), str(new), "--config", str(config), "--format", "json") == 1
    )  # the enum widening still fails
    data = json.loads(capsys.readouterr().out)
    assert {c["rule"] for c in data["ignored"]} == {
        "operation-removed",
        "python-method-removed",
        "response-property-became-optional",
    }
    assert all(c["ignored"] for c in data["ignored"])
    assert {c["rule"] for c in data["changes"]} >= {"python-response-enum-widened"}
    # the nearest pyproject.toml is read without --config
    assert run(str(old), str(new), "--format", "json") == 1
    assert len(json.loads(capsys.readouterr().out)["ignored"]) == 3


@pytest.mark.parametrize(
    "row, message",
    [
        ('rule = "operation-removed"\n', "has no reason"),
        ('rule = "no-such-rule"\nreason = "x"\n', "unknown rule"),
        ('rule = "operation-removed"\nreason = "x"\nopid = "y"\n', "unknown keys opid"),
    ],
)
def test_bad_config_is_bad_input(specs, row: str, message: str) -> None:
    old, new = specs
    config = old.parent / "diff.toml"
    config.write_text("[[tool.apigen.diff.ignore]]\n" + row, encoding="utf-8")
    with pytest.raises(ApigenError, match=message):
        run(str(old), str(new), "--config", str(config))


def test_bad_input_raises_for_exit_2(specs) -> None:
    old, new = specs
    with pytest.raises(ApigenError, match="needs OLD and NEW"):
        run(str(old))
    with pytest.raises(ApigenError):
        run(str(old), "missing.yaml")
    with pytest.raises(ApigenError):
        run(str(old), str(write(old.parent / "notapi.yaml", {"hello": "world"})))


def test_swagger2_old_version_is_converted_and_compared(specs, capsys) -> None:
    """A Swagger 2.0 OLD spec is converted in-process (as `generate` does), then compared."""
    old, new = specs
    swagger = write(
        old.parent / "swagger.yaml",
        {"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}},
    )
    assert run(str(swagger), str(new), "--fail-on", "never") == 0
    assert "operation-added" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_base_revision_reads_the_spec_from_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    spec = write(tmp_path / "spec" / "api.yaml", OLD)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apigen]\nspec = "spec/api.yaml"\n', encoding="utf-8"
    )
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    write(spec, NEW)
    assert run("--base", "HEAD", "--format", "json") == 1  # NEW defaults to [tool.apigen] spec
    data = json.loads(capsys.readouterr().out)
    assert data["old"] == "HEAD:spec/api.yaml" and data["counts"]["operation-removed"] == 1
    assert run("--base", "HEAD", "spec/api.yaml", "--fail-on", "never") == 0
    capsys.readouterr()
    with pytest.raises(ApigenError, match="cannot read spec/api.yaml at no-such-rev"):
        run("--base", "no-such-rev")


def _cli_has(command: str) -> bool:
    from generator import cli

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return command in sub.choices


@pytest.mark.skipif(not _cli_has("diff"), reason="`diff` is not wired into generator/cli.py yet")
def test_cli_main_exit_codes(specs, capsys) -> None:
    from generator.cli import main

    old, new = specs
    assert main(["diff", str(old), str(old)]) == 0
    assert main(["diff", str(old), str(new)]) == 1
    assert main(["diff", str(old), "missing.yaml"]) == 2
    assert main(["diff", str(old)]) == 2


def test_audience_server_fails_on_a_new_optional_parameter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A new optional query parameter: no client breaks, every service implementation does."""
    monkeypatch.chdir(tmp_path)
    old = write(tmp_path / "old.yaml", doc({"/pets": {"get": op("listPets")}}))
    new = write(
        tmp_path / "new.yaml", doc({"/pets": {"get": op("listPets", parameters=[param("sort")])}})
    )
    assert run(str(old), str(new)) == 0  # --audience client (default)
    assert "server-parameter-added" not in capsys.readouterr().out
    assert run(str(old), str(new), "--audience", "server", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["audience"] == "server" and data["counts"] == {"server-parameter-added": 1}
    assert run(str(old), str(new), "--audience", "both", "--format", "json") == 1
    assert json.loads(capsys.readouterr().out)["counts"] == {
        "parameter-added-optional": 1,
        "server-parameter-added": 1,
    }


def test_max_annotations(specs, capsys) -> None:
    old, new = specs
    run(str(old), str(new), "--format", "github", "--max-annotations", "2")
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert len(lines) == 2 and "not annotated" in lines[-1]
