"""The validator's speed-ups change no finding.

- jsonschema-rs answers "is the document valid against the OpenAPI schema?"; the python
  validator runs only when it says no (or cannot answer). Its verdicts must agree with python's
  on the corpus, on broken documents, and its regular expressions must match what Python's do.
- schema meta-checks that passed are remembered within a run and on disk: findings are the same
  with the disk cache cold, warm, and off, and the same as with every speed-up turned off.
- jsonschema-rs answers "does this schema pass its meta-check?"; python's meta-check runs only
  when it does not say yes. On every schema of the corpus, and on schemas built to fail, a "yes"
  is python's verdict too.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.findings import Findings
from generator.load import LoadedSpec, load_spec
from generator.validate import fast_document, fast_meta, library, meta_cache, validate_spec
from generator.validate.versions import family

REPO = Path(__file__).resolve().parents[2]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
PEERS = CORPUS / "peer-fixtures"
OCPPLAB = REPO / "spec" / "ocpplab-gateway.yaml"

# Slow to load (big YAML); their JSON twins or peers of their size are checked instead.
SLOW_TO_LOAD = {"stripe-spec3.yaml", "openai-3.1.yaml", "github-api-2020.yaml"}


def signature(findings: Findings) -> list[str]:
    return [
        repr(finding) for finding in findings
    ]  # code, message, pointer, severity, location, hint


class _NoMemo:
    def __init__(self, **_: Any) -> None:
        pass

    def passed(self, dialect: str, value: Any) -> bool:
        return False

    def record_pass(self, dialect: str, value: Any) -> None:
        pass

    def flush(self) -> None:
        pass


def reference(spec: LoadedSpec) -> list[str]:
    """Findings with every speed-up off: python validator always, every meta-check run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(library, "document_is_valid", lambda document, family: None)
        patch.setattr(library, "MetaMemo", _NoMemo)
        patch.setattr(library.fast_meta, "passes", lambda validator, value: False)
        return signature(validate_spec(spec))


@pytest.fixture
def meta_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the meta-schema checks that really run (one entry per check)."""
    calls: list[int] = []
    original = library._meta_validator

    class Counting:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def iter_errors(self, value: Any) -> Iterator[Any]:
            calls.append(1)
            yield from self.inner.iter_errors(value)

    monkeypatch.setattr(library, "_meta_validator", lambda *args: Counting(original(*args)))
    return calls


def cache_files(folder: Path) -> list[Path]:
    return sorted((folder / "apigen" / "validate").glob("meta-*.bin"))


def assert_same_cold_warm_off(
    spec: LoadedSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meta_checks: list[int]
) -> list[str]:
    expected = reference(spec)
    meta_checks.clear()

    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("APIGEN_VALIDATE_CACHE", raising=False)
    assert signature(validate_spec(spec)) == expected, "cold cache"
    cold_checks = len(meta_checks)
    assert cache_files(tmp_path / "cache"), "the passes were written"

    meta_checks.clear()
    assert signature(validate_spec(spec)) == expected, "warm cache"
    warm_checks = len(meta_checks)
    # Warm: only schemas with meta-schema errors are checked again.
    assert warm_checks <= cold_checks
    failing = sum(1 for line in expected if "spec-invalid" in line)
    assert warm_checks <= failing

    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "off"))
    monkeypatch.setenv("APIGEN_VALIDATE_CACHE", "0")
    assert signature(validate_spec(spec)) == expected, "cache off"
    assert not cache_files(tmp_path / "off")
    return expected


# -- findings: cache cold, warm, off ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        OCPPLAB,
        CORPUS / "xero-accounting.yaml",  # 3.0, 23 meta-schema findings
        PEERS / "datamodel-code-generator" / "allof_partial_unconstrained_schemas.yaml",  # 3.1
    ],
    ids=lambda path: path.name,
)
def test_findings_same_with_cache_cold_warm_and_off(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meta_checks: list[int]
) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    expected = assert_same_cold_warm_off(load_spec(path), tmp_path, monkeypatch, meta_checks)
    if path.name == "xero-accounting.yaml":
        assert sum("spec-invalid" in line for line in expected) == 23


META_ERRORS = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /limits:
    get:
      operationId: get_limits
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Limits'}
components:
  schemas:
    Limits:
      type: object
      properties:
        rate: {type: number, exclusiveMinimum: RATE}
        name: {type: string, minLength: LENGTH}
    Plain:
      type: object
      properties:
        id: {type: string}
"""


