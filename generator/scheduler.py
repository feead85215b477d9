"""What runs beside the pipeline's stages, and its one cancel path.

`pipeline.generate` calls the stages one after the other; three pieces of work overlap them:

- datamodel-code-generator's process, started before a big spec is even read: its imports (~0.8 s)
  overlap loading and the IR (`PRESTART_MIN_BYTES`);
- validation, in a forked child (forked.py) while this process builds the IR, starts the models and
  renders: nothing made meanwhile is kept unless it passes, and its errors are the ones reported,
  even when a stage failed on the invalid document too (`ahead_of_validation`);
- models.py, built by that process (or in this one, when small or cached) while the other modules
  are rendered, verified and formatted (`start_models` ... `models`, which the format stage calls
  from a thread of its own: pipeline.ModelsPackage).

A `Schedule` owns all three. Leaving its `with` block, by an exception or not, stops whatever is
still running (`cancel`): nothing else holds a process or a child.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .findings import Findings, Location
    from .forked import Forked
    from .ir.model import Api
    from .models import ModelsJob, Worker

T = TypeVar("T")
Verdict = tuple["Findings", float]  # validation's findings, and its seconds

# From this size of spec (its entry file, bytes), datamodel-code-generator's process is started
# before the spec is even read: its imports (~0.8 s) then overlap loading and the IR. Below it,
# the document may well be done in-process (see models.SUBPROCESS_MIN_BYTES).
PRESTART_MIN_BYTES = 500_000


class Schedule:
    """The work in flight beside the stages of one generation."""

    def __init__(self, spec_path: Path | None = None) -> None:
        self._validation: Forked[Verdict] | None = None
        self._models: ModelsJob | None = None
        self._worker: Worker | None = _prestarted_worker(spec_path) if spec_path else None

    def __enter__(self) -> Schedule:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.cancel()

    def cancel(self) -> None:
        """Stop what is still running; its results will not be used."""
        validation, self._validation = self._validation, None
        if validation is not None:
            validation.cancel()
        self.drop_models()
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.discard()

    # ---- validation, beside IR, render and verify ----------------------------------------------
    def validate(self, call: Callable[[], Verdict]) -> None:
        """Begin `call` (the validation stage) in a forked child; `ahead_of_validation` takes it."""
        from .forked import Forked

        self._validation = Forked(call)

    def ahead_of_validation(
        self, work: Callable[[], T], redo: Callable[[Verdict], bool]
    ) -> tuple[T | None, Verdict]:
        """`work` (the stages after validation) while validation runs, then validation's verdict:
        its ApigenError wins over a failure of `work`. When `work` failed and `redo(verdict)` is
        false, that failure is apigen's own and raised; when true, the caller builds again from
        the document as validation degrades it (None stands for the failed work)."""
        validation = self._validation
        assert validation is not None, "validate() first"
        try:
            value: T | None = work()
        except Exception:
            verdict = self._verdict(validation)
            if not redo(verdict):
                raise
            return None, verdict
        return value, self._verdict(validation)

    def _verdict(self, validation: Forked[Verdict]) -> Verdict:
        self._validation = None
        return validation.result()

    # ---- models.py, beside render, verify and format -------------------------------------------
    def start_models(
        self, api: Api, findings: Findings, locate: Callable[[str], Location] | None
    ) -> None:
        """Begin models.py for `api` (a job begun before for another IR is stopped); the
        pre-started process is handed to it, or stopped when the job does not need it."""
        from .models import start_models

        self.drop_models()
        worker, self._worker = self._worker, None
        self._models = start_models(api, findings, locate, worker)

    @property
    def models_pending(self) -> bool:
        return self._models is not None

    @property
    def models_generating(self) -> bool:
        """datamodel-code-generator is still at work on models.py (a core is worth keeping for it)."""
        job = self._models
        return job is not None and job.generating

    @property
    def models_ready(self) -> bool:
        return self._models is not None and self._models.ready

    def models(self) -> str:
        """models.py's source, waiting for it if it is still being built. (The job stays the
        schedule's while it is waited for, from another thread maybe: `cancel` still stops it.)"""
        job = self._models
        assert job is not None, "start_models() first"
        source = job.result()
        self._models = None
        return source

    def drop_models(self) -> None:
        job, self._models = self._models, None
        if job is not None:
            job.cancel()


def _prestarted_worker(spec_path: Path) -> Worker | None:
    from .models import Worker

    try:
        big = spec_path.stat().st_size >= PRESTART_MIN_BYTES
    except OSError:
        return None
    return Worker() if big else None
