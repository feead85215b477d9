"""Writing the distribution files (`pyproject.toml`, `README.md`, `api.md`) into the output folder,
beside the package folder: each one atomically (a temporary file renamed over it), and never over a
file apigen did not write for this package (the user's own pyproject.toml when --output is their
project's root)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .findings import ApigenError, Location, error
from .render.meta import HEADER


def _ours(data: bytes, package: str) -> bool:
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace")
    return HEADER.format(package=package) in first


def check_meta_targets(folder: Path, package: str, names: list[str]) -> None:
    """ApigenError when a file of `names` in `folder` exists and is not apigen's for `package`."""
    for name in names:
        path = folder / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise ApigenError(
                error(
                    "meta-target",
                    f"{path} is not a regular file; nothing was written",
                    location=Location(str(path)),
                    hint="remove it, or generate with --meta none",
                )
            )
        if path.is_file() and not _ours(path.read_bytes(), package):
            raise ApigenError(
                error(
                    "meta-target",
                    f"{path} exists and was not written by apigen for the package {package!r}",
                    location=Location(str(path)),
                    hint="generate each package into its own --output folder, or pass --meta none",
                )
            )


def read_meta(folder: Path, names: list[str]) -> dict[str, bytes]:
    found = {}
    for name in names:
        path = folder / name
        if path.is_file() and not path.is_symlink():
            found[name] = path.read_bytes()
    return found


def write_meta(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        target = folder / name
        if target.exists() and target.read_bytes() == data:
            continue
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