def test_meta_schema_error_is_reported_cold_warm_and_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meta_checks: list[int]
) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(META_ERRORS.replace("RATE", "'zero'").replace("LENGTH", "-1"))
    expected = assert_same_cold_warm_off(load_spec(path), tmp_path, monkeypatch, meta_checks)
    pointers = [line for line in expected if "spec-invalid" in line]
    assert len(pointers) == 2
    assert "/components/schemas/Limits/properties/rate/exclusiveMinimum" in pointers[0]
    assert "/components/schemas/Limits/properties/name/minLength" in pointers[1]


def test_warm_cache_of_a_valid_schema_does_not_hide_its_broken_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    good = tmp_path / "good.yaml"
    good.write_text(META_ERRORS.replace("RATE", "0").replace("LENGTH", "1"))
    assert not [f for f in validate_spec(load_spec(good)) if f.code == "spec-invalid"]
    assert cache_files(tmp_path / "cache")

    bad = tmp_path / "bad.yaml"
    bad.write_text(META_ERRORS.replace("RATE", "0").replace("LENGTH", "-1"))
    spec = load_spec(bad)
    expected = reference(spec)
    assert [line for line in expected if "spec-invalid" in line]
    assert signature(validate_spec(spec)) == expected
    assert signature(validate_spec(spec)) == expected  # failures are never cached


def test_unusable_cache_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(META_ERRORS.replace("RATE", "'zero'").replace("LENGTH", "1"))
    spec = load_spec(path)
    expected = reference(spec)

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(not_a_folder))
    assert signature(validate_spec(spec)) == expected

    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    validate_spec(spec)
    for cached in cache_files(tmp_path / "cache"):
        cached.write_bytes(cached.read_bytes()[:-5])  # cut short
    assert signature(validate_spec(spec)) == expected
    for cached in cache_files(tmp_path / "cache"):
        cached.write_bytes(b"garbage")
    assert signature(validate_spec(spec)) == expected


NESTED_DIALECT = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /x:
    get:
      operationId: get_x
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  old:
                    $schema: http://json-schema.org/draft-04/schema#
                    type: number
                    minimum: 1
                    exclusiveMinimum: 5
                  plain: {type: string, maxLength: 3}
components:
  schemas:
    Old: {$ref: '#/paths/~1x/get/responses/200/content/application~1json/schema/properties/old'}
    Plain: {$ref: '#/paths/~1x/get/responses/200/content/application~1json/schema/properties/plain'}
