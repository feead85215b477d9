"""The write stage: the new package is built in a temporary folder beside the old one, checked, then
swapped in. A failure at any point (or a kill) leaves the previous output as it was."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .findings import ApigenError, Location, error

MANIFEST = ".apigen-manifest.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# Every part of a generated file's path: plain ASCII names (no separators, drives, NUL or spaces).
_SAFE_PART = re.compile(r"[A-Za-z0-9_.-]+")


def safe_relative(path: str) -> PurePosixPath:
    """A package-relative path that cannot leave the package folder."""
    rel = PurePosixPath(path) if isinstance(path, str) else None
    if (
        rel is None
        or rel.is_absolute()
        or not rel.parts
        or "/".join(rel.parts) != path  # "a//b", "./a", "a/" are not paths we make
        or any(part in (".", "..") or not _SAFE_PART.fullmatch(part) for part in rel.parts)
    ):
        raise ApigenError(
            error("unsafe-path", f"refusing to write outside the output folder: {path!r}")
        )
    return rel


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict[str, object] | None:
    """The manifest of an output (or vendored) folder; None when it is missing or not a JSON object."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


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
    return bool(result == 0)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (released by the OS if the process dies), so two
    runs writing the same package never take each other's temporary folders for stale ones."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(target: Path) -> None:
    """Finish or undo a swap that a killed run left half done, and drop stale temporary folders."""
    target = Path(target).absolute()
    if not target.parent.is_dir():
        return
    with _locked(target.parent):
        _recover(target)


def _recover(target: Path) -> None:
    parent = target.parent
    if not parent.is_dir():
        return
    for stale in sorted(parent.glob(f".{target.name}.old-*")):
        if not target.exists():
            os.replace(
                stale, target
            )  # the kill fell between the two renames: restore the old output
        else:
            shutil.rmtree(stale, ignore_errors=True)
    for stale in parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def write_package(target: Path, files: dict[str, bytes]) -> None:
    """Replace the folder `target` with exactly `files` (relative path -> bytes)."""
    target = Path(target).absolute()
    if target.is_symlink():
        # Replacing it would delete and rewrite the folder it points to, wherever that is.
        raise ApigenError(
            error(
                "output-symlink",
                f"the package folder {target} is a symbolic link; refusing to replace its target",
                hint="remove the link, or pass --output the folder it should be written in",
            )
        )
    try:
        target = target.parent.resolve() / target.name
        target.parent.mkdir(parents=True, exist_ok=True)
        paths = {rel: safe_relative(rel) for rel in files}  # all refused before anything is written
        with _locked(target.parent):
            _recover(target)
            _write_swap(target, files, paths)
    except OSError as exc:  # read-only, full, a file where a folder should be, a name too long
        raise ApigenError(
            error(
                "output-unwritable",
                f"cannot write the package to {target}: {exc.strerror or exc}"
                + (f" ({Path(exc.filename).name})" if exc.filename else ""),
                location=Location(str(target)),
                hint="check that the output folder is writable and its disk has room; "
                "the previous output is left as it was",
            )
        ) from None


def _write_swap(target: Path, files: dict[str, bytes], paths: dict[str, PurePosixPath]) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for rel, data in sorted(files.items()):
            dest = staging.joinpath(*paths[rel].parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if not _linked_unchanged(target.joinpath(*paths[rel].parts), dest, data):
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


def _linked_unchanged(old: Path, dest: Path, data: bytes) -> bool:
    """`dest` made a second name of the previous output's file, when that file holds `data`
    already: a regeneration then creates no inode for what did not change. (On ext4, creating
    thousands of files soon after thousands were deleted, as every regeneration of a big API's
    models did, scans the recently freed inodes: up to ~0.6 ms of kernel time a file.) Only a
    regular file no other name shares, so the output never shares a file with anything outside
    it; checked again once linked (a file replaced meanwhile is written instead). False: write
    `dest` as usual (anything unexpected, or a file system without hard links)."""
    try:
        before = os.lstat(old)
        if not stat.S_ISREG(before.st_mode) or before.st_nlink != 1 or before.st_size != len(data):
            return False
        os.link(old, dest, follow_symlinks=False)
    except OSError:
        return False
    try:
        after = os.lstat(dest)
        if (
            stat.S_ISREG(after.st_mode)
            and (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)
            and after.st_nlink == 2
            and dest.read_bytes() == data
        ):
            return True
        dest.unlink()
    except OSError:
        dest.unlink(missing_ok=True)
    return False


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under a generated package folder (relative posix path -> bytes), caches skipped."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    }
