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

    def split(self: pipeline.ModelsPackage, *args: object) -> dict[str, bytes]:
        at_split.append(len(formatted))
        return original_split(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.ModelsPackage, "_split", split)
    config = Config(output=str(tmp_path), package="seed")
    built = pipeline.build(pipeline.load(VALID, config), config)  # models.py waited for
    gen = pipeline.finish(built, config)
    assert at_split and 0 < at_split[0] < len(formatted)  # models first, the rest after the split
    assert "models/__init__.py" in gen.files and "resources/chargers.py" in gen.files


def test_the_workers_are_kept_busy_while_the_models_are_cut(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With a pool of workers, the models' cut (and README/api.md) runs in a thread beside the
    loop that hands the workers their units: a unit is finished while the cut is still running.
    (Were the cut run by that loop, nothing would finish until it returned: this waits for it.)"""
    import threading
    import time

    from generator import format as fmt

    if fmt._cpus() < 2:
        pytest.skip("one core: no pool of workers")
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fmt, "_POOL_MIN_LINES", 0)  # the small spec gets a pool too
    monkeypatch.setattr(fmt, "UNIT_LINES", 20)  # many small units: some left when models.py is
    finished: list[str] = []
    original_done = fmt.Formatting._done

    def done(self: fmt.Formatting, text: str, output: str) -> None:
        finished.append(text)
        original_done(self, text, output)

    monkeypatch.setattr(fmt.Formatting, "_done", done)
    seen: dict[str, object] = {}
    original_split = pipeline.ModelsPackage._split

    def split(self: pipeline.ModelsPackage, formatted: str) -> dict[str, bytes]:
        seen["split in"] = threading.current_thread().name
        before = len(finished)
        deadline = time.monotonic() + 30
        while len(finished) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        seen["finished meanwhile"] = len(finished) - before
        return original_split(self, formatted)

    monkeypatch.setattr(pipeline.ModelsPackage, "_split", split)
    original_meta = pipeline._render_meta

    def meta(gen: pipeline.Generation, config: Config) -> dict[str, str]:
        seen["meta in"] = threading.current_thread().name
        return original_meta(gen, config)

    monkeypatch.setattr(pipeline, "_render_meta", meta)
    config = Config(output=str(tmp_path), package="seed")
    built = pipeline.build(pipeline.load(VALID, config), config)
    gen = pipeline.finish(built, config)
    assert seen["split in"] == seen["meta in"] != threading.main_thread().name
    assert str(seen["finished meanwhile"]) != "0"
    assert "models/__init__.py" in gen.files and "README.md" in gen.meta
