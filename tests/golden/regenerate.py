"""Regenerate every golden tree: `make golden`. Review `git diff tests/golden` before committing."""

from __future__ import annotations

import shutil
import sys

from generator.pipeline import generate, write

from .cases import CASES, TREES


def main() -> int:
    for case in CASES:
        out = TREES / case.name
        shutil.rmtree(out, ignore_errors=True)
        config = case.config(out)
        write(generate(case.spec, config), config)
        print(f"golden: {case.name} <- {case.spec.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
