"""LoadedSpec: what the loader hands to every later stage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import Location
from .source_map import SourceMap


@dataclass
class LoadedSpec:
    path: Path  # entry file as given
    files: dict[
        str, bytes
    ]  # every file read, entry first; key = posix path relative to the entry's folder
    document: dict[str, Any]  # the bundled document: every structural $ref in it is local ("#/...")
    version: str  # the "openapi" (or "swagger") field as a string, e.g. "3.1.0"
    source_map: SourceMap
    converted_from: str = ""  # "2.0" when the document was converted from Swagger 2.0

    def locate(self, pointer: str) -> Location:
        """JSON pointer in `document` -> file:line:col (the nearest ancestor that has a position)."""
        return self.source_map.locate(pointer)

    @property
    def sha256(self) -> str:
        return files_sha256(self.files)


def files_sha256(files: dict[str, bytes]) -> str:
    """Stable over the input bytes: files sorted by key, each key and its bytes length-prefixed."""
    digest = hashlib.sha256()
    for key in sorted(files):
        name = key.encode("utf-8")
        data = files[key]
        digest.update(b"%d:" % len(name) + name + b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()
