"""mypy --strict passes on the committed generated package (what users vendor) and on the golden
packages generated from corpus specs."""

from __future__ import annotations

from pathlib import Path

from mypy import api

REPO = Path(__file__).resolve().parents[2]
TREES = REPO / "tests" / "golden" / "trees"
# baseline_31 is left out: datamodel-code-generator types a recursive array item as bare `list`.
GOLDEN = ("seed", "petstore_expanded", "petstore_v3", "museum")


def test_mypy_strict_on_generated_packages() -> None:
    targets = [REPO / "generated" / "ocpplab"] + [
        next(p for p in (TREES / name).iterdir() if p.is_dir()) for name in GOLDEN
    ]
    for target in targets:
        assert (
            target / "__init__.py"
        ).is_file(), f"{target} is missing: run `make generate` / `make golden`"
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            "--python-version=3.11",
            *map(str, targets),
        ]
    )
    assert status == 0, stdout + stderr
