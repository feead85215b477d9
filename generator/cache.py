"""The disk cache: results keyed by the hash of their input.

Every stage that skips work it has done before keeps it here. The many small results are rows of
one SQLite database, `cache.sqlite3`: `format` (formatted units), `verify` (pass markers) and the
pipeline's `produced-*` records (what apigen itself generated, see pipeline.py). A cold run on a
big spec makes thousands of them, and a file each cost the kernel more CPU than writing them; rows
are kept in memory and written in batches (one transaction when a stage ends, or per `BATCH`
rows). The big results keep a file each, under one folder per kind: `models` (datamodel-code-
generator's output) and `validate` (meta-schema passes).

The cache is never trusted for code: each reader checks what it takes (format: same AST; models:
the generated-code checks afresh), so a writable cache can slow apigen down but not change its
output. `APIGEN_CACHE_DIR` moves it. A cache that cannot be used (a folder that cannot be written,
a file that is not a database where the database should be, a database another apigen keeps locked
for over `BUSY_SECONDS`, a full disk) is only slower, never wrong: what cannot be read is a miss,
what cannot be written is not cached.

Each process opens the database itself: a connection is never used across fork (the validation
child, the format workers), only in the process that opened it (`_rows` checks the pid); a child
forked while its parent had the database open does without it (see `_rows`).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple

DATABASE = "cache.sqlite3"
BATCH = 500  # rows kept in memory at most before they are written, in one transaction
BUSY_SECONDS = 2.0  # how long a write waits for another process's transaction, then gives up
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entry"
    " (kind TEXT NOT NULL, key TEXT NOT NULL, value NOT NULL, PRIMARY KEY (kind, key))"
)


def cache_dir(kind: str = "format") -> Path:
    """Where apigen keeps results keyed by the hash of their input (`APIGEN_CACHE_DIR` overrides)."""
    return Path(_base()) / "apigen" / kind


def _database(base: str) -> Path:
    return Path(base) / "apigen" / DATABASE


def _base() -> str:
    return (
        os.environ.get("APIGEN_CACHE_DIR")
        or os.environ.get("XDG_CACHE_HOME")
        or str(Path.home() / ".cache")
    )


# ---- small results: rows of one database ----------------------------------------------------------
def lookup(kind: str, key: str) -> str | None:
    """The text cached for `key` (a hex digest) in the `kind` cache; None when there is none or it
    cannot be read (a row that is not text is a miss too)."""
    return _rows().get(kind, key)


def store(kind: str, key: str, value: str) -> None:
    """Cache `value` for `key`: written with the next batch (see `flush`)."""
    _rows().put(kind, key, value)


def flush() -> None:
    """Write the rows stored so far, in one transaction (a stage calls it when it is done)."""
    _rows().flush()


def close() -> None:
    """Write what is left and close this process's connection (at exit; the next use opens it
    again)."""
    if _current is not None and _current.pid == os.getpid():
        _current.close()


class _Rows:
    """The rows of one process in the database at `path`: those not written yet, in memory, and a
    connection opened on first use, shared by the process's threads (one at a time)."""

    def __init__(self, base: str, *, usable: bool = True) -> None:
        self.base, self.pid = base, os.getpid()
        self.path = _database(base)
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str], str] = {}
        self._db: sqlite3.Connection | None = None
        self._unusable = not usable

    @property
    def open(self) -> bool:
        return self._db is not None

    def get(self, kind: str, key: str) -> str | None:
        with self._lock:
            if (kind, key) in self._pending:
                return self._pending[kind, key]
            db = self._connection()
            if db is None:
                return None
            try:
                row = db.execute(
                    "SELECT value FROM entry WHERE kind = ? AND key = ?", (kind, key)
                ).fetchone()
            except sqlite3.Error:  # not a database after all, locked, a row not UTF-8, ...
                return None
        return row[0] if row is not None and isinstance(row[0], str) else None

    def put(self, kind: str, key: str, value: str) -> None:
        with self._lock:
            self._pending[kind, key] = value
            if len(self._pending) >= BATCH:
                self._write()

    def flush(self) -> None:
        with self._lock:
            self._write()

    def close(self) -> None:
        with self._lock:
            self._write()
            db, self._db = self._db, None
            if db is not None:
                db.close()

    def _write(self) -> None:
        rows, self._pending = self._pending, {}
        db = self._connection() if rows else None
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")  # waits up to BUSY_SECONDS for another writer
            db.executemany(
                "INSERT OR REPLACE INTO entry VALUES (?, ?, ?)",
                [(kind, key, value) for (kind, key), value in rows.items()],
            )
            db.execute("COMMIT")
        except sqlite3.Error:  # locked for too long, disk full, ...: these rows are not cached
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._unusable:
            try:
                self._db = _open(self.path)
            except (sqlite3.Error, OSError):
                self._unusable = True  # for this process: every read a miss, no write
        return self._db


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA trusted_schema = OFF")  # the file is not trusted: nor is its schema
        db.execute("PRAGMA synchronous = NORMAL")
        # A rollback journal, not WAL: switching a new database to WAL, or a read that becomes a
        # write, can fail at once when another apigen opens it too; a transaction that begins as
        # a writer waits for the other (up to BUSY_SECONDS), and a read for its commit.
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'entry'").fetchone() is None:
            db.execute("BEGIN IMMEDIATE")
            db.execute(_SCHEMA)
            db.execute("COMMIT")
    except BaseException:
        db.close()
        raise
    return db


