"""Local `$ref`s are confined to the spec's folder (symlinks resolved): an absolute path, `file://`,
`../` (also percent-encoded) and a symlink leading out are refused, located, without reading the
target, and the target's content never appears in a message. `allow_refs_outside` widens it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main

SECRET = "SECRET_TOKEN_5d1c"


def _layout(tmp_path: Path) -> tuple[Path, Path]:
    spec_dir = tmp_path / "spec"
    outside = tmp_path / "outside"
    spec_dir.mkdir()
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"{SECRET}: [unclosed\n")
    (outside / "pet.yaml").write_text("type: object\nproperties: {name: {type: string}}\n")
    os.symlink(outside / "secret.yaml", spec_dir / "link.yaml")
    return spec_dir, outside


def _spec(spec_dir: Path, ref: str) -> Path:
    path = spec_dir / "api.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
        f"components:\n  schemas:\n    A:\n      $ref: '{ref}'\n"
    )
    return path


@pytest.mark.parametrize(
    "ref",
    [
        "{outside}/secret.yaml",
        "file://{outside}/secret.yaml",
        "../outside/secret.yaml",
        "..%2Foutside%2Fsecret.yaml",
        "link.yaml",
        "link.yaml#/x",
    ],
)
def test_refs_leaving_the_spec_folder_are_refused(
    tmp_path: Path, ref: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_dir, outside = _layout(tmp_path)
    spec = _spec(spec_dir, ref.format(outside=outside))
    code = main(["generate", str(spec), "--output", str(tmp_path / "out"), "--package", "p"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{spec}:7:7: error:" in err and "[ref-outside]" in err
    assert SECRET not in err
    assert not (tmp_path / "out").exists()


def test_allow_refs_outside_lets_a_listed_folder_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_dir, outside = _layout(tmp_path)
    spec = _spec(spec_dir, "../outside/pet.yaml")
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.apigen]\nallow_refs_outside = ["outside"]\n')
    assert main(["validate", str(spec), "--config", str(config)]) == 0
    # ... and only that folder: the symlink into it is fine, anything else still is not.
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.yaml").write_text("type: object\n")
    _spec(spec_dir, "../elsewhere/x.yaml")
    capsys.readouterr()
    assert main(["validate", str(spec), "--config", str(config)]) == 2
    assert "[ref-outside]" in capsys.readouterr().err
