"""The CLI contract: exit codes, located messages, nothing written on failure, drift shown as a diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.write import read_tree

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "spec" / "seed-update-charger.yaml"


def _generate(out: Path) -> None:
    assert main(["generate", str(SEED), "--output", str(out), "--package", "seed"]) == 0


def test_bad_input_leaves_previous_output_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _generate(tmp_path)
    before = read_tree(tmp_path / "seed")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SEED.read_text().replace(
            "$ref: '#/components/schemas/ChargerResponse'", "$ref: '#/components/schemas/Nope'", 1
        )
    )
    # A dangling schema ref generates as Any by default (issue 17); --strict refuses it.
    code = main(
        ["generate", str(broken), "--output", str(tmp_path), "--package", "seed", "--strict"]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "broken.yaml:" in err and "Nope" in err
    assert "Traceback" not in err
    assert read_tree(tmp_path / "seed") == before


def test_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path / "nope.yaml"), "--output", str(tmp_path)]) == 2
    assert "nope.yaml" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_usage_error_is_exit_2() -> None:
    assert main(["generate", "--no-such-flag"]) == 2


def test_check_reports_drift_with_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _generate(tmp_path)
    assert main(["check", str(SEED), "--output", str(tmp_path), "--package", "seed"]) == 0
    capsys.readouterr()
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        SEED.read_text().replace("summary: Update charger", "summary: Update one charger")
    )
    code = main(["check", str(changed), "--output", str(tmp_path), "--package", "seed"])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        "+++ " in out and "resources/chargers.py" in out and '+        """Update one charger' in out
    )


def test_check_catches_a_hand_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _generate(tmp_path)
    target = tmp_path / "seed" / "_client.py"
    target.write_text(target.read_text() + "\n# edited\n")
    assert main(["check", str(SEED), "--output", str(tmp_path), "--package", "seed"]) == 1
    assert "_client.py" in capsys.readouterr().out


def test_check_full_regenerates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _generate(tmp_path)
    assert main(["check", str(SEED), "--output", str(tmp_path), "--package", "seed", "--full"]) == 0
    assert "regenerated and compared" in capsys.readouterr().out


def test_user_templates_override_builtins(tmp_path: Path) -> None:
    user = tmp_path / "tpl" / "client" / "resources"
    user.mkdir(parents=True)
    builtin = REPO / "templates" / "client" / "resources" / "init.py.jinja"
    (user / "init.py.jinja").write_text(builtin.read_text() + "CUSTOMISED = True\n")
    out = tmp_path / "out"
    assert (
        main(
            [
                "generate",
                str(SEED),
                "--output",
                str(out),
                "--package",
                "seed",
                "--templates",
                str(tmp_path / "tpl"),
            ]
        )
        == 0
    )
    assert "CUSTOMISED = True" in (out / "seed" / "resources" / "__init__.py").read_text()
    # every other template still comes from the built-ins
    assert "class ChargersResource" in (out / "seed" / "resources" / "chargers.py").read_text()
    shutil.rmtree(out)


def _forge(package: Path, path: str, **manifest_changes: str) -> bytes:
    """Change a generated file and record its new hash in the manifest, as if apigen had written it."""
    import json

    from generator.write import MANIFEST, manifest_bytes, sha256

    target = package / path
    forged = target.read_bytes() + b"# forged\n"
    target.write_bytes(forged)
    data = json.loads((package / MANIFEST).read_text())
    data["files"][path]["sha256"] = sha256(forged)
    data.update(manifest_changes)
    (package / MANIFEST).write_bytes(manifest_bytes(data))
    return forged


def test_regeneration_restores_a_hand_edit(tmp_path: Path) -> None:
    _generate(tmp_path)
    before = read_tree(tmp_path / "seed")
    target = tmp_path / "seed" / "_client.py"
    target.write_text(target.read_text() + "\n# edited\n")
    _generate(tmp_path)
    assert read_tree(tmp_path / "seed") == before


def test_regeneration_takes_unchanged_modules_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Modules apigen itself formatted from the same render, with the same toolchain, formatter and
    # config, are not formatted again...
    from generator import pipeline
    from generator.format import Formatting, Group

    _generate(tmp_path)
    before = read_tree(tmp_path / "seed")
    formatted: list[str] = []
    original = pipeline.Formatting.add

    def spy(self: Formatting, sources: dict[str, str], **kwargs: bool) -> Group:
        formatted.extend(sources)
        return original(self, sources, **kwargs)

    monkeypatch.setattr(pipeline.Formatting, "add", spy)
    _generate(tmp_path)
    assert formatted == [] and read_tree(tmp_path / "seed") == before
    # ...but a file edited together with its manifest entry is not: apigen did not make those bytes.
    _forge(tmp_path / "seed", "_client.py")
    _generate(tmp_path)
    assert formatted == ["_client.py"]
    assert read_tree(tmp_path / "seed") == before


def test_an_apigen_change_leaves_the_output_alone_and_check_does_not_trust_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The committed manifest holds no hash of apigen's own code: another apigen that generates the
    # same bytes leaves the output as it was...
    from generator import pipeline
    from generator.write import MANIFEST

    _generate(tmp_path)
    before = read_tree(tmp_path / "seed")
    assert b"toolchain" not in before[MANIFEST]
    another = f"another apigen for {tmp_path}"  # no record of it in the cache yet
    monkeypatch.setattr(pipeline, "toolchain_fingerprint", lambda: another)
    check = ["check", str(SEED), "--output", str(tmp_path), "--package", "seed"]
    capsys.readouterr()
    # ...but `check` does not take the manifest's word for it: what this toolchain generates is
    # known only from its own record, so it regenerates and compares,
    assert main(check) == 0
    assert "regenerated and compared" in capsys.readouterr().out
    _generate(tmp_path)
    assert read_tree(tmp_path / "seed") == before
    # and once this toolchain has recorded the tree, the manifest's fast path answers.
    capsys.readouterr()
    assert main(check) == 0
    assert "manifest matches" in capsys.readouterr().out
