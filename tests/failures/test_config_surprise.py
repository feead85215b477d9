"""Config that cannot surprise (issue 17): `apigen generate OTHER.yaml` inside a project configured
for another spec does not take that spec's output, package, client headers or idempotency header,
says which configuration file it read, and leaves the configured output untouched; writing into a
folder whose manifest records another spec refuses (exit 2, naming both) unless --force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.write import read_tree

REPO = Path(__file__).resolve().parents[2]
PETSTORE = REPO.parent / "shared" / "corpus" / "oai-petstore.yaml"
CONFIGURED = Path(__file__).resolve().parent / "fixtures" / "effects" / "path_param_optional.yaml"


def _project(root: Path) -> None:
    (root / "spec").mkdir()
    shutil.copy(CONFIGURED, root / "spec" / "main.yaml")
    (root / "pyproject.toml").write_text(
        "[tool.apigen]\n"
        'spec = "spec/main.yaml"\n'
        'output = "generated"\n'
        'package = "mainpkg"\n'
        'client_headers = ["X-Organization-Id"]\n'
        'idempotency_header = "Idempotency-Key"\n',
        encoding="utf-8",
    )


def _run(
    args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    code = main(args)
    return code, capsys.readouterr().err


@pytest.mark.skipif(not PETSTORE.is_file(), reason="shared corpus not found")
def test_other_spec_leaves_the_configured_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path)
    code, err = _run(["generate"], tmp_path, monkeypatch, capsys)
    assert code == 0, err
    assert f"apigen: config: [tool.apigen] of {tmp_path / 'pyproject.toml'}" in err
    configured = tmp_path / "generated" / "mainpkg"
    before = read_tree(configured)
    assert b"organization_id" in before["_client.py"]  # the configured client header

    other = tmp_path / "other.yaml"
    shutil.copy(PETSTORE, other)
    # The configured output folder holds the configured package's README.md, api.md and
    # pyproject.toml, which a second package's must not replace (see tests/distribution): without
    # them, the other package goes beside it.
    readme = (tmp_path / "generated" / "README.md").read_bytes()
    code, err = _run(["generate", "other.yaml", "--meta", "none"], tmp_path, monkeypatch, capsys)
    assert code == 0, err
    assert read_tree(configured) == before  # not a byte of the configured package changed
    assert (tmp_path / "generated" / "README.md").read_bytes() == readme
    assert (
        f"apigen: config: {tmp_path / 'pyproject.toml'} is for another spec (spec/main.yaml); "
        "its output, package, client_headers, idempotency_header, pagination are not used for "
        "other.yaml"
    ) in err
    written = sorted(p.name for p in (tmp_path / "generated").iterdir() if p.is_dir())
    assert len(written) == 2 and "mainpkg" in written  # a package of its own, named from its title
    (own,) = [name for name in written if name != "mainpkg"]
    client = (tmp_path / "generated" / own / "_client.py").read_text("utf-8")
    assert "organization_id" not in client and "Organization" not in client
    assert "Idempotency-Key" not in client

    # The configured spec named on the command line is the configured one: settings apply.
    code, err = _run(["generate", "spec/main.yaml"], tmp_path, monkeypatch, capsys)
    assert code == 0 and "is for another spec" not in err
    assert read_tree(configured) == before


@pytest.mark.skipif(not PETSTORE.is_file(), reason="shared corpus not found")
def test_output_of_another_spec_is_not_overwritten_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path)
    assert _run(["generate"], tmp_path, monkeypatch, capsys)[0] == 0
    configured = tmp_path / "generated" / "mainpkg"
    before = read_tree(configured)
    shutil.copy(PETSTORE, tmp_path / "other.yaml")

    args = ["generate", "other.yaml", "--output", "generated", "--package", "mainpkg"]
    code, err = _run(args, tmp_path, monkeypatch, capsys)
    assert code == 2
    assert "holds the package generated from main.yaml ('Effects', package mainpkg)" in err
    assert "this run generates other.yaml ('Swagger Petstore', package mainpkg)" in err
    assert "--force" in err
    assert read_tree(configured) == before

    code, err = _run([*args, "--force"], tmp_path, monkeypatch, capsys)
    assert code == 0, err
    assert read_tree(configured) != before


@pytest.mark.skipif(not PETSTORE.is_file(), reason="shared corpus not found")
def test_a_new_version_of_the_same_api_in_a_new_file_is_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(PETSTORE, tmp_path / "v1.yaml")
    text = PETSTORE.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 2.0.0")
    (tmp_path / "v2.yaml").write_text(text, encoding="utf-8")
    args = ["--output", "out", "--package", "pets"]
    assert _run(["generate", "v1.yaml", *args], tmp_path, monkeypatch, capsys)[0] == 0
    code, err = _run(["generate", "v2.yaml", *args], tmp_path, monkeypatch, capsys)
    assert code == 0, err


def test_no_pyproject_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(
        ["generate", str(CONFIGURED), "--output", "out", "--dry-run"],
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    assert err.splitlines()[0] == "apigen: no pyproject.toml found: default settings"
