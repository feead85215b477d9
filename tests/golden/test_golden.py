"""Tier 2: whole generated packages compared byte for byte with the committed golden trees."""

from __future__ import annotations

import pytest

from generator.pipeline import diff_trees, generate
from generator.write import read_tree

from .cases import CASES, TREES, Case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_tree(case: Case, tmp_path) -> None:
    config = case.config(tmp_path)
    gen = generate(case.spec, config)
    committed = read_tree(TREES / case.name / gen.api.package)
    assert committed, f"no golden tree for {case.name}: run `make golden`"
    diffs = diff_trees(committed, gen.files, f"tests/golden/trees/{case.name}/{gen.api.package}")
    assert not diffs, (
        "generated output drifted from the golden tree (run `make golden` and review):\n"
        + "".join(diffs)[:20000]
    )
