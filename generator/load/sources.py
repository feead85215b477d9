"""The files a spec is made of: read each once, parse it, remember its bytes and its display name.

A source is named by a URI: the real absolute path of a local file, or an http(s) URL. Its key
in `LoadedSpec.files` is the path relative to the entry file's folder (posix), or the URL.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from . import remote
from .local_files import UnreadableFile, read_file
from .parse import ParseFailure, parse_document


class SourceError(Exception):
    """A source cannot be used. `line` is set when the failure is inside the file (a parse error)."""

    def __init__(
        self, code: str, message: str, *, hint: str = "", line: int = 0, col: int = 0
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col


def is_remote(uri: str) -> bool:
    return urlsplit(uri).scheme in ("http", "https")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class Sources:
    def __init__(
        self, entry: Path, *, allow_remote: bool, allowed_roots: tuple[str, ...] = ()
    ) -> None:
        self.entry_uri = os.path.realpath(entry)
        self._entry_dir = os.path.dirname(self.entry_uri)
        # Local files may be read from the entry's folder (symlinks resolved) and the folders the
        # config allows (`allow_refs_outside`), nowhere else: a `$ref` must not disclose local files.
        self.roots = (self._entry_dir, *(os.path.realpath(root) for root in allowed_roots))
        self._entry_key = PurePosixPath(entry.name).as_posix()
        self._entry_shown = str(entry)
        self._shown_dir = os.path.dirname(str(entry))
        self.allow_remote = allow_remote
        self.files: dict[str, bytes] = {}  # insertion order: entry first, then in order of use
        self.display: dict[str, str] = {}
        self._parsed: dict[str, Any] = {}

    def key(self, uri: str) -> str:
        if is_remote(uri):
            return uri
        if uri == self.entry_uri:
            return self._entry_key
        return Path(os.path.relpath(uri, self._entry_dir)).as_posix()

    def shown(self, uri: str) -> str:
        if is_remote(uri):
            return uri
        if uri == self.entry_uri:
            return self._entry_shown
        return os.path.normpath(
            os.path.join(self._shown_dir, os.path.relpath(uri, self._entry_dir))
        )

    def read(self, uri: str) -> tuple[str, Any]:
        """(files key, parsed document) of a source; cached, so each file is read and parsed once."""
        key = self.key(uri)
        if uri in self._parsed:
            return key, self._parsed[uri]
        data = self._fetch(uri)
        self.files[key] = data
        self.display[key] = self.shown(uri)
        path = urlsplit(uri).path if is_remote(uri) else uri
        try:
            document = parse_document(data, is_json=path.lower().endswith(".json"))
        except ParseFailure as exc:
            raise SourceError(
                exc.code, exc.message, hint=exc.hint, line=exc.line, col=exc.col
            ) from None
        self._parsed[uri] = document
        return key, document

    def _fetch(self, uri: str) -> bytes:
        if is_remote(uri):
            if not self.allow_remote:
                raise SourceError(
                    "ref-remote",
                    f"remote reference to {uri} is not followed",
                    hint="download the file and $ref it by relative path, or set allow_remote_refs",
                )
            try:
                return remote.fetch(uri)
            except remote.RemoteRefused as exc:
                raise SourceError("ref-remote-refused", f"cannot fetch {uri}: {exc}") from None
        real = os.path.realpath(uri)
        if real != self.entry_uri and not any(_inside(real, root) for root in self.roots):
            raise SourceError(
                "ref-outside",
                "the file is outside the spec's folder and is not read",
                hint="move it next to the spec, or list its folder in [tool.apigen] "
                "allow_refs_outside",
            )
        try:
            return read_file(Path(real))
        except UnreadableFile as exc:
            code = "file-missing" if exc.missing else "file-unreadable"
            raise SourceError(code, f"cannot read {self.shown(uri)}: {exc}") from None
