"""mypy --strict passes on the committed generated package (and so on what users vendor)."""

from __future__ import annotations

from pathlib import Path

from mypy import api

REPO = Path(__file__).resolve().parents[2]


def test_mypy_strict_on_generated_package() -> None:
    target = REPO / "generated" / "ocpplab"
    assert (target / "__init__.py").is_file(), "generated/ocpplab is missing: run `make generate`"
    stdout, stderr, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir=/dev/null", "--python-version=3.11", str(target)]
    )
    assert status == 0, stdout + stderr