"""


def test_subschema_with_its_own_dialect_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meta_checks: list[int]
) -> None:
    """Inside the response schema, `old` is valid 2020-12; checked alone, as the library does
    through the `Old` ref, its `$schema` makes it draft-04, where exclusiveMinimum is a boolean."""
    path = tmp_path / "api.yaml"
    path.write_text(NESTED_DIALECT)
    expected = assert_same_cold_warm_off(load_spec(path), tmp_path, monkeypatch, meta_checks)
    errors = [line for line in expected if "spec-invalid" in line]
    assert len(errors) == 1 and "/properties/old/exclusiveMinimum" in errors[0]


def test_subschemas_of_a_passed_schema_are_not_checked_again(tmp_path: Path) -> None:
    memo = meta_cache.MetaMemo(disk=False)
    inner = {"type": "string"}
    own_dialect = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "string"}
    outer = {"type": "object", "properties": {"a": inner, "b": own_dialect}}
    memo.record_pass("d", outer)
    assert memo.passed("d", inner)
    assert not memo.passed("d", own_dialect)
    assert memo.passed(
        "d", {"type": "object", "properties": {"a": {"type": "string"}, "b": own_dialect}}
    )
    assert not memo.passed("other dialect", {"type": "string", "x": 1})


# -- jsonschema-rs agrees with the python validator -------------------------------------------


def _corpus_documents() -> list[Path]:
    main = [
        path
        for path in sorted(CORPUS.glob("*.*"))
        if path.suffix in (".yaml", ".yml", ".json") and path.name not in SLOW_TO_LOAD
    ]
    peers = sorted(p for p in PEERS.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    return main + peers


def _load_or_none(path: Path) -> LoadedSpec | None:
    try:
        return load_spec(path)
    except Exception:
        return None


def python_verdict(document: Any, kind: str) -> bool:
    return not any(True for _ in library._document_validator(kind).iter_errors(document))


def test_jsonschema_rs_is_available() -> None:
    for kind in ("3.0", "3.1", "3.2"):
        assert fast_document.rs_document_validator(kind) is not None, kind


def test_jsonschema_rs_agrees_on_the_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    checked = invalid = 0
    for path in _corpus_documents():
        spec = _load_or_none(path)
        kind = family(spec.version) if spec is not None else None
        if spec is None or kind not in ("3.0", "3.1", "3.2"):
            continue
        fast = fast_document.document_is_valid(spec.document, kind)
        assert fast is not None, path
        assert fast == python_verdict(spec.document, kind), path
        checked += 1
        invalid += not fast
    assert checked > 200 and invalid > 30  # the peer fixtures hold many broken documents


def _base(kind: str) -> dict[str, Any]:
    version = {"3.0": "3.0.3", "3.1": "3.1.0", "3.2": "3.2.0"}[kind]
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "a",
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {
            "schemas": {"S": {"type": "object", "properties": {"n": {"type": "integer"}}}},
            "securitySchemes": {"b": {"type": "http", "scheme": "bearer"}},
        },
    }


def _edit(kind: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = _base(kind)
    change(document)
    return document


def _responses(document: dict[str, Any]) -> dict[str, Any]:
    responses: dict[str, Any] = document["paths"]["/a"]["get"]["responses"]
    return responses


EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "valid": lambda d: None,
    "no info": lambda d: d.pop("info"),
    "title not a string": lambda d: d["info"].update(title=3),
    "path without slash": lambda d: d["paths"].update(a={}),
    "path with newline": lambda d: d["paths"].update({"/b\n": {}}),
    "response code 600": lambda d: _responses(d).update({"600": {"description": "x"}}),
    "response code 2XX": lambda d: _responses(d).update({"2XX": {"description": "x"}}),
    "response code with final newline": lambda d: _responses(d).update(
        {"201\n": {"description": "x"}}
    ),
    "response code with arabic digits": lambda d: _responses(d).update(
        {"2\u0660\u0660": {"description": "x"}}
    ),
    "response without description": lambda d: _responses(d).update({"201": {}}),
    "component name with space": lambda d: d["components"]["schemas"].update({"a b": {}}),
    "component name with final newline": lambda d: d["components"]["schemas"].update(
        {"ab\n": {"type": "string"}}
    ),
    "component name with newline inside": lambda d: d["components"]["schemas"].update(
        {"a\nb": {"type": "string"}}
    ),
    "maxLength 5.0": lambda d: d["components"]["schemas"]["S"].update(maxLength=5.0),
    "maxLength -1": lambda d: d["components"]["schemas"]["S"].update(maxLength=-1),
    "minimum NaN": lambda d: d["components"]["schemas"]["S"].update(minimum=math.nan),
    "minimum inf": lambda d: d["components"]["schemas"]["S"].update(minimum=math.inf),
    "huge integer": lambda d: d["components"]["schemas"]["S"].update(maxLength=10**40),
    "schema is a list": lambda d: d["components"]["schemas"].update(L=[1, 2]),
    "bearer with final newline": lambda d: d["components"]["securitySchemes"].update(
        c={"type": "http", "scheme": "bearer\n", "bearerFormat": "JWT"}
    ),
    "bad parameter location": lambda d: d["paths"]["/a"]["get"].update(
        parameters=[{"name": "p", "in": "body", "schema": {"type": "string"}}]
    ),
    "path parameter not required": lambda d: d["paths"]["/a"]["get"].update(
        parameters=[{"name": "p", "in": "path", "schema": {"type": "string"}}]
    ),
    "unknown field": lambda d: d.update(extra=1),
    "extension": lambda d: d.update({"x-extra": [1, {"a": math.nan}]}),
    "version with final newline": lambda d: d.update(openapi=d["openapi"] + "\n"),
    "version with arabic digit": lambda d: d.update(openapi=d["openapi"][:-1] + "\u0663"),
    "callback": lambda d: d["paths"]["/a"]["get"].update(
        callbacks={"cb": {"{$request.body#/url}": {"post": {"responses": {"200": {}}}}}}
    ),
    "link with both operation ref and id": lambda d: _responses(d)["200"].update(
        links={"l": {"operationRef": "#/paths/~1a/get", "operationId": "a"}}
    ),
}


@pytest.mark.parametrize("kind", ["3.0", "3.1", "3.2"])
@pytest.mark.parametrize("name", list(EDITS))
def test_jsonschema_rs_agrees_on_broken_documents(kind: str, name: str) -> None:
    document = _edit(kind, EDITS[name])
    fast = fast_document.document_is_valid(document, kind)
    python = python_verdict(document, kind)
    if name in ("minimum NaN", "minimum inf") and kind == "3.0":
        # Not numbers to jsonschema-rs: it says "invalid", so python runs and decides. (In 3.1
        # the document schema does not look inside schemas: both say "valid".)
        assert fast is False and python is True
    else:
        assert fast is python


BAD_VALUES = [b"bytes", {1: "int key"}, {"a": {1, 2}}, ("a",), (1, 2), "\ud800", 1.5, None]


def _put(where: str, bad: Any) -> Callable[[dict[str, Any]], None]:
    def put(document: dict[str, Any]) -> None:
        if where == "title":
            document["info"]["title"] = bad
        elif where == "tags":
            document["tags"] = [bad]
        elif where == "enum":
            document["servers"] = [{"url": "x", "variables": {"v": {"default": "a", "enum": bad}}}]
        elif where == "required":
            document["paths"]["/a"]["get"]["parameters"] = [
                {"name": "p", "in": "query", "required": bad, "schema": {}}
            ]
        else:
            document["x-extension"] = bad

    return put


@pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
@pytest.mark.parametrize("where", ["title", "tags", "enum", "required", "x-extension"])
def test_values_that_are_not_json(where: str, bad: Any) -> None:
    """What jsonschema-rs cannot read leaves the verdict to python; it never says "valid" where
    python finds an error. A tuple is an array to it, not to jsonschema: python decides."""
    for kind in ("3.0", "3.1"):
        document = _edit(kind, _put(where, bad))
        fast = fast_document.document_is_valid(document, kind)
        if isinstance(bad, tuple):
            assert fast is None
        if fast is not None:
            assert fast is python_verdict(document, kind)


def _nested(
    kind: str, max_depth: int, wrap: Callable[[Any], Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The deepest document of wrapped schemas within `max_depth` (the root is at depth 0),
    and the same wrapped once more (deeper than `max_depth`)."""
    inner: Any = {"type": "string"}
    while True:
        document = _base(kind)
        document["components"]["schemas"]["Deep"] = wrap(inner)
        if _depth(document) > max_depth:
            shallow = _base(kind)
            shallow["components"]["schemas"]["Deep"] = inner
            return shallow, document
        inner = wrap(inner)


