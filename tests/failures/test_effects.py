"""Findings graded by what they change in the generated code (issue 17).

One fixture per kind of finding (tests/failures/fixtures/effects/): its effect class, its default
severity, and `--strict` making it an error. Then what the grades do end to end, through the CLI:
a degraded part is generated with its fallback and listed in the coverage report (exit 0, exit 1
under --fail-under), a refusal ends with the exact `[[tool.apigen.validation]]` entry that lets it
through (pasted into a pyproject.toml, it does), and `--strict` refusals name the flag.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.findings import Effect, Finding, Severity
from generator.load import load_spec
from generator.validate import validate_spec
from tests.package_files import models_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EFFECTS = FIXTURES / "effects"


@dataclass(frozen=True)
class Kind:
    fixture: str
    code: str
    effect: Effect
    severity: Severity  # by default (without --strict)
    pointer: str


KINDS = [
    # Cannot change the generated code: warnings.
    Kind(
        "example_invalid.yaml",
        "spec-invalid",
        Effect.NONE,
        Severity.WARNING,
        "/paths/~1pets/get/parameters/0/examples",
    ),
    Kind(
        "external_docs_invalid.yaml",
        "spec-invalid",
        Effect.NONE,
        Severity.WARNING,
        "/paths/~1pets/get/externalDocs",
    ),
    Kind(
        "description_invalid.yaml",
        "spec-invalid",
        Effect.NONE,
        Severity.WARNING,
        "/components/schemas/Pet/description",
    ),
    Kind(
        "unused_component_invalid.yaml",
        "spec-invalid",
        Effect.NONE,
        Severity.WARNING,
        "/components/parameters/Unused",
    ),
    Kind("info_invalid.yaml", "spec-invalid", Effect.NONE, Severity.WARNING, "/info/license"),
    Kind(
        "description_missing.yaml",
        "spec-invalid",
        Effect.NONE,
        Severity.WARNING,
        "/paths/~1pets/get/responses/200",
    ),
    Kind("unread_keyword.yaml", "spec-invalid", Effect.NONE, Severity.WARNING, "/paths/~1pets/get"),
    Kind(
        "required_duplicate.yaml",
        "spec-invalid",
        Effect.NONE,
        Severity.WARNING,
        "/components/schemas/Pet/required",
    ),
    Kind(
        "path_param_optional.yaml",
        "path-param-optional",
        Effect.NONE,
        Severity.WARNING,
        "/paths/~1pets~1{petId}/get/parameters/0",
    ),
    # Change the code, with a safe fallback: warnings, degraded.
    Kind(
        "default_invalid.yaml",
        "spec-invalid",
        Effect.DEGRADED,
        Severity.WARNING,
        "/components/schemas/Pet/properties/vaccinated/default",
    ),
    Kind(
        "default_format_invalid.yaml",
        "default-invalid",
        Effect.DEGRADED,
        Severity.WARNING,
        "/components/schemas/Pet/properties/id/default",
    ),
    Kind(
        "constraint_invalid.yaml",
        "spec-invalid",
        Effect.DEGRADED,
        Severity.WARNING,
        "/paths/~1images/put/requestBody/content/image~1jpeg/schema/required",
    ),
    Kind(
        "ref_dangling.yaml",
        "ref-dangling",
        Effect.DEGRADED,
        Severity.WARNING,
        "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
    ),
    # Change the code, no fallback: errors.
    Kind(
        "type_invalid.yaml",
        "spec-invalid",
        Effect.CODE,
        Severity.ERROR,
        "/components/schemas/Pet/properties/name/type",
    ),
    Kind(
        "status_invalid.yaml",
        "response-status-invalid",
        Effect.CODE,
        Severity.ERROR,
        "/paths/~1pets/get/responses/2xx",
    ),
    Kind(
        "operation_id_duplicate.yaml",
        "operation-id-duplicate",
        Effect.CODE,
        Severity.ERROR,
        "/paths/~1animals/get/operationId",
    ),
]


def _reported(path: Path, *, strict: bool = False) -> list[Finding]:
    """The fixture's findings above info (each fixture has one problem; the validator may word
    it twice at the same place)."""
    findings = validate_spec(load_spec(path), strict=strict)
    return [f for f in findings if f.severity > Severity.INFO]


def test_every_fixture_is_a_kind() -> None:
    assert sorted(p.name for p in EFFECTS.glob("*.yaml")) == sorted(k.fixture for k in KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=[k.fixture for k in KINDS])
def test_finding_kind_has_its_effect_and_default_severity(kind: Kind) -> None:
    found = _reported(EFFECTS / kind.fixture)
    assert found, "the fixture must produce its finding"
    assert {(f.code, f.pointer) for f in found} == {(kind.code, kind.pointer)}, [
        f.format() for f in found
    ]
    assert {f.effect for f in found} == {kind.effect}
    assert {f.severity for f in found} == {kind.severity}
    note = {
        Effect.NONE: "cannot change the generated code",
        Effect.DEGRADED: "degraded: ",
        Effect.CODE: "changes the generated code",
    }[kind.effect]
    assert all(note in f.format() for f in found)


@pytest.mark.parametrize("kind", KINDS, ids=[k.fixture for k in KINDS])
def test_strict_makes_every_kind_an_error(kind: Kind) -> None:
    found = _reported(EFFECTS / kind.fixture, strict=True)
    assert found and {f.severity for f in found} == {Severity.ERROR}


# ---- through the CLI --------------------------------------------------------------------------------


def _run(
    args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    code = main(args)
    return code, capsys.readouterr().err


def test_invalid_default_is_dropped_and_reported_as_degraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = EFFECTS / "default_invalid.yaml"
    report = tmp_path / "report.json"
    code, err = _run(
        ["generate", str(spec), "--output", "out", "--report", str(report)],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    models = models_text(tmp_path / "out" / "effects")
    line = next(ln for ln in models.splitlines() if ln.strip().startswith("vaccinated:"))
    assert "false" not in line.lower(), line  # the string "false" is not the default any more
    assert line.strip() == "vaccinated: bool | None = None"
    pointer = "/components/schemas/Pet/properties/vaccinated/default"
    assert f"degraded: [at {pointer}]: the default is dropped" in err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [d["pointer"] for d in data["spec_degraded"]] == [pointer]
    assert data["percent"] < 100.0  # the schema holding it is not counted as fully generated

    code, err = _run(
        ["generate", str(spec), "--output", "out", "--fail-under", "100"],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert code == 1 and "below --fail-under 100%" in err


def test_taken_as_written_when_a_config_entry_accepts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[[tool.apigen.validation]]\n"
        'code = "spec-invalid"\nseverity = "warning"\n'
        'pointer = "/components/schemas/Pet/properties/vaccinated/default"\n'
        'reason = "the server reads it as a string"\n',
        encoding="utf-8",
    )
    code, err = _run(
        ["generate", str(EFFECTS / "default_invalid.yaml"), "--output", "out"],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    assert "taken as written, as configured" in err and "degraded: [at" not in err
    models = models_text(tmp_path / "out" / "effects")
    assert '"false"' in models


def test_dangling_schema_ref_generates_any(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(
        ["generate", str(EFFECTS / "ref_dangling.yaml"), "--output", "out"],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    assert "the $ref is dropped: the schema is Any" in err
    resource = (tmp_path / "out" / "dangling" / "resources" / "pets.py").read_text("utf-8")
    assert ") -> Any:" in resource


def test_constraint_that_would_crash_the_ir_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Spotify's image upload: `required: true` on a request body's schema.
    code, err = _run(
        ["generate", str(EFFECTS / "constraint_invalid.yaml"), "--output", "out"],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    assert "internal error" not in err
    assert (tmp_path / "out" / "effects" / "resources").is_dir()


def _last_entry(err: str) -> str:
    """The last `[[tool.apigen.validation]]` block printed."""
    start = err.rindex("[[tool.apigen.validation]]")
    lines = err[start:].splitlines()
    return "\n".join(lines[:5]) + "\n"


def test_refusal_ends_with_the_ready_to_paste_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = EFFECTS / "type_invalid.yaml"
    code, err = _run(["generate", str(spec), "--output", "out"], tmp_path, monkeypatch, capsys)
    assert code == 2
    tail = err.rstrip("\n").splitlines()[-6:]
    assert tail == [
        "",
        "[[tool.apigen.validation]]",
        'code = "spec-invalid"',
        'severity = "warning"',
        'pointer = "/components/schemas/Pet/properties/name/type"',
        'reason = "known problem of the upstream spec"',
    ], err
    entry = _last_entry(err)
    assert tomllib.loads(entry)["tool"]["apigen"]["validation"][0]["code"] == "spec-invalid"
    # Pasted as printed, it lets the run through.
    (tmp_path / "pyproject.toml").write_text(entry, encoding="utf-8")
    code, err = _run(["generate", str(spec), "--output", "out"], tmp_path, monkeypatch, capsys)
    assert code == 0, err
    assert (tmp_path / "out" / "effects" / "models" / "__init__.py").is_file()


def test_strict_refusal_names_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = EFFECTS / "default_invalid.yaml"
    code, err = _run(
        ["generate", str(spec), "--output", "out", "--strict"], tmp_path, monkeypatch, capsys
    )
    assert code == 2 and not (tmp_path / "out").exists()
    assert "--strict" in err.rstrip("\n").splitlines()[-1]
    # The same from the config file.
    (tmp_path / "pyproject.toml").write_text("[tool.apigen]\nstrict = true\n", encoding="utf-8")
    code, err = _run(["generate", str(spec), "--output", "out"], tmp_path, monkeypatch, capsys)
    assert code == 2 and "strict = true" in err.rstrip("\n").splitlines()[-1]


def test_swagger2_refs_inside_an_array_valued_items_resolve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.convert.loaded import as_openapi3

    spec = as_openapi3(load_spec(FIXTURES / "swagger2_items_list.yaml"))
    members = spec.document["components"]["schemas"]["objs_member_list"]["properties"]["members"]
    assert members["items"] == [{"$ref": "#/components/schemas/defs_user_id"}]
    query = spec.document["paths"]["/conversations.members"]["get"]["parameters"][0]
    assert query["schema"]["items"] == [{"$ref": "#/components/schemas/defs_user_id"}]
    findings = validate_spec(spec)
    assert not [f for f in findings if f.code == "ref-dangling"], [f.format() for f in findings]
    # The list itself is invalid 3.0: degraded (items typed Any), and the spec generates.
    code, err = _run(
        ["generate", str(FIXTURES / "swagger2_items_list.yaml"), "--output", "out"],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    models = models_text(tmp_path / "out" / "slackish")
    assert "members: list[Any] | None = None" in models
    assert "owner: DefsUserId | None = None" in models
