"""Generated code is lint-clean: `ruff check` with its default rules (`--isolated`: no
configuration, ruff's own line length) finds nothing in freshly generated packages, and
`mypy --strict` passes on the generated Stripe and OpenAI SDKs (slow)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.pipeline import generate, write
from tests.golden.cases import CASES, CORPUS, REPO

CLEAN_CASES = tuple(c.name for c in CASES)


def _ruff(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("name", CLEAN_CASES)
def test_ruff_default_rules_find_nothing(tmp_path: Path, name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    config = case.config(tmp_path / "out")
    write(generate(case.spec, config), config)
    package = tmp_path / "out" / case.package
    files = sorted(package.rglob("*.py"))
    assert len(files) > 10, "nothing generated"
    result = _ruff(files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_sees_an_unused_import(tmp_path: Path) -> None:
    """The check above can fail: the same command reports an unused import."""
    module = tmp_path / "m.py"
    module.write_text("import os\n", encoding="utf-8")
    result = _ruff([module])
    assert result.returncode == 1 and "F401" in result.stdout


def _mypy(target: Path, cache: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version=3.11",
            f"--cache-dir={Path(tempfile.gettempdir()) / cache}",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("spec", "config_file", "package"),
    [
        ("stripe-spec3.yaml", None, "stripe_sdk"),
        ("openai-3.1.yaml", REPO / "examples" / "openai-apigen.toml", "openai_sdk"),
    ],
)
def test_mypy_strict_on_generated_stripe_and_openai(
    tmp_path: Path, spec: str, config_file: Path | None, package: str
) -> None:
    args = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        str(CORPUS / spec),
        "--package",
        package,
        "--meta",
        "none",
        "--output",
        str(tmp_path),
    ]
    if config_file is not None:
        args += ["--config", str(config_file)]
    proc = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr
    result = _mypy(tmp_path / package, f"apigen-mypy-{package}")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr


def test_generated_methods_carry_no_cast() -> None:
    """`request()` is generic in its return type (`cast_to`), so a method returns its result as
    is: mypy --strict (tests/execution/test_typecheck.py, which reports returning Any) checks the
    types line up; here, that no method needs a `cast(...)` or passes the old keyword arguments."""
    resources = sorted((REPO / "generated" / "ocpplab" / "resources").glob("*.py"))
    assert len(resources) > 5
    for module in resources:
        text = module.read_text(encoding="utf-8")
        assert "cast(" not in text, module.name
        assert "response_type=" not in text, module.name
    chargers = (REPO / "generated" / "ocpplab" / "resources" / "chargers.py").read_text()
    assert "self._client.request(\n            models.ChargerAcceptedResponse,\n" in chargers
    assert "RequestOptions(\n" in chargers
