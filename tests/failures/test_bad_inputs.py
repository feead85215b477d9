"""Broken and hostile specs: each refused with one expected, located message, never a traceback."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.findings import ApigenError, Effect, Finding, Severity
from generator.load import load_spec

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Expected:
    fixture: str
    code: str
    file: str  # the file the message points into, relative to fixtures/
    line: int
    col: int
    text: str  # part of the message


CASES = [
    Expected(
        "yaml_syntax_error.yaml",
        "syntax-invalid",
        "yaml_syntax_error.yaml",
        11,
        8,
        "YAML syntax error: did not find expected key",
    ),
    Expected(
        "json_syntax_error.json",
        "syntax-invalid",
        "json_syntax_error.json",
        5,
        1,
        "JSON syntax error: Expecting property name",
    ),
    Expected(
        "top_level_list.yaml",
        "document-invalid",
        "top_level_list.yaml",
        1,
        1,
        "the top level is a list, not a mapping",
    ),
    Expected(
        "no_version.yaml",
        "version-missing",
        "no_version.yaml",
        1,
        1,
        "neither an 'openapi' nor a 'swagger' field",
    ),
    Expected("empty.yaml", "document-invalid", "empty.yaml", 1, 1, "the document is empty"),
    Expected(
        "remote_ref.yaml",
        "ref-remote",
        "remote_ref.yaml",
        15,
        17,
        "remote reference to https://example.com/schemas.yaml",
    ),
    Expected(
        "missing_ref_file.yaml",
        "ref-file-missing",
        "missing_ref_file.yaml",
        9,
        7,
        "'./nowhere/pet.yaml': cannot read",
    ),
    Expected(
        "external_dangling.yaml",
        "ref-dangling",
        "external_dangling.yaml",
        12,
        11,
        "multi/pet.yaml has no node at /NoSuchSchema",
    ),
    Expected(
        "broken_ref_target.yaml", "syntax-invalid", "multi/broken.yaml", 4, 1, "YAML syntax error"
    ),
    Expected("path_item_cycle.yaml", "ref-cycle", "multi/loop.yaml", 4, 3, "'#/a' includes itself"),
]


def only_finding(path: Path) -> Finding:
    with pytest.raises(ApigenError) as caught:
        load_spec(path)
    findings = list(caught.value.findings)
    assert len(findings) == 1, [f.format() for f in findings]
    return findings[0]


@pytest.mark.parametrize("case", CASES, ids=[case.fixture for case in CASES])
def test_bad_input_is_refused_with_a_located_message(case: Expected) -> None:
    finding = only_finding(FIXTURES / case.fixture)
    assert finding.code == case.code
    assert case.text in finding.message
    assert finding.location is not None
    assert Path(finding.location.file).resolve() == (FIXTURES / case.file).resolve()
    assert (finding.location.line, finding.location.col) == (case.line, case.col), finding.format()


def _validated(path: Path, *, strict: bool = False) -> list[Finding]:
    from generator.validate import validate_spec

    return list(validate_spec(load_spec(path), strict=strict))


def test_dangling_schema_ref_is_located_and_names_what_exists() -> None:
    # A dangling ref where a schema goes is loaded, then graded by validation (issue 17): a
    # warning, the schema generated as Any; with --strict, an error.
    (finding,) = [
        f for f in _validated(FIXTURES / "dangling_local_ref.yaml") if f.code == "ref-dangling"
    ]
    assert "'#/components/schemas/Pets' points at nothing" in finding.message
    assert finding.location is not None
    assert (finding.location.line, finding.location.col) == (15, 17), finding.format()
    assert (
        finding.pointer == "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"
    )
    assert finding.hint == "/components/schemas has: Pet"
    assert finding.severity is Severity.WARNING and finding.effect is Effect.DEGRADED
    assert finding.drop == finding.pointer
    (strict,) = [
        f
        for f in _validated(FIXTURES / "dangling_local_ref.yaml", strict=True)
        if f.code == "ref-dangling"
    ]
    assert strict.severity is Severity.ERROR


def test_every_dangling_ref_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: '#/components/schemas/X'}\n    B: {$ref: '#/components/schemas/Y'}\n",
        encoding="utf-8",
    )
    found = [f for f in _validated(path, strict=True) if f.code == "ref-dangling"]
    assert [(f.code, f.location.line if f.location else 0) for f in found] == [
        ("ref-dangling", 6),
        ("ref-dangling", 7),
    ]


def test_dangling_ref_outside_a_schema_is_refused_by_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      parameters: [{$ref: '#/components/parameters/Nope'}]\n"
        "      responses: {'200': {description: ok}}\n",
        encoding="utf-8",
    )
    finding = only_finding(path)
    assert finding.code == "ref-dangling" and "points at nothing" in finding.message
    assert finding.location is not None and finding.location.line == 6


def test_missing_entry_file(tmp_path: Path) -> None:
    finding = only_finding(tmp_path / "nope.yaml")
    assert finding.code == "file-missing" and "no such file" in finding.message


def test_directory_is_not_a_spec(tmp_path: Path) -> None:
    finding = only_finding(tmp_path)
    assert finding.code == "file-unreadable" and "directory" in finding.message


def test_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("openapi: 3.0.3\ninfo:\n  title: caf\u00e9\n".encode("latin-1"))
    finding = only_finding(path)
    assert finding.code == "encoding-invalid"
    assert finding.location is not None and (finding.location.line, finding.location.col) == (3, 13)
    assert "0xe9" in finding.message


@pytest.mark.skipif(
    not os.path.exists("/dev/zero"), reason="needs /dev/zero"
)  # present on every Linux
def test_ref_to_a_device_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    depth = "../" * len(tmp_path.parts)
    path.write_text(
        f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n"
        f"    A: {{$ref: '{depth}dev/zero'}}\n",
        encoding="utf-8",
    )
    finding = only_finding(path)
    assert finding.code == "ref-outside"  # refused before it is even opened


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(
        '{"openapi": "3.0.3", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8"
    )
    finding = only_finding(path)
    assert finding.code == "document-too-deep"


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["openapi: 3.0.3", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    finding = only_finding(path)
    assert finding.code == "document-too-large"


def test_non_scalar_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text("openapi: 3.0.3\n? [a, b]\n: value\n", encoding="utf-8")
    finding = only_finding(path)
    assert finding.code == "syntax-invalid" and "non-scalar key" in finding.message
    assert finding.location is not None and finding.location.line == 2


def test_deep_yaml_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("openapi: 3.0.3\nx: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    finding = only_finding(path)
    assert finding.code == "syntax-invalid" and "nesting depth" in finding.message


def test_a_schema_datamodel_code_generator_refuses_is_located_where_it_was_written(
    tmp_path: Path,
) -> None:
    """The refused schema is an inline one apigen lifted into a model of its own (`DerivedValue`):
    the message points at where it is written in the spec, not at a name the spec never uses."""
    from generator.config import Config
    from generator.pipeline import generate

    path = FIXTURES / "models_refused_inline.yaml"
    with pytest.raises(ApigenError) as caught:
        generate(path, Config(output=str(tmp_path)))
    (finding,) = [f for f in caught.value.findings if f.code == "models-failed"]
    assert finding.pointer == "/components/schemas/Derived/allOf/1/properties/value"
    assert finding.location is not None and Path(finding.location.file).resolve() == path.resolve()
    assert (finding.location.line, finding.location.col) == (15, 13)
