"""Reading a local spec file: regular files only, with a size cap.

A hostile `$ref: ../../../../dev/zero` must not hang the loader, and a FIFO must not block it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024


class UnreadableFile(Exception):
    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.missing = missing


def read_file(path: Path) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFile("no such file", missing=True) from None
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("not a regular file")
    if info.st_size > MAX_BYTES:
        raise UnreadableFile(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
