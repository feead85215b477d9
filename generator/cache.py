"""The disk cache: results keyed by the hash of their input, under one folder per kind.

Every stage that skips work it has done before keeps it here: `format` (formatted units), `verify`
(pass markers), `models` (datamodel-code-generator's output), `validate` (meta-schema passes) and
the pipeline's `produced-*` records (what apigen itself generated, see pipeline.py). The cache is
never trusted for code: each reader checks what it takes (format: same AST; models: the generated-
code checks afresh), so a writable cache can slow apigen down but not change its output.
`APIGEN_CACHE_DIR` moves it; a cache that cannot be written is only slower, never wrong.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def cache_dir(kind: str = "format") -> Path:
    """Where apigen keeps results keyed by the hash of their input (`APIGEN_CACHE_DIR` overrides)."""
    base = (
        os.environ.get("APIGEN_CACHE_DIR")
        or os.environ.get("XDG_CACHE_HOME")
        or str(Path.home() / ".cache")
    )
    return Path(base) / "apigen" / kind


def entry(kind: str, key: str) -> Path:
    """The file of `key` (a hex digest) in the `kind` cache, fanned out by its first two digits."""
    return cache_dir(kind) / key[:2] / key


def read_text(path: Path, max_bytes: int | None = None) -> str | None:
    """A cached text; None when it is missing, unreadable, not UTF-8, or over `max_bytes`."""
    try:
        if max_bytes is not None and (not path.is_file() or path.stat().st_size > max_bytes):
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


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
def record_path(kind: str, *key_parts: str) -> Path:
    key = hashlib.sha256("\0".join(key_parts).encode("utf-8", "surrogatepass")).hexdigest()
    return entry(f"produced-{kind}", key)


def read_record(path: Path) -> str | None:
    text = read_text(path, max_bytes=1024)
    return text.strip() if text is not None and text.isascii() else None


def write_record(path: Path, value: str) -> None:
    store_text(path, value)
