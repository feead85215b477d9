"""The disk cache's small results (format units, verify markers, the pipeline's records) are rows of
one SQLite database, written in batches: a cold run makes a handful of cache files, not one per
result. A cache that cannot be used (not a database, a read-only or missing folder, locked by
another apigen, a full disk) is only slower, never wrong and never a traceback; each process opens
its own connection (never one inherited across fork), and threads and processes share it safely."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import cache, verify
from generator import format as fmt
from generator.cli import main
from generator.write import read_tree

REPO = Path(__file__).resolve().parents[2]
SPEC = """\
openapi: 3.0.3
info: {title: Tiny, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"""
SOURCE = "x  =  1\n\n\ndef f(a,b):\n    return a+b\n"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of its own (as a new process would open it), closed after the test."""
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "cache"))
    yield tmp_path / "cache" / "apigen"
    cache.close()


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(SPEC)
    return path


def _generate(spec: Path, out: Path) -> dict[str, bytes]:
    assert main(["generate", str(spec), "--output", str(out), "--package", "tiny"]) == 0
    return read_tree(out / "tiny")


def _rows(folder: Path) -> dict[str, int]:
    """Kind -> number of rows, read by a connection of the test's own."""
    with contextlib.closing(sqlite3.connect(folder / cache.DATABASE)) as db:
        return dict(db.execute("SELECT kind, count(*) FROM entry GROUP BY kind").fetchall())


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a: calls.append(a[0]) or original(*a))
    return calls


