"""Where and under which names output is written: a symlinked package folder is refused (its target
is never replaced), no module takes a Windows device name, and no package shadows the standard
library or a dependency of the generated package (derived names get a suffix; `--package` is refused).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.ir.naming import WINDOWS_RESERVED


def _spec(tmp_path: Path, title: str = "Tiny", tag: str = "things") -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(
        f"openapi: 3.0.3\ninfo: {{title: '{title}', version: '1'}}\npaths:\n  /x:\n    get:\n"
        # `<tag>_<method>` ids: the tag is the resource (its module is named after it)
        f"      operationId: {tag}_get_x\n      tags: [{tag}]\n"
        f"      responses: {{'204': {{description: ok}}}}\n"
    )
    return path


def test_a_symlinked_package_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / "tiny")
    code = main(["generate", str(_spec(tmp_path)), "--output", str(out), "--package", "tiny"])
    err = capsys.readouterr().err
    assert code == 2
    assert "[output-symlink]" in err and "Traceback" not in err
    assert os.listdir(victim) == ["precious.txt"]
    assert (out / "tiny").is_symlink()


@pytest.mark.parametrize("tag", ["con", "aux", "NUL", "Prn"])
def test_no_module_takes_a_windows_device_name(tmp_path: Path, tag: str) -> None:
    out = tmp_path / "out"
    assert (
        main(["generate", str(_spec(tmp_path, tag=tag)), "--output", str(out), "-p", "tiny"]) == 0
    )
    stems = {p.name.split(".")[0].lower() for p in (out / "tiny").rglob("*")}
    assert not stems & WINDOWS_RESERVED
    assert (out / "tiny" / "resources" / f"{tag.lower()}_.py").is_file()


@pytest.mark.parametrize(
    ("title", "package"),
    [
        ("Random User API", "random_sdk"),
        ("Copy", "copy_sdk"),
        ("Socket API", "socket_sdk"),
        ("Sniffio", "sniffio_sdk"),
        ("Aux", "aux_sdk"),
    ],
)
def test_a_derived_package_name_never_shadows(
    tmp_path: Path, title: str, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no [tool.apigen] package from the repository's pyproject
    out = tmp_path / "out"
    assert main(["generate", str(_spec(tmp_path, title=title)), "--output", str(out)]) == 0
    assert [p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")] == [package]


@pytest.mark.parametrize("package", ["os", "pydantic", "httpx", "anyio", "random", "con"])
def test_an_explicit_shadowing_package_is_refused(
    tmp_path: Path, package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["generate", str(_spec(tmp_path)), "--output", str(out), "--package", package])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--package: error: package name {package!r} would shadow" in err
    assert f"--package {package}_sdk" in err
    assert not out.exists()