_current: _Rows | None = None
_inherited: list[_Rows] = []  # a parent's, across fork: never used, never closed (its descriptors
# are the parent's; the validation child even closes them, and their numbers get reused)
_current_lock = threading.Lock()


def _rows() -> _Rows:
    """This process's rows in the database under `cache_dir()` (which a test may move). A child
    forked from a process that had this database open does without it: SQLite's own record of
    the files the process has open (and their locks) came along, and is not the child's."""
    global _current
    base, current = _base(), _current
    if current is not None and current.pid == os.getpid() and current.base == base:
        return current  # (once a unit or module: without the lock, and without a Path)
    with _current_lock:
        current = _current
        if current is None or current.pid != os.getpid() or current.base != base:
            if current is not None and current.pid != os.getpid():
                _inherited.append(current)
            elif current is not None:
                current.close()
            path = _database(base)
            usable = not any(rows.path == path and rows.open for rows in _inherited)
            _current = current = _Rows(base, usable=usable)
        return current


def _after_fork_in_child() -> None:
    global _current_lock
    _current_lock = threading.Lock()  # another thread of the parent may have held it


os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(close)


# ---- big results: a file each ---------------------------------------------------------------------
def entry(kind: str, key: str) -> Path:
    """The file of `key` (a hex digest) in the `kind` cache, fanned out by its first two digits."""
    return cache_dir(kind) / key[:2] / key


def store_bytes(target: Path, data: bytes) -> None:
    """Write `target` atomically (a reader sees the old file or the new one, never a part)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:  # a cache we cannot write is only slower, never wrong
        pass


def store_text(target: Path, text: str) -> None:
    store_bytes(target, text.encode("utf-8"))


# ---- what this toolchain produced -----------------------------------------------------------------
# The manifest in the output folder is not evidence: anyone who edits a generated file can edit its
# sha256 there too. What apigen itself produced is recorded outside the output tree, here, keyed by
# everything the output depends on: `check` trusts a committed tree, and `generate` reuses a
# committed module, only when its bytes are the ones recorded for that key.
class Record(NamedTuple):
    kind: str
    key: str


def record(kind: str, *key_parts: str) -> Record:
    key = hashlib.sha256("\0".join(key_parts).encode("utf-8", "surrogatepass")).hexdigest()
    return Record(f"produced-{kind}", key)


def read_record(where: Record) -> str | None:
    text = lookup(where.kind, where.key)
    return text.strip() if text is not None and len(text) <= 1024 and text.isascii() else None


def write_record(where: Record, value: str) -> None:
    store(where.kind, where.key, value)
