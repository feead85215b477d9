"""One call run in a forked child while this process goes on: the spec's validation, beside the
IR, the models and the templates (on openai-3.1.yaml ~1.2 s of validation off the critical path).

fork() gives the child the loaded spec without copying or pickling it; the child sends back its
result, pickled, through a pipe. Only a single-threaded process forks (the child of a threaded one
can inherit a lock another thread holds, and hang). Where there is no fork, and whenever the child
fails in any way, the call runs here when its result is asked for: the outcome is the same, only
later, and an unexpected exception surfaces in this process as it always did.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

from .findings import ApigenError, Findings

T = TypeVar("T")

_VALUE = "value"
_FINDINGS = "findings"  # the call raised ApigenError: its findings, raised again here


class Forked(Generic[T]):
    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self._pid = 0
        self._read = -1
        if hasattr(os, "fork") and threading.active_count() == 1:
            self._start()

    @property
    def in_child(self) -> bool:
        return self._pid != 0

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slots for a child: the call runs here instead
            os.close(read)
            os.close(write)
            return
        if pid == 0:
            os.close(read)
            self._child(write)
        os.close(write)
        self._pid, self._read = pid, read

    def _child(self, write: int) -> NoReturn:
        status = 1
        try:
            # The parent's other pipes (datamodel-code-generator's stdin above all) must not stay
            # open here: their readers wait for end-of-file.
            for low, high in ((3, write), (write + 1, _max_fd())):
                os.closerange(max(low, 3), high)  # stdin, stdout and stderr stay
            try:
                outcome: tuple[str, object] = (_VALUE, self._call())
            except ApigenError as exc:
                outcome = (_FINDINGS, exc.findings.items)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        except BaseException:
            pass
        finally:
            os._exit(status)  # no atexit handlers, no flushing of buffers inherited from the parent

    def result(self) -> T:
        """The call's value (or its ApigenError), from the child when it delivered one."""
        if self._pid:
            outcome = self._collect()
            if outcome is not None:
                kind, value = outcome
                if kind == _FINDINGS:
                    raise ApigenError(Findings(list(value)))  # type: ignore[call-overload]
                return value  # type: ignore[return-value]
        return self._call()

    def cancel(self) -> None:
        """The result is not wanted: stop the child."""
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()

    def _collect(self) -> tuple[str, object] | None:
        chunks = []
        try:
            while chunk := os.read(self._read, 1 << 20):
                chunks.append(chunk)
        finally:
            status = self._reap()
        if status != 0 or not chunks:
            return None
        try:
            outcome = pickle.loads(b"".join(chunks))  # our own child's bytes
        except Exception:
            return None
        if isinstance(outcome, tuple) and len(outcome) == 2 and outcome[0] in (_VALUE, _FINDINGS):
            return outcome
        return None

    def _reap(self) -> int:
        os.close(self._read)
        pid, self._pid, self._read = self._pid, 0, -1
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return -1
        return os.waitstatus_to_exitcode(status)


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (OSError, ValueError):
        return 65536
