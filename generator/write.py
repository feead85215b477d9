"""The write stage: the new package is built in a temporary folder beside the old one, checked, then
swapped in. A failure at any point (or a kill) leaves the previous output as it was."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .findings import ApigenError, error

MANIFEST = ".apigen-manifest.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def safe_relative(path: str) -> PurePosixPath:
    """A package-relative path that cannot leave the package folder."""
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or any(p in ("", ".") for p in rel.parts):
        raise ApigenError(error("unsafe-path", f"refusing to write outside the output folder: {path!r}"))
    return rel


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict[str, object]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=True) + "\n").encode()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def recover(target: Path) -> None:
    """Finish or undo a swap that a killed run left half done, and drop stale temporary folders."""
    parent = target.parent
    if not parent.is_dir():
        return
    for stale in sorted(parent.glob(f".{target.name}.old-*")):
        if not target.exists():
            os.replace(stale, target)  # the kill fell between the two renames: restore the old output
        else:
            shutil.rmtree(stale, ignore_errors=True)
    for stale in parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def write_package(target: Path, files: dict[str, bytes]) -> None:
    """Replace the folder `target` with exactly `files` (relative path -> bytes)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for rel, data in sorted(files.items()):
            dest = staging.joinpath(*safe_relative(rel).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        for folder in sorted({p for p in staging.rglob("*") if p.is_dir()} | {staging}):
            os.chmod(folder, 0o755)
        for path in staging.rglob("*"):
            if path.is_file():
                os.chmod(path, 0o644)
        if target.exists():
            if _exchange(staging, target):
                shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old output
                return
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under a generated package folder (relative posix path -> bytes), caches skipped."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    }