def test_a_run_keeps_its_small_results_in_one_database_and_a_warm_run_reuses_them(
    tmp_path: Path, folder: Path, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _generate(spec, tmp_path / "cold")
    files = _files(folder)
    # One database, beside the two kinds that keep a file each (models, validate).
    assert cache.DATABASE in files and len(files) <= 5
    assert {path.split("/")[0] for path in files} <= {
        cache.DATABASE,
        f"{cache.DATABASE}-wal",
        f"{cache.DATABASE}-shm",
        "models",
        "validate",
    }
    rows = _rows(folder)  # all written by the end of the run, visible to another connection
    assert rows["format"] > 1 and rows["verify"] > 1 and rows["produced-tree"] == 1
    assert rows["produced-module"] >= 2
    # Another process: every unit from the cache, every module known to have passed the checks.
    cache.close()
    formatted = _counting(monkeypatch, fmt, "format_source")
    checked = _counting(monkeypatch, verify, "verify_source")
    assert _generate(spec, tmp_path / "warm") == cold
    # (A cached models.py is checked afresh, its marker not consulted: models._trusted_cache.)
    assert formatted == [] and checked == ["models.py"]
    assert _rows(folder) == rows


def test_rows_are_written_in_batches(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "BATCH", 3)
    for index in range(7):
        cache.store("format", f"{index:064x}", f"value {index}")
    assert _rows(folder) == {"format": 6}  # two transactions of three; one row waits in memory
    assert all(cache.lookup("format", f"{i:064x}") == f"value {i}" for i in range(7))
    cache.flush()
    assert _rows(folder) == {"format": 7}


def test_a_file_that_is_not_a_database_is_only_a_miss(
    tmp_path: Path, folder: Path, spec: Path
) -> None:
    expected = _generate(spec, tmp_path / "expected")
    cache.close()
    for junk in (b"not a database at all, " * 100, b"SQLite format 3\x00" + b"\xff" * 4000):
        (folder / cache.DATABASE).write_bytes(junk)
        assert fmt.format_modules({"m.py": SOURCE}) == fmt.format_modules(
            {"m.py": SOURCE}, use_cache=False
        )
        assert _generate(spec, tmp_path / "out") == expected
        cache.close()
        assert (folder / cache.DATABASE).read_bytes() == junk  # left alone, not half-written
    (folder / cache.DATABASE).unlink()
    (folder / cache.DATABASE).mkdir()  # a folder where the database should be
    assert _generate(spec, tmp_path / "out") == expected


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """`path` cannot be written, even by root (immutable), or the test is skipped."""
    mode = path.stat().st_mode
    path.chmod(0o555)
    immutable = os.geteuid() == 0 and _chattr("+i", path)
    try:
        if os.access(path, os.W_OK) and not immutable:
            pytest.skip("cannot make a folder read-only here")
        yield
    finally:
        if immutable:
            _chattr("-i", path)
        path.chmod(mode)


def _chattr(flag: str, path: Path) -> bool:
    try:
        return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0
    except OSError:
        return False


def test_a_read_only_cache_folder_is_still_read(
    tmp_path: Path, folder: Path, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _generate(spec, tmp_path / "expected")
    cache.close()
    before = _files(folder)
    formatted = _counting(monkeypatch, fmt, "format_source")
    with _read_only(folder):
        assert _generate(spec, tmp_path / "out") == expected
        assert formatted == []  # every unit read from the cache
        assert fmt.format_modules({"m.py": SOURCE + "y = 2\n"})  # a unit not cached before
        cache.close()
        assert _files(folder) == before


def test_a_cache_folder_that_cannot_be_made_is_only_a_miss(
    tmp_path: Path, spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _generate(spec, tmp_path / "expected")
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    assert _generate(spec, tmp_path / "out") == expected
    cache.close()


def test_a_database_locked_by_another_apigen_is_only_a_miss(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "BUSY_SECONDS", 0.05)
    fmt.format_modules({"m.py": SOURCE})
    cache.close()
    changed = SOURCE + "y  =  2\n"
    expected = fmt.format_modules({"m.py": changed}, use_cache=False)
    with contextlib.closing(sqlite3.connect(folder / cache.DATABASE, isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")  # another writer, holding the write lock
        assert fmt.format_modules({"m.py": changed}) == expected
        assert fmt.format_modules({"m.py": SOURCE})  # the cached unit is still read meanwhile
        db.execute("ROLLBACK")
    assert _rows(folder) == {"format": 1}  # the changed unit could not be written: not cached
    assert fmt.format_modules({"m.py": changed}) == expected
    assert _rows(folder) == {"format": 2}  # the lock is gone: written


def test_a_full_disk_is_only_a_miss(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = cache._open

    def full(path: Path) -> sqlite3.Connection:
        db = original(path)
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        db.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page
        return db

    monkeypatch.setattr(cache, "_open", full)
    big = "".join(f"def f{i}(a,b):\n    return a+b\n\n\n" for i in range(300))
    assert fmt.format_modules({"m.py": big}) == fmt.format_modules({"m.py": big}, use_cache=False)
    cache.close()
    assert _rows(folder) == {}


def _in_child(check: object, *, close_fds: bool = True) -> int:
    """Fork; run `check` (returning True) in the child, as a forked child of apigen would (with
    `close_fds`, the parent's descriptors closed, see forked.py); the child's exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            signal.alarm(20)  # a deadlock fails the test rather than hanging it
            if close_fds:
                os.closerange(3, 4096)
            status = 0 if check() else 3  # type: ignore[operator]
        finally:
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_forked_child_never_uses_its_parents_connection(folder: Path) -> None:
    """SQLite's record of the files a process has open comes along with fork and is not the
    child's: a child of a process that had the database open does without it (a miss, and
    nothing written); one whose parent had not opened it opens its own connection."""
    cache.store("format", "a" * 64, "parent")
    cache.flush()
    parent = cache._rows()

    def child() -> bool:
        ok = cache.lookup("format", "a" * 64) is None and cache._rows() is not parent
        cache.store("format", "b" * 64, "child")
        cache.close()
        return ok and parent in cache._inherited

    assert _in_child(child, close_fds=False) == 0
    assert _in_child(child) == 0
    assert cache._rows() is parent  # still the parent's, and still working
    assert cache.lookup("format", "b" * 64) is None
    cache.store("format", "c" * 64, "parent again")
    cache.close()  # the parent's connection closed: a child may open one of its own

    def child_opens() -> bool:
        ok = cache.lookup("format", "a" * 64) == "parent"
        cache.store("format", "d" * 64, "child")
        cache.close()
        return ok

    assert _in_child(child_opens) == 0
    assert cache.lookup("format", "d" * 64) == "child"
    assert _rows(folder) == {"format": 3}


def test_a_child_forked_while_a_thread_opens_the_cache_does_not_hang(folder: Path) -> None:
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with cache._current_lock:
            held.set()
            release.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    try:
        status = _in_child(lambda: cache.lookup("format", "a" * 64) is None)
    finally:
        release.set()
        thread.join()
    assert status == 0


def test_threads_store_at_once(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "BATCH", 7)

    def work(kind: str) -> None:
        for index in range(300):
            cache.store(kind, f"{index:064x}", kind)
            assert cache.lookup(kind, f"{index:064x}") == kind
        cache.flush()

    threads = [threading.Thread(target=work, args=(kind,)) for kind in ("format", "verify")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _rows(folder) == {"format": 300, "verify": 300}


_WRITER = """
import sys
from generator import cache
cache.BATCH = 5
for index in range(600):
    cache.store(sys.argv[1], f"{index:064x}", sys.argv[1])
"""


def test_two_processes_write_at_once(folder: Path) -> None:
    env = {**os.environ, "APIGEN_CACHE_DIR": str(folder.parent)}
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, kind], cwd=REPO, env=env)
        for kind in ("format", "verify")
    ]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0]
    assert _rows(folder) == {"format": 600, "verify": 600}


def test_two_apigen_runs_at_once_on_one_cache(tmp_path: Path, folder: Path, spec: Path) -> None:
    expected = _generate(spec, tmp_path / "expected")
    cache.close()
    (folder / cache.DATABASE).unlink()  # both runs cold: both write all their rows
    env = {**os.environ, "APIGEN_CACHE_DIR": str(folder.parent)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "generator", "generate", str(spec), "--output", str(out)]
            + ["--package", "tiny"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for out in (tmp_path / "one", tmp_path / "two")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
    assert read_tree(tmp_path / "one" / "tiny") == read_tree(tmp_path / "two" / "tiny") == expected
    assert _rows(folder)["produced-tree"] == 1
