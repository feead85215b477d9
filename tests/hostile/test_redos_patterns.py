"""Patterns stay on pydantic's Rust engine (linear time): one that needs Python's backtracking `re`
(a look-around) is not enforced, with a located warning, instead of switching the whole model to
`regex_engine="python-re"`, where a 30-byte value takes seconds and doubles per character."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

SPEC = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /x:
    post:
      operationId: postX
      parameters:
        - {name: q, in: query, schema: {type: string, pattern: '^(?=a)(a+)+$'}}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/M'}}}
      responses: {'204': {description: ok}}
components:
  schemas:
    M:
      type: object
      properties:
        s: {type: string, pattern: '^(?!x)(a|a)*$'}
        t: {type: string, pattern: '^[a-z]+$'}
"""

PROBE = """
import time
from tiny import models
from tiny.server import create_app
create_app()  # builds every route's validators: no pattern the Rust engine refuses
started = time.perf_counter()
models.M(s="a" * 40 + "!")
assert time.perf_counter() - started < 1.0
try:
    models.M(t="A")
except Exception:
    print("enforced")
"""


def test_lookaround_patterns_are_not_enforced_by_a_backtracking_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out), "--package", "tiny"]) == 0
    err = capsys.readouterr().err
    assert f"{spec}:8:55: warning: pattern '^(?=a)(a+)+$' needs Python's backtracking" in err
    assert f"{spec}:17:27: warning: pattern '^(?!x)(a|a)*$' needs Python's backtracking" in err
    package = out / "tiny"
    generated = "".join(p.read_text() for p in package.rglob("*.py"))
    assert "python-re" not in generated and "(?=" not in generated and "(?!" not in generated
    models = "".join(p.read_text() for p in (package / "models").glob("*.py"))
    assert 'pattern="^[a-z]+$"' in models  # the safe one is kept
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "enforced"
