"""The validator: openapi-spec-validator errors located, our semantic checks, suppressions."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import Suppression
from generator.findings import Effect, Finding, Findings, Severity
from generator.load import LoadedSpec, load_spec
from generator.validate import validate_spec

REPO = Path(__file__).resolve().parents[2]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
PEERS = CORPUS / "peer-fixtures"
FIXTURES = REPO / "tests" / "failures" / "fixtures"

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"


def spec_of(tmp_path: Path, text: str, name: str = "api.yaml") -> LoadedSpec:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


def by_code(findings: Findings, code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]


def where(finding: Finding) -> tuple[int, int]:
    assert finding.location is not None
    return (finding.location.line, finding.location.col)


# -- openapi-spec-validator ---------------------------------------------------------------------


def test_every_meta_schema_error_of_a_schema_is_reported() -> None:
    findings = validate_spec(load_spec(FIXTURES / "meta_errors_31.yaml"))
    errors = by_code(findings, "spec-invalid")
    assert [(where(f), f.pointer) for f in errors] == [
        ((13, 11), "/components/schemas/Limits/properties/rate/exclusiveMinimum"),
        ((16, 11), "/components/schemas/Limits/properties/name/minLength"),
        ((17, 7), "/components/schemas/Limits/required"),
    ]
    assert errors[0].hint == "expected a number here, got a boolean"
    assert errors[2].message == "'required' lists 'rate' more than once"
    assert errors[2].hint == "'required' must list each property once"


def test_findings_do_not_depend_on_the_hash_seed() -> None:
    # jsonschema yields meta-schema errors in set order; apigen must not.
    script = (
        "from pathlib import Path; from generator.load import load_spec; from generator.validate import validate_spec;"
        f"print([f.format() for f in validate_spec(load_spec(Path({str(FIXTURES / 'meta_errors_31.yaml')!r})))])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_messages_are_one_short_line(tmp_path: Path) -> None:
    big = ", ".join(f"p{i}: {{type: string}}" for i in range(60))
    spec = spec_of(
        tmp_path,
        HEAD + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n"
        f"      properties: {{{big}}}\n      default: 3\n      required: 5\n",
    )
    findings = by_code(validate_spec(spec), "spec-invalid")
    assert findings
    for finding in findings:
        assert "\n" not in finding.message and len(finding.message) <= 200
        assert "p59" not in finding.message  # the schema is summarised, not dumped


def test_oneof_error_reports_the_specific_branch(tmp_path: Path) -> None:
    # 3.0 allows a Schema or a Reference here; "'$ref' is required" would be the useless branch.
    spec = spec_of(
        tmp_path,
        HEAD + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n      const: x\n",
    )
    (finding,) = by_code(validate_spec(spec), "spec-invalid")
    assert "'const'" in finding.message and where(finding) == (6, 5)


def test_broken_structure_does_not_crash_the_validator(tmp_path: Path) -> None:
    spec = spec_of(tmp_path, "openapi: 3.1.0\ninfo:\npaths:\n")
    findings = validate_spec(spec)
    assert {f.pointer for f in by_code(findings, "spec-invalid")} == {"/info", "/paths"}


def test_format_check_that_crashes_is_a_finding(tmp_path: Path) -> None:
    # openapi-schema-validator's `byte` check raises UnicodeEncodeError on non-ASCII text.
    spec = spec_of(
        tmp_path,
        HEAD
        + "paths: {}\ncomponents:\n  schemas:\n    A: {type: string, format: byte, default: caf\u00e9}\n",
    )
    findings = validate_spec(spec)
    assert [(f.code, where(f)) for f in findings] == [("default-invalid", (6, 37))]


@pytest.mark.slow
def test_openai_findings_at_their_lines() -> None:
    spec = load_spec(CORPUS / "openai-3.1.yaml")
    start = time.process_time()
    findings = validate_spec(spec)
    elapsed = time.process_time() - start
    listed = by_code(findings, "spec-invalid")
    errors = {(f.pointer, where(f)): f for f in listed}
    duplicate = errors[("/components/schemas/ContainerResource/required", (32651, 7))]
    assert (
        duplicate.message == "'required' lists 'id', 'name', 'created_at', 'status' more than once"
    )
    boolean = errors[
        (
            (
                "/components/schemas/CreateFineTuningJobRequest/properties/hyperparameters/properties/"
                "learning_rate_multiplier/oneOf/1/exclusiveMinimum"
            ),
            (35081, 19),
        )
    ]
    assert boolean.message == "True is not of type 'number'"
    assert boolean.hint == "expected a number here, got a boolean"
    assert sum(1 for key in errors if key[0].endswith("/exclusiveMinimum")) == 7
    assert len(listed) == 27
    assert len(by_code(findings, "operation-id-missing")) == 16
    # Issue 17: nothing in it refuses by default; each finding says what it changes.
    assert not findings.has_errors
    assert duplicate.effect is Effect.NONE and boolean.effect is Effect.DEGRADED
    assert {f.effect for f in listed} == {Effect.NONE, Effect.DEGRADED}
    assert validate_spec(spec, strict=True).errors
    assert elapsed < 20, f"validation took {elapsed:.1f} s of CPU"


# -- documents_with_errors of openapi-python-client ------------------------------------------


ERRORS = PEERS / "openapi-python-client" / "documents_with_errors"


@pytest.mark.parametrize(
    ("name", "code", "severity", "line_col", "text"),
    [
        (
            "bad-status-code.yaml",
            "response-status-invalid",
            Severity.ERROR,
            (9, 9),
            "'abcdef' is not an HTTP status code",
        ),
        (
            "circular-body-ref.yaml",
            "ref-cycle",
            Severity.ERROR,
            (20, 11),
            "/components/requestBodies/body",
        ),
        (
            "invalid-uuid-defaults.yaml",
            "default-invalid",
            Severity.WARNING,  # degraded: the default is dropped
            (15, 13),
            "'notauuid' is not a valid uuid",
        ),
        (
            "invalid-uuid-defaults.yaml",
            "spec-invalid",
            Severity.WARNING,  # degraded: the default is dropped
            (27, 13),
            "default value 3 is not of type 'string'",
        ),
        (
            "optional-path-param.yaml",
            "path-param-optional",
            Severity.WARNING,  # no effect: a path parameter is always required
            (9, 11),
            "'optional' is not required",
        ),
    ],
)
def test_documents_with_errors(
    name: str, code: str, severity: Severity, line_col: tuple[int, int], text: str
) -> None:
    findings = validate_spec(load_spec(ERRORS / name))
    matching = [f for f in by_code(findings, code) if where(f) == line_col]
    assert len(matching) == 1, [f.format() for f in findings]
    assert matching[0].severity is severity and text in matching[0].message
    # --strict: every one of them is an error; the validator's own wording of the same problem
    # is not shown twice.
    strict = validate_spec(load_spec(ERRORS / name), strict=True)
    (same,) = [f for f in by_code(strict, code) if where(f) == line_col]
    assert same.severity is Severity.ERROR
    assert len(strict.errors) == (2 if name == "invalid-uuid-defaults.yaml" else 1)


# -- semantic checks ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def semantic() -> Findings:
    return validate_spec(load_spec(FIXTURES / "semantic_errors.yaml"))


@pytest.mark.parametrize(
    ("code", "line_col", "text"),
    [
        ("parameter-duplicate", (18, 11), "header parameter 'x-trace' is listed twice"),
        ("response-status-invalid", (24, 9), "'2xx'"),
        ("path-param-missing", (27, 5), "'ownerId' is in the path but not defined"),
        (
            "operation-id-duplicate",
            (28, 7),
            "'getPet' of GET /owners/{ownerId} is already used by GET /pets/{petId} (line 13)",
        ),
        ("path-param-unused", (30, 11), "'ownerid' is not in the path /owners/{ownerId}"),
        ("path-param-optional", (32, 11), "'ownerid' is not required"),
        (
            "ref-cycle",
            (47, 7),
            "/components/requestBodies/A -> /components/requestBodies/B -> /components/requestBodies/A",
        ),
        ("default-invalid", (57, 11), "'not-a-uuid' is not a valid uuid"),
        ("default-invalid", (61, 11), "'2020-02-30' is not a valid date"),
        ("operation-id-missing", (38, 5), "POST /things has no operationId"),
    ],
)
def test_semantic_check(
    semantic: Findings, code: str, line_col: tuple[int, int], text: str
) -> None:
    matching = [f for f in by_code(semantic, code) if where(f) == line_col]
    assert len(matching) == 1, [f.format() for f in semantic]
    assert text in matching[0].message


def test_semantic_severities_and_counts(semantic: Findings) -> None:
    counts: dict[tuple[str, str], int] = {}
    for finding in semantic:
        counts[(finding.code, str(finding.severity))] = (
            counts.get((finding.code, str(finding.severity)), 0) + 1
        )
    assert counts == {
        ("parameter-duplicate", "error"): 1,
        ("response-status-invalid", "error"): 1,
        ("path-param-missing", "error"): 1,
        ("operation-id-duplicate", "error"): 1,
        ("path-param-unused", "error"): 1,
        ("path-param-optional", "warning"): 1,  # no effect: path parameters are required anyway
        ("ref-cycle", "error"): 1,  # one cycle of two refs: reported once
        ("default-invalid", "warning"): 2,
        ("operation-id-missing", "info"): 1,
    }
    hint = by_code(semantic, "response-status-invalid")[0].hint
    assert hint == "write the range in capitals: 2XX"


def test_shared_path_parameter_checked_once(tmp_path: Path) -> None:
    spec = spec_of(
        tmp_path,
        HEAD
        + "paths:\n  /a/{id}:\n    parameters:\n      - {name: id, in: path, schema: {type: string}}\n"
        "    get: {operationId: a1, responses: {'200': {description: ok}}}\n"
        "    put: {operationId: a2, responses: {'200': {description: ok}}}\n",
    )
    optional = by_code(validate_spec(spec), "path-param-optional")
    assert [f.pointer for f in optional] == ["/paths/~1a~1{id}/parameters/0"]


def test_callbacks_and_webhooks_count_for_operation_ids(tmp_path: Path) -> None:
    spec = spec_of(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /subscribe:\n    post:\n      operationId: notify\n      responses: {'200': {description: ok}}\n"
        "      callbacks:\n        event:\n          '{$request.body#/url}':\n            post:\n"
        "              operationId: notify\n              responses: {'200': {description: ok}}\n"
        "webhooks:\n  ping:\n    post:\n      operationId: ping\n      responses: {'200': {description: ok}}\n",
    )
    findings = validate_spec(spec)
    (duplicate,) = by_code(findings, "operation-id-duplicate")
    assert duplicate.pointer.endswith("/callbacks/event/{$request.body#~1url}/post/operationId")
    assert not by_code(
        findings, "path-param-missing"
    )  # a callback expression is not a path template


# -- versions --------------------------------------------------------------------------------------


def test_swagger2_is_unsupported() -> None:
    findings = validate_spec(load_spec(CORPUS / "oai-petstore-swagger2.yaml"))
    (finding,) = list(findings)
    assert finding.code == "version-unsupported" and finding.severity is Severity.ERROR
    assert "swagger2openapi" in finding.hint and "apigen generate" in finding.hint
    assert where(finding) == (1, 1)


def test_openapi_32_warns_and_validates() -> None:
    findings = validate_spec(load_spec(CORPUS / "oai-tags-example-3.2.yaml"))
    assert [f.code for f in findings.warnings] == ["version-3.2"]
    assert not findings.has_errors


def test_unknown_version(tmp_path: Path) -> None:
    findings = validate_spec(
        spec_of(tmp_path, "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    )
    assert [f.code for f in findings] == ["version-unsupported"]


# -- suppressions ----------------------------------------------------------------------------------


def test_suppression_downgrades_and_ignores(semantic: Findings) -> None:
    spec = load_spec(FIXTURES / "semantic_errors.yaml")
    rules = (
        Suppression("ref-cycle", "warning", "/components/requestBodies", "known, fixed upstream"),
        Suppression("operation-id-missing", "ignore", "", "we like derived names"),
        Suppression(
            "path-param-optional", "ignore", "/paths/~1owners", "prefix of another path only"
        ),
        Suppression(
            "default-invalid",
            "error",
            "/components/schemas/Thing/properties/day",
            "strict about dates",
        ),
    )
    findings = validate_spec(spec, rules)
    (cycle,) = by_code(findings, "ref-cycle")
    assert cycle.severity is Severity.WARNING
    assert not by_code(findings, "operation-id-missing")
    # "/paths/~1owners" is not a segment prefix of "/paths/~1owners~1{ownerId}/...": not silenced.
    assert len(by_code(findings, "path-param-optional")) == 1
    severities = {
        f.pointer.rsplit("/", 2)[-2]: f.severity for f in by_code(findings, "default-invalid")
    }
    assert severities == {"day": Severity.ERROR, "id": Severity.WARNING}
    assert len(findings) == len(semantic) - 1


# -- the corpus -------------------------------------------------------------------------------------


CORPUS_SPECS = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".yaml", ".json"))
LARGE = {
    "openai-3.1.yaml",
    "openai-3.1-json.json",
    "stripe-spec3.yaml",
    "github-api-3.0.json",
    "github-api-2020.yaml",
    "kubernetes-swagger2.json",
    "pagerduty-rest.json",
    "xero-accounting.yaml",
}


def test_corpus_is_all_here() -> None:
    assert len(CORPUS_SPECS) == 37


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in LARGE else n for n in CORPUS_SPECS]
)
def test_corpus_spec_loads_and_validates(name: str) -> None:
    spec = load_spec(CORPUS / name)
    findings = validate_spec(spec)
    for finding in findings:
        assert finding.location is not None and finding.location.line > 0, finding.format()
    assert not by_code(findings, "validation-incomplete")


ALLOF_CYCLE = """\
openapi: "3.0.0"
info: {title: Cycle, version: "1.0"}
paths: {}
components:
  schemas:
    A:
      required: [a]
      allOf: [{$ref: "#/components/schemas/B"}]
      properties: {a: {type: string, minLength: 2}}
    B:
      allOf: [{$ref: "#/components/schemas/A"}]
      properties: {b: {type: integer, minimum: 1}}
