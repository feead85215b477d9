"""The pipeline's order of verdicts: validation runs beside the IR, the models and rendering, and
its errors are the ones reported, even when rendering the invalid spec failed too."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.config import Config
from generator.findings import ApigenError

REPO = Path(__file__).resolve().parents[2]
INVALID = REPO / "tests" / "failures" / "fixtures" / "semantic_errors.yaml"
VALID = REPO / "spec" / "seed-update-charger.yaml"


def _broken_render(*args: object, **kwargs: object) -> None:
    raise RuntimeError("render broke")


def test_validation_errors_come_before_a_failed_render(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pipeline, "render", _broken_render)
    with pytest.raises(ApigenError) as caught:
        pipeline.generate(INVALID, Config(output=str(tmp_path)))
    assert "ref-cycle" in {finding.code for finding in caught.value.findings}


def test_a_failed_render_of_a_valid_spec_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pipeline, "render", _broken_render)
    with pytest.raises(RuntimeError, match="render broke"):
        pipeline.generate(VALID, Config(output=str(tmp_path)))


def test_an_invalid_spec_reports_what_validation_finds(tmp_path: Path) -> None:
    with pytest.raises(ApigenError) as caught:
        pipeline.generate(INVALID, Config(output=str(tmp_path)))
    assert caught.value.findings.errors
    assert all(finding.location is not None for finding in caught.value.findings.errors)


WARNED = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    post:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string, format: uuid, default: not-a-uuid}
"""


def test_validation_findings_reach_the_generation(tmp_path: Path) -> None:
    spec = tmp_path / "warned.yaml"
    spec.write_text(WARNED, encoding="utf-8")
    _, expected = pipeline.load_and_validate(spec, Config(output=str(tmp_path)))
    assert {finding.code for finding in expected} >= {"default-invalid", "operation-id-missing"}
    gen = pipeline.generate(spec, Config(output=str(tmp_path)))
    got = [finding.format() for finding in gen.findings]
    assert all(finding.format() in got for finding in expected)


def test_the_models_split_does_not_wait_for_the_other_modules(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """models.py goes ahead of the other modules' queued units and is cut into its package as soon
    as it is formatted: the split runs while the rest is still being formatted, not after it."""
    from generator import format as fmt

    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fmt, "_POOL_MIN_LINES", 10**9)  # formatted here, one unit a step
    formatted: list[str] = []
    original_format = fmt.format_source
    monkeypatch.setattr(
        fmt, "format_source", lambda text, *a: formatted.append(text) or original_format(text, *a)
    )
    at_split: list[int] = []
    original_split = pipeline.ModelsPackage._split

    def split(self: pipeline.ModelsPackage, *args: object) -> None:
        at_split.append(len(formatted))
        original_split(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.ModelsPackage, "_split", split)
    config = Config(output=str(tmp_path), package="seed")
    built = pipeline.build(pipeline.load(VALID, config), config)  # models.py waited for
    gen = pipeline.finish(built, config)
    assert at_split and 0 < at_split[0] < len(formatted)  # models first, the rest after the split
    assert "models/__init__.py" in gen.files and "resources/chargers.py" in gen.files