def _depth(value: Any) -> int:
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    inner = [_depth(child) for child in children if isinstance(child, (dict, list))]
    return 1 + max(inner) if inner else 0


WRAPS: dict[str, Callable[[Any], Any]] = {
    "properties": lambda s: {"type": "object", "properties": {"p": s}},
    "items": lambda s: {"type": "array", "items": s},
    "allOf": lambda s: {"allOf": [s]},
    "anyOf": lambda s: {"anyOf": [s, {"type": "integer"}]},
    "not": lambda s: {"not": s},
    "additionalProperties": lambda s: {"type": "object", "additionalProperties": s},
}


def _deep_stack(frames: int, call: Callable[[], Any]) -> Any:
    return call() if frames == 0 else _deep_stack(frames - 1, call)


@pytest.mark.parametrize("kind", ["3.0", "3.1"])
@pytest.mark.parametrize("wrap", list(WRAPS))
def test_depth_limit_keeps_python_where_it_could_recurse_too_deep(kind: str, wrap: str) -> None:
    limit = fast_document.MAX_DEPTH
    shallow, deep = _nested(kind, limit - 1, WRAPS[wrap])
    assert limit - 3 <= _depth(shallow) < limit <= _depth(deep)
    assert fast_document.within_depth(shallow, limit)
    assert not fast_document.within_depth(deep, limit)
    assert fast_document.document_is_valid(deep, kind) is None
    assert fast_document.document_is_valid(shallow, kind) is True
    # Where jsonschema-rs answers, python would not have hit the recursion limit, even called
    # from 250 frames deep (apigen's CLI is far less).
    assert sys.getrecursionlimit() >= 1000
    assert _deep_stack(250, lambda: python_verdict(shallow, kind)) is True


