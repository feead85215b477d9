"""generator.forked: a call run in a forked child gives the same outcome as run here.

Each case runs in a fresh interpreter: pytest's own process may have threads (servers of other
tests), and a threaded process never forks, by design.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

_PRELUDE = """
import os, sys, threading, time
from generator.forked import Forked
from generator.findings import ApigenError, Findings, error
PARENT = os.getpid()
"""


def _run(body: str) -> str:
    script = _PRELUDE + textwrap.dedent(body)
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork here")
def test_the_value_comes_from_a_child() -> None:
    out = _run("""
        job = Forked(lambda: (os.getpid(), [1, "two", {"three": 3.0}]))
        assert job.in_child
        pid, value = job.result()
        print(pid != PARENT, value)
    """)
    assert out == "True [1, 'two', {'three': 3.0}]"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork here")
def test_findings_raised_in_the_child_are_raised_here() -> None:
    out = _run("""
        def call():
            raise ApigenError(Findings([error("spec-invalid", "bad thing", pointer="/paths")]))
        job = Forked(call)
        assert job.in_child
        try:
            job.result()
        except ApigenError as exc:
            print([(f.code, f.message, f.pointer) for f in exc.findings])
    """)
    assert out == "[('spec-invalid', 'bad thing', '/paths')]"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork here")
def test_a_child_that_fails_otherwise_leaves_the_call_to_this_process() -> None:
    # An unexpected exception (or a child that dies) is met here, where it has a traceback and the
    # CLI's internal-error exit code: the call simply runs again in this process.
    out = _run("""
        def call():
            if os.getpid() != PARENT:
                raise RuntimeError("only in the child")
            return "ran here"
        print(Forked(call).result())
        def killed():
            if os.getpid() != PARENT:
                os.kill(os.getpid(), 9)
            return "ran here after a kill"
        print(Forked(killed).result())
        def unexpected():
            raise KeyError("everywhere")
        try:
            Forked(unexpected).result()
        except KeyError as exc:
            print("KeyError", exc)
    """)
    assert out.splitlines() == ["ran here", "ran here after a kill", "KeyError 'everywhere'"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork here")
def test_the_child_does_not_hold_this_process_pipes_open() -> None:
    # datamodel-code-generator's worker reads its stdin to the end: a child still holding the
    # write end would keep it waiting until the child exits.
    out = _run("""
        read, write = os.pipe()
        job = Forked(lambda: time.sleep(5) or "slept")
        os.close(write)
        started = time.monotonic()
        assert os.read(read, 1) == b""  # end of file at once, though the child still sleeps
        print(time.monotonic() - started < 2)
        job.cancel()
    """)
    assert out == "True"


def test_a_threaded_process_does_not_fork() -> None:
    out = _run("""
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        job = Forked(lambda: os.getpid())
        print(job.in_child, job.result() == PARENT)
        stop.set()
    """)
    assert out == "False True"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork here")
def test_cancel_stops_the_child() -> None:
    out = _run("""
        job = Forked(lambda: time.sleep(30))
        pid = job._pid
        started = time.monotonic()
        job.cancel()
        try:
            os.kill(pid, 0)
            print("still there")
        except ProcessLookupError:
            print("gone", time.monotonic() - started < 5)
    """)
    assert out == "gone True"
