"""Tier 1: the write stage. Unsafe paths are refused before anything is written; the new package
replaces the old one in one swap; `recover()` finishes or undoes a swap a killed run left half done.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.write as write
from generator.findings import ApigenError
from generator.write import MANIFEST, read_tree, recover, safe_relative, write_package

OLD = {"__init__.py": b"old\n", "resources/a.py": b"a\n", MANIFEST: b"{}\n"}
NEW = {"__init__.py": b"new\n", "resources/b.py": b"b\n", "py.typed": b"", MANIFEST: b'{"v": 2}\n'}


@pytest.mark.parametrize(
    "path",
    [
        "../evil.py",
        "../../etc/passwd",
        "/etc/passwd",
        "/tmp/x.py",
        "a/../../b.py",
        "a/./b.py",
        "./a.py",
        "a//b.py",
        "a/",
        "",
        ".",
        "..",
        "a\\..\\b.py",
        "C:\\evil.py",
        "C:evil.py",
        "a\x00b.py",
        "résumé.py",
        "a b.py",
        "~/x.py",
        "a/\nb.py",
    ],
)
def test_unsafe_paths_are_refused(path: str, tmp_path: Path) -> None:
    with pytest.raises(ApigenError) as info:
        safe_relative(path)
    assert info.value.findings.errors[0].code == "unsafe-path"
    target = tmp_path / "out" / "pkg"
    with pytest.raises(ApigenError):
        write_package(target, {"ok.py": b"x", path: b"evil"})
    assert not target.exists()  # refused before anything was written
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


@pytest.mark.parametrize(
    "path",
    [
        "a.py",
        MANIFEST,
        "_runtime/_base_client.py",
        "server/routers/x_2.py",
        "py.typed",
        "resources/__init__.py",
    ],
)
def test_package_paths_are_accepted(path: str) -> None:
    assert safe_relative(path).as_posix() == path


def test_non_string_path_is_refused() -> None:
    with pytest.raises(ApigenError):
        safe_relative(b"a.py")  # type: ignore[arg-type]


def test_write_replaces_the_whole_package(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    write_package(target, OLD)
    assert read_tree(target) == OLD
    (target / "__pycache__").mkdir()
    (target / "__pycache__" / "x.pyc").write_bytes(b"cache")
    write_package(target, NEW)
    assert read_tree(target) == NEW  # resources/a.py is gone, nothing stale remains
    assert not (target / "__pycache__").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]
    assert oct(os.stat(target / "__init__.py").st_mode & 0o777) == "0o644"


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_swap_works_with_and_without_atomic_exchange(
    exchange: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not exchange:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    target = tmp_path / "pkg"
    write_package(target, OLD)
    write_package(target, NEW)
    assert read_tree(target) == NEW
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


def test_a_failure_while_staging_leaves_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pkg"
    write_package(target, OLD)
    calls = {"n": 0}
    original = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(ApigenError) as caught:  # a located exit 2, not an internal error
        write_package(target, NEW)
    assert caught.value.findings.errors[0].code == "output-unwritable"
    assert "disk full" in caught.value.findings.errors[0].message
    monkeypatch.undo()
    assert read_tree(target) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


def test_recover_restores_the_old_output_after_a_kill_between_the_renames(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    write_package(target, OLD)
    # What a run killed between `os.replace(target, old)` and `os.replace(staging, target)` leaves:
    os.replace(target, tmp_path / ".pkg.old-4242")
    staging = tmp_path / ".pkg.new-abcd"
    staging.mkdir()
    (staging / "__init__.py").write_bytes(b"new\n")
    assert read_tree(target) == {}
    recover(target)
    assert read_tree(target) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


def test_recover_drops_stale_folders_when_the_swap_had_finished(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    write_package(target, NEW)
    (tmp_path / ".pkg.old-1").mkdir()
    (tmp_path / ".pkg.old-1" / "__init__.py").write_bytes(b"old\n")
    (tmp_path / ".pkg.new-x").mkdir()
    (tmp_path / ".other.new-x").mkdir()  # another package's: not ours to touch
    recover(target)
    assert read_tree(target) == NEW
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.new-x", "pkg"]


def test_recover_on_a_missing_folder_is_harmless(tmp_path: Path) -> None:
    recover(tmp_path / "nowhere" / "pkg")
    recover(tmp_path / "pkg")
    assert list(tmp_path.iterdir()) == []


def test_write_recovers_first(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    write_package(target, OLD)
    os.replace(target, tmp_path / ".pkg.old-7")
    write_package(target, NEW)
    assert read_tree(target) == NEW
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


def test_read_tree_skips_caches(tmp_path: Path) -> None:
    write_package(tmp_path / "pkg", OLD)
    (tmp_path / "pkg" / "stray.pyc").write_bytes(b"")
    assert read_tree(tmp_path / "pkg") == OLD
    assert read_tree(tmp_path / "missing") == {}


@pytest.mark.parametrize("umask", [0o077, 0o000])
def test_modes_are_the_same_whatever_the_umask(umask: int, tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    previous = os.umask(umask)
    try:
        write_package(target, {"__init__.py": b"", "models/deep/thing.py": b"x = 1\n"})
    finally:
        os.umask(previous)
    modes = {
        p.relative_to(target).as_posix(): oct(p.stat().st_mode & 0o777)
        for p in [target, *target.rglob("*")]
    }
    assert modes == {
        ".": "0o755",
        "__init__.py": "0o644",
        "models": "0o755",
        "models/deep": "0o755",
        "models/deep/thing.py": "0o644",
    }


BEFORE = {"__init__.py": b"same\n", "models/a.py": b"a = 1\n", "models/b.py": b"b = 1\n"}
AFTER = {"__init__.py": b"same\n", "models/a.py": b"a = 2\n", "models/c.py": b"c = 1\n"}


def test_a_regeneration_keeps_the_files_that_did_not_change(tmp_path: Path) -> None:
    """An unchanged file stays the same file (no new inode: on ext4 thousands of new files soon
    after thousands of deletions cost up to ~0.6 ms of kernel time each); a changed one is new."""
    target = tmp_path / "pkg"
    write_package(target, BEFORE)
    inodes = {rel: os.stat(target / rel).st_ino for rel in BEFORE}
    write_package(target, AFTER)
    assert read_tree(target) == AFTER
    assert os.stat(target / "__init__.py").st_ino == inodes["__init__.py"]
    assert os.stat(target / "models/a.py").st_ino != inodes["models/a.py"]
    for rel in AFTER:
        assert os.stat(target / rel).st_nlink == 1  # the old output's name is gone
        assert oct(os.stat(target / rel).st_mode & 0o777) == "0o644"


def test_a_previous_file_shared_with_another_name_or_a_link_is_not_reused(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    write_package(target, BEFORE)
    elsewhere = tmp_path / "vendored.py"
    os.link(target / "__init__.py", elsewhere)  # the same file under a name outside the output
    (target / "models/a.py").unlink()
    outside = tmp_path / "outside.py"
    outside.write_bytes(BEFORE["models/a.py"])
    (target / "models/a.py").symlink_to(outside)  # a link planted in the output
    write_package(target, BEFORE)
    assert read_tree(target) == BEFORE
    assert not (target / "models/a.py").is_symlink()
    assert os.stat(target / "models/a.py").st_ino != os.stat(outside).st_ino
    assert os.stat(target / "__init__.py").st_ino != os.stat(elsewhere).st_ino
    assert elsewhere.read_bytes() == BEFORE["__init__.py"] and os.stat(elsewhere).st_nlink == 1


def test_a_file_changed_while_it_is_linked_is_written_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pkg"
    write_package(target, BEFORE)
    real_link = os.link
    linked: list[str] = []

    def link_then_edit(src: str, dst: str, **kwargs: bool) -> None:
        real_link(src, dst, **kwargs)
        linked.append(str(dst))
        Path(dst).write_bytes(b"edited\n")  # through the shared file, before it is checked

    monkeypatch.setattr(write.os, "link", link_then_edit)
    write_package(target, BEFORE)
    assert linked  # the link was tried
    assert read_tree(target) == BEFORE