def test_callbacks_nested_to_the_depth_limit() -> None:
    document = _base("3.1")
    operation: dict[str, Any] = document["paths"]["/a"]["get"]
    while _depth(document) < fast_document.MAX_DEPTH - 6:
        inner: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
        operation["callbacks"] = {"c": {"{$url}": {"post": inner}}}
        operation = inner
    assert fast_document.within_depth(document, fast_document.MAX_DEPTH)
    assert _deep_stack(250, lambda: python_verdict(document, "3.1")) is True
    assert fast_document.document_is_valid(document, "3.1") is True


# -- the patterns given to jsonschema-rs ------------------------------------------------------


def _schema_patterns(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            if key == "patternProperties" and isinstance(value, dict):
                yield from value
            if key not in ("enum", "const", "default", "examples"):
                yield from _schema_patterns(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _schema_patterns(item)


def _probe_strings() -> list[str]:
    words = [
        "", "a", "x-", "x-a", "X-a", "/", "/a", "a/", "3.0.1", "3.1.0", "3.2.0", "3.0.1-rc",
        "3.1.10", "3.0.", "200", "2XX", "600", "20", "2000", "1xx", "default", "bearer", "Bearer",
        "BEARER", "bearers", "get", "trace", "query", "schemas", "pathItems", "mediaTypes", "$ref",
        "a.b-c_d", "a b", "a#b", "a?b", "a{b}", "{b}", "a~b", "a!b", "tchar|~", "a#", "#",
    ]  # fmt: skip
    odd = ["\n", "\r", "\r\n", "\u2028", "\x85", "\u0660", "\u06f5", "\U0001d7ce", "\uff11", "\t"]
    probes = set(words)
    for word in words:
        for char in odd:
            probes.update({word + char, char + word, word[:1] + char + word[1:]})
            probes.add(word.replace("0", char).replace("2", char))
    return sorted(probes)


def test_rewritten_patterns_match_what_python_matches() -> None:
    import jsonschema_rs
    from openapi_spec_validator.schemas import schema_v30, schema_v31, schema_v32

    patterns = sorted(
        {
            p
            for schema in (schema_v30, schema_v31, schema_v32)
            for p in _schema_patterns(dict(schema))
        }
    )
    assert len(patterns) > 10
    probes = _probe_strings()
    for pattern in patterns:
        rewritten = fast_document.python_regex(pattern)
        validator = jsonschema_rs.validator_for(
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "pattern": rewritten}
        )
        mismatched = [
            probe
            for probe in probes
            if validator.is_valid(probe) != bool(re.search(pattern, probe))
        ]
        assert not mismatched, (pattern, mismatched[:5])


@pytest.mark.parametrize(
    "pattern",
    [r"^\w+$", r"\s", r"\bx", r"a$b", r"a^", r"(?=a)", r"(?P<n>a)", r"[\d]", r"[]a]", r"a{",
     r"[a&&b]", r"\u0041", r"[[a]]", "\\"],
)  # fmt: skip
def test_patterns_that_might_differ_are_refused(pattern: str) -> None:
    with pytest.raises(fast_document.UnsupportedPattern):
        fast_document.python_regex(pattern)


# -- jsonschema-rs agrees with python's schema meta-checks --------------------------------------


def _meta_verdicts(spec: LoadedSpec) -> list[tuple[bool, bool, str]]:
    """(jsonschema-rs says it passes, python says it passes, dialect) for every schema the
    library meta-checks in `spec` (no memo, so every schema is checked on its own)."""
    seen: list[tuple[bool, bool, str]] = []

    def recording(validator: Any, value: Any) -> bool:
        fast = original(validator, value)
        seen.append((fast, validator.is_valid(value), type(validator).__name__))
        return False  # python runs anyway, as without the speed-up

    original = fast_meta.passes
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(library, "MetaMemo", _NoMemo)
        patch.setattr(library.fast_meta, "passes", recording)
        validate_spec(spec)
    return seen


def test_jsonschema_rs_meta_checks_agree_on_the_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    counts = {"Draft4Validator": 0, "Draft202012Validator": 0}
    failing = misses = 0
    for path in _corpus_documents():
        spec = _load_or_none(path)
        if spec is None or family(spec.version) not in ("3.0", "3.1", "3.2"):
            continue
        for fast, python, dialect in _meta_verdicts(spec):
            assert not (fast and not python), (path, dialect)  # a "passes" python would deny
            counts[dialect] = counts.get(dialect, 0) + 1
            failing += not python
            misses += python and not fast  # left to python: integral floats (`minimum: 0.0`)
    assert misses < sum(counts.values()) / 100, misses  # the speed-up applies almost everywhere
    assert counts["Draft4Validator"] > 2000 and counts["Draft202012Validator"] > 500, counts
    assert failing > 10  # schemas with meta-schema errors (xero-accounting, the peers' broken ones)


@pytest.mark.parametrize("kind", ["3.0", "3.1", "3.2"])
@pytest.mark.parametrize(
    "schema",
    [
        {"type": "strnig"},
        {"type": ["string", 1]},
        {"minLength": -1},
        {"minLength": 1.5},
        {"maxItems": "3"},
        {"required": ["a", "a"]},
        {"required": "a"},
        {"enum": []},
        {"pattern": "(?<name>a)"},  # ECMA named group: not a Python regex
        {"pattern": "[z-a]"},
        {"pattern": "a{2,1}"},
        {"properties": {"a": {"type": "intger"}}},
        {"items": {"minimum": "0"}},
        {"allOf": {}},
        {"allOf": [{"maxLength": -2}]},
        {"additionalProperties": "no"},
        {"multipleOf": 0},
        {"format": 7},
        {"$ref": 5},
        {"discriminator": {"propertyName": 1}},
        {"xml": {"name": 3}},
        {"externalDocs": {"url": 5}},
        {"exclusiveMinimum": "x"},
        {"title": 5},
        {"description": ["x"]},
        {"uniqueItems": "yes"},
        {"not": 3},
        {"patternProperties": {"(?<x>a)": {}}},
        {"type": "integer", "minimum": 1.0},  # integral float: python's path
        {"properties": {"a": {"$id": "#x\n"}}},
    ],
    ids=repr,
)
def test_jsonschema_rs_never_passes_a_schema_python_fails(
    kind: str, schema: dict[str, Any]
) -> None:
    document = _base(kind)
    document["components"]["schemas"]["Bad"] = schema
    spec = _spec_of(document)
    for fast, python, dialect in _meta_verdicts(spec):
        assert not (fast and not python), (schema, dialect)


@pytest.mark.parametrize(
    "value",
    [
        {"a": (1, 2)},
        {"a": float("nan")},
        {"a": float("-inf")},
        {"a": 1.0},
        {"a": 2**70},
        {"a": b"x"},
    ],
)
def test_values_jsonschema_rs_is_not_asked_about(value: Any) -> None:
    validator = library._meta_validator(*_oas31_meta())
    assert not fast_meta.passes(validator, value)


def test_deep_schemas_are_left_to_python() -> None:
    validator = library._meta_validator(*_oas31_meta())
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(fast_document.MAX_DEPTH + 1):
        deep = {"items": deep}
    assert not fast_meta.plain_json(deep, fast_document.MAX_DEPTH)
    assert not fast_meta.passes(validator, deep)
    assert fast_meta.passes(validator, {"items": {"items": {"type": "string"}}})


def _oas31_meta() -> tuple[Any, Any]:
    from openapi_schema_validator import oas31_format_checker
    from openapi_schema_validator.validators import OAS31Validator

    return OAS31Validator, oas31_format_checker


def _spec_of(document: dict[str, Any]) -> LoadedSpec:
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "api.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return load_spec(path)