"""


def test_an_allof_cycle_is_given_up_at_the_default_depth_whatever_the_recursion_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openapi-spec-validator's walk stops on an allOf cycle only by RecursionError: in a process
    that raised the limit (mypy leaves 16384 after an in-process run) this two-schema cycle took
    73 s and 10 GB. The walk runs under the interpreter's default bound: the same findings, at
    the same cost, whatever the process's limit; the limit is the process's again afterwards."""
    from generator.validate import spec_errors

    spec = spec_of(tmp_path, ALLOF_CYCLE)
    at_default = [finding.format() for finding in validate_spec(spec)]
    assert any("validation-incomplete" in line for line in at_default)
    limits: list[int] = []
    original = spec_errors.iter_library_errors

    def recording(*args: Any, **kwargs: Any) -> Iterator[Any]:
        limits.append(sys.getrecursionlimit())  # as the walk begins
        yield from original(*args, **kwargs)

    monkeypatch.setattr(spec_errors, "iter_library_errors", recording)
    sys.setrecursionlimit(16384)  # tests/conftest.py puts the limit back after the test
    raised = [finding.format() for finding in validate_spec(spec)]
    assert sys.getrecursionlimit() == 16384
    assert limits and max(limits) <= spec_errors.WALK_RECURSION_LIMIT
    assert raised == at_default
