"""Regenerate every golden tree: `make golden`. Review `git diff tests/golden generated` before
committing (the default package's golden tree is generated/ itself)."""

from __future__ import annotations

import shutil
import sys

from generator.pipeline import generate, write

from .cases import CASES, TREES


def main() -> int:
    for case in CASES:
        out = case.tree
        if out.is_relative_to(TREES):  # generated/ is written over (the write swaps the package)
            shutil.rmtree(out, ignore_errors=True)
        config = case.config(out)
        write(generate(case.spec, config), config)
        print(f"golden: {case.name} <- {case.spec.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
