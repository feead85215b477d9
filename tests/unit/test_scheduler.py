"""The scheduler: what runs beside the stages (a forked validation, datamodel-code-generator's
process) is stopped on its one cancel path whenever the `with` block is left, and validation's
verdict wins over a failure of the work done ahead of it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import scheduler
from generator.findings import ApigenError, Findings, error
from generator.scheduler import Schedule


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _slow_validation() -> tuple[Findings, float]:
    time.sleep(60)
    return Findings(), 60.0


def _failing_validation() -> tuple[Findings, float]:
    raise ApigenError(error("spec-invalid", "the validation's own error"))


def _broken_work() -> None:
    raise RuntimeError("the work broke")


def test_leaving_by_an_exception_stops_the_forked_validation() -> None:
    with pytest.raises(RuntimeError), Schedule() as schedule:
        schedule.validate(_slow_validation)
        validation = schedule._validation
        assert validation is not None
        pid = validation._pid
        if not pid:
            pytest.skip("no fork here: validation runs in-process when asked for")
        assert _alive(pid)
        raise RuntimeError("a stage failed")
    assert not _alive(pid)  # killed and reaped: no zombie either


def test_leaving_stops_the_prestarted_models_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "spec.yaml"
    big.write_bytes(b"#" * 16)
    monkeypatch.setattr(scheduler, "PRESTART_MIN_BYTES", 8)
    with pytest.raises(RuntimeError), Schedule(big) as schedule:
        worker = schedule._worker
        assert worker is not None  # a big spec: dmcg's process starts before the spec is read
        assert worker.process.poll() is None
        raise RuntimeError("loading failed")
    assert worker.process.poll() is not None


def test_a_small_spec_starts_no_process(tmp_path: Path) -> None:
    small = tmp_path / "spec.yaml"
    small.write_text("openapi: 3.0.3\n")
    with Schedule(small) as schedule:
        assert schedule._worker is None


def test_validation_errors_win_over_a_failure_of_the_work_ahead() -> None:
    with Schedule() as schedule:
        schedule.validate(_failing_validation)
        with pytest.raises(ApigenError, match="the validation's own error"):
            schedule.ahead_of_validation(_broken_work, redo=lambda verdict: False)


def test_a_failure_of_the_work_is_raised_when_validation_passed() -> None:
    with Schedule() as schedule:
        schedule.validate(lambda: (Findings(), 0.0))
        with pytest.raises(RuntimeError, match="the work broke"):
            schedule.ahead_of_validation(_broken_work, redo=lambda verdict: False)


def test_a_failed_work_is_redone_when_validation_degrades_the_document() -> None:
    with Schedule() as schedule:
        schedule.validate(lambda: (Findings(), 1.5))
        value, verdict = schedule.ahead_of_validation(_broken_work, redo=lambda verdict: True)
    assert value is None and verdict[1] == 1.5


def test_a_core_is_kept_for_datamodel_code_generator_only_while_it_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The format stage keeps a core free while datamodel-code-generator builds models.py
    (`models_generating`), not during the checks of its output that follow in this process: a
    worker waiting for its next unit behind a busy thread of this process idles its core."""
    from generator import models as models_stage
    from generator import pipeline
    from generator.config import Config

    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))  # nothing cached: built
    config = Config(output=str(tmp_path))
    spec = pipeline.load(
        Path(__file__).resolve().parents[2] / "spec" / "seed-update-charger.yaml", config
    )
    findings = Findings()
    api = pipeline.build_ir(spec, config, findings)
    during_checks: list[bool] = []
    original_finish = models_stage.ModelsJob._finish

    def finish(job: models_stage.ModelsJob, source: str, *, store: bool) -> None:
        during_checks.append(schedule.models_generating)
        original_finish(job, source, store=store)

    monkeypatch.setattr(models_stage.ModelsJob, "_finish", finish)
    with Schedule() as schedule:
        schedule.start_models(api, findings, spec.locate)
        assert schedule.models_generating
        schedule.models()
        assert not schedule.models_generating
    assert during_checks == [False]
